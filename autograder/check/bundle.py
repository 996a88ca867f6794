"""Read a hidden grader bundle: the hidden checks' inputs and expected values, as data.

``python -m autograder bundle OUT`` builds it on the instructor's machine from ``solutions/`` (see
:mod:`autograder.publish.bundle`); CI (through a repository secret) and Gradescope read it here. It holds
numbers only, no reference code, so grading with it needs no ``solutions/`` package. The file is a zip
archive, or the same archive in base64 (as a secret holds it).
"""
from __future__ import annotations

import base64
import binascii
import io
import json
import zipfile
from pathlib import Path

from .. import assignment as assignments
from .expectations import PublicExpectations

#: the data file inside the archive
DATA_NAME = "hidden_checks.json"


class BundleError(ValueError):
    """The bundle cannot be used: unreadable, or made for other checks than these."""


def read_bytes(raw, source="bundle"):
    """The bundle's data dict from the archive's bytes (or their base64 text)."""
    if not raw.startswith(b"PK"):
        try:
            raw = base64.b64decode(b"".join(raw.split()), validate=True)
        except (binascii.Error, ValueError):
            raise BundleError(f"{source} is neither a zip archive nor base64 of one") from None
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return json.loads(archive.read(DATA_NAME))
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError) as error:
        raise BundleError(f"{source} is not a hidden grader bundle ({error})") from None


def load(path, assignment=None):
    """Expectations from the bundle at ``path`` (``-``: standard input, so no copy lands on disk); refuses
    a bundle built for other checks."""
    if str(path) == "-":
        import sys

        data = read_bytes(sys.stdin.buffer.read(), "the bundle on standard input")
    else:
        data = read_bytes(Path(path).read_bytes(), str(path))
    if assignment is None:
        assignment = data.get("assignment") or assignments.default()
    assignment = assignments.load(assignment)
    missing = [s.name for s in assignment.scenarios if s.name not in data.get("scenarios", {})]
    if missing:
        raise BundleError(f"{path} was built for other checks (no values for {len(missing)} of them, e.g. "
                          f"{missing[0]!r}); rebuild it with `python -m autograder bundle`")
    return PublicExpectations(data=data, source=str(path), assignment=assignment)
