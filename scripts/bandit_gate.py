"""Show bandit's findings of medium severity and above, and fail on any of high severity (make bandit).

One scan, read twice: bandit writes its JSON report and this prints it for
review and decides, instead of bandit scanning the whole tree a second time
only to apply a stricter threshold.
Usage: python scripts/bandit_gate.py REPORT.json
"""

import json
import sys


def main(path):
    with open(path, encoding="utf-8") as report:
        data = json.load(report)
    for error in data["errors"]:
        print(f"bandit could not scan {error['filename']}: {error['reason']}")
    high = 0
    for finding in data["results"]:
        high += finding["issue_severity"] == "HIGH"
        print(
            f">> {finding['test_id']} {finding['issue_severity']}/{finding['issue_confidence']} "
            f"{finding['filename']}:{finding['line_number']}: {finding['issue_text']}\n{finding['code']}"
        )
    print(f"bandit: {len(data['results'])} finding(s) of medium severity or above, {high} of high severity.")
    return 1 if high or data["errors"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
