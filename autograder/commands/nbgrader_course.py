"""``nbgrader-course DIR``: write an nbgrader course (config, source notebook, data files) for the assignment."""
from pathlib import Path

from ..cli import UsageError

HELP = "write an nbgrader course directory: nbgrader_config.py and source/gradient_descent/ with hidden tests"


def add_arguments(parser):
    parser.add_argument("directory", type=Path, metavar="DIR", help="the course directory (created if missing)")
    parser.add_argument("--force", action="store_true",
                        help="overwrite nbgrader_config.py and source/gradient_descent/ if they exist")


def run(args):
    from ..nbgrader.course import CourseError, write_course

    try:
        written = write_course(args.directory, force=args.force)
    except FileExistsError as error:
        raise UsageError(f"{error}; use --force to overwrite") from None
    except CourseError as error:
        raise UsageError(f"the student notebook and solutions/ do not fit together: {error}") from None
    for path in written:
        args.console.detail(f"wrote {path}")
    args.console.info(f"wrote {len(written)} files under {args.directory}/\n"
                      f"next: cd {args.directory} && nbgrader generate_assignment gradient_descent")
    return 0
