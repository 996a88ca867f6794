"""The grader's side of the sandbox: start workers, send them requests, enforce time limits.

A :class:`Sandbox` holds one submission. It runs the submission's cells one at a time in a worker process,
then answers driver requests. A cell or a driver request that hangs, crashes the process or exits it costs
only itself: the worker is killed, a fresh one is started, the good cells are replayed and grading goes on.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from . import codec

WORKER = Path(__file__).with_name("worker.py")
#: the worker's environment is built from scratch: no secrets, tokens or PYTHONPATH of the grader leak in
PASSED_ENV = ("PATH", "LANG", "LC_ALL", "SYSTEMROOT", "TMPDIR")


def worker_environment(workdir, memory_mb):
    env = {k: os.environ[k] for k in PASSED_ENV if k in os.environ}
    env.update(
        HOME=str(workdir),
        MPLBACKEND="Agg",
        OPENBLAS_NUM_THREADS="1",
        OMP_NUM_THREADS="1",
        MKL_NUM_THREADS="1",
        PYTHONHASHSEED="0",
        PYTHONDONTWRITEBYTECODE="1",
        AUTOGRADER_WORKDIR=str(workdir),
        AUTOGRADER_MEMORY_MB=str(memory_mb),
    )
    return env


class WorkerGone(Exception):
    """The worker died or was killed; ``reason`` says which."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class _Process:
    """One worker: a socket to talk on and a process group to kill."""

    def __init__(self, sock, pid, popen=None):
        self.sock, self.pid, self.popen = sock, pid, popen
        self.reader = sock.makefile("rb")

    def request(self, message, timeout, answer=None):
        """Send ``message`` and return the worker's reply, all within ``timeout`` seconds.

        ``answer(function, args) -> reply`` serves the worker's callbacks (stand-ins for upstream functions);
        without it a callback is a protocol violation and ends the worker.
        """
        deadline = time.monotonic() + timeout
        self._send(message, deadline)
        while True:
            reply = self._receive(deadline)
            if not (isinstance(reply, dict) and "callback" in reply):
                return reply
            if answer is None:
                self.kill()
                raise WorkerGone("crashed")
            self._send(answer(reply.get("callback"), reply.get("args")), deadline)

    def _send(self, message, deadline):
        with self._within(deadline):
            self.sock.sendall(codec.dumps(message))

    def _receive(self, deadline):
        with self._within(deadline):
            line = self.reader.readline()
        if not line:
            self.kill()
            raise WorkerGone("crashed")
        return codec.loads(line)

    @contextlib.contextmanager
    def _within(self, deadline):
        """Socket I/O that must end by ``deadline``; a worker that misses it, or whose socket fails, is gone."""
        try:
            self.sock.settimeout(max(deadline - time.monotonic(), 1e-3))
            yield
        except TimeoutError:
            self.kill()
            raise WorkerGone("timeout") from None
        except OSError:
            self.kill()
            raise WorkerGone("crashed") from None

    def kill(self):
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.reader.close()
        self.sock.close()
        if self.popen is not None:
            self.popen.wait()


class Launcher:
    """Starts workers. With ``fork=True`` (POSIX) a zygote that imported numpy once forks each worker."""

    def __init__(self, fork=hasattr(os, "fork"), memory_mb=4096):
        self.workdir = Path(tempfile.mkdtemp(prefix="autograder-"))
        self.env = worker_environment(self.workdir, memory_mb)
        self.lock = threading.Lock()
        self.zygote = None
        if fork:
            self.control, theirs = socket.socketpair()
            self.zygote = self._popen("--zygote", theirs)
            theirs.close()

    def _popen(self, mode, sock):
        return subprocess.Popen(
            [sys.executable, "-I", str(WORKER), mode, str(sock.fileno())],
            pass_fds=[sock.fileno()],
            env=self.env,
            cwd=self.workdir,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def start(self):
        ours, theirs = socket.socketpair()
        if self.zygote is None:
            popen = self._popen("--serve", theirs)
            theirs.close()
            return _Process(ours, popen.pid, popen)
        with self.lock:
            socket.send_fds(self.control, [b"w"], [theirs.fileno()])
            theirs.close()
            pid = int(self._read_pid())
        return _Process(ours, pid)

    def _read_pid(self):
        data = b""
        while not data.endswith(b"\n"):
            chunk = self.control.recv(32)
            if not chunk:
                raise RuntimeError("the sandbox fork server stopped unexpectedly")
            data += chunk
        return data

    def close(self):
        if self.zygote is not None:
            self.control.close()
            self.zygote.wait(timeout=10)
            self.zygote = None
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


@dataclass
class Cell:
    """A piece of submitted code: ``label`` is how messages name it (``cell 4``, ``bob.py``)."""

    label: str
    source: str


class Sandbox:
    """One submission's code, loaded in a worker, answering driver requests under a time limit.

    Parameters
    ----------
    launcher : Launcher
    cells : list of Cell
        Executed in order; one that fails is reported in ``problems`` and the others still run.
    timeout : float
        Seconds allowed for one driver request (one check).
    load_timeout : float
        Seconds allowed for one cell's top-level code.
    """

    def __init__(self, launcher, cells, timeout=10.0, load_timeout=30.0):
        self.launcher, self.cells = launcher, list(cells)
        self.timeout, self.load_timeout = timeout, load_timeout
        self.problems: list[str] = []
        self.good_cells: list[Cell] = []
        self.process = None
        self._load()

    def _load(self):
        self.process = self.launcher.start()
        for cell in self.cells:
            try:
                answer = self.process.request({"op": "exec", "label": cell.label, "source": cell.source},
                                              self.load_timeout)
            except WorkerGone as gone:
                self.problems.append(_gone_while_loading(cell.label, gone.reason, self.load_timeout))
                self._restart()
                continue
            if answer["ok"]:
                self.good_cells.append(cell)
            else:
                self.problems.append(answer["error"])
                # a cell that stopped half-way may still have defined functions before the error
                self.good_cells.append(cell)

    def _restart(self):
        """A fresh worker with the cells that loaded before, replayed without their errors reported twice."""
        self.process = self.launcher.start()
        for cell in self.good_cells:
            try:
                self.process.request({"op": "exec", "label": cell.label, "source": cell.source}, self.load_timeout)
            except WorkerGone:
                self.process = self.launcher.start()

    def run(self, driver, inputs):
        """Run one driver request; returns the worker's reply or a ``{"ok": False, "kind": ...}`` failure."""
        if self.process is None:
            self._restart()
        try:
            return self.process.request({"op": "run", "driver": driver, "inputs": inputs}, self.timeout)
        except WorkerGone as gone:
            self.process = None
            return {"ok": False, "kind": gone.reason, "function": None, "message": f"{self.timeout:g} s"}

    def run_with_upstream(self, driver, inputs, upstream, answer):
        """Run one driver request in a fresh worker where the functions named in ``upstream`` are stand-ins
        whose results ``answer(function, args)`` gives (error carried forward: a composite graded with correct
        versions of the functions it calls). The worker is thrown away afterwards, so nothing it was told can
        reach another check."""
        process = self.launcher.start()
        try:
            for cell in self.good_cells:
                process.request({"op": "exec", "label": cell.label, "source": cell.source}, self.load_timeout)
            return process.request({"op": "run", "driver": driver, "inputs": inputs, "upstream": list(upstream)},
                                   self.timeout, answer)
        except WorkerGone as gone:
            return {"ok": False, "kind": gone.reason, "function": None, "message": f"{self.timeout:g} s"}
        finally:
            process.kill()

    def close(self):
        if self.process is not None:
            self.process.kill()
            self.process = None


def _gone_while_loading(label, reason, limit):
    if reason == "timeout":
        return f"{label} ran longer than {limit:g} s and was skipped (an endless loop at top level?)"
    return f"{label} ended the Python process (os._exit or a crash) and was skipped"
