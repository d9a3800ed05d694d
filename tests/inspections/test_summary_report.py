"""The printed annual summary reads as the seeds' reports: a header, its sections in order, a signature and a seal."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from documents.models import Inventory
from documents.services import inventory as inventories
from inspections import report as reports
from inspections.services import drafting
from inspections.summary import annual_summary
from inspections.versions import current_version
from tests.factories import PASSWORD, DocumentFactory, attended
from tests.pdf_reading import flat, page_texts

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year

SECTIONS_ZH = ["一、组织领导和责任制", "二、保密工作会议和涉密会议", "三、保密制度建设", "四、保密宣传教育培训",
               "五、涉密人员管理", "六、国家秘密载体管理", "七、涉密计算机和存储介质管理", "八、档案管理", "九、定密和解密",
               "十、要害部门部位", "十一、信息公开保密审查和对外提供", "十二、自查自评和整改", "十三、泄密事件和违规情况",
               "十四、存在问题和下一步打算"]


def printed(client, user, unit, language="en"):
    assert client.login(username=user.username, password=PASSWORD)
    response = client.post(reverse("inspections:print_summary"), {"unit": unit.pk, "year": YEAR},
                           HTTP_ACCEPT_LANGUAGE=language)
    assert response["Content-Type"] == "application/pdf"
    return response.content


def one_unseen_copy(office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=2)
    inventory = inventories.open_inventory(registry=office.registry, by=office.clerk, reason="Year-end")
    inventories.mark_seen(inventory=inventory, code=f"{document.registry_number}-1", by=office.clerk)
    return inventories.close_inventory(inventory=inventory, by=office.clerk, reason="Counted")


def test_the_chinese_print_has_its_sections_in_order_a_signature_line_and_a_seal(client, office):
    one_unseen_copy(office)
    with translation.override("zh-hans"):
        drafting.finalise_summary(version=current_version(office.unit, YEAR), by=office.leader, reason="Signed")
    text = flat("".join(page_texts(printed(client, office.leader, office.unit, "zh-hans"))))

    positions = [text.find(heading) for heading in SECTIONS_ZH]
    assert -1 not in positions and positions == sorted(positions)
    assert "负责人（签字）" in text and "盖章" in text
    assert "报送上级保密行政管理部门" in text


def test_a_section_whose_register_is_empty_says_nothing_is_recorded(client, office):
    text = flat("".join(page_texts(printed(client, office.leader, office.unit, "zh-hans"))))

    rules = text[text.find("三、保密制度建设"):text.find("四、保密宣传教育培训")]
    assert "本年度登记系统中尚无此项记录。" in rules


def test_one_discrepancy_is_singular_and_the_print_has_no_end_of_ledger_line(client, office):
    one_unseen_copy(office)
    text = flat("".join(page_texts(printed(client, office.leader, office.unit))))

    assert "1seen,1discrepancy." in text
    assert "Endofledger" not in text
    assert "Theyear’sinventoriesleft1discrepancyunresolved:" in text
    assert "Nocopywaslost." not in text


def test_the_inventory_date_is_the_local_date(office):
    inventory = one_unseen_copy(office)
    # 04:00 on 2 January in Beijing is still 1 January in UTC.
    local = datetime.datetime(YEAR, 1, 2, 4, 0, tzinfo=timezone.get_current_timezone())
    Inventory.objects.filter(pk=inventory.pk).update(closed_at=local)

    with translation.override("en"):
        built = reports.build_report(office.unit, YEAR, annual_summary(office.leader, office.unit, YEAR))
    documents = next(section for section in built.sections if section.key == "documents")
    assert f"closed on {YEAR}-01-02" in documents.paragraph


def test_a_new_register_plugs_in_as_one_more_section(office, monkeypatch):
    monkeypatch.setattr(reports, "SECTIONS", list(reports.SECTIONS))
    reports.section("visits", "Visits")(lambda unit, year, summary: reports.Section(
        key="visits", title="", figures=[("Visits", 2)], paragraph="Two visits."))

    with translation.override("en"):
        built = reports.build_report(office.unit, YEAR, annual_summary(office.leader, office.unit, YEAR))
    assert [section.key for section in built.sections][-1] == "visits"
    assert built.sections[-1].number == f"{len(reports.SECTIONS)}. "


def test_one_of_each_reads_in_the_singular_in_both_languages(office):
    from archives.services.filing import file_copies
    from documents.levels import Level
    from documents.services import declassification
    from people.services import personnel
    from tests.archives.conftest import new_volume
    from tests.factories import proved

    today = timezone.localdate()
    personnel.record_person(user=office.reader, by=office.clerk, reason="Post", post_level="core",
                            commitment_signed_on=today)
    attended(office.reader, unit=office.unit, by=office.clerk, name="Secrecy law", held_on=today, hours=2)
    filed = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=1)
    file_copies(volume=new_volume(office.registry, office.clerk, year=YEAR), copies=list(filed.copies.all()),
                by=office.clerk, reason="Filed at year end")
    ending = DocumentFactory(registry=office.registry, by=office.clerk, level=Level.CONFIDENTIAL, copies_count=1,
                             scope_users=[office.leader])
    declassification.decide(document=ending, kind="declassify", by=office.leader, basis="No longer secret",
                            proof=proved(office.leader))

    def paragraphs(language):
        with translation.override(language):
            built = reports.build_report(office.unit, YEAR, annual_summary(office.leader, office.unit, YEAR))
        return {section.key: section.paragraph for section in built.sections}

    english = paragraphs("en")
    assert "hours in 1 event." in english["training"]
    assert "1 copy was filed into 1 volume; archives were consulted in 0 reading-room sessions;" in english["archives"]
    assert english["classification"].startswith("1 document was declassified, 0 had their secrecy period extended")
    assert "with 2 copies." in english["documents"]
    chinese = paragraphs("zh-hans")
    assert "归档文件1份，归入案卷1卷" in chinese["archives"]
    assert chinese["classification"].startswith("解密文件1件，延长保密期限0件")
