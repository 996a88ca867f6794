"""The confinement module and the grader's distrust of its worker, piece by piece.

Each probe is tried in a process confined as a worker is (both layers) and in one with the confinement
switched off: the probes succeed there, so a probe that fails under confinement proves the layer holds
(a probe that could not succeed anyway would prove nothing).
"""
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from autograder.run import codec, confine
from autograder.run.runner import RUN_DIR, Cell, Launcher, Sandbox

ROOT = Path(__file__).resolve().parent.parent
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="kernel confinement is Linux-only")

PROBE = r"""
import ctypes, json, os, signal, socket, sys, tempfile
sys.path.insert(0, sys.argv[1])
import numpy, confine
args = json.loads(sys.argv[2])
isolation = confine.process_layer(args["workdir"], 4096)
scratch = tempfile.mkdtemp(dir=args["workdir"])
isolation = confine.worker_layer(scratch, isolation)

def attempt(probe):
    try:
        return probe() is not False
    except BaseException:
        return False

def tcp():
    socket.create_connection(("127.0.0.1", args["tcp_port"]), timeout=1).close()

def abstract_unix():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(args["abstract"])

def fork():
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)

def run_program():
    import subprocess
    subprocess.run(["true"], check=True)

def pidfd_getfd():
    libc = ctypes.CDLL(None, use_errno=True)
    pidfd = libc.syscall(434, args["sleeper"], 0)
    return pidfd >= 0 and libc.syscall(438, pidfd, 0, 0) >= 0

probes = {
    "read outside": lambda: open(args["secret"]).read(),
    "read solutions": lambda: open(args["solutions"]).read(),
    "list outside": lambda: os.listdir(os.path.dirname(args["secret"])),
    "write outside": lambda: open(os.path.join(args["outside"], "x"), "w").write("x"),
    "write scratch": lambda: open(os.path.join(scratch, "x"), "w").write("x"),
    "import math and decimal": lambda: __import__("math") and __import__("decimal"),
    "udp socket": lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM),
    "tcp connect": tcp,
    "abstract unix socket": abstract_unix,
    "fork": fork,
    "run a program": run_program,
    "signal another process": lambda: os.kill(args["sleeper"], 0),
    "read another process's environ": lambda: open(f"/proc/{args['sleeper']}/environ", "rb").read(),
    "pidfd_getfd": pidfd_getfd,
    "raise the memory limit": lambda: __import__("resource").setrlimit(__import__("resource").RLIMIT_AS, (-1, -1)),
}
print(json.dumps({"isolation": isolation.to_dict(), "probes": {k: attempt(p) for k, p in probes.items()}}))
"""

#: probes that must succeed in both runs (the worker still works)
ALLOWED = {"write scratch", "import math and decimal"}


@pytest.fixture(scope="module")
def targets(tmp_path_factory):
    base = tmp_path_factory.mktemp("confine")
    (base / "secret").mkdir()
    (base / "secret" / "token.txt").write_text("secret")
    outside, workdir = base / "outside", base / "work"
    outside.mkdir(), workdir.mkdir()
    if os.geteuid() == 0:
        for path in (base, outside, workdir):
            os.chown(path, confine.UNPRIVILEGED, confine.UNPRIVILEGED)
    server = socket.create_server(("127.0.0.1", 0))
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    abstract = f"\0gd-confine-test-{os.getpid()}"
    listener.bind(abstract)
    listener.listen()
    sleeper = subprocess.Popen(["sleep", "60"])
    yield {"secret": str(base / "secret" / "token.txt"), "outside": str(outside), "workdir": str(workdir),
           "solutions": str(ROOT / "solutions" / "gradient_descent" / "reference.py"), "tcp_port": server.getsockname()[1],
           "abstract": abstract, "sleeper": sleeper.pid}
    sleeper.kill()
    sleeper.wait()
    server.close()
    listener.close()


def probe(targets, switched_off):
    env = {k: v for k, v in os.environ.items() if k != confine.SWITCH}
    if switched_off:
        env[confine.SWITCH] = "off"
    env[confine.DENY_ENV] = str(ROOT / "solutions")
    process = subprocess.run([sys.executable, "-I", "-c", PROBE, str(RUN_DIR), json.dumps(targets)],
                             capture_output=True, text=True, env=env, timeout=60)
    assert process.returncode == 0, process.stderr
    return json.loads(process.stdout)


def _blocked_anyway():
    """Probes this machine refuses even unconfined: raising a hard limit needs root; with Yama's
    ptrace_scope >= 1 (Ubuntu's default) only root may take a descriptor of a process it did not start."""
    blocked = {"raise the memory limit"}
    try:
        scope = int(Path("/proc/sys/kernel/yama/ptrace_scope").read_text())
    except (OSError, ValueError):
        scope = 0
    if scope >= 1 and os.geteuid() != 0 or scope >= 2:
        blocked.add("pidfd_getfd")
    return blocked


@linux_only
def test_every_probe_works_without_confinement(targets):
    report = probe(targets, switched_off=True)
    assert report["isolation"]["level"] == "none"
    failed = [name for name, worked in report["probes"].items() if not worked]
    # everything else must work, or its confined failure would prove nothing
    assert set(failed) <= _blocked_anyway(), failed


@linux_only
def test_every_probe_fails_under_full_confinement(targets):
    if confine.probe().level != "full":
        pytest.skip(f"this kernel cannot confine fully: {confine.probe().summary()}")
    report = probe(targets, switched_off=False)
    assert report["isolation"]["level"] == "full", report["isolation"]
    assert report["isolation"]["uid_dropped"] == (os.geteuid() == 0)
    worked = {name for name, ok in report["probes"].items() if ok}
    assert worked == ALLOWED


def test_the_isolation_record_round_trips_and_rejects_anything_else():
    record = confine.Isolation("partial", 3, True, False, False, ["Landlock ABI 3 < 6: signals are not scoped"])
    assert confine.Isolation.from_dict(json.loads(json.dumps(record.to_dict()))) == record
    assert record.summary() == "partial (Landlock ABI 3, seccomp); missing: Landlock ABI 3 < 6: signals are not scoped"
    for forged in (None, [], {**record.to_dict(), "level": "total"}, {**record.to_dict(), "extra": 1},
                   {**record.to_dict(), "seccomp": "yes"}, {**record.to_dict(), "missing": [1]}):
        with pytest.raises(ValueError):
            confine.Isolation.from_dict(forged)
    full = confine.Isolation("full", 7, True, True, True, [])
    assert confine.weakest([full, None, record]) is record and confine.weakest([None]) is None


def test_a_regular_install_of_solutions_in_site_packages_is_carved_out(tmp_path):
    site = tmp_path / "lib" / "site-packages"
    for name in ("numpy", "solutions", "autograder", "other"):
        (site / name).mkdir(parents=True)
    (site / "module.py").write_text("")
    plan = confine.grant_plan([str(tmp_path / "lib")], {str(site / "solutions"), str(site / "autograder")})
    assert sorted(Path(p).name for p in plan) == ["module.py", "numpy", "other"]
    assert confine.grant_plan([str(site / "solutions")], {str(site / "solutions")}) == []


# The grader's side: replies are hostile input ------------------------------------------------------------

GOOD = [
    {"ok": True}, {"ok": False, "error": "NameError: x"},
    {"ok": True, "outputs": {"t_p": codec.to_plain([1.0, 2.0]), "modified_inputs": codec.to_plain("params")}},
    {"ok": False, "kind": "exception", "function": "model", "message": "ValueError: no"},
    {"ok": False, "kind": "missing", "function": None, "message": ""},
    {"callback": "model", "args": [codec.to_plain([1.0]), codec.to_plain(2.0)]},
]
FORGED = [
    [], "ok", {"ok": "yes"}, {"ok": True, "outputs": {"t_p": "forged"}}, {"ok": True, "outputs": [1]},
    {"ok": True, "outputs": {"t_p": {"array": [1.0, 2.0], "shape": [3]}}},
    {"ok": True, "outputs": {"t_p": {"array": ["1"], "shape": [1]}}},
    {"ok": True, "outputs": {"t_p": {"array": [10 ** 400], "shape": [1]}}},
    {"ok": True, "outputs": {"n": {"int": 2 ** 70}}}, {"ok": True, "extra": 1},
    {"ok": False, "kind": "weird", "function": None, "message": ""},
    {"ok": False, "kind": "exception", "function": 3, "message": ""},
    {"ok": False, "error": "x" * (codec.MAX_TEXT + 1)},
    {"ok": True, "outputs": {"t_p": {"list": [{"list": []}] * 2, "extra": 1}}},
    {"callback": "model", "args": "x"},
    {"ok": True, "outputs": {"t_p": codec.to_plain("text")}}, {"ok": True, "outputs": {"n": codec.to_plain(3)}},
    {"ok": True, "outputs": {"t_p": {"list": [codec.to_plain(1.0)]}}},
    {"ok": True, "outputs": {"t_p": {"dict": {}}}},
]


@pytest.mark.parametrize("op, message", [
    ("run", {"ok": True}), ("run", {"ok": False, "error": "x"}), ("exec", {"ok": True, "outputs": {}}),
    ("exec", {"ok": False, "kind": "exception", "function": None, "message": ""}),
    ("exec", {"callback": "model", "args": []}),
])
def test_a_reply_of_the_other_request_is_refused(op, message):
    codec.validate_reply(message)  # well-formed in itself
    with pytest.raises(codec.ProtocolError):
        codec.validate_reply(message, op)


@pytest.mark.parametrize("message", GOOD)
def test_well_formed_replies_pass(message):
    assert codec.validate_reply(message) is message


@pytest.mark.parametrize("message", FORGED)
def test_forged_replies_are_refused(message):
    with pytest.raises(codec.ProtocolError):
        codec.validate_reply(message)


def test_deeply_nested_values_are_refused():
    value = codec.to_plain(1.0)
    for _ in range(40):
        value = {"list": [value]}
    with pytest.raises(codec.ProtocolError):
        codec.validate_reply({"ok": True, "outputs": {"x": value}})


def test_reply_lines_are_capped_and_the_deadline_counts_the_whole_line():
    ours, theirs = socket.socketpair()
    reader = codec.LineReader(ours)
    theirs.sendall(b'{"ok": true}\n' + b"x" * 5000)
    assert codec.read_message(reader, 4096, time.monotonic() + 5) == {"ok": True}
    with pytest.raises(codec.ProtocolError):
        codec.read_message(reader, 4096, time.monotonic() + 5)
    ours2, theirs2 = socket.socketpair()
    theirs2.sendall(b'{"ok": ')  # a worker trickling bytes cannot hold the grader past the deadline
    start = time.monotonic()
    with pytest.raises(TimeoutError):
        codec.read_message(codec.LineReader(ours2), 4096, time.monotonic() + 0.3)
    assert time.monotonic() - start < 2
    theirs2.sendall(b"not json\n")
    with pytest.raises(codec.ProtocolError):
        codec.read_message(codec.LineReader(ours2), 4096, time.monotonic() + 1)
    for sock in (ours, theirs, ours2, theirs2):
        sock.close()


def call(sandbox, function, *args):
    return sandbox.run("call", {"function": codec.to_plain(function), "args": codec.to_plain(list(args))})


@linux_only
def test_a_stopped_or_killed_fork_server_is_replaced(monkeypatch):
    monkeypatch.setattr("autograder.run.runner.START_TIMEOUT", 1.0)
    source = "def model(t_u, w, b):\n    return w * t_u + b\n"
    with Launcher() as launcher:
        first = launcher.zygote.pid
        os.kill(first, signal.SIGSTOP)  # as a batch-mate could, where signals are not scoped
        sandbox = Sandbox(launcher, [Cell("cell 1", source)])
        assert call(sandbox, "model", [1.0], 2.0, 1.0)["ok"]
        sandbox.close()
        second = launcher.zygote.pid
        assert second != first
        os.kill(second, signal.SIGKILL)
        sandbox = Sandbox(launcher, [Cell("cell 1", source)])
        assert call(sandbox, "model", [1.0], 2.0, 1.0)["ok"]
        sandbox.close()
        assert launcher.zygote.pid not in (first, second)
    with pytest.raises(ProcessLookupError):
        os.kill(first, 0)


#: student code that finds its worker's socket among its descriptors, to write to it behind the worker's back
FIND_SOCKET = (
    "import os, stat\n"
    "def _is_socket(fd):\n"
    "    try:\n"
    "        return stat.S_ISSOCK(os.fstat(fd).st_mode)\n"
    "    except OSError:\n"
    "        return False\n"
)


def test_a_forged_and_a_huge_reply_cost_one_check_each():
    source = FIND_SOCKET + (
        "def _sock():\n"
        "    return next(fd for fd in range(3, 64) if _is_socket(fd))\n"
        "def model(t_u, w, b):\n"
        "    os.write(_sock(), b'{\"ok\": true, \"outputs\": {\"t_p\": 3}}\\n')\n"
        "    return t_u\n"
        "def loss_fn(t_p, t_c):\n"
        "    fd = _sock()\n"
        "    for _ in range(20):\n"
        "        os.write(fd, b'1' * 2 ** 20)\n"
        "    return 1.0\n"
        "def gd_step(params, grad, learning_rate):\n"
        "    return params - learning_rate * grad\n"
    )
    with Launcher() as launcher:
        sandbox = Sandbox(launcher, [Cell("cell 1", source)])
        assert call(sandbox, "model", [1.0], 2.0, 1.0)["kind"] == "protocol"
        assert call(sandbox, "loss_fn", [1.0], [1.0])["kind"] == "protocol"
        reply = sandbox.run("call", {"function": codec.to_plain("gd_step"),
                                     "args": codec.to_plain([[1.0, 1.0], [1.0, 1.0], 0.5])})
        assert reply["ok"] and list(codec.from_plain(reply["outputs"]["params"])) == [0.5, 0.5]
        sandbox.close()


def test_results_json_is_written_atomically(tmp_path):
    from autograder.report import gradescope
    from autograder.result import SubmissionResult

    path = tmp_path / "out" / "results.json"
    gradescope.write(SubmissionResult("s", "s.py"), path)
    assert json.loads(path.read_text())["output"] == "Isolation: no student code was run"
    assert [p.name for p in path.parent.iterdir()] == ["results.json"]


def test_a_link_out_of_the_submission_folder_is_refused_and_one_inside_is_read(tmp_path):
    from autograder.load import LoadError, find_submissions, load_cells

    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "real.py").write_text("x = 1\n")
    (folder / "alias.py").symlink_to(folder / "real.py")
    (folder / "sneaky.py").symlink_to(ROOT / "solutions" / "gradient_descent" / "reference.py")
    found = {s.name: s for s in find_submissions([folder])}
    assert load_cells(found["alias"].path, found["alias"].root)[0].source == "x = 1\n"
    with pytest.raises(LoadError, match="link to a file outside the submission folder"):
        load_cells(found["sneaky"].path, found["sneaky"].root)
    with pytest.raises(LoadError):
        load_cells(folder / "sneaky.py")


def test_a_hard_link_to_the_reference_is_refused_and_one_between_submissions_is_read(tmp_path):
    """A hard link has no target to resolve (found by a fresh attack batch: it scored 47/47)."""
    from autograder.load import LoadError, load_cells

    (tmp_path / "real.py").write_text("x = 1\n")
    os.link(tmp_path / "real.py", tmp_path / "twin.py")
    assert load_cells(tmp_path / "twin.py")[0].source == "x = 1\n"
    try:
        os.link(ROOT / "solutions" / "gradient_descent" / "reference.py", tmp_path / "sneaky.py")
    except OSError as error:  # another file system, or the kernel's protected_hardlinks for a non-owner
        pytest.skip(f"cannot hard-link the reference here: {error}")
    with pytest.raises(LoadError, match="hard link to one of the grader's own files"):
        load_cells(tmp_path / "sneaky.py")


def test_doctor_prints_the_level_and_require_sandbox_refuses_below_full(tmp_path):
    doctor = subprocess.run([sys.executable, "-m", "autograder", "doctor", "--json"], capture_output=True,
                            text=True, timeout=60)
    assert doctor.returncode == 0, doctor.stderr
    worker = confine.Isolation.from_dict(json.loads(doctor.stdout)["worker"])
    submission = tmp_path / "s.py"
    submission.write_text("def model(t_u, w, b):\n    return w * t_u + b\n")
    env = dict(os.environ, **{confine.SWITCH: "off"})
    refused = subprocess.run([sys.executable, "-m", "autograder", "grade", str(submission), "--require-sandbox",
                              "--out", str(tmp_path / "out")], capture_output=True, text=True, env=env, timeout=60)
    assert refused.returncode == 3 and "refused" in refused.stderr and "switched off" in refused.stderr
    assert not (tmp_path / "out").exists()
    if worker.level == "full":
        env.pop(confine.SWITCH)
        graded = subprocess.run([sys.executable, "-m", "autograder", "grade", str(submission), "--require-sandbox",
                                 "--out", str(tmp_path / "out")], capture_output=True, text=True, env=env, timeout=60)
        assert graded.returncode == 0, graded.stderr
        assert "Isolation: full" in graded.stdout


@linux_only
@pytest.mark.parametrize("left_out, missing", [("no-landlock", "Landlock (left out"),
                                               ("no-seccomp", "seccomp filter (left out")])
def test_without_landlock_or_seccomp_grading_works_and_says_partial(monkeypatch, left_out, missing):
    if confine.probe().level != "full":
        pytest.skip(f"this kernel cannot confine fully: {confine.probe().summary()}")
    monkeypatch.setenv(confine.SWITCH, left_out)
    source = "def model(t_u, w, b):\n    return w * t_u + b\n"
    with Launcher() as launcher:
        sandbox = Sandbox(launcher, [Cell("cell 1", source)])
        assert call(sandbox, "model", [1.0], 2.0, 1.0)["ok"]
        sandbox.close()
        assert sandbox.isolation.level == "partial"
        assert any(m.startswith(missing) for m in sandbox.isolation.missing), sandbox.isolation.missing
    with Launcher(require=True) as launcher:
        from autograder.run.runner import SandboxUnavailable

        with pytest.raises(SandboxUnavailable, match="full isolation was required"):
            Sandbox(launcher, [Cell("cell 1", source)])


def test_a_reply_sent_ahead_of_time_is_not_taken_for_a_later_check():
    source = FIND_SOCKET + (
        "def model(t_u, w, b):\n"
        "    fd = next(fd for fd in range(3, 64) if _is_socket(fd))\n"
        "    os.write(fd, b'{\"ok\": true, \"outputs\": {\"t_p\": {\"array\": [9.0], \"shape\": [1]}}}\\n' * 2)\n"
        "    return [0.0]\n"
        "def loss_fn(t_p, t_c):\n"
        "    return 1.5\n"
    )
    with Launcher() as launcher:
        sandbox = Sandbox(launcher, [Cell("cell 1", source)])
        first = call(sandbox, "model", [1.0], 2.0, 1.0)  # one of the forged lines, well-formed
        assert first["ok"] and codec.from_plain(first["outputs"]["t_p"]) == 9.0
        time.sleep(0.2)
        assert call(sandbox, "model", [1.0], 2.0, 1.0)["kind"] == "protocol"  # the extra lines are caught
        assert call(sandbox, "loss_fn", [1.0], [1.0])["outputs"]["loss"] == codec.to_plain(1.5)
        sandbox.close()
