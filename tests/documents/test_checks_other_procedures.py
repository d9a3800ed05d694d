"""Loss, declassification and inventory: each step refuses exactly what its check returns, and the pages offer it exactly then."""

import pytest
from django.urls import reverse

from documents.levels import Level
from documents.models import Document, Incident, Inventory
from documents.services import declassification, inventory, loss
from tests.documents.checks import expected, outcome, signed_in
from tests.factories import DocumentFactory, proved

pytestmark = pytest.mark.django_db

PEOPLE = ("clerk", "leader", "reader", "inspector")


@pytest.fixture
def document(office):
    return DocumentFactory(
        registry=office.registry, by=office.clerk, copies_count=2, level=Level.SECRET, scope_users=[office.leader, office.reader]
    )


@pytest.mark.parametrize("state", ["open", "closed"])
def test_each_incident_step_refuses_exactly_what_its_check_returns(client, office, document, state):
    incident = loss.report_loss(copy=document.copies.get(number=1), by=office.clerk, reason="Lost", circumstances="Gone")
    if state == "closed":
        loss.close_incident(incident=incident, by=office.leader, reason="Done", closing_note="Found nothing")
    steps = {
        "follow_up": (loss.check_record_follow_up, lambda i, u: loss.record_follow_up(incident=i, by=u, reason="r", action="Asked")),
        "close": (loss.check_close_incident, lambda i, u: loss.close_incident(incident=i, by=u, reason="r", closing_note="n")),
    }
    for who in PEOPLE:
        user = getattr(office, who)
        fresh = lambda: Incident.objects.select_related("copy__document__registry__unit").get(pk=incident.pk)  # noqa: E731
        for name, (check, step) in steps.items():
            assert outcome(lambda: step(fresh(), user)) == expected(check(fresh(), user)), (state, who, name)
        response = signed_in(client, user).get(reverse("documents:incident", args=[incident.pk]))
        if response.status_code == 200:
            page = response.content.decode()
            closes = reverse("documents:incident_close", args=[incident.pk]) in page
            assert closes == (loss.check_close_incident(fresh(), user) is None), (state, who)


@pytest.mark.parametrize("declassified", [False, True])
def test_a_classification_decision_refuses_exactly_what_its_check_returns(client, office, document, declassified):
    if declassified:
        declassification.decide(document=document, kind="declassify", by=office.leader, basis="No longer secret", proof=proved(office.leader))
    for who in PEOPLE:
        user = getattr(office, who)
        fresh = lambda: Document.objects.select_related("registry__unit").get(pk=document.pk)  # noqa: E731
        step = lambda: declassification.decide(document=fresh(), kind="declassify", by=user, basis="Basis", proof=proved(user))  # noqa: E731
        assert outcome(step) == expected(declassification.check_decide(fresh(), user)), (declassified, who)
        response = signed_in(client, user).get(reverse("documents:detail", args=[document.pk]))
        if response.status_code == 200:
            offered = reverse("documents:classification_decide", args=[document.pk]) in response.content.decode()
            assert offered == (declassification.check_decide(fresh(), user) is None), (declassified, who)


@pytest.mark.parametrize("state", ["open", "closed", "signed_off"])
def test_each_inventory_step_refuses_exactly_what_its_check_returns(office, document, state):
    taken = inventory.open_inventory(registry=office.registry, by=office.clerk, reason="Annual")
    if state != "open":
        inventory.close_inventory(inventory=taken, by=office.clerk, reason="Done")
    if state == "signed_off":
        inventory.sign_off(inventory=taken, by=office.inspector, note="Checked")
    steps = {
        "close": (inventory.check_close_inventory, lambda i, u: inventory.close_inventory(inventory=i, by=u, reason="r")),
        "sign_off": (inventory.check_sign_off, lambda i, u: inventory.sign_off(inventory=i, by=u, note="n")),
        "mark_seen": (
            inventory.check_mark_seen,
            lambda i, u: inventory.mark_seen(inventory=i, code=document.copies.get(number=1).label, by=u),
        ),
    }
    for who in PEOPLE:
        user = getattr(office, who)
        fresh = lambda: Inventory.objects.select_related("registry__unit").get(pk=taken.pk)  # noqa: E731
        for name, (check, step) in steps.items():
            assert outcome(lambda: step(fresh(), user)) == expected(check(fresh(), user)), (state, who, name)
