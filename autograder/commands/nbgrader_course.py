"""``nbgrader-course DIR``: write one nbgrader course (config, source notebooks, data files) for the assignments."""
from pathlib import Path

from ..cli import UsageError

HELP = "write an nbgrader course directory: nbgrader_config.py and source/<assignment>/ with hidden tests"


def add_arguments(parser):
    parser.add_argument("directory", type=Path, metavar="DIR", help="the course directory (created if missing)")
    parser.add_argument("--force", action="store_true",
                        help="overwrite nbgrader_config.py and the source/<assignment>/ folders if they exist")
    parser.add_argument("--assignment", action="append", dest="assignments", metavar="NAME",
                        help="only this assignment (repeatable; default: every assignment)")


def run(args):
    from ..nbgrader.course import CourseError, write_course

    try:
        written = write_course(args.directory, force=args.force, names=args.assignments or "all")
    except FileExistsError as error:
        raise UsageError(f"{error}; use --force to overwrite") from None
    except LookupError as error:
        raise UsageError(str(error)) from None
    except CourseError as error:
        raise UsageError(f"the student notebook and solutions/ do not fit together: {error}") from None
    for path in written:
        args.console.detail(f"wrote {path}")
    names = sorted({path.parent.name for path in written if path.parent.parent.name == "source"})
    args.console.info(f"wrote {len(written)} files under {args.directory}/\n"
                      f"next: cd {args.directory} && " + " && ".join(f"nbgrader generate_assignment {n}" for n in names))
    return 0
