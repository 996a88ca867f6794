"""A Markdown report (GitHub's step summary, a PR comment, a file): score, a table per function, hints, and
the student's training runs.

The runs are Mermaid ``xychart-beta`` charts of log10(loss), one per panel with every run in it, shown
unfolded: GitHub renders Mermaid in step summaries but strips ``data:`` images, so the PNG is not embedded
here; it is a file next to the report (the CI artifact) and is embedded in the HTML report.
"""
from __future__ import annotations

import math

from .rows import function_rows, points, title
from .story import also, stories

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
    told = stories(result)
    if show_checks and told:
        # per function failing on its own: its first failing check in full, the others by name
        lines += ["### What to fix", ""]
        for story in told:
            if story.first is not None:
                first = story.first
                lines.append(f"- **{_escape(first.name)}** ({points(first.score)} / {points(first.max_score)})  ")
                lines.extend(f"  {_escape(line.strip())}  " for line in first.output.splitlines())
            else:
                lines.append(f"- **{story.row.function}**  ")
            lines.extend(f"  {_escape(line)}  " for line in also(story))
        lines.append("")
    if result.curves:
        lines += training_runs(result.curves, png)
    return "\n".join(lines).rstrip() + "\n"


def _escape(text):
    return text.replace("<", "&lt;").replace(">", "&gt;")


def _functions(curves):
    names = list(dict.fromkeys(c.function for c in curves if getattr(c, "function", "")))
    return " and ".join(f"`{name}`" for name in names) or "code"


def training_runs(curves, png=None):
    """The training runs as Mermaid charts, one per panel with all its runs, shown unfolded (GitHub renders
    Mermaid in step summaries and strips ``data:`` images, so no image is embedded here)."""
    lines = ["### Your training runs", "",
             f"log10 of the loss against the epoch for your {_functions(curves)}, run in the sandbox.",
             ""]
    colors = {id(curve): index for index, curve in enumerate(curves)}
    for panel in dict.fromkeys(c.panel for c in curves):
        members = [c for c in curves if c.panel == panel]
        chart = mermaid_panel(members, [COLORS[colors[id(c)] % len(COLORS)] for c in members])
        if chart:
            lines += [chart, ""]
        for curve in members:
            square = SQUARES[colors[id(curve)] % len(SQUARES)]
            lines.append(f"- {square} {curve.label}: {_escape(_fate(curve))}")
        lines.append("")
    if png is not None:
        lines += ["The same runs as a picture: `training_runs.png`, next to this report (in CI: the artifact "
                  "`feedback`).", ""]
    return lines


#: the plot's colours (report/plots.py) and the coloured squares that name them in text, in the same order
COLORS = ("#c0392b", "#e67e22", "#2471a3", "#229954")
SQUARES = ("🟥", "🟧", "🟦", "🟩")
#: log10 of the largest loss drawn; a run that went past it (or to inf) is drawn flat at the top from there
TOP = 40.0


def _fate(curve):
    if curve.error:
        return curve.error
    epochs, losses = curve.finite
    if curve.blew_up_at is not None:
        return f"the loss became inf/nan at epoch {curve.blew_up_at}"
    if not len(losses):
        return "no finite positive loss"
    return f"loss {losses[-1]:.4g} after {int(epochs[-1])} epochs"


def mermaid_panel(curves, colors):
    """One Mermaid ``xychart-beta`` with a line per curve, log10(loss) at the same epochs for all (Mermaid
    spreads each line's values evenly over the x axis), or ``""`` when no curve has a finite loss."""
    drawn = [(c, color) for c, color in zip(curves, colors) if not c.error and len(c.finite[1])]
    if not drawn:
        return ""
    n_epochs = max(len(c.losses) for c, _ in drawn)
    step = max(1, math.ceil(n_epochs / MERMAID_POINTS))
    picked = list(range(1, n_epochs + 1, step))
    if picked[-1] != n_epochs:
        picked.append(n_epochs)
    series = []
    for curve, _ in drawn:
        values, last = [], None
        for epoch in picked:
            last = _log_loss(curve, epoch, last)
            values.append(last)
        series.append("    line [" + ", ".join(f"{v:.3f}" for v in values) + "]")
    palette = ", ".join(color for _, color in drawn)
    return "\n".join([
        "```mermaid",
        '%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "' + palette + '"}}}}%%',
        "xychart-beta",
        f'    title "{PANEL_TITLES.get(curves[0].panel, curves[0].panel)}"',
        f'    x-axis "epoch" 1 --> {n_epochs}',
        '    y-axis "log10(loss)"',
        *series,
        "```",
    ])


def _log_loss(curve, epoch, last):
    """log10 of the loss at ``epoch`` for the chart: capped at TOP; TOP from a blow-up on (inf, nan, or the
    run stopped there); the last value for a run that ended early; FLOOR for a loss of exactly 0."""
    if epoch <= len(curve.losses):
        loss = curve.losses[epoch - 1]
        if not math.isfinite(loss):
            return TOP
        return min(math.log10(loss), TOP) if loss > 0 else FLOOR
    return TOP if curve.blew_up_at is not None or last is None else last


FLOOR = -12.0
PANEL_TITLES = {"diverging": "Learning rates above the limit", "converging": "Learning rates below the limit"}


def mermaid(curve):
    """A Mermaid ``xychart-beta`` of log10(loss) for one curve, or ``""``."""
    return mermaid_panel([curve], COLORS[:1])
