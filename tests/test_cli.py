"""The command line as people use it: --version, help written for people, -q/-v everywhere, what goes to
stdout and what to stderr, the progress of a batch, and Gradescope's documented results.json fields."""
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder import __version__
from gd import scenarios_for
from autograder.cli import build_parser
from autograder.progress import Progress
from autograder.report import gradescope
from autograder.result import CheckResult, SubmissionResult

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"


def cli(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "autograder", *map(str, args)], cwd=REPO, capture_output=True,
                          text=True, timeout=300, **kwargs)


def test_version():
    process = cli("--version")
    assert process.returncode == 0 and process.stdout == f"gd-autograder {__version__}\n"


def test_help_lists_the_commands_for_people_and_hides_internal_ones():
    process = cli("--help")
    assert process.returncode == 0
    for command in ("grade", "merge", "release", "bundle", "gradescope-bundle", "nbgrader-course", "nbgrader-audit",
                    "expected"):
        assert f"\n    {command}" in process.stdout, command
    assert "check-cells" not in process.stdout and "typical use:" in process.stdout
    # the hidden command still works
    assert cli("check-cells", "--help").returncode == 0


def test_every_command_help_is_plain_text_and_takes_quiet_and_verbose():
    parser, modules = build_parser()
    for name in modules:
        text = cli(name, "--help").stdout
        assert "-q, --quiet" in text and "-v, --verbose" in text, name
        assert "``" not in text and ":func:" not in text and ":mod:" not in text, name  # no reStructuredText


def test_one_submission_table_on_stdout_status_on_stderr(tmp_path):
    process = cli("grade", EXAMPLES / "ben_sum_not_mean.py", "--out", tmp_path)
    assert process.returncode == 0, process.stderr
    assert process.stdout.startswith("== ben_sum_not_mean") and "results written" not in process.stdout
    assert process.stderr.strip() == f"results written under {tmp_path}/"
    quiet = cli("grade", EXAMPLES / "ben_sum_not_mean.py", "--out", tmp_path, "-q")
    assert quiet.returncode == 0 and quiet.stderr == quiet.stdout == ""  # the files are the results


def test_a_batch_prints_quiet_progress_lines_on_stderr_and_the_summary_on_stdout(tmp_path):
    paths = [EXAMPLES / "ben_sum_not_mean.py", EXAMPLES / "gus_no_bias_column.py"]
    process = cli("grade", *paths, "--jobs", "2", "--out", tmp_path)
    assert process.returncode == 0, process.stderr
    lines = process.stderr.splitlines()
    assert sorted(line.split(":")[0] for line in lines[:2]) == ["[1/2] ben_sum_not_mean", "[2/2] gus_no_bias_column"] \
        or sorted(line[6:].split(":")[0] for line in lines[:2]) == ["ben_sum_not_mean", "gus_no_bias_column"]
    assert all(line.startswith(("[1/2] ", "[2/2] ")) for line in lines[:2]) and "\x1b" not in process.stderr
    assert "[1/2]" not in process.stdout and "== ben_sum_not_mean" not in process.stdout  # tables need -v
    assert "2 submissions, mean" in process.stdout and "Most common mistakes" in process.stdout
    verbose = cli("grade", *paths, "--out", tmp_path, "-v")
    assert "== ben_sum_not_mean" in verbose.stdout and "== gus_no_bias_column" in verbose.stdout
    quiet = cli("grade", *paths, "--out", tmp_path, "-q")
    assert quiet.stderr == "" and "2 submissions, mean" in quiet.stdout


class Terminal(io.StringIO):
    def isatty(self):
        return True


def _result(name, score):
    return SubmissionResult(name, f"{name}.py", [CheckResult("model: a", "model", score, 2.0)], execution_time=0.5)


def test_progress_is_a_bar_on_a_terminal_and_lines_elsewhere():
    pytest.importorskip("tqdm")
    terminal = Terminal()
    progress = Progress(2, stream=terminal)
    progress.update(_result("ann", 2.0))
    progress.update(_result("ben", 0.0), cached=True)
    progress.close()
    text = terminal.getvalue()
    assert "grading" in text and "2/2" in text and "\r" in text and "[1/2]" not in text
    log = io.StringIO()
    progress = Progress(2, stream=log)
    progress.update(_result("ann", 2.0))
    progress.update(_result("ben", 0.0), cached=True)
    assert log.getvalue() == "[1/2] ann: 2/2 points (0.5 s)\n[2/2] ben: 0/2 points (from the cache)\n"
    silent = io.StringIO()
    Progress(2, verbosity=-1, stream=silent).update(_result("ann", 2.0))
    Progress(1, stream=silent).update(_result("ann", 2.0))  # one submission: no progress
    assert silent.getvalue() == ""


def test_pytest_takes_the_submission_as_a_separate_word(tmp_path):
    """`pytest --submission /abs/path` (space form) with a path outside the assignment folder."""
    submission = tmp_path / "elsewhere" / "mine.ipynb"
    submission.parent.mkdir()
    shutil.copy(EXAMPLES / "ada_correct.ipynb", submission)
    for args in (["--submission", str(submission)], [f"--submission={submission}"]):
        process = subprocess.run([sys.executable, "-m", "pytest", *args], cwd=REPO / "assignments" / "gradient_descent",
                                 capture_output=True, text=True, timeout=120)
        assert process.returncode == 0, process.stdout[-2000:] + process.stderr
        assert "Public checks: 47 / 47 points" in process.stdout


def test_usage_errors_exit_2_on_stderr(tmp_path):
    process = cli("grade", EXAMPLES / "ben_sum_not_mean.py", "--shard", "4/3", "--out", tmp_path)
    assert process.returncode == 2 and "--shard 4/3" in process.stderr and process.stdout == ""
    assert cli("frobnicate").returncode == 2


# Gradescope's results.json ---------------------------------------------------------------------------------

#: Gradescope's documented fields (autograder specifications: results.json)
TOP_LEVEL = {"score", "execution_time", "output", "output_format", "test_output_format", "test_name_format",
             "visibility", "stdout_visibility", "extra_data", "tests", "leaderboard"}
PER_TEST = {"score", "max_score", "status", "name", "name_format", "number", "output", "output_format", "tags",
            "visibility", "extra_data"}
VISIBILITIES = {"hidden", "after_due_date", "after_published", "visible"}
FORMATS = {"text", "html", "simple_format", "md", "ansi"}


def check_schema(data):
    assert set(data) <= TOP_LEVEL, set(data) - TOP_LEVEL
    assert isinstance(data["score"], (int, float)) and isinstance(data["execution_time"], (int, float))
    assert data["output_format"] in FORMATS and data["test_output_format"] in FORMATS
    assert data["test_name_format"] in FORMATS and data["visibility"] in VISIBILITIES
    assert data["stdout_visibility"] in VISIBILITIES
    for test in data["tests"]:
        assert set(test) <= PER_TEST, set(test) - PER_TEST
        assert test["status"] in ("passed", "failed") and test["visibility"] in VISIBILITIES
        assert test["output_format"] in FORMATS and test["name_format"] in FORMATS
        assert isinstance(test["tags"], list) and all(isinstance(tag, str) for tag in test["tags"])
        assert isinstance(test["number"], str) and isinstance(test["max_score"], (int, float))
    numbers = [t["number"] for t in data["tests"]]
    assert len(set(numbers)) == len(numbers)


def test_gradescope_results_use_the_documented_fields_and_visibility_settings(tmp_path):
    process = cli("grade", EXAMPLES / "ben_sum_not_mean.py", "--out", tmp_path / "hidden", "-q",
                  "--hidden-visibility", "after_published")
    assert process.returncode == 0, process.stderr
    hidden = json.loads((tmp_path / "hidden" / "ben_sum_not_mean" / "results.json").read_text())
    check_schema(hidden)
    assert hidden["output_format"] == hidden["test_output_format"] == "md"
    assert {t["visibility"] for t in hidden["tests"]} == {"after_published"}
    grad = [t for t in hidden["tests"] if t["tags"] == ["grad_fn"]]
    assert [t["number"] for t in grad] == [f"3.{i}" for i in range(1, 1 + len(scenarios_for(["grad_fn"])))]
    assert any("  \n" in t["output"] for t in grad)  # one Markdown line per line of the message

    process = cli("grade", EXAMPLES / "ben_sum_not_mean.py", "--out", tmp_path / "public", "-q", "--public")
    public = json.loads((tmp_path / "public" / "ben_sum_not_mean" / "results.json").read_text())
    check_schema(public)
    assert {t["visibility"] for t in public["tests"]} == {"visible"}
    default = cli("grade", EXAMPLES / "ben_sum_not_mean.py", "--out", tmp_path / "default", "-q")
    assert default.returncode == 0
    data = json.loads((tmp_path / "default" / "ben_sum_not_mean" / "results.json").read_text())
    assert {t["visibility"] for t in data["tests"]} == {"after_due_date"}


def test_gradescope_dict_round_trips():
    result = SubmissionResult("ann", "ann.py", notes=["cell 3 raised"], execution_time=1.25, tests=[
        CheckResult("grad_fn: a", "grad_fn", 0.0, 2.0, "The factor 2 is missing.\n`grad`: expected 1, got 2.",
                    hidden=True, mistake="grad_fn.missing_factor_2"),
        CheckResult("model: a", "model", 1.0, 1.0)])
    data = gradescope.to_dict(result)
    check_schema(data)
    assert data["output"] == "**Note:** cell 3 raised  \nIsolation: no student code was run"
    assert data["execution_time"] == 1.25
    back = gradescope.from_dict(json.loads(json.dumps(data)))
    assert back.tests == result.tests and back.notes == result.notes and back.submission == "ann"
    assert back.max_score == 3.0 and back.execution_time == 1.25
