from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from archives.forms.archives import ConsultationForm, OpenSessionForm, ReasonForm
from archives.models.consultation import VISITOR_FIELDS
from archives.selectors import consultation_history, visible_consultations, visible_volumes, volume_catalogue
from archives.services.consultation import (
    approve_consultation,
    check_approve_consultation,
    check_finish_consultation,
    finish_consultation,
    reject_consultation,
    request_consultation,
)
from archives.services.reading_room import check_close_session, check_open_session, check_supervise
from documents.selectors import registries_kept_by
from documents.views.steps import attempt, attempt_with_message
from documents.views.utils import get_visible_or_404


@login_required
def new(request):
    """The clerk records a request to consult volumes, for a person or an outside visitor with a letter."""
    registries = registries_kept_by(request.user)
    if not registries.exists():
        raise Http404
    volumes = visible_volumes(request.user).filter(registry__in=registries).select_related("registry").order_by(
        "-year", "volume_number"
    )
    people = get_user_model().objects.filter(is_active=True).order_by("username")
    initial = {"volumes": request.GET.getlist("volume")}
    form = ConsultationForm(request.POST or None, volumes=volumes, people=people, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        consultation = attempt(
            form, request_consultation,
            kind=data["kind"],
            volumes=list(data["volumes"]),
            purpose=data["purpose"],
            person=data["person"],
            by=request.user,
            reason=data["reason"],
            **{name: data[name] for name in VISITOR_FIELDS},
        )
        if consultation is not None:
            messages.success(request, _("Request recorded; it now awaits approval."))
            return redirect("archives:consultation", pk=consultation.pk)
    return render(request, "archives/consultation_new.html", {"form": form})


def _visible_consultation(request, pk):
    return get_visible_or_404(
        visible_consultations(request.user).select_related(
            "registry__unit", "person", "requested_by", "decided_by"
        ),
        pk=pk,
        request=request,
    )


def _may_decide(consultation, user):
    return check_approve_consultation(consultation, user) is None


@login_required
def detail(request, pk):
    consultation = _visible_consultation(request, pk)
    user = request.user
    volumes = list(consultation.volumes.order_by("volume_number"))
    sessions = list(consultation.sessions.select_related("supervising_clerk", "closed_by").prefetch_related("volumes"))
    open_session = next((session for session in sessions if session.is_open), None)
    in_room = open_session is not None
    can_open = check_open_session(consultation, user, in_room=in_room) is None
    return render(
        request,
        "archives/consultation_detail.html",
        {
            "consultation": consultation,
            # Whoever deals with the request reads each volume's catalogue as far as their own scope goes.
            "volumes": [(volume, volume_catalogue(volume, user)) for volume in volumes],
            "sessions": sessions,
            "open_session": open_session,
            # Who the next step waits for, and whether this person closes the sitting: asked of the service.
            "supervises": check_supervise(consultation, user) is None,
            "can_close": open_session is not None and check_close_session(open_session, user) is None,
            "may_decide": _may_decide(consultation, user),
            "can_open": can_open,
            "can_finish": check_finish_consultation(consultation, user, in_room=in_room) is None,
            "session_form": OpenSessionForm(volumes=consultation.volumes.order_by("volume_number")) if can_open else None,
            "reason_form": ReasonForm(),
            "history": consultation_history(consultation),
        },
    )


def _step(request, pk, service, done):
    consultation = _visible_consultation(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason: every change is recorded with why it was made."))
    else:
        if attempt_with_message(request, service, consultation=consultation, by=request.user, reason=form.cleaned_data["reason"]):
            messages.success(request, done)
    return redirect("archives:consultation", pk=consultation.pk)


@login_required
@require_POST
def approve(request, pk):
    return _step(request, pk, approve_consultation, _("Consultation approved."))


@login_required
@require_POST
def reject(request, pk):
    return _step(request, pk, reject_consultation, _("Consultation rejected."))


@login_required
@require_POST
def finish(request, pk):
    return _step(request, pk, finish_consultation, _("Consultation finished; its volumes are closed to the reader."))
