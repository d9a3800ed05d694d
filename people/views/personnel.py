from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from documents import tables
from documents.forms.fields import show_domain_error
from documents.selectors import hand_back_list
from documents.services.errors import LifecycleError
from documents.views.utils import get_visible_or_404
from people.forms.personnel import CompleteDepartureForm, DepartureForm, PersonForm
from people.models import Departure, DepartureStatus, Person
from people.selectors import (
    person_training,
    personnel_history,
    personnel_register,
    personnel_units,
    training_summary,
    visible_people,
)
from people.services.personnel import (
    check_complete_departure,
    check_record_person,
    check_start_departure,
    complete_departure,
    default_period_end,
    record_person,
    start_departure,
    still_holds_message,
)
from registers.selectors import kept_units
from printing.asking import print_or_queue


REGISTER_SORTS = {
    "name": ["last_name", "first_name", "username", "pk"],
    "post": ["person__post_level", "last_name", "first_name", "pk"],
    "commitment": ["person__commitment_signed_on", "last_name", "pk"],
}


def _latest_departure(row):
    departure = row.departure_list[0] if row.departure_list else None
    return f"{departure.get_status_display()} {departure.started_on:%Y-%m-%d} – {departure.ends_on:%Y-%m-%d}" if departure else ""


REGISTER_COLUMNS = [
    tables.Column(gettext_lazy("Person"), tables.person, "name", "-name"),
    tables.Column(gettext_lazy("Roles"), lambda row: ", ".join(str(m.get_role_display()) for m in row.unit_roles)),
    tables.Column(
        gettext_lazy("Secret-related post"),
        lambda row: row.person.get_post_level_display() if hasattr(row, "person") else "",
        "post", "-post",
    ),
    tables.Column(
        gettext_lazy("Commitment signed"),
        lambda row: row.person.commitment_signed_on if hasattr(row, "person") else None,
        "commitment", "-commitment",
    ),
    tables.Column(gettext_lazy("Training hours"), lambda row: row.training_hours or 0),
    tables.Column(gettext_lazy("Departure"), _latest_departure),
]


def _people_noun(count):
    return ngettext("%(count)s person", "%(count)s people", count) % {"count": count}


@login_required
def index(request):
    units = personnel_units(request.user)
    if not units.exists():
        raise Http404
    if units.count() == 1:
        return redirect("people:unit", pk=units.get().pk)
    return render(request, "people/index.html", {"units": units})


@login_required
def unit(request, pk):
    """A unit's personnel register and its training summary for a year."""
    unit = get_visible_or_404(personnel_units(request.user), pk=pk, request=request)
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 1990), 2100)
    table = tables.list_table(
        request, personnel_register(request.user, unit), columns=REGISTER_COLUMNS, sorts=REGISTER_SORTS,
        default="name", name=f"personnel-{unit.code}", what=f"Personnel register of unit #{unit.pk}",
        noun=_people_noun, limit=1000,
    )
    if table.response:
        return table.response
    return render(
        request,
        "people/unit.html",
        {
            **table.context,
            "unit": unit,
            "register": table.rows,
            "summary": training_summary(unit, year),
            "years": range(timezone.localdate().year, timezone.localdate().year - 6, -1),
        },
    )


def _person(request, pk):
    return get_visible_or_404(visible_people(request.user).select_related("person"), pk=pk, request=request)


def _page(request, person, **forms):
    record = Person.objects.filter(user=person).first()
    today = timezone.localdate()
    open_departure = person.departures.filter(status=DepartureStatus.STARTED).first()
    context = {
        "person": person,
        "record": record,
        "roles": person.memberships.select_related("unit").order_by("unit__name", "role"),
        "training": person_training(person, request.user),
        "can_take_attendance": kept_units(request.user).filter(memberships__user=person).exists(),
        "departures": person.departures.select_related("started_by", "completed_by"),
        "open_departure": open_departure,
        "hand_back": hand_back_list(person, request.user),
        # What this person's page offers is what the steps' checks allow (people/services/personnel.py).
        "can_depart": (
            check_complete_departure(open_departure, request.user) if open_departure else check_start_departure(person, request.user)
        )
        is None,
        "can_record": check_record_person(person, request.user) is None,
        "person_form": forms.get("person_form")
        or PersonForm(initial={"post_level": getattr(record, "post_level", None), "commitment_signed_on": getattr(record, "commitment_signed_on", None)}),
        "departure_form": forms.get("departure_form")
        or DepartureForm(initial={"started_on": today, "ends_on": default_period_end(person, today)}),
        "complete_form": forms.get("complete_form") or CompleteDepartureForm(),
        "history": personnel_history(person),
    }
    return render(request, "people/person.html", context)


@login_required
def person(request, pk):
    return _page(request, _person(request, pk))


def _submit(request, person, form, name, action, done):
    """Run a personnel step from its form; on refusal show the page again with the error on the form."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except LifecycleError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, done)
            return redirect("people:person", pk=person.pk)
    return _page(request, person, **{name: form})


@login_required
@require_POST
def record(request, pk):
    person = _person(request, pk)
    return _submit(
        request,
        person,
        PersonForm(request.POST),
        "person_form",
        lambda data: record_person(user=person, by=request.user, **data),
        _("Post level and commitment recorded."),
    )


@login_required
@require_POST
def begin_departure(request, pk):
    person = _person(request, pk)

    def start(data):
        start_departure(user=person, by=request.user, **data)
        held = hand_back_list(person, request.user)
        if held.total:
            messages.warning(request, still_holds_message(person, held))

    return _submit(request, person, DepartureForm(request.POST), "departure_form", start, _("Departure started."))


@login_required
@require_POST
def finish_departure(request, pk):
    departure = get_visible_or_404(
        Departure.objects.filter(user__in=visible_people(request.user)), pk=pk, request=request,
    )
    person = _person(request, departure.user_id)
    return _submit(
        request,
        person,
        CompleteDepartureForm(request.POST),
        "complete_form",
        lambda data: complete_departure(departure=departure, by=request.user, **data),
        _("Departure completed: everything is handed back; the declassification period runs until %(date)s.")
        % {"date": departure.ends_on.isoformat()},
    )


@login_required
@require_POST
def print_register(request, pk):
    unit = get_visible_or_404(personnel_units(request.user), pk=pk, request=request)
    return print_or_queue(request, "personnel_register", {"unit": unit.pk}, back=reverse("people:unit", args=[pk]))
