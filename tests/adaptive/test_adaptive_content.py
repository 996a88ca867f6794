"""The content of the adaptive-optimizers assignment, tested without the grader's machinery.

What is proved here:

- the reference matches the numbers worked out by hand (Adam's first step is about ``lr``, 3.16 ``lr`` without
  bias correction; heavy-ball momentum converges just below ``lr * a = 2 (1 + mu)`` and diverges just above;
  RMSProp's step does not decay where Adagrad's does; RMSProp's first step from zero is ``10 lr``);
- the loops, run on the reference, show what each run scenario claims (momentum converges at a rate where plain
  GD diverges, Adam reaches the minimum of the quadratic, RMSProp the least-squares fit);
- every declared mistake has a wrong implementation and fails at least one scenario of its function, and every
  correct style in ``correct_*.py`` passes every scenario at the scenario's own tolerance, on several seeds;
- the contract, the reference's signatures and defaults, the hints (none spells out a reference line), the
  probes and the notebook agree with each other.

The assignment's modules are loaded by path, as the grader loads them; the loops run on the core's drivers
with a real ``Namespace``.
"""
import ast
import copy
import importlib
import importlib.util
import inspect
import json
import math
import re
import sys
import types
from pathlib import Path

import numpy as np
import pytest

from solutions.adaptive_optimizers import hidden, reference as ref
from solutions.adaptive_optimizers.mistakes import IMPLEMENTATIONS

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FOLDER = ROOT / "assignments" / "adaptive_optimizers"
GRADING = FOLDER / "grading"
NOTEBOOK = FOLDER / "adaptive_optimizers.ipynb"
REFERENCE_FILE = ROOT / "solutions" / "adaptive_optimizers" / "reference.py"
PUBLIC_SEED = 20261121
SEEDS = (PUBLIC_SEED, hidden.HIDDEN_SEED, 1, 2, 3)


def _load_module(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _grading_package():
    """The grading folder as a package, without running its ``__init__`` (which needs the refactored core)."""
    name = "_adaptive_grading_under_test"
    if name not in sys.modules:
        package = types.ModuleType(name)
        package.__path__ = [str(GRADING)]
        sys.modules[name] = package
    return name


def _grading(module):
    return importlib.import_module(f"{_grading_package()}.{module}")


contract = _grading("contract")
data = _grading("data")
scenarios_module = _grading("scenarios")
mistakes_module = _grading("mistakes")
SCENARIOS = scenarios_module.SCENARIOS
MISTAKES = mistakes_module.MISTAKES
FUNCTIONS = contract.FUNCTIONS


loops = importlib.import_module(f"{_grading_package()}.loops")


def _namespace(functions):
    from autograder.assignment import load
    from autograder.run.drivers import Namespace

    return Namespace(dict(functions), load(FOLDER))


REFERENCE = {name: getattr(ref, name) for name in FUNCTIONS}


def _snapshot(args):
    return [np.array(a, dtype=float, copy=True) if isinstance(a, np.ndarray) else None for a in args]


def run_scenario(functions, scenario, seed):
    """The scenario's outputs for these functions: a "call" directly, a loop through ``LOOPS``."""
    inputs = copy.deepcopy(scenario.inputs(seed))
    if scenario.driver == "call":
        function, args = inputs["function"], inputs["args"]
        before = _snapshot(args)
        result = functions[function](*args)
        names = FUNCTIONS[function][1]
        values = result if len(names) > 1 else (result,)
        outputs = {name: np.asarray(value, dtype=float) for name, value in zip(names, values)}
        outputs["modified_inputs"] = ",".join(
            FUNCTIONS[function][0][i] for i, (old, new) in enumerate(zip(before, args))
            if old is not None and not np.array_equal(old, new, equal_nan=True))
        return outputs
    return loops.LOOPS[scenario.driver](_namespace(functions), **inputs)


def agrees(scenario, expected, got):
    """Whether every compared output agrees within the scenario's tolerance (as the grader compares)."""
    for name in scenario.compare:
        e, g = expected[name], got[name]
        if isinstance(e, str) or isinstance(g, str):
            if e != g:
                return False
            continue
        e, g = np.asarray(e, dtype=float), np.asarray(g, dtype=float)
        if e.size != g.size or not np.allclose(g.reshape(e.shape), e, rtol=scenario.rtol, atol=scenario.atol,
                                               equal_nan=True):
            return False
    return True


def with_mistake(function, name):
    functions = dict(REFERENCE)
    functions[function] = IMPLEMENTATIONS[(function, name)]
    return functions


# -- the reference against numbers worked out by hand ------------------------------------------------------

def test_thermometer_gradient_is_the_books():
    assert np.allclose(ref.thermometer_grad(data.START, data.T_U, data.T_C), [4517.29636364, 82.6], rtol=1e-10)
    assert np.allclose(ref.thermometer_grad(data.START, data.T_U, data.T_C), data.BOOK_GRADIENT, rtol=1e-10)
    # at the least-squares fit the gradient vanishes
    X = np.column_stack([data.T_U, np.ones_like(data.T_U)])
    fit = np.linalg.lstsq(X, data.T_C, rcond=None)[0]
    assert np.allclose(ref.thermometer_grad(fit, data.T_U, data.T_C), 0.0, atol=1e-9)


def test_quadratic_gradient_matches_a_finite_difference():
    a, theta = np.array([1.0, 100.0, 0.3]), np.array([3.0, -2.0, 0.5])
    f = lambda th: float(np.sum(a / 2 * th**2))
    h = 1e-6
    numeric = [(f(theta + h * e) - f(theta - h * e)) / (2 * h) for e in np.eye(3)]
    assert np.allclose(ref.quadratic_grad(theta, a), numeric, rtol=1e-7)


def test_momentum_first_step_is_a_plain_gradient_step_and_the_velocity_sums_gradients():
    params, velocity = ref.momentum_step(data.START, data.BOOK_GRADIENT, np.zeros(2), 1e-4, 0.9)
    assert np.allclose(params, [0.548270, -0.008260], atol=1e-6)  # the book's one step at lr 1e-4
    assert np.array_equal(velocity, data.BOOK_GRADIENT)
    # with a constant gradient the velocity tends to g / (1 - mu): the effective rate is lr / (1 - mu)
    velocity = np.zeros(1)
    for _ in range(500):
        _, velocity = ref.momentum_step(np.zeros(1), np.ones(1), velocity, 0.1, 0.9)
    assert velocity[0] == pytest.approx(10.0, rel=1e-12)


def _heavy_ball_final(lr_times_a, mu, n_steps=3000, a=1.0):
    theta, velocity = np.array([1.0]), np.zeros(1)
    for _ in range(n_steps):
        theta, velocity = ref.momentum_step(theta, ref.quadratic_grad(theta, np.array([a])), velocity,
                                            lr_times_a / a, mu)
        if not abs(theta[0]) < 1e12:
            break
    return abs(theta[0])


@pytest.mark.parametrize("mu", [0.0, 0.5, 0.9])
def test_momentum_converges_just_below_its_limit_and_diverges_just_above(mu):
    limit = 2 * (1 + mu)  # on f = a/2 w^2, lr * a < 2 (1 + mu)
    assert ref.momentum_critical_learning_rate(np.array([1.0]), mu) == pytest.approx(limit)
    assert _heavy_ball_final(0.98 * limit, mu, a=7.0) < 1e-3
    assert _heavy_ball_final(1.02 * limit, mu, a=7.0) > 1e3


def test_momentum_limit_on_the_quadratic():
    assert ref.momentum_critical_learning_rate(data.A, 0.9) == pytest.approx(0.038, rel=1e-12)
    assert ref.momentum_critical_learning_rate(data.A, 0.0) == pytest.approx(0.02, rel=1e-12)  # plain GD's
    assert isinstance(ref.momentum_critical_learning_rate(data.A, 0.9), float)


def test_rmsprop_first_step_from_zero_is_ten_learning_rates():
    params, sq_avg = ref.rmsprop_step(data.START, data.BOOK_GRADIENT, np.zeros(2), 0.01)
    assert np.allclose(sq_avg, 0.01 * data.BOOK_GRADIENT**2)
    assert np.allclose(data.START - params, 0.1, rtol=1e-8)  # lr / sqrt(1 - alpha) = 10 lr


def test_rmsprop_step_tends_to_the_learning_rate_for_a_constant_gradient():
    sq_avg, steps = np.zeros(1), []
    for _ in range(2000):
        params, sq_avg = ref.rmsprop_step(np.zeros(1), np.array([-3.0]), sq_avg, 0.05)
        steps.append(params[0])
    assert steps[-1] == pytest.approx(0.05, rel=1e-6)


def _adagrad_step(params, grad, sum_sq_grad, learning_rate, eps=1e-8):
    """The first assignment's Adagrad, for the comparison (the accumulator never forgets)."""
    sum_sq_grad = sum_sq_grad + grad**2
    return params - learning_rate * grad / (np.sqrt(sum_sq_grad) + eps), sum_sq_grad


def _thermometer_run(step, learning_rate, n_steps):
    params, state, sizes = data.START.copy(), np.zeros(2), []
    for _ in range(n_steps):
        new, state = step(params, ref.thermometer_grad(params, data.T_U, data.T_C), state, learning_rate)
        sizes.append(np.abs(new - params))
        params = new
    return params, np.array(sizes)


def test_rmsprop_keeps_moving_where_adagrads_step_has_decayed():
    ada_params, ada_steps = _thermometer_run(_adagrad_step, 0.03, 3000)
    rms_params, rms_steps = _thermometer_run(ref.rmsprop_step, 0.03, 3000)
    # Adagrad's accumulator holds the huge early gradients: its step has shrunk to a tiny fraction of lr
    assert ada_steps[-1].max() < 0.01 * 0.03
    assert ada_params[1] > -2.0  # b is still far from -17.3
    # RMSProp forgets them: its step is still about lr, and it has reached the least-squares fit's b
    assert rms_steps[-1].min() > 0.5 * 0.03
    assert rms_params[1] == pytest.approx(-17.3048, abs=0.1)


def test_adam_first_step_is_about_the_learning_rate_and_3_16_without_bias_correction():
    grad = np.array([4517.29636364, 82.6, -0.5])
    start = np.array([1.0, 0.0, 2.0])
    params, m, v = ref.adam_step(start, grad, np.zeros(3), np.zeros(3), 1, 0.1)
    assert np.allclose(start - params, 0.1 * grad / (np.abs(grad) + 1e-8), rtol=1e-12)
    assert np.allclose(np.abs(start - params), 0.1, rtol=1e-7)
    assert np.allclose(m, 0.1 * grad) and np.allclose(v, 0.001 * grad**2)
    uncorrected = IMPLEMENTATIONS[("adam_step", "no_bias_correction")]
    params, _, _ = uncorrected(start, grad, np.zeros(3), np.zeros(3), 1, 0.1)
    assert np.allclose(np.abs(start - params), 0.1 * 0.1 / math.sqrt(0.001), rtol=1e-6)
    assert np.allclose(np.abs(start - params) / 0.1, 3.1623, rtol=1e-4)


def test_adam_matches_a_hand_written_second_step():
    g1, g2 = np.array([2.0]), np.array([-1.0])
    p1, m, v = ref.adam_step(np.array([0.0]), g1, np.zeros(1), np.zeros(1), 1, 0.01)
    p2, m, v = ref.adam_step(p1, g2, m, v, 2, 0.01)
    m_expected = 0.9 * 0.1 * 2.0 + 0.1 * -1.0
    v_expected = 0.999 * 0.001 * 4.0 + 0.001 * 1.0
    step = 0.01 * (m_expected / (1 - 0.81)) / (math.sqrt(v_expected / (1 - 0.999**2)) + 1e-8)
    assert m[0] == pytest.approx(m_expected) and v[0] == pytest.approx(v_expected)
    assert p2[0] == pytest.approx(p1[0] - step, rel=1e-12)


# -- the loops on the reference show what the run scenarios claim ----------------------------------------

def _scenario(function, what_start):
    [scenario] = [s for s in SCENARIOS if s.function == function and s.what.startswith(what_start)]
    return scenario


def test_momentum_run_converges_where_plain_gd_diverges():
    scenario = _scenario("momentum_step", "converges on the quadratic")
    inputs = scenario.inputs(PUBLIC_SEED)
    out = run_scenario(REFERENCE, scenario, PUBLIC_SEED)
    assert np.abs(out["params"]).max() < 0.05 and not out["diverged"]
    plain = loops.quadratic_run(_namespace(REFERENCE), **{**inputs, "hyper": [0.0]})  # momentum 0 is plain GD
    assert plain["diverged"]
    assert inputs["learning_rate"] > 2 / data.A.max()
    # and plain GD just below its own limit is still far from the minimum along the flat direction
    safe = loops.quadratic_run(_namespace(REFERENCE), **{**inputs, "learning_rate": 0.019, "hyper": [0.0]})
    assert abs(safe["params"][0]) > 10 * abs(out["params"][0])


def test_momentum_critical_run_converges_below_and_diverges_above():
    out = run_scenario(REFERENCE, _scenario("momentum_critical_learning_rate", "momentum converges"), PUBLIC_SEED)
    assert out["critical_learning_rate"] == pytest.approx(0.038)
    assert list(out["diverged"]) == [0.0, 1.0]


def test_adam_run_reaches_the_minimum_of_the_quadratic():
    out = run_scenario(REFERENCE, _scenario("adam_step", "converges"), PUBLIC_SEED)
    assert np.abs(out["params"]).max() < 1e-4
    first = out["params_at_checkpoints"][0]
    assert np.allclose(np.abs(first - data.THETA0), 0.1, rtol=1e-6)  # the first step moves each by about lr


def test_rmsprop_run_moves_on_where_adagrad_crawls():
    scenario = _scenario("rmsprop_step", "keeps moving")
    rmsprop = run_scenario(REFERENCE, scenario, PUBLIC_SEED)
    adagrad = run_scenario({**REFERENCE, "rmsprop_step": _adagrad_step}, scenario, PUBLIC_SEED)
    assert rmsprop["params"][1] < -4.5 and adagrad["params"][1] > -1.0


# -- mistakes and correct styles against the scenarios ------------------------------------------------------

def test_mistakes_and_implementations_have_the_same_keys():
    declared = [(m.function, m.name) for m in MISTAKES]
    assert len(declared) == len(set(declared)) >= 10
    assert set(declared) == set(IMPLEMENTATIONS)
    assert all(callable(fn) for fn in IMPLEMENTATIONS.values())
    assert {m.function for m in MISTAKES} == set(FUNCTIONS)


@pytest.mark.parametrize("key", sorted(IMPLEMENTATIONS), ids=lambda key: f"{key[0]}-{key[1]}")
def test_every_mistake_fails_a_scenario_of_its_function(key):
    function, _ = key
    wrong = with_mistake(*key)
    failed = []
    with np.errstate(all="ignore"):
        for scenario in SCENARIOS:
            if scenario.function != function or scenario.is_property:
                continue
            for seed in (PUBLIC_SEED, hidden.HIDDEN_SEED):
                expected = run_scenario(REFERENCE, scenario, seed)
                if not agrees(scenario, expected, run_scenario(wrong, scenario, seed)):
                    failed.append((scenario.what, seed))
    scenarios_public = {what for what, seed in failed if seed == PUBLIC_SEED}
    scenarios_hidden = {what for what, seed in failed if seed == hidden.HIDDEN_SEED}
    assert scenarios_public and scenarios_hidden, f"{key} passes every scenario"


def test_mistakes_cost_points_only_on_their_own_function():
    """A mistake in a step function leaves the other functions' own ("call") scenarios untouched."""
    for (function, name) in IMPLEMENTATIONS:
        wrong = with_mistake(function, name)
        for scenario in SCENARIOS:
            if scenario.function == function or scenario.driver != "call":
                continue
            assert agrees(scenario, run_scenario(REFERENCE, scenario, PUBLIC_SEED),
                          run_scenario(wrong, scenario, PUBLIC_SEED))


CORRECT = sorted(HERE.glob("correct_*.py"))


def test_there_are_at_least_five_correct_styles():
    assert len(CORRECT) >= 5


def tolerance_units(scenario, expected, got):
    """The largest difference of the compared numbers in units of the scenario's tolerance (1 = at the edge)."""
    worst = 0.0
    for name in scenario.compare:
        if name == "modified_inputs":
            continue
        e, g = np.asarray(expected[name], dtype=float), np.asarray(got[name], dtype=float)
        if e.size != g.size:
            return np.inf
        with np.errstate(all="ignore"):
            ratio = np.abs(g.reshape(e.shape) - e) / (scenario.atol + scenario.rtol * np.abs(e))
        worst = max(worst, float(np.max(np.where(np.isnan(ratio), np.inf, ratio), initial=0.0)))
    return worst


@pytest.mark.parametrize("path", CORRECT, ids=lambda p: p.stem)
def test_correct_style_passes_every_scenario(path):
    module = _load_module(path, f"_adaptive_{path.stem}")
    functions = {name: getattr(module, name) for name in FUNCTIONS}
    failing, close_to_the_edge = [], []
    for scenario in SCENARIOS:
        for seed in SEEDS:
            expected = run_scenario(REFERENCE, scenario, seed)
            got = run_scenario(functions, scenario, seed)
            if not agrees(scenario, expected, got):
                failing.append((scenario.name, seed))
            # other seeds (hidden grading) must not fall over the edge: keep a margin of 5
            elif tolerance_units(scenario, expected, got) > 0.2:
                close_to_the_edge.append((scenario.name, seed, tolerance_units(scenario, expected, got)))
    assert not failing
    assert not close_to_the_edge


def test_every_mistake_is_far_outside_the_tolerance():
    """Each mistake misses by at least 1000 tolerances on its worst scenario: no borderline catch."""
    for key in IMPLEMENTATIONS:
        with np.errstate(all="ignore"):
            worst = max(tolerance_units(s, run_scenario(REFERENCE, s, PUBLIC_SEED),
                                        run_scenario(with_mistake(*key), s, PUBLIC_SEED))
                        for s in SCENARIOS if s.function == key[0] and not s.is_property)
        assert worst > 1e3, key


def test_the_cs231n_velocity_differs_but_its_params_do_not():
    """Why momentum's checks compare params only: the CS231n velocity is -lr times torch's."""
    cs231n = _load_module(HERE / "correct_cs231n.py", "_adaptive_cs231n_velocity")
    grad, lr = np.array([2.0, -1.0]), 0.1
    p_torch, v_torch = ref.momentum_step(np.zeros(2), grad, np.zeros(2), lr, 0.9)
    p_cs, v_cs = cs231n.momentum_step(np.zeros(2), grad, np.zeros(2), lr, 0.9)
    assert np.allclose(p_torch, p_cs) and np.allclose(v_cs, -lr * v_torch)
    assert not any("velocity" in s.compare for s in SCENARIOS)


# -- declarations agree with each other ---------------------------------------------------------------------

def test_contract_matches_the_reference_signatures_and_defaults():
    for function, (params, returns) in FUNCTIONS.items():
        signature = inspect.signature(getattr(ref, function))
        assert tuple(signature.parameters) == params, function
        for name, parameter in signature.parameters.items():
            if parameter.default is inspect.Parameter.empty:
                assert (function, name) not in contract.DEFAULTS
            else:
                assert float(contract.DEFAULTS[(function, name)]) == parameter.default
        assert returns and all(isinstance(r, str) for r in returns)


def test_scenarios_are_well_formed():
    names = [s.name for s in SCENARIOS]
    assert len(names) == len(set(names))
    drivers = {"call", "sweep", *loops.LOOPS}
    for scenario in SCENARIOS:
        assert scenario.function in FUNCTIONS and scenario.driver in drivers
        assert set(scenario.uses) <= set(FUNCTIONS) and scenario.function not in scenario.uses
    points = {f: sum(s.points for s in SCENARIOS if s.function == f) for f in FUNCTIONS}
    assert all(3 <= p <= 6 for p in points.values()), points
    # every function that takes arrays has a property check, declared after its value checks
    for function in FUNCTIONS:
        own = [s for s in SCENARIOS if s.function == function]
        assert own[-1].is_property and own[-1].compare == ("modified_inputs",)
        assert not any(s.is_property for s in own[:-1])


def test_inputs_differ_between_seeds_where_drawn_from_rng():
    drawn = [s for s in SCENARIOS if s.driver == "call" and "random" in s.what]
    assert drawn
    for scenario in drawn:
        public, hidden_args = scenario.inputs(PUBLIC_SEED)["args"], scenario.inputs(hidden.HIDDEN_SEED)["args"]
        assert any(np.shape(x) != np.shape(y) or not np.array_equal(x, y) for x, y in zip(public, hidden_args))


def test_property_scenarios_catch_an_in_place_update():
    def in_place(params, grad, velocity, learning_rate, momentum):
        velocity *= momentum
        velocity += grad
        params -= learning_rate * velocity
        return params, velocity

    scenario = _scenario("momentum_step", "leaves its inputs")
    out = run_scenario({**REFERENCE, "momentum_step": in_place}, scenario, PUBLIC_SEED)
    assert out["modified_inputs"] == "params,velocity"
    assert run_scenario(REFERENCE, scenario, PUBLIC_SEED)["modified_inputs"] == ""


def _reference_lines():
    source = REFERENCE_FILE.read_text()
    docstrings = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.Module)) and ast.get_docstring(node) is not None:
            docstrings.update(range(node.body[0].lineno, node.body[0].end_lineno + 1))
    trivial = re.compile(r"^(def |import |from |return [\w, ]+$|\w+ = np\.asarray\(\w+, dtype=float\)$)")
    lines = set()
    for number, line in enumerate(source.splitlines(), 1):
        text = " ".join(line.split("#", 1)[0].split())
        if number in docstrings or not text or trivial.search(text):
            continue
        lines.add(text)
        if text.startswith("return "):
            lines.add(text[len("return "):])
    return lines


def test_no_hint_spells_out_a_line_of_the_reference():
    probes = _grading("probes").PROBES
    texts = [m.hint for m in MISTAKES] + [s.hint for s in SCENARIOS]
    texts += [p.about for p in probes] + [p.means for p in probes if p.means]
    lines = _reference_lines()
    assert len(lines) > 10
    for text in texts:
        squeezed = "".join(text.split())
        assert not [line for line in lines if line.replace(" ", "") in squeezed], text


def test_probes_run_on_the_reference():
    probes = _grading("probes").PROBES
    keys = [p.key for p in probes]
    assert len(keys) == len(set(keys))
    for probe in probes:
        assert probe.function in FUNCTIONS
        inspect.signature(getattr(ref, probe.function)).bind(*probe.args)
        result = getattr(ref, probe.function)(*copy.deepcopy(probe.args))
        assert np.all(np.isfinite(np.concatenate([np.ravel(r) for r in (result if isinstance(result, tuple) else (result,))])))
        if probe.base:
            assert f"{probe.function}: {probe.base}" in keys


def test_the_assignment_loads_as_a_value():
    from autograder.assignment import load

    assignment = load(FOLDER)
    assert assignment.name == "adaptive_optimizers" and assignment.notebook_path == NOTEBOOK
    assert set(assignment.function_names) == set(FUNCTIONS)
    assert assignment.signature_text("rmsprop_step") == \
        "rmsprop_step(params, grad, sq_avg, learning_rate, alpha=0.99, eps=1e-8)"


# -- the notebook ---------------------------------------------------------------------------------------------

def _notebook():
    return json.loads(NOTEBOOK.read_text())


def _source(cell):
    return "".join(cell["source"])


def test_notebook_metadata_and_cells_follow_nbgrader():
    notebook = _notebook()
    assert notebook["metadata"]["autograder"] == {"assignment": "adaptive_optimizers"}
    ids = []
    solution_functions = []
    checked = {}
    for cell in notebook["cells"]:
        meta = cell["metadata"]["nbgrader"]
        assert set(meta) <= {"grade", "grade_id", "locked", "points", "schema_version", "solution", "task"}
        assert meta["schema_version"] == 3 and meta["task"] is False
        assert re.fullmatch(r"[a-zA-Z0-9_\-]+", meta["grade_id"])
        ids.append(meta["grade_id"])
        source = _source(cell)
        if cell["cell_type"] == "markdown" and not (meta["grade"] and meta["solution"]):
            assert meta["locked"] and not meta["grade"] and not meta["solution"]
        if cell["cell_type"] == "code" and meta["solution"]:
            assert not meta["grade"] and not meta["locked"]
            tree = ast.parse(source)
            [fn] = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
            assert ast.get_docstring(fn) and "Parameters\n" in ast.get_docstring(fn) + "\n"
            assert source.rstrip().endswith("# YOUR CODE HERE\n    raise NotImplementedError()")
            assert tuple(a.arg for a in fn.args.args) == FUNCTIONS[fn.name][0]
            solution_functions.append(fn.name)
        if cell["cell_type"] == "code" and meta["grade"] and not meta["solution"]:
            assert meta["locked"]
            assert source.startswith("from autograder.kernel import check\ncheck(")
            names = re.findall(r'"(\w+)"', source)
            checked[meta["grade_id"]] = names
            points = sum(s.points for s in SCENARIOS if s.function in names)
            assert meta["points"] == points, (meta["grade_id"], meta["points"], points)
        if "demo" in cell["metadata"].get("tags", []):
            assert meta["locked"] and not meta["grade"] and not meta["solution"]
            if "NotImplementedError" not in source:
                assert not any(f"{f}(" in source for f in FUNCTIONS), meta["grade_id"]
    assert len(ids) == len(set(ids))
    assert sorted(solution_functions) == sorted(FUNCTIONS)
    assert sorted(f for names in checked.values() for f in names) == sorted(FUNCTIONS)


def test_nbgrader_and_nbformat_accept_the_notebook():
    """nbgrader's own reader validates the cell metadata (schema v3, unique grade ids); nbformat the notebook."""
    import nbformat
    from nbgrader.nbgraderformat import reads

    text = NOTEBOOK.read_text()
    notebook = reads(text, as_version=4)
    nbformat.validate(notebook)
    assert sum(cell.metadata.nbgrader.get("points", 0) for cell in notebook.cells) == \
        sum(s.points for s in SCENARIOS) + 2  # the written question


def _run_notebook(functions_source):
    """Execute the notebook's code cells in one namespace, with the answer cells replaced by ``functions_source``
    (test cells skipped: they need the grader's kernel). Returns the namespace and what was printed."""
    import contextlib
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    namespace = {"__name__": "__main__"}
    printed = io.StringIO()
    exec(compile(functions_source, "answers", "exec"), namespace)
    with contextlib.redirect_stdout(printed), np.errstate(all="raise"):
        for cell in _notebook()["cells"]:
            meta = cell["metadata"]["nbgrader"]
            if cell["cell_type"] != "code" or meta["solution"] or meta["grade"]:
                continue
            exec(compile(_source(cell), meta["grade_id"], "exec"), namespace)
            plt.close("all")
    return namespace, printed.getvalue()


def test_notebook_demos_run_with_the_reference():
    _, printed = _run_notebook(REFERENCE_FILE.read_text())
    assert "implement" not in printed
    assert "first step" in printed


def test_notebook_demos_wait_for_unimplemented_functions():
    stubs = "\n".join(
        f"def {name}(*args, **kwargs):\n    raise NotImplementedError()\n" for name in FUNCTIONS)
    _, printed = _run_notebook(stubs)
    assert "implement quadratic_grad first" in printed or "implement thermometer_grad first" in printed


def test_nothing_students_get_repeats_a_line_of_solutions():
    """The release's leak scan refuses a student file holding a line of solutions/ (docstrings included) or the
    hidden seed; this checks the assignment's own files the same way before that scan ever runs."""
    solution_lines = set()
    for path in (ROOT / "solutions" / "adaptive_optimizers").glob("*.py"):
        for line in path.read_text().splitlines():
            text = " ".join(line.split())
            if len(text) >= 12 and not text.startswith(("import ", "from ", "def ")):
                solution_lines.add(text)
    shipped = [p for p in FOLDER.rglob("*") if p.is_file() and p.suffix in (".py", ".md", ".ipynb")]
    assert NOTEBOOK in shipped
    for path in shipped:
        text = path.read_text()
        if path.suffix == ".ipynb":
            text = "\n".join(_source(cell) for cell in json.loads(text)["cells"])
        lines = {" ".join(line.split()) for line in text.splitlines()}
        assert not lines & solution_lines, (path.name, sorted(lines & solution_lines)[:3])
        for spelling in (str(hidden.HIDDEN_SEED), f"{hidden.HIDDEN_SEED:_}", f"{hidden.HIDDEN_SEED:,}"):
            assert spelling not in text, path.name
