"""``grade --cache DIR``: keep each submission's result under a key of everything that decides it, and
regrade only submissions whose key is new.

The key is a SHA-256 of: the submission's bytes; the grader's code (every module of the package, which
holds the checks' declarations and data); the expected values' source (the files of ``solutions/``, the
public data file, or the hidden bundle); and the options that change a result (time limits, the functions
checked, whether the training runs are recorded). Change any of them and the submission is graded again.
Entries are JSON (the result in Gradescope's schema, plus the training runs), one file per key.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
FORMAT = 1


def _hash_files(digest, root, pattern):
    root = Path(root)
    for path in sorted(root.rglob(pattern)):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())


def grader_fingerprint(expectations_files=(), expectations_bytes=b"", options=None):
    """What every key of one run shares: the grader's code, the expectations' sources and the options.

    ``expectations_files``: folders or files (``solutions/``, the public data file); ``expectations_bytes``:
    the hidden bundle's content; ``options``: a :class:`autograder.grade.Options`.
    """
    digest = hashlib.sha256(f"gd-autograder cache {FORMAT}\0".encode())
    _hash_files(digest, PACKAGE, "*.py")
    for source in expectations_files:
        source = Path(source)
        digest.update(b"expectations\0")
        if source.is_dir():
            _hash_files(digest, source, "*.py")
        elif source.is_file():
            digest.update(hashlib.sha256(source.read_bytes()).digest())
    digest.update(hashlib.sha256(expectations_bytes).digest())
    if options is not None:
        fields = {k: v for k, v in dataclasses.asdict(options).items() if k != "jobs"}
        digest.update(json.dumps(fields, sort_keys=True, default=str).encode())
    return digest.hexdigest()


class ResultCache:
    """Results by key in ``folder``; :meth:`get` returns None for a miss or an unreadable entry."""

    def __init__(self, folder, fingerprint):
        self.folder = Path(folder)
        self.fingerprint = fingerprint
        self.hits = self.misses = 0

    def key(self, submission):
        digest = hashlib.sha256(self.fingerprint.encode())
        digest.update(hashlib.sha256(Path(submission.path).read_bytes()).digest())
        digest.update(submission.name.encode())  # the name is part of the result
        return digest.hexdigest()

    def _path(self, key):
        return self.folder / key[:2] / f"{key}.json"

    def get(self, submission):
        from .check.curves import Curve
        from .report import gradescope

        path = self._path(self.key(submission))
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
            result = gradescope.from_dict(entry["result"])
            result.path = str(submission.path)
            result.curves = [Curve(**curve) for curve in entry.get("curves", [])]
        except (OSError, ValueError, KeyError, TypeError):
            self.misses += 1
            return None
        self.hits += 1
        return result

    def put(self, submission, result):
        from .report import gradescope

        entry = {"result": gradescope.to_dict(result),
                 "curves": [dataclasses.asdict(curve) for curve in result.curves]}
        path = self._path(self.key(submission))
        path.parent.mkdir(parents=True, exist_ok=True)
        # written aside and renamed: a shard killed mid-write leaves no half entry
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(entry, file)
        os.replace(temporary, path)
