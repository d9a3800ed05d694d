"""Printed summaries and registers: annual summary, archive catalogue, reading-room log, personnel, devices."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from archives.services.filing import file_copies
from archives.services.reading_room import close_session, open_session
from carriers import services as devices
from documents.levels import Level
from documents.models import PrintRecord
from people.services.personnel import record_person, start_departure
from tests.archives.conftest import new_volume, request_outside
from tests.documents.test_prints import listener  # noqa: F401 (fixture)
from tests.factories import PASSWORD, DocumentFactory, attended
from tests.pdf_reading import flat, page_texts
from tests.inspections.test_summary import year_of_work  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

HOSTILE = '<img src="http://127.0.0.1:PORT/x">"; } </style><link rel=stylesheet href="http://127.0.0.1:PORT/y">'


def signed_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def printed(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    return page_texts(response.content)


def assert_sheet(pages, banner):
    record = PrintRecord.objects.latest("pk")
    for number, text in enumerate(pages, start=1):
        # Top and bottom of the page; a ledger whose rows print their marking has more.
        assert flat(text).count(flat(banner)) >= 2, text
        assert f"{number} / {len(pages)}" in text
        assert record.display_code in text
    return record


# ------------------------------------------------------------------ annual summary

def test_annual_summary_pdf_has_the_figures_of_the_page(client, office, year_of_work):
    signed_in(client, office.inspector)
    page = client.get(reverse("inspections:summary"), {"unit": office.unit.pk, "year": year_of_work})
    assert reverse("inspections:print_summary") in page.content.decode()

    pages = printed(client.post(reverse("inspections:print_summary"), {"unit": office.unit.pk, "year": year_of_work}))

    text = flat("".join(pages))
    summary = page.context["summary"]
    for key, figure in summary.figures.items():
        if key not in ("registered", "copies_registered"):
            assert flat(f"{figure['label']}{figure['count']}") in text, key
    assert flat(f"{summary.figures['registered']['count']} documents were registered") in text
    assert "1lossincidentwasreportedthisyear:" in text
    # A count is not content: the summary is internal unless the office chose otherwise (issue 15).
    record = assert_sheet(pages, "INTERNAL · NO CLASSIFIED MATERIAL")
    assert (record.kind, record.filters) == ("annual_summary", {"unit": office.unit.pk, "year": year_of_work})


def test_annual_summary_of_another_unit_is_404(client, office, other_unit):
    response = signed_in(client, other_unit.clerk).post(
        reverse("inspections:print_summary"), {"unit": office.unit.pk, "year": 2026}
    )

    assert response.status_code == 404
    assert not PrintRecord.objects.exists()


def test_annual_summary_counts_the_whole_unit_for_its_leader_and_is_not_marked_by_what_it_counts(client, office):
    DocumentFactory(registry=office.registry, by=office.clerk, level=Level.TOP_SECRET, copies_count=1)
    year = timezone.localdate().year

    pages = printed(signed_in(client, office.leader).post(reverse("inspections:print_summary"), {"unit": office.unit.pk, "year": year}))

    assert "1documentwasregistered" in flat("".join(pages))
    assert "绝密" not in "".join(pages) and "TOPSECRET" not in flat("".join(pages))


# ------------------------------------------------------------------ archive catalogue

@pytest.fixture
def big_volume(office):
    volume = new_volume(office.registry, office.clerk, title="2026年度机密文件卷")
    document = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=60, level=Level.SECRET,
                               title="关于保密检查的通知")
    file_copies(volume=volume, copies=list(document.copies.all()), by=office.clerk, reason="Filed at year end")
    volume.refresh_from_db()
    return volume


def test_volume_catalogue_lists_every_filed_copy_with_the_banner_on_every_page(client, office, big_volume):
    signed_in(client, office.clerk)
    assert reverse("archives:print_catalogue", args=[big_volume.pk]) in client.get(reverse("archives:volume", args=[big_volume.pk])).content.decode()

    pages = printed(client.post(reverse("archives:print_catalogue", args=[big_volume.pk])))

    assert len(pages) >= 2
    text = flat("".join(pages))
    assert text.count("关于保密检查的通知") == 60
    assert "2026年度机密文件卷" in text
    record = assert_sheet(pages, "SECRET ★ 20 years")
    assert (record.kind, record.row_count, record.highest_level) == ("volume_catalogue", 60, Level.SECRET)


def test_volume_catalogue_of_another_unit_is_404(client, office, other_unit, big_volume):
    response = signed_in(client, other_unit.clerk).post(reverse("archives:print_catalogue", args=[big_volume.pk]))

    assert response.status_code == 404


def test_a_consulting_reader_gets_a_clear_refusal_not_a_catalogue(client, office):
    from archives.services.consultation import approve_consultation
    from tests.archives.conftest import request_internal

    volume = new_volume(office.registry, office.clerk)
    document = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=1, scope_users=[office.reader])
    file_copies(volume=volume, copies=list(document.copies.all()), by=office.clerk, reason="Filed")
    consultation = request_internal([volume], person=office.reader, by=office.clerk)
    approve_consultation(consultation=consultation, by=office.clerk, reason="OK")

    response = signed_in(client, office.reader).post(reverse("archives:print_catalogue", args=[volume.pk]), follow=True)

    assert "Only a secrecy clerk or an inspector" in response.content.decode()
    assert not PrintRecord.objects.exists()


def test_hostile_volume_title_prints_as_text_and_fetches_nothing(client, office, listener):
    hostile = HOSTILE.replace("PORT", str(listener.port))
    volume = new_volume(office.registry, office.clerk, title=hostile, location=hostile)

    pages = printed(signed_in(client, office.clerk).post(reverse("archives:print_catalogue", args=[volume.pk])))

    assert flat('<img src="http://127.0.0.1') in flat("".join(pages))
    assert listener.connections == []


# ------------------------------------------------------------------ reading-room log

def test_reading_room_log_prints_each_session_with_the_visitor_and_the_highest_volume_level(client, office):
    from archives.services.consultation import approve_consultation

    volume = new_volume(office.registry, office.clerk)
    document = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=1, level=Level.TOP_SECRET,
                               scope_users=[office.leader])
    file_copies(volume=volume, copies=list(document.copies.all()), by=office.clerk, reason="Filed")
    consultation = approve_consultation(consultation=request_outside([volume], by=office.clerk), by=office.leader, reason="OK")
    session = open_session(consultation=consultation, volumes=[volume], by=office.clerk, reason="In")
    close_session(session=session, by=office.clerk, reason="Out")
    signed_in(client, office.inspector)
    assert reverse("archives:print_reading_room_log") in client.get(reverse("archives:reading_room_log")).content.decode()

    today = timezone.localdate().isoformat()
    pages = printed(client.post(reverse("archives:print_reading_room_log"), {"registry": office.registry.pk, "since": today, "until": today}))

    text = flat("".join(pages))
    assert "MaLin马琳" in text and flat("审介〔2026〕8号") in text
    assert flat(volume.volume_number) in text
    record = assert_sheet(pages, "TOP SECRET")
    assert (record.kind, record.row_count) == ("reading_room_log", 1)


def test_reading_room_log_of_a_period_without_sessions_is_internal_and_empty(client, office):
    pages = printed(signed_in(client, office.clerk).post(reverse("archives:print_reading_room_log"), {"since": "2020-01-01", "until": "2020-12-31"}))

    assert "No session in this period" in pages[0]
    assert_sheet(pages, "INTERNAL · NO CLASSIFIED MATERIAL")


def test_a_reader_has_no_reading_room_log_to_print(client, office):
    response = signed_in(client, office.reader).post(reverse("archives:print_reading_room_log"), {})

    assert response.status_code == 404


# ------------------------------------------------------------------ personnel register

def test_personnel_register_lists_post_commitment_training_and_departure(client, office, other_unit):
    from people.roles import PostLevel

    office.reader.first_name, office.reader.last_name = "Hua", "王"
    office.reader.save()
    record_person(user=office.reader, post_level=PostLevel.CORE, commitment_signed_on=datetime.date(2026, 1, 5),
                  by=office.clerk, reason="Post assessed")
    attended(office.reader, unit=office.unit, by=office.clerk, name="保密法培训", held_on=datetime.date(2026, 2, 1), hours=4)
    start_departure(user=office.reader, kind="leaving", started_on=datetime.date(2026, 3, 1),
                    ends_on=datetime.date(2028, 3, 1), by=office.clerk, reason="Transferred")
    signed_in(client, office.clerk)
    assert reverse("people:print_register", args=[office.unit.pk]) in client.get(reverse("people:unit", args=[office.unit.pk])).content.decode()

    pages = printed(client.post(reverse("people:print_register", args=[office.unit.pk])))

    text = flat("".join(pages))
    assert "Hua王" in text and "Core" in text and "2026-01-05" in text
    assert "1trainingeventattended,4" in text and "course" not in text
    assert "2026-03-01–2028-03-01" in text
    assert "finance_reader" not in text
    record = assert_sheet(pages, "INTERNAL · NO CLASSIFIED MATERIAL")
    assert record.row_count == 6


def test_personnel_register_of_another_unit_is_404(client, office, other_unit):
    response = signed_in(client, other_unit.clerk).post(reverse("people:print_register", args=[office.unit.pk]))

    assert response.status_code == 404


# ------------------------------------------------------------------ device register

def usb(office, *, asset, level=Level.SECRET, serial="SN-1"):
    return devices.register_device(
        unit=office.unit, by=office.clerk, reason="Bought", kind="usb", asset_number=asset, serial_number=serial,
        level=level, custodian=office.reader, location="Room 301 保密室", network="none",
    )


def test_device_register_lists_each_device_of_the_unit(client, office, other_unit):
    usb(office, asset="U-0001", level=Level.CONFIDENTIAL, serial="SN-AAA")
    usb(office, asset="U-0002", level=Level.TOP_SECRET, serial="SN-BBB")
    devices.register_device(unit=other_unit.unit, by=other_unit.clerk, reason="Bought", kind="usb", asset_number="F-9",
                            serial_number="SN-OTHER", level=Level.SECRET, custodian=other_unit.reader, location="x", network="none")
    signed_in(client, office.clerk)
    assert reverse("carriers:print_register", args=[office.unit.pk]) in client.get(reverse("carriers:list")).content.decode()

    pages = printed(client.post(reverse("carriers:print_register", args=[office.unit.pk])))

    text = flat("".join(pages))
    assert "U-0001" in text and "SN-AAA" in text and "U-0002" in text and "保密室" in text
    assert "SN-OTHER" not in text
    record = assert_sheet(pages, "TOP SECRET")
    assert (record.kind, record.row_count) == ("device_register", 2)


def test_a_custodian_gets_a_clear_refusal_for_the_device_register(client, office):
    usb(office, asset="U-0001")

    response = signed_in(client, office.reader).post(reverse("carriers:print_register", args=[office.unit.pk]), follow=True)

    assert "prints its device register" in response.content.decode()
    assert not PrintRecord.objects.exists()


def test_device_register_of_another_unit_is_404(client, office, other_unit):
    usb(office, asset="U-0001")

    response = signed_in(client, other_unit.clerk).post(reverse("carriers:print_register", args=[office.unit.pk]))

    assert response.status_code == 404
