"""GitHub Actions workflow commands that annotate failures on the submission's file.

``::error file=F,line=L,title=T::message`` shows up on the run's summary page and, in pull requests, next
to the line. GitHub keeps at most 10 error annotations per step, so there is one per failing function, at
the line that defines it (a line of the notebook's JSON, which GitHub shows as the raw file).
"""
from .rows import function_rows, points

#: GitHub shows at most this many error (and warning) annotations per step
LIMIT = 10


def _data(text):
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text):
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def definition_lines(text, functions):
    """``{function: 1-based line}`` of the first ``def function(`` in ``text`` (a notebook's JSON or .py)."""
    lines = {}
    for number, line in enumerate(text.splitlines(), start=1):
        for function in functions:
            if function not in lines and f"def {function}(" in line:
                lines[function] = number
    return lines


def commands(result, file, text=""):
    """The workflow commands for ``result``; ``file`` is the submission's path relative to the repository
    and ``text`` its content (to point at the line of each function)."""
    rows = [row for row in function_rows(result) if row.failed]
    where = definition_lines(text, [row.function for row in rows]) if text else {}
    out = [f"::warning file={_property(file)},title=Problem while loading the notebook::{_data(note)}"
           for note in result.notes[:LIMIT]]
    for row in rows[:LIMIT]:
        title = f"{row.function}: {row.status_text} ({points(row.score)}/{points(row.max_score)} points)"
        first = next((t for t in row.failed if not t.withheld), row.failed[0])
        line = f",line={where[row.function]}" if row.function in where else ""
        out.append(f"::error file={_property(file)}{line},title={_property(title)}::"
                   f"{_data(first.name + chr(10) + first.output)}")
    if len(rows) > LIMIT:
        rest = ", ".join(row.function for row in rows[LIMIT:])
        out.append(f"::notice title=More failing functions::{_data('Also failing: ' + rest)}")
    return out


def render(result, file, text=""):
    return "".join(line + "\n" for line in commands(result, file, text))
