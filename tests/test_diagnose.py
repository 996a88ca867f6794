"""The diagnosis of failed checks, on synthetic students: the reference with one function replaced.

Each case runs a scenario's driver on a student namespace (as the sandbox would), then diagnoses the result
with probes run on that namespace: no sandbox, but the same drivers and the same expected values.
"""
import re
import types

import numpy as np

from autograder.check.compare import compare
from autograder.check.diagnose import diagnose
from autograder.check.evaluate import _reproduces
from autograder.check.expectations import ReferenceExpectations
from gd import PUBLIC_SEED
from gd import SCENARIOS
from autograder.run import codec, drivers

from hints import reference_lines, solving_lines
from autograder.assignment import load_loops
from gd import GD

CONTRACT = GD.contract
LOOPS = load_loops(GD)

REFERENCE = ReferenceExpectations(PUBLIC_SEED)
HIDDEN = ReferenceExpectations()
TEXTS = []  # every diagnosis made here, for the test that no text solves


def scenario(name):
    return next(s for s in SCENARIOS if s.name == name)


def student(**functions):
    """The reference namespace with some functions replaced, also where reference functions call them."""
    globs = dict(REFERENCE.module_globals, **functions)
    for key, value in REFERENCE.module_globals.items():
        if isinstance(value, types.FunctionType) and key not in functions:
            globs[key] = types.FunctionType(value.__code__, globs, value.__name__, value.__defaults__)
    return globs


def prober(ns):
    def probe(function, args):
        args = [codec.from_plain(codec.to_plain(a)) for a in args]  # as the sandbox gets them (an Rng as a generator)
        try:
            with np.errstate(all="ignore"):
                outputs = drivers.call(drivers.Namespace(ns, CONTRACT), function, args)
        except Exception:  # noqa: BLE001 - a student function that fails on a probe
            return None
        return {k: codec.from_plain(codec.to_plain(v)) for k, v in outputs.items() if k != "modified_inputs"}
    return probe


def diagnosis_of(name, probes=True, expectations=REFERENCE, failing=(), **functions):
    check = scenario(name)
    ns = student(**functions)
    inputs = expectations.inputs(check)
    with np.errstate(all="ignore"):
        got = {k: codec.from_plain(v) for k, v in drivers.run(drivers.Namespace(ns, CONTRACT), check.driver, inputs, LOOPS).items()}
    expected = expectations.expected(check)
    assert compare(expected, got, check.compare, check.rtol, check.atol) is not None, "the student must fail"
    result = diagnose(check, {k: codec.from_plain(v) for k, v in inputs.items()}, expected, got,
                      probe=prober(ns) if probes else None,
                      probe_expected=expectations.probe_expected if probes else None,
                      failing=set(failing), hidden=expectations.hidden)
    TEXTS.append(result.text if result else "")
    return result


GRAD_BOOK = "grad_fn: gradient on the book's data at (w, b) = (1, 0)"
LOSS_BOOK = "loss_fn: mean squared error on the book's data at (w, b) = (1, 0)"


def grad_with(dw=lambda d, t_u, n: np.sum(d * t_u) / n, db=lambda d, t_u, n: np.sum(d) / n):
    def grad_fn(t_u, t_c, t_p, w, b):
        t_u = np.asarray(t_u, dtype=float)
        d = 2 * (np.asarray(t_p) - t_c)
        return np.array([dw(d, t_u, len(t_u)), db(d, t_u, len(t_u))])
    return grad_fn


def test_one_wrong_component_is_named_and_its_factor_confirmed_on_probes():
    d = diagnosis_of(GRAD_BOOK, grad_fn=grad_with(db=lambda d, t_u, n: np.sum(d) / n / 2))
    assert d.wrong == ("dL/db",) and d.right == ("dL/dw",) and d.factor == "1/2"
    assert d.text.startswith("dL/dw is right; dL/db is wrong.")
    assert "dL/db is 1/2 times the expected, here and on the probe inputs: a factor 2 is missing" in d.text


def test_a_factor_on_one_scalar_alone_is_never_claimed():
    # without probes, dL/db is one number: 1/2 of the expected proves nothing about a constant
    d = diagnosis_of(GRAD_BOOK, probes=False, grad_fn=grad_with(db=lambda d, t_u, n: np.sum(d) / n / 2))
    assert d.factor == "" and "times the expected" not in d.text.replace("up to", "")
    assert d.wrong == ("dL/db",)
    loss = diagnosis_of(LOSS_BOOK, probes=False, loss_fn=lambda t_p, t_c: float(np.sum((t_p - t_c) ** 2)) * 3.3)
    assert loss is None or (loss.factor == "" and "constant" not in loss.text)


def test_a_factor_that_changes_with_the_input_is_not_a_constant():
    d = diagnosis_of(LOSS_BOOK, loss_fn=lambda t_p, t_c: float(np.mean((np.asarray(t_p) - t_c) ** 2)) ** 1.5)
    assert d.factor == "" and "N times" not in d.text


def test_n_is_the_number_of_examples_of_each_input():
    d = diagnosis_of(LOSS_BOOK, loss_fn=lambda t_p, t_c: float(np.sum((np.asarray(t_p) - t_c) ** 2)) / (len(t_c) - 1))
    assert d.factor == "N/(N - 1)" and "(N = 11)" in d.text and "N - 1 where N belongs" in d.text
    hidden = diagnosis_of(LOSS_BOOK, expectations=HIDDEN,
                          loss_fn=lambda t_p, t_c: float(np.sum((np.asarray(t_p) - t_c) ** 2)) / (len(t_c) - 1))
    assert hidden.factor == "N/(N - 1)" and "N = " not in hidden.text  # hidden checks show no numbers


def test_per_example_values_are_recognized_by_their_count():
    d = diagnosis_of(GRAD_BOOK, grad_fn=lambda t_u, t_c, t_p, w, b: np.array(
        [2 * (t_p - t_c) * t_u / len(t_u), 2 * (t_p - t_c) / len(t_u)]))
    assert "`grad` has 22 values, 11 times the 2 expected" in d.text and "sum (or mean)" in d.text


def test_a_loss_that_is_not_squared_shows_when_every_error_is_doubled():
    d = diagnosis_of(LOSS_BOOK, loss_fn=lambda t_p, t_c: float(np.mean(np.abs(np.asarray(t_p) - t_c))) * 1.5)
    assert "Doubling every error multiplies your `loss` by 2; it should multiply it by 4." in d.text


def test_a_sum_shows_when_every_example_is_repeated():
    d = diagnosis_of(LOSS_BOOK, loss_fn=lambda t_p, t_c: float(np.sum((np.asarray(t_p) - t_c) ** 2)) / 3)
    assert "Repeating every example twice changes your `loss`; it should leave it as it is." in d.text


def test_gradient_check_against_the_students_own_loss():
    summed = dict(loss_fn=lambda t_p, t_c: float(np.sum((np.asarray(t_p) - t_c) ** 2)) / 2,
                  grad_fn=grad_with(dw=lambda d, t_u, n: np.sum(d * t_u) / 2, db=lambda d, t_u, n: np.sum(d) / 2))
    d = diagnosis_of(GRAD_BOOK, failing={"loss_fn"}, **summed)
    assert d.gradient_check == "consistent"
    assert "Gradient check: your gradient agrees with a finite difference" in d.text and "`loss_fn`" in d.text
    wrong = diagnosis_of(GRAD_BOOK, grad_fn=grad_with(dw=lambda d, t_u, n: np.sum(d * t_u ** 2) / n))
    assert wrong.gradient_check == "inconsistent" and wrong.wrong == ("dL/dw",)


def test_epochs_that_match_and_the_first_that_differs():
    def loop(n_epochs, learning_rate, params, t_u, t_c):  # the gradient is computed once, before the loop
        ns = REFERENCE.module_globals
        params = np.array(params, dtype=float)
        grad = ns["grad_fn"](t_u, t_c, ns["model"](t_u, *params), *params)
        losses = []
        for _ in range(n_epochs):
            losses.append(ns["loss_fn"](ns["model"](t_u, *params), t_c))
            params = params - learning_rate * grad
        return params, np.array(losses)
    d = diagnosis_of("training_loop: 100 epochs at learning rate 1e-4 on the raw data", training_loop=loop)
    assert "`losses` matches up to epoch 2 and differs from epoch 3 on." in d.text and d.first_wrong == 3


def test_counts_along_epochs_say_which_end_is_missing():
    def short(n_epochs, learning_rate, params, t_u, t_c):
        params, losses = REFERENCE.module_globals["training_loop"](n_epochs, learning_rate, params, t_u, t_c)
        return params, losses[:-1]
    d = diagnosis_of("training_loop: 100 epochs at learning rate 1e-4 on the raw data", training_loop=short)
    assert "`losses`: one per epoch expected, 100 in all; you returned 99." in d.text
    assert "the last one is missing (epoch 100)" in d.text


def test_a_shift_by_one_step_is_an_off_by_one():
    d = diagnosis_of("step_decay: rates for t = 0..11",
                     step_decay=lambda learning_rate, t, drop, every: learning_rate * drop ** ((t + 1) // every))
    assert "the expected one of the next t, here and on the probe sequence with" in d.text
    assert "an off-by-one in the t" in d.text


def test_a_shift_that_a_probe_sequence_refutes_is_not_an_off_by_one():
    """Rounding t / every agrees with a shift by one when every = 3 (the hidden check's), on every value that can
    be compared; the probe sequence with every = 5 tells them apart, and the hint then says where the rate
    changes."""
    rounds = dict(step_decay=lambda learning_rate, t, drop, every: learning_rate * drop ** round(t / every))
    d = diagnosis_of("step_decay: rates for t = 0..11", expectations=HIDDEN, **rounds)
    assert "off-by-one" not in d.text and "next t" not in d.text
    assert "Your `learning_rate` changes at t = 2, 5, 8 and 11; the expected one at t = 3, 6 and 9" in d.text
    assert "(with `learning_rate = 1`, `drop = 0.5`, `every = 5`: yours at 3 and 8, expected at 5 and 10)" in d.text
    without_probes = diagnosis_of("step_decay: rates for t = 0..11", expectations=HIDDEN, probes=False, **rounds)
    assert "off-by-one" not in without_probes.text
    assert "equals the expected one of the next t (on all 11 values that have one)" in without_probes.text
    one_based = diagnosis_of("step_decay: rates for t = 0..11", expectations=HIDDEN, step_decay=lambda
                             learning_rate, t, drop, every: learning_rate * drop ** ((t + 1) // every))
    assert "here and on the probe sequence with" in one_based.text and "an off-by-one in the t" in one_based.text


def test_a_rate_that_changes_where_it_should_stay_constant():
    d = diagnosis_of("step_decay: rates for t = 0..11",
                     step_decay=lambda learning_rate, t, drop, every: learning_rate * drop ** t)
    assert ("Your `learning_rate` is multiplied by the `drop` you were given at every t, where the expected one "
            "stays constant for stretches and changes at t = 4 and 8") in d.text


def test_a_schedule_that_falls_with_the_wrong_power():
    d = diagnosis_of("inverse_sqrt_decay: rates for t = 0..9",
                     inverse_sqrt_decay=lambda learning_rate, t: learning_rate * np.sqrt(t + 1))
    assert ("your `learning_rate` is exactly the `learning_rate` you were given times sqrt(t + 1): yours grow like "
            "sqrt(t + 1); the expected ones fall like 1/sqrt(t + 1)") in d.text


def test_operator_precedence_in_a_schedule_is_told_as_the_law_of_the_numbers():
    """`lr / (t + 1) ** 1/2` is `lr / (t + 1) / 2`: no guess at a square; the law the numbers follow."""
    d = diagnosis_of("inverse_sqrt_decay: rates for t = 0..9",
                     inverse_sqrt_decay=lambda learning_rate, t: learning_rate / (t + 1) ** 1 / 2)
    assert "square" not in d.text and "power" not in d.text
    assert ("At every t from 0 to 9, your `learning_rate` is exactly 1/2 times the `learning_rate` you were given "
            "times 1/(t + 1): yours fall like 1/(t + 1); the expected ones fall like 1/sqrt(t + 1).") in d.text


def test_the_change_of_an_updated_argument_is_what_is_compared():
    d = diagnosis_of("gd_step: one update on random inputs",
                     gd_step=lambda params, grad, lr: np.asarray(params) - lr ** 2 * np.asarray(grad))
    assert d.factor == "learning_rate" and "The step of `params` is learning_rate times the expected" in d.text
    only_w = diagnosis_of("gd_step: one update on random inputs",
                          gd_step=lambda params, grad, lr: np.array([params[0] - lr * grad[0], params[1]]))
    assert only_w.wrong == ("b",) and "the step of b is 0" in only_w.text.lower()


def test_which_outputs_and_columns_are_right():
    def standardize(X):
        mean, std = X.mean(axis=0), X.std(axis=0, ddof=1)
        return (X - mean) / std, mean, std
    d = diagnosis_of("standardize: a random matrix, per column", standardize=standardize)
    assert d.text.startswith("`mean` is right; `X_scaled` and `std` are not.")
    assert "sqrt(N/(N - 1)) times the expected" in d.text


def test_a_probe_that_isolates_a_term():
    d = diagnosis_of("model: predictions on the book's data", model=lambda t_u, w, b: w * np.asarray(t_u) - b)
    assert "wrong with `w = 0`, where only the bias `b` is left (yours -2.5 each, expected 2.5 each)" in d.text
    assert "right with `b = 0`" in d.text


def test_an_output_equal_to_an_input():
    def adagrad_step(params, grad, sum_sq_grad, learning_rate, eps=1e-8):
        grad = np.asarray(grad, dtype=float)
        acc = np.asarray(sum_sq_grad) + grad
        return np.asarray(params) - learning_rate * grad / (np.sqrt(np.abs(acc)) + eps), acc
    d = diagnosis_of("adagrad_step: one step on random inputs", adagrad_step=adagrad_step)
    assert "What was added to `sum_sq_grad` is exactly `grad`." in d.text


def test_a_declared_mistake_is_not_named_from_pass_fail_flags_or_lost_values():
    check = scenario("standardize: lets plain GD converge at learning rate 0.5")
    expected = {"diverged": 0.0, "params": np.array([1.0, 2.0])}
    both_diverged = {"diverged": 1.0, "params": np.array([np.nan, np.inf])}
    assert not _reproduces(check, both_diverged, expected, both_diverged)
    numbers = {"diverged": 1.0, "params": np.array([3.0, 2.0])}
    assert _reproduces(check, numbers, expected, numbers)


def test_a_data_file_without_probes_still_grades_with_diagnoses():
    """Data files written before probes existed have no "probes" entry: no probes then, same format."""
    from autograder.check.expectations import PublicExpectations, public_data
    from gd import PROBES

    data = public_data()
    from autograder.check.probing import all_probes
    assert set(data["probes"]) == {p.key for p in all_probes(GD)}
    del data["probes"]
    older = PublicExpectations(data=data)
    assert older.probe_expected(PROBES[0]) is None
    check = scenario(GRAD_BOOK)
    ns = student(grad_fn=grad_with(db=lambda d, t_u, n: np.sum(d) / n / 2))
    got = {k: codec.from_plain(v) for k, v in drivers.run(drivers.Namespace(ns, CONTRACT), check.driver, older.inputs(check), LOOPS).items()}
    d = diagnose(check, {k: codec.from_plain(v) for k, v in older.inputs(check).items()}, older.expected(check),
                 got, probe=prober(ns), probe_expected=older.probe_expected)
    assert d.wrong == ("dL/db",) and d.factor == "" and d.probes_wrong == ()


class _HangingSandbox:
    """Stands for a Sandbox whose student code hangs on every call."""

    def __init__(self):
        self.timeout, self.calls, self.timeouts_seen = 10.0, 0, []

    def run(self, driver, inputs):
        self.calls += 1
        self.timeouts_seen.append(self.timeout)
        return {"ok": False, "kind": "timeout", "function": None, "message": ""}


def test_a_probe_that_hangs_ends_probing_with_a_short_time_limit():
    from autograder.check.probing import PROBE_TIMEOUT, sandbox_probe

    sandbox = _HangingSandbox()
    probe = sandbox_probe(sandbox)
    assert probe("model", [np.ones(3), 1.0, 2.0]) is None
    assert probe("model", [np.zeros(3), 1.0, 2.0]) is None and sandbox_probe(sandbox)("loss_fn", [1.0, 2.0]) is None
    assert sandbox.calls == 1 and sandbox.timeouts_seen == [PROBE_TIMEOUT] and sandbox.timeout == 10.0


def test_a_factor_that_is_an_input_entry_by_entry():
    d = diagnosis_of("model: predictions on the book's data",
                     model=lambda t_u, w, b: w * np.asarray(t_u) ** 2 + b)
    assert "where only the term with `w` is left (`t_u` times the expected, entry by entry)" in d.text
    assert "so the bias term is right" in d.text


def test_hidden_checks_show_no_numbers_even_from_probes():
    model = lambda t_u, w, b: w * np.asarray(t_u) - b  # noqa: E731
    public = diagnosis_of("model: predictions on the book's data", model=model)
    hidden = diagnosis_of("model: predictions on random inputs", expectations=HIDDEN, model=model)
    assert "expected 2.5" in public.text
    assert "where only the bias `b` is left" in hidden.text and not re.search(r"\d\.\d", hidden.text)


def test_the_defining_property_of_standardized_columns():
    def min_max(X):
        X = np.asarray(X, dtype=float)
        return (X - X.min(axis=0)) / np.ptp(X, axis=0), X.mean(axis=0), X.std(axis=0)
    d = diagnosis_of("standardize: a random matrix, per column", standardize=min_max)
    assert d.text.startswith("`mean` and `std` are right; `X_scaled` is not.")
    assert "columns run exactly from 0 to 1: that is min-max scaling" in d.text


def test_a_loop_that_steps_uphill_shows_on_one_epoch():
    def uphill(n_epochs, learning_rate, params, t_u, t_c):
        return REFERENCE.module_globals["training_loop"](n_epochs, -learning_rate, params, t_u, t_c)
    d = diagnosis_of("training_loop: 300 epochs at learning rate 1e-2 on the normalized input", training_loop=uphill)
    assert "`n_epochs = 1`: one loss, one update (the step of w and b: the opposite sign)" in d.text
    assert d.specific


def test_weak_evidence_keeps_the_checks_advice():
    from autograder.check.evaluate import _hint
    from autograder.check.compare import compare as first_mismatch

    check = scenario("standardize: lets plain GD converge at learning rate 0.5")
    expected = REFERENCE.expected(check)
    got = dict(expected, params=np.asarray(expected["params"]) * np.array([1.5, 0.7]))
    mismatch = first_mismatch(expected, got, check.compare, check.rtol, check.atol)
    text, key, d = _hint(check, REFERENCE, got, mismatch, ())
    assert key == "" and not d.specific and text.endswith(check.hint)


def test_one_statistic_of_the_whole_matrix_where_one_per_column_belongs():
    def global_std(X):
        X = np.asarray(X, dtype=float)
        mean, std = X.mean(axis=0), np.full(X.shape[1], X.std())
        return (X - mean) / std, mean, std
    d = diagnosis_of("standardize: a random matrix, per column", standardize=global_std)
    assert ("Your `std` is the same number for every column: the standard deviation of all the entries of `X` "
            "at once, where the expected values differ.") in d.text

    def shared(params, grad, sum_sq_grad, learning_rate, eps=1e-8):
        acc = np.asarray(sum_sq_grad, dtype=float) + np.sum(np.asarray(grad, dtype=float) ** 2)
        return np.asarray(params) - learning_rate * np.asarray(grad) / (np.sqrt(acc) + eps), acc
    d = diagnosis_of("adagrad_step: one step on random inputs", adagrad_step=shared)
    assert ("What was added to `sum_sq_grad` is the same number for the accumulator of w and the accumulator of b: "
            "the sum of the squares of all the entries of `grad` at once, where the expected values differ.") in d.text


def test_a_hard_coded_number_of_examples_shows_as_a_ratio_that_follows_n():
    d = diagnosis_of("loss_fn: mean squared error on random inputs",
                     loss_fn=lambda t_p, t_c: float(np.sum((np.asarray(t_p) - t_c) ** 2) / 11))
    assert d.factor == "N/11" and "a fixed 11 where N, the number of examples, belongs" in d.text


def test_arguments_mixed_up_show_on_a_probe_from_expected_values_alone():
    def dw_with_t_c(t_u, t_c, t_p, w, b):
        d = 2 * (np.asarray(t_p) - t_c) / len(t_u)
        return np.array([np.sum(d * t_c), np.sum(d)])
    d = diagnosis_of(GRAD_BOOK, grad_fn=dw_with_t_c)
    assert ("your `grad` is exactly the expected one with `t_c` in place of `t_u`: `t_c` is used where `t_u` "
            "belongs.") in d.text
    swapped = diagnosis_of("apply_standardization: scales new data with the training statistics",
                           apply_standardization=lambda X, mean, std: (np.asarray(X) - std) / mean)
    assert "with `mean` and `std` exchanged: `mean` and `std` are mixed up." in swapped.text


def test_a_law_that_holds_after_a_right_start_and_a_sawtooth():
    import math
    guarded = diagnosis_of("inverse_sqrt_decay: rates for t = 0..9", expectations=HIDDEN,
                           inverse_sqrt_decay=lambda learning_rate, t: learning_rate / math.sqrt(max(t, 1)))
    assert ("From t = 1 on, your `learning_rate` is exactly the `learning_rate` you were given times 1/sqrt(t): "
            "yours fall like 1/sqrt(t); the expected ones fall like 1/sqrt(t + 1) (at t = 0 yours is right).") \
        in guarded.text
    sawtooth = diagnosis_of("step_decay: rates for t = 0..11", expectations=HIDDEN,
                            step_decay=lambda learning_rate, t, drop, every: learning_rate * drop ** (t % every))
    assert "Your `learning_rate` goes back up at t = 3, 6 and 9, where the expected one only ever falls" \
        in sawtooth.text


def test_relations_between_parts_and_with_inputs():
    def product_of_sums(t_u, t_c, t_p, w, b):
        d = 2 * (np.asarray(t_p) - t_c) / len(t_u)
        return np.array([np.sum(d) * np.sum(t_u), np.sum(d)])
    d = diagnosis_of(GRAD_BOOK, grad_fn=product_of_sums)
    assert "dL/dw is exactly dL/db (which is right) times the sum of all the entries of `t_u`." in d.text

    def b_with_grad_w(params, grad, learning_rate):
        return np.array([params[0] - learning_rate * grad[0], params[1] - learning_rate * grad[0]])
    d = diagnosis_of("gd_step: one update on random inputs", gd_step=b_with_grad_w)
    assert "The step of b is exactly the step of w (which is right)" in d.text

    rounded = diagnosis_of("gd_step: one update on random inputs",
                           gd_step=lambda params, grad, lr: np.round(np.asarray(params) - lr * np.asarray(grad), 4))
    assert "Your `params` values are cut to 4 decimals; each is within 0.0001 of the expected one." in rounded.text

    def sign_only(params, grad, sum_sq_grad, learning_rate, eps=1e-8):
        grad = np.asarray(grad, dtype=float)
        return np.asarray(params) - learning_rate * grad / (np.sqrt(grad ** 2) + eps), np.asarray(sum_sq_grad) + grad ** 2
    d = diagnosis_of("adagrad_step: one step on random inputs", adagrad_step=sign_only)
    assert "The step of `params` has size exactly `learning_rate` in every entry (only its sign varies)" in d.text


def test_what_probes_show_about_inputs():
    d = diagnosis_of("apply_standardization: scales new data with the training statistics",
                     apply_standardization=lambda X, mean, std: np.asarray(X) - np.asarray(mean) / std)
    assert "`mean = 0`, where only the division by `std` is left (yours is the `X` you were given, unchanged)" in d.text
    d = diagnosis_of("model: predictions on the book's data", model=lambda t_u, w, b: w * (np.asarray(t_u) + b))
    assert "(yours is 0, as if all of it were multiplied by `w`)" in d.text

    def squares(params, grad, sum_sq_grad, learning_rate, eps=1e-8):
        grad = np.asarray(grad, dtype=float)
        acc = np.asarray(sum_sq_grad) ** 2 + grad ** 2
        return np.asarray(params) - learning_rate * grad / (np.sqrt(acc) + eps), acc
    d = diagnosis_of("adagrad_step: one step on random inputs", adagrad_step=squares)
    assert "`grad = 0`, where nothing changes (yours is the square of the `sum_sq_grad` you were given)" in d.text


def test_a_loop_whose_loss_never_moves_and_one_that_stops_on_nan_only():
    def stale(n_epochs, learning_rate, params, t_u, t_c):
        ns = REFERENCE.module_globals
        params = np.array(params, dtype=float)
        t_p, losses = ns["model"](t_u, *params), []
        for _ in range(n_epochs):
            losses.append(ns["loss_fn"](t_p, t_c))
            params = params - learning_rate * ns["grad_fn"](t_u, t_c, t_p, *params)
        return params, np.array(losses)
    d = diagnosis_of("training_loop: 100 epochs at learning rate 1e-4 on the raw data", training_loop=stale)
    assert "Your `losses` stays at its epoch 1 value at every epoch, where the expected one changes." in d.text

    def nan_only(n_epochs, learning_rate, params, t_u, t_c):
        ns = REFERENCE.module_globals
        params, losses = np.array(params, dtype=float), []
        for _ in range(n_epochs):
            t_p = ns["model"](t_u, *params)
            losses.append(ns["loss_fn"](t_p, t_c))
            if np.isnan(losses[-1]):
                break
            params = params - learning_rate * ns["grad_fn"](t_u, t_c, t_p, *params)
        return params, np.array(losses)
    d = diagnosis_of("training_loop: stops after the first inf loss at learning rate 1e-2", training_loop=nan_only)
    assert "Yours stops right after its first nan" in d.text and "the inf before it did not stop it" in d.text


def test_counts_claim_a_missing_reduction_or_a_wrong_axis_only_when_the_numbers_show_it():
    def per_row(X):
        X = np.asarray(X, dtype=float)
        mean, std = X.mean(axis=1), X.std(axis=0)
        return (X - mean[:, None]) / std, mean, std
    d = diagnosis_of("standardize: a random matrix, per column", standardize=per_row)
    assert "the mean of each row, where one per column belongs: the statistic is taken along the wrong axis" in d.text

    def per_row_other(X):
        X = np.asarray(X, dtype=float)
        mean, std = X.max(axis=1), X.std(axis=0)
        return (X - X.mean(axis=0)) / std, mean, std
    d = diagnosis_of("standardize: a random matrix, per column", standardize=per_row_other)
    assert "one per row (example)" in d.text and "wrong axis" not in d.text

    d = diagnosis_of(GRAD_BOOK, grad_fn=lambda t_u, t_c, t_p, w, b: np.array(
        [2 * (t_p - t_c) * t_u ** 2 / len(t_u), 2 * (t_p - t_c) / len(t_u)]))
    assert "as many as one set per example" in d.text and "is missing" not in d.text


def test_no_mix_up_of_arguments_is_claimed_for_other_mistakes():
    for name, wrong in ((GRAD_BOOK, dict(grad_fn=grad_with(db=lambda d, t_u, n: np.sum(d) / n / 2))),
                        (LOSS_BOOK, dict(loss_fn=lambda t_p, t_c: float(np.mean(np.abs(np.asarray(t_p) - t_c))))),
                        ("gd_step: one update on random inputs",
                         dict(gd_step=lambda params, grad, lr: np.asarray(params) + lr * np.asarray(grad))),
                        ("apply_standardization: scales new data with the training statistics",
                         dict(apply_standardization=lambda X, mean, std: (np.asarray(X) - mean) / std ** 2))):
        d = diagnosis_of(name, **wrong)
        assert "in place of" not in d.text and "mixed up" not in d.text, d.text


def test_a_result_that_is_the_expected_one_of_another_probe():
    def skips_last(params, t_u, t_c, learning_rate, rng):
        w, b = np.array(params, dtype=float)
        order = rng.permutation(len(t_u))
        for i in order[:-1]:
            error = w * t_u[i] + b - t_c[i]
            w, b = w - learning_rate * 2 * error * t_u[i], b - learning_rate * 2 * error
        return np.array([w, b])
    d = diagnosis_of("sgd_epoch: one epoch on random data", sgd_epoch=skips_last)
    assert ("With three identical examples, where the order cannot matter, your `sgd_epoch` returns exactly what is "
            "expected with two identical examples.") in d.text


def test_a_gradient_that_ignores_the_predictions_it_is_given():
    def recomputes(t_u, t_c, t_p, w, b):
        d = 2 * (w * np.asarray(t_u) - t_c) / len(t_u)
        return np.array([np.sum(d * t_u), np.sum(d)])
    d = diagnosis_of("grad_fn: gradient on random data", grad_fn=recomputes)
    assert "Changing only the predictions `t_p` you are given leaves your `grad` as it is; it should change it." in d.text


def test_an_accumulator_of_absolute_values():
    def absolute(params, grad, sum_sq_grad, learning_rate, eps=1e-8):
        grad = np.asarray(grad, dtype=float)
        acc = np.asarray(sum_sq_grad) + np.abs(grad)
        return np.asarray(params) - learning_rate * grad / (np.sqrt(acc) + eps), acc
    d = diagnosis_of("adagrad_step: one step on random inputs", adagrad_step=absolute)
    assert "What was added to `sum_sq_grad` is exactly the absolute value of `grad`." in d.text


def test_a_root_of_a_scalar_input_and_a_power_seen_without_probes_says_so():
    d = diagnosis_of("gd_step: one update on random inputs",
                     gd_step=lambda params, grad, lr: np.asarray(params) - np.sqrt(lr) * np.asarray(grad))
    assert d.factor == "1/sqrt(learning_rate)" and "the square root of `learning_rate` where" in d.text
    quarter = diagnosis_of("inverse_sqrt_decay: rates for t = 0..9", probes=False,
                           inverse_sqrt_decay=lambda learning_rate, t: learning_rate / (t + 1) ** 0.25)
    assert "goes like the square root of the expected value (up to a constant): a power is off" in quarter.text
    assert "probe" not in quarter.text  # seen without probes: the relation is not said to hold on them


def test_an_entry_by_entry_factor_needs_two_telling_entries():
    """A step of w twice the expected (t_u = 2 on the one-example probe) while params holds 0.5 there: one entry
    is one number, not an input array's factor."""
    def t_u_squared(params, t_u, t_c, learning_rate, rng):
        w, b = float(params[0]), float(params[1])
        for i in rng.permutation(len(t_u)):
            error = w * t_u[i] + b - t_c[i]
            w, b = w - learning_rate * 2 * error * t_u[i] ** 2, b - learning_rate * 2 * error
        return np.array([w, b])
    d = diagnosis_of("sgd_epoch: one epoch on random data", sgd_epoch=t_u_squared)
    assert "times the expected, entry by entry" not in d.text


def test_one_factor_shared_by_every_entry_where_each_has_its_own():
    def shared_denominator(params, grad, sum_sq_grad, learning_rate, eps=1e-8):
        grad = np.asarray(grad, dtype=float)
        acc = np.asarray(sum_sq_grad) + grad ** 2
        return np.asarray(params) - learning_rate * grad / (np.sqrt(acc.sum()) + eps), acc
    d = diagnosis_of("adagrad_step: one step on random inputs", adagrad_step=shared_denominator)
    assert ("The step of `params` is `grad` times one and the same number for w and b, where the expected factors "
            "differ.") in d.text


def test_a_factor_on_a_reciprocal_is_told_on_what_it_divides_by():
    """2 / lambda with a Hessian lacking 2/N is 2/N times the expected: not "an extra division by N"."""
    def without_2_over_n(t_u):
        t_u = np.asarray(t_u, dtype=float)
        X = np.column_stack([t_u, np.ones_like(t_u)])
        return float(2 / np.linalg.norm(X, 2) ** 2)
    d = diagnosis_of("critical_learning_rate: the raw t_u", critical_learning_rate=without_2_over_n)
    assert d.factor == "2/N" and "extra division" not in d.text
    assert "as if the largest eigenvalue of the Hessian, which it divides by, were N/2 times the expected" in d.text


def test_no_diagnosis_text_contains_a_reference_line():
    texts = [t for t in TEXTS if t]
    assert len(texts) >= 15, "the tests above ran first"
    lines = reference_lines()
    for text in texts:
        assert solving_lines(text, lines) == [], text


def test_an_input_returned_by_coincidence_is_not_named():
    """Returning sqrt(G) from a zero accumulator gives |grad|, which equals grad when grad is positive: the probe
    with a negative entry refutes "your sum_sq_grad is the grad you were given"."""
    def sigma(params, grad, sum_sq_grad, learning_rate, eps=1e-8):
        grad = np.asarray(grad, dtype=float)
        acc = np.asarray(sum_sq_grad) + grad ** 2
        return np.asarray(params) - learning_rate * grad / (np.sqrt(acc) + eps), np.sqrt(acc)
    d = diagnosis_of("adagrad_step: first step from a zero accumulator moves each parameter by learning_rate",
                     adagrad_step=sigma)
    assert "you were given, unchanged" not in d.text
    assert "goes like the square root of the expected value" in d.text
