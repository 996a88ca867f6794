"""The sandbox: student code runs in another process that holds no reference, no expected values and no
secrets, and whatever it does costs only the check that triggered it."""
import os

import numpy as np
import pytest

from autograder.run import codec
from autograder.run.runner import Cell, Launcher, Sandbox


@pytest.fixture(scope="module", params=["fork", "spawn"])
def launcher(request):
    with Launcher(fork=request.param == "fork") as launcher:
        yield launcher


def call(sandbox, function, *args):
    return sandbox.run("call", {"function": codec.to_plain(function), "args": codec.to_plain(list(args))})


def value(reply, name="t_p"):
    assert reply["ok"], reply
    return codec.from_plain(reply["outputs"][name])


def test_the_worker_holds_no_grader_module_and_no_secret(launcher, monkeypatch):
    monkeypatch.setenv("HIDDEN_GRADER", "top-secret")
    with Launcher(fork=False) as fresh:  # started after the secret exists, as in CI
        source = (
            "import os, sys\n"
            "def model(t_u, w, b):\n"
            "    leaked = [m for m in sys.modules if m.startswith(('solutions', 'autograder'))]\n"
            "    return [len(leaked), len(os.environ.get('HIDDEN_GRADER', '')), len(os.environ.get('PYTHONPATH', ''))]\n"
        )
        sandbox = Sandbox(fresh, [Cell("cell 1", source)])
        assert list(value(call(sandbox, "model", np.zeros(1), 1.0, 0.0))) == [0, 0, 0]
        sandbox.close()


def test_importing_the_reference_fails_inside_the_sandbox(launcher):
    sandbox = Sandbox(launcher, [Cell("cell 1", "import solutions.gradient_descent as ref\nmodel = ref.model\n")])
    assert "not available to submissions" in sandbox.problems[0]
    assert call(sandbox, "model", np.zeros(1), 1.0, 0.0)["kind"] == "missing"
    sandbox.close()


def test_submission_runs_in_a_scratch_folder_not_next_to_its_file(launcher, tmp_path):
    source = "import os\ndef model(t_u, w, b):\n    open('scratch.txt', 'w').write('x')\n    return [len(os.listdir('.'))]\n"
    sandbox = Sandbox(launcher, [Cell("cell 1", source)])
    assert list(value(call(sandbox, "model", np.zeros(1), 1.0, 0.0))) == [1]
    assert not (tmp_path / "scratch.txt").exists() and not os.path.exists("scratch.txt")
    sandbox.close()


def test_a_hang_a_crash_and_an_exit_cost_one_check_each(launcher):
    source = (
        "import os, sys\n"
        "def model(t_u, w, b):\n    while True:\n        pass\n"
        "def loss_fn(t_p, t_c):\n    os._exit(3)\n"
        "def gd_step(params, grad, learning_rate):\n    sys.exit(1)\n"
        "def grad_fn(t_u, t_c, t_p, w, b):\n    return [1.0, 2.0]\n"
    )
    sandbox = Sandbox(launcher, [Cell("cell 1", source)], timeout=0.5)
    assert call(sandbox, "model", np.zeros(1), 1.0, 0.0)["kind"] == "timeout"
    assert call(sandbox, "loss_fn", np.zeros(1), np.zeros(1))["kind"] == "crashed"
    assert call(sandbox, "gd_step", np.zeros(2), np.zeros(2), 0.1)["kind"] == "exit"
    assert list(value(call(sandbox, "grad_fn", np.zeros(1), np.zeros(1), np.zeros(1), 1.0, 0.0), "grad")) == [1, 2]
    sandbox.close()


def test_a_cell_that_hangs_at_top_level_is_skipped_and_later_cells_still_load(launcher):
    cells = [Cell("cell 1", "def model(t_u, w, b):\n    return w * t_u + b\n"), Cell("cell 2", "while True:\n    pass\n"),
             Cell("cell 3", "def loss_fn(t_p, t_c):\n    return 1.5\n")]
    sandbox = Sandbox(launcher, cells, load_timeout=0.5)
    assert sandbox.problems == ["cell 2 ran longer than 0.5 s and was skipped (an endless loop at top level?)"]
    assert value(call(sandbox, "loss_fn", np.zeros(1), np.zeros(1)), "loss") == 1.5
    assert list(value(call(sandbox, "model", np.ones(2), 2.0, 1.0))) == [3, 3]
    sandbox.close()


def test_prints_warnings_and_plots_neither_break_the_protocol_nor_cost_time(launcher):
    source = (
        "import sys, warnings\nimport numpy as np\nimport matplotlib.pyplot as plt\n"
        "def model(t_u, w, b):\n"
        "    print('debug', t_u); sys.stderr.write('noise\\n'); warnings.warn('careful')\n"
        "    fig, ax = plt.subplots(); ax.plot(t_u); plt.show()\n"
        "    overflow = np.exp(np.asarray(t_u) * 1000.0)\n"
        "    return w * np.asarray(t_u) + b\n"
    )
    sandbox = Sandbox(launcher, [Cell("cell 1", source)])
    assert list(value(call(sandbox, "model", np.array([1.0, 2.0]), 2.0, 1.0))) == [3.0, 5.0]
    sandbox.close()


def test_types_are_tolerated_but_objects_never_cross(launcher):
    source = (
        "import numpy as np\n"
        "def model(t_u, w, b):\n    return tuple(np.float32(w * x + b) for x in t_u)\n"
        "def loss_fn(t_p, t_c):\n    return {'loss': 1}\n"
        "def grad_fn(t_u, t_c, t_p, w, b):\n    return open\n"
    )
    sandbox = Sandbox(launcher, [Cell("cell 1", source)])
    assert list(value(call(sandbox, "model", np.array([1.0, 2.0]), 2.0, 1.0))) == [3.0, 5.0]
    assert call(sandbox, "loss_fn", np.zeros(1), np.zeros(1))["kind"] == "contract"
    assert call(sandbox, "grad_fn", np.zeros(1), np.zeros(1), np.zeros(1), 1.0, 0.0)["kind"] == "contract"
    sandbox.close()
