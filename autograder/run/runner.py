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

from . import codec, confine

WORKER = Path(__file__).with_name("worker.py")
#: the folder of the worker and the modules it imports by path
RUN_DIR = WORKER.parent
#: the worker's environment is built from scratch: no secrets, tokens or PYTHONPATH of the grader leak in
PASSED_ENV = ("PATH", "LANG", "LC_ALL", "SYSTEMROOT", "TMPDIR", confine.SWITCH)
#: seconds the fork server may take to fork a worker, and a new worker to confine itself and say hello
START_TIMEOUT = 20.0
#: set (to 1) to refuse to grade unless the full isolation level holds; ``grade --require-sandbox`` sets it
REQUIRE_ENV = "AUTOGRADER_REQUIRE_SANDBOX"


class SandboxUnavailable(RuntimeError):
    """Full isolation was required and this machine does not provide it."""


def denied_paths():
    """Folders the worker may never read, whatever the install mode: the grader's package and the
    reference solutions (found without importing them), and the checkout holding both."""
    import importlib.util

    package = Path(__file__).resolve().parent.parent
    deny = {package}
    try:
        spec = importlib.util.find_spec("solutions")
    except (ImportError, ValueError):
        spec = None
    for location in (spec.submodule_search_locations or []) if spec else []:
        deny.add(Path(location).resolve())
    if (package.parent / "pyproject.toml").is_file():  # a checkout, not an installed copy in site-packages
        # the reference solutions, and the assignments' expected values and grading declarations (the worker
        # is sent the contract and the loops it needs, see worker_setup)
        deny.add(package.parent / "solutions")
        deny.add(package.parent / "assignments")
    return sorted(str(p) for p in deny)


def worker_environment(workdir, memory_mb):
    env = {k: os.environ[k] for k in PASSED_ENV if k in os.environ}
    env[confine.DENY_ENV] = os.pathsep.join(denied_paths())
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


def worker_setup(assignment=None):
    """The first request to every worker: the assignment's contract and the source of its loops.

    Sent as data, so the worker needs to read nothing of the assignment's folder (which holds expected values)
    and never imports an assignment.
    """
    from ..assignment import default, load

    assignment = load(assignment) if assignment is not None else default()
    return {"op": "setup", "contract": assignment.contract.to_plain(),
            "loops": {"source": assignment.loops_source, "name": assignment.loops_path.name}}


#: a rerun with stand-ins (error carried forward) may take this many times a check's time limit
UPSTREAM_SLACK = 3


class WorkerGone(Exception):
    """The worker died or was killed; ``reason`` says which."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class _Process:
    """One worker: a socket to talk on and a process group to kill. Its replies are hostile input: each is
    read under a size cap and a deadline and checked against the protocol before anyone uses it."""

    def __init__(self, sock, pid, popen=None):
        self.sock, self.pid, self.popen = sock, pid, popen
        self.reader = codec.LineReader(sock)
        self.isolation = None
        try:  # a handle on this very process, so waiting for its end cannot be fooled by a reused pid
            self.pidfd = os.pidfd_open(pid)
        except (AttributeError, OSError):
            self.pidfd = None

    def hello(self, timeout):
        """The worker's first line: how it is confined (sent before any student code runs)."""
        try:
            message = codec.read_message(self.reader, 4096, time.monotonic() + timeout)
            self.isolation = confine.Isolation.from_dict((message or {}).get("isolation"))
        except (OSError, ValueError, AttributeError):
            self.kill()
            raise WorkerGone("crashed") from None

    def request(self, message, timeout, answer=None):
        """Send ``message`` and return the worker's reply, all within ``timeout`` seconds.

        ``answer(function, args) -> reply`` serves the worker's callbacks (stand-ins for upstream functions);
        without it a callback is a protocol violation and ends the worker.
        """
        deadline = time.monotonic() + timeout
        with self._within(deadline):
            if self.reader.pending():  # a reply sent ahead of time must not answer this request
                raise codec.ProtocolError("the worker wrote a line nobody asked for")
        self._send(message, deadline)
        while True:
            reply = self._receive(deadline, message.get("op"))
            if not (isinstance(reply, dict) and "callback" in reply):
                return reply
            if answer is None:
                self.kill()
                raise WorkerGone("crashed")
            self._send(answer(reply.get("callback"), reply.get("args")), deadline)

    def _send(self, message, deadline):
        with self._within(deadline):
            self.sock.sendall(codec.dumps(message))

    def _receive(self, deadline, op=None):
        """The next message, size-capped, read by ``deadline`` and checked against the protocol for a
        request ``op`` (a violation ends the worker with reason "protocol")."""
        with self._within(deadline):
            message = codec.read_message(self.reader, codec.MAX_REPLY_BYTES, deadline)
            if message is not None:
                codec.validate_reply(message, op)
        if message is None:
            self.kill()
            raise WorkerGone("crashed")
        return message

    @contextlib.contextmanager
    def _within(self, deadline):
        """Socket I/O that must end by ``deadline``; a worker that misses it, or whose socket fails, is gone."""
        try:
            self.sock.settimeout(max(deadline - time.monotonic(), 1e-3))
            yield
        except TimeoutError:
            self.kill()
            raise WorkerGone("timeout") from None
        except codec.ProtocolError:
            self.kill()
            raise WorkerGone("protocol") from None
        except OSError:
            self.kill()
            raise WorkerGone("crashed") from None

    def kill(self):
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        if self.pidfd is not None:  # also before the worker's setsid(), when its group does not exist yet
            try:
                signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)
            except OSError:
                pass
        self.reader.close()
        self.sock.close()
        if self.popen is not None:
            self.popen.wait()
        if self.pidfd is not None:  # results are written only once the submission's process is gone
            import select

            select.select([self.pidfd], [], [], 5.0)
            os.close(self.pidfd)
            self.pidfd = None


class Launcher:
    """Starts workers. With ``fork=True`` (POSIX) a zygote that imported numpy once forks each worker.

    The fork server runs confined student-side code too, so it is watched: a fork that takes longer than
    ``START_TIMEOUT`` or a server that died gets it killed and replaced; if the replacement fails as well,
    that worker is started on its own (slower, as safe). ``require`` (or ``AUTOGRADER_REQUIRE_SANDBOX=1``)
    makes :meth:`start` raise :class:`SandboxUnavailable` unless a worker reports the full isolation level.
    """

    def __init__(self, fork=hasattr(os, "fork"), memory_mb=4096, require=None):
        self.workdir = Path(tempfile.mkdtemp(prefix="autograder-"))
        if hasattr(os, "geteuid") and os.geteuid() == 0:  # the workers drop to this uid and write here
            os.chown(self.workdir, confine.UNPRIVILEGED, confine.UNPRIVILEGED)
        self.env = worker_environment(self.workdir, memory_mb)
        self.require = require if require is not None else os.environ.get(REQUIRE_ENV, "") not in ("", "0")
        self.lock = threading.Lock()
        self.fork = fork
        self.zygote = None
        self.isolation = None
        if fork:
            self._start_zygote()

    def _start_zygote(self):
        self.control, theirs = socket.socketpair()
        self.zygote = self._popen("--zygote", theirs)
        theirs.close()

    def _stop_zygote(self):
        if self.zygote is None:
            return
        try:
            os.killpg(self.zygote.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.control.close()
        self.zygote.wait()
        self.zygote = None

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
        process = None
        for attempt in range(3):
            try:
                process = self._spawn(forked=self.fork and attempt < 2)
                process.hello(START_TIMEOUT)
                break
            except WorkerGone:
                process = None
                if self.fork and attempt == 0:
                    with self.lock:
                        self._stop_zygote()
                        self._start_zygote()
        if process is None:
            raise RuntimeError("the sandbox could not start a worker")
        self.isolation = confine.weakest([self.isolation, process.isolation])
        if self.require and process.isolation.level != "full":
            process.kill()
            raise SandboxUnavailable("full isolation was required, this machine gives "
                                     f"{process.isolation.summary()} (see `python -m autograder doctor`)")
        return process

    def _spawn(self, forked):
        ours, theirs = socket.socketpair()
        if not forked:
            popen = self._popen("--serve", theirs)
            theirs.close()
            return _Process(ours, popen.pid, popen)
        with self.lock:
            try:
                if self.zygote is None or self.zygote.poll() is not None:
                    raise OSError("the fork server is gone")
                self.control.settimeout(START_TIMEOUT)
                socket.send_fds(self.control, [b"w"], [theirs.fileno()])
                pid = self._read_pid(time.monotonic() + START_TIMEOUT)
            except OSError:
                ours.close()
                raise WorkerGone("crashed") from None
            finally:
                theirs.close()
        return _Process(ours, pid)

    def _read_pid(self, deadline):
        """The forked worker's pid, which must be a child of the fork server (never a pid to kill blindly)."""
        data = b""
        while not data.endswith(b"\n"):
            self.control.settimeout(max(deadline - time.monotonic(), 0.001))
            chunk = self.control.recv(32)
            if not chunk or len(data) > 32:
                raise OSError("the sandbox fork server stopped unexpectedly")
            data += chunk
        try:
            pid = int(data)
            if not os.path.isdir("/proc"):  # macOS: no /proc to check the parent against
                parent = self.zygote.pid
            else:
                stat = Path(f"/proc/{pid}/stat").read_text()
                parent = int(stat.rsplit(")", 1)[1].split()[1])
        except (ValueError, OSError, IndexError):
            raise OSError("the fork server sent a bad pid") from None
        if pid <= 1 or parent != self.zygote.pid:
            raise OSError("the fork server sent a pid that is not its child")
        return pid

    def close(self):
        if self.zygote is not None:
            self.control.close()
            try:
                self.zygote.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.zygote.pid, signal.SIGKILL)
                self.zygote.wait()
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

    def __init__(self, launcher, cells, timeout=10.0, load_timeout=30.0, assignment=None):
        self.launcher, self.cells = launcher, list(cells)
        self.setup = worker_setup(assignment)
        self.timeout, self.load_timeout = timeout, load_timeout
        self.problems: list[str] = []
        self.good_cells: list[Cell] = []
        self.process = None
        #: the weakest isolation any of this submission's workers ran with
        self.isolation = None
        self._load()

    def _start(self):
        self.process = self.launcher.start()
        self.isolation = confine.weakest([self.isolation, self.process.isolation])
        _set_up(self.process, self.setup, self.load_timeout)

    def _load(self):
        self._start()
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
        self._start()
        for cell in self.good_cells:
            try:
                self.process.request({"op": "exec", "label": cell.label, "source": cell.source}, self.load_timeout)
            except WorkerGone:
                self._start()

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
            _set_up(process, self.setup, self.load_timeout)
            for cell in self.good_cells:
                process.request({"op": "exec", "label": cell.label, "source": cell.source}, self.load_timeout)
            # every call of a stand-in is a round trip to the grader: that time is the grader's, not the
            # student code's, so the rerun gets more of it than a check does
            return process.request({"op": "run", "driver": driver, "inputs": inputs, "upstream": list(upstream)},
                                   self.timeout * UPSTREAM_SLACK, answer)
        except WorkerGone as gone:
            return {"ok": False, "kind": gone.reason, "function": None, "message": f"{self.timeout:g} s"}
        finally:
            process.kill()

    def close(self):
        if self.process is not None:
            self.process.kill()
            self.process = None


def _set_up(process, setup, timeout):
    """Send the assignment to a fresh worker; a failure here is the assignment's (no student code ran yet)."""
    reply = process.request(setup, timeout)
    if not reply["ok"]:
        process.kill()
        raise RuntimeError(reply["error"])


def _gone_while_loading(label, reason, limit):
    if reason == "timeout":
        return f"{label} ran longer than {limit:g} s and was skipped (an endless loop at top level?)"
    if reason == "protocol":
        return f"{label} sent the grader something that is not a reply and was skipped"
    return f"{label} ended the Python process (os._exit or a crash) and was skipped"
