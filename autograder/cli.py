"""``python -m autograder COMMAND``: each command lives in its own module under ``autograder.commands``.

A command module defines ``HELP``, ``add_arguments(parser)`` and ``run(args) -> exit code``; it is imported
only when chosen, so ``grade`` does not pay for nbgrader and the like.
"""
import argparse
import importlib
import sys

#: command name -> module under autograder.commands
COMMANDS = {
    "grade": "grade",
    "expected": "expected",
    "check-cells": "check_cells",
    "nbgrader-course": "nbgrader_course",
    "nbgrader-audit": "nbgrader_audit",
    "release": "release",
    "bundle": "bundle",
    "gradescope-bundle": "gradescope_bundle",
    "doctor": "doctor",
}


class UsageError(Exception):
    """Bad arguments discovered after parsing (a path that does not exist, ...): exit code 2."""


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    modules = {}
    for name, module_name in COMMANDS.items():
        try:
            module = importlib.import_module(f"autograder.commands.{module_name}")
        except ModuleNotFoundError as missing:
            if missing.name != f"autograder.commands.{module_name}":
                raise
            continue  # a student release ships only the commands its checks need
        modules[name] = module
        module.add_arguments(commands.add_parser(name, help=module.HELP, description=module.HELP))
    args = parser.parse_args(argv)
    try:
        return modules[args.command].run(args)
    except UsageError as error:
        print(f"{parser.prog} {args.command}: error: {error}", file=sys.stderr)
        return 2
