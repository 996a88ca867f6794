"""Write the reports of graded submissions: which formats exist, the file each goes to, and the plot they share.

Used by ``python -m autograder grade --format`` and by the students' ``pytest --results-dir``. Each format
is a leaf module of :mod:`autograder.report`; this module only picks files. matplotlib is imported only
when a format with a plot (markdown, html) is written for a result that carries training curves.
"""
from __future__ import annotations

from pathlib import Path

#: format -> file written in each submission's folder
SUBMISSION_FILES = {
    "gradescope": "results.json",
    "junit": "junit.xml",
    "markdown": "report.md",
    "html": "report.html",
    "annotations": "annotations.txt",
}
#: format -> files written once for a whole batch: the scores and the ranked causes as CSV, the class's page
BATCH_FILES = {"csv": ("scores.csv", "causes.csv"), "summary": ("class.html",)}
FORMATS = (*SUBMISSION_FILES, *BATCH_FILES)
ALIASES = {"json": "gradescope", "results.json": "gradescope", "xml": "junit", "md": "markdown",
           "class": "summary"}
#: formats that show the training-runs plot
PLOTTED = frozenset({"markdown", "html"})
PLOT_FILE = "training_runs.png"


def parse_formats(values):
    """Formats from repeated and/or comma-separated values, in order, without repeats; ValueError if unknown."""
    names = []
    for value in values:
        for part in str(value).split(","):
            name = ALIASES.get(part.strip().lower(), part.strip().lower())
            if not name:
                continue
            if name not in FORMATS:
                raise ValueError(f"unknown format {part.strip()!r}; choose from {', '.join(FORMATS)}")
            names.append(name)
    return tuple(dict.fromkeys(names))


def wants_plot(formats):
    return bool(PLOTTED.intersection(formats))


def plot_png(result):
    """The training-runs PNG of ``result`` (bytes), or None when it has no curves."""
    if not result.curves:
        return None
    from .report.plots import training_runs_png

    return training_runs_png(result.curves)


def write_submission(result, folder, formats, source=None, source_name=None, visibility=None):
    """Write ``result`` in each per-submission format into ``folder``; returns the paths written.

    ``source`` is the submission file (annotations point at its lines); ``source_name`` is how annotations
    name it (its path relative to the repository; default: ``result.path``); ``visibility`` is Gradescope's
    per-check visibility (see :func:`autograder.report.gradescope.to_dict`).
    """
    from .report import annotations, gradescope, html, junit, markdown

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    png = plot_png(result) if wants_plot(formats) else None
    written = []
    for name in formats:
        if name not in SUBMISSION_FILES:
            continue
        path = folder / SUBMISSION_FILES[name]
        if name == "gradescope":
            gradescope.write(result, path, visibility)
        elif name == "junit":
            path.write_text(junit.render(result), encoding="utf-8")
        elif name == "markdown":
            path.write_text(markdown.render(result, png), encoding="utf-8")
        elif name == "html":
            path.write_text(html.render(result, png), encoding="utf-8")
        elif name == "annotations":
            text = _read(source)
            path.write_text(annotations.render(result, source_name or result.path, text), encoding="utf-8")
        written.append(path)
    if png is not None:
        (folder / PLOT_FILE).write_bytes(png)
        written.append(folder / PLOT_FILE)
    return written


def write_batch(results, folder, formats):
    """Write the batch formats of ``results`` into ``folder``: ``csv`` (scores.csv, causes.csv) and
    ``summary`` (class.html); returns the paths written."""
    from .report import causes, class_html, csv_scores

    written = []
    folder = Path(folder)
    for name in formats:
        for file in BATCH_FILES.get(name, ()):
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / file
            if file == "scores.csv":
                text = csv_scores.render(results)
            elif file == "causes.csv":
                text = causes.render_csv(causes.rank(results), len(results))
            else:
                text = class_html.render(results)
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def _read(path):
    try:
        return Path(path).read_text(encoding="utf-8") if path else ""
    except (OSError, UnicodeDecodeError):
        return ""
