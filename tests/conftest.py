import pytest

from tests.factories import DocumentFactory, RegistryFactory, UnitFactory, UserFactory, member  # noqa: F401

pytest_plugins = []


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings, tmp_path_factory):
    """Under xdist, one worker migrates a template and every worker copies it (tests/db_template.py)."""
    from django.db import connection

    from tests import db_template

    shared = db_template.shared_dir_and_run(tmp_path_factory)
    if shared is not None and connection.vendor == "postgresql":
        db_template.install(connection, *shared)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The owner creates and migrates the test database; the application then connects as the role that owns nothing."""
    from django.core.management.commands import flush
    from django.db import connection, transaction

    from tests import db_flush, db_roles

    if connection.vendor != "postgresql":
        yield
        return
    with django_db_blocker.unblock():
        with transaction.atomic(), connection.cursor() as cursor:
            db_roles.grant(cursor)
        db_flush.remember_kept(connection)
        db_roles.start()
    # Between transactional tests the runner empties every table (tests/db_flush.py):
    # the owner's right (history tables refuse DELETE), never the application's.
    original_flush = flush.Command.handle

    def flush_as_owner(self, *args, **options):
        from django.db import connections

        from tests import db_flush

        database = options.get("database") or "default"
        with db_roles.owner_rights(database):
            if not options.get("reset_sequences"):
                return db_flush.empty_tables(connections[database])  # as flush does, in a fraction of its time
            return original_flush(self, *args, **options)

    flush.Command.handle = flush_as_owner
    try:
        yield
    finally:
        flush.Command.handle = original_flush
        with django_db_blocker.unblock():
            db_roles.stop()


def pytest_collection_modifyitems(items):
    """Every database test may use the `allocator` alias (registry numbers); every browser test is slow.

    The files holding slow tests go first: xdist hands out files in this order, so the minutes-long ones
    (the page walks, the state machine, the servers and browsers) start at once on both workers and the
    many short files fill in around them, instead of one long file running alone at the end.
    """
    for item in items:
        if item.get_closest_marker("browser") is not None:
            item.add_marker(pytest.mark.slow)
        marker = item.get_closest_marker("django_db")
        if marker is not None and "databases" not in marker.kwargs:
            item.add_marker(pytest.mark.django_db(*marker.args, **{**marker.kwargs, "databases": "__all__"}), append=False)
    slow_files = {item.path for item in items if item.get_closest_marker("slow") is not None}
    items.sort(key=lambda item: item.path not in slow_files)  # stable: each file's tests stay together, in order


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashing costs ~0.3 s per account; tests create dozens.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_where_enqueued(settings):
    # A print is done by a worker (printing/); a test that is not about the queue
    # has none, so its tasks run where they are enqueued. Queue tests
    # (tests/printing/) put the database backend back and start workers.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _forget_process_caches():
    """Each test starts with the caches a freshly started server has, whatever ran before it."""
    from documents import selectors
    from documents.services.scope import view_permission_id
    from secrecy_registry.replica import forget_replica_down

    # The scope service caches the id of `view_document` for speed; a test
    # that flushes with Django's own flush gets the permissions with new ids.
    view_permission_id.cache_clear()
    # The ledger's plan: the registry's size (re-read every ten minutes) and whose scope is small (five).
    selectors._ESTIMATE.update(at=-1e9, value=0)
    selectors._FEW.clear()
    # A replica found down stays "down" for a while in the process that found it.
    forget_replica_down()


@pytest.fixture
def default_checklist(db):
    """The default self-inspection standard, as its data migration writes it (tests/seeds.py)."""
    from tests import seeds

    return seeds.default_checklist()


@pytest.fixture
def loan_policies(db):
    """The default loan policy of each level, as its data migration writes them (tests/seeds.py)."""
    from tests import seeds

    return seeds.default_loan_policies()


@pytest.fixture(scope="session", autouse=True)
def _prints_of_this_run(tmp_path_factory):
    """Finished prints go to this run's own directory (each xdist worker has its own), never to var/prints."""
    from django.conf import settings

    kept, settings.PRINTS_ROOT = settings.PRINTS_ROOT, tmp_path_factory.mktemp("prints")
    yield
    settings.PRINTS_ROOT = kept


@pytest.fixture(scope="session", autouse=True)
def _close_allocator_connection(django_db_setup, django_db_blocker):
    """The registry-number allocator keeps a connection of its own; close it before the test database is dropped."""
    yield
    from django.db import connections

    if "allocator" in connections:
        connections["allocator"].close()


@pytest.fixture
def office(db):
    """A unit with its registry and one person in each role, like a small secrecy office."""
    from people.roles import Role

    unit = UnitFactory(code="office", name="General Office")
    registry = RegistryFactory(unit=unit, code="BGS")
    people = {role: member(unit, role, username=role) for role in ("clerk", "leader", "reader", "inspector", "administrator")}
    people["reader2"] = member(unit, Role.READER, username="reader2")
    return type("Office", (), {"unit": unit, "registry": registry, **people})


@pytest.fixture
def other_unit(db):
    from people.roles import Role

    unit = UnitFactory(code="finance", name="Finance Division")
    registry = RegistryFactory(unit=unit, code="CWC")
    return type(
        "Unit",
        (),
        {
            "unit": unit,
            "registry": registry,
            "clerk": member(unit, Role.CLERK, username="finance_clerk"),
            "reader": member(unit, Role.READER, username="finance_reader"),
        },
    )
