"""Feedback a student reads in one screen: per failing function, what to fix first. No format here.

A mistake usually fails several checks, and the functions that run the wrong one fail as well. Shown in
full, one wrong sign in a gradient fills 130 lines. Per function the story is:

- a function failing on its own: its first failing check with its hint and numbers, its other failing
  checks by name, its withheld property checks (they score once the values are right) in one line;
- a function failing only because of another one (:attr:`Row.because_of`): one line naming that one;
- a function not implemented yet: its row says so, nothing more.

Every text format (the students' ``pytest``, the notebook's ``check()``, the CLI's table, Markdown, HTML)
renders these stories, so all of them tell the same one.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .rows import Row, carried_text, function_rows


@dataclass
class Story:
    row: Row
    #: the first failing check that is not withheld (None: every failure is a withheld property)
    first: object = None
    #: what the other failing checks check (their names without the function)
    others: list = field(default_factory=list)
    #: what the withheld property checks check
    withheld: list = field(default_factory=list)


def what(check):
    """What a check checks: its name without the leading ``"<function>: "``."""
    prefix = f"{check.function}: "
    return check.name[len(prefix):] if check.name.startswith(prefix) else check.name


def stories(result):
    """The stories of the functions that fail on their own, in contract order."""
    told = []
    for row in function_rows(result):
        if row.status != "failing" or row.because_of:
            continue
        scored = [t for t in row.failed if not t.withheld]
        told.append(Story(row, scored[0] if scored else None, [what(t) for t in scored[1:]],
                          [what(t) for t in row.failed if t.withheld]))
    return told


def status(row):
    """A row's status in a few words, pointing at the story or at the function to fix first."""
    if row.because_of:
        names = carried_text(row.because_of)
        return f"fails because {names} {'fails' if len(row.because_of) == 1 else 'fail'}: fix that first"
    if row.status == "failing":
        withheld = sum(1 for t in row.failed if t.withheld)
        text = f"{len(row.failed) - withheld} of {row.checks} checks failing"
        return text + (f", {withheld} not scored yet" if withheld else "")
    if row.status == "passed":
        return (f"ok (right for correct {carried_text(row.carried_forward)}: error carried forward)"
                if row.carried_forward else "ok")
    return row.status_text


def also(story):
    """The one-line mentions of a story's other failing and withheld checks."""
    lines = []
    if story.others:
        lines.append(f"Also failing: {'; '.join(story.others)}.")
    if story.withheld:
        lines.append(f"Not scored until the values are right: {'; '.join(story.withheld)}.")
    return lines


def text_lines(result, indent="    "):
    """The stories as plain text: per story the first check's name and points, then its message and the
    mentions, indented."""
    lines = []
    for story in stories(result):
        first = story.first
        if first is not None:
            lines.append(f"{first.name}  [{first.score:g}/{first.max_score:g} points]")
            lines.extend(f"{indent}{line}" for line in first.output.splitlines())
        else:
            lines.append(f"{story.row.function}:")
        lines.extend(f"{indent}{line}" for line in also(story))
    return lines


#: the width of the function column in points tables, unless a name needs more
NAME_WIDTH = 24


def name_width(functions):
    """The width of a points table's function column: :data:`NAME_WIDTH`, or the longest name and two
    spaces, so that every row's points stay in one column whatever the assignment names its functions."""
    return max([NAME_WIDTH, *(len(name) + 2 for name in functions)])


def table_lines(result, indent="  "):
    """One line per function: points and :func:`status`."""
    rows = function_rows(result)
    width = name_width(row.function for row in rows)
    return [f"{indent}{row.function:<{width}}{row.score:>5g} / {row.max_score:<4g} {status(row)}" for row in rows]
