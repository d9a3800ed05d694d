"""Benchmark of the printed registration ledger against plain weasyprint.

Run with `make bench-pdf` (a throwaway PostgreSQL, see scripts/with-postgres.sh).
It registers two registries' worth of documents (1,000 and 10,000 copies),
then, each in a fresh subprocess so that peak memory is per case, times:
- `ledger`: the real registration ledger as the registry prints it (selector,
  template, banners, n / N, footer, fixed table layout, recorded print; above
  PRINT_CHUNK_ROWS rows in chunks by PRINT_WORKERS processes);
- `whole`: the same ledger laid out in one piece by one process (chunking off:
  how every ledger was printed before documents/pdf/chunked.py);
- `plain`: the same rows in a minimal HTML table rendered by weasyprint with
  no stylesheet, no margin boxes.
It prints wall seconds, CPU seconds (the case's process and its workers),
pages, pages per second and peak RSS (the case's process, and its largest
worker). bench/run.py (`make bench`) calls `measure` for its question 6.

    bench/pdf_bench.py [--sizes 1000,10000] [--cases ledger,whole,plain]
"""

import argparse
import html
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secrecy_registry.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

COPIES_PER_DOCUMENT = 10


def setup_django():
    import django

    django.setup()


def registry_code(rows):
    return f"B{rows}"


def prepare(sizes):
    """Register the documents once (idempotent): one registry per size, COPIES_PER_DOCUMENT copies each."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from documents.levels import Level
    from documents.models import Registry
    from people.roles import Role
    from tests.factories import RegistryFactory, UnitFactory, member, document_fields
    from documents.services.registration import register_document

    from people.models import Unit

    unit = Unit.objects.filter(code="bench").first() or UnitFactory(code="bench", name="Bench Office 基准办公室")
    clerk = member(unit, Role.CLERK, username="bench_clerk")
    levels = [Level.INTERNAL, Level.CONFIDENTIAL, Level.SECRET, Level.TOP_SECRET]
    for rows in sizes:
        registry = Registry.objects.filter(code=registry_code(rows)).first() or RegistryFactory(unit=unit, code=registry_code(rows))
        have = registry.documents.count()
        started = time.perf_counter()
        for number in range(have, rows // COPIES_PER_DOCUMENT):
            register_document(
                registry=registry, by=clerk, reason="benchmark",
                **document_fields(
                    title=f"关于加强保密管理工作的通知（第{number}号） Notice on secrecy work No. {number}",
                    reference_number=f"基准 [2026] {rows}-{number}号",
                    level=levels[number % 4],
                    copies_count=COPIES_PER_DOCUMENT,
                ),
            )
        if have < rows // COPIES_PER_DOCUMENT:
            print(f"registered {rows} copies in {time.perf_counter() - started:.1f} s", flush=True)


def run_case(case, rows):
    setup_django()
    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from weasyprint import HTML

    from documents.models import Registry
    from documents.pdf import selectors
    from documents.pdf.ledgers import build_ledger, print_ledger, registration_params

    user = get_user_model().objects.get(username="bench_clerk")
    registry = Registry.objects.get(code=registry_code(rows))
    wall, cpu = time.perf_counter(), time.process_time()
    if case in ("ledger", "whole"):
        ledger = build_ledger("registration", user, registration_params(registry=registry, year=timezone.localdate().year))
        pdf, record = print_ledger(ledger, user=user)
        pages, count = record.pages, record.row_count
    else:
        data = selectors.registration_ledger_rows(user, registry=registry)
        cells = ("registry_number", "copy_number", "reference_number", "title", "marking", "originating_organ",
                 "date_classified", "registered_on", "status", "holder")
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(str(row[name]))}</td>" for name in cells) + "</tr>" for row in data
        )
        document = HTML(string=f"<table><tbody>{body}</tbody></table>").render()
        pdf, pages, count = document.write_pdf(), len(document.pages), len(data)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu += children.ru_utime + children.ru_stime
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"case": case, "rows": count, "pages": pages, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
                      "pages_per_s": round(pages / wall, 2), "peak_rss_mb": round(peak_mb),
                      "worker_peak_rss_mb": round(children.ru_maxrss / 1024), "pdf_kb": len(pdf) // 1024}))


def measure(rows, case):
    """Run one case in a fresh process (so its peak memory is its own); return its result dict."""
    env = dict(os.environ)
    if case == "whole":
        env["DJANGO_PRINT_CHUNK_ROWS"] = str(10**9)
    output = subprocess.run(
        [sys.executable, __file__, "--case", case, "--rows", str(rows)], capture_output=True, text=True, check=True, env=env
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--cases", default="ledger,whole,plain")
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--rows", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        return run_case(args.case, args.rows)
    sizes = [int(size) for size in args.sizes.split(",")]
    setup_django()
    prepare(sizes)
    print(f"{'case':8} {'rows':>6} {'pages':>6} {'wall s':>8} {'cpu s':>8} {'pages/s':>8} {'peak MB':>8} {'worker MB':>9}",
          flush=True)
    for rows in sizes:
        for case in args.cases.split(","):
            result = measure(rows, case)
            print(
                f"{case:8} {result['rows']:>6} {result['pages']:>6} {result['wall_s']:>8} {result['cpu_s']:>8} "
                f"{result['pages_per_s']:>8} {result['peak_rss_mb']:>8} {result['worker_peak_rss_mb']:>9}",
                flush=True,
            )


if __name__ == "__main__":
    main()
