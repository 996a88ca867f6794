"""Readable text for a terminal: a table per submission, a class summary for several, and what the class
got wrong."""
from .rows import function_rows
from .story import status, text_lines


def _points(score, max_score):
    return f"{score:g}/{max_score:g}"


def submission_table(result):
    """Points and status per function, then what to fix (:mod:`autograder.report.story`)."""
    lines = [f"== {result.submission}  ({result.path})   {_points(result.score, result.max_score)} points",
             f"   {result.isolation_text}"]
    for note in result.notes:
        lines.append(f"   note: {note}")
    lines.append(f"   {'function':<24}{'points':>9}   checks")
    for row in function_rows(result):
        lines.append(f"   {row.function:<24}{_points(row.score, row.max_score):>9}   {status(row)}")
    told = text_lines(result, indent="       ")
    if told:
        lines.append("   what to fix:")
        lines.extend(f"   - {line}" if not line.startswith(" ") else line for line in told)
    return "\n".join(lines)


def class_summary(results):
    if not results:
        return "No submissions found."
    functions = list(results[0].by_function())
    width = max(len(r.submission) for r in results) + 2
    lines = [f"{'submission':<{width}}{'score':>10}  " + " ".join(f"{f[:6]:>6}" for f in functions)]
    for r in results:
        table = r.by_function()
        cells = " ".join(f"{table[f][0]:>6g}" for f in functions)
        lines.append(f"{r.submission:<{width}}{_points(r.score, r.max_score):>10}  {cells}")
    mean = sum(r.score for r in results) / len(results)
    lines.append(f"{len(results)} submissions, mean {mean:.2f}/{results[0].max_score:g}")
    return "\n".join(lines)


def class_causes(results):
    """The ranked named causes of the class's failures, as lines for the console."""
    from .causes import rank, text

    return "\n".join(text(rank(results), len(results)))
