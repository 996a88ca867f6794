"""Drivers: how a scenario exercises the contract's functions.

A driver receives a :class:`Namespace` (the student's functions inside the sandbox, or the reference's in the
grader) and plain inputs, calls the contract's functions from it, and returns a dict of numbers. Running the
same driver on both namespaces is what makes the comparison fair: the only difference is whose functions were
called. Drivers hold no reference mathematics; they only orchestrate calls.

Two drivers are generic (:func:`call`, :func:`sweep`); an assignment adds its own loops in
``grading/loops.py``, built from :func:`invoke`, :func:`as_array` and :func:`diverged`.

Standalone (standard library and numpy only) because the worker imports it by path.
"""
import inspect

import numpy as np

try:  # imported as autograder.run.drivers in the grader, as a top-level module in the worker
    from . import codec
except ImportError:  # pragma: no cover - exercised inside the worker process
    import codec

#: a run counts as diverged once a parameter is not finite or exceeds this magnitude
DIVERGED_ABOVE = 1e8


class Namespace:
    """Functions to call, and the contract they must keep.

    ``functions`` is a mapping (a submission's globals, the reference module's ``vars``, stand-ins).
    """

    def __init__(self, functions, contract):
        self.functions, self.contract = functions, contract

    def get(self, name):
        return self.functions.get(name)


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
    """Call ``ns``'s ``function(*args)`` after checking it exists and accepts the contract's arguments."""
    fn = ns.get(function)
    if fn is None:
        raise MissingFunction(function)
    key = (id(fn), len(args))
    if _ACCEPTED.get(key) is not fn:
        _check_signature(fn, function, args, ns.contract)
        _ACCEPTED[key] = fn
    result = fn(*args)
    _check_result(function, result, ns.contract)
    return result


def _check_signature(fn, function, args, contract):
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


def _check_result(function, result, contract):
    if result is None:
        raise ContractError(function, f"`{function}` returned None: is the `return` statement missing?")
    names = contract.returns(function)
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
    names = ns.contract.returns(function)
    values = result if len(names) > 1 else (result,)
    modified = [
        ns.contract.parameters(function)[i]
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
    return {ns.contract.returns(function)[0]: np.array(results)}


def diverged(params):
    """Whether a run has blown up: a parameter is not finite or exceeds :data:`DIVERGED_ABOVE`."""
    params = np.asarray(params, dtype=np.float64)
    return bool(not np.all(np.isfinite(params)) or np.max(np.abs(params)) > DIVERGED_ABOVE)


class UnknownDriver(LookupError):
    """A scenario names a driver that neither the core nor the assignment's loops define."""


def run(ns, driver, inputs, loops=None):
    """Run a driver by name (generic, or one of the assignment's ``loops``) on plain-encoded inputs and return
    plain-encoded outputs."""
    function = GENERIC.get(driver) or (loops or {}).get(driver)
    if function is None:
        raise UnknownDriver(driver)
    kwargs = {name: codec.from_plain(value) for name, value in inputs.items()}
    return {name: codec.to_plain(value) for name, value in function(ns, **kwargs).items()}


GENERIC = {"call": call, "sweep": sweep}
