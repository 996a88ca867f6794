"""``grade PATH...``: grade notebooks, .py files or folders of them in isolated processes."""
from __future__ import annotations

import sys
import threading
from pathlib import Path

from .. import feedback
from ..cli import Console, UsageError
from ..grade import Options, grade
from ..load import find_submissions
from ..report import gradescope, table
from ..run.runner import SandboxUnavailable

HELP = "grade submissions: notebooks, .py files, folders of them, or nbgrader's submitted/ folder"


def add_arguments(parser):
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="a notebook, a .py file, or a folder of them (nbgrader's submitted/<student>/... too)")
    out = parser.add_argument_group("where results go")
    out.add_argument("--out", default="results", type=Path, metavar="DIR",
                     help="write DIR/<submission>/results.json and the other reports (default: results)")
    out.add_argument("--format", action="append", default=None, metavar="FORMAT",
                     help="reports to write, repeatable or comma-separated: gradescope (results.json, the "
                          "default), junit, markdown, html, annotations (GitHub workflow commands); for the "
                          "whole batch: csv (scores.csv and causes.csv), summary (class.html, the class's "
                          "scores and most common mistakes)")
    out.add_argument("--json", type=Path, metavar="FILE", help="also write the results.json of a single submission to FILE")
    out.add_argument("--no-plots", action="store_true",
                     help="leave the training-runs plot out of the markdown and html reports")
    out.add_argument("--public-visibility", choices=gradescope.VISIBILITIES, default="visible", metavar="WHEN",
                     help="when Gradescope shows students the public checks: visible, hidden, after_due_date or "
                          "after_published (default: visible)")
    out.add_argument("--hidden-visibility", choices=gradescope.VISIBILITIES, default="after_due_date", metavar="WHEN",
                     help="when Gradescope shows students the hidden checks (default: after_due_date)")
    how = parser.add_argument_group("how to grade")
    how.add_argument("--assignment", default=None, metavar="NAME",
                     help="the assignment the submissions are (default: the notebook's metadata, else the one "
                          "whose functions the first submission defines, else the default one)")
    how.add_argument("--public", action="store_true",
                     help="compare with the public checks' expected values instead of the hidden reference")
    how.add_argument("--expected-values", type=Path, default=None, metavar="FILE",
                     help="the public checks' data file for --public (default: the assignment's)")
    how.add_argument("--bundle", type=Path, default=None, metavar="FILE",
                     help="grade with a hidden grader bundle (from `python -m autograder bundle`; - reads it "
                          "from stdin) instead of solutions/")
    how.add_argument("--require-reference", action="store_true",
                     help="refuse to grade when solutions/ cannot be imported, instead of falling back to the "
                          "public checks (Gradescope's run_autograder uses it)")
    how.add_argument("--require-sandbox", action="store_true",
                     help="refuse to grade unless the kernel confines student code fully (see `doctor`; "
                          "also AUTOGRADER_REQUIRE_SANDBOX=1)")
    how.add_argument("--jobs", type=int, default=1, metavar="N", help="submissions graded at once (default 1)")
    how.add_argument("--timeout", type=float, default=10.0, metavar="S", help="seconds allowed per check (default 10)")
    how.add_argument("--load-timeout", type=float, default=30.0, metavar="S",
                     help="seconds allowed per cell of top-level code (default 30)")
    big = parser.add_argument_group("big classes")
    big.add_argument("--shard", default=None, metavar="K/N",
                     help="grade only the K-th of N equal parts of the submissions (K from 1 to N), e.g. in a "
                          "CI matrix or a Slurm array; combine the parts with `python -m autograder merge`")
    big.add_argument("--cache", type=Path, default=None, metavar="DIR",
                     help="reuse results from DIR for submissions whose content, checks, grader and reference "
                          "have not changed since they were graded; grade and store the others")


def parse_shard(text):
    """``"K/N"`` -> ``(K, N)`` with 1 <= K <= N; UsageError otherwise."""
    try:
        k, n = (int(part) for part in str(text).split("/"))
    except ValueError:
        raise UsageError(f"--shard takes K/N, e.g. 2/8; got {text!r}") from None
    if not 1 <= k <= n:
        raise UsageError(f"--shard {text}: K must be between 1 and N")
    return k, n


def select_shard(submissions, k, n):
    """The K-th of N parts: every N-th submission from the K-th, in the order found (sorted paths).

    Every shard finds the same submissions in the same order, so the parts are disjoint, cover the class,
    and differ in size by at most one.
    """
    return submissions[k - 1::n]


def assignment_for(args, submissions):
    """The assignment to grade ``submissions`` as: ``--assignment``, else what the first one says it is."""
    from .. import assignment as assignments

    try:
        if getattr(args, "assignment", None):
            return assignments.load(args.assignment)
        for submission in submissions[:1]:
            found = assignments.for_notebook(submission.path)
            if found is not None:
                return found
        return assignments.default()
    except LookupError as error:
        raise UsageError(str(error)) from None


def expectations_for(args, console, assignment=None):
    """The expected values to grade with, and what identifies them for the cache."""
    from ..check.expectations import PublicExpectations, ReferenceExpectations

    if assignment is None:
        assignment = assignment_for(args, [])
    if args.bundle is not None:
        from ..check import bundle

        if args.cache is not None and str(args.bundle) == "-":
            raise UsageError("--cache needs the bundle as a file, not on stdin")
        try:
            return bundle.load(args.bundle, assignment), {"bytes": _read_bytes(args.bundle)}
        except (OSError, bundle.BundleError) as error:
            raise UsageError(str(error)) from None
    if not args.public:
        try:
            expectations = ReferenceExpectations(assignment=assignment)
        except LookupError:
            if args.require_reference:
                raise UsageError(f"{assignment.solutions_dir} is not here, and --require-reference was given") from None
            console.info("note: solutions/ is not installed here; grading with the public checks only.")
        else:
            return expectations, {"files": [assignment.solutions_dir, assignment.folder / "grading"]}
    path = args.expected_values or assignment.public_data_path
    return PublicExpectations(path, assignment=assignment), {"files": [path, assignment.folder / "grading"]}


def _read_bytes(path):
    return b"" if str(path) == "-" else Path(path).read_bytes()


def run(args):
    console = getattr(args, "console", None) or Console(getattr(args, "verbosity", 0))
    if args.jobs < 1 or args.timeout <= 0 or args.load_timeout <= 0:
        raise UsageError("--jobs must be at least 1, --timeout and --load-timeout positive")
    try:
        formats = feedback.parse_formats(args.format or ["gradescope"])
    except ValueError as error:
        raise UsageError(str(error)) from None
    try:
        submissions = find_submissions(args.paths)
    except FileNotFoundError as missing:
        raise UsageError(f"no such file or folder: {missing}") from None
    if args.shard:
        k, n = parse_shard(args.shard)
        found = len(submissions)
        submissions = select_shard(submissions, k, n)
        # merge reads each part's results.json
        formats = formats if "gradescope" in formats else ("gradescope", *formats)
        console.info(f"shard {k}/{n}: {len(submissions)} of {found} submissions")
    if args.json and len(submissions) != 1:
        raise UsageError(f"--json takes a single submission; {len(submissions)} were found")
    if not submissions:
        console.info("No submissions found (looked for .ipynb and .py files).")
        return 0

    expectations, sources = expectations_for(args, console, assignment_for(args, submissions))
    curves = feedback.wants_plot(formats) and not args.no_plots
    options = Options(timeout=args.timeout, load_timeout=args.load_timeout, jobs=args.jobs, curves=curves,
                      require_sandbox=args.require_sandbox)
    cache = None
    if args.cache is not None:
        from ..cache import ResultCache, grader_fingerprint

        cache = ResultCache(args.cache, grader_fingerprint(sources.get("files", ()), sources.get("bytes", b""),
                                                          options))

    from ..progress import Progress

    batch = len(submissions) > 1
    progress = Progress(len(submissions), console.verbosity)
    lock = threading.Lock()

    def show(result, cached=False):
        with lock:
            progress.update(result, cached)
            # one submission: its table is the answer; a class: the summary is, tables come with -v
            if (not batch and console.verbosity >= 0) or console.verbosity >= 1:
                progress.write(table.submission_table(result))

    results = {}
    todo = []
    for submission in submissions:
        hit = cache.get(submission) if cache is not None else None
        if hit is not None:
            results[submission] = hit
            show(hit, cached=True)
        else:
            todo.append(submission)
    if todo:
        try:
            graded = grade(todo, expectations, options, on_result=show)
        except SandboxUnavailable as error:
            progress.close()
            print(f"python -m autograder grade: refused: {error}", file=sys.stderr)
            return 3
        for submission, result in zip(todo, graded):
            results[submission] = result
            if cache is not None:
                cache.put(submission, result)
    progress.close()

    ordered = [results[s] for s in submissions]
    visibility = {"public": args.public_visibility, "hidden": args.hidden_visibility}
    written = []
    for result, submission in zip(ordered, submissions):
        written += feedback.write_submission(result, args.out / result.submission, formats, source=submission.path,
                                             visibility=visibility)
    written += feedback.write_batch(ordered, args.out, formats)
    for path in written:
        console.detail(f"wrote {path}")
    if args.json:
        gradescope.write(ordered[0], args.json, visibility)
    if batch:
        print(table.class_summary(ordered))
        print()
        print(table.class_causes(ordered), flush=True)
    if cache is not None:
        console.info(f"cache {args.cache}: {cache.hits} from the cache, {len(todo)} graded")
    console.info(f"results written under {args.out}/")
    return 0
