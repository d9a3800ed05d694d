from django.urls import path

from notifications import api

app_name = "notifications-api"

urlpatterns = [
    path("notifications/", api.NotificationList.as_view(), name="notification-list"),
]
