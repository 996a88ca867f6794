"""``expected``: regenerate (or verify) the public checks' expected values from solutions/."""
import sys
from pathlib import Path

HELP = "write the public checks' expected values, generated from solutions/ (--check only compares)"


def add_arguments(parser):
    parser.add_argument("--output", type=Path, default=None, metavar="FILE",
                        help="the data file to write (default: the assignment's public_checks.json)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if the file differs from what would be written")


def run(args):
    from ..check.expectations import dump_public_data, public_data, public_data_is_current
    from ..paths import public_data_path

    path = args.output or public_data_path()
    if args.check:
        current = public_data_is_current(path)
        print(f"{path}: {'current' if current else 'OUT OF DATE; run python -m autograder expected'}",
              file=sys.stderr)
        return 0 if current else 1
    text = dump_public_data(public_data())
    path.write_text(text)
    args.console.info(f"wrote {path} ({len(text) // 1024} KiB)")
    return 0
