"""``gradescope-bundle OUT``: the Gradescope autograder (autograder.zip) grading with the hidden checks."""
import sys
from pathlib import Path

from ..cli import UsageError

HELP = "write autograder.zip for Gradescope (setup.sh, run_autograder, hidden checks) to OUT"


def add_arguments(parser):
    parser.add_argument("out", type=Path, metavar="OUT", help="a folder (gets autograder.zip) or a .zip path")


def run(args):
    from ..publish.gradescope import build_gradescope
    from ..publish.release import ReleaseError

    try:
        path = build_gradescope(args.out)
    except ReleaseError as error:
        raise UsageError(str(error)) from None
    print(f"wrote {path} ({path.stat().st_size // 1024} KiB): upload it as the assignment's autograder",
          file=sys.stderr)
    return 0
