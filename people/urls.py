from django.urls import path

from people.views import grants, personnel

app_name = "people"

urlpatterns = [
    path("", personnel.index, name="index"),
    path("units/<int:pk>/", personnel.unit, name="unit"),
    path("units/<int:pk>/print/", personnel.print_register, name="print_register"),
    path("<int:pk>/", personnel.person, name="person"),
    path("<int:pk>/record/", personnel.record, name="record"),
    path("<int:pk>/departure/", personnel.begin_departure, name="start_departure"),
    path("grants/<int:pk>/confirm/", grants.ConfirmRoleGrant.as_view(), name="confirm_role_grant"),
    path("grants/<int:pk>/refuse/", grants.RefuseRoleGrant.as_view(), name="refuse_role_grant"),
    path("access-record/", grants.access_record, name="access_record"),
    path("departures/<int:pk>/complete/", personnel.finish_departure, name="complete_departure"),
]
