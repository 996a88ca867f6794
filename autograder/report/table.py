"""Readable text for a terminal: a table per submission, a class summary for several, and what the class
got wrong."""
from .rows import function_rows
from .story import name_width, status, text_lines

#: the narrowest column of the class summary; a function's column is as wide as its heading
COLUMN = 6


def _points(score, max_score):
    return f"{score:g}/{max_score:g}"


def submission_table(result):
    """Points and status per function, then what to fix (:mod:`autograder.report.story`)."""
    lines = [f"== {result.submission}  ({result.path})   {_points(result.score, result.max_score)} points",
             f"   {result.isolation_text}"]
    for note in result.notes:
        lines.append(f"   note: {note}")
    rows = function_rows(result)
    width = name_width(row.function for row in rows)
    lines.append(f"   {'function':<{width}}{'points':>9}   checks")
    for row in rows:
        lines.append(f"   {row.function:<{width}}{_points(row.score, row.max_score):>9}   {status(row)}")
    told = text_lines(result, indent="       ")
    if told:
        lines.append("   what to fix:")
        lines.extend(f"   - {line}" if not line.startswith(" ") else line for line in told)
    return "\n".join(lines)


def column_headings(functions, width=COLUMN):
    """A heading per function for the class summary's columns: its first ``width`` characters, or more
    where that is needed to tell it from another function (``momentum_s``, ``momentum_c``).

    Each name gets the shortest prefix, of at least ``width`` characters, that is not a prefix of the same
    length of any other name; two names never get the same heading.
    """
    functions = list(functions)
    headings = {}
    for name in functions:
        others = [other for other in functions if other != name]
        length = width
        while length < len(name) and any(other[:length] == name[:length] for other in others):
            length += 1
        headings[name] = name[:length]
    return headings


def class_summary(results):
    if not results:
        return "No submissions found."
    functions = list(results[0].by_function())
    headings = column_headings(functions)
    widths = {f: max(COLUMN, len(headings[f])) for f in functions}
    width = max(len(r.submission) for r in results) + 2
    lines = [f"{'submission':<{width}}{'score':>10}  " + " ".join(f"{headings[f]:>{widths[f]}}" for f in functions)]
    for r in results:
        table = r.by_function()
        cells = " ".join(f"{table[f][0]:>{widths[f]}g}" for f in functions)
        lines.append(f"{r.submission:<{width}}{_points(r.score, r.max_score):>10}  {cells}")
    mean = sum(r.score for r in results) / len(results)
    lines.append(f"{len(results)} submissions, mean {mean:.2f}/{results[0].max_score:g}")
    return "\n".join(lines)


def class_causes(results):
    """The ranked named causes of the class's failures, as lines for the console."""
    from .causes import rank, text

    return "\n".join(text(rank(results), len(results)))
