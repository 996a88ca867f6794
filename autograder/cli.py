"""The command line, ``python -m autograder COMMAND`` (also installed as ``gd-autograder``).

Each command lives in its own module under ``autograder.commands``. A command module defines ``HELP`` (one
line for ``--help``), ``add_arguments(parser)`` and ``run(args) -> exit code``; ``HIDDEN = True`` keeps an
internal command out of ``--help``. Modules are imported when the parser is built, and import their heavy
dependencies inside ``run``, so ``grade`` does not pay for nbgrader and the like.

Streams, the same for every command: what the command produces (tables, summaries, reports asked for on the
terminal) goes to stdout; progress, "wrote ..." lines, notes and errors go to stderr. ``-q`` silences stderr
except warnings and errors, ``-v`` adds detail. Exit codes: 0 when the command did its work (whatever the
scores), 1 when a check it was asked to make failed (``expected --check``, ``nbgrader-audit``), 2 for usage
errors.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from . import __version__

#: command name -> module under autograder.commands, in the order --help lists them
COMMANDS = {
    "grade": "grade",
    "merge": "merge",
    "release": "release",
    "bundle": "bundle",
    "gradescope-bundle": "gradescope_bundle",
    "nbgrader-course": "nbgrader_course",
    "nbgrader-audit": "nbgrader_audit",
    "expected": "expected",
    "assignments": "assignments",
    "new-assignment": "new_assignment",
    "check-cells": "check_cells",
    "doctor": "doctor",
}

DESCRIPTION = "Grade assignments and publish them to students, CI, nbgrader and Gradescope."
#: the examples --help ends with: command -> (arguments, what it does); only shipped commands are shown
EXAMPLES = {
    "grade": ("grade submissions/ --jobs 2 --out results/", "grade a class"),
    "release": ("release ../gd-student", "the repository students get"),
    "nbgrader-course": ("nbgrader-course ~/courses/gd", "an nbgrader course"),
    "new-assignment": ("new-assignment my_topic", "start a new assignment that works at once"),
}


def epilog(commands):
    examples = [EXAMPLES[name] for name in commands if name in EXAMPLES]
    width = max((len(arguments) for arguments, _ in examples), default=0)
    lines = ["typical use:"] + [f"  python -m autograder {arguments:<{width}}  {what}" for arguments, what in examples]
    return "\n".join(lines + ["", "Run `python -m autograder COMMAND --help` for a command's options."])


class UsageError(Exception):
    """Bad arguments discovered after parsing (a path that does not exist, ...): exit code 2."""


class Console:
    """Status messages on stderr at a verbosity level: ``-q`` gives -1, nothing 0, ``-v`` 1, ``-vv`` 2."""

    def __init__(self, verbosity=0, stream=None):
        self.verbosity = verbosity
        self.stream = stream

    @property
    def _stream(self):
        return self.stream or sys.stderr

    def info(self, text):
        """Shown unless ``-q``."""
        if self.verbosity >= 0:
            print(text, file=self._stream, flush=True)

    def detail(self, text):
        """Shown with ``-v``."""
        if self.verbosity >= 1:
            print(text, file=self._stream, flush=True)

    def warning(self, text):
        """Always shown."""
        print(f"warning: {text}", file=self._stream, flush=True)


def verbosity_options():
    """The ``-q``/``-v`` options every command takes (a parent parser)."""
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group("output")
    group.add_argument("-q", "--quiet", action="count", default=0,
                       help="print less: no progress, tables or status lines; class summaries and errors only")
    group.add_argument("-v", "--verbose", action="count", default=0,
                       help="print more: each submission's table in a batch, every file written")
    return parent


def build_parser():
    parser = argparse.ArgumentParser(prog="python -m autograder", description=DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"gd-autograder {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", title="commands")
    parent = verbosity_options()
    modules = {}
    for name, module_name in COMMANDS.items():
        try:
            module = importlib.import_module(f"autograder.commands.{module_name}")
        except ModuleNotFoundError as missing:
            if missing.name != f"autograder.commands.{module_name}":
                raise
            continue  # a student release ships only the commands its checks need
        modules[name] = module
        # a command given no help= is left out of the list of commands (argparse's way to hide one)
        shown = {} if getattr(module, "HIDDEN", False) else {"help": module.HELP}
        sub = commands.add_parser(name, description=_sentence(module.HELP), parents=[parent], **shown)
        module.add_arguments(sub)
    parser.epilog = epilog(modules)
    return parser, modules


def _sentence(text):
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def main(argv=None):
    parser, modules = build_parser()
    args = parser.parse_args(argv)
    args.verbosity = args.verbose - args.quiet
    args.console = Console(args.verbosity)
    try:
        return modules[args.command].run(args)
    except UsageError as error:
        print(f"{parser.prog} {args.command}: error: {error}", file=sys.stderr)
        return 2
