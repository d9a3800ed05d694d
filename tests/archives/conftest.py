import pytest
from django.db import transaction

from archives.models import ConsultationKind, RetentionPeriod
from archives.services.consultation import approve_consultation, request_consultation
from archives.services.filing import create_volume, file_copies
from documents.models import CopyStatus
from documents.services.copies import lock_copy, move
from tests.factories import DocumentFactory

VISITOR = {
    "visitor_unit": "Provincial Audit Office 省审计厅",
    "letter_issued_by": "Provincial Audit Office 省审计厅",
    "letter_number": "审介〔2026〕8号",
    "visitor_name": "Ma Lin 马琳",
    "visitor_identity": "ID card 110101199001011234",
}


def new_volume(registry, by, number="2026-P-001", **overrides):
    fields = {
        "volume_number": number,
        "title": "2026年度保密工作文件",
        "year": 2026,
        "retention_period": RetentionPeriod.PERMANENT,
        "location": "Archive room 1, cabinet 2, shelf 3",
    }
    fields.update(overrides)
    return create_volume(registry=registry, by=by, reason="New volume for the year's files", **fields)


def hand_out(copy, *, to, by):
    """What the circulation procedure (another branch) does: the copy leaves the registry with a person."""
    with transaction.atomic():
        return move(lock_copy(copy), to=CopyStatus.OUT, by=by, reason="Handed out for reading", holder=to)


def take_back(copy, *, by):
    with transaction.atomic():
        return move(lock_copy(copy), to=CopyStatus.IN_REGISTRY, by=by, reason="Returned to the registry")


def request_outside(volumes, *, by, **overrides):
    return request_consultation(
        kind=ConsultationKind.OUTSIDE,
        volumes=volumes,
        purpose="Audit of the 2026 budget files",
        by=by,
        reason="Visitor came with an introduction letter",
        **{**VISITOR, **overrides},
    )


def request_internal(volumes, *, person, by):
    return request_consultation(
        kind=ConsultationKind.INTERNAL, volumes=volumes, person=person, purpose="Drafting the annual summary",
        by=by, reason="Asked at the archive desk",
    )


@pytest.fixture
def document(office):
    """A finished document with three copies, all back in the registry."""
    return DocumentFactory(
        registry=office.registry, by=office.clerk, scope_users=[office.leader, office.reader], copies_count=3,
        title="关于2026年度保密检查的通知",
    )


@pytest.fixture
def volume(office):
    return new_volume(office.registry, office.clerk)


@pytest.fixture
def filed_volume(office, volume, document):
    file_copies(volume=volume, copies=list(document.copies.all()), by=office.clerk, reason="Filed at year end")
    volume.refresh_from_db()
    return volume


@pytest.fixture
def approved_outside(office, filed_volume):
    consultation = request_outside([filed_volume], by=office.clerk)
    return approve_consultation(consultation=consultation, by=office.leader, reason="Approved: audit of 2026 budget")
