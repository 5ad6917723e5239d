#!/usr/bin/env python3
"""The authors' later task suite, character for character: every fixture of tests/golden/v3_tasks (written by
tests/reference/v3_task_golden.py from their task classes, Yangjiaxi/DeepThinking) against dt-demos --prompts.

For each case (seed, exemplar method, k) the demonstration string must be equal, the number of scored queries equal,
the first queries' prompt, texts and answer equal, and the SHA-256 over all queries (as the generator computes it)
equal. Usage: v3_task_golden.py BIN_DIR SOURCE_DIR [FIXTURE_NAME ...]
"""
import hashlib
import json
import pathlib
import subprocess
import sys


def first_difference(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i
    return min(len(a), len(b))


def check_case(dt_demos, source, fixture, case):
    command = [str(dt_demos), "--task", str(source / fixture["card"]), "--data-root", str(source / fixture["data_root"]),
               "--seed", str(case["seed"]), "--k", str(case["k"]), "--method", case["method"], "--prompts"]
    run = subprocess.run(command, capture_output=True, text=True)
    if run.returncode != 0:
        return [f"dt-demos failed: {run.stderr.strip()}"]
    got = json.loads(run.stdout)
    problems = []
    if got["demonstration"] != case["demonstration"]:
        at = first_difference(got["demonstration"], case["demonstration"])
        problems.append(f"demonstration differs at character {at}: dt {got['demonstration'][at:at + 60]!r} vs "
                        f"reference {case['demonstration'][at:at + 60]!r}")
    queries = got["queries"]
    if len(queries) != case["query_count"]:
        problems.append(f"{len(queries)} queries, the reference scores {case['query_count']}")
    for i, (mine, theirs) in enumerate(zip(queries, case["queries_head"])):
        if mine != theirs:
            problems.append(f"query {i}: dt {json.dumps(mine, ensure_ascii=False)[:200]} vs reference "
                            f"{json.dumps(theirs, ensure_ascii=False)[:200]}")
            break
    digest = hashlib.sha256(json.dumps([[q["prompt"], q["texts"], q["answer"]] for q in queries],
                                       ensure_ascii=False).encode("utf-8")).hexdigest()
    if digest != case["queries_sha256"]:
        problems.append("the queries' SHA-256 differs from the reference's")
    return problems


def main():
    bin_dir, source = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    only = set(sys.argv[3:])
    fixtures = sorted((source / "tests/golden/v3_tasks").glob("*.json"))
    if not fixtures:
        sys.exit("no fixtures under tests/golden/v3_tasks")
    failures, cases = 0, 0
    for path in fixtures:
        if only and path.stem not in only:
            continue
        fixture = json.loads(path.read_text(encoding="utf-8"))
        for case in fixture["cases"]:
            cases += 1
            problems = check_case(bin_dir / "dt-demos", source, fixture, case)
            for problem in problems:
                failures += 1
                print(f"FAIL {path.stem} seed {case['seed']} {case['method']} k={case['k']}: {problem}")
    print(f"{cases} cases from {len(fixtures) if not only else len(only)} fixtures, {failures} differences")
    sys.exit(1 if failures or cases == 0 else 0)


if __name__ == "__main__":
    main()
