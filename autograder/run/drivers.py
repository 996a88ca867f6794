"""The grader's loops: how a scenario exercises the contract's functions.

A driver receives a namespace (the student's, inside the sandbox, or the reference's, in the grader) and
plain inputs, calls the contract's functions from that namespace, and returns a dict of numbers. Running the
same driver on both namespaces is what makes the comparison fair: the only difference is whose functions
were called. Drivers hold no reference mathematics; they only orchestrate calls.

Standalone (standard library and numpy only) because the worker imports it by path.
"""
import inspect

import numpy as np

try:  # imported as autograder.run.drivers in the grader, as a top-level module in the worker
    from . import codec, contract
except ImportError:  # pragma: no cover - exercised inside the worker process
    import codec
    import contract

#: a run counts as diverged once a parameter is not finite or exceeds this magnitude
DIVERGED_ABOVE = 1e8


class MissingFunction(LookupError):
    """The submission does not define a function the scenario needs."""

    def __init__(self, function):
        super().__init__(function)
        self.function = function


class ContractError(TypeError):
    """A function was found but does not keep the contract (signature, return shape, return type)."""

    def __init__(self, function, message):
        super().__init__(message)
        self.function = function


#: (id, number of arguments) -> function whose signature accepted such a call; loops call them thousands of
#: times. The function is kept so its id cannot be reused by another one.
_ACCEPTED = {}


def invoke(ns, function, *args):
    """Call ``ns[function](*args)`` after checking it exists and accepts the contract's arguments."""
    fn = ns.get(function)
    if fn is None:
        raise MissingFunction(function)
    key = (id(fn), len(args))
    if _ACCEPTED.get(key) is not fn:
        _check_signature(fn, function, args)
        _ACCEPTED[key] = fn
    result = fn(*args)
    _check_result(function, result)
    return result


def _check_signature(fn, function, args):
    if not callable(fn):
        raise ContractError(function, f"`{function}` is a {type(fn).__name__}, not a function.")
    try:
        inspect.signature(fn).bind(*args)
    except TypeError:
        raise ContractError(
            function,
            f"`{function}` cannot be called as `{contract.signature_text(function)}`; "
            f"yours is defined as `{function}{inspect.signature(fn)}`.",
        ) from None
    except ValueError:  # builtins without an introspectable signature: just call them
        pass


def _check_result(function, result):
    if result is None:
        raise ContractError(function, f"`{function}` returned None: is the `return` statement missing?")
    names = contract.FUNCTIONS[function][1]
    if len(names) > 1 and (not isinstance(result, (tuple, list)) or len(result) != len(names)):
        got = f"a {type(result).__name__}" + (f" of {len(result)} items" if isinstance(result, (tuple, list)) else "")
        raise ContractError(function, f"`{function}` must return a tuple ({', '.join(names)}); it returned {got}.")


def as_array(value, function, shape=None):
    """Turn a returned value into float64, checking its shape where the loop needs one."""
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ContractError(function, f"`{function}` returned {type(value).__name__}, not numbers.") from None
    if shape is not None and array.shape != shape:
        if array.size == int(np.prod(shape)):
            return array.reshape(shape)
        raise ContractError(function, f"`{function}` returned shape {array.shape}; expected {shape}.")
    return array


def _snapshot(args):
    return [np.array(a, dtype=np.float64, copy=True) if _is_numeric(a) else None for a in args]


def _is_numeric(value):
    if isinstance(value, np.ndarray):
        return True
    return isinstance(value, (list, tuple)) and all(isinstance(v, (int, float, np.number)) for v in value)


def call(ns, function, args):
    """Call one function on ``args`` and name what it returned; also report arguments it modified."""
    before = _snapshot(args)
    result = invoke(ns, function, *args)
    names = contract.FUNCTIONS[function][1]
    values = result if len(names) > 1 else (result,)
    modified = [
        contract.FUNCTIONS[function][0][i]
        for i, (old, new) in enumerate(zip(before, args))
        if old is not None and not np.array_equal(old, np.asarray(new, dtype=np.float64), equal_nan=True)
    ]
    outputs = {name: as_array(value, function) for name, value in zip(names, values)}
    outputs["modified_inputs"] = ",".join(modified)
    return outputs


def sweep(ns, function, args, vary, values):
    """Call ``function`` once per value of argument number ``vary`` (scalar calls, so math.sqrt works too)."""
    results = []
    for value in values:
        call_args = list(args)
        call_args[vary] = value
        results.append(float(as_array(invoke(ns, function, *call_args), function, ())))
    return {contract.FUNCTIONS[function][1][0]: np.array(results)}


def _diverged(params):
    return bool(not np.all(np.isfinite(params)) or np.max(np.abs(params)) > DIVERGED_ABOVE)


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
        if _diverged(params):
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
    return {"diverged": float(_diverged(history[-1])), "params_history": history}


def critical_run(ns, t_u, t_c, params, n_epochs, factors):
    """GD just below and just above the namespace's own critical learning rate."""
    critical = float(as_array(invoke(ns, "critical_learning_rate", t_u), "critical_learning_rate", ()))
    diverged = [
        _diverged(_gd_history(ns, t_u, t_c, params, [factor * critical] * n_epochs)[-1]) for factor in factors
    ]
    return {"critical_learning_rate": critical, "diverged": np.array(diverged, dtype=float)}


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
        if _diverged(params):
            break
    return {"params_at_checkpoints": np.array(recorded), "params": params}


def standardized_gd_run(ns, t_u, t_c, params, learning_rate, n_epochs):
    """Standardize the input with the namespace's ``standardize``, then run plain GD on it."""
    scaled = invoke(ns, "standardize", np.asarray(t_u, dtype=np.float64).reshape(-1, 1))[0]
    t_s = as_array(scaled, "standardize", (len(t_u), 1))[:, 0]
    history = _gd_history(ns, t_s, t_c, params, [learning_rate] * n_epochs)
    return {"diverged": float(_diverged(history[-1])), "params": history[-1]}


def sgd_run(ns, params, t_u, t_c, learning_rate, seed, n_epochs):
    """Several SGD epochs sharing one generator, as a training script would."""
    rng = np.random.default_rng(seed)
    params = as_array(params, "sgd_epoch", (2,))
    history = [params]
    for _ in range(n_epochs):
        params = as_array(invoke(ns, "sgd_epoch", params.copy(), t_u, t_c, learning_rate, rng), "sgd_epoch", (2,))
        history.append(params)
        if _diverged(params):
            break
    return {"params_history": np.array(history)}


def run(ns, driver, inputs):
    """Run a driver by name on plain-encoded inputs and return plain-encoded outputs."""
    kwargs = {name: codec.from_plain(value) for name, value in inputs.items()}
    return {name: codec.to_plain(value) for name, value in DRIVERS[driver](ns, **kwargs).items()}


DRIVERS = {
    "call": call,
    "sweep": sweep,
    "gd_run": gd_run,
    "critical_run": critical_run,
    "adagrad_run": adagrad_run,
    "standardized_gd_run": standardized_gd_run,
    "sgd_run": sgd_run,
}
