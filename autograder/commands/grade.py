"""``grade PATH...``: grade notebooks, .py files or folders of them in isolated processes."""
import sys
from pathlib import Path

from ..cli import UsageError
from ..grade import Options, grade
from ..load import find_submissions
from ..report import gradescope, table

HELP = "grade submissions (notebooks, .py files, folders, nbgrader submitted/ layouts)"


def add_arguments(parser):
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("--out", default="results", type=Path,
                        help="write OUT/<submission>/results.json (default: results)")
    parser.add_argument("--json", type=Path, metavar="FILE",
                        help="write the results.json of a single submission to FILE")
    parser.add_argument("--jobs", type=int, default=1, help="submissions graded at once (default 1)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds allowed per check (default 10)")
    parser.add_argument("--load-timeout", type=float, default=30.0,
                        help="seconds allowed per cell of top-level code (default 30)")
    parser.add_argument("--public", action="store_true",
                        help="use the public checks' expected values instead of the hidden reference")
    parser.add_argument("--expected-values", type=Path, default=None, metavar="FILE",
                        help="public data file for --public (default: the assignment's)")
    parser.add_argument("--quiet", action="store_true", help="print only the class summary")


def expectations_for(args):
    from ..check.expectations import PublicExpectations, ReferenceExpectations
    from ..paths import public_data_path

    if not args.public:
        try:
            return ReferenceExpectations()
        except ImportError:
            print("note: solutions/ is not installed here; grading with the public checks only.", file=sys.stderr)
    return PublicExpectations(args.expected_values or public_data_path())


def run(args):
    if args.jobs < 1 or args.timeout <= 0:
        raise UsageError("--jobs must be at least 1 and --timeout positive")
    try:
        submissions = find_submissions(args.paths)
    except FileNotFoundError as missing:
        raise UsageError(f"no such file or folder: {missing}") from None
    if args.json and len(submissions) != 1:
        raise UsageError(f"--json takes a single submission; {len(submissions)} were found")
    if not submissions:
        print("No submissions found (looked for .ipynb and .py files).")
        return 0

    def show(result):
        if not args.quiet:
            print(table.submission_table(result), flush=True)

    options = Options(timeout=args.timeout, load_timeout=args.load_timeout, jobs=args.jobs)
    results = grade(submissions, expectations_for(args), options, on_result=show)
    for result in results:
        gradescope.write(result, args.out / result.submission / "results.json")
    if args.json:
        gradescope.write(results[0], args.json)
    if len(results) > 1:
        print(table.class_summary(results))
    print(f"results written under {args.out}/")
    return 0
