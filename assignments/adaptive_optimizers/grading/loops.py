"""The adaptive-optimizers assignment's loops, run in the sandbox on the student's functions.

Each loop receives a namespace (the student's functions in the sandbox, the reference's in the grader) and
plain inputs, calls the contract's functions through :func:`invoke`, and returns a dict of numbers. Loops hold
no reference mathematics: gradients come from the namespace's ``quadratic_grad`` or ``thermometer_grad``, or
are given as data, and each optimizer's state (velocity, averages) is whatever the namespace's step returned,
passed back unchanged. So the CS231n momentum form, whose velocity is ``-learning_rate`` times torch's, runs
just as torch's form does: only ``params`` are compared.

numpy and the core's driver helpers only: the worker runs this file, and cannot import the grader.
"""
import numpy as np

try:
    from autograder.run.drivers import as_array, diverged, invoke
except ImportError:  # inside the sandboxed worker the grader's package is not importable
    from drivers import as_array, diverged, invoke

#: how many state arrays each optimizer threads through its calls (velocity; sq_avg; m and v)
STATE_SIZES = {"momentum_step": 1, "rmsprop_step": 1, "adam_step": 2}


def _step(ns, optimizer, params, grad, state, t, learning_rate, hyper):
    """One call of the optimizer; copies go in, so a step that works in place cannot change the loop's arrays.

    ``adam_step`` also receives the update count ``t`` (from 1), before the learning rate.
    """
    counted = (t,) if optimizer == "adam_step" else ()
    args = (params.copy(), grad.copy(), *[s.copy() for s in state], *counted, learning_rate, *hyper)
    result = invoke(ns, optimizer, *args)
    shape = params.shape
    return as_array(result[0], optimizer, shape), [as_array(s, optimizer, shape) for s in result[1:]]


def _run(ns, optimizer, params, gradient_of, learning_rate, n_steps, checkpoints, hyper):
    """``n_steps`` updates from zero state; the params after each checkpointed step; stops once diverged."""
    params = as_array(params, optimizer)
    state = [np.zeros_like(params) for _ in range(STATE_SIZES[optimizer])]
    recorded = []
    for t in range(1, n_steps + 1):
        grad = gradient_of(params, t)
        params, state = _step(ns, optimizer, params, grad, state, t, learning_rate, hyper)
        if t in checkpoints:
            recorded.append(params)
        if diverged(params):
            break
    return {"params_at_checkpoints": np.array(recorded), "params": params, "diverged": float(diverged(params))}


def steps_run(ns, optimizer, params, grads, learning_rate, hyper, checkpoints):
    """The optimizer on a given sequence of gradients (data): only the step function is exercised."""
    grads = [np.asarray(g, dtype=np.float64) for g in grads]
    return _run(ns, optimizer, params, lambda p, t: grads[t - 1], learning_rate, len(grads), checkpoints, hyper)


def quadratic_run(ns, optimizer, a, theta, learning_rate, n_steps, checkpoints, hyper=()):
    """The optimizer on ``f = sum(a / 2 * theta ** 2)``, with the namespace's ``quadratic_grad``."""
    def gradient_of(params, t):
        return as_array(invoke(ns, "quadratic_grad", params.copy(), a), "quadratic_grad", params.shape)

    return _run(ns, optimizer, theta, gradient_of, learning_rate, n_steps, checkpoints, hyper)


def thermometer_run(ns, optimizer, t_u, t_c, params, learning_rate, n_steps, checkpoints, hyper=()):
    """The optimizer on the thermometer data's mean squared error, with the namespace's ``thermometer_grad``."""
    def gradient_of(params, t):
        return as_array(invoke(ns, "thermometer_grad", params.copy(), t_u, t_c), "thermometer_grad", (2,))

    return _run(ns, optimizer, params, gradient_of, learning_rate, n_steps, checkpoints, hyper)


def loss_curve_run(ns, optimizer, a, theta, learning_rate, n_steps, hyper=()):
    """The quadratic's value ``sum(a / 2 * theta ** 2)`` after each of ``n_steps`` updates (for the reports'
    plot): the optimizer and the gradient are the namespace's; the objective is the problem's definition."""
    losses = []

    def gradient_of(params, t):
        losses.append(float(np.sum(np.asarray(a) / 2 * params ** 2)))
        return as_array(invoke(ns, "quadratic_grad", params.copy(), a), "quadratic_grad", params.shape)

    _run(ns, optimizer, theta, gradient_of, learning_rate, n_steps, (), hyper)
    return {"losses": np.array(losses)}


def momentum_critical_run(ns, a, theta, momentum, n_steps, factors):
    """Momentum on the quadratic at ``factor`` times the namespace's own stability limit, for each factor."""
    critical = float(as_array(invoke(ns, "momentum_critical_learning_rate", a, momentum),
                              "momentum_critical_learning_rate", ()))
    blew_up = [
        quadratic_run(ns, "momentum_step", a, theta, factor * critical, n_steps, (), (momentum,))["diverged"]
        for factor in factors
    ]
    return {"critical_learning_rate": critical, "diverged": np.array(blew_up, dtype=float)}


LOOPS = {
    "steps_run": steps_run,
    "quadratic_run": quadratic_run,
    "thermometer_run": thermometer_run,
    "momentum_critical_run": momentum_critical_run,
    "loss_curve_run": loss_curve_run,
}
