"""``gradescope-bundle OUT``: the Gradescope autograder (autograder.zip) grading with the hidden checks."""
from pathlib import Path

from ..cli import UsageError
from ..report.gradescope import VISIBILITIES

HELP = "write autograder.zip for Gradescope (setup.sh, run_autograder, hidden checks) to OUT"


def add_arguments(parser):
    parser.add_argument("out", type=Path, metavar="OUT", help="a folder (gets autograder.zip) or a .zip path")
    parser.add_argument("--hidden-visibility", choices=VISIBILITIES, default="after_due_date", metavar="WHEN",
                        help="when Gradescope shows students each hidden check and its hint: visible, hidden, "
                             "after_due_date (the default) or after_published")
    parser.add_argument("--assignment", default=None, metavar="NAME",
                        help="the assignment (default: the default one; `python -m autograder assignments` lists them)")


def run(args):
    from ..publish.gradescope import build_gradescope
    from ..publish.release import ReleaseError

    try:
        path = build_gradescope(args.out, hidden_visibility=args.hidden_visibility, assignment=args.assignment)
    except (ReleaseError, LookupError) as error:
        raise UsageError(str(error)) from None
    args.console.info(f"wrote {path} ({path.stat().st_size // 1024} KiB): upload it as the assignment's autograder")
    return 0
