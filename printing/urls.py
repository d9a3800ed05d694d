from django.urls import path

from printing import views

app_name = "printing"

# The addresses they had under documents/: bookmarks and the pages' refresh keep working.
urlpatterns = [
    path("prints/jobs/<int:pk>/", views.print_job, name="job"),
    path("prints/jobs/<int:pk>/download/", views.download_print, name="download"),
]
