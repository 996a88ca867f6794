"""``nbgrader-audit DIR``: compare nbgrader's recorded scores with the isolated grader's; ``--apply`` fixes them."""
import json
from pathlib import Path

from ..cli import UsageError

HELP = ("regrade nbgrader's submissions in the isolated runner and list every score nbgrader recorded "
        "differently (--apply records the isolated scores)")


def add_arguments(parser):
    parser.add_argument("directory", type=Path, metavar="DIR", help="the nbgrader course directory")
    parser.add_argument("--assignment", default=None, help="assignment id (default: the default assignment, see `python -m autograder assignments`)")
    parser.add_argument("--apply", action="store_true",
                        help="record the isolated score of every disagreeing cell as nbgrader's manual score")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the whole comparison to FILE")
    parser.add_argument("--jobs", type=int, default=1, help="submissions graded at once (default 1)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds allowed per check (default 10)")
    parser.add_argument("--load-timeout", type=float, default=30.0,
                        help="seconds allowed per cell of top-level code (default 30)")


def run(args):
    from ..grade import Options
    from ..nbgrader.audit import apply, audit, format_report

    if args.jobs < 1 or args.timeout <= 0 or args.load_timeout <= 0:
        raise UsageError("--jobs must be at least 1, --timeout and --load-timeout positive")
    assignment = args.assignment
    try:
        report = audit(args.directory, assignment, Options(timeout=args.timeout, load_timeout=args.load_timeout, jobs=args.jobs))
    except (FileNotFoundError, LookupError) as error:
        raise UsageError(str(error)) from None
    if args.apply and report.disagreements:
        apply(args.directory, report)
    print(format_report(report))
    if args.json:
        args.json.write_text(json.dumps(report.to_json(), indent=1))
    return 1 if report.disagreements and not args.apply else 0
