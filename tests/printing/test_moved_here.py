"""PrintJob moved from documents/ to printing/ without moving a row: the jobs printed before are still there."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from printing.models import PrintJob
from tests.db_roles import grant, owner_rights
from tests.factories import UserFactory

BEFORE = [("documents", "0016_incidents_of_every_kind"), ("printing", "0001_parts_and_files")]
AFTER = [("documents", "0017_print_jobs_move_to_printing"), ("printing", "0002_print_jobs_move_here")]


@pytest.mark.django_db(transaction=True)
def test_a_job_made_before_the_move_is_read_after_it():
    user = UserFactory()
    # Migrating is the owner's (docs/audit.md, "Two roles"): the application role may not write django_migrations.
    with owner_rights():
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        old_apps = executor.loader.project_state(BEFORE).apps
        OldJob = old_apps.get_model("documents", "PrintJob")
        old_apps.get_model("contenttypes", "ContentType").objects.get_or_create(app_label="documents", model="printjob")
        ContentType.objects.filter(app_label="printing", model="printjob").delete()
        job = OldJob.objects.create(requested_by_id=user.pk, kind="registration", title="Registration ledger · R1")

        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(AFTER)
        # Going back to BEFORE also unapplied what came after AFTER (devices in inventories, ...): forward to the end.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
        with connection.cursor() as cursor:
            grant(cursor)  # the tables migrated again are new tables: the application role's rights on them, as migrate gives
    ContentType.objects.clear_cache()

    moved = PrintJob.objects.get(pk=job.pk)
    assert (moved.title, moved.requested_by_id, PrintJob._meta.db_table) == (
        "Registration ledger · R1", user.pk, "documents_printjob"
    )
    assert ContentType.objects.filter(app_label="printing", model="printjob").exists()
    assert not ContentType.objects.filter(app_label="documents", model="printjob").exists()


def test_every_app_asks_printing_for_a_print_not_documents():
    """The job, the queue helper and the job page are printing/'s: nothing imports them from documents/ any more."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    wrong = []
    tops = [top for top in root.iterdir() if top.is_dir() and not top.is_symlink() and top.name[0] not in "._"
            and top.name not in ("var", "node_modules", "locale", "static")]
    for path in (path for top in tops for path in top.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom) and node.module in ("documents.models", "documents.views.prints"):
                names = {alias.name for alias in node.names}
                if names & {"PrintJob", "PrintJobStatus", "print_or_queue", "recent_jobs"}:
                    wrong.append(f"{path.relative_to(root)}:{node.lineno}")
    assert wrong == []
