from django.urls import path

from audit import views

app_name = "audit"

urlpatterns = [
    path("check/", views.check, name="check"),
    path("check/run/", views.run_check, name="run_check"),
    path("access/", views.access_log, name="access_log"),
    path("access/people/", views.people, name="people"),
]
