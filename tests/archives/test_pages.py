"""The archive pages as a browser submits them: filing, an outside visitor's consultation, the log."""

import pytest
from django.urls import reverse

from archives.models import Consultation, ConsultationStatus, FiledCopy, ReadingRoomSession, Volume
from documents.models import CopyStatus
from tests.archives.conftest import VISITOR, hand_out
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_clerk_files_three_copies_into_a_new_volume(client, office, document):
    signed_in(client, office.clerk)
    response = client.post(
        reverse("archives:new_volume"),
        {
            "registry": office.registry.pk,
            "volume_number": "2026-P-001",
            "title": "2026年度保密工作文件",
            "year": "2026",
            "retention_period": "permanent",
            "location": "Archive room 1, cabinet 2",
            "reason": "New archive volume",
        },
    )
    volume = Volume.objects.get()
    assert response["Location"] == reverse("archives:volume", args=[volume.pk])

    form_page = client.get(reverse("archives:file", args=[volume.pk]))
    offered = list(form_page.context["form"].fields["copies"].queryset)
    assert sorted(copy.number for copy in offered) == [1, 2, 3]
    response = client.post(
        reverse("archives:file", args=[volume.pk]),
        {"copies": [copy.pk for copy in offered], "reason": "Filed into the archive"},
    )
    assert response.status_code == 302

    page = client.get(reverse("archives:volume", args=[volume.pk]))
    assert len(page.context["catalogue"]) == 3
    content = page.content.decode()
    assert document.registry_number in content
    assert "SECRET" in content
    assert "Filed into the archive" in content  # history, with its reason
    assert set(document.copies.values_list("status", flat=True)) == {CopyStatus.ARCHIVED}


def test_filing_a_copy_that_is_out_is_not_offered_and_refused_if_posted(client, office, volume, document):
    out = hand_out(document.copies.get(number=1), to=office.reader, by=office.clerk)
    signed_in(client, office.clerk)

    offered = client.get(reverse("archives:file", args=[volume.pk])).context["form"].fields["copies"].queryset
    assert out not in offered
    response = client.post(reverse("archives:file", args=[volume.pk]), {"copies": [out.pk], "reason": "filed"})

    assert response.status_code == 200
    assert "copies" in response.context["form"].errors
    assert FiledCopy.objects.count() == 0


def test_outside_visitor_consults_after_a_leaders_approval(client, office, filed_volume):
    signed_in(client, office.clerk)
    response = client.post(
        reverse("archives:new_consultation"),
        {"kind": "outside", "volumes": [filed_volume.pk], "purpose": "Audit of the 2026 budget", "reason": "Letter received", **VISITOR},
    )
    consultation = Consultation.objects.get()
    assert response["Location"] == reverse("archives:consultation", args=[consultation.pk])
    url = reverse("archives:consultation", args=[consultation.pk])

    # The clerk who recorded it cannot approve: the page offers nothing, and a forged POST is refused.
    assert client.get(url).context["may_decide"] is False
    client.post(reverse("archives:approve", args=[consultation.pk]), {"reason": "ok"})
    assert Consultation.objects.get().status == ConsultationStatus.REQUESTED

    signed_in(client, office.leader)
    home = client.get(reverse("archives:index"))
    assert [c.pk for c in home.context["awaiting"]] == [consultation.pk]
    page = client.get(url)
    assert page.context["may_decide"] is True
    assert "审介〔2026〕8号" in page.content.decode()
    client.post(reverse("archives:approve", args=[consultation.pk]), {"reason": "Approved: audit of the 2026 budget"})
    assert Consultation.objects.get().decided_by == office.leader

    signed_in(client, office.clerk)
    client.post(
        reverse("archives:open_session", args=[consultation.pk]), {"volumes": [filed_volume.pk], "reason": "Visitor arrived"}
    )
    session = ReadingRoomSession.objects.get()
    assert session.time_out is None
    client.post(reverse("archives:close_session", args=[session.pk]), {"reason": "Volumes returned"})

    log = client.get(reverse("archives:reading_room_log"))
    [row] = log.context["page"].rows
    assert row.pk == session.pk and row.time_out is not None and row.supervising_clerk == office.clerk
    content = log.content.decode()
    assert "Ma Lin 马琳" in content and filed_volume.volume_number in content


def test_a_request_without_the_letter_shows_errors_next_to_the_fields(client, office, filed_volume):
    signed_in(client, office.clerk)
    response = client.post(
        reverse("archives:new_consultation"),
        {"kind": "outside", "volumes": [filed_volume.pk], "purpose": "Audit", "reason": "Letter received", **VISITOR, "letter_number": ""},
    )

    assert response.status_code == 200
    assert "letter_number" in response.context["form"].errors
    assert Consultation.objects.count() == 0


def test_a_clerk_approving_an_outside_request_sees_why_not(client, office, filed_volume):
    from tests.archives.conftest import request_outside

    consultation = request_outside([filed_volume], by=office.clerk)
    signed_in(client, office.clerk)

    response = client.post(reverse("archives:approve", args=[consultation.pk]), {"reason": "ok"}, follow=True)

    assert "Only a leader of General Office can do this." in response.content.decode()
    assert Consultation.objects.get().status == ConsultationStatus.REQUESTED


def test_state_changing_archive_pages_refuse_get(client, office, approved_outside):
    signed_in(client, office.leader)
    for name in ("archives:approve", "archives:reject", "archives:finish", "archives:open_session"):
        assert client.get(reverse(name, args=[approved_outside.pk])).status_code == 405


def test_document_page_says_where_its_copies_are_filed(client, office, filed_volume, document):
    signed_in(client, office.clerk)
    content = client.get(reverse("documents:detail", args=[document.pk])).content.decode()

    assert 'id="archives-panel"' in content
    assert reverse("archives:volume", args=[filed_volume.pk]) in content


def test_clerk_finds_archives_and_personnel_from_the_home_page(client, office):
    content = signed_in(client, office.clerk).get(reverse("home")).content.decode()

    assert reverse("archives:index") in content
    assert reverse("people:index") in content


def test_a_reader_is_not_offered_the_archives(client, office):
    content = signed_in(client, office.reader).get(reverse("home")).content.decode()
    assert reverse("archives:index") not in content


def test_the_consulting_clerk_is_not_offered_to_supervise_their_own_session(client, office, filed_volume):
    # The page asks the service's own check: it never offers the step the service refuses (separation of duties).
    from archives.services.consultation import approve_consultation
    from people.roles import Role
    from tests.archives.conftest import request_internal
    from tests.factories import member

    clerk2 = member(office.unit, Role.CLERK, username="clerk2")
    consultation = request_internal([filed_volume], person=office.clerk, by=office.clerk)
    approve_consultation(consultation=consultation, by=clerk2, reason="Approved")
    open_url = reverse("archives:open_session", args=[consultation.pk])

    own = signed_in(client, office.clerk).get(reverse("archives:consultation", args=[consultation.pk])).content.decode()
    other = signed_in(client, clerk2).get(reverse("archives:consultation", args=[consultation.pk])).content.decode()

    assert open_url not in own
    assert open_url in other
