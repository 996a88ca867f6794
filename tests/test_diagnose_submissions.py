"""Mistakes nobody declared, graded through the whole pipeline: the diagnosis must say what is wrong.

Each submission is ``submissions/correct_vectorized.py`` with one edit that no entry of
``assignments/gradient_descent/grading/mistakes.py`` reproduces. Its failed checks must carry evidence that points at the edit
(the keyword), must not name a declared mistake, and no hint may contain a line of the reference.
"""
import re

import pytest

from autograder.check.expectations import PublicExpectations, ReferenceExpectations
from autograder.grade import Options, grade
from autograder.load import find_submissions
from gd import public_data_path

from hints import reference_lines, solving_lines
from mistaken import BASE

M = "    return w * np.asarray(t_u, dtype=float) + b\n"
L = "    return float(np.mean(diff ** 2))\n"
DW = "    dloss_dw = np.sum(dloss_dtp * t_u)\n"
DB = "    dloss_db = np.sum(dloss_dtp)\n"
GD = "    return np.asarray(params, dtype=float) - learning_rate * np.asarray(grad, dtype=float)\n"
SD = "    return learning_rate * drop ** (t // every)\n"
ISD = "    return learning_rate / np.sqrt(t + 1)\n"
ADA = "    new_params = np.asarray(params, dtype=float) - learning_rate * grad / (np.sqrt(sum_sq_grad) + eps)\n"
ACC = "    sum_sq_grad = np.asarray(sum_sq_grad, dtype=float) + grad ** 2\n"
STD = "    return (X - mean) / std, mean, std\n"
AP = "    return (np.asarray(X, dtype=float) - mean) / std\n"
H = "    H = 2 / len(t_u) * X.T @ X\n"
SGD = "        w, b = w - learning_rate * 2 * error * t_u[i], b - learning_rate * 2 * error\n"
LOOP = "    for epoch in range(1, n_epochs + 1):\n"

#: name -> (function, edits of the base, a phrase the hint of at least one of its failed checks contains)
FRESH = {
    "model_minus_b": ("model", [(M, M.replace("+ b", "- b"))],
                      "wrong with `w = 0`, where only the bias `b` is left"),
    "model_sum": ("model", [(M, "    return np.sum(w * np.asarray(t_u, dtype=float) + b)\n")],
                  "`t_p` is a single number"),
    "loss_n_minus_1": ("loss_fn", [(L, "    return float(np.sum(diff ** 2) / (len(diff) - 1))\n")], "N - 1"),
    "loss_norm": ("loss_fn", [(L, "    return float(np.linalg.norm(diff))\n")],
                  "Doubling every error multiplies your `loss` by 2; it should multiply it by 4"),
    "loss_not_reduced": ("loss_fn", [(L, "    return diff ** 2\n")], "one set per example; averaged over"),
    "loss_mean_then_square": ("loss_fn", [(L, "    return float(np.mean(diff) ** 2)\n")],
                              "errors that cancel (1 and -1), where the loss is 1 (yours is 0)"),
    "grad_db_missing_2": ("grad_fn", [(DB, "    dloss_db = np.sum(dloss_dtp) / 2\n")],
                          "dL/dw is right; dL/db is wrong. dL/db is 1/2 times the expected"),
    "grad_dw_not_divided": ("grad_fn", [(DW, "    dloss_dw = np.sum(2 * (np.asarray(t_p) - t_c) * t_u)\n")],
                            "dL/dw is N times the expected"),
    "grad_double_mean": ("grad_fn", [(DW, "    dloss_dw = np.mean(dloss_dtp * t_u)\n"),
                                     (DB, "    dloss_db = np.mean(dloss_dtp)\n")], "1/N times the expected"),
    "grad_dw_t_u_squared": ("grad_fn", [(DW, "    dloss_dw = np.sum(dloss_dtp * t_u ** 2)\n")],
                            "dL/db is right; dL/dw is wrong"),
    "grad_dw_sign": ("grad_fn", [(DW, "    dloss_dw = -np.sum(dloss_dtp * t_u)\n")],
                     "dL/dw has the opposite sign"),
    "gd_step_only_w": ("gd_step", [(GD, "    new = np.array(params, dtype=float)\n"
                                        "    new[0] = new[0] - learning_rate * grad[0]\n    return new\n")],
                       "The step of b is 0"),
    "gd_step_returns_step": ("gd_step", [(GD, "    return learning_rate * np.asarray(grad, dtype=float)\n")],
                             "only the step"),
    "loop_extra_epoch": ("training_loop", [(LOOP, "    for epoch in range(n_epochs + 1):\n")],
                         "yours go on for 1 more epoch"),
    "loop_returns_swapped": ("training_loop", [("    return params, np.array(losses)\n",
                                                "    return np.array(losses), params\n")], "are swapped"),
    "isd_lr_squared": ("inverse_sqrt_decay", [(ISD, "    return learning_rate ** 2 / np.sqrt(t + 1)\n")],
                       "learning_rate times the expected"),
    "isd_multiplies": ("inverse_sqrt_decay", [(ISD, "    return learning_rate * np.sqrt(t + 1)\n")],
                       "yours grow like sqrt(t + 1); the expected ones fall like 1/sqrt(t + 1)"),
    "sd_t_plus_1": ("step_decay", [(SD, "    return learning_rate * drop ** ((t + 1) // every)\n")],
                    "off-by-one"),
    "sd_every_step": ("step_decay", [(SD, "    return learning_rate * drop ** t\n")],
                      "where the expected one stays constant"),
    "ada_no_lr": ("adagrad_step", [(ADA, ADA.replace("learning_rate * grad", "grad"))],
                  "the factor `learning_rate` is missing"),
    "ada_halved_accumulator": ("adagrad_step", [(ACC, "    sum_sq_grad = (np.asarray(sum_sq_grad, dtype=float) "
                                                      "+ grad ** 2) / 2\n")], "`sum_sq_grad` is 1/2 times"),
    "std_zero_std_returned": ("standardize", [("    std = np.where(std == 0, 1.0, std)\n    return (X - mean) / std, "
                                               "mean, std\n", "    safe = np.where(std == 0, 1.0, std)\n"
                                               "    return (X - mean) / safe, mean, std\n")],
                              "column 1 (constant) is wrong"),
    "std_swapped_outputs": ("standardize", [(STD, "    return (X - mean) / std, std, mean\n")],
                            "`mean` and `std` are swapped"),
    "apply_ignores_std": ("apply_standardization", [(AP, "    return (np.asarray(X, dtype=float) - mean) / "
                                                         "np.asarray(X).std(axis=0)\n")],
                          "Passing another `std` with the same `X` and `mean` leaves your `X_scaled` as it is"),
    "crit_n_minus_1": ("critical_learning_rate", [(H, "    H = 2 / (len(t_u) - 1) * X.T @ X\n")],
                       "(N - 1)/N times the expected"),
    "crit_inverted": ("critical_learning_rate", [("    return float(2 / np.max(np.linalg.eigvalsh(H)))\n",
                                                  "    return float(np.max(np.linalg.eigvalsh(H)) / 2)\n")],
                      "reciprocal"),
    "sgd_b_missing_2": ("sgd_epoch", [(SGD, SGD.replace("b - learning_rate * 2 * error", "b - learning_rate * error"))],
                        "one example (`N = 1`), where the order cannot matter (the step of b"),
    "sgd_reversed_order": ("sgd_epoch", [("    for i in rng.permutation(len(t_u)):\n",
                                          "    for i in rng.permutation(len(t_u))[::-1]:\n")],
                           "the updates are right when the order of the examples does not matter"),
}
PUBLIC = ["grad_db_missing_2", "loss_norm", "sd_t_plus_1", "std_swapped_outputs"]


def write(folder, names):
    base = BASE.read_text()
    paths = []
    for name in names:
        source = base
        for old, new in FRESH[name][1]:
            assert source.count(old) == 1, (name, old)
            source = source.replace(old, new)
        path = folder / f"{name}.py"
        path.write_text(source)
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def hidden(tmp_path_factory):
    paths = write(tmp_path_factory.mktemp("fresh"), sorted(FRESH))
    return {r.submission: r for r in grade(find_submissions(paths), ReferenceExpectations(), Options(jobs=2))}


@pytest.fixture(scope="module")
def public(tmp_path_factory):
    paths = write(tmp_path_factory.mktemp("fresh_public"), PUBLIC)
    expectations = PublicExpectations(public_data_path())
    return {r.submission: r for r in grade(find_submissions(paths), expectations, Options(jobs=2))}


def _own_failures(result, function):
    return [t for t in result.tests if t.function == function and t.status == "failed"]


@pytest.mark.parametrize("name", sorted(FRESH))
def test_the_hint_points_at_the_undeclared_mistake(hidden, name):
    function, _, phrase = FRESH[name]
    failed = _own_failures(hidden[name], function)
    assert failed, f"{name}: no check of {function} failed"
    assert any(phrase in t.output for t in failed), "\n".join(t.output for t in failed)
    # the evidence is kept as data next to the text
    assert any(t.diagnosis is not None and t.diagnosis.text in t.output for t in failed)
    for test in hidden[name].tests:
        assert test.mistake == "", (test.name, test.mistake, test.output)
        # hidden checks: no expected or returned numbers, not even a probe's
        assert not re.search(r"(expected|got|yours) (\[|-?\d+\.\d)", test.output), test.output


@pytest.mark.parametrize("name", PUBLIC)
def test_students_get_the_same_evidence_from_the_public_data(public, name):
    function, _, phrase = FRESH[name]
    assert any(phrase in t.output for t in _own_failures(public[name], function))


def test_no_hint_given_to_these_submissions_contains_a_reference_line(hidden, public):
    lines = reference_lines()
    for result in list(hidden.values()) + list(public.values()):
        for test in result.tests:
            if test.output.startswith("Your code raised"):  # quotes the student's own line, not a hint
                continue
            assert solving_lines(test.output, lines) == [], (result.submission, test.name, test.output)
