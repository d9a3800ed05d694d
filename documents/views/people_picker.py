"""The people type-ahead: who may take a part in a step, searched by name or username, grouped by unit.

One endpoint per part. Each answers only to someone who may take the step
that part belongs to (404 otherwise, as for an object out of scope), and
searches only the eligible people that the step's service also checks
(`eligible_readers`, `eligible_borrowers`, `eligible_witnesses` in documents/selectors.py);
the scope and inventory pickers search what their forms validate against
(`eligible_for_scope`, `granted_people`, `eligible_holders`), and so does the
ledger's holder filter (`holders_seen_by`). The device custodian's and the
archive consultation's endpoints live with their pages (carriers/views.py,
archives/views/consultations.py) and answer through `people_results`.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from documents.forms.people_picker import person_label
from documents.selectors import (
    eligible_borrowers,
    eligible_for_scope,
    eligible_holders,
    eligible_readers,
    eligible_witnesses,
    granted_people,
    holders_seen_by,
    registries_kept_by,
    scope_additions,
    visible_circulations,
    visible_destruction_lists,
    visible_documents,
    visible_inventories,
)
from documents.services import circulation as circulation_steps
from documents.services import destruction as destruction_steps
from documents.services.roles import clerk_refusal
from documents.services.scope import check_change_scope, check_widen_scope
from documents.views.utils import get_visible_or_404
from people.roles import Role
from people.selectors import has_role, people_matching

RESULTS = 20
QUERY_MAX = 100


def people_results(request, people, *, unit_id):
    """The matching people, each under their unit: the step's own unit when they belong to it."""
    query = request.GET.get("q", "")[:QUERY_MAX].strip()
    found, more = people_matching(people, query, limit=RESULTS)
    groups = {}
    for person in found:
        memberships = list(person.memberships.all())
        here = [m for m in memberships if m.unit_id == unit_id]
        unit = (here or memberships)[0].unit if memberships else None
        roles = ", ".join(str(m.get_role_display()) for m in memberships if m.unit_id == getattr(unit, "pk", None))
        row = {
            "pk": person.pk,
            "label": person_label(person),
            "name": person.get_full_name() or person.get_username(),
            "username": person.get_username(),
            "roles": roles,
        }
        groups.setdefault(getattr(unit, "pk", None), {"unit": unit, "people": []})["people"].append(row)
    ordered = sorted(
        groups.values(),
        key=lambda group: (getattr(group["unit"], "pk", None) != unit_id, group["unit"] is None, str(group["unit"] or "")),
    )
    return render(
        request,
        "documents/_people_results.html",
        {"groups": ordered, "more": more, "limit": RESULTS, "query": query},
    )


def _clerk_of(request, document):
    if not has_role(request.user, Role.CLERK, document.registry.unit):
        raise Http404


@require_GET
@login_required
def readers_for_document(request, pk):
    """Readers for a new reading list of this document: asked by a clerk of its registry."""
    document = get_visible_or_404(visible_documents(request.user).select_related("registry"), pk=pk, request=request)
    _clerk_of(request, document)
    return people_results(request, eligible_readers(document), unit_id=document.registry.unit_id)


@require_GET
@login_required
def readers_for_circulation(request, pk):
    """Readers for a leader editing a proposed list: asked by a leader who may decide on it."""
    circulation = get_visible_or_404(
        visible_circulations(request.user).select_related("copy__document__registry"), pk=pk, request=request
    )
    if circulation_steps.check_approve_circulation(circulation, request.user) is not None:
        raise Http404
    return people_results(
        request, eligible_readers(circulation.copy.document), unit_id=circulation.copy.document.registry.unit_id
    )


@require_GET
@login_required
def borrowers(request, pk):
    """Borrowers a clerk may ask a loan for, on their behalf (others ask for themselves and pick no one)."""
    document = get_visible_or_404(visible_documents(request.user).select_related("registry"), pk=pk, request=request)
    _clerk_of(request, document)
    return people_results(request, eligible_borrowers(document), unit_id=document.registry.unit_id)


@require_GET
@login_required
def witnesses(request, pk):
    """Witnesses for the clerk who records the destruction of an approved list."""
    dlist = get_visible_or_404(visible_destruction_lists(request.user), pk=pk, request=request)
    if destruction_steps.check_execute_destruction_list(dlist, request.user) is not None:
        raise Http404
    return people_results(request, eligible_witnesses(dlist, request.user), unit_id=dlist.registry.unit_id)


@require_GET
@login_required
def scope_at_registration(request):
    """People to name in the scope of a document being registered, in the registry the form has picked."""
    registry_id = request.GET.get("registry", "")
    # Only the registries this clerk keeps; anything else (or no number at all) is not found.
    registry = None
    if registry_id.isdigit() and len(registry_id) < 10:
        registry = registries_kept_by(request.user).filter(pk=int(registry_id)).first()
    if registry is None:
        raise Http404
    return people_results(request, eligible_for_scope(registry), unit_id=registry.unit_id)


def _scope_document(request, pk, check=check_change_scope):
    document = get_visible_or_404(visible_documents(request.user).select_related("registry"), pk=pk, request=request)
    if check(document, request.user) is not None:
        raise Http404
    return document


@require_GET
@login_required
def scope_add(request, pk):
    """People a clerk of the document's registry may add to its knowledge scope (none for a telegram)."""
    document = _scope_document(request, pk, check=check_widen_scope)
    return people_results(request, scope_additions(document), unit_id=document.registry.unit_id)


@require_GET
@login_required
def scope_remove(request, pk):
    """People the document's scope names personally: the ones a clerk may take out."""
    document = _scope_document(request, pk)
    return people_results(request, granted_people(document), unit_id=document.registry.unit_id)


@require_GET
@login_required
def holders(request, pk):
    """Who a clerk taking the inventory may record as actually holding a copy."""
    inventory = get_visible_or_404(visible_inventories(request.user), pk=pk, request=request)
    if clerk_refusal(request.user, inventory.registry) is not None:
        raise Http404
    return people_results(request, eligible_holders(inventory), unit_id=inventory.registry.unit_id)


@require_GET
@login_required
def ledger_holders(request):
    """People the ledger's "Holder" filter offers this person: those of the units where they hold a role."""
    people = holders_seen_by(request.user)
    own = request.user.memberships.order_by("unit__name").values_list("unit_id", flat=True).first()
    return people_results(request, people, unit_id=own)
