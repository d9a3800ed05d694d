"""`make bench`: our code path next to hand-written SQL, on a registry of a million copies.

    DATABASE_URL=postgres://... .venv/bin/python bench/run.py [--copies 1000000] [--users 10000]
        [--repeat 30] [--json results.json] [--explain plans.txt] [--compare small.json]
        [--only 1,2,...] [--skip-pdf] [--pdf-sizes 1000,10000]

If the database holds no documents it is migrated and filled with
generate_scale_data first. For each question it times, in the same run
and interleaved (so a busy machine slows all three alike):
  path  our service or queryset, called as the view calls it;
  http  the full request through Django's test client (sessions, views, templates);
  sql   hand-written SQL answering the same question (bench/raw_sql.py);
and prints median and p95 wall time, the median CPU time (this process
plus the PostgreSQL backend, much less sensitive to other load on the
machine), and the ratios path/sql and http/sql.

Question 6 (printed ledgers of 1,000 and 10,000 rows next to weasyprint on a
bare table, bench/pdf_bench.py, each case in its own process) and question 7
(verify_audit over the whole history) are timed once each; --skip-pdf leaves
out question 6, which takes several minutes.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Production settings, not debug: the cached template loader, no query log.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secrecy_registry.settings")
os.environ["DJANGO_DEBUG"] = "0"
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-secret-key-" + "k3#Zq9" * 6)
os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
os.environ["DJANGO_SSL_REDIRECT"] = "0"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.test import Client  # noqa: E402
from django.db.models import QuerySet  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench import circulations, pdf_bench, raw_sql, subjects  # noqa: E402
from audit.services.checkpoints import verify_and_record  # noqa: E402
from documents.models import Copy, Document  # noqa: E402
from documents.selectors import visible_documents  # noqa: E402
from documents.views.documents import detail_context  # noqa: E402
from people.role_cache import remembering_roles  # noqa: E402
from documents.services.circulation import hand_out, take_back  # noqa: E402
from documents.services.registration import register_document  # noqa: E402
from documents.services.scope import view_permission_id  # noqa: E402
from documents.views.ledger import ledger_page  # noqa: E402
from tests.factories import document_fields  # noqa: E402


def backend_cpu_ns():
    """CPU time of this connection's PostgreSQL backend (Linux, same machine), or 0 if it cannot be read."""
    try:
        with open(f"/proc/{connection.connection.info.backend_pid}/schedstat") as f:
            return int(f.read().split()[0])
    except (OSError, AttributeError):
        return 0


class Timer:
    """Interleaved repetitions of several variants of one question."""

    def __init__(self, repeat, warmup=3):
        self.repeat, self.warmup = repeat, warmup

    def run(self, variants):
        samples = {name: ([], []) for name in variants}
        for name, fn in variants.items():
            for _ in range(self.warmup):
                fn()
        for _ in range(self.repeat):
            for name, fn in variants.items():
                connection.ensure_connection()
                b0, c0, w0 = backend_cpu_ns(), time.process_time(), time.perf_counter()
                fn()
                w1, c1, b1 = time.perf_counter(), time.process_time(), backend_cpu_ns()
                samples[name][0].append((w1 - w0) * 1000)
                samples[name][1].append((c1 - c0) * 1000 + (b1 - b0) / 1e6)
        return {name: summarize(walls, cpus) for name, (walls, cpus) in samples.items()}


def summarize(walls, cpus):
    ordered = sorted(walls)
    return {
        "median": statistics.median(walls),
        "p95": ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))],
        "cpu": statistics.median(cpus),
        "n": len(walls),
    }


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def ledger_questions(s, timer, results):
    perm = view_permission_id()
    for who, user, few in (("reader (1%)", s.reader, True), ("clerk (registry)", s.clerk, False)):
        client = client_for(user)
        for label, params, cursor in (
            ("page 1", {}, None),
            (f"page {s.deep_page[who]}", {"after": s.deep_cursor[who]}, s.deep_raw[who]),
        ):
            url = reverse("documents:ledger")
            query = QueryDict(mutable=True)
            query.update(params)
            results.append(
                measure(
                    timer,
                    f"1. Ledger, copies, newest first, {who}, {label}",
                    key=f"1 {who} {'first' if cursor is None else 'deep'}",
                    path=lambda q=query, u=user: ledger_page(u, q).page.rows,
                    http=lambda c=client, p=params: expect_ok(c.get(url, p)),
                    sql=lambda u=user, c=cursor, f=few: raw_sql.ledger_page(user=u.pk, perm=perm, few=f, cursor=c),
                    queries=lambda c=client, p=params: c.get(url, p),
                )
            )
        for label, text in (("title fragment", s.fragment), ("reference number", s.references[who])):
            query = QueryDict(mutable=True)
            query.update({"q": text})
            results.append(
                measure(
                    timer,
                    f"2. Search by {label} «{text}», {who}",
                    key=f"2 {who} {label}",
                    path=lambda q=query, u=user: ledger_page(u, q).page.rows,
                    http=lambda c=client, t=text: expect_ok(c.get(reverse("documents:ledger"), {"q": t})),
                    sql=lambda u=user, t=text, f=few: raw_sql.ledger_page(user=u.pk, perm=perm, few=f, q=t),
                    queries=lambda c=client, t=text: c.get(reverse("documents:ledger"), {"q": t}),
                )
            )


def detail_path(user, pk):
    """What documents.views.documents.detail gathers before rendering: the document, then every part of its page."""
    with remembering_roles():  # as the request's middleware does
        document = visible_documents(user).select_related("registry__unit", "created_by").get(pk=pk)
        return _read(detail_context(user, document))


def _read(value):
    """Querysets the template would read (the panels' lists) read here, as the page reads them."""
    if isinstance(value, QuerySet):
        return list(value)
    if isinstance(value, dict):
        return {key: _read(item) for key, item in value.items()}
    return value


def detail_question(s, timer, results):
    perm = view_permission_id()
    client = client_for(s.clerk)
    url = reverse("documents:detail", args=[s.detail_document.pk])
    results.append(
        measure(
            timer,
            f"3. Document page, {s.detail_document.copies_count} copies, {s.detail_history_rows} history rows, clerk",
            key="3",
            path=lambda: detail_path(s.clerk, s.detail_document.pk),
            http=lambda: expect_ok(client.get(url)),
            sql=lambda: raw_sql.document_page(user=s.clerk.pk, perm=perm, document=s.detail_document.pk),
            queries=lambda: client.get(url),
        )
    )


def lifecycle_question(s, timer, results):
    """Circulation steps: hand a copy out to the next reader on its approved list, then take it back.

    Every variant gets its own approved circulations (made with the real services, before the timing);
    a pair of steps completes one. Only the steps are timed.
    """
    perm = view_permission_id()
    steps = Timer(timer.repeat * 2, warmup=4)
    pairs = steps.repeat // 2 + steps.warmup // 2
    rate_pairs = 50
    made = circulations.approved_circulations(s, 3 * pairs + rate_pairs)
    supply = {"path": made[:pairs], "http": made[pairs : 2 * pairs], "sql": made[2 * pairs : 3 * pairs]}
    supply["rate"] = made[3 * pairs :]
    state = {name: 0 for name in supply}
    client = client_for(s.clerk)

    def next_step(variant):
        index = state[variant]
        state[variant] += 1
        return supply[variant][index // 2], index % 2 == 0

    def path_step(variant="path"):
        circulation, out = next_step(variant)
        if out:
            hand_out(circulation=circulation, by=s.clerk, reason="Benchmark: circulation hand-out")
        else:
            take_back(circulation=circulation, by=s.clerk, reason="Benchmark: returned after reading")

    def http_step():
        circulation, out = next_step("http")
        name = "documents:circulation_hand_out" if out else "documents:circulation_take_back"
        response = client.post(reverse(name, args=[circulation.pk]), {"reason": "Benchmark: circulation step"})
        assert response.status_code == 302, response.status_code

    def sql_step():
        circulation, out = next_step("sql")
        raw_sql.circulation_step(
            circulation=circulation.pk, clerk=s.clerk.pk, perm=perm, hand_out=out, reason="Benchmark: circulation step"
        )

    result = steps.run({"path": path_step, "http": http_step, "sql": sql_step})
    results.append(
        row(
            "4. Circulation step (hand out / take back: locks, role and scope checks, move, history rows of copy, "
            "entry and list)",
            result,
            key="4",
        )
    )
    started = time.perf_counter()
    for _ in range(2 * rate_pairs):
        path_step("rate")
    results[-1]["steps_per_second"] = 2 * rate_pairs / (time.perf_counter() - started)
    # The page answers 302 whether the step was done or refused: check that every list went round.
    assert circulations.all_completed(made), "a circulation step was refused: see the circulations' pages"


def registration_question(s, timer, results):
    perm = view_permission_id()
    client = client_for(s.clerk)
    counter = {"n": 0}
    scope_users = s.scope_people

    def unique(prefix):
        counter["n"] += 1
        return f"{prefix} {os.getpid()}-{counter['n']}"

    def path():
        register_document(
            registry=s.registry, by=s.clerk, reason="Registered on receipt", scope_users=scope_users,
            scope_units=[s.unit], **document_fields(title=unique("关于防汛抗旱工作的通知 基准"), copies_count=10),
        )  # fmt: skip

    def http():
        fields = document_fields(title=unique("关于防汛抗旱工作的通知 基准"), copies_count=10)
        data = {name: "" if value is None else str(value) for name, value in fields.items()}
        data.update(registry=s.registry.pk, reason="Registered on receipt", scope_users=[u.pk for u in scope_users])
        data["scope_units"] = [s.unit.pk]
        response = client.post(reverse("documents:register"), data)
        assert response.status_code == 302, response.content[:2000]

    def sql():
        raw_sql.register(
            registry=s.registry.pk, clerk=s.clerk.pk, perm=perm, title=unique("关于防汛抗旱工作的通知 基准"), copies=10,
            users=[u.pk for u in scope_users], group=s.unit.group_id, reason="Registered on receipt",
        )  # fmt: skip

    result = timer.run({"path": path, "http": http, "sql": sql})
    results.append(row(f"5. Registration, 10 copies, {len(scope_users)} people and 1 unit in scope", result, key="5"))


def pdf_question(sizes, results):
    """Question 6: our registration ledger next to weasyprint on a bare table of the same rows (bench/pdf_bench.py).

    Each case runs in its own process, so its peak memory is its own; CPU counts the case's process and
    its print workers. Both are timed once: a 10,000-row ledger takes minutes.
    """
    print(f"Question 6: registering the ledgers' documents ({', '.join(f'{n:,}' for n in sizes)} copies)…", flush=True)
    pdf_bench.prepare(sizes)
    for rows in sizes:
        print(f"Question 6: printing {rows:,} rows (ours, then plain weasyprint)…", flush=True)
        ours, plain = pdf_bench.measure(rows, "ledger"), pdf_bench.measure(rows, "plain")
        results.append(
            {
                "question": f"6. Registration ledger PDF, {rows:,} rows ({ours['pages']} pages; plain table {plain['pages']})",
                "key": f"6 {rows}",
                "kind": "pdf",
                "ours": ours,
                "plain": plain,
                "ours/plain": ours["wall_s"] / plain["wall_s"],
                "ours/plain cpu": ours["cpu_s"] / plain["cpu_s"],
            }
        )


def audit_question(results):
    """Question 7: verify_audit over the whole history, through the function the command calls."""
    print("Question 7: verifying the audit trail…", flush=True)
    connection.ensure_connection()
    b0, c0, w0 = backend_cpu_ns(), time.process_time(), time.perf_counter()
    report = verify_and_record(by=None)
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0 + (backend_cpu_ns() - b0) / 1e9
    results.append(
        {
            "question": "7. verify_audit over the whole history",
            "key": "7",
            "kind": "audit",
            "ok": report.ok,
            "problems": report.problem_count,
            "rows": report.links,
            "history_tables": report.history_tables,
            "wall_s": wall,
            "cpu_s": cpu,
            "rows_per_s": report.links / wall,
            "rows_per_cpu_s": report.links / cpu if cpu else 0,
        }
    )


def expect_ok(response):
    assert response.status_code == 200, response.status_code
    return response


def measure(timer, name, *, key, path, http, sql, queries):
    result = timer.run({"path": path, "http": http, "sql": sql})
    with CaptureQueriesContext(connection) as context:
        queries()
    out = row(name, result, key=key)
    out["queries"] = len(context.captured_queries)
    return out


def row(name, result, *, key):
    out = {"question": name, "key": key, **{k: v for k, v in result.items()}}
    sql = result.get("sql")
    for variant in ("path", "http"):
        if variant in result and sql:
            out[f"{variant}/sql"] = result[variant]["median"] / sql["median"]
    return out


def machine():
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
        names = ("shared_buffers", "work_mem", "effective_cache_size", "random_page_cost", "fsync", "synchronous_commit")
        pg = {}
        for name in names:
            cursor.execute("SELECT current_setting(%s)", [name])
            pg[name] = cursor.fetchone()[0]
    memory = next(
        (line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), "?"
    )
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
        platform.processor(),
    )
    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(int(memory) / 1024 / 1024, 1) if memory != "?" else "?",
        "postgresql": version,
        "postgresql_settings": pg,
        "python": platform.python_version(),
        "load_average_before": os.getloadavg(),
    }


def fmt(result):
    return f"{result['median']:.1f} / {result['p95']:.1f} ({result['cpu']:.1f})"


def table(report):
    lines = [
        f"Registry: {report['copies']:,} copies, {report['documents']:,} documents, {report['users']:,} people. "
        f"Times in ms: median / p95 (median CPU of this process + its PostgreSQL backend), {report['repeat']} runs.",
        "",
        "| question | path | http | sql | path/sql | http/sql | queries |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in report["results"]:
        if r.get("kind") == "pdf":
            lines.append(pdf_line(r))
            continue
        if r.get("kind") == "audit":
            lines.append(audit_line(r))
            continue
        extra = f" — {r['steps_per_second']:.0f} steps/s on one worker" if "steps_per_second" in r else ""
        lines.append(
            f"| {r['question']}{extra} | {fmt(r['path'])} | {fmt(r['http']) if 'http' in r else '—'} | {fmt(r['sql'])} "
            f"| {r.get('path/sql', 0):.1f} | {r['http/sql']:.1f} | {r.get('queries', '—')} |"
            if "http" in r
            else f"| {r['question']}{extra} | {fmt(r['path'])} | — | {fmt(r['sql'])} | {r.get('path/sql', 0):.1f} | — | — |"
        )
    if any(r.get("kind") for r in report["results"]):
        lines += [
            "",
            "Questions 6 and 7 are timed once each: seconds of wall time (CPU seconds of the process, its print "
            "workers and, for 7, its PostgreSQL backend), peak resident memory. In 6 the **path** column is our ledger "
            "as printed, the **sql** column weasyprint on a bare table of the same rows (the yardstick), the ratio "
            "ours / bare by wall time (CPU).",
        ]
    return "\n".join(lines)


def pdf_cell(result):
    workers = f" + workers ≤ {result['worker_peak_rss_mb']:,} MB" if result.get("worker_peak_rss_mb", 0) > 100 else ""
    return (
        f"{result['wall_s']:.1f} s ({result['cpu_s']:.1f} s CPU), {result['pages_per_s']:.2f} pages/s, "
        f"peak {result['peak_rss_mb']:,} MB{workers}"
    )


def pdf_line(r):
    return (
        f"| {r['question']} | {pdf_cell(r['ours'])} | — | {pdf_cell(r['plain'])} "
        f"| {r['ours/plain']:.2f} ({r['ours/plain cpu']:.2f}) | — | — |"
    )


def audit_line(r):
    verdict = "all holds" if r["ok"] else f"{r['problems']} problem(s)"
    return (
        f"| {r['question']}: {r['rows']:,} rows in {r['history_tables']} history tables, {verdict} "
        f"| {r['wall_s']:.1f} s ({r['cpu_s']:.1f} s CPU): **{r['rows_per_s']:,.0f} rows/s** "
        f"({r['rows_per_cpu_s']:,.0f} per CPU second) | — | — | — | — | — |"
    )


def growth(small, large):
    lines = [
        f"Growth from {small['copies']:,} to {large['copies']:,} copies (HTTP, or the path where there is no page):",
        "",
        "| question | median ms, small | median ms, large | growth | CPU ms, small | CPU ms, large | CPU growth |",
        "|---|---|---|---|---|---|---|",
    ]
    by_key = {r.get("key"): r for r in small["results"]}
    for r in large["results"]:
        other = by_key.get(r.get("key"))
        if other is None or "kind" in r:
            continue
        v = "http" if "http" in r else "path"
        a, b = other[v], r[v]
        lines.append(
            f"| {r['question']} | {a['median']:.1f} | {b['median']:.1f} | {b['median'] / a['median']:.2f}x "
            f"| {a['cpu']:.1f} | {b['cpu']:.1f} | {b['cpu'] / a['cpu']:.2f}x |"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=int(os.environ.get("BENCH_COPIES", 1_000_000)))
    parser.add_argument("--users", type=int, default=int(os.environ.get("BENCH_USERS", 10_000)))
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", 30)))
    parser.add_argument("--json", help="write the results as JSON to this file")
    parser.add_argument("--explain", help="write EXPLAIN (ANALYZE, BUFFERS) of the main queries to this file")
    parser.add_argument("--compare", help="a JSON result of a smaller registry: print the growth")
    parser.add_argument("--only", help="comma-separated question numbers to run, e.g. 1,2")
    parser.add_argument("--skip-pdf", action="store_true", help="leave out question 6 (the printed ledgers take minutes)")
    parser.add_argument("--pdf-sizes", default="1000,10000", help="rows of the ledgers question 6 prints")
    parser.add_argument("--growth", nargs=2, metavar=("SMALL_JSON", "LARGE_JSON"), help="only print the growth table")
    args = parser.parse_args()
    if args.growth:
        small, large = (json.loads(Path(name).read_text()) for name in args.growth)
        print(growth(small, large))
        return
    if connection.vendor != "postgresql":
        sys.exit("make bench needs PostgreSQL: set DATABASE_URL (or run it through scripts/with-postgres.sh).")

    load_before = os.getloadavg()
    git = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    call_command("migrate", verbosity=0)
    if not Document.objects.exists():
        print(f"Empty database: generating {args.copies:,} copies for {args.users:,} people.", flush=True)
        call_command("generate_scale_data", copies=args.copies, users=args.users)
    print("Choosing the people and documents to measure…", flush=True)
    s = subjects.choose()
    print(s.describe(), flush=True)
    only = set(args.only.split(",")) if args.only else {"1", "2", "3", "4", "5", "6", "7"}
    if args.skip_pdf:
        only.discard("6")
    timer = Timer(args.repeat)
    results = []
    if args.explain:
        subjects.write_plans(s, args.explain)
    if only & {"1", "2"}:
        ledger_questions(s, timer, results)
        if "1" not in only:
            results = [r for r in results if not r["question"].startswith("1.")]
        if "2" not in only:
            results = [r for r in results if not r["question"].startswith("2.")]
    if "3" in only:
        detail_question(s, timer, results)
    if "4" in only:
        lifecycle_question(s, timer, results)
    if "5" in only:
        registration_question(s, timer, results)
    if "6" in only:
        pdf_question([int(n) for n in args.pdf_sizes.split(",")], results)
    if "7" in only:
        audit_question(results)
    report = {
        "machine": machine(),
        "copies": Copy.objects.count(),
        "documents": Document.objects.count(),
        "users": s.user_count,
        "repeat": args.repeat,
        "subjects": s.describe(),
        "results": results,
        "git": git,
    }
    # machine() runs at the end; the load before is the one read before generating and measuring.
    report["machine"]["load_average_before"] = load_before
    report["machine"]["load_average_after"] = os.getloadavg()
    print()
    print(json.dumps(report["machine"], ensure_ascii=False))
    print(table(report))
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str))
    if args.compare:
        print()
        print(growth(json.loads(Path(args.compare).read_text()), report))


if __name__ == "__main__":
    main()
