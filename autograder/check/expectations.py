"""Where expected values come from: the reference solutions (grader) or the shipped data file (students).

Both sources answer the same three questions for a scenario: which inputs to send, which outputs to expect,
and which outputs each known mistake would produce. Neither is ever loaded into a process that runs
student code.
"""
from __future__ import annotations

import json
import threading
import types
import warnings
from pathlib import Path

import numpy as np

from .. import assignment as assignments
from ..run import codec, drivers
from .compare import compare
from .probing import all_probes

FORMAT_VERSION = 1


class Expectations:
    """Interface: plain inputs, decoded expected outputs, decoded outputs of known mistakes."""

    hidden = False
    #: whether :meth:`upstream_answer` can compute correct results of contract functions (reference code)
    carries_forward = False
    #: the :class:`~autograder.assignment.Assignment` these are the expectations of
    assignment = None

    def upstream_answer(self, functions):
        """``answer(function, args) -> reply`` giving correct results of ``functions`` on any arguments."""
        raise NotImplementedError

    def inputs(self, scenario):
        raise NotImplementedError

    def expected(self, scenario):
        raise NotImplementedError

    def mistakes(self, scenario):
        raise NotImplementedError

    def probe_expected(self, probe):
        """Decoded expected outputs of a :class:`~autograder.check.probes.Probe`, or None when unknown."""
        return None


def _decode(outputs):
    return {name: codec.from_plain(value) for name, value in outputs.items()}


class ReferenceExpectations(Expectations):
    """Expected values computed from ``solutions/<assignment>/`` with a given seed (hidden grading when
    ``seed`` is None, data generation with the public seed)."""

    def __init__(self, seed=None, assignment=None):
        self.assignment = assignments.load(assignment) if assignment is not None else assignments.default()
        solution = assignments.load_solutions(self.assignment)  # instructor-only: loaded here, never imported
        self.seed = solution.hidden.HIDDEN_SEED if seed is None else seed
        self.hidden = self.seed != self.assignment.public_seed
        self.module_globals = vars(solution.reference)
        self.reference = dict(self.module_globals)
        self.implementations = solution.mistakes.IMPLEMENTATIONS
        self.contract = self.assignment.contract
        self.loops = assignments.load_loops(self.assignment)
        self._cache = {}
        self._lock = threading.RLock()

    carries_forward = True

    def upstream_answer(self, functions):
        """Answers a worker's calls of the stand-ins for ``functions`` with the reference's results.

        The arguments come from student code: anything that is not numbers, or that the reference cannot
        take, gets an error reply (raised in the student's code as a TypeError) rather than an exception here.
        """
        allowed = frozenset(functions)

        def answer(function, args):
            if function not in allowed or not isinstance(args, list):
                return {"ok": False, "error": "not a function this check stands in for"}
            try:
                decoded = [codec.from_plain(arg) for arg in args]
                with warnings.catch_warnings(), np.errstate(all="ignore"):
                    warnings.simplefilter("ignore")
                    result = self.reference[function](*decoded)
                values = result if len(self.assignment.returns(function)) > 1 else (result,)
                return {"ok": True, "values": [codec.to_plain(value) for value in values]}
            except Exception as error:  # noqa: BLE001 - hostile or wrong arguments are the student's problem
                return {"ok": False, "error": f"{type(error).__name__}: {error}"[:300]}

        return answer

    def _cached(self, key, compute):
        with self._lock:
            if key not in self._cache:
                self._cache[key] = compute()
            return self._cache[key]

    def inputs(self, scenario):
        return self._cached(("inputs", scenario.name),
                            lambda: {k: codec.to_plain(v) for k, v in scenario.inputs(self.seed).items()})

    def _run(self, namespace, scenario):
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return drivers.run(drivers.Namespace(namespace, self.contract), scenario.driver, self.inputs(scenario),
                               self.loops)

    def expected_plain(self, scenario):
        return self._cached(("expected", scenario.name), lambda: self._run(self.reference, scenario))

    def expected(self, scenario):
        return self._cached(("decoded", scenario.name), lambda: _decode(self.expected_plain(scenario)))

    def mistakes_plain(self, scenario):
        """``{mistake name: plain outputs}`` for the mistakes this scenario can tell from the reference."""
        return self._cached(("mistakes", scenario.name), lambda: self._mistake_outputs(scenario))

    def _mistake_outputs(self, scenario):
        """Outputs of the declared mistakes that this scenario fails; a mistake that would pass it (same
        numbers within tolerance) cannot explain a failure here and is left out."""
        expected = self.expected(scenario)
        found = {}
        for mistake in self.assignment.mistakes_of((scenario.function,) + scenario.uses):
            namespace = self._with(mistake.function, self.implementations[(mistake.function, mistake.name)])
            try:
                outputs = self._run(namespace, scenario)
            except Exception:  # noqa: BLE001 - a mistake that crashes here is simply not a candidate
                continue
            compared = {k: outputs.get(k) for k in scenario.compare}
            if compare(_decode(compared), expected, scenario.compare, scenario.rtol, scenario.atol) is not None:
                found[f"{mistake.function}.{mistake.name}"] = compared
        return found

    def _with(self, name, implementation):
        """The reference namespace with one function replaced, also where other reference functions call it
        (a reference loop must call a wrong loss function just as a student's would)."""
        namespace = dict(self.module_globals, **{name: implementation})
        for key, value in self.module_globals.items():
            if isinstance(value, types.FunctionType) and value.__globals__ is self.module_globals and key != name:
                namespace[key] = types.FunctionType(value.__code__, namespace, value.__name__, value.__defaults__,
                                                    value.__closure__)
        return namespace

    def mistakes(self, scenario):
        return self._cached(("decoded mistakes", scenario.name),
                            lambda: _decode_mistakes(self.assignment, self.mistakes_plain(scenario)))

    def probe_plain(self, probe):
        """Plain outputs of the reference on a probe's input (the probe's own seed-free input)."""
        return self._cached(("probe", probe.key), lambda: self._run_probe(probe))

    def _run_probe(self, probe):
        inputs = {"function": codec.to_plain(probe.function),
                  "args": {"list": [codec.to_plain(a) for a in probe.args]}}
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            outputs = drivers.run(drivers.Namespace(self.reference, self.contract), "call", inputs)
        return {k: v for k, v in outputs.items() if k != "modified_inputs"}

    def probe_expected(self, probe):
        return self._cached(("decoded probe", probe.key), lambda: _decode(self.probe_plain(probe)))


def _decode_mistakes(assignment, plain):
    by_key = {f"{m.function}.{m.name}": m for m in assignment.mistakes}
    return [(by_key[key], _decode(outputs)) for key, outputs in plain.items() if key in by_key]


class PublicExpectations(Expectations):
    """Expected values read from the public data file that ships with the student notebook."""

    def __init__(self, path=None, data=None, source=None, assignment=None):
        """Read ``path``, or take already-parsed ``data`` (a hidden grader bundle); ``source`` names it in errors.

        A file marked ``"hidden": true`` holds the hidden checks' values: reports then show no numbers. The
        assignment is the one given, else the folder the file is in when that is an assignment's (a release, a
        copy), else the one the file names, else the default one.
        """
        source = source or path
        if data is None:
            data = json.loads(Path(path).read_text())
        if data.get("format") != FORMAT_VERSION:
            raise ValueError(f"{source} has format {data.get('format')}; this autograder reads {FORMAT_VERSION}")
        if assignment is None and path is not None and assignments.is_assignment_folder(Path(path).resolve().parent):
            assignment = Path(path).resolve().parent  # the data file's own folder (a release, a copy)
        if assignment is None:
            assignment = data.get("assignment")
        self.assignment = assignments.load(assignment) if assignment is not None else assignments.default()
        self.seed = data.get("seed")
        self.hidden = bool(data.get("hidden", False))
        self.data = data["scenarios"]
        #: expected outputs of the probes (absent from files written before probes existed: no probes then)
        self.probe_data = data.get("probes", {})

    def _entry(self, scenario):
        try:
            return self.data[scenario.name]
        except KeyError:
            raise KeyError(f"no expected values for check {scenario.name!r}; regenerate the data file") from None

    def inputs(self, scenario):
        return self._entry(scenario)["inputs"]

    def expected(self, scenario):
        return _decode(self._entry(scenario)["expected"])

    def mistakes(self, scenario):
        return _decode_mistakes(self.assignment, self._entry(scenario)["mistakes"])

    def probe_expected(self, probe):
        entry = self.probe_data.get(probe.key)
        return None if entry is None else _decode(entry["expected"])


def public_data(assignment=None):
    """The public data file's content, computed from the reference with the public seed."""
    assignment = assignments.load(assignment) if assignment is not None else assignments.default()
    reference = ReferenceExpectations(assignment.public_seed, assignment)
    return {
        "format": FORMAT_VERSION,
        "about": "Expected values of the public checks, generated from the reference by "
                 "`python -m autograder expected`. Do not edit by hand.",
        "assignment": assignment.name,
        "seed": assignment.public_seed,
        "scenarios": {
            s.name: {"inputs": reference.inputs(s), "expected": reference.expected_plain(s),
                     "mistakes": reference.mistakes_plain(s)}
            for s in assignment.scenarios
        },
        "probes": probe_data(reference),
    }


def probe_data(reference):
    """``{probe key: {"expected": plain outputs}}`` for every probe and substitution, from the reference."""
    return {p.key: {"expected": reference.probe_plain(p)} for p in all_probes(reference.assignment)}


def dump_public_data(data):
    return json.dumps(data, indent=1, sort_keys=False, allow_nan=True) + "\n"


def same_data(a, b, rtol=1e-12):
    """Equal data, numbers up to ``rtol``: BLAS kernels (chosen per processor) may differ in the last digit."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_data(a[k], b[k], rtol) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_data(x, y, rtol) for x, y in zip(a, b))
    if isinstance(a, float) or isinstance(b, float):
        if not isinstance(a, (int, float)) or not isinstance(b, (int, float)) or isinstance(a, bool) != isinstance(b, bool):
            return False
        return bool(np.isclose(a, b, rtol=rtol, atol=0.0, equal_nan=True)) or a == b
    return a == b


def public_data_is_current(path, assignment=None):
    """Whether the data file at ``path`` holds what ``python -m autograder expected`` would write."""
    path = Path(path)
    if not path.is_file():
        return False
    try:
        written = json.loads(path.read_text())
    except json.JSONDecodeError:
        return False
    return same_data(written, json.loads(dump_public_data(public_data(assignment))))
