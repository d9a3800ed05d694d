"""Recall through the pages and the API, as the clerks of the issuer and the recipient see it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from dispatch.models import DispatchItem, RecallItem, RecallStatus
from dispatch.recall import hand_back, recall_copies
from dispatch.services import dispatch_copies, receive_copy, record_returned_receipt
from documents.models import CopyStatus
from tests.api.conftest import token_client
from tests.dispatch.conftest import copy_of
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

ORGAN = "Provincial Audit Bureau"


def signed_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def sent(office, other_unit, third_unit, notice):
    """Copies 1-2 received by Finance, 3 in transit to Legal, 4 with an outside organ (receipt recorded)."""
    dispatch_copies(
        document=notice, by=office.clerk, reason="For action",
        lines=[(copy_of(notice, 1), other_unit.registry), (copy_of(notice, 2), other_unit.registry),
               (copy_of(notice, 3), third_unit.registry), (copy_of(notice, 4), ORGAN)],
    )
    for number in (1, 2):
        receive_copy(item=item_of(notice, number), by=other_unit.clerk, reason="Received")
    record_returned_receipt(recipient=item_of(notice, 4).recipient, signed_by="Wang", signed_on=timezone.localdate(),
                            by=office.clerk, reason="Receipt back")
    return notice


def item_of(document, number):
    return DispatchItem.objects.filter(copy__document=document, copy__number=number).latest("pk")


def asked(document, number):
    return RecallItem.objects.filter(item__copy__document=document, item__copy__number=number).latest("pk")


def test_the_issuers_page_and_ledger_show_where_each_copy_is(client, office, other_unit, sent):
    signed_in(client, office.clerk)

    page = client.get(reverse("documents:detail", args=[sent.pk])).content.decode()
    ledger = client.get(reverse("documents:ledger")).content.decode()

    assert "received on" in page and "by Finance Division" in page
    assert "Legal Office" in page and "In transit" in page
    assert f"Finance Division, received {timezone.localdate():%Y-%m-%d}" in ledger
    assert "in transit to Legal Office" in ledger
    assert "Recall copies" in page


def test_the_recipients_page_shows_where_its_copy_came_from(client, office, other_unit, sent):
    signed_in(client, other_unit.clerk)
    received = item_of(sent, 1).received_copy

    page = client.get(reverse("documents:detail", args=[received.document_id])).content.decode()

    assert f"Received from General Office: their {sent.registry_number}, dispatch list BGS-FF-" in page
    # The recipient does not reach the issuer's document or its other recipients.
    assert client.get(reverse("documents:detail", args=[sent.pk])).status_code == 404
    assert "Legal Office" not in page and ORGAN not in page


def test_the_clerk_recalls_from_the_page_and_the_recipient_hands_back_from_the_inbox(client, office, other_unit, sent):
    signed_in(client, office.clerk)
    form = client.get(reverse("dispatch:new_recall", args=[sent.pk])).content.decode()
    assert "Copy 1 · Finance Division" in form and f"Copy 4 · {ORGAN}" in form
    assert "Copy 3 ·" not in form  # still in transit: nothing to recall
    one = item_of(sent, 1)

    response = client.post(reverse("dispatch:new_recall", args=[sent.pk]), {"items": [one.pk], "reason": "Clean-up"},
                           follow=True)

    assert "1 copy is asked back under BGS-QT-" in response.content.decode()
    client.logout()
    signed_in(client, other_unit.clerk)
    home = client.get("/").content.decode()
    assert "Copies asked back" in home and one.received_copy.label in home
    confirm = client.get(reverse("dispatch:hand_back", args=[asked(sent, 1).pk])).content.decode()
    assert "leaves your registry for good" in confirm

    client.post(reverse("dispatch:hand_back", args=[asked(sent, 1).pk]), {"reason": "Handed back"})

    assert copy_of(sent, 1).status == CopyStatus.IN_TRANSIT
    client.logout()
    signed_in(client, office.clerk)
    home = client.get("/").content.decode()
    assert "Recalled copies on their way back" in home
    client.post(reverse("dispatch:confirm_return", args=[asked(sent, 1).pk]), {"reason": "Returned and checked"})
    recall = client.get(reverse("dispatch:recall", args=[asked(sent, 1).recall_id])).content.decode()
    assert "1 copy recovered" in recall and "0 outstanding" in recall
    assert copy_of(sent, 1).status == CopyStatus.IN_REGISTRY


def test_the_recall_page_lists_per_unit_what_is_recovered_and_outstanding(client, office, other_unit, sent):
    recall = recall_copies(document=sent, items=[item_of(sent, n) for n in (1, 2, 4)], by=office.clerk, reason="Clean-up")
    hand_back(recall_item=asked(sent, 1), by=other_unit.clerk, reason="Handed back")
    signed_in(client, office.clerk)
    client.post(reverse("dispatch:confirm_return", args=[asked(sent, 1).pk]), {"reason": "Returned and checked"})
    client.post(reverse("dispatch:organ_returned", args=[asked(sent, 4).pk]), {"reason": "Returned by courier"})

    page = client.get(reverse("dispatch:recall", args=[recall.pk])).content.decode()

    assert "1 recovered, 1 outstanding" in page  # Finance: 1 back, 2 not yet handed back
    assert "1 recovered, 0 outstanding" in page  # the outside organ
    assert "2 copies recovered" in page
    assert copy_of(sent, 4).status == CopyStatus.IN_REGISTRY


def test_a_clerk_of_a_third_unit_gets_404_on_every_recall_page(client, office, third_unit, sent):
    recall = recall_copies(document=sent, items=[item_of(sent, 1)], by=office.clerk, reason="Clean-up")
    row = asked(sent, 1)
    signed_in(client, third_unit.clerk)

    assert client.get(reverse("dispatch:recall", args=[recall.pk])).status_code == 404
    assert client.get(reverse("dispatch:hand_back", args=[row.pk])).status_code == 404
    assert client.post(reverse("dispatch:confirm_return", args=[row.pk]), {"reason": "x"}).status_code == 404
    assert token_client(third_unit.clerk).post(f"/api/v1/recall-items/{row.pk}/hand-back/", {"reason": "x"},
                                               format="json").status_code == 404
    assert RecallItem.objects.get().status == RecallStatus.REQUESTED


def test_an_oa_system_recalls_and_each_side_acts_through_the_api(office, other_unit, sent):
    issuer, recipient = token_client(office.clerk), token_client(other_unit.clerk)

    refused = issuer.post(f"/api/v1/documents/{sent.pk}/recalls/", {"copies": [1, 3], "reason": "Clean-up"}, format="json")
    assert refused.status_code == 400 and "Copy 3" in str(refused.json())
    created = issuer.post(f"/api/v1/documents/{sent.pk}/recalls/", {"copies": [1, 2], "reason": "Clean-up"}, format="json")
    assert created.status_code == 201, created.json()
    listed = recipient.get("/api/v1/recall-items/").json()["results"]
    assert sorted(row["copy_number"] for row in listed) == [1, 2]
    row = listed[0]["id"]

    early = issuer.post(f"/api/v1/recall-items/{row}/confirm/", {"reason": "Returned"}, format="json")
    handed = recipient.post(f"/api/v1/recall-items/{row}/hand-back/", {"reason": "Handed back"}, format="json")
    confirmed = issuer.post(f"/api/v1/recall-items/{row}/confirm/", {"reason": "Returned"}, format="json")
    again = issuer.post(f"/api/v1/recall-items/{row}/confirm/", {"reason": "Returned"}, format="json")

    assert early.status_code == 409 and "not been handed back" in early.json()["message"]
    assert handed.status_code == 200 and handed.json()["status"] == "returning"
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "recovered"
    assert again.status_code == 409 and "was recovered on" in again.json()["message"]
    detail = issuer.get(f"/api/v1/recalls/{created.json()['id']}/").json()
    assert [r["status"] for r in detail["items"]] == ["recovered", "requested"]


def test_a_recipients_reader_opens_its_copy_only_after_the_recipients_own_scope_decision(client, office, other_unit, sent):
    from documents.services.scope import change_scope
    from tests.factories import proved

    received = item_of(sent, 1).received_copy.document
    signed_in(client, other_unit.reader)
    assert client.get(reverse("documents:detail", args=[received.pk])).status_code == 404

    change_scope(document=received, by=other_unit.clerk, reason="Needs it for the budget", add_users=[other_unit.reader],
                 proof=proved(other_unit.clerk))

    page = client.get(reverse("documents:detail", args=[received.pk]))
    assert page.status_code == 200
    assert client.get(reverse("documents:detail", args=[sent.pk])).status_code == 404
    # The issuer's leader, in the issuer's scope, does not reach Finance's copy.
    client.logout()
    signed_in(client, office.leader)
    assert client.get(reverse("documents:detail", args=[received.pk])).status_code == 404


def test_the_printed_registration_ledger_names_the_unit_each_copy_is_with(client, office, other_unit, sent):
    from tests.documents.test_prints import print_registration
    from tests.pdf_reading import flat, page_texts

    signed_in(client, office.clerk)

    text = flat(" ".join(page_texts(print_registration(client, office.registry, year=timezone.localdate().year))))

    assert flat(f"Finance Division, received {timezone.localdate():%Y-%m-%d}") in text
    assert flat("in transit to Legal Office") in text
