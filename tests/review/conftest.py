import datetime

import pytest

from documents.levels import Level
from people.roles import Role
from review.services import pass_review, propose
from tests.factories import member


def proposal_fields(**overrides):
    fields = {
        "title": "关于年终保密检查的通知",
        "originating_organ": "办公室",
        "reference_number": "BGS [2026] No. 7",
        "level": Level.SECRET,
        "secrecy_period_years": None,
        "date_classified": datetime.date(2026, 11, 20),
        "pages": 6,
        "attachments": 1,
        "copies_count": 5,
        "urgency": "urgent",
        "medium": "paper",
        "remarks": "",
        "basis": "保密事项范围目录 第3.2项",
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def second_leader(office):
    return member(office.unit, Role.LEADER, username="leader_b")


@pytest.fixture
def proposal(office):
    """Drafted by a staff member (reader) of the General Office, with the leader and the drafter in scope."""
    return propose(registry=office.registry, by=office.reader, reason="Draft ready",
                   scope_users=[office.leader, office.reader], **proposal_fields())  # fmt: skip


@pytest.fixture
def reviewed(office, proposal):
    return pass_review(proposal=proposal, by=office.clerk, reason="Level and basis checked")
