"""``release DIR``: write the student repository (notebook, public checks, the checks' code, CI workflow)."""
from pathlib import Path

from ..cli import UsageError

HELP = "write the student repository to DIR: notebook, public checks, their code, README, CI feedback workflow"


def add_arguments(parser):
    parser.add_argument("out", type=Path, metavar="DIR")
    parser.add_argument("--force", action="store_true", help="replace the content of a non-empty DIR (keeps .git)")


def run(args):
    from ..publish.release import ReleaseError, build_release

    try:
        written = build_release(args.out, force=args.force)
    except ReleaseError as error:
        raise UsageError(str(error)) from None
    args.console.info(f"wrote {len(written)} files to {args.out}/ (checked: nothing of solutions/ in them)")
    return 0
