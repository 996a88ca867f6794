"""The gradient-descent assignment's loops, run in the sandbox on the student's functions.

Each loop receives a namespace (the student's functions in the sandbox, the reference's in the grader) and
plain inputs, calls the contract's functions through :func:`invoke`, and returns a dict of numbers. Loops hold
no reference mathematics; they only orchestrate calls, so running one on both namespaces compares only whose
functions were called.

numpy and the core's driver helpers only: the worker runs this file, and cannot import the grader.
"""
import numpy as np

try:
    from autograder.run.drivers import as_array, diverged, invoke
except ImportError:  # inside the sandboxed worker the grader's package is not importable
    from drivers import as_array, diverged, invoke


def _model_and_gradient(ns, t_u, t_c, w, b):
    """Predictions and gradient from the namespace's model and grad_fn, as float64 arrays: a function may
    return a list or a tuple (the contract allows it), and the next one is given arrays, as the contract says."""
    t_p = as_array(invoke(ns, "model", t_u, w, b), "model", (len(t_u),))
    return t_p, as_array(invoke(ns, "grad_fn", t_u, t_c, t_p, w, b), "grad_fn", (2,))


def _gd_history(ns, t_u, t_c, params, learning_rates):
    """Full-batch GD with the namespace's model, grad_fn and gd_step; stops once the run has diverged."""
    params = as_array(params, "gd_step", (2,))
    history = [params]
    for learning_rate in learning_rates:
        w, b = params
        t_p, grad = _model_and_gradient(ns, t_u, t_c, w, b)
        params = as_array(invoke(ns, "gd_step", params.copy(), grad, learning_rate), "gd_step", (2,))
        history.append(params)
        if diverged(params):
            break
    return np.array(history)


def gd_run(ns, t_u, t_c, params, learning_rate, n_epochs, schedule=None, schedule_args=()):
    """Plain GD for ``n_epochs``; with ``schedule`` the rate of update ``t`` is ``schedule(lr, t, *args)``."""
    if schedule is None:
        rates = [learning_rate] * n_epochs
    else:
        rates = [
            float(as_array(invoke(ns, schedule, learning_rate, t, *schedule_args), schedule, ()))
            for t in range(n_epochs)
        ]
    history = _gd_history(ns, t_u, t_c, params, rates)
    return {"diverged": float(diverged(history[-1])), "params_history": history}


def critical_run(ns, t_u, t_c, params, n_epochs, factors):
    """GD just below and just above the namespace's own critical learning rate."""
    critical = float(as_array(invoke(ns, "critical_learning_rate", t_u), "critical_learning_rate", ()))
    blew_up = [
        diverged(_gd_history(ns, t_u, t_c, params, [factor * critical] * n_epochs)[-1]) for factor in factors
    ]
    return {"critical_learning_rate": critical, "diverged": np.array(blew_up, dtype=float)}


def adagrad_run(ns, t_u, t_c, params, learning_rate, n_steps, checkpoints):
    """Adagrad from a zero accumulator with the namespace's model, grad_fn and adagrad_step."""
    params = as_array(params, "adagrad_step", (2,))
    sum_sq_grad = np.zeros(2)
    recorded = []
    for step in range(1, n_steps + 1):
        w, b = params
        t_p, grad = _model_and_gradient(ns, t_u, t_c, w, b)
        new_params, sum_sq_grad = invoke(ns, "adagrad_step", params.copy(), grad, sum_sq_grad.copy(), learning_rate)
        params = as_array(new_params, "adagrad_step", (2,))
        sum_sq_grad = as_array(sum_sq_grad, "adagrad_step", (2,))
        if step in checkpoints:
            recorded.append(params)
        if diverged(params):
            break
    return {"params_at_checkpoints": np.array(recorded), "params": params}


def standardized_gd_run(ns, t_u, t_c, params, learning_rate, n_epochs):
    """Standardize the input with the namespace's ``standardize``, then run plain GD on it."""
    scaled = invoke(ns, "standardize", np.asarray(t_u, dtype=np.float64).reshape(-1, 1))[0]
    t_s = as_array(scaled, "standardize", (len(t_u), 1))[:, 0]
    history = _gd_history(ns, t_s, t_c, params, [learning_rate] * n_epochs)
    return {"diverged": float(diverged(history[-1])), "params": history[-1]}


def sgd_run(ns, params, t_u, t_c, learning_rate, seed, n_epochs):
    """Several SGD epochs sharing one generator, as a training script would."""
    rng = np.random.default_rng(seed)
    params = as_array(params, "sgd_epoch", (2,))
    history = [params]
    for _ in range(n_epochs):
        params = as_array(invoke(ns, "sgd_epoch", params.copy(), t_u, t_c, learning_rate, rng), "sgd_epoch", (2,))
        history.append(params)
        if diverged(params):
            break
    return {"params_history": np.array(history)}


LOOPS = {
    "gd_run": gd_run,
    "critical_run": critical_run,
    "adagrad_run": adagrad_run,
    "standardized_gd_run": standardized_gd_run,
    "sgd_run": sgd_run,
}
