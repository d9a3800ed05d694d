"""Under pytest-xdist, the test database is migrated once and each worker gets a copy of it.

Migrating the schema (38 migrations, the history tables' chain triggers, the
data migrations' rows) costs about a minute and a half of CPU. Each worker
used to pay it for a database identical to the other's: now the first worker
to get here migrates a template (`<test name>_template_<run>`) with Django's
own `create_test_db`, so the migrations and their data run exactly as for a
serial run, and every worker's `test_registry_gwN` is `CREATE DATABASE ...
TEMPLATE` of it, a file copy of well under a second. The last worker to copy
drops the template. A serial run (no xdist) and other database vendors are
left as they were.
"""

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings


@contextmanager
def _locked(path):
    with open(path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield handle
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def install(connection, shared_dir: Path, run_id: str, workers: int):
    """Replace `create_test_db` of this connection by migrate-a-template-once-then-copy-it."""
    creation = connection.creation
    original = creation.create_test_db

    def create_test_db(verbosity=1, autoclobber=False, serialize=True, keepdb=False):
        if keepdb:  # --reuse-db keeps each worker's own database, as before
            return original(verbosity=verbosity, autoclobber=autoclobber, serialize=serialize, keepdb=keepdb)
        test = connection.settings_dict["TEST"]
        name = creation._get_test_db_name()
        template = f"{name.rsplit('_gw', 1)[0]}_template_{run_id}"[:63]
        quote = connection.ops.quote_name
        with _locked(shared_dir / "template.lock") as state:
            state.seek(0)
            copies = state.read().split()
            if not copies:
                test["NAME"] = template
                try:
                    original(verbosity=verbosity, autoclobber=True, serialize=False, keepdb=False)
                finally:
                    test["NAME"] = name
                connection.close()
                connection.close_pool()
            with creation._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {quote(name)}")
                cursor.execute(f"CREATE DATABASE {quote(name)} WITH TEMPLATE {quote(template)}")
                copies.append(name)
                if len(copies) >= workers:
                    cursor.execute(f"DROP DATABASE {quote(template)}")
            state.write(f"{name}\n")
        settings.DATABASES[connection.alias]["NAME"] = name
        connection.settings_dict["NAME"] = name
        if serialize:
            connection._test_serialized_contents = creation.serialize_db_to_string()
        connection.ensure_connection()
        return name

    creation.create_test_db = create_test_db


def shared_dir_and_run(tmp_path_factory):
    """The directory all workers of this run share (the parent of each worker's basetemp) and the run's id."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return None
    return tmp_path_factory.getbasetemp().parent, os.environ.get("PYTEST_XDIST_TESTRUNUID", "run")[:12], int(
        os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")
    )
