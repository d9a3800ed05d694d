"""GET /api/v1/notifications/: the caller's own notifications, as the list page shows them."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from documents.api.base import ScopedList
from notifications.models import Kind
from notifications.rendering import shown
from notifications.views import notifications_of


class NotificationOut(serializers.Serializer):
    id = serializers.IntegerField(source="notification.pk")
    kind = serializers.ChoiceField(source="notification.kind", choices=Kind.choices)
    text = serializers.CharField()
    # Empty when the object is no longer in the caller's scope.
    title = serializers.CharField()
    url = serializers.CharField()
    created_at = serializers.DateTimeField(source="notification.created_at")
    read_at = serializers.DateTimeField(source="notification.read_at", allow_null=True)


class NotificationList(ScopedList):
    """Your notifications that are still true, newest first; `title` and `url` are empty for what you may no longer see."""

    selector = staticmethod(notifications_of)
    serializer_class = NotificationOut
    sorts = {"newest": (gettext_lazy("Newest first"), ["-created_at", "-pk"]),
             "oldest": (gettext_lazy("Oldest first"), ["created_at", "pk"])}
    filter_backends = ()

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return None if page is None else shown(self.request.user, page)
