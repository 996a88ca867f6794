"""``expected``: regenerate (or verify) the public checks' expected values from solutions/."""
import sys
from pathlib import Path

from ..cli import UsageError

HELP = "write the public checks' expected values, generated from solutions/ (--check only compares)"


def add_arguments(parser):
    parser.add_argument("--assignment", action="append", dest="assignments", metavar="NAME",
                        help="only this assignment (repeatable; default: every assignment)")
    parser.add_argument("--output", type=Path, default=None, metavar="FILE",
                        help="the data file to write (default: the assignment's public_checks.json; one assignment "
                             "only: the one named, else the default one)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if a file differs from what would be written")


def run(args):
    from .. import assignment as assignments
    from ..check.expectations import dump_public_data, public_data, public_data_is_current

    try:
        if args.assignments:
            chosen = [assignments.load(n) for n in args.assignments]
        elif args.output is not None:  # one file: the default assignment's, as before there were several
            chosen = [assignments.default()]
        else:
            chosen = assignments.all_assignments()
    except LookupError as error:
        raise UsageError(str(error)) from None
    if args.output is not None and len(chosen) != 1:
        raise UsageError("--output writes one file: name one --assignment")
    status = 0
    for assignment in chosen:
        path = args.output or assignment.public_data_path
        if args.check:
            current = public_data_is_current(path, assignment)
            print(f"{path}: {'current' if current else 'OUT OF DATE; run python -m autograder expected'}",
                  file=sys.stderr)
            status = status or (0 if current else 1)
            continue
        text = dump_public_data(public_data(assignment))
        path.write_text(text)
        args.console.info(f"wrote {path} ({len(text) // 1024} KiB)")
    return status
