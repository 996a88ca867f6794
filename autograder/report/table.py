"""Readable text for a terminal: a table per submission, a class summary for several, and what the class
got wrong."""
from .rows import carried_text


def _points(score, max_score):
    return f"{score:g}/{max_score:g}"


def submission_table(result):
    lines = [f"== {result.submission}  ({result.path})   {_points(result.score, result.max_score)} points",
             f"   {result.isolation_text}"]
    for note in result.notes:
        lines.append(f"   note: {note}")
    lines.append(f"   {'function':<24}{'points':>9}   checks")
    for function, (score, max_score, failed) in result.by_function().items():
        total = sum(1 for t in result.tests if t.function == function)
        mark = "ok" if not failed else f"{total - len(failed)}/{total} passed"
        carried = list(dict.fromkeys(f for t in result.tests if t.function == function for f in t.carried_forward))
        if carried:
            mark += f" (right for correct {carried_text(carried)}: error carried forward)"
        lines.append(f"   {function:<24}{_points(score, max_score):>9}   {mark}")
    failed = [t for t in result.tests if t.status == "failed"]
    if failed:
        lines.append("   failed checks:")
    for function, (_, _, tests) in result.by_function().items():
        # a function whose failed checks all say the same (not implemented, missing) is reported once
        if len(tests) > 1 and len({t.output for t in tests}) == 1:
            lost = sum(t.max_score for t in tests)
            lines.append(f"   - {function}: {len(tests)} checks  [0/{lost:g}]")
            lines.extend(f"       {line}" for line in tests[0].output.splitlines())
            continue
        for test in tests:
            lines.append(f"   - {test.name}  [{_points(test.score, test.max_score)}]")
            lines.extend(f"       {line}" for line in test.output.splitlines())
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
