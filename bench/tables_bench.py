"""What the ledger's total and exports cost on a generated registry (docs/performance.md, "Tables").

    DJANGO_DEBUG=1 scripts/with-postgres.sh python bench/tables_bench.py --copies 100000

Fills the throwaway database with generate_scale_data if it holds no documents,
then times, for the clerk of the largest registry and a reader with ~1% scope:
the ledger page (with its bounded count), the bounded count alone, a whole CSV
export (streamed) and an XLSX export of up to XLSX_LIMIT rows.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secrecy_registry.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from documents import tables  # noqa: E402
from documents.models import Document  # noqa: E402
from documents.views.ledger import ledger_page  # noqa: E402


def timed(fn, repeat=5):
    walls = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        walls.append((time.perf_counter() - start) * 1000)
    return statistics.median(walls)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=100_000)
    args = parser.parse_args()
    setup_test_environment()
    call_command("migrate", verbosity=0)
    if not Document.objects.exists():
        call_command("generate_scale_data", copies=args.copies, users=max(500, args.copies // 100))
    from bench.subjects import choose

    s = choose()
    url = reverse("documents:ledger")
    print(f"copies={args.copies} documents={Document.objects.count()}")
    for who, user in (("reader (1%)", s.reader), ("clerk (registry)", s.clerk)):
        client = Client()
        client.force_login(user)
        client.get(url)
        rows = ledger_page(user, {}).rows
        page = timed(lambda: client.get(url))
        count = timed(lambda: tables.bounded_count(rows))
        n, exact = tables.bounded_count(rows)
        print(f"{who}: ledger page {page:.0f} ms; bounded count {count:.0f} ms ({n}{'' if exact else '+'} rows)")

        def csv_export():
            response = client.get(url, {"export": "csv"})
            return sum(len(chunk) for chunk in response.streaming_content)

        start = time.perf_counter()
        size = csv_export()
        print(f"{who}: CSV export {time.perf_counter() - start:.1f} s, {size / 1e6:.1f} MB")
        start = time.perf_counter()
        response = client.get(url, {"export": "xlsx", "mode": "copies"})
        if response.status_code == 200:
            size = sum(len(chunk) for chunk in response.streaming_content)
            print(f"{who}: XLSX export {time.perf_counter() - start:.1f} s, {size / 1e6:.1f} MB")
        else:
            print(f"{who}: XLSX refused (more than {tables.XLSX_LIMIT} rows) in {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
