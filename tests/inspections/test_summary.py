"""The annual summary's figures are the rows behind them, counted over the whole unit whoever reads them."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.levels import Level
from carriers import services as carriers
from documents.services import borrowing, circulation, declassification, destruction, inventory as inventories, loss
from inspections.summary import annual_summary, figure_rows
from people.services import personnel
from tests.factories import PASSWORD, DocumentFactory, approved_outgoing, attended, proved
from tests.inspections.test_summary_report import SECTIONS_ZH
from tests.pdf_reading import flat, page_texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_of_work(office):
    today = timezone.localdate()
    secret = DocumentFactory(registry=office.registry, by=office.clerk, level=Level.SECRET, copies_count=3,
                             scope_users=[office.reader, office.reader2, office.leader])
    approved_outgoing(registry=office.registry, drafter=office.reader, reviewer=office.clerk, leader=office.leader,
                      level=Level.CONFIDENTIAL, copies_count=2)
    internal = DocumentFactory(registry=office.registry, by=office.clerk, level=Level.INTERNAL, copies_count=4, scope_units=[office.unit])
    round_ = circulation.propose_circulation(copy=secret.copies.get(number=1), readers=[office.reader], by=office.clerk, reason="Read")
    circulation.approve_circulation(circulation=round_, by=office.leader, reason="OK")
    loan = borrowing.request_loan(copy=secret.copies.get(number=2), borrower=office.reader2, by=office.reader2,
                                  purpose="Reply", mode="take_out", due_on=today + datetime.timedelta(days=5))
    borrowing.approve_loan(loan=loan, by=office.leader, reason="OK")
    borrowing.hand_out_loan(loan=loan, by=office.clerk, reason="Out")
    dlist = destruction.prepare_destruction_list(registry=office.registry, copies=list(internal.copies.all()[:2]), by=office.clerk, reason="Old")
    destruction.submit_destruction_list(dlist=dlist, by=office.clerk, reason="Submit")
    destruction.approve_destruction_list(dlist=dlist, by=office.leader, reason="OK", proof=proved(office.leader))
    destruction.execute_destruction_list(dlist=dlist, by=office.clerk, executed_on=today, place="Shredding room",
                                         method="shredding", witness_1=office.inspector, witness_2=office.reader, reason="Done", witness_proofs=[proved(office.inspector), proved(office.reader)])
    loss.report_loss(copy=secret.copies.get(number=3), by=office.clerk, reason="Missing", circumstances="Not on the shelf")
    return today.year


def test_figures_match_the_rows_behind_them(office, year_of_work):
    summary = annual_summary(office.inspector, office.unit, year_of_work)

    expected = {"registered": 3, "copies_registered": 9, "circulations": 1, "loans": 1, "destroyed": 2, "lost": 1,
                "open_incidents": 1, "recovered": 0, "copies_made": 0, "loans_late": 0}
    assert {key: figure["count"] for key, figure in summary.figures.items()} == expected
    for key, figure in summary.figures.items():
        _label, _kind, rows = figure_rows(office.inspector, office.unit, year_of_work, key)
        assert len(rows) == figure["count"], key
    secret_row = next(row for row in summary.by_level if row["level"] == Level.SECRET)
    assert secret_row["total"] == 1


def test_the_leader_counts_what_the_inspector_counts(office, year_of_work):
    leader = annual_summary(office.leader, office.unit, year_of_work)
    inspector = annual_summary(office.inspector, office.unit, year_of_work)

    assert {k: f["count"] for k, f in leader.figures.items()} == {k: f["count"] for k, f in inspector.figures.items()}
    assert leader.figures["registered"]["count"] == 3


def print_summary_text(client, user, unit, year):
    assert client.login(username=user.username, password=PASSWORD)
    response = client.post(reverse("inspections:print_summary"), {"unit": unit.pk, "year": year})
    assert response["Content-Type"] == "application/pdf"
    client.logout()
    return flat("".join(page_texts(response.content)))


def _without_the_printer(text, user):
    """The print's text less what differs by print: who printed it, when, and its verification code."""
    text = text.replace("Printedby" + (user.get_full_name() or user.username), "Printedby<printer>")
    text = re.sub(r"\d{4}-\d{2}-\d{2}\d{2}:\d{2}:\d{2}", "<time>", text)
    return re.sub(r"[A-Z0-9]{5}-[A-Z0-9]{5}", "<code>", text)


def test_leaders_and_inspectors_prints_carry_the_same_figures_and_who_printed_them(client, office, year_of_work):
    inventory = inventories.open_inventory(registry=office.registry, by=office.clerk, reason="Year-end")
    inventories.close_inventory(inventory=inventory, by=office.clerk, reason="Counted")
    by_leader = print_summary_text(client, office.leader, office.unit, year_of_work)
    by_inspector = print_summary_text(client, office.inspector, office.unit, year_of_work)

    assert "TheinventoryofBGSclosedon" in by_leader
    assert "3documentswereregistered,with9copies." in by_leader
    assert _without_the_printer(by_leader, office.leader) == _without_the_printer(by_inspector, office.inspector)
    assert f"Printedby{office.leader.get_full_name() or office.leader.username}" in by_leader
    assert f"Printedby{office.inspector.get_full_name() or office.inspector.username}" in by_inspector


def test_the_print_names_no_document_title_and_is_marked_internal(client, office, year_of_work):
    DocumentFactory(registry=office.registry, by=office.clerk, level=Level.TOP_SECRET, copies_count=1, title="绝密预案标题")
    text = print_summary_text(client, office.inspector, office.unit, year_of_work)

    assert "绝密预案标题" not in text and "关于加强保密管理的通知" not in text
    assert "INTERNAL·NOCLASSIFIEDMATERIAL" in text
    assert "TOPSECRET" not in text


FIGURE_LINK = re.compile(r'<a href="([^"]+)" class="figure-link" data-rows="([a-z_]+)"( data-counts-rows)?>([^<]*)</a>')


def _figures_on_the_page(client, unit, year):
    response = client.get(reverse("inspections:summary"), {"unit": unit.pk, "year": year})
    assert response.status_code == 200
    return [(html.unescape(href), rows, bool(counts), value) for href, rows, counts, value in
            FIGURE_LINK.findall(response.content.decode())]


def _rows_behind(client, href):
    response = client.get(href)
    assert response.status_code == 200, href
    return response.content.decode().count('<tr class="row">')


@pytest.mark.parametrize("username", ["inspector", "leader"])
def test_every_figure_on_the_page_opens_as_many_rows_as_it_says(client, office, year_of_work, username):
    today = timezone.localdate()
    personnel.record_person(user=office.reader, by=office.clerk, reason="Post", post_level="core",
                            commitment_signed_on=today)
    attended(office.reader, unit=office.unit, by=office.clerk, name="Secrecy law", held_on=today, hours=2,
             absent=[office.reader2])
    for asset, level in (("U-1", Level.SECRET), ("U-2", Level.SECRET), ("U-3", Level.CONFIDENTIAL)):
        carriers.register_device(unit=office.unit, by=office.clerk, reason="Bought", kind="usb", asset_number=asset,
                                 serial_number=asset, level=level, custodian=office.reader, location="Room 301",
                                 network="none")
    ending = DocumentFactory(registry=office.registry, by=office.clerk, level=Level.CONFIDENTIAL, copies_count=1,
                             scope_users=[office.leader])
    declassification.decide(document=ending, kind="declassify", by=office.leader, basis="No longer secret", proof=proved(office.leader))
    client.login(username=username, password=PASSWORD)

    figures = _figures_on_the_page(client, office.unit, year_of_work)
    counted = {rows: value for href, rows, counts, value in figures if counts}
    assert {"destroyed", "loans", "lost", "registered", "personnel", "people", "leaders", "devices",
            "decisions"} <= set(counted)
    for href, rows, counts, value in figures:
        if counts:
            assert _rows_behind(client, href) == int(value), href
    values = {(rows, href.split("?", 1)[1]): value for href, rows, counts, value in figures}
    query = f"unit={office.unit.pk}&year={year_of_work}"
    assert values[("destroyed", query)] == "2" and values[("lost", query)] == "1"
    assert values[("devices", f"{query}&kind=usb&level={Level.SECRET.value}")] == "2"
    assert values[("decisions", f"{query}&kind=declassify")] == "1"
    assert values[("registered", f"{query}&level={Level.SECRET.value}")] == "1"


def test_the_rows_behind_a_figure_are_404_outside_the_persons_units(client, office, other_unit, year_of_work):
    client.login(username="finance_clerk", password=PASSWORD)
    response = client.get(reverse("inspections:summary_rows", args=["destroyed"]),
                          {"unit": office.unit.pk, "year": year_of_work})
    assert response.status_code == 404
    client.login(username="leader", password=PASSWORD)
    assert client.get(reverse("inspections:summary_rows", args=["personnel"]),
                      {"unit": office.unit.pk, "year": year_of_work, "post": "nonsense"}).status_code == 404


def test_the_page_shows_the_sections_of_the_print(client, office):
    client.login(username="leader", password=PASSWORD)
    response = client.get(reverse("inspections:summary"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    content = response.content.decode()

    positions = [content.find(heading) for heading in SECTIONS_ZH]
    assert -1 not in positions and positions == sorted(positions)


def test_summary_is_404_for_someone_without_an_office_role(client, office):
    client.login(username="reader", password=PASSWORD)
    assert client.get(reverse("inspections:summary")).status_code == 404


def test_the_rows_page_says_what_its_parameters_select(client, office, year_of_work):
    client.login(username="inspector", password=PASSWORD)
    response = client.get(reverse("inspections:summary_rows", args=["registered"]),
                          {"unit": office.unit.pk, "year": year_of_work, "level": Level.SECRET.value})

    assert "<h1>Documents registered · Secret" in response.content.decode()
    assert response.content.decode().count('<tr class="row">') == 1
