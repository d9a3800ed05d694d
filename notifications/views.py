"""A person's notifications: the list, marking one or all read. Only one's own; another's id is 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from notifications.models import Notification
from notifications.rendering import shown

PAGE_SIZE = 50


def notifications_of(user):
    """The notifications a person is shown: their own, still true."""
    return Notification.objects.current().filter(user=user)


@login_required
@require_safe
def notification_list(request):
    page = Paginator(notifications_of(request.user).order_by("-created_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/list.html", {
        "page": page, "rows": shown(request.user, page.object_list),
        "unread": notifications_of(request.user).filter(read_at__isnull=True).exists(),
    })


@login_required
@require_POST
def mark_read(request, pk):
    notification = get_object_or_404(notifications_of(request.user), pk=pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return redirect("notifications:list")


@login_required
@require_POST
def mark_all_read(request):
    count = notifications_of(request.user).filter(read_at__isnull=True).update(read_at=timezone.now())
    messages.success(request, ngettext("%(count)d notification marked read.", "%(count)d notifications marked read.",
                                       count) % {"count": count})
    return redirect("notifications:list")
