"""Progress of a batch on stderr: a bar on a terminal (tqdm), one quiet line per submission otherwise.

A log (CI, Slurm, a file) gets lines it can keep; a person at a terminal gets a bar that tables and
messages print above (:meth:`Progress.write`). ``-q`` shows neither.
"""
from __future__ import annotations

import sys


class Progress:
    def __init__(self, total, verbosity=0, stream=None, bar=None):
        """``bar``: True or False forces the choice; None picks a bar when ``stream`` is a terminal."""
        self.stream = stream or sys.stderr
        self.total, self.done = total, 0
        self.enabled = verbosity >= 0 and total > 1
        self._bar = None
        if self.enabled and (bar if bar is not None else _isatty(self.stream)):
            try:
                from tqdm import tqdm
            except ImportError:  # the student release does not need tqdm; lines will do
                tqdm = None
            if tqdm is not None:
                self._bar = tqdm(total=total, unit="submission", file=self.stream, dynamic_ncols=True,
                                 desc="grading", leave=True)

    def update(self, result, cached=False):
        self.done += 1
        if not self.enabled:
            return
        how = "from the cache" if cached else f"{result.execution_time or 0:.1f} s"
        if self._bar is not None:
            self._bar.set_postfix_str(f"{result.submission} {result.score:g}/{result.max_score:g}", refresh=False)
            self._bar.update(1)
            return
        width = len(str(self.total))
        print(f"[{self.done:>{width}}/{self.total}] {result.submission}: {result.score:g}/{result.max_score:g} "
              f"points ({how})", file=self.stream, flush=True)

    def write(self, text, file=None):
        """Print ``text`` (to stdout by default) without breaking the bar."""
        file = file or sys.stdout
        if self._bar is not None:
            self._bar.write(text, file=file)
        else:
            print(text, file=file, flush=True)

    def close(self):
        if self._bar is not None:
            self._bar.close()


def _isatty(stream):
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
