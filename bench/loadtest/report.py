"""The load test's figures as a Markdown table (docs/performance.md), from locust's CSV files.

    python bench/loadtest/report.py var/loadtest --copies 100000 --people 50 --duration 3m --started ...
"""

import argparse
import csv
import os
import platform
import re
import statistics
from collections import defaultdict
from pathlib import Path

GOAL_MS = {"page": 500, "step": 300}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--copies", type=int, required=True)
    parser.add_argument("--people", type=int, required=True)
    parser.add_argument("--duration", required=True)
    parser.add_argument("--started", default="")
    args = parser.parse_args()
    rows = list(csv.DictReader(open(args.out / "stats_stats.csv")))
    failures = list(csv.DictReader(open(args.out / "stats_failures.csv")))
    load = os.getloadavg()
    print(
        f"{args.people} people for {args.duration} on {args.copies:,} copies, started {args.started}; "
        f"{os.cpu_count()} cores ({platform.processor() or platform.machine()}), "
        f"load average at the end {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}.\n"
    )
    print("| request | count | per s | median ms | p95 ms | p99 ms | errors | goal |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    met = True
    for row in sorted(rows, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        name = row["Name"]
        kind = name.split(" ", 1)[0]
        p95 = float(row["95%"] or 0)
        goal = GOAL_MS.get(kind)
        errors = int(row["Failure Count"])
        if goal is None:
            verdict = ""
        elif p95 < goal and errors == 0:
            verdict = f"p95 < {goal} ms: met"
        else:
            verdict = f"p95 < {goal} ms: **not met**"
            met = False
        print(
            f"| {name} | {row['Request Count']} | {float(row['Requests/s']):.2f} | {row['50%']} | {row['95%']} | "
            f"{row['99%']} | {errors} | {verdict} |"
        )
    if failures:
        print("\nErrors:\n")
        for failure in failures:
            print(f"- {failure['Occurrences']} × {failure['Method']} {failure['Name']}: {failure['Error']}")
    _server_side(args.out / "server.log")
    print(f"\nGoal (zero errors, p95 under 500 ms for pages and 300 ms for steps): {'met' if met else 'not met'}.")


LINE = re.compile(r'"(GET|POST|HEAD) (\S+) HTTP/[\d.]+" (\d{3}) \S+ ([\d.]+)s')


def _server_side(log):
    """gunicorn's own time per route (from the request read to the response written), beside what the clients waited.

    The difference is time spent waiting: for a free worker (sync workers,
    one request each) and for a CPU.
    """
    if not log.exists():
        return
    times = defaultdict(list)
    for line in log.read_text(errors="replace").splitlines():
        found = LINE.search(line)
        if found and not found.group(2).startswith("/static/"):
            method, path, _status, seconds = found.groups()
            route = re.sub(r"/\d+/", "/<id>/", path)
            times[f"{method} {route}"].append(float(seconds) * 1000)
    if not times:
        return
    print("\nInside gunicorn (the worker's own time per request, ms):\n")
    print("| route | count | median | p95 |")
    print("|---|---:|---:|---:|")
    for route, values in sorted(times.items(), key=lambda item: -len(item[1]))[:25]:
        values.sort()
        p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
        print(f"| {route} | {len(values)} | {statistics.median(values):.0f} | {p95:.0f} |")


if __name__ == "__main__":
    main()
