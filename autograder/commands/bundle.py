"""``bundle OUT``: the hidden grader bundle (hidden checks as data) for CI secrets and Gradescope."""
from pathlib import Path

HELP = "write the hidden grader bundle (the hidden checks' data, from solutions/) to OUT"


def add_arguments(parser):
    parser.add_argument("out", type=Path, metavar="OUT", help="the archive to write, e.g. hidden_grader.zip")
    parser.add_argument("--mistakes", action="store_true",
                        help="include the known mistakes' outputs (specific hints for hidden failures; "
                             "too large for a GitHub secret)")
    parser.add_argument("--base64", action="store_true", help="write the archive base64-encoded, ready to paste")
    parser.add_argument("--assignment", default=None, metavar="NAME",
                        help="the assignment (default: the default one; `python -m autograder assignments` lists them)")


def run(args):
    import base64

    from ..publish.bundle import SECRET_LIMIT, bundle_bytes, secret_size

    raw = bundle_bytes(mistakes=args.mistakes, assignment=args.assignment)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(base64.b64encode(raw) + b"\n" if args.base64 else raw)
    size = secret_size(raw)
    args.console.info(f"wrote {args.out}: {len(raw) / 1024:.1f} KiB, {size / 1024:.1f} KiB in base64")
    if size > SECRET_LIMIT:
        args.console.warning(f"base64 exceeds GitHub's {SECRET_LIMIT // 1024} KB limit on secrets; "
                             "build it without --mistakes for the CI secret")
    else:
        source = args.out if args.base64 else f"<(base64 -w0 {args.out})"
        args.console.info("CI: add it as the secret HIDDEN_GRADER of the student repositories (or of the "
                          f"organization):\n  gh secret set HIDDEN_GRADER --repo OWNER/REPO < {source}")
    return 0
