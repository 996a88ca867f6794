"""The instructor's matrix workflow (docs/workflows/grade-class.yml), run here as a runner would: every
matrix job's ``run:`` steps with bash, then the merge job's, with the artifacts passed between them. The
merged scores equal those of one ``grade`` run over the same class."""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml")

REPO = Path(__file__).resolve().parents[1]
WORKFLOW = REPO / "docs" / "workflows" / "grade-class.yml"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
#: steps this harness does not run: the environment is this one, and a cold cache is what a first run has
EMULATED = {"actions/checkout", "actions/setup-python", "actions/cache"}


def evaluate(text, context):
    def value(match):
        if match.group(1) not in context:
            raise AssertionError(f"expression not emulated: {match.group(1)}")
        return str(context[match.group(1)])

    return EXPRESSION.sub(value, str(text))


def run_job(job, context, workspace, artifacts, summary):
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
               GITHUB_STEP_SUMMARY=str(summary))
    env.update({k: evaluate(v, context) for k, v in (job.get("env") or {}).items()})
    for step in job["steps"]:
        if "uses" in step:
            action = step["uses"].split("@")[0]
            options = {k: evaluate(v, context) for k, v in (step.get("with") or {}).items()}
            if action == "actions/upload-artifact":
                target = artifacts / options["name"]
                for path in options["path"].split():
                    shutil.copytree(workspace / path, target / path.rstrip("/"), dirs_exist_ok=True)
            elif action == "actions/download-artifact":
                pattern = options["pattern"]
                for folder in sorted(artifacts.glob(pattern)):
                    shutil.copytree(folder / "shard", workspace / options["path"] / folder.name)
            else:
                assert action in EMULATED, action
            continue
        if step["name"] == "Install the grader":
            continue  # installed already: this test runs in the project's environment
        script = evaluate(step["run"], context)
        process = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=workspace,
                                 env=env, capture_output=True, text=True, timeout=300)
        assert process.returncode == 0, (step["name"], process.stdout, process.stderr)


def test_matrix_grading_and_merge_give_the_scores_of_one_run(tmp_path):
    workflow = yaml.safe_load(WORKFLOW.read_text())
    workspace, artifacts, summary = tmp_path / "workspace", tmp_path / "artifacts", tmp_path / "summary.md"
    workspace.mkdir()
    artifacts.mkdir()
    summary.write_text("")
    shutil.copytree(REPO / "examples", workspace / "submissions")
    grade, merge = workflow["jobs"]["grade"], workflow["jobs"]["merge"]
    assert merge["needs"] == "grade"
    shards = grade["strategy"]["matrix"]["shard"]
    assert len(shards) >= 2
    inputs = {"inputs.submissions": workflow[True if True in workflow else "on"]["workflow_dispatch"]["inputs"]
              ["submissions"]["default"]}
    for index, shard in enumerate(shards):
        context = {**inputs, "strategy.job-index": index, "strategy.job-total": len(shards), "matrix.shard": shard,
                   "github.run_id": 1}
        run_job(grade, context, workspace, artifacts, summary)
        shutil.rmtree(workspace / "shard")
    run_job(merge, inputs, workspace, artifacts, summary)

    one = tmp_path / "one"
    process = subprocess.run([sys.executable, "-m", "autograder", "grade", "submissions", "--out", str(one),
                              "--format", "csv", "-q"], cwd=workspace, capture_output=True, text=True, timeout=300)
    assert process.returncode == 0, process.stderr
    assert (workspace / "class" / "scores.csv").read_text() == (one / "scores.csv").read_text()
    assert (workspace / "class" / "causes.csv").read_text() == (one / "causes.csv").read_text()
    assert (artifacts / "class" / "class" / "class.html").is_file()
    assert "## The class" in summary.read_text() and "Most common mistakes" in summary.read_text()
    parts = sorted(p.name for p in (workspace / "shards").iterdir())
    assert parts == [f"shard-{i}" for i in range(len(shards))]
