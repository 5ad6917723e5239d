#!/usr/bin/env python3
"""Every registered test carries exactly one label of unit, torch-case, golden, e2e, mpi, slurm (docs/development.md,
"Test labels"), so that `ctest -L unit` is the whole inner loop and `ctest -LE 'mpi|slurm'` leaves out exactly those;
and every torch-case test's binary has its unit.<binary> test, which runs those cases in one process.

Usage: check_labels.py BUILD_DIR    (asks `ctest --show-only=json-v1` there; prints one line per test that is wrong)
"""
import collections
import json
import subprocess
import sys

LABELS = {"unit", "torch-case", "golden", "e2e", "mpi", "slurm"}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    listing = subprocess.run(["ctest", "--test-dir", sys.argv[1], "--show-only=json-v1"], capture_output=True,
                             text=True, check=True).stdout
    tests = json.loads(listing)["tests"]
    names = {test["name"] for test in tests}
    counts = collections.Counter()
    wrong = []
    for test in tests:
        labels = []
        for prop in test.get("properties", []):
            if prop["name"] == "LABELS":
                labels = prop["value"]
        if len(labels) != 1 or labels[0] not in LABELS:
            wrong.append(f"{test['name']}: labels {labels or 'none'}, not exactly one of {sorted(LABELS)}")
            continue
        counts[labels[0]] += 1
        command = test.get("command") or []
        if labels[0] == "torch-case" and command:
            binary = command[0].rsplit("/", 1)[-1]
            if f"unit.{binary}" not in names:
                wrong.append(f"{test['name']}: a torch-case test whose binary {binary} has no unit.{binary}")
    for line in wrong:
        print(line)
    if not tests:
        print("no tests registered")
        return 1
    if wrong:
        return 1
    print(f"{len(tests)} tests, one label each: " + ", ".join(f"{k} {counts[k]}" for k in sorted(counts)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
