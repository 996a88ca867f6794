"""The sandboxed side: executes a submission and answers driver requests with plain numbers.

Started by path as ``python -I worker.py --serve FD`` (one submission) or ``--zygote FD`` (a fork server
that has imported numpy once and forks a fresh worker per submission). It never imports the grader, the
reference solutions or expected values: its first request (``setup``) brings the assignment's contract and
the source of its loops, as data. Messages are JSON lines
on a socket; the student's stdin, stdout and stderr are /dev/null so prints and warnings cannot corrupt the
protocol or reach an nbgrader cell's stderr.
"""
import importlib.abc
import importlib.machinery
import linecache
import os
import signal
import socket
import sys
import tempfile
import traceback
import types
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True

import numpy as np  # noqa: E402  (after the path set-up above)

import codec  # noqa: E402
import confine  # noqa: E402
import drivers  # noqa: E402
from contract import Contract  # noqa: E402

#: packages a submission may not import inside the sandbox: the grader's, and the reference's
BLOCKED = ("solutions", "autograder")
#: plotting does nothing in the sandbox: a stand-in module accepts any call, so plot cells cost nothing
SILENCED = ("matplotlib", "seaborn", "IPython")


class _Anything(types.ModuleType):
    """Stand-in for plotting objects: every attribute, call and index gives another stand-in."""

    def __init__(self, name="stand-in"):
        super().__init__(name)
        self.__path__ = []

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return _Anything(f"{self.__name__}.{name}")

    def __call__(self, *args, **kwargs):
        return _Anything(self.__name__)

    def __getitem__(self, key):
        return _Anything(self.__name__)

    def __iter__(self):  # fig, ax = plt.subplots()
        return iter((_Anything(self.__name__), _Anything(self.__name__)))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class _SandboxImports(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, fullname, path=None, target=None):
        top = fullname.partition(".")[0]
        if top in BLOCKED:
            raise ImportError(f"`{fullname}` is not available to submissions while they are graded.")
        if top in SILENCED:
            return importlib.machinery.ModuleSpec(fullname, self)
        return None

    def create_module(self, spec):
        return _Anything(spec.name)

    def exec_module(self, module):
        pass


def _where(tb, labels):
    """The student's frames of a traceback: (outermost function, innermost 'cell, line, code')."""
    frames = [f for f in traceback.extract_tb(tb) if f.filename in labels]
    if not frames:
        return None, ""
    inner = frames[-1]
    code = f": `{inner.line.strip()}`" if inner.line else ""
    return frames[0].name, f"{inner.filename.strip('<>')}, line {inner.lineno}, in {inner.name}{code}"


class Worker:
    def __init__(self, sock):
        self.reader = sock.makefile("rb")
        self.sock = sock
        self.namespace = {"__name__": "__submission__", "__builtins__": __builtins__}
        self.labels = set()
        self.contract = Contract({})
        self.loops = {}

    def reply(self, message):
        self.sock.sendall(codec.dumps(message))

    def serve(self):
        for line in self.reader:
            request = codec.loads(line)
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                if request["op"] == "setup":
                    self.reply(self.setup(request["contract"], request["loops"]))
                elif request["op"] == "exec":
                    self.reply(self.execute(request["label"], request["source"]))
                elif request["op"] == "run":
                    for function in request.get("upstream", ()):
                        self.namespace[function] = self._upstream(function)
                    self.reply(self.run(request["driver"], request["inputs"]))

    def setup(self, contract, loops):
        """Take the assignment's contract and run its loops' source (trusted: it comes from the grader, before
        any student code)."""
        try:
            self.contract = Contract.from_plain(contract)
            module = types.ModuleType("loops")
            module.__file__ = f"<{loops['name']}>"
            exec(compile(loops["source"], module.__file__, "exec"), module.__dict__)
            self.loops = dict(getattr(module, "LOOPS", {}))
        except Exception as error:  # noqa: BLE001 - the grader reports it; no student code has run yet
            return {"ok": False, "error": f"the assignment's loops did not load: {type(error).__name__}: {error}"}
        return {"ok": True}

    def _upstream(self, function):
        """A stand-in for a contract function whose results the grader computes (error carried forward).

        The grader sends this only to a worker it throws away after one check, so reference values the
        stand-in receives cannot serve a later check.
        """
        names = self.contract.returns(function)

        def upstream(*args):
            try:
                plain = [codec.to_plain(arg) for arg in args]
            except codec.NotNumbers as error:
                raise TypeError(f"`{function}` was called with {error}, not numbers") from None
            self.reply({"callback": function, "args": plain})
            answer = codec.loads(self.reader.readline())
            if not answer.get("ok"):
                raise TypeError(f"`{function}` could not be called with these arguments: {answer.get('error')}")
            values = tuple(codec.from_plain(value) for value in answer["values"])
            return values if len(names) > 1 else values[0]

        upstream.__name__ = function
        return upstream

    def execute(self, label, source):
        filename = f"<{label}>"
        self.labels.add(filename)
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        try:
            code = compile(source, filename, "exec")
        except SyntaxError as error:
            return {"ok": False, "error": f"SyntaxError: {error.msg} ({label}, line {error.lineno})"}
        try:
            exec(code, self.namespace)
        except SystemExit:
            return {"ok": False, "error": f"{label} called exit() or sys.exit(); the rest of it was skipped"}
        except BaseException as error:  # noqa: BLE001 - any failure of student code is reported, not raised
            _, where = _where(error.__traceback__, self.labels)
            return {"ok": False, "error": f"{type(error).__name__}: {error} ({where or label})"}
        return {"ok": True}

    def run(self, driver, inputs):
        try:
            namespace = drivers.Namespace(self.namespace, self.contract)
            return {"ok": True, "outputs": drivers.run(namespace, driver, inputs, self.loops)}
        except drivers.MissingFunction as error:
            return {"ok": False, "kind": "missing", "function": error.function, "message": ""}
        except drivers.ContractError as error:
            return {"ok": False, "kind": "contract", "function": error.function, "message": str(error)}
        except NotImplementedError as error:
            # the stub is where it was raised: a loop that calls another function's stub is not the stub itself
            frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename in self.labels]
            _, where = _where(error.__traceback__, self.labels)
            function = frames[-1].name if frames else None
            return {"ok": False, "kind": "not_implemented", "function": function, "message": where}
        except SystemExit:
            return {"ok": False, "kind": "exit", "function": None, "message": ""}
        except BaseException as error:  # noqa: BLE001
            function, where = _where(error.__traceback__, self.labels)
            text = f"{type(error).__name__}: {error}"
            return {"ok": False, "kind": "exception", "function": function, "message": f"{text} ({where})"}


def _isolate(sock, isolation, forked):
    """Detach from the terminal and the grader's files, confine, then tell the grader how (the hello line).

    Runs before any student code: the scratch folder is made, the kernel layer of this worker applied
    (:func:`confine.worker_layer`), and only then are the sandbox's import rules installed.
    """
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)
    scratch = tempfile.mkdtemp(prefix="submission-", dir=os.environ.get("AUTOGRADER_WORKDIR"))
    os.chdir(scratch)
    os.environ["HOME"] = os.environ["TMPDIR"] = tempfile.tempdir = scratch
    isolation = confine.worker_layer(scratch, isolation, forked)
    sys.meta_path.insert(0, _SandboxImports())
    for name in list(sys.modules):
        if name.partition(".")[0] in SILENCED:
            del sys.modules[name]
    sock.sendall(codec.dumps({"isolation": isolation.to_dict()}))


def _process_layer():
    return confine.process_layer(os.environ.get("AUTOGRADER_WORKDIR") or tempfile.gettempdir(),
                                 int(os.environ.get("AUTOGRADER_MEMORY_MB", "4096")))


def serve(fd, isolation=None):
    """Serve one submission; ``isolation`` is the fork server's layer when forked, else made here."""
    sock = socket.socket(fileno=fd)
    _isolate(sock, isolation or _process_layer(), forked=isolation is not None)
    Worker(sock).serve()


def zygote(fd):
    """Fork server: one fresh worker per request, each in its own session so it can be killed whole.

    It is confined once (a coarse layer: read-only Python, the grader's scratch folder, no network, no
    exec); each worker it forks adds its own layer before running anything else.
    """
    control = socket.socket(fileno=fd)
    isolation = _process_layer()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    while True:
        try:
            _, fds, _, _ = socket.recv_fds(control, 16, 1)
        except OSError:
            break
        if not fds:
            break
        pid = os.fork()
        if pid == 0:
            control.close()
            os.setsid()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            try:
                serve(fds[0], isolation)
            finally:
                os._exit(0)
        os.close(fds[0])
        control.sendall(b"%d\n" % pid)


if __name__ == "__main__":
    mode, fd = sys.argv[1], int(sys.argv[2])
    {"--serve": serve, "--zygote": zygote}[mode](fd)
    os._exit(0)
