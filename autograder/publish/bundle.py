"""The hidden grader bundle: the hidden checks' inputs and expected values, computed from ``solutions/``.

Data only, no reference code: wherever the bundle goes (a CI secret, Gradescope), what could leak from it is
numbers for the hidden inputs, never the solutions. Without the mistakes' outputs it stays well under the
48 KB a GitHub secret holds once base64-encoded; with them (``mistakes=True``, for Gradescope), hidden
failures get the same specific hints as the public checks.
"""
from __future__ import annotations

import base64
import json
import zipfile

from ..check.bundle import DATA_NAME
from ..check.expectations import FORMAT_VERSION

#: GitHub's limit on the size of a secret
SECRET_LIMIT = 48 * 1024
#: the fixed time stamp of every archive member (the zip format's earliest): reproducible archives
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def hidden_data(mistakes=False, assignment=None):
    """The hidden checks as a data file: PublicExpectations' format, marked hidden, without the seed."""
    from ..check.expectations import ReferenceExpectations, probe_data

    reference = ReferenceExpectations(assignment=assignment)  # the hidden seed, from solutions/<name>/hidden.py
    return {
        "format": FORMAT_VERSION,
        "hidden": True,
        "about": f"Hidden checks of {reference.assignment.name}, generated from the reference by "
                 "`python -m autograder bundle`. Keep it private.",
        "assignment": reference.assignment.name,
        "seed": None,
        "scenarios": {
            s.name: {"inputs": reference.inputs(s), "expected": reference.expected_plain(s),
                     "mistakes": reference.mistakes_plain(s) if mistakes else {}}
            for s in reference.assignment.scenarios
        },
        # the probes' inputs are public (declared in the package); their expected values let hints use them
        "probes": probe_data(reference),
    }


def zip_bytes(files, executable=()):
    """A reproducible zip archive of ``{name: bytes}``: sorted members, fixed times and permissions."""
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix, so the permissions below are honoured by unzip
            info.external_attr = (0o100755 if name in executable else 0o100644) << 16
            archive.writestr(info, files[name], compresslevel=9)
    return buffer.getvalue()


def bundle_bytes(mistakes=False, assignment=None):
    data = json.dumps(hidden_data(mistakes, assignment), separators=(",", ":"), allow_nan=True).encode()
    return zip_bytes({DATA_NAME: data})


def secret_size(raw):
    return len(base64.b64encode(raw))
