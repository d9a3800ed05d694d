"""Secrecy work: the registers the office keeps beside its documents, each with its count."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from registers.selectors import register_units, visible_education_events, visible_key_parts, visible_rules


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
        "education_events": visible_education_events(request.user).filter(
            withdrawn_on__isnull=True, held_on__year=timezone.localdate().year).count(),
    })
