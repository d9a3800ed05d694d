"""The register of meetings: the list with its entry form, one meeting with its attendees, its materials
(secret-related meetings: prepared, approved, handed out, taken back) and history, print."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from documents import tables
from documents.history import history_entries, newest_first
from documents.models import CirculationStatus
from documents.selectors import eligible_custodians
from documents.views.people_picker import people_results
from documents.views.steps import attempt, offers
from documents.views.utils import get_visible_or_404
from people.names import person_name
from printing.asking import print_or_queue
from registers.forms.common import WithdrawForm
from registers.forms.meetings import MaterialsForm, MaterialsStepForm, MeetingForm, TakeBackForm
from registers.models import MeetingAttendee, MeetingCopy
from registers.selectors import kept_units, register_units, visible_meetings
from registers.services import meetings as services
from registers.views.withdrawal import withdraw_entry

WITHDRAW_HELP = gettext_lazy("Why the entry is withdrawn, e.g. entered twice, or the meeting did not take place.")
MEETING_SORTS = {"held": ["held_on", "pk"], "name": ["name", "pk"], "unit": ["unit__name", "held_on", "pk"]}
OUT = Q(copies__circulation__status=CirculationStatus.IN_PROGRESS,
        copies__circulation__entries__handed_out_at__isnull=False,
        copies__circulation__entries__returned_at__isnull=True)
MEETING_COLUMNS = [
    tables.Column(gettext_lazy("Held on"), lambda meeting: meeting.held_on, "held", "-held"),
    tables.Column(gettext_lazy("Title"), lambda meeting: meeting.name, "name", "-name"),
    tables.Column(gettext_lazy("Kind"), lambda meeting: meeting.get_kind_display()),
    tables.Column(gettext_lazy("Unit"), lambda meeting: meeting.unit.name, "unit", "-unit"),
    tables.Column(gettext_lazy("Chaired by"), lambda meeting: meeting.chaired_by),
    tables.Column(gettext_lazy("Attendees"), lambda meeting: meeting.attendee_count),
    tables.Column(gettext_lazy("Copies handed out"), lambda meeting: meeting.copy_count),
    tables.Column(gettext_lazy("Copies still out"), lambda meeting: meeting.out_count),
    tables.Column(gettext_lazy("Status"), lambda meeting: _status(meeting)),
]


def _status(meeting):
    if meeting.in_use:
        return _("In the register")
    return _("Withdrawn on %(date)s") % {"date": meeting.withdrawn_on.isoformat()}


def _meeting_noun(count):
    return ngettext("%(count)s meeting", "%(count)s meetings", count) % {"count": count}


def _fields(data):
    return {name: data[name] for name in services.MEETING_FIELDS}


def _with_counts(meetings):
    return meetings.annotate(attendee_count=Count("attendees", distinct=True),
                             copy_count=Count("copies", distinct=True, filter=Q(
                                 copies__circulation__entries__handed_out_at__isnull=False)),
                             out_count=Count("copies", distinct=True, filter=OUT))


@login_required
def meeting_list(request):
    if not register_units(request.user).exists():
        raise Http404
    units = kept_units(request.user)
    form = MeetingForm(request.POST or None, units=units)
    if request.method == "POST":
        if not units.exists():
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            meeting = attempt(form, services.record_meeting, unit=data["unit"], by=request.user, reason=data["reason"],
                              attendees=data["attendees"], **_fields(data))
            if meeting is not None:
                messages.success(request, _("“%(meeting)s” entered in the register of meetings.") % {"meeting": meeting.name})
                return redirect("registers:meeting", pk=meeting.pk)
    table = tables.list_table(
        request, _with_counts(visible_meetings(request.user)), columns=MEETING_COLUMNS, sorts=MEETING_SORTS,
        default="-held", name="meetings", what="Register of meetings", noun=_meeting_noun, limit=500,
    )
    if table.response:
        return table.response
    return render(request, "registers/meeting_list.html", {
        **table.context,
        "meetings": table.rows,
        "form": form if units.exists() else None,
        "print_units": register_units(request.user).order_by("name"),
    })


def _detail(request, meeting, **forms):
    """The meeting page; `forms` are the bound forms of a step that was refused, shown with their messages."""
    steps = offers(request.user, meeting, correct=services.check_correct_meeting,
                   withdraw=services.check_withdraw_meeting, prepare=services.check_prepare_materials,
                   approve=services.check_approve_materials, hand_out=services.check_hand_out_materials,
                   take_back=services.check_take_back_materials)
    materials = services.materials(meeting) if meeting.is_secret else []
    out = [material for material in materials if material.is_out]
    form = forms.get("form")
    if form is None and steps["correct"]:
        form = MeetingForm(meeting=meeting)
    return render(request, "registers/meeting_detail.html", {
        "meeting": meeting,
        "offers": steps,
        "form": form,
        "attendees": meeting.attendees.select_related("person").order_by("position", "pk"),
        "materials": materials,
        "out": out,
        "back": sum(1 for material in materials if material.is_back),
        "late": sum(1 for material in materials if material.late),
        "materials_form": forms.get("materials_form") or (
            MaterialsForm(user=request.user, meeting=meeting) if steps["prepare"] else None),
        "approve_form": forms.get("approve_form") or (
            MaterialsStepForm(initial_reason=_("Materials approved for the meeting")) if steps["approve"] else None),
        "hand_out_form": forms.get("hand_out_form") or (
            MaterialsStepForm(initial_reason=_("Materials handed out at the meeting")) if steps["hand_out"] else None),
        "take_back_form": forms.get("take_back_form") or (TakeBackForm(out=out) if steps["take_back"] else None),
        "withdraw_form": WithdrawForm(help_text=WITHDRAW_HELP) if steps["withdraw"] else None,
        "history": newest_first([
            *history_entries(meeting.history.select_related("history_user").order_by("history_date", "history_id"),
                             lambda row: row.name),
            *history_entries(MeetingAttendee.history.filter(meeting_id=meeting.pk)
                             .select_related("history_user", "person").order_by("history_date", "history_id"),
                             lambda row: person_name(row.person)),
            *history_entries(MeetingCopy.history.filter(meeting_id=meeting.pk)
                             .select_related("history_user", "circulation__copy__document")
                             .order_by("history_date", "history_id"), lambda row: row.circulation.copy.label),
        ]),
    })


def _meeting(request, pk):
    return get_visible_or_404(visible_meetings(request.user), pk=pk, request=request)


@login_required
def meeting_detail(request, pk):
    meeting = _meeting(request, pk)
    if request.method == "POST":
        if services.check_correct_meeting(meeting, request.user) is not None:
            raise Http404
        form = MeetingForm(request.POST, meeting=meeting)
        if form.is_valid():
            data = form.cleaned_data
            if attempt(form, services.correct_meeting, meeting=meeting, by=request.user, reason=data["reason"],
                       attendees=data["attendees"], **_fields(data)) is not None:
                messages.success(request, _("The register now reads as corrected."))
                return redirect("registers:meeting", pk=meeting.pk)
            meeting.refresh_from_db()
        return _detail(request, meeting, form=form)
    return _detail(request, meeting)


def _step(request, pk, *, form_name, make_form, call, done):
    """A materials step posted from the meeting page: refused (the service asks the step's check), it shows the page
    again with the refusal on its form and nothing written."""
    meeting = _meeting(request, pk)
    form = make_form(meeting)
    if form.is_valid():
        answer = attempt(form, call, meeting=meeting, data=form.cleaned_data)
        if answer is not None:
            messages.success(request, done(answer))
            return redirect(reverse("registers:meeting", args=[meeting.pk]) + "#materials")
    return _detail(request, meeting, **{form_name: form})


@login_required
@require_POST
def prepare_materials(request, pk):
    return _step(
        request, pk, form_name="materials_form",
        make_form=lambda meeting: MaterialsForm(request.POST, user=request.user, meeting=meeting),
        call=lambda meeting, data: services.prepare_materials(meeting=meeting, document=data["document"],
                                                              by=request.user, reason=data["reason"]),
        done=lambda made: ngettext("%(n)d copy put on a reading list for its attendee; a leader approves it next.",
                                   "%(n)d copies put on reading lists, one for each attendee; a leader approves "
                                   "them next.", len(made)) % {"n": len(made)},
    )


@login_required
@require_POST
def approve_materials(request, pk):
    return _step(
        request, pk, form_name="approve_form",
        make_form=lambda meeting: MaterialsStepForm(request.POST),
        call=lambda meeting, data: services.approve_materials(meeting=meeting, by=request.user, reason=data["reason"]),
        done=lambda approved: ngettext("%(n)d reading list approved.", "%(n)d reading lists approved.",
                                       len(approved)) % {"n": len(approved)},
    )


@login_required
@require_POST
def hand_out_materials(request, pk):
    return _step(
        request, pk, form_name="hand_out_form",
        make_form=lambda meeting: MaterialsStepForm(request.POST),
        call=lambda meeting, data: services.hand_out_materials(meeting=meeting, by=request.user, reason=data["reason"]),
        done=lambda entries: ngettext("%(n)d copy handed out.", "%(n)d copies handed out, each to its attendee.",
                                      len(entries)) % {"n": len(entries)},
    )


@login_required
@require_POST
def take_back_materials(request, pk):
    def form(meeting):
        return TakeBackForm(request.POST, out=[material for material in services.materials(meeting) if material.is_out])

    return _step(
        request, pk, form_name="take_back_form", make_form=form,
        call=lambda meeting, data: services.take_back_materials(meeting=meeting, circulations=data["circulations"],
                                                                by=request.user, reason=data["reason"]),
        done=lambda entries: ngettext("%(n)d copy taken back.", "%(n)d copies taken back.", len(entries))
        % {"n": len(entries)},
    )


@login_required
@require_POST
def withdraw(request, pk):
    meeting = _meeting(request, pk)
    return withdraw_entry(
        request, meeting, check=services.check_withdraw_meeting, help_text=WITHDRAW_HELP,
        service=lambda entry, **step: services.withdraw_meeting(meeting=entry, **step),
        back=reverse("registers:meeting", args=[meeting.pk]),
        confirm={"title": _("Withdraw “%(meeting)s”?") % {"meeting": meeting.name},
                 "warning": _("The meeting stays in the register, marked withdrawn; a withdrawal is not undone."),
                 "changes": [(meeting.name, _("Withdrawn"))], "button": _("Withdraw the meeting")},
        done=_("“%(meeting)s” withdrawn.") % {"meeting": meeting.name},
    )


@login_required
@require_GET
def people_new(request):
    """People who may be entered as attendees of a meeting of the unit the form has picked."""
    unit_id = request.GET.get("unit", "")
    unit = kept_units(request.user).filter(pk=int(unit_id)).first() if unit_id.isdigit() and len(unit_id) < 10 else None
    if unit is None:
        raise Http404
    return people_results(request, eligible_custodians(unit), unit_id=unit.pk)


@login_required
@require_GET
def people(request, pk):
    meeting = _meeting(request, pk)
    if services.check_correct_meeting(meeting, request.user) is not None:
        raise Http404
    return people_results(request, eligible_custodians(meeting.unit_id), unit_id=meeting.unit_id)


@login_required
@require_POST
def print_meetings(request, unit_pk):
    return print_or_queue(request, "meeting_register", {"unit": unit_pk}, back=reverse("registers:meetings"))
