import pytest


@pytest.fixture(autouse=True)
def _default_standard(request):
    """Self-inspections start from the default standard: every database test here has it, flushed or not."""
    uses_db = {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    if uses_db or request.node.get_closest_marker("django_db") is not None:
        request.getfixturevalue("default_checklist")
