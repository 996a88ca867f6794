"""``release DIR``: write the student repository (notebook, public checks, the checks' code, CI workflow)."""
from pathlib import Path

from ..cli import UsageError

HELP = "write the student repository to DIR: notebook, public checks, their code, README, CI feedback workflow"


def add_arguments(parser):
    parser.add_argument("out", type=Path, metavar="DIR")
    parser.add_argument("--force", action="store_true", help="replace the content of a non-empty DIR (keeps .git)")
    parser.add_argument("--assignment", default=None, metavar="NAME",
                        help="the assignment to release, one repository each (default: the default one; `python -m autograder assignments` lists them)")


def run(args):
    from ..publish.release import ReleaseError, build_release

    try:
        written = build_release(args.out, force=args.force, assignment=args.assignment)
    except (ReleaseError, LookupError) as error:
        raise UsageError(str(error)) from None
    args.console.info(f"wrote {len(written)} files to {args.out}/ (checked: nothing of solutions/ in them)")
    return 0
