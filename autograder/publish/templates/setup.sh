#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (Ubuntu): a virtual
# environment with the grader's requirements. AUTOGRADER_ROOT (default /autograder) lets it run elsewhere.
set -euo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"
if ! python3 -c "import ensurepip, venv" >/dev/null 2>&1; then
    apt-get update
    apt-get install -y --no-install-recommends python3 python3-venv python3-pip
fi
python3 -m venv "$ROOT/venv"
"$ROOT/venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$ROOT/source/requirements.txt"
# The reference (solutions/) and the grader are root's alone: the sandboxed student code
# runs as uid 65534 and cannot read them, with or without Landlock.
if [ "$(id -u)" = 0 ]; then
    chmod -R go-rwx "$ROOT/source"
fi
