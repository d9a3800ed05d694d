"""Every page of every role answers without a server error for every object of the office as built.

The office of tests/pages/test_every_page_in_every_state.py (the lifecycle's, with archives, devices
and every register in several states) is walked whole: every page without an id with every word it
takes, and every page of one object in each state, for the clerk, the leader, the reader, the
inspector and the administrator. Its own file, so that it runs beside the state machine's steps on
the other xdist worker instead of before them.
"""

import pytest

from tests.pages.test_every_page_in_every_state import EveryPage, start


@pytest.mark.django_db
@pytest.mark.slow
def test_every_page_of_every_role_answers_for_every_object_of_the_office_as_built(monkeypatch):
    start(monkeypatch)
    machine = EveryPage()
    try:
        machine.walk_the_office()
    finally:
        machine.teardown()
    # Every page of the URL conf is asked (tests/pages/walk.py fails on a page it cannot fill).
    assert EveryPage.stats["requests in the office walk"] > 500
