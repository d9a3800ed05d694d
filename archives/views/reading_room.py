from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from archives.forms.archives import LogFilterForm, OpenSessionForm, ReasonForm
from archives.models import ReadingRoomSession
from archives.selectors import reading_room_log, registries_with_archives, visible_consultations
from archives.services.reading_room import close_session, open_session
from documents.pagination import paginate
from documents.views.steps import attempt_with_message
from documents.views.utils import get_visible_or_404
from printing.asking import print_or_queue

PAGE_SIZE = 50


@login_required
@require_POST
def open_(request, pk):
    consultation = get_visible_or_404(visible_consultations(request.user), pk=pk, request=request)
    form = OpenSessionForm(request.POST, volumes=consultation.volumes.all())
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        opened = attempt_with_message(
            request, open_session,
            consultation=consultation,
            volumes=list(form.cleaned_data["volumes"]),
            by=request.user,
            reason=form.cleaned_data["reason"],
        )
        if opened is not None:
            messages.success(request, _("Session opened: time in recorded."))
    return redirect("archives:consultation", pk=consultation.pk)


@login_required
@require_POST
def close(request, pk):
    session = get_visible_or_404(
        ReadingRoomSession.objects.filter(consultation__in=visible_consultations(request.user).values("pk")), pk=pk,
        request=request,
    )
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason: every change is recorded with why it was made."))
    else:
        if attempt_with_message(request, close_session, session=session, by=request.user, reason=form.cleaned_data["reason"]):
            messages.success(request, _("Session closed: time out recorded, volumes back in the archive."))
    return redirect("archives:consultation", pk=session.consultation_id)


@login_required
def log(request):
    """The reading-room log: who consulted which volumes, when in and out, under which clerk."""
    registries = registries_with_archives(request.user)
    if not registries.exists():
        raise Http404
    form = LogFilterForm(request.GET or None, registries=registries)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = reading_room_log(
        request.user, registry=filters.get("registry"), since=filters.get("since"), until=filters.get("until")
    )
    page = paginate(
        rows, keys=["-time_in", "-pk"], after=request.GET.get("after"), before=request.GET.get("before"), size=PAGE_SIZE
    )
    query = request.GET.copy()
    for key in ("after", "before"):
        query.pop(key, None)
    return render(
        request,
        "archives/reading_room_log.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@login_required
@require_POST
def print_log(request):
    """The log for the registry and dates chosen on the page, printed."""
    registries = registries_with_archives(request.user)
    if not registries.exists():
        raise Http404
    form = LogFilterForm(request.POST, registries=registries)
    if not form.is_valid():
        messages.error(request, _("Choose a registry and dates the log can be printed for."))
        return redirect("archives:reading_room_log")
    data = form.cleaned_data
    params = {
        "registry": data["registry"].pk if data.get("registry") else None,
        "since": data["since"].isoformat() if data.get("since") else None,
        "until": data["until"].isoformat() if data.get("until") else None,
    }
    return print_or_queue(request, "reading_room_log", params, back=reverse("archives:reading_room_log"))
