from django.urls import path

from archives.views import consultations, reading_room, volumes

app_name = "archives"

# Archives are consulted in the reading room, never lent: there is no route
# here that takes a copy or a volume out of the archive.
urlpatterns = [
    path("", volumes.index, name="index"),
    path("volumes/new/", volumes.new_volume, name="new_volume"),
    path("volumes/<int:pk>/", volumes.detail, name="volume"),
    path("volumes/<int:pk>/file/", volumes.file_into, name="file"),
    path("volumes/<int:pk>/print/", volumes.print_catalogue, name="print_catalogue"),
    path("consultations/new/", consultations.new, name="new_consultation"),
    path("consultations/new/people/", consultations.consultants, name="people_consultants"),
    path("consultations/<int:pk>/", consultations.detail, name="consultation"),
    path("consultations/<int:pk>/approve/", consultations.approve, name="approve"),
    path("consultations/<int:pk>/reject/", consultations.reject, name="reject"),
    path("consultations/<int:pk>/finish/", consultations.finish, name="finish"),
    path("consultations/<int:pk>/sessions/open/", reading_room.open_, name="open_session"),
    path("sessions/<int:pk>/close/", reading_room.close, name="close_session"),
    path("reading-room/", reading_room.log, name="reading_room_log"),
    path("reading-room/print/", reading_room.print_log, name="print_reading_room_log"),
]
