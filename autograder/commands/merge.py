"""``merge DIR...``: combine the results of ``grade --shard K/N`` runs into one CSV and one class report."""
from __future__ import annotations

import json
from pathlib import Path

from ..cli import Console, UsageError

HELP = "combine the results of grade --shard runs (their --out folders) into one CSV and class report"


def add_arguments(parser):
    parser.add_argument("folders", nargs="+", type=Path, metavar="DIR",
                        help="the --out folders of the shards (DIR/<submission>/results.json)")
    parser.add_argument("--out", type=Path, default=Path("results"), metavar="DIR",
                        help="where scores.csv, causes.csv and class.html go (default: results)")


def read_results(folders):
    """Every ``<folder>/<submission>/results.json`` as a SubmissionResult, in the order one run gives."""
    from ..report import gradescope

    found = {}
    for folder in folders:
        if not folder.is_dir():
            raise UsageError(f"no such folder: {folder}")
        for path in sorted(folder.glob("*/results.json")):
            try:
                result = gradescope.from_dict(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, ValueError, KeyError, TypeError) as error:
                raise UsageError(f"{path} is not a results.json written by grade: {error}") from None
            result.submission = result.submission or path.parent.name
            if result.submission in found:
                raise UsageError(f"{result.submission} is in two shards ({found[result.submission][1]} and "
                                 f"{path}): were the shards cut from the same list?")
            found[result.submission] = (result, path)
    # grade orders submissions by path; the names break ties (nbgrader's folders all end alike)
    return [r for r, _ in sorted(found.values(), key=lambda item: (item[0].path, item[0].submission))]


def run(args):
    from .. import feedback
    from ..report import table

    console = getattr(args, "console", None) or Console()
    results = read_results(args.folders)
    if not results:
        raise UsageError("no results.json found under " + ", ".join(map(str, args.folders)))
    written = feedback.write_batch(results, args.out, ("csv", "summary"))
    print(table.class_summary(results))
    print()
    print(table.class_causes(results), flush=True)
    console.info(f"merged {len(results)} submissions from {len(args.folders)} folders: "
                 + ", ".join(str(p) for p in written))
    return 0
