"""Shared by the Gradescope tests of every assignment: ``gradescope-bundle`` run by the CLI, its
autograder.zip unpacked into a fake ``/autograder`` (AUTOGRADER_ROOT) and set up with its own setup.sh, and
run_autograder run on submissions as Gradescope runs it."""
import json
import shutil
import subprocess
import sys
import zipfile

from release_env import REPO, clean_env, timed


def build_archive(out, assignment=None):
    """``python -m autograder gradescope-bundle OUT [--assignment NAME]``; returns the archive's path."""
    chosen = [] if assignment is None else ["--assignment", assignment]
    process = subprocess.run([sys.executable, "-m", "autograder", "gradescope-bundle", str(out), *chosen], cwd=REPO,
                             capture_output=True, text=True)
    assert process.returncode == 0, process.stderr
    return out / "autograder.zip"


def set_up(archive, root):
    """A fake /autograder in ``root``: the archive unpacked into source/ as Gradescope does, then setup.sh run."""
    (root / "source").mkdir()
    if shutil.which("unzip"):
        subprocess.run(["unzip", "-q", str(archive), "-d", str(root / "source")], check=True)
    else:  # zipfile does not restore permissions
        with zipfile.ZipFile(archive) as z:
            z.extractall(root / "source")
            for info in z.infolist():
                (root / "source" / info.filename).chmod(info.external_attr >> 16 & 0o777)
    process = timed("gradescope setup.sh", ["bash", str(root / "source" / "setup.sh")], capture_output=True,
                    text=True, env=clean_env(AUTOGRADER_ROOT=str(root)), timeout=600)
    assert process.returncode == 0, process.stdout + process.stderr
    return root


def run_autograder(root, files):
    """Gradescope's run: ``files`` (name in the submission -> file or folder) copied into submission/, then
    run_autograder; returns results.json."""
    submission = root / "submission"
    shutil.rmtree(submission, ignore_errors=True)
    shutil.rmtree(root / "results", ignore_errors=True)
    submission.mkdir()
    for name, source in files.items():
        target = submission / name
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target)
    process = timed("gradescope run_autograder", [str(root / "source" / "run_autograder")], capture_output=True,
                    text=True, env=clean_env(AUTOGRADER_ROOT=str(root)), timeout=300)
    assert process.returncode == 0, process.stdout + process.stderr
    return json.loads((root / "results" / "results.json").read_text())
