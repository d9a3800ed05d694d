"""Insecure direct object references: a reader asks for every id in the database through every route that takes one.

Only what is in the reader's knowledge scope answers; everything else is 404,
the same as an id that never existed. Expected scope is built here by hand,
not read from the selectors under test.
"""

import re

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from accounts.services.tokens import issue_token
from accounts.models import ApiToken
from archives.models import Consultation, ReadingRoomSession, Volume
from carriers.models import Device
from registers.models import EducationEvent, KeyPart, Meeting, Rule
from carriers.models import CarriedCopy, Device, MediumLoan, OpenComputer, PeriodicCheck
from carriers.services import register_device
from registers.models import KeyPart, Rule
from registers.services.incidents import open_incident
from registers.models import KeyPart, Provision, Publication, Rule
from registers.services.disclosure import record_provision, submit_publication
from registers.models import GroupMembership, KeyPart, PlanTask, ResponsibilityLetter, Rule, WorkPlan
from registers.services import organisation
from registers.services.key_parts import register_part
from registers.services.meetings import record_meeting
from registers.services.rules import adopt_rule
from dispatch.models import Dispatch, DispatchItem, DispatchRecipient, Recall, RecallItem
from documents.models import (
    Circulation,
    Copy,
    DestructionList,
    Document,
    Incident,
    Inventory,
    InventoryDeviceItem,
    InventoryItem,
    Loan,
    Recovery,
    ReproductionRequest,
)
from documents.services import borrowing, circulation, inventory, loss
from inspections.models import Rectification, SelfInspection
from notifications.models import Kind, Notification
from people.models import Departure, RoleGrant, Unit
from people.services.grants import grant_role
from printing.models import PrintJob
from review.models import ClassificationProposal
from review.services import propose
from tests.review.conftest import proposal_fields
from tests.factories import PASSWORD, DocumentFactory, UnitFactory, attended, member

pytestmark = pytest.mark.django_db

# Which model an id in a route names. Routes under documents/ or copies/ taking
# `pk` are recognised by their path; a route with another kind of id must be
# added here, or test_every_route_with_an_id_is_covered fails and says so.
KWARG_MODELS = {
    "document_id": Document, "copy_id": Copy, "copy_pk": Copy, "item_pk": InventoryItem,
    "device_item_pk": InventoryDeviceItem, "unit_pk": Unit,
}
PATH_MODELS = {
    "documents/": Document,
    "api/v1/documents/": Document,
    "copies/": Copy,
    "api/v1/copies/": Copy,
    "circulations/": Circulation,
    "api/v1/circulations/": Circulation,
    "loans/": Loan,
    "api/v1/loans/": Loan,
    "api/v1/reproductions/": ReproductionRequest,
    "api/v1/recoveries/": Recovery,
    "api/v1/destruction-lists/": DestructionList,
    "api/v1/inventories/": Inventory,
    "api/v1/dispatches/": Dispatch,
    "api/v1/dispatch-recipients/": DispatchRecipient,
    "api/v1/incoming/": DispatchItem,
    "dispatch/incoming/": DispatchItem,
    "dispatch/recipients/": DispatchRecipient,
    "dispatch/": Dispatch,
    "dispatch/recalls/": Recall,
    "dispatch/recall-items/": RecallItem,
    "api/v1/recalls/": Recall,
    "api/v1/recall-items/": RecallItem,
    "copying/": ReproductionRequest,
    "inventories/": Inventory,
    "incidents/": Incident,
    "recoveries/": Recovery,
    "destruction/": DestructionList,
    "archives/volumes/": Volume,
    "archives/consultations/": Consultation,
    "archives/sessions/": ReadingRoomSession,
    "people/units/": Unit,
    "people/departures/": Departure,
    "people/grants/": RoleGrant,
    "accounts/tokens/": ApiToken,
    "people/": get_user_model(),
    "self-inspections/rectifications/": Rectification,
    "self-inspections/": SelfInspection,
    "devices/carried/": CarriedCopy,
    "devices/non-classified/": OpenComputer,
    "devices/": Device,
    "api/v1/device-checks/": PeriodicCheck,
    "api/v1/medium-loans/": MediumLoan,
    "api/v1/non-classified-computers/": OpenComputer,
    "office/rules/": Rule,
    "api/v1/rules/": Rule,
    "office/key-parts/": KeyPart,
    "api/v1/key-parts/": KeyPart,
    "office/meetings/": Meeting,
    "api/v1/meetings/": Meeting,
    "office/education/": EducationEvent,
    "api/v1/education/": EducationEvent,
    "office/incidents/": Incident,
    "api/v1/incidents/": Incident,
    "office/disclosure/": Publication,
    "api/v1/disclosure/": Publication,
    "office/given-outside/": Provision,
    "api/v1/given-outside/": Provision,
    "office/organisation/members/": GroupMembership,
    "office/organisation/letters/": ResponsibilityLetter,
    "office/organisation/plans/": WorkPlan,
    "office/organisation/tasks/": PlanTask,
    "api/v1/secrecy-group/": GroupMembership,
    "api/v1/responsibility-letters/": ResponsibilityLetter,
    "api/v1/work-plans/": WorkPlan,
    "prints/jobs/": PrintJob,
    "prints/circulations/": Circulation,
    "prints/destruction/": DestructionList,
    "classification-review/": ClassificationProposal,
    "api/v1/classification-proposals/": ClassificationProposal,
    "notifications/": Notification,
}
# Reading routes: whatever is in scope opens (200). Other routes (steps, forms) may
# also answer 404 to someone whose role has no business there, but never
# anything but 404 for an id outside scope.
READING_ROUTES = {
    "documents:detail",
    "api:document-detail",
    "api:document-history",
    "api:copy-detail",
    "api:circulation-detail",
    "api:loan-detail",
    "documents:circulation_detail",
    "documents:incident",
}


def routes_with_ids():
    """(url name, kwarg, route text) for every URL pattern with an integer argument, admin aside."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                inner = ":".join(filter(None, [namespace, pattern.namespace]))
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                converters = getattr(pattern.pattern, "converters", {})
                for kwarg, converter in converters.items():
                    if type(converter).__name__ == "IntConverter":
                        name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                        yield name, kwarg, prefix + str(pattern.pattern)

    return list(walk(get_resolver().url_patterns, "", ""))


def model_for(kwarg, route):
    if kwarg in KWARG_MODELS:
        return KWARG_MODELS[kwarg]
    if kwarg == "pk":
        for prefix, model in PATH_MODELS.items():
            if route.startswith(prefix) and route[len(prefix):].startswith("<int:pk>"):
                return model
    return None


@pytest.fixture
def world(office, other_unit):
    """Documents in and out of the reader's scope, in the reader's unit and elsewhere."""
    reader_unit = office.unit
    elsewhere = UnitFactory(code="legal", name="Legal")
    member(elsewhere, "reader", username="legal_reader")
    in_scope = [
        DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.reader], copies_count=2),
        DocumentFactory(registry=office.registry, by=office.clerk, scope_units=[reader_unit], copies_count=1),
        # Another unit's document, shared with the reader by name.
        DocumentFactory(registry=other_unit.registry, by=other_unit.clerk, scope_users=[office.reader], copies_count=1),
    ]
    DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.reader2], copies_count=3)
    DocumentFactory(registry=office.registry, by=office.clerk, level=3, copies_count=1)
    DocumentFactory(registry=other_unit.registry, by=other_unit.clerk, scope_units=[other_unit.unit], copies_count=2)
    DocumentFactory(registry=other_unit.registry, by=other_unit.clerk, scope_units=[elsewhere], copies_count=1)
    hidden = DocumentFactory(
        registry=office.registry, by=office.clerk, scope_users=[office.reader2, office.leader], copies_count=2
    )
    shared = DocumentFactory(
        registry=office.registry, by=office.clerk, scope_users=[office.reader, office.reader2, office.leader], copies_count=3
    )
    in_scope.append(shared)
    # Procedures in and out of the reader's scope: circulations, a loan, loss incidents, an inventory.
    mine = circulation.propose_circulation(copy=shared.copies.get(number=1), readers=[office.reader], by=office.clerk, reason="Read")
    theirs = circulation.propose_circulation(copy=hidden.copies.get(number=1), readers=[office.reader2], by=office.clerk, reason="Read")
    loan = borrowing.request_loan(
        copy=shared.copies.get(number=2), borrower=office.reader, by=office.reader, purpose="Reply", mode="take_out",
        due_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    other_loan = borrowing.request_loan(
        copy=hidden.copies.get(number=2), borrower=office.reader2, by=office.reader2, purpose="Reply", mode="take_out",
        due_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    seen_loss = loss.report_loss(copy=shared.copies.get(number=3), by=office.clerk, reason="Missing", circumstances="Gone")
    loss.report_loss(copy=hidden.copies.get(number=2), by=office.clerk, reason="Missing", circumstances="Gone")
    # A storage key of the unit, so that the inventory counts a device too (its problem page is the clerk's).
    register_device(unit=office.unit, by=office.clerk, reason="test set-up", kind="usb", asset_number="IDOR-U-1",
                    serial_number="SN-1", level=2, custodian=office.clerk, location="301", network="none")
    inventory.open_inventory(registry=office.registry, by=office.clerk, reason="Annual")
    # A role waiting for the leader, and a token of someone else's: neither is the reader's business.
    grant_role(user=office.reader2, unit=office.unit, role="clerk", by=office.administrator, reason="Cover")
    issue_token(user=office.clerk, name="clerk's script", by=None, reason="test set-up")
    # The unit's register of rules is its clerks', leaders' and inspectors' business, not a reader's.
    adopt_rule(unit=office.unit, by=office.clerk, reason="test set-up", name="保密工作管理制度", scope="", revised_on=None,
               adopted_on=datetime.date(2024, 3, 1), approved_by="局党组会议", kept_at="Cabinet 2")
    register_part(unit=office.unit, by=office.clerk, reason="test set-up", name="机要室", location="301",
                  protections=["alarm"], responsible=office.clerk)
    # A secret-related meeting the reader attended: its register is still the office's, not the reader's.
    record_meeting(unit=office.unit, by=office.clerk, reason="test set-up", kind="secret", name="涉密会议",
                   held_on=timezone.localdate(), chaired_by="局长", attendees=[office.reader], guests="", topics="部署",
                   decisions="")
    # And its register of education: an event the reader attended.
    attended(office.reader, unit=office.unit, by=office.clerk)
    # So is its register of incidents, of every kind (a lost copy's too, whoever may see the copy).
    open_incident(unit=office.unit, kind="internet", by=office.clerk, reason="test set-up", circumstances="Found online",
                  discovered_at=timezone.now())
    submit_publication(unit=office.unit, by=office.clerk, reason="test set-up", title="新闻稿", channel="website",
                       submitted_by="综合科", submitter=None, reviewer=office.leader)
    record_provision(unit=office.unit, by=office.clerk, reason="test set-up", recipient="市审计局", letter_number="15",
                     purpose="审计", sealed=True, approved_by=office.leader, description="凭证", copies=[],
                     provided_on=timezone.localdate())
    organisation.appoint(unit=office.unit, person=office.leader, position="leader", by=office.clerk, reason="test set-up",
                         appointed_on=datetime.date(2024, 3, 1))
    organisation.enter_letter(unit=office.unit, by=office.clerk, reason="test set-up", party="财务处", person=None,
                              signed_on=datetime.date(2024, 3, 1), valid_from=datetime.date(2024, 1, 1),
                              valid_until=datetime.date(2024, 12, 31))
    organisation.add_task(plan=organisation.adopt_plan(unit=office.unit, year=2024, title="2024年度保密工作计划",
                                                       adopted_on=datetime.date(2024, 1, 15), by=office.clerk,
                                                       reason="test set-up"),
                          by=office.clerk, reason="test set-up", task="培训", office="办公室", responsible=office.reader,
                          due_on=datetime.date(2024, 6, 30))
    # Classification proposals: the reader's own draft, and a colleague's they may not see.
    own_draft = propose(registry=office.registry, by=office.reader, reason="Draft", **proposal_fields())
    propose(registry=office.registry, by=office.reader2, reason="Draft", **proposal_fields(reference_number="BGS [2026] No. 8"))
    # Someone else's notification (of a loan the reader may see, even): only its person marks it read.
    Notification.objects.create(user=office.reader2, kind=Kind.APPROVAL_WAITING, target=loan)
    assert other_loan.pk and theirs.pk
    visible = {
        ClassificationProposal: {own_draft.pk},
        Document: {document.pk for document in in_scope},
        Copy: set(Copy.objects.filter(document__in=in_scope).values_list("pk", flat=True)),
        # A reader sees the circulations and incidents of copies in scope, and their own loans.
        Circulation: {mine.pk},
        Loan: {loan.pk},
        Incident: {seen_loss.pk},
    }
    # The reader keeps, inspects or decides none of the rest.
    for model in {*KWARG_MODELS.values(), *PATH_MODELS.values()}:
        visible.setdefault(model, set())
    return visible


def every_id(model):
    ids = set(model.objects.values_list("pk", flat=True))
    return sorted(ids | {max(ids, default=0) + 1, 0})


def without_csrf_token(content):
    # The token is masked afresh in every answer.
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)


def ask(client, url, *, api):
    response = client.get(url)
    if response.status_code == 405:  # a step that only takes POST
        response = client.post(url, {}, format="json") if api else client.post(url, {})
    return response


def test_every_route_with_an_id_is_covered():
    unknown = [(name, kwarg, route) for name, kwarg, route in routes_with_ids() if model_for(kwarg, route) is None]
    assert not unknown, f"Say which model these routes' ids name (KWARG_MODELS / PATH_MODELS in {__file__}): {unknown}"


@pytest.mark.slow
def test_reader_gets_an_answer_only_for_what_is_in_scope(client, office, world):
    client.login(username="reader", password=PASSWORD)
    token, key = issue_token(user=office.reader, name="idor", by=None, reason="test set-up")
    world[ApiToken].add(token.pk)  # the reader's own token: theirs to revoke
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")

    routes = routes_with_ids()
    assert {name for name, _kwarg, _route in routes} >= READING_ROUTES | {
        "documents:edit", "documents:scope", "api:document-correction", "api:document-scope",
    }
    wrong = []
    for name, kwarg, route in routes:
        model = model_for(kwarg, route)
        is_api = route.startswith("api/")
        # A route with two ids (an inventory's item) gets a real id for the other one.
        others = {
            other: model_for(other, other_route).objects.values_list("pk", flat=True).first() or 1
            for other_name, other, other_route in routes
            if other_name == name and other != kwarg
        }
        for pk in every_id(model):
            url = reverse(name, kwargs={**others, kwarg: pk})
            response = ask(api if is_api else client, url, api=is_api)
            in_scope = pk in world[model]
            if not in_scope and response.status_code != 404:
                wrong.append((url, "outside scope", response.status_code))
            if in_scope and name in READING_ROUTES and response.status_code != 200:
                wrong.append((url, "in scope", response.status_code))
    assert not wrong


def test_a_404_for_an_existing_document_is_the_same_as_for_one_that_never_existed(client, office, world):
    client.login(username="reader", password=PASSWORD)
    hidden = Document.objects.exclude(pk__in=world[Document]).first()
    never = Document.objects.order_by("-pk").first().pk + 1000

    one, other = client.get(f"/documents/{hidden.pk}/"), client.get(f"/documents/{never}/")

    assert one.status_code == other.status_code == 404
    # Alike but for the address itself, which the page repeats (the language switch returns to it).
    # The address, not the bare number: an id of 8 must not also rewrite "utf-8".
    assert without_csrf_token(one.content).replace(f"/documents/{hidden.pk}/".encode(), b"ADDRESS") == without_csrf_token(
        other.content
    ).replace(f"/documents/{never}/".encode(), b"ADDRESS")
    assert hidden.title.encode() not in one.content


def test_lists_and_counts_hold_only_what_is_in_scope(client, office, world):
    client.login(username="reader", password=PASSWORD)
    _token, key = issue_token(user=office.reader, name="idor", by=None, reason="test set-up")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")

    assert {row["id"] for row in api.get("/api/v1/documents/").json()["results"]} == world[Document]
    assert {row["id"] for row in api.get("/api/v1/copies/").json()["results"]} == world[Copy]
    assert {row["id"] for row in api.get("/api/v1/loans/").json()["results"]} == world[Loan]
    ledger = client.get("/ledger/", {"mode": "documents"}).context["page"].rows
    assert {row.pk for row in ledger} == world[Document]
    copies = client.get("/ledger/").context["page"].rows
    assert {row.pk for row in copies} == world[Copy]
