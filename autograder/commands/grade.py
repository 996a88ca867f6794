"""``grade PATH...``: grade notebooks, .py files or folders of them in isolated processes."""
import sys
from pathlib import Path

from .. import feedback
from ..cli import UsageError
from ..grade import Options, grade
from ..load import find_submissions
from ..report import gradescope, table
from ..run.runner import SandboxUnavailable

HELP = "grade submissions (notebooks, .py files, folders, nbgrader submitted/ layouts)"


def add_arguments(parser):
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("--out", default="results", type=Path,
                        help="write OUT/<submission>/results.json and the other --format files (default: results)")
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
    parser.add_argument("--format", action="append", default=None, metavar="FORMAT",
                        help="report formats, repeatable or comma-separated: gradescope (results.json, the "
                             "default), junit, markdown, html, annotations (GitHub workflow commands), csv "
                             "(scores of the whole batch in OUT/scores.csv)")
    parser.add_argument("--bundle", type=Path, default=None, metavar="FILE",
                        help="grade with a hidden grader bundle (python -m autograder bundle) instead of solutions/")
    parser.add_argument("--no-plots", action="store_true",
                        help="leave the training-runs plot out of markdown and html reports")
    parser.add_argument("--require-sandbox", action="store_true",
                        help="refuse to grade unless the kernel confines student code fully (see `doctor`; "
                             "also AUTOGRADER_REQUIRE_SANDBOX=1)")


def expectations_for(args):
    from ..check.expectations import PublicExpectations, ReferenceExpectations
    from ..paths import public_data_path

    if args.bundle is not None:
        from ..check import bundle

        try:
            return bundle.load(args.bundle)
        except (OSError, bundle.BundleError) as error:
            raise UsageError(str(error)) from None
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
        formats = feedback.parse_formats(args.format or ["gradescope"])
    except ValueError as error:
        raise UsageError(str(error)) from None
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

    curves = feedback.wants_plot(formats) and not args.no_plots
    options = Options(timeout=args.timeout, load_timeout=args.load_timeout, jobs=args.jobs, curves=curves,
                      require_sandbox=args.require_sandbox)
    try:
        results = grade(submissions, expectations_for(args), options, on_result=show)
    except SandboxUnavailable as error:
        print(f"python -m autograder grade: refused: {error}", file=sys.stderr)
        return 3
    for result, submission in zip(results, submissions):
        feedback.write_submission(result, args.out / result.submission, formats, source=submission.path)
    feedback.write_batch(results, args.out, formats)
    if args.json:
        gradescope.write(results[0], args.json)
    if len(results) > 1:
        print(table.class_summary(results))
    print(f"results written under {args.out}/")
    return 0
