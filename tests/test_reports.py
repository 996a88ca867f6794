"""``grade --format``: Gradescope JSON, JUnit XML, Markdown, self-contained HTML with the plot, batch CSV,
GitHub annotations; and the leaf formatters on their own."""
import base64
import csv
import io
import json
import math
import subprocess
import sys
import zipfile
from xml.etree import ElementTree as ET

import pytest

from autograder import feedback
from autograder.check.curves import Curve
from gd import POINTS
from autograder.report import annotations, markdown
from autograder.report.rows import function_rows as rows_of
from autograder.result import CheckResult, SubmissionResult
from release_env import REPO, TOTAL, notebook


def grade(*args):
    return subprocess.run([sys.executable, "-m", "autograder", "grade", *map(str, args)], cwd=REPO,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    process = grade(notebook("completed"), notebook("buggy"), "--public", "--quiet", "--out", out,
                    "--format", "junit,markdown", "--format", "html", "--format", "csv,gradescope")
    assert process.returncode == 0, process.stderr
    return out


def test_every_format_is_written(graded):
    for name in ("completed", "buggy"):
        for file in ("results.json", "junit.xml", "report.md", "report.html", "training_runs.png"):
            assert (graded / name / file).is_file(), (name, file)
    assert (graded / "scores.csv").is_file()


def test_junit_has_a_case_per_check_and_a_failure_with_the_hint(graded):
    results = json.loads((graded / "buggy" / "results.json").read_text())
    suite = ET.parse(graded / "buggy" / "junit.xml").getroot().find("testsuite")
    cases = suite.findall("testcase")
    assert len(cases) == len(results["tests"]) == int(suite.get("tests"))
    failed = [c for c in cases if c.find("failure") is not None]
    assert len(failed) == sum(t["status"] == "failed" for t in results["tests"]) == int(suite.get("failures"))
    grad = next(c for c in failed if c.get("classname") == "gradient_descent.grad_fn")
    assert grad.find("failure").get("message").startswith("The factor 2 is missing")
    properties = {p.get("name"): p.get("value") for p in suite.find("properties")}
    assert properties["score"] == f"{results['score']:g}"


def test_csv_has_scores_per_student_and_function(graded):
    rows = list(csv.DictReader(io.StringIO((graded / "scores.csv").read_text())))
    assert [r["submission"] for r in rows] == ["completed", "buggy"]
    assert rows[0]["score"] == rows[0]["max_score"] == f"{TOTAL:g}"
    assert rows[1]["grad_fn"] == "0" and rows[1]["model"] == f"{POINTS['model']:g}"
    buggy = json.loads((graded / "buggy" / "results.json").read_text())
    assert float(rows[1]["score"]) == buggy["score"]


def test_html_is_self_contained_with_the_plot(graded):
    page = (graded / "buggy" / "report.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and "</html>" in page
    assert "<script" not in page and "http://" not in page and "https://" not in page
    png = base64.b64decode(page.split('src="data:image/png;base64,')[1].split('"')[0])
    assert png == (graded / "buggy" / "training_runs.png").read_bytes()
    assert "The factor 2 is missing" in page and "grad_fn" in page
    assert "&lt;" not in page.split("<body>")[0]  # the head is clean; escaping happens in the body only


def test_markdown_has_score_table_and_training_runs(graded):
    text = (graded / "completed" / "report.md").read_text()
    assert text.startswith(f"## Public checks: {TOTAL:g} / {TOTAL:g} points")
    assert text.count("✅ passed") == len(POINTS)
    assert "### Your training runs" in text and "xychart-beta" in text
    assert "data:image" not in text  # GitHub strips data: images; the PNG is a file next to the report
    assert "`training_runs.png`" in text and (graded / "completed" / "training_runs.png").is_file()


def test_unknown_format_is_a_usage_error(tmp_path):
    process = grade(notebook("completed"), "--format", "gradescope,pdf", "--out", tmp_path)
    assert process.returncode == 2 and "unknown format 'pdf'" in process.stderr and "junit" in process.stderr


def test_gradescope_only_grading_never_imports_matplotlib(tmp_path):
    process = subprocess.run([sys.executable, "-X", "importtime", "-m", "autograder", "grade",
                              str(notebook("buggy")), "--public", "--quiet", "--out", str(tmp_path)],
                             cwd=REPO, capture_output=True, text=True, timeout=300)
    assert process.returncode == 0
    assert "matplotlib" not in process.stderr
    assert not (tmp_path / "buggy" / "training_runs.png").exists()


def test_no_plots_leaves_the_plot_out(tmp_path):
    process = grade(notebook("buggy"), "--public", "--quiet", "--out", tmp_path, "--format", "markdown",
                    "--no-plots")
    assert process.returncode == 0, process.stderr
    text = (tmp_path / "buggy" / "report.md").read_text()
    assert "Your training runs" not in text and not (tmp_path / "buggy" / "training_runs.png").exists()


def test_hidden_grading_with_a_bundle_and_bad_bundles(tmp_path):
    bundle = tmp_path / "hidden.zip"
    subprocess.run([sys.executable, "-m", "autograder", "bundle", str(bundle)], cwd=REPO, check=True,
                   capture_output=True)
    data = json.loads(zipfile.ZipFile(bundle).read("hidden_checks.json"))
    assert data["hidden"] is True and data["seed"] is None
    assert all(entry["mistakes"] == {} for entry in data["scenarios"].values())  # fits a secret
    assert len(base64.b64encode(bundle.read_bytes())) < 48 * 1024
    process = grade(notebook("buggy"), "--bundle", bundle, "--quiet", "--out", tmp_path / "out", "--format",
                    "markdown")
    assert process.returncode == 0, process.stderr
    assert (tmp_path / "out" / "buggy" / "report.md").read_text().startswith("## Hidden checks: ")

    stale = tmp_path / "stale.zip"
    del data["scenarios"]["model: predictions on random inputs"]
    with zipfile.ZipFile(stale, "w") as archive:
        archive.writestr("hidden_checks.json", json.dumps(data))
    process = grade(notebook("buggy"), "--bundle", stale, "--out", tmp_path / "out")
    assert process.returncode == 2 and "built for other checks" in process.stderr
    junk = tmp_path / "junk.zip"
    junk.write_text("not a bundle!")
    process = grade(notebook("buggy"), "--bundle", junk, "--out", tmp_path / "out")
    assert process.returncode == 2 and "neither a zip archive nor base64" in process.stderr


def test_parse_formats_accepts_repeats_commas_and_aliases():
    assert feedback.parse_formats(["junit,md", "html", "json", "junit"]) == ("junit", "markdown", "html",
                                                                              "gradescope")
    with pytest.raises(ValueError, match="unknown format"):
        feedback.parse_formats(["yaml"])


def _result():
    tests = [CheckResult("grad_fn: a, b", "grad_fn", 0.0, 2.0, "Hint with 100% | pipes: here\nsecond line"),
             CheckResult("model: ok", "model", 1.0, 1.0)]
    return SubmissionResult("student", "sub/notebook.ipynb", tests, notes=["cell 3 raised: x, y"])


def test_annotations_are_escaped_and_point_at_the_definition():
    source = '{\n "cells": [\n  "def model(t_u, w, b):",\n  "def grad_fn(t_u, t_c, t_p, w, b):"\n ]\n}\n'
    lines = annotations.commands(_result(), "sub/notebook.ipynb", source)
    assert lines[0] == "::warning file=sub/notebook.ipynb,title=Problem while loading the notebook::cell 3 raised: x, y"
    error = lines[1]
    assert error.startswith("::error file=sub/notebook.ipynb,line=4,"
                            "title=grad_fn%3A 1 of 1 checks failing (0/2 points)::")
    assert error.endswith("grad_fn: a, b%0AHint with 100%25 | pipes: here%0Asecond line")
    assert len(lines) == 2  # no annotation for what passed


def test_markdown_cells_and_mermaid_of_a_diverging_run():
    text = markdown.render(_result())
    assert "Hint with 100% \\| pipes: here |" in text
    curve = Curve("lr 1e-2 on raw t_u", "diverging", [10.0 ** k for k in range(1, 100)] + [math.inf])
    chart = markdown.mermaid(curve)
    assert 'title "Learning rates above the limit"' in chart and "xychart-beta" in chart
    assert 'x-axis "epoch" 1 --> 100' in chart
    values = [float(v) for v in chart.split("line [")[1].split("]")[0].split(", ")]
    assert len(values) <= markdown.MERMAID_POINTS + 1 and values[0] == 1.0 and values[-1] == markdown.TOP
    assert max(values) == markdown.TOP  # 1e99 is drawn at the top of the chart, as inf is
    assert markdown.mermaid(Curve("x", "converging", [math.nan])) == ""


def test_markdown_draws_every_run_in_its_panel_unfolded_with_a_legend():
    curves = [Curve("fast", "diverging", [1.0, 10.0, math.inf]), Curve("slow", "diverging", [1.0, 2.0, 4.0, 8.0]),
              Curve("a", "converging", [100.0, 10.0, 1.0]), Curve("b", "converging", [], error="`training_loop` timed out")]
    text = markdown.render(SubmissionResult("s", "s.py", [CheckResult("model: ok", "model", 1.0, 1.0)],
                                            curves=curves))
    runs = text[text.index("### Your training runs"):]
    assert "<details>" not in runs and runs.count("```mermaid") == 2
    first = runs[:runs.index("```", runs.index("```mermaid") + 3)]
    lines = [l for l in first.splitlines() if l.startswith("    line [")]
    assert len(lines) == 2 and len({len(l.split(",")) for l in lines}) == 1  # same epochs for every run
    assert lines[0] == "    line [0.000, 1.000, 40.000, 40.000]"  # inf, then nothing: drawn at the top
    assert '"plotColorPalette": "#c0392b, #e67e22"' in first
    assert "- 🟥 fast: the loss became inf/nan at epoch 3" in runs and "- 🟧 slow: loss 8 after 4 epochs" in runs
    assert "- 🟩 b: `training_loop` timed out" in runs


def test_a_function_failing_because_of_another_names_it_in_every_report():
    tests = [CheckResult("grad_fn: on the book's data at (w, b) = (1, 0)", "grad_fn", 0.0, 2.0, "The factor 2 is missing."),
             CheckResult("training_loop: random data", "training_loop", 0.0, 2.0, "Per epoch: predict ...",
                         uses=("model", "loss_fn", "grad_fn", "gd_step")),
             CheckResult("sgd_epoch: one epoch on random data", "sgd_epoch", 0.0, 1.0, "Visit the examples ...")]
    rows = {row.function: row for row in rows_of(SubmissionResult("s", "s.py", tests))}
    assert rows["grad_fn"].hint == "The factor 2 is missing." and not rows["grad_fn"].because_of
    assert rows["training_loop"].because_of == ["grad_fn"]
    assert rows["training_loop"].hint.startswith("Fails because `grad_fn` fails")
    assert rows["sgd_epoch"].because_of == [] and rows["sgd_epoch"].hint == "Visit the examples ..."
