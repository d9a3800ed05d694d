from notifications.models import Notification


def unread(request):
    """The number of unread notifications in the top bar of every page.

    A callable, like decisions_waiting: one query (a partial index, notification_unread) where the
    navigation is drawn, none on a page without it.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count():
        return Notification.objects.unread().filter(user=user).count()

    return {"notifications_unread": count}
