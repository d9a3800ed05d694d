"""Secrecy work: the registers the office keeps beside its documents, each with its count."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from registers.selectors import (
    overdue_incidents,
    publications_awaiting,
    register_units,
    visible_education_events,
    visible_incidents,
    visible_key_parts,
    visible_letters,
    visible_meetings,
    visible_memberships,
    visible_provisions,
    visible_rules,
)
from registers.services.meetings import meeting_copies_out


@login_required
def office(request):
    """What the secrecy office keeps beside the documents, for the units this person keeps or inspects."""
    units = register_units(request.user).order_by("name")
    if not units.exists():
        raise Http404
    rules = visible_rules(request.user)
    return render(request, "registers/office.html", {
        "units": units,
        "rules_in_force": rules.filter(withdrawn_on__isnull=True).count(),
        "rules_withdrawn": rules.filter(withdrawn_on__isnull=False).count(),
        "key_parts": visible_key_parts(request.user).filter(withdrawn_on__isnull=True).count(),
        "key_departments": units.filter(is_key_department=True),
        "meetings_this_year": visible_meetings(request.user).filter(
            withdrawn_on__isnull=True, held_on__year=timezone.localdate().year).count(),
        "meeting_copies_out": meeting_copies_out(visible_meetings(request.user)),
        "incidents_open": visible_incidents(request.user).filter(status="open").count(),
        "incidents_overdue": overdue_incidents(request.user).count(),
        "publications_awaiting": publications_awaiting(request.user).count(),
        "provisions": visible_provisions(request.user).filter(withdrawn_on__isnull=True).count(),
        "group_places": visible_memberships(request.user).filter(left_on__isnull=True).count(),
        "letters_in_force": visible_letters(request.user).filter(withdrawn_on__isnull=True).count(),
        "education_events": visible_education_events(request.user).filter(
            withdrawn_on__isnull=True, held_on__year=timezone.localdate().year).count(),
    })
