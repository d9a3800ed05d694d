"""The one task of printing: run a part of a print job (printing/stages.py). Workers: `manage.py db_worker`."""

from django_tasks import task


@task()
def run_part(part_id: int) -> str:
    from printing.stages import run

    return run(part_id)
