"""Gradescope's ``results.json``: the documented fields, and back again (for ``merge`` and ``--cache``).

Gradescope's documented top-level fields are ``score``, ``execution_time``, ``output``, ``output_format``,
``test_output_format``, ``test_name_format``, ``visibility``, ``stdout_visibility``, ``extra_data``,
``tests`` and ``leaderboard``; per test ``score``, ``max_score``, ``status``, ``name``, ``name_format``,
``number``, ``output``, ``output_format``, ``tags``, ``visibility`` and ``extra_data``. Only those are
written. Outputs are Markdown (hints use `code` spans); each line of a check's message ends in a hard line
break. What Gradescope does not need but the batch tools do (the function, the matched mistake, the
submission's name and total) goes into ``extra_data``, so :func:`from_dict` rebuilds the result.
"""
from __future__ import annotations

import json

from ..result import CheckResult, SubmissionResult
from ..run.confine import Isolation

TOP_LEVEL = ("score", "execution_time", "output", "output_format", "test_output_format", "test_name_format",
             "visibility", "stdout_visibility", "extra_data", "tests", "leaderboard")
PER_TEST = ("score", "max_score", "status", "name", "name_format", "number", "output", "output_format", "tags",
            "visibility", "extra_data")
VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")
#: a check's visibility by default: public checks at once, hidden ones once the due date has passed
DEFAULT_VISIBILITY = {"public": "visible", "hidden": "after_due_date"}
#: Markdown's hard line break: a line ending in two spaces
BREAK = "  \n"


def _markdown(text):
    return BREAK.join(line.rstrip() for line in text.splitlines())


def _text(markdown):
    return "\n".join(markdown.split(BREAK))


def to_dict(result, visibility=None):
    """The results.json content of ``result``. ``visibility``: ``{"public": ..., "hidden": ...}``, the
    visibility of public and of hidden checks (default :data:`DEFAULT_VISIBILITY`)."""
    visibility = {**DEFAULT_VISIBILITY, **(visibility or {})}
    functions = list(result.by_function())
    counters = {}
    tests = []
    for test in result.tests:
        counters[test.function] = counters.get(test.function, 0) + 1
        tests.append({
            "score": test.score,
            "max_score": test.max_score,
            "status": test.status,
            "name": test.name,
            "name_format": "text",
            "number": f"{functions.index(test.function) + 1}.{counters[test.function]}",
            "output": _markdown(test.output),
            "output_format": "md",
            "tags": [test.function],
            "visibility": visibility["hidden" if test.hidden else "public"],
            "extra_data": {"function": test.function, "hidden": test.hidden, "mistake": test.mistake,
                           "uses": list(test.uses), "failure": test.failure,
                           "carried_forward": list(test.carried_forward), "withheld": test.withheld},
        })
    data = {"score": result.score}
    if getattr(result, "execution_time", None) is not None:
        data["execution_time"] = round(result.execution_time, 2)  # seconds
    data.update({
        "output": BREAK.join([*(f"**Note:** {note}" for note in result.notes), result.isolation_text]),
        "output_format": "md",
        "test_output_format": "md",
        "test_name_format": "text",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "extra_data": {"submission": result.submission, "path": result.path, "max_score": result.max_score,
                       "assignment": result.assignment,
                       "notes": list(result.notes),
                       "isolation": result.isolation.to_dict() if result.isolation is not None else None},
        "tests": tests,
    })
    return data


def from_dict(data):
    """A :class:`SubmissionResult` from what :func:`to_dict` wrote (curves are not kept)."""
    extra = data.get("extra_data") or {}
    tests = []
    for test in data.get("tests", []):
        more = test.get("extra_data") or {}
        function = more.get("function") or (test.get("tags") or [test["name"].split(":")[0]])[0]
        tests.append(CheckResult(test["name"], function, test["score"], test["max_score"],
                                 _text(test.get("output", "")), bool(more.get("hidden")), more.get("mistake", ""),
                                 tuple(more.get("carried_forward", ())), bool(more.get("withheld")),
                                 uses=tuple(more.get("uses", ())), failure=str(more.get("failure", ""))))
    result = SubmissionResult(extra.get("submission", ""), extra.get("path", ""), tests,
                              notes=list(extra.get("notes", [])), assignment=str(extra.get("assignment", "")))
    if data.get("execution_time") is not None:
        result.execution_time = float(data["execution_time"])
    if extra.get("isolation") is not None:
        result.isolation = Isolation.from_dict(extra["isolation"])
    return result


def render(result, visibility=None):
    return json.dumps(to_dict(result, visibility), indent=2) + "\n"


def write(result, path, visibility=None):
    """Write atomically: a reader (Gradescope, a TA) sees the old file or the whole new one, never a part."""
    import os

    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.write_text(render(result, visibility))
    os.replace(partial, path)
