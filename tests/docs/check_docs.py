#!/usr/bin/env python3
"""Checks dt's user documentation (README.md and docs/*.md) against the repository.

Usage: check_docs.py ROOT        checks the repository at ROOT; prints one line per problem, exits 1 if any
       check_docs.py --self-test  checks the checker on throw-away repositories (exit 0 when it catches what it must)

Problems reported:
  * README.md has more than 150 lines (it is an entrance; the manual is docs/).
  * The README's first lines after the title, blank lines skipped, are not the two commands `scripts/quickstart.sh`
    and `scripts/test.sh` as indented code lines.
  * A Markdown link or image, [text](target), ![alt](target) or a reference definition [label]: target, in README.md
    or docs/*.md, outside code, whose relative target (resolved against the file's folder, #anchor stripped) is not an
    existing file or folder inside the repository, or resolves outside the repository root. http(s)://, mailto: and
    anchor-only links are not checked.
  * Any text (code included) that mentions `../shared/notes`, or a link to `../shared`: the reference material is
    outside the repository and its notes are not documentation.
  * A docs/*.md page that README.md does not link to.
  * A count in the text that disagrees with what it counts:
      "N bad inputs"                   rows of the table in docs/bad-inputs.md;
      "N task cards"                   *.toml under jobs/, suites (jobs/suites/) left out;
      "N MMLU subjects", "N subjects", "`mmlu/<subject>` (N)"   jobs/mmlu/*.toml;
      "N BBH tasks" (also "N multiple-choice BBH tasks"), "`bbh/<task>` (N)", "bbh.toml` (N tasks)"   jobs/bbh/*.toml;
      "STEM N, Humanities N, Social Sciences N, Other N"  the categories of jobs/suites/mmlu.toml;
      "every selection task it registers, N in all"  the tasks configs/paper_v3.toml expands to (it runs all of them);
      on a line that names exactly one configs/NAME.toml (as `NAME.toml` or `configs/NAME.toml`):
      "N models", "N tasks" (its task entries that are not suites), "N seeds", "N shot counts", "N steps" (the last
      step) and "N trajectories" (models x the sum over task entries of tasks x seeds x shot counts, suites expanded
      and task_shots applied, x optimizer settings), all read from that file. A trajectory count of a grid with
      zero-shot, demonstrations, exemplars or stop is reported as uncheckable.
Numbers may carry thousands separators (14,725). Uses the standard library only (tomllib: Python 3.11).
"""

import os
import re
import subprocess
import sys
import tempfile

MAX_README_LINES = 150
COMMANDS = ("scripts/quickstart.sh", "scripts/test.sh")

LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*(<[^>]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+[\"'(][^)]*)?\s*\)")
REFDEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)")
FENCE = re.compile(r"^\s*(```|~~~)")
INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")


def number(text):
    return int(text.replace(",", ""))


def markdown_files(root):
    files = []
    if os.path.isfile(os.path.join(root, "README.md")):
        files.append("README.md")
    docs = os.path.join(root, "docs")
    if os.path.isdir(docs):
        files += sorted("docs/" + f for f in os.listdir(docs) if f.endswith(".md"))
    return files


def prose_lines(text):
    """(line number, line) outside fenced code, with inline code blanked out."""
    fenced = False
    for number_, line in enumerate(text.splitlines(), 1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield number_, INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line)


def links(text):
    """(line number, target) of every Markdown link, image and reference definition outside code."""
    for line_no, line in prose_lines(text):
        for match in LINK.finditer(line):
            yield line_no, match.group(1)
        definition = REFDEF.match(line)
        if definition:
            yield line_no, definition.group(1)


def check_readme(root, problems):
    path = os.path.join(root, "README.md")
    if not os.path.isfile(path):
        problems.append("README.md: missing")
        return
    lines = open(path, encoding="utf-8").read().splitlines()
    if len(lines) > MAX_README_LINES:
        problems.append(f"README.md: {len(lines)} lines, more than {MAX_README_LINES}")
    body = [(i, line) for i, line in enumerate(lines, 1) if line.strip()]
    if body and body[0][1].startswith("# "):
        body = body[1:]
    first = body[:len(COMMANDS)]
    for k, command in enumerate(COMMANDS):
        if k >= len(first):
            problems.append(f"README.md: line {k + 1} after the title should be the indented command {command}")
            continue
        line_no, line = first[k]
        if not re.match(r"^(    |\t)" + re.escape(command) + r"(\s|$)", line):
            problems.append(f"README.md:{line_no}: expected the indented code line `    {command} ...` here, "
                            f"found {line.strip()[:60]!r}")


def check_links(root, files, problems):
    """Returns the set of repository paths README.md links to."""
    root_real = os.path.realpath(root)
    from_readme = set()
    for name in files:
        text = open(os.path.join(root, name), encoding="utf-8").read()
        if "../shared/notes" in text:
            for line_no, line in enumerate(text.splitlines(), 1):
                if "../shared/notes" in line:
                    problems.append(f"{name}:{line_no}: mentions ../shared/notes, which is outside the repository")
        for line_no, target in links(text):
            target = target.strip("<>")
            if not target or target.startswith("#") or re.match(r"^(https?:|mailto:)", target, re.I):
                continue
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith("/"):
                problems.append(f"{name}:{line_no}: link {target} is not a relative path inside the repository")
                continue
            path = target.split("#", 1)[0].split("?", 1)[0]
            if "../shared" in path:
                problems.append(f"{name}:{line_no}: link {target} points into ../shared, outside the repository")
                continue
            resolved = os.path.realpath(os.path.join(root, os.path.dirname(name), path))
            if resolved != root_real and not resolved.startswith(root_real + os.sep):
                problems.append(f"{name}:{line_no}: link {target} resolves outside the repository")
                continue
            if not os.path.exists(resolved):
                problems.append(f"{name}:{line_no}: link {target} does not resolve to a file "
                                f"({os.path.relpath(resolved, root_real)} is missing)")
                continue
            if name == "README.md":
                from_readme.add(os.path.relpath(resolved, root_real).replace(os.sep, "/"))
    return from_readme


def check_docs_linked(files, from_readme, problems):
    for name in files:
        if name.startswith("docs/") and name not in from_readme:
            problems.append(f"README.md: does not link {name}")


class Facts:
    """What the counts in the text are checked against, computed when first asked for."""

    def __init__(self, root):
        self.root = root
        self.cache = {}

    def get(self, key):
        if key not in self.cache:
            self.cache[key] = getattr(self, "_" + key)()
        return self.cache[key]

    def _path(self, *parts):
        return os.path.join(self.root, *parts)

    def _bad_inputs(self):
        path = self._path("docs", "bad-inputs.md")
        if not os.path.isfile(path):
            return None
        return sum(1 for line in open(path, encoding="utf-8") if re.match(r"^\|\s*\d+\s*\|", line))

    def _task_cards(self):
        jobs = self._path("jobs")
        if not os.path.isdir(jobs):
            return None
        count = 0
        for folder, subfolders, names in os.walk(jobs):
            if os.path.relpath(folder, jobs).split(os.sep)[0] == "suites":
                continue
            count += sum(1 for n in names if n.endswith(".toml"))
        return count

    def _cards_in(self, sub):
        folder = self._path("jobs", sub)
        if not os.path.isdir(folder):
            return None
        return sum(1 for n in os.listdir(folder) if n.endswith(".toml"))

    def _mmlu(self):
        return self._cards_in("mmlu")

    def _bbh(self):
        return self._cards_in("bbh")

    def _mmlu_categories(self):
        suite = load_toml(self._path("jobs", "suites", "mmlu.toml"))
        if suite is None:
            return None
        return {c["name"]: len(c["tasks"]) for c in suite.get("categories", [])}

    def _paper_v3_tasks(self):
        return expanded_task_count(self.root, "paper_v3")


def load_toml(path):
    if not os.path.isfile(path):
        return None
    try:
        import tomllib
    except ImportError:  # Python < 3.11
        raise SystemExit("check_docs.py needs Python 3.11 or later (tomllib)")
    with open(path, "rb") as f:
        return tomllib.load(f)


def suite_size(root, entry):
    suite = load_toml(os.path.join(root, "jobs", "suites", entry.split(":", 1)[1] + ".toml"))
    return None if suite is None else len(suite.get("tasks", []))


def expanded_task_count(root, config_name):
    config = load_toml(os.path.join(root, "configs", config_name + ".toml"))
    if config is None:
        return None
    total = 0
    for entry in config.get("sweep", {}).get("tasks", []):
        size = suite_size(root, entry) if entry.startswith("suite:") else 1
        if size is None:
            return None
        total += size
    return total


def listlen(value, default=1):
    if value is None:
        return default
    return len(value) if isinstance(value, list) else 1


def optimizer_settings(optimizer):
    count = 1
    for key, value in optimizer.items():
        if key not in ("kind", "label", "name", "layers", "ramp") and isinstance(value, list):
            count *= len(value)
    return count


def config_facts(root, name):
    config = load_toml(os.path.join(root, "configs", name + ".toml"))
    if config is None:
        return None
    sweep = config.get("sweep", {})
    entries = sweep.get("tasks", [])
    shots = sweep.get("shots", [])
    task_shots = sweep.get("task_shots", {})
    seeds = listlen(sweep.get("seeds"), 0)
    steps = sweep.get("steps")
    per_model = 0
    for entry in entries:
        size = suite_size(root, entry) if entry.startswith("suite:") else 1
        if size is None:
            return None
        per_model += size * seeds * listlen(task_shots.get(entry, shots), 0)
    optimizers = sum(optimizer_settings(o) for o in config.get("optimizers", [])) or 1
    # Baselines scored once (zero-shot, repeat:R), variants and stop settings make the count more than a product;
    # a grid with any of them has no trajectory count this checker vouches for.
    simple = not any(key in sweep for key in ("demonstrations", "exemplars", "stop")) and 0 not in (
        shots if isinstance(shots, list) else [shots])
    return {
        "models": len(config.get("models", [])),
        "tasks": sum(1 for e in entries if not e.startswith("suite:")),
        "seeds": seeds,
        "shot counts": listlen(shots, 0),
        "steps": max(steps) if isinstance(steps, list) else steps,
        "trajectories": len(config.get("models", [])) * per_model * optimizers if simple else None,
    }


NUM = r"(\d{1,3}(?:,\d{3})+|\d+)"
CLAIMS = [  # (pattern, fact key, what it counts)
    (NUM + r"\s+bad inputs", "bad_inputs", "rows of docs/bad-inputs.md"),
    (NUM + r"\s+task cards", "task_cards", "task cards in jobs/ (suites left out)"),
    (NUM + r"\s+(?:MMLU\s+)?subjects", "mmlu", "cards in jobs/mmlu/"),
    (r"`mmlu/<subject>`\s*\(" + NUM + r"\)", "mmlu", "cards in jobs/mmlu/"),
    (NUM + r"\s+(?:multiple-choice\s+)?BBH\s+tasks", "bbh", "cards in jobs/bbh/"),
    (r"`bbh/<task>`\s*\(" + NUM + r"\)", "bbh", "cards in jobs/bbh/"),
    (r"bbh\.toml`\s*\(" + NUM + r"\s+tasks\)", "bbh", "cards in jobs/bbh/"),
    (r"every selection task it registers,\s+" + NUM + r"\s+in all", "paper_v3_tasks",
     "tasks configs/paper_v3.toml expands to"),
]
CONFIG_NAME = re.compile(r"`(?:configs/)?([A-Za-z0-9_]+)\.toml`|\bconfigs/([A-Za-z0-9_]+)\.toml\b")
CONFIG_CLAIMS = ["models", "tasks", "seeds", "shot counts", "steps", "trajectories"]


def check_counts(root, files, problems):
    facts = Facts(root)
    for name in files:
        text = open(os.path.join(root, name), encoding="utf-8").read()
        if name == "docs/bad-inputs.md":
            continue  # generated by the test badinput.table; its numbers are row numbers
        raw_lines = text.splitlines()
        for line_no, line in prose_lines(text):
            raw = raw_lines[line_no - 1]
            for pattern, key, what in CLAIMS:
                for match in re.finditer(pattern, raw):
                    said, actual = number(match.group(1)), facts.get(key)
                    if actual is None:
                        problems.append(f"{name}:{line_no}: says {match.group(0)!r} but there is nothing to count ({what})")
                    elif said != actual:
                        problems.append(f"{name}:{line_no}: says {match.group(0)!r}, but there are {actual} ({what})")
            for match in re.finditer(r"(STEM|Humanities|Social Sciences|Other) (\d+)\b", raw):
                categories = facts.get("mmlu_categories")
                actual = None if categories is None else categories.get(match.group(1))
                if actual != int(match.group(2)):
                    problems.append(f"{name}:{line_no}: says {match.group(0)!r}, but jobs/suites/mmlu.toml's "
                                    f"category {match.group(1)} has {actual} subjects")
            configs = {a or b for a, b in CONFIG_NAME.findall(raw)}
            configs = {c for c in configs if os.path.isfile(os.path.join(root, "configs", c + ".toml"))}
            if len(configs) != 1:
                continue
            config = configs.pop()
            for claim in CONFIG_CLAIMS:
                for match in re.finditer(NUM + r"\s+" + claim + r"\b", line):
                    grid = config_facts(root, config)
                    actual = None if grid is None else grid[claim]
                    if actual is None:
                        problems.append(f"{name}:{line_no}: says {match.group(0)!r} of configs/{config}.toml, "
                                        "which this checker cannot count: link the file instead of quoting it")
                    elif number(match.group(1)) != actual:
                        problems.append(f"{name}:{line_no}: says {match.group(0)!r} of configs/{config}.toml, "
                                        f"which has {actual}")


def check(root):
    problems = []
    files = markdown_files(root)
    check_readme(root, problems)
    from_readme = check_links(root, files, problems)
    check_docs_linked(files, from_readme, problems)
    check_counts(root, files, problems)
    return problems


def self_test():
    """A repository with a too-long README, a broken link and a link outside must give those three problems; a clean
    one must give none."""
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        clean = os.path.join(tmp, "clean", "repo")
        os.makedirs(os.path.join(clean, "docs"))
        readme = ["# t", "", "    scripts/quickstart.sh    # set up", "    scripts/test.sh          # test", "",
                  "[the page](docs/page.md), [a heading](docs/page.md#a), [web](https://example.org)", "",
                  "`[not a link](nowhere.md)`"]
        open(os.path.join(clean, "README.md"), "w").write("\n".join(readme) + "\n")
        open(os.path.join(clean, "docs", "page.md"), "w").write("# Page\n\n[back](../README.md)\n\n## A\n")
        got = check(clean)
        if got:
            failures.append("a clean repository gave problems: " + "; ".join(got))

        broken = os.path.join(tmp, "broken", "repo")
        os.makedirs(os.path.join(broken, "docs"))
        long_readme = readme + ["[gone](docs/missing.md)", "[notes](../shared/notes/perf_baseline.md)"]
        long_readme += ["filler"] * (MAX_README_LINES + 1 - len(long_readme) + 1)
        open(os.path.join(broken, "README.md"), "w").write("\n".join(long_readme) + "\n")
        open(os.path.join(broken, "docs", "page.md"), "w").write("# Page\n\n[up](../../outside.md)\n")
        got = check(broken)
        expected = {
            "too long README": lambda p: p.startswith("README.md:") and "more than" in p,
            "broken link": lambda p: "docs/missing.md" in p and "does not resolve" in p,
            "link outside the repository": lambda p: "../../outside.md" in p and "outside the repository" in p,
            "link into ../shared": lambda p: "../shared" in p,
        }
        for what, matches in expected.items():
            if not any(matches(p) for p in got):
                failures.append(f"the {what} was not reported (got: {'; '.join(got) or 'nothing'})")
    # The command line, as ctest runs it: non-zero on a broken repository.
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, "docs"))
        open(os.path.join(tmp, "README.md"), "w").write("# t\n\n[x](missing.md)\n")
        run = subprocess.run([sys.executable, os.path.abspath(__file__), tmp], capture_output=True, text=True)
        if run.returncode == 0 or not run.stdout.strip():
            failures.append(f"check_docs.py on a broken repository exited {run.returncode} with no problem lines")
    for failure in failures:
        print("self-test: " + failure)
    if not failures:
        print("self-test: every planted problem was reported, and none in the clean repository")
    return 1 if failures else 0


def main(argv):
    if len(argv) == 2 and argv[1] == "--self-test":
        return self_test()
    if len(argv) != 2 or argv[1].startswith("-"):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    root = argv[1]
    if not os.path.isdir(root):
        print(f"check_docs.py: {root}: not a directory", file=sys.stderr)
        return 2
    problems = check(root)
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
