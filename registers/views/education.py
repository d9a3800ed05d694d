"""The register of education and publicity: the list with its rates and entry form, one event with its attendance."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from documents import tables
from documents.history import history_entries, newest_first
from documents.views.people_picker import people_results
from documents.views.steps import attempt, offers
from documents.views.utils import get_visible_or_404
from people.names import person_name
from people.roles import PostLevel
from printing.asking import print_or_queue
from registers.forms.common import WithdrawForm
from registers.forms.education import AttendanceForm, EventForm
from registers.models import Attendance
from registers.selectors import (
    attendance_rate,
    attendances_of,
    education_attendees,
    kept_units,
    post_level_of_attendee,
    register_units,
    visible_education_events,
)
from registers.services import education as services
from registers.views.withdrawal import withdraw_entry

WITHDRAW_HELP = gettext_lazy("Why the event leaves the register, e.g. it was entered twice or never took place.")
EVENT_SORTS = {"held": ["held_on", "pk"], "name": ["name", "pk"], "unit": ["unit__name", "held_on", "pk"]}
EVENT_COLUMNS = [
    tables.Column(gettext_lazy("Held on"), lambda event: event.held_on, "held", "-held"),
    tables.Column(gettext_lazy("Title"), lambda event: event.name, "name", "-name"),
    tables.Column(gettext_lazy("Kind"), lambda event: event.get_kind_display()),
    tables.Column(gettext_lazy("Unit"), lambda event: event.unit.name, "unit", "-unit"),
    tables.Column(gettext_lazy("Organiser"), lambda event: event.organiser),
    tables.Column(gettext_lazy("Hours"), lambda event: event.hours),
    tables.Column(gettext_lazy("Present"), lambda event: event.present_count),
    tables.Column(gettext_lazy("Absent"), lambda event: event.absent_count),
    tables.Column(gettext_lazy("Status"), lambda event: _("In use") if event.in_use else _("Withdrawn")),
]


def _event_noun(count):
    return ngettext("%(count)s event", "%(count)s events", count) % {"count": count}


def _with_counts(events):
    return events.annotate(present_count=Count("attendances", filter=Q(attendances__present=True)),
                           absent_count=Count("attendances", filter=Q(attendances__present=False)))


def _fields(data):
    return {name: data[name] for name in services.EVENT_FIELDS}


def _rates(user, year):
    """This year's attendance rate of each unit the person reads, and of each post level over those units."""
    attendances = attendances_of(visible_education_events(user).filter(held_on__year=year))
    by_unit = attendance_rate(attendances, "event__unit__name")
    levels = dict(PostLevel.choices)
    by_post = attendance_rate(attendances.annotate(post=post_level_of_attendee()), "post")
    for row in by_post:
        row["label"] = levels.get(row["post"], row["post"])
    return {"year": year, "by_unit": by_unit, "by_post": by_post}


@login_required
def event_list(request):
    if not register_units(request.user).exists():
        raise Http404
    units = kept_units(request.user)
    form = EventForm(request.POST or None, units=units)
    if request.method == "POST":
        if not units.exists():
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            event = attempt(form, services.enter_event, unit=data["unit"], by=request.user, reason=data["reason"],
                            **_fields(data))
            if event is not None:
                messages.success(request, _("“%(event)s” entered; take its attendance now.") % {"event": event.name})
                return redirect("registers:education_event", pk=event.pk)
    table = tables.list_table(
        request, _with_counts(visible_education_events(request.user)), columns=EVENT_COLUMNS, sorts=EVENT_SORTS,
        default="-held", name="education", what="Register of education", noun=_event_noun, limit=500,
    )
    if table.response:
        return table.response
    return render(request, "registers/education_list.html", {
        **table.context,
        "events": table.rows,
        "rates": _rates(request.user, timezone.localdate().year),
        "form": form if units.exists() else None,
        "print_units": register_units(request.user).order_by("name"),
    })


@login_required
def event_detail(request, pk):
    event = get_visible_or_404(visible_education_events(request.user), pk=pk, request=request)
    steps = offers(request.user, event, correct=services.check_correct_event, withdraw=services.check_withdraw_event,
                   attend=services.check_take_attendance)
    form = None
    if steps["correct"]:
        form = EventForm(request.POST or None, instance=event)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            if attempt(form, services.correct_event, event=event, by=request.user, reason=data["reason"],
                       **_fields(data)) is not None:
                messages.success(request, _("The register now reads as corrected."))
                return redirect("registers:education_event", pk=event.pk)
            event.refresh_from_db()
    elif request.method == "POST":
        raise Http404
    return _page(request, event, steps, form=form,
                 attendance_form=AttendanceForm(event=event) if steps["attend"] else None)


def _page(request, event, steps, *, form=None, attendance_form=None):
    attendances = event.attendances.select_related("person__person", "event")
    return render(request, "registers/education_detail.html", {
        "event": event,
        "offers": steps,
        "form": form,
        "attendance_form": attendance_form,
        "withdraw_form": WithdrawForm(help_text=WITHDRAW_HELP) if steps["withdraw"] else None,
        "attendances": attendances,
        "present": sum(1 for line in attendances if line.present),
        "history": newest_first([
            *history_entries(event.history.select_related("history_user").order_by("history_date", "history_id"),
                             lambda row: row.name),
            *history_entries(Attendance.history.filter(event_id=event.pk).select_related("history_user", "person")
                             .order_by("history_date", "history_id"), lambda row: person_name(row.person)),
        ]),
    })


@login_required
@require_POST
def take_attendance(request, pk):
    event = get_visible_or_404(visible_education_events(request.user), pk=pk, request=request)
    steps = offers(request.user, event, correct=services.check_correct_event, withdraw=services.check_withdraw_event,
                   attend=services.check_take_attendance)
    if not steps["attend"]:
        messages.error(request, services.check_take_attendance(event, request.user).message)
        return redirect("registers:education_event", pk=event.pk)
    form = AttendanceForm(request.POST, event=event)
    if form.is_valid():
        data = form.cleaned_data
        line = attempt(form, services.take_attendance, event=event, by=request.user, person=data["person"],
                       present=data["present"] == "present", certificate=data["certificate"], reason=data["reason"])
        if line is not None:
            messages.success(request, _("Attendance taken."))
            return redirect("registers:education_event", pk=event.pk)
    steps["correct"] = False
    return _page(request, event, steps, attendance_form=form)


@login_required
@require_POST
def withdraw(request, pk):
    event = get_visible_or_404(visible_education_events(request.user), pk=pk, request=request)
    return withdraw_entry(
        request, event, check=services.check_withdraw_event, help_text=WITHDRAW_HELP,
        service=lambda entry, **step: services.withdraw_event(event=entry, **step),
        back=reverse("registers:education_event", args=[event.pk]),
        confirm={"title": _("Withdraw “%(event)s”?") % {"event": event.name},
                 "warning": _("From today the event no longer counts in the register or the summary; its attendance "
                              "stays on record. This is not undone."),
                 "changes": [(event.name, _("Withdrawn"))], "button": _("Withdraw the event")},
        done=_("“%(event)s” withdrawn.") % {"event": event.name},
    )


@login_required
@require_GET
def people(request, pk):
    event = get_visible_or_404(visible_education_events(request.user), pk=pk, request=request)
    if services.check_take_attendance(event, request.user) is not None:
        raise Http404
    return people_results(request, education_attendees(event.unit_id), unit_id=event.unit_id)


@login_required
@require_POST
def print_events(request, unit_pk):
    return print_or_queue(request, "education_register", {"unit": unit_pk}, back=reverse("registers:education"))
