"""How messages name a piece of submitted code: the way a person finds it in the notebook.

Jupyter numbers nothing that stays put: a cell's position counts markdown cells, ``In [17]`` changes each
time it runs. What a student sees, and can search for, is how a cell starts, so every message (loading
notes, errors with their line, ``check()``'s notes, nbgrader's reports) names a cell
"the cell that starts with `def my_function`" and a line within that cell.
"""
from __future__ import annotations

import re

#: longest start of a line quoted in a label; longer lines are cut at a word
QUOTED = 40
_DEFINITION = re.compile(r"^(?:async\s+)?(def|class)\s+(\w+)")
_ORDINALS = ("", "", "second ", "third ", "fourth ", "fifth ")


def first_line(source):
    """The first line with something on it, as the notebook shows it; ``def f(...)`` is ``def f``."""
    for line in source.splitlines():
        line = line.strip()
        if not line:
            continue
        match = _DEFINITION.match(line)
        if match:
            return f"{match.group(1)} {match.group(2)}"
        line = line.replace("`", "'")
        if len(line) > QUOTED:
            cut = line[:QUOTED].rsplit(" ", 1)[0] if " " in line[:QUOTED] else line[:QUOTED]
            line = cut.rstrip(" ,(=:") + " ..."
        return line
    return ""


def cell_labels(sources, unique=True):
    """One label per cell source, in order. ``unique``: a start shared by several cells gets "the second
    cell that starts with ..." from its second occurrence on (a notebook's cells); without it, the same start
    is the same label (a kernel's history, where a cell run again or edited comes back)."""
    labels, seen = [], {}
    for source in sources:
        start = first_line(source)
        seen[start] = seen.get(start, 0) + 1 if unique else 1
        n = seen[start]
        nth = _ORDINALS[n] if n < len(_ORDINALS) else f"{n}th "
        labels.append(f"the {nth}cell that starts with `{start}`" if start else f"the {nth}empty cell")
    return labels
