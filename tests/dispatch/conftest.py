import pytest

from documents.levels import Level
from tests.factories import DocumentFactory, RegistryFactory, UnitFactory, approved_outgoing, member


@pytest.fixture
def third_unit(db):
    from people.roles import Role

    unit = UnitFactory(code="legal", name="Legal Office")
    registry = RegistryFactory(unit=unit, code="FZC")
    return type("Unit", (), {"unit": unit, "registry": registry, "clerk": member(unit, Role.CLERK, username="legal_clerk")})


@pytest.fixture
def notice(office):
    """A secret outgoing notice of the General Office, five copies, with a reference number."""
    return approved_outgoing(
        registry=office.registry, drafter=office.reader, reviewer=office.clerk, leader=office.leader,
        title="关于年终清退的通知", originating_organ="General Office", reference_number="BGS [2026] No. 7",
        level=Level.SECRET, secrecy_period_years=20, copies_count=5, scope_users=[office.leader],
    )


def copy_of(document, number):
    return document.copies.get(number=number)
