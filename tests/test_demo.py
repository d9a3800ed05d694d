import pytest
from django.core.management import call_command

from documents.models import Circulation, Document, Loan
from documents.selectors import circulations_awaiting_approval, overdue_loans, visible_documents
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


def test_load_demo_is_idempotent_and_leaves_work_waiting_for_each_role():
    call_command("load_demo")
    call_command("load_demo")

    users = {u.username: u for u in get_user_model().objects.all()}
    for name in ("clerk", "leader", "reader", "inspector", "admin"):
        assert users[name].check_password("demo-pass-2026")
    assert Document.objects.count() == 36
    assert Circulation.objects.count() == 2
    assert circulations_awaiting_approval(users["leader"]).count() == 1
    assert overdue_loans(users["clerk"]).count() == 1
    assert Loan.objects.count() == 2
    assert visible_documents(users["admin"]).count() == 0
    assert visible_documents(users["inspector"]).count() == 36
