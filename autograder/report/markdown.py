"""A Markdown report (GitHub's step summary, a PR comment, a file): score, a table per function, hints, and
the student's training runs.

The plot comes twice: as the PNG embedded in base64 (renders wherever data URIs are allowed: editors,
local viewers, the HTML report), and as Mermaid charts of log10(loss) that GitHub renders natively, since
GitHub's sanitizer may drop ``data:`` images from job summaries.
"""
from __future__ import annotations

import base64
import math

from .rows import function_rows, points, title

STATUS_ICONS = {"passed": "✅", "not implemented": "⏳", "failing": "❌"}
#: at most this many points per Mermaid line: summaries stay small
MERMAID_POINTS = 60


def _cell(text):
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", "<br>")


def render(result, png=None, heading="##", show_checks=True):
    """The report as Markdown. ``png``: the training-runs plot (bytes), embedded when given."""
    name = title(result)
    lines = [f"{heading} {name}: {points(result.score)} / {points(result.max_score)} points", ""]
    if name == "Hidden checks":
        lines += ["These checks use other inputs than the public ones; they are not shown.", ""]
    for note in result.notes:
        lines.append(f"> **Note:** {_cell(note)}")
    lines += [f"_{_cell(result.isolation_text)}_", ""]
    lines += ["| Function | Points | Status | Hint |", "|---|---:|---|---|"]
    for row in function_rows(result):
        icon = STATUS_ICONS[row.status]
        lines.append(f"| `{row.function}` | {points(row.score)} / {points(row.max_score)} | {icon} {row.status_text} "
                     f"| {_cell(row.hint)} |")
    lines.append("")
    failed = [t for t in result.tests if t.status == "failed"]
    if show_checks and failed:
        lines += [f"<details><summary>{len(failed)} failed checks, with their messages</summary>", ""]
        for test in failed:
            lines.append(f"- **{_escape(test.name)}** ({points(test.score)} / {points(test.max_score)})")
            lines.extend(f"  {_escape(line.strip())}  " for line in test.output.splitlines())
        lines += ["", "</details>", ""]
    if result.curves:
        lines += training_runs(result.curves, png)
    return "\n".join(lines).rstrip() + "\n"


def _escape(text):
    return text.replace("<", "&lt;").replace(">", "&gt;")


def training_runs(curves, png=None):
    lines = ["### Your training runs", "",
             "Loss against epoch (log scale) of your `training_loop`, run in the sandbox on the book's data.", ""]
    if png is not None:
        data = base64.b64encode(png).decode("ascii")
        lines += [f'<img alt="loss against epoch of your training runs" src="data:image/png;base64,{data}">', ""]
    problems = [c for c in curves if c.error]
    for curve in problems:
        lines.append(f"- {curve.label}: {_escape(curve.error)}")
    if problems:
        lines.append("")
    charts = [mermaid(c) for c in _first_per_panel(curves) if not c.error]
    charts = [c for c in charts if c]
    if charts:
        summary = "The same runs as charts of log10(loss)" if png is not None else "Charts of log10(loss)"
        lines += [f"<details><summary>{summary}</summary>", ""]
        for chart in charts:
            lines += [chart, ""]
        lines += ["</details>", ""]
    return lines


def _first_per_panel(curves):
    seen, first = set(), []
    for curve in curves:
        if curve.panel not in seen:
            seen.add(curve.panel)
            first.append(curve)
    return first


def mermaid(curve):
    """A Mermaid ``xychart-beta`` of log10(loss) for one curve (Mermaid has no log axis), or ``""``."""
    epochs, losses = curve.finite
    if not len(losses):
        return ""
    step = max(1, math.ceil(len(losses) / MERMAID_POINTS))
    picked = list(range(0, len(losses), step))
    if picked[-1] != len(losses) - 1:
        picked.append(len(losses) - 1)
    values = ", ".join(f"{math.log10(losses[i]):.3f}" for i in picked)
    end = f", inf at epoch {curve.blew_up_at}" if curve.blew_up_at is not None else ""
    return "\n".join([
        "```mermaid",
        "xychart-beta",
        f'    title "{curve.panel.capitalize()}: {curve.label}{end}"',
        f'    x-axis "epoch" {int(epochs[0])} --> {int(epochs[-1])}',
        '    y-axis "log10(loss)"',
        f"    line [{values}]",
        "```",
    ])
