"""A 10,000-row ledger printed by two workers while the web answers, one worker killed mid-print (`make bench-print`).

The question of issue 17's "done means": does a ledger that large come out of
the production shape, printed in parallel, while people keep working, even
when a worker dies with SIGKILL half-way? On a throwaway PostgreSQL
(scripts/with-postgres.sh) this script:

1. registers 10,000 copies (1,000 documents of 10 copies) in one registry
   through the registry's own service (bench/pdf_bench.py's `prepare`, the
   registry the PDF benchmark prints), as the owner;
2. starts `make serve`'s shape without its worker (scripts/serve.sh with
   SERVE_TASK_WORKERS=0: migrate, audit roles, gunicorn with production
   settings as the application role) and two `manage.py db_worker`s of its own;
3. signs in as the registry's clerk, times a few pages (before the print),
   asks for the registration ledger of the 10,000 copies through the print
   form, and keeps timing the same pages while it prints;
4. once some chunks are done, SIGKILLs the worker holding a running part;
5. waits for the job, downloads the PDF, reads its page count back (pypdf)
   and checks it against the PrintRecord (pages, SHA-256);
6. writes var/print-bench/report.md and report.json.

    scripts/with-postgres.sh .venv/bin/python bench/print_under_load.py [--rows 10000] [--port 8766]

PRINT_LEASE_SECONDS is the setting's default unless DJANGO_PRINT_LEASE_SECONDS
is set: the killed worker's part waits that long before it is given back.
"""

import argparse
import io
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secrecy_registry.settings")

PAGES = {
    "home": "/",
    "ledger": "/ledger/?registry={registry}",
    "search": "/find/?q=Notice",
    "job page": "/prints/jobs/{job}/",
}


def production_env(port):
    """The environment scripts/serve.sh gives its worker: production settings, the application role."""
    env = dict(os.environ)
    env.pop("DJANGO_DEBUG", None)
    env.update(
        DATABASE_URL=os.environ["DATABASE_APP_URL"],
        DJANGO_SECRET_KEY=(ROOT / "var" / "serve-secret-key").read_text().strip(),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SSL_REDIRECT="0",
        DJANGO_REQUIRE_2FA="0",
        DJANGO_SERVE_STATIC="1",
        DJANGO_STATIC_ROOT=str(ROOT / "var" / "static"),
        DJANGO_AUDIT_APP_ROLE=os.environ.get("DJANGO_AUDIT_APP_ROLE", "registry_app"),
    )
    return env


def prepare(rows, py):
    code = (
        "import bench.pdf_bench as b; b.setup_django(); b.prepare([%d]); "
        "from documents.models import Registry; print(Registry.objects.get(code=b.registry_code(%d)).pk)" % (rows, rows)
    )
    env = dict(os.environ, DJANGO_DEBUG="1")
    output = subprocess.run([py, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout
    return int(output.strip().splitlines()[-1])


def start_server(port, py, log):
    env = dict(os.environ, SERVE_TASK_WORKERS="0", GUNICORN_BIND=f"127.0.0.1:{port}", DJANGO_REQUIRE_2FA="0", PY=py)
    server = subprocess.Popen(["scripts/serve.sh"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    import requests

    for _ in range(900):
        if server.poll() is not None:
            raise SystemExit(f"The server stopped; see {log.name}")
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200:
                return server
        except requests.RequestException:
            pass
        time.sleep(1)
    raise SystemExit("The server did not answer /healthz in 15 minutes")


def start_worker(port, py, log):
    return subprocess.Popen([py, "manage.py", "db_worker", "--no-reload"], cwd=ROOT, env=production_env(port),
                            stdout=log, stderr=subprocess.STDOUT)


def _loopback_is_trustworthy(policy, cookie, request, _secure_only=DefaultCookiePolicy.return_ok_secure):
    # The registry's cookies are Secure-only and `make serve` speaks plain HTTP on the loopback (as a browser
    # allows there). requests merges the session's cookies into a fresh jar for every request, with the
    # default policy: hence the policy's method, not a policy of the session (bench/loadtest/locustfile.py).
    return urlparse(request.get_full_url()).hostname in ("127.0.0.1", "localhost") or _secure_only(
        policy, cookie, request
    )


DefaultCookiePolicy.return_ok_secure = _loopback_is_trustworthy


def sign_in(base, username, password):
    import requests

    session = requests.Session()
    page = session.get(f"{base}/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    done = session.post(f"{base}/accounts/login/", data={"username": username, "password": password,
                                                         "csrfmiddlewaretoken": token},
                        headers={"Referer": f"{base}/accounts/login/"})
    if "/accounts/login/" in done.url:
        raise SystemExit(f"could not sign in as {username}")
    return session


def csrf_of(session, url):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', session.get(url).text).group(1)


class Sampler(threading.Thread):
    """Times the pages one after the other, a second apart, as one person clicking would."""

    def __init__(self, session, base, urls):
        super().__init__(daemon=True)
        self.session, self.base, self.urls = session, base, urls
        self.samples, self.phase, self.stop = [], "before", threading.Event()

    def run(self):
        while not self.stop.is_set():
            for name, url in self.urls.items():
                started = time.perf_counter()
                try:
                    status = self.session.get(self.base + url, timeout=60).status_code
                except Exception:  # a timeout is a sample too: the page did not answer
                    status = 0
                self.samples.append((self.phase, name, (time.perf_counter() - started) * 1000, status))
            self.stop.wait(1)


def summary(samples, phase):
    rows = {}
    for name in PAGES:
        times = sorted(ms for p, n, ms, _status in samples if p == phase and n == name)
        errors = sum(1 for p, n, _ms, status in samples if p == phase and n == name and status != 200)
        if times:
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            rows[name] = {"n": len(times), "median_ms": round(statistics.median(times)), "p95_ms": round(p95),
                          "max_ms": round(times[-1]), "errors": errors}
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--kill-after", type=float, default=0.3,
                        help="kill a worker once this share of the chunks is done (default 0.3)")
    parser.add_argument("--timeout", type=int, default=3600)
    parser.add_argument("--out", default=str(ROOT / "var" / "print-bench"))
    args = parser.parse_args()
    if not os.environ.get("DATABASE_APP_URL"):
        raise SystemExit("Run under scripts/with-postgres.sh (or set DATABASE_URL and DATABASE_APP_URL).")
    py, out = sys.executable, Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    base = f"http://127.0.0.1:{args.port}"

    print(f"== {args.rows} copies in one registry (as the owner)", flush=True)
    started = time.perf_counter()
    subprocess.run([py, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=dict(os.environ, DJANGO_DEBUG="1"),
                   check=True)
    registry = prepare(args.rows, py)
    load_s = time.perf_counter() - started

    os.environ["DJANGO_DEBUG"] = "1"  # this process reads the database as the owner, to watch the parts
    import django

    django.setup()
    from printing.models import PartStatus, PrintJob, PrintJobStatus, PrintPart, Stage
    from tests.factories import PASSWORD

    server_log = open(out / "server.log", "w")
    print(f"== make serve's shape on {base} without its worker (log: {server_log.name})", flush=True)
    server = start_server(args.port, py, server_log)
    workers = {}
    try:
        for number in (1, 2):
            log = open(out / f"worker-{number}.log", "w")
            worker = start_worker(args.port, py, log)
            workers[worker.pid] = worker
        print(f"== two db_workers: pids {', '.join(map(str, workers))}", flush=True)

        session = sign_in(base, "bench_clerk", PASSWORD)
        urls = {name: url.format(registry=registry, job=0) for name, url in PAGES.items() if name != "job page"}
        sampler = Sampler(sign_in(base, "bench_clerk", PASSWORD), base, urls)
        sampler.start()
        time.sleep(20)

        print("== asking for the registration ledger through the print form", flush=True)
        form = f"{base}/prints/registration/"
        asked = time.perf_counter()
        response = session.post(form, data={"registry": registry, "year": time.localtime().tm_year,
                                            "csrfmiddlewaretoken": csrf_of(session, form)},
                                headers={"Referer": form}, allow_redirects=False)
        ask_ms = (time.perf_counter() - asked) * 1000
        job_pk = int(re.search(r"/prints/jobs/(\d+)/", response.headers.get("Location", "")).group(1))
        sampler.urls = {**urls, "job page": PAGES["job page"].format(job=job_pk)}
        sampler.phase = "during"

        killed, kill_at, deadline = None, None, time.monotonic() + args.timeout
        while time.monotonic() < deadline:
            job = PrintJob.objects.get(pk=job_pk)
            if job.is_finished:
                break
            chunks = list(PrintPart.objects.filter(job_id=job_pk, stage=Stage.CHUNK).values("status", "worker"))
            done = sum(1 for part in chunks if part["status"] == PartStatus.DONE)
            if killed is None and chunks and done >= args.kill_after * len(chunks):
                holders = {int(part["worker"].split(":")[1]) for part in chunks
                           if part["status"] == PartStatus.RUNNING and part["worker"]}
                victims = [pid for pid in holders if pid in workers]
                if victims:
                    killed, kill_at = victims[0], time.perf_counter() - asked
                    os.kill(killed, signal.SIGKILL)
                    workers[killed].wait()
                    print(f"== SIGKILL worker {killed} at {kill_at:.0f} s ({done}/{len(chunks)} chunks done)", flush=True)
            time.sleep(1)
        finished_s = time.perf_counter() - asked
        sampler.phase = "after"
        time.sleep(5)
        sampler.stop.set()
        sampler.join()

        job = PrintJob.objects.select_related("record").get(pk=job_pk)
        parts = list(PrintPart.objects.filter(job_id=job_pk).values("stage", "status", "worker", "attempts", "lost",
                                                                   "started_at", "finished_at"))
        result = {
            "rows": job.expected_rows, "status": job.status, "error": job.error, "load_s": round(load_s),
            "ask_ms": round(ask_ms), "seconds_to_pdf": round(finished_s), "killed_worker": killed,
            "killed_at_s": round(kill_at) if kill_at else None,
            "chunks": sum(1 for part in parts if part["stage"] == Stage.CHUNK),
            "chunks_per_worker": _per_worker(parts, Stage.CHUNK),
            "parts_retried": sum(1 for part in parts if part["lost"]),
            "lease_seconds": float(os.environ.get("DJANGO_PRINT_LEASE_SECONDS", "120")),
            "pages": {phase: summary(sampler.samples, phase) for phase in ("before", "during", "after")},
        }
        if job.status == PrintJobStatus.DONE:
            result.update(_read_back(session, base, job))
    finally:
        for worker in workers.values():
            if worker.poll() is None:
                worker.terminate()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()
    (out / "report.json").write_text(json.dumps(result, indent=2, default=str))
    report = _markdown(result)
    (out / "report.md").write_text(report)
    print(report)
    return 0 if result["status"] == PrintJobStatus.DONE and result.get("pdf_pages") == result.get("record_pages") else 1


def _per_worker(parts, stage):
    counts = {}
    for part in parts:
        if part["stage"] == stage and part["status"] == "done":
            pid = part["worker"].split(":")[1]
            counts[pid] = counts.get(pid, 0) + 1
    return counts


def _read_back(session, base, job):
    import hashlib

    from pypdf import PdfReader

    pdf = session.get(f"{base}/prints/jobs/{job.pk}/download/").content
    return {"pdf_pages": len(PdfReader(io.BytesIO(pdf)).pages), "record_pages": job.record.pages,
            "record_rows": job.record.row_count, "pdf_mb": round(len(pdf) / 2**20, 1),
            "sha256_matches": hashlib.sha256(pdf).hexdigest() == job.record.sha256}


def _markdown(r):
    lines = [
        f"# {r['rows']:,}-row registration ledger, two workers, one killed",
        "",
        f"- Status: **{r['status']}** {r['error']}".rstrip(),
        f"- Loading {r['rows']:,} copies: {r['load_s']} s; asking for the print: {r['ask_ms']} ms",
        f"- Time to the finished PDF: **{r['seconds_to_pdf']} s**"
        + (f" (worker {r['killed_worker']} SIGKILLed at {r['killed_at_s']} s; lease {r['lease_seconds']:.0f} s)"
           if r["killed_worker"] else " (no worker was killed)"),
        f"- Chunks: {r['chunks']}, done per worker (pid: chunks): {r['chunks_per_worker']}; parts retried after"
        f" their worker died: {r['parts_retried']}",
    ]
    if "pdf_pages" in r:
        lines.append(f"- PDF read back: {r['pdf_pages']} pages ({r['pdf_mb']} MB), record says {r['record_pages']}"
                     f" pages, {r['record_rows']} rows; SHA-256 matches the record: {r['sha256_matches']}")
    lines += ["", "| page | phase | n | median ms | p95 ms | max ms | errors |", "|---|---|---:|---:|---:|---:|---:|"]
    for phase, rows in r["pages"].items():
        for name, row in rows.items():
            lines.append(f"| {name} | {phase} | {row['n']} | {row['median_ms']} | {row['p95_ms']} | {row['max_ms']}"
                         f" | {row['errors']} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
