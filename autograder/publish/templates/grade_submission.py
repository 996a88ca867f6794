"""Grade the Gradescope submission with the hidden checks and write results.json, whatever happens.

Picks @@NOTEBOOK@@ in $AUTOGRADER_ROOT/submission (anywhere in it: an upload or a GitHub repository),
else the only notebook there, else @@PY_NAME@@; runs ``python -m autograder grade`` on it with the hidden
checks of the reference in ``solutions/`` next to this file; and, if anything goes wrong, still writes a
results.json that says why.
"""
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(os.environ.get("AUTOGRADER_ROOT", "/autograder"))
HERE = Path(__file__).resolve().parent
ASSIGNMENT = "@@ASSIGNMENT@@"
NOTEBOOK = "@@NOTEBOOK@@"
PY_NAME = "@@PY_NAME@@"
#: when Gradescope shows students each hidden check (set by `gradescope-bundle --hidden-visibility`)
HIDDEN_VISIBILITY = "@@HIDDEN_VISIBILITY@@"
IGNORED = {".ipynb_checkpoints", ".git", "__pycache__"}


def candidates(folder, pattern):
    found = [p for p in folder.rglob(pattern) if p.is_file() and not IGNORED.intersection(p.parts)]
    return sorted(found, key=lambda p: (len(p.relative_to(folder).parts), str(p)))


def find_submission(folder):
    for pattern in (NOTEBOOK, PY_NAME):
        found = candidates(folder, pattern)
        if found:
            return found[0]
    notebooks = candidates(folder, "*.ipynb")
    return notebooks[0] if len(notebooks) == 1 else None


def write_results(path, results):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2) + "\n")


def main():
    results = ROOT / "results" / "results.json"
    submission = find_submission(ROOT / "submission")
    if submission is None:
        write_results(results, {"score": 0, "output_format": "md", "tests": [],
                                "output": f"No {NOTEBOOK} found in the submission: upload the notebook under that name."})
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        process = subprocess.run(
            [sys.executable, "-m", "autograder", "grade", str(submission), "--require-reference",
             "--assignment", ASSIGNMENT,
             "--json", str(results), "--out", scratch, "--quiet", "--hidden-visibility", HIDDEN_VISIBILITY],
            cwd=HERE, capture_output=True, text=True)
    sys.stdout.write(process.stdout)
    sys.stderr.write(process.stderr)
    if process.returncode != 0 or not results.is_file():
        write_results(results, {"score": 0, "output_format": "md", "tests": [],
                                "output": "The autograder could not grade this submission; please tell your instructor."})
    return 0


if __name__ == "__main__":
    sys.exit(main())
