"""``new-assignment NAME``: scaffold an assignment folder (and its solutions) whose own tests pass at once."""
from pathlib import Path

from ..cli import UsageError

HELP = "write assignments/NAME/ and solutions/NAME/: a small working assignment to start from"


def add_arguments(parser):
    parser.add_argument("name", metavar="NAME", help="the assignment's name: lower case, digits, underscores")
    parser.add_argument("--title", default=None, help="its title in reports (default: from the name)")
    parser.add_argument("--root", type=Path, default=None, metavar="DIR",
                        help="the folder holding assignments/ and solutions/ (default: this repository)")


def run(args):
    from ..assignment import REPOSITORY
    from ..scaffold import scaffold

    root = args.root or REPOSITORY
    try:
        written = scaffold(root, args.name, args.title)
    except (ValueError, FileExistsError) as error:
        raise UsageError(str(error)) from None
    for path in written:
        args.console.detail(f"wrote {path}")
    args.console.info(f"wrote {len(written)} files for {args.name}\n"
                      f"next: pytest {root / 'solutions' / args.name}   (the assignment holds together)\n"
                      f"      cd {root / 'assignments' / args.name} && pytest   (the students' checks)\n"
                      "then replace the example function with yours: docs/writing-an-assignment.md")
    return 0
