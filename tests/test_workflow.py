"""The release's CI workflow, run here as a runner would: its YAML is read and its ``run:`` steps are executed
with bash in a copy of the release, with the environment GitHub gives them.

Emulated: ``actions/checkout`` (the copy is the checkout), ``actions/setup-python`` (the release's virtual
environment is first on PATH) and ``actions/upload-artifact`` (files are copied to an artifacts folder and
the step gets an ``artifact-url`` output). Expressions are evaluated for the contexts the workflow uses
(``secrets``, ``env``, ``steps``); a test checks it uses no others.
"""
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from gd import POINTS
from release_env import REPO, TIMINGS, TOTAL, clean_env, notebook, release, scratch, student_python

yaml = pytest.importorskip("yaml")

WORKFLOW = ".github/workflows/feedback.yml"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
#: the step conditions the harness understands
CONDITIONS = {None: "success", "!cancelled()": "not-cancelled", "always()": "always"}


def load_workflow(root):
    return yaml.safe_load((root / WORKFLOW).read_text())


def triggers(workflow):
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` key as true


@dataclass
class Run:
    summary: str = ""
    steps: dict = field(default_factory=dict)  # name -> (outcome, stdout + stderr)
    artifacts: Path = None
    failed: bool = False


class Runner:
    def __init__(self, workspace, secrets):
        self.workspace, self.secrets = workspace, secrets
        self.temp = workspace.parent / "runner-temp"
        self.artifacts = workspace.parent / "artifacts"
        self.summary = workspace.parent / "step_summary.md"
        for folder in (self.temp, self.artifacts):
            folder.mkdir()
        self.summary.write_text("")
        self.outputs = {}

    def evaluate(self, text, env):
        def value(match):
            expression = match.group(1)
            context, _, rest = expression.partition(".")
            if context == "secrets":
                return self.secrets.get(rest, "")
            if context == "env":
                return env.get(rest, "")
            if context == "steps":
                step, _, output = rest.partition(".outputs.")
                return self.outputs.get(step, {}).get(output, "")
            if context == "github":
                return {"ref": "refs/heads/main"}.get(rest, "")
            raise AssertionError(f"expression not emulated: {expression}")

        return EXPRESSION.sub(value, str(text))

    def base_env(self):
        venv_bin = str(student_python().parent)
        return clean_env(
            PATH=f"{venv_bin}{os.pathsep}{os.environ['PATH']}", GITHUB_ACTIONS="true", CI="true",
            GITHUB_WORKSPACE=str(self.workspace), RUNNER_TEMP=str(self.temp),
            GITHUB_STEP_SUMMARY=str(self.summary), GITHUB_EVENT_NAME="push", GITHUB_REF="refs/heads/main")

    def run(self, workflow):
        result = Run(artifacts=self.artifacts)
        for job in workflow["jobs"].values():
            env = self.base_env()
            env.update({k: self.evaluate(v, env) for k, v in (workflow.get("env") or {}).items()})
            env.update({k: self.evaluate(v, env) for k, v in (job.get("env") or {}).items()})
            shell = (job.get("defaults") or {}).get("run", {}).get("shell")
            assert shell == "bash", "the workflow pins bash, so steps run with -eo pipefail"
            failed = False
            for index, step in enumerate(job["steps"]):
                name = step.get("name", f"step {index}")
                condition = CONDITIONS[EXPRESSION.sub(r"\1", step["if"]).strip() if "if" in step else None]
                if condition == "success" and failed:
                    result.steps[name] = ("skipped", "")
                    continue
                step_env = dict(env)
                step_env.update({k: self.evaluate(v, step_env) for k, v in (step.get("env") or {}).items()})
                if "uses" in step:
                    outcome, log = self.uses(step, step_env)
                else:
                    outcome, log = self.run_step(step, step_env)
                result.steps[name] = (outcome, log)
                failed = failed or (outcome == "failure" and not step.get("continue-on-error"))
            result.failed = failed
        result.summary = self.summary.read_text()
        return result

    def uses(self, step, env):
        action = step["uses"].split("@")[0]
        if action in ("actions/checkout", "actions/setup-python"):
            return "success", f"{action}: emulated"
        if action == "actions/upload-artifact":
            options = {k: self.evaluate(v, env) for k, v in step["with"].items()}
            target = self.artifacts / options["name"]
            shutil.copytree(self.workspace / options["path"], target)
            self.outputs[step["id"]] = {"artifact-url": f"https://example.invalid/artifacts/{options['name']}"}
            return "success", f"uploaded {options['path']}"
        raise AssertionError(f"action not emulated: {step['uses']}")

    def run_step(self, step, env):
        script = self.temp / "step.sh"
        script.write_text(self.evaluate(step["run"], env))
        output = self.temp / "output.txt"
        output.write_text("")
        env = dict(env, GITHUB_OUTPUT=str(output))
        process = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                                 cwd=self.workspace, env=env, capture_output=True, text=True, timeout=300)
        if step.get("id"):
            self.outputs[step["id"]] = dict(
                line.split("=", 1) for line in output.read_text().splitlines() if "=" in line)
        return ("success" if process.returncode == 0 else "failure"), process.stdout + process.stderr


def run_workflow(tmp_path, submission, secrets=None):
    workspace = tmp_path / "workspace"
    shutil.copytree(release(), workspace)
    shutil.copy(submission, workspace / "gradient_descent.ipynb")
    start = time.perf_counter()
    result = Runner(workspace, secrets or {}).run(load_workflow(workspace))
    TIMINGS[f"workflow ({submission.stem})"] = round(time.perf_counter() - start, 2)
    return result


@pytest.fixture(scope="module")
def hidden_grader():
    """The secret as an instructor sets it: base64 of ``python -m autograder bundle``."""
    out = scratch() / "hidden_grader.zip"
    subprocess.run([sys.executable, "-m", "autograder", "bundle", str(out)], cwd=REPO, check=True,
                   capture_output=True)
    return base64.b64encode(out.read_bytes()).decode()


def test_workflow_runs_on_push_and_pull_request_and_uses_only_emulated_parts():
    workflow = load_workflow(release())
    assert {"push", "pull_request"} <= set(triggers(workflow))
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    uses = {s["uses"].split("@")[0] for s in steps if "uses" in s}
    assert uses == {"actions/checkout", "actions/setup-python", "actions/upload-artifact"}
    for step in steps:
        assert (EXPRESSION.sub(r"\1", step["if"]).strip() if "if" in step else None) in CONDITIONS
    text = (release() / WORKFLOW).read_text()
    contexts = {m.split(".")[0].strip("!( ") for m in EXPRESSION.findall(text)}
    assert contexts <= {"secrets", "env", "steps", "github", "cancelled()"}
    # the secret is given to one step only, never to the whole job
    assert [s["name"] for s in steps if "secrets." in json.dumps(s)] == ["Hidden checks"]


def test_buggy_push_with_hidden_grader(tmp_path, hidden_grader):
    run = run_workflow(tmp_path, notebook("buggy"), {"HIDDEN_GRADER": hidden_grader})
    assert run.steps["Install the requirements"][0] == "success", run.steps["Install the requirements"][1]
    assert run.steps["Public checks"][0] == "failure" and run.failed  # a red cross on the commit
    results = json.loads((run.artifacts / "feedback" / "results.json").read_text())
    summary = run.summary

    # the score, then a table per function with points, status and hint
    assert f"## Public checks: {results['score']:g} / {results['extra_data']['max_score']:g} points" in summary
    assert "| Function | Points | Status | Hint |" in summary
    grad_row = next(line for line in summary.splitlines() if line.startswith("| `grad_fn`"))
    assert f"0 / {POINTS['grad_fn']:g}" in grad_row and "failing" in grad_row and "The factor 2 is missing" in grad_row
    assert next(l for l in summary.splitlines() if l.startswith("| `model`")).count("passed") == 1

    # the student's training runs as Mermaid charts GitHub renders: unfolded, every run; the PNG in the artifact
    public_part = summary[:summary.index("## Hidden checks")]
    runs = public_part[public_part.index("### Your training runs"):]
    assert "data:image" not in summary and "<details>" not in runs
    charts = re.findall(r"```mermaid\n(.*?)```", runs, re.S)
    assert len(charts) == 2 and all("xychart-beta" in chart for chart in charts)
    assert sum(chart.count("\n    line [") for chart in charts) == 4  # the four runs
    assert 'title "Learning rates above the limit"' in charts[0] and "inf/nan at epoch" in runs
    png = (run.artifacts / "feedback" / "training_runs.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000

    # annotations on the notebook, one per failing function
    log = run.steps["Report and annotations"][1]
    annotations = [line for line in log.splitlines() if line.startswith("::error ")]
    assert any(a.startswith("::error file=gradient_descent.ipynb,line=") and "grad_fn%3A" in a for a in annotations)
    assert len(annotations) == sum(1 for l in public_part.splitlines() if l.startswith("| `") and "failing" in l)

    # artifacts: the HTML report (self-contained, with the plot), results.json, and the link in the summary
    html = (run.artifacts / "feedback" / "report.html").read_text()
    assert "data:image/png;base64," in html and "<script" not in html and 'src="http' not in html
    assert "https://example.invalid/artifacts/feedback" in summary

    # hidden checks: a score, no inputs, no numbers, and the secret nowhere
    assert run.steps["Hidden checks"][0] == "success", run.steps["Hidden checks"][1]
    hidden_part = summary[summary.index("## Hidden checks"):]
    hidden = json.loads((run.artifacts / "feedback" / "hidden" / "gradient_descent" / "results.json").read_text())
    assert f"## Hidden checks: {hidden['score']:g} / {hidden['extra_data']['max_score']:g} points" in summary
    assert 0 < hidden["score"] < hidden["extra_data"]["max_score"]
    assert "expected [" not in hidden_part and "got [" not in hidden_part

    # one story: both tables blame the same functions, and name grad_fn for those failing because of it
    def failing(part):
        return {line.split("`")[1]: line.split(" | ")[3] for line in part.splitlines()
                if line.startswith("| `") and "failing" in line}

    public_rows, hidden_rows = failing(public_part), failing(hidden_part)
    assert set(public_rows) == set(hidden_rows) and "grad_fn" in public_rows
    for function in set(public_rows) - {"grad_fn"}:
        assert public_rows[function].startswith("Fails because `grad_fn` fails"), public_rows[function]
        assert hidden_rows[function] == public_rows[function]
    # no expected or returned values (arrays or decimals) in any hidden message
    assert not [t for t in hidden["tests"] if re.search(r"(expected|got) (\[|-?\d+\.\d)", t["output"])]
    for value in hidden_input_values(hidden_grader):
        assert value not in hidden_part
    everything = summary + "".join(log for _, log in run.steps.values())
    everything += "".join(p.read_text(errors="replace") for p in run.artifacts.rglob("*") if p.is_file())
    assert hidden_grader[:40] not in everything


def hidden_input_values(secret):
    """A few of the hidden checks' random inputs, written the way reports would write them."""
    import io
    import zipfile

    data = json.loads(zipfile.ZipFile(io.BytesIO(base64.b64decode(secret))).read("hidden_checks.json"))
    values = []
    for name, entry in data["scenarios"].items():
        if "random" not in name:
            continue
        for argument in entry["inputs"]["args"].get("list", []):
            values += [f"{v:.7g}" for v in (argument.get("array") or [])[:2] if abs(v) > 1e-3 and v != int(v)]
    assert len(values) > 10
    return values


def test_completed_push_without_hidden_grader(tmp_path):
    run = run_workflow(tmp_path, notebook("completed"))
    assert not run.failed, {k: v[1][-2000:] for k, v in run.steps.items() if v[0] == "failure"}
    assert f"## Public checks: {TOTAL:g} / {TOTAL:g} points" in run.summary
    assert "skipped" in run.steps["Hidden checks"][1] and "## Hidden checks" not in run.summary
    assert not [l for l in run.steps["Report and annotations"][1].splitlines() if l.startswith("::error")]
    assert (run.artifacts / "feedback" / "report.html").is_file()
    assert (run.artifacts / "feedback" / "results.json").is_file()
