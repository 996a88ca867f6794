"""Explain a failed check from evidence, when no declared mistake reproduces the student's numbers.

The evidence, strongest first:

- counts and shapes: "one loss per epoch expected: 100, you returned 99", "22 values, one per example";
- returned values in the wrong places, among all a function returns (also those a check does not compare): a
  tuple in the wrong order, or one value holding what another should ("your `params` is what `velocity`
  should be");
- which part of a result is right and which is wrong (:mod:`autograder.check.components`): "dL/db is right,
  dL/dw is wrong", "the first 3 epochs match, they differ from epoch 4 on", "`mean` is right, `std` is not";
- how the wrong part relates to the right one: a recognizable constant factor (2, 1/2, N, 1/N, -1, ...,
  with N the number of examples of each input) that holds on every compared value *and* on the probes of
  the same function, never on one scalar alone; two parts swapped; a sequence shifted by one step; a result
  (or its change) equal to one of the inputs;
- relations with the inputs (:mod:`autograder.check.relations`): a result that is one number for every entry, a
  statistic of *all* of an input array ("the standard deviation of all of `X`" where one per column belongs); a
  result that is an input times one shared number; a wrong part equal to a right part, or to it times a statistic
  of an input; values cut to k decimals; a change whose size is a scalar input in every entry; a ratio N/k that
  follows N (a fixed count k where N belongs). A relation seen on the check's input is dropped when a probe where
  the student is also wrong refutes it: one input can agree with a relation by chance (``|grad| == grad``);
- along a swept integer (``t``): the exact law the student's values follow (``1/2 * lr / (t + 1)``), told next to
  the expected law, never a guess at the operator typed; where a piecewise-constant sequence changes; a shift by
  one step, called an off-by-one only when it also reproduces every value of a probe sequence (the same function
  swept with other fixed arguments), because one end of a shifted sequence cannot be compared;
- probes (:mod:`autograder.check.probes`) run on the student's function in the sandbox: inputs that isolate a
  term (an input of zeros, ``learning_rate = 0``, one example), and changed inputs whose effect is known
  (doubling every error multiplies the mean squared error by 4; repeating every example leaves a mean alone); a
  result on one probe equal to the expected result on another (three identical examples giving what two should);
- arguments mixed up (:mod:`autograder.check.probing`): the expected results of each function's base probe with
  two same-kind arguments exchanged, or one in place of the other, ship with the data; a student's result on the
  base probe equal to one of them names the mix-up, from expected values alone (no reference on students' machines),
  also for one returned value alone ("for `v`, `beta1` is used where `beta2` belongs"), never from a negligible
  value (an ``eps`` in place of a weight only says that a term vanishes);
- for a gradient function the assignment declares (``GradientCheck``), textbook gradient checking: a central
  finite difference of the student's own prediction and loss functions says whether their gradient is the
  derivative of their loss.

Each sentence states what was observed, and what it usually means only where the observation pins it down.
Nothing here knows the reference implementation: expected values come from the caller. Factors and other
relations are in :mod:`autograder.check.relations`; running probes in the sandbox in
:mod:`autograder.check.probing`.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np

from .probing import run_probes, substitution_results
from .relations import RTOL, Observation, close as _close, elementwise_factor, find_factor, scalar_ratio
from .relations import array as _array, same as _same
from .relations import law_text, power_law, scale_words, whole_array_statistic

#: at most this many sentences in a diagnosis
MAX_SENTENCES = 4


@dataclass
class Diagnosis:
    """What the evidence showed about one failed check; ``text`` is the hint."""

    text: str
    #: the output the main evidence is about
    output: str = ""
    #: parts (``dL/dw``), columns or outputs found wrong, and those found right
    wrong: tuple = ()
    right: tuple = ()
    #: the first wrong step along the output's axis (epoch, t, ...), when it has one
    first_wrong: int | None = None
    #: a recognized constant factor, e.g. ``"1/N"`` (empty when none was found)
    factor: str = ""
    #: probes whose result was right / wrong (their ``about`` texts)
    probes_right: tuple = ()
    probes_wrong: tuple = ()
    #: for a declared gradient function: "consistent" / "inconsistent" with the student's own loss, or ""
    gradient_check: str = ""
    #: False when the evidence only says how far off the numbers are (then the check's advice is added)
    specific: bool = True
    sentences: list = field(default_factory=list, repr=False)


# -- the context of one check ---------------------------------------------------------------------------

@dataclass
class _Context:
    function: str
    driver: str
    args: dict  # the call's arguments by contract name (or the driver's inputs)
    hidden: bool
    assignment: object  # the Assignment: its contract, outputs and the names of its example arguments

    @property
    def n(self):
        """N, the number of examples of the input (0 when the input has none)."""
        for key in self.assignment.example_arguments:
            value = self.args.get(key)
            if value is not None and np.ndim(value) >= 1:
                return int(np.shape(value)[0])
        return 0

    def scalars(self):
        """The call's scalar arguments that may show up as a stray factor (the assignment declares which)."""
        return {k: float(v) for k, v in self.args.items()
                if k in self.assignment.factor_scalars and isinstance(v, (int, float)) and v not in (0, 1)}

    def output(self, name):
        return self.assignment.output(name)

    @property
    def changes(self):
        return self.assignment.changes


def _context(scenario, inputs, hidden, assignment):
    function = inputs.get("function") if scenario.driver in ("call", "sweep") else None
    raw = inputs.get("args")
    if function in assignment.functions and isinstance(raw, (list, tuple, np.ndarray)):
        # arguments of equal shapes cross the codec as one array: its rows are the arguments
        args = dict(zip(assignment.parameters(function), list(raw)))
    else:
        args = dict(inputs)
    return _Context(scenario.function, scenario.driver, args, hidden, assignment)


def _probe_context(probe, assignment):
    return _Context(probe.function, "call", dict(zip(assignment.parameters(probe.function), probe.args)), False,
                    assignment)


def _capital(text):
    """Capitalize a sentence that starts with an ordinary word (not ``b`` or ``dL/db``)."""
    first = text.split(" ", 1)[0]
    return text[:1].upper() + text[1:] if first.isalpha() and len(first) > 2 else text


def _fmt(x):
    return f"{float(x):.4g}"


def _join(items):
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _ranges(indices, first):
    """``[0, 1, 2, 5]`` -> ``"0-2, 5"`` (numbered from ``first``)."""
    out, start, prev = [], None, None
    for i in list(indices) + [None]:
        if i is not None and prev is not None and i == prev + 1:
            prev = i
            continue
        if start is not None:
            out.append(f"{start + first}" if start == prev else f"{start + first}-{prev + first}")
        start = prev = i
    return ", ".join(out)


# -- one output ------------------------------------------------------------------------------------------

def _step_name(info, ctx):
    return {"epoch": "epoch", "t": "t", "checkpoint": "checkpoint"}.get(info.axis, "entry")


def _at(step, label):
    """``epoch 4``, ``t = 3``."""
    return f"{step} = {label}" if step == "t" else f"{step} {label}"


def _step_labels(name, info, ctx, length):
    """Labels of the steps along the axis: epoch numbers, the swept values of t, the checkpoints."""
    if info.axis == "t" and ctx.driver == "sweep":
        values = ctx.args.get("__values__")
        if values is not None and len(values) == length:
            return [f"{float(v):g}" for v in values]
    if info.axis == "checkpoint":
        checkpoints = ctx.args.get("checkpoints")
        if checkpoints is not None and len(checkpoints) >= length:
            return [str(int(c)) for c in list(checkpoints)[:length]]
    return [str(i + info.first) for i in range(length)]


class _Analysis:
    """The evidence gathered for one failed check."""

    def __init__(self, scenario, ctx, expected, got, probe_results):
        self.scenario, self.ctx = scenario, ctx
        self.expected, self.got = expected, got
        self.probe_results = probe_results  # [(probe, expected, got or None)]
        self.sentences = []  # (priority, text); lower first
        self.diagnosis = Diagnosis("")

    def say(self, priority, text):
        self.sentences.append((priority, text))

    # counts and shapes ----------------------------------------------------------------------------------
    def sizes(self, name, e, g):
        info, ctx = self.ctx.output(name), self.ctx
        n = ctx.n
        self.diagnosis.output = self.diagnosis.output or name
        if info.axis in ("epoch", "t", "checkpoint") and e.ndim >= 1 and g.ndim >= 1 and (
                e.ndim == g.ndim and e.shape[1:] == g.shape[1:]):
            self._counts_along_axis(name, info, e, g)
            return
        if info.axis == "column" and "X" in ctx.args and np.ndim(ctx.args["X"]) == 2:
            rows, cols = np.shape(ctx.args["X"])
            if g.size == rows and e.size == cols and rows != cols:
                X = _array(ctx.args["X"])
                per_row = [words for words, f in (("the mean", np.mean), ("the standard deviation", np.std))
                           if _same(g, f(X, axis=1))]
                what = (f": {per_row[0]} of each row, where one per column belongs: the statistic is taken along "
                        "the wrong axis") if per_row else ""
                self.say(0, f"`{name}` has {rows} values, one per row (example); expected {cols}, one per "
                            f"column{what}.")
                return
            if g.size == 1 and e.size > 1:
                self.say(0, f"`{name}` is a single number for the whole matrix; expected one per column ({cols}).")
                return
        if n > 1 and g.size == e.size * n:
            flat = g.ravel()
            combined = [(words, r) for words, r in (("summed", np.sum), ("averaged", np.mean))
                        if _same(r(flat.reshape(e.size, n), axis=1), e) or _same(r(flat.reshape(n, e.size), axis=0), e)]
            if combined:
                self.say(0, f"`{name}` has {g.size} values, {n} times the {e.size} expected, one set per example; "
                            f"{combined[0][0]} over the {n} examples they give the expected values: the sum (or mean) "
                            "over the examples is missing.")
            else:
                self.say(0, f"`{name}` has {g.size} values, {n} times the {e.size} expected: as many as one set per "
                            "example.")
            return
        if e.ndim == 2 and g.ndim == 2 and g.shape == e.shape[::-1]:
            self.say(0, f"`{name}` has shape {g.shape}, the transpose of the expected {e.shape}.")
            return
        if g.size == 1 and e.size > 1:
            what = f", one per {info.axis}" if info.axis else ""
            self.say(0, f"`{name}` is a single number; expected {e.size} values{what}.")
            return
        self.say(0, f"`{name}` has {g.size} values; expected {e.size}.")

    def _counts_along_axis(self, name, info, e, g):
        step = _step_name(info, self.ctx)
        le, lg = len(e), len(g)
        per = f"one per {step}" if step != "entry" else "one per entry"
        first = info.first
        text = f"`{name}`: {per} expected, {le} in all; you returned {lg}."
        if lg < le and lg > 0 and _same(e[:lg], g):
            missing = le - lg
            text += (f" Yours equal the first {lg} expected ones: the last "
                     f"{'one is' if missing == 1 else f'{missing} are'} missing"
                     f"{' (' + _at(step, le - 1 + first) + ')' if missing == 1 else ''}.")
            if missing == 1 and not np.isfinite(e[-1]).all():
                text += " That last one is the first non-finite value, which belongs in the result."
            self.diagnosis.first_wrong = lg + first
        elif lg < le and lg > 0 and _same(e[le - lg:], g):
            k = le - lg
            text += f" Yours equal the expected ones from {_at(step, k + first)} on: the first {k} are missing."
            self.diagnosis.first_wrong = first
        elif lg > le and _same(e, g[:le]):
            more = lg - le
            text += (f" Your first {le} equal the expected ones; yours go on for {more} more "
                     f"{('step' if step == 't' else step) + ('s' if more > 1 else '')}.")
            if le and not np.isfinite(e[-1]).all():
                text += " The expected run stops right after its first non-finite value."
                if np.isinf(e[-1]).any() and np.isnan(g[-1]).any() and not np.isnan(g[:-1]).any():
                    text += (f" Yours stops right after its first nan ({_at(step, lg - 1 + first)}): the inf "
                             "before it did not stop it.")
            self.diagnosis.first_wrong = le + first
        elif lg > le and _same(e, g[lg - le:]):
            text += f" Your last {le} equal the expected ones: yours have {lg - le} extra at the start."
        elif lg == 0:
            text += " Nothing was recorded."
        self.say(0, text)

    # values ---------------------------------------------------------------------------------------------
    def values(self, name, e, g):
        """Right and wrong parts of one output whose size is right, and how the wrong ones relate."""
        info = self.ctx.output(name)
        g = g.reshape(e.shape)
        ok = _close(e, g, self.scenario.rtol)
        if ok.all():
            return
        finite = np.isfinite(e) & np.isfinite(g)
        bad_finite = (np.isfinite(e) != np.isfinite(g))
        if bad_finite.any():
            self._nonfinite(name, info, e, g, bad_finite)
        parts = self._parts(name, info, e, g, ok)
        self._relations(name, info, e, g, ok, finite, parts)

    def _nonfinite(self, name, info, e, g, bad):
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        where = self._where(name, info, e, index)
        value = g[index]
        if np.isfinite(value):
            self.say(1, f"`{name}` is finite {where} where the expected run has already diverged to {e[index]}.")
            return
        kind = "nan" if np.isnan(value) else ("inf" if value > 0 else "-inf")
        why = " (inf comes from a division by zero or an overflow)" if np.isinf(value) else (
            " (nan comes from 0 / 0, inf - inf or a nan input)" if np.isnan(value) else "")
        constant = ""
        if info.axis in ("example", "column") and "X" in self.ctx.args and np.ndim(self.ctx.args["X"]) == 2:
            X = np.asarray(self.ctx.args["X"], dtype=float)
            column = index[-1] if len(index) else 0
            if column < X.shape[1] and np.ptp(X[:, column]) == 0:
                constant = ", a constant column (its std is 0)"
        self.say(1, f"`{name}` is {kind} {where}{constant}, where a finite number is expected{why}.")
        self.diagnosis.output = self.diagnosis.output or name

    def _where(self, name, info, e, index):
        if not index:
            return ""
        if info.axis == "example" and e.ndim == 2:
            return f"in column {index[-1]}"
        if info.axis == "column":
            return f"in column {index[0]}"
        if info.parts and e.ndim == 1:
            return f"in {info.parts[index[0]]}"
        if info.axis in ("epoch", "t", "checkpoint"):
            labels = _step_labels(name, info, self.ctx, e.shape[0])
            return f"at {_at(_step_name(info, self.ctx), labels[index[0]])}"
        return f"at index {index[0] if len(index) == 1 else index}"

    def _parts(self, name, info, e, g, ok):
        """Say which parts / steps / columns are right; returns the wrong parts' names (may be empty)."""
        d = self.diagnosis
        if info.parts and e.ndim == 1 and len(e) == len(info.parts):
            right = [p for p, good in zip(info.parts, ok) if good]
            wrong = [p for p, good in zip(info.parts, ok) if not good]
            if right:
                self.say(2, f"{_join(right)} {'is' if len(right) == 1 else 'are'} right; "
                            f"{_join(wrong)} {'is' if len(wrong) == 1 else 'are'} wrong.")
            d.wrong, d.right = d.wrong + tuple(wrong), d.right + tuple(right)
            d.output = d.output or name
            return wrong
        if info.axis in ("epoch", "t", "checkpoint") and e.ndim >= 1 and len(e) > 1:
            rows = ok.reshape(len(e), -1).all(axis=1)
            labels = _step_labels(name, info, self.ctx, len(e))
            step = _step_name(info, self.ctx)
            wrong_rows = np.flatnonzero(~rows)
            first = int(wrong_rows[0])
            if d.first_wrong is None and labels[first].lstrip("-").isdigit():
                d.first_wrong = int(labels[first])
            d.output = d.output or name
            if first == 1 and info.first == 0 and not rows[first:].any():
                self.say(2, f"`{name}` differs from {_at(step, labels[first])} on (the start matches).")
            elif first > 0 and not rows[first:].any():
                self.say(2, f"`{name}` matches up to {_at(step, labels[first - 1])} and differs from "
                            f"{_at(step, labels[first])} on.")
            elif first == 0 and not rows.any():
                self.say(2, f"`{name}` differs from the first {step} ({_at(step, labels[0])}) on.")
            else:
                right_rows = np.flatnonzero(rows)
                if info.axis == "t":
                    self.say(2, f"`{name}` is right at {step} = {_join(labels[i] for i in right_rows)} and wrong "
                                f"at {step} = {_join(labels[i] for i in wrong_rows)}.")
                elif info.axis == "checkpoint":
                    self.say(2, f"`{name}` is right at {step} {_join(labels[i] for i in right_rows)} and wrong "
                                f"at {step} {_join(labels[i] for i in wrong_rows)}.")
                else:
                    self.say(2, f"`{name}` is right at {step}s {_ranges(right_rows, info.first)} and wrong at "
                                f"{step}s {_ranges(wrong_rows, info.first)}.")
            if info.parts and e.ndim == 2 and e.shape[1] == len(info.parts):
                row = ok[first]
                if row.any():
                    good = [p for p, r in zip(info.parts, row) if r]
                    bad = [p for p, r in zip(info.parts, row) if not r]
                    self.say(3, f"At {_at(step, labels[first])}, {_join(good)} still "
                                f"{'matches' if len(good) == 1 else 'match'}; {_join(bad)} "
                                f"{'does' if len(bad) == 1 else 'do'} not.")
                    d.wrong = d.wrong + tuple(bad)
            return []
        columns = None
        if info.axis == "column" and e.ndim == 1:
            columns = ok
        elif info.standardized and e.ndim == 2:
            columns = ok.all(axis=0)
        if columns is not None and len(columns) > 1:
            wrong = [self._column(j) for j in np.flatnonzero(~columns)]
            right = [self._column(j) for j in np.flatnonzero(columns)]
            if right:
                self.say(2, f"In `{name}`, {_join(right)} {'is' if len(right) == 1 else 'are'} right; "
                            f"{_join(wrong)} {'is' if len(wrong) == 1 else 'are'} wrong.")
            d.wrong, d.right = d.wrong + tuple(wrong), d.right + tuple(right)
            d.output = d.output or name
        return []

    def _column(self, j):
        X = _array(self.ctx.args.get("X"))
        if X is not None and X.ndim == 2 and j < X.shape[1] and X.shape[0] > 1 and np.ptp(X[:, j]) == 0:
            return f"column {j} (constant)"
        return f"column {j}"

    def _relations(self, name, info, e, g, ok, finite, parts):
        ctx, d = self.ctx, self.diagnosis
        # a result equal to one of the inputs, or a change equal to one of them
        if self._equals_input(name, e, g) or self._whole_statistic(name, info, e, g):
            return
        if info.standardized and self._standardized_columns(name, g):
            return
        base = self.ctx.changes.get((ctx.function, name))
        view_e, view_g, subject = e, g, f"`{name}`"
        if base is not None and ctx.driver == "call" and base in ctx.args:
            start = _array(ctx.args[base])
            if start is not None and start.shape == e.shape:
                view_e, view_g, subject = e - start, g - start, self.ctx.assignment.change_names.get(name, f"the change of `{name}`")
        # two parts swapped, a sequence reversed or shifted by one step
        if info.parts and e.ndim == 1 and len(e) == 2 and not ok.any() and _same(view_g, view_e[::-1]):
            self.say(2, f"{info.parts[0]} and {info.parts[1]} are swapped: yours are in the order "
                        f"[{info.parts[1]}, {info.parts[0]}].")
            d.wrong = tuple(info.parts)
            return
        if info.parts and e.ndim == 1 and len(e) == len(info.parts) and ok.any() and \
                self._part_relation(name, info, view_e, view_g, ok, view_e is not e):
            return
        if self._rounded(name, e, g) or (view_e is not e and self._step_size(subject, view_e, view_g)):
            return
        if info.axis in ("epoch", "checkpoint") and len(e) > 2 and self._constant_sequence(name, info, e, g):
            return
        if info.axis == "t" and len(e) > 2 and self._law(name, e, g):
            return
        if info.axis in ("epoch", "t", "checkpoint") and len(e) > 2:
            if self._shifted(name, info, e, g):
                return
            if _same(g, e[::-1]):
                self.say(2, f"`{name}` holds the expected values in reverse order.")
                return
        if info.axis == "t" and len(e) > 2 and self._steps(name, e, g):
            return
        # a recognizable constant factor, on the wrong parts, confirmed on probes
        changed = view_e is not e
        for label_subject, index in self._groups(name, info, view_e, ok, parts):
            who = label_subject or subject
            if label_subject and changed:
                who = self.ctx.assignment.change_parts.get(name, "{}").format(label_subject)
            found, confirmed = self._factor(name, view_e, view_g, finite, index, parts, changed)
            if found is None and changed:  # the value itself, not its change, may be off by the factor
                found, confirmed = self._factor(name, e, g, finite, index, parts, False)
                if found:
                    who = label_subject or f"`{name}`"
            if found:
                label, meaning = found
                if info.reciprocal and label != "-1":
                    meaning = (f"as if {info.reciprocal}, which it divides by, were {_inverse(label)} times the "
                               "expected (or the number divided were off)")
                n_text = f" (N = {ctx.n})" if "N" in label and ctx.n and not ctx.hidden else ""
                where = ", here and on the probe inputs" if confirmed else ""
                if label == "-1":
                    self.say(2, _capital(f"{who} has the opposite sign of the expected{where}: {meaning}."))
                else:
                    self.say(2, _capital(f"{who} is {label} times the expected{n_text}{where}: {meaning}."))
                d.factor = d.factor or label
                continue
            if self._reciprocal(name, view_e, view_g, finite, index, who):
                continue
            wrong_e, wrong_g = view_e[index], view_g[index]
            sel = np.isfinite(wrong_e) & np.isfinite(wrong_g)
            if sel.any() and np.all(np.abs(wrong_g[sel]) <= 1e-12) and np.any(np.abs(wrong_e[sel]) > 1e-12):
                self.say(2, _capital(f"{who} is 0 where a non-zero value is expected."))
            elif sel.any():
                off = np.max(np.abs(wrong_g[sel] - wrong_e[sel]) / np.maximum(np.abs(wrong_e[sel]), 1e-12))
                ratio = wrong_g[sel] / np.where(wrong_e[sel] == 0, np.nan, wrong_e[sel])
                if len(ratio) > 1 and np.all(np.isfinite(ratio)) and np.ptp(ratio) > 1e-3 * np.max(np.abs(ratio)):
                    spread = "" if ctx.hidden else (f": from {_fmt(np.min(ratio))} to {_fmt(np.max(ratio))} times "
                                                    "the expected")
                    self.say(5, _capital(f"{who} is not off by one constant factor{spread}."))
                else:
                    self.say(5, _capital(f"{who} is off by up to {off:.3g} times the expected size."))

    def _part_relation(self, name, info, e, g, ok, changed):
        """A wrong part equal to a right one, or to a right one times a statistic of an input array."""
        def called(part):
            return self.ctx.assignment.change_parts.get(name, "{}").format(part) if changed else part
        for i in np.flatnonzero(~ok):
            for j in np.flatnonzero(ok):
                wrong, right = called(info.parts[i]), called(info.parts[j])
                if abs(e[j]) > 1e-12 and np.isclose(g[i], e[j], rtol=RTOL, atol=1e-12) and \
                        not np.isclose(e[i], e[j], rtol=RTOL):
                    self.say(1, _capital(f"{wrong} is exactly {right} (which is right), as if {info.parts[i]} were "
                                         f"computed with the numbers of {info.parts[j]}."))
                    return True
                if abs(e[j]) > 1e-12 and self.ctx.driver == "call":
                    ratio = g[i] / e[j]
                    found = whole_array_statistic(np.array([ratio, ratio]), np.array([0.0, 1.0]), self.ctx.args)
                    if found:
                        words, arg = found
                        self.say(1, _capital(f"{wrong} is exactly {right} (which is right) times {words} of all the "
                                             f"entries of `{arg}`."))
                        return True
        return False

    def _rounded(self, name, e, g):
        """Every value a whole number of 10**-k (k = 1..8) and within that of the expected, which is not."""
        if not (np.all(np.isfinite(g)) and np.all(np.isfinite(e))) or g.size < 2 or np.all(g == np.round(g)):
            return False
        for k in range(1, 9):
            scaled = g * 10.0 ** k
            if np.all(np.abs(scaled - np.round(scaled)) <= 1e-9 * np.maximum(1, np.abs(scaled))) and \
                    np.all(np.abs(g - e) < 10.0 ** -k) and not np.all(np.abs(e * 10.0 ** k - np.round(e * 10.0 ** k)) < 1e-6):
                self.say(1, f"Your `{name}` values are cut to {k} decimal{'s' if k > 1 else ''}; each is within "
                            f"{10.0 ** -k:g} of the expected one.")
                return True
        return False

    def _step_size(self, subject, e, g):
        """The change has size exactly one scalar input in every entry, whatever the other inputs."""
        for arg, value in self.ctx.scalars().items():
            if g.size >= 2 and np.allclose(np.abs(g), abs(value), rtol=RTOL, atol=0) and \
                    not np.allclose(np.abs(e), abs(value), rtol=RTOL, atol=0):
                self.say(1, _capital(f"{subject} has size exactly `{arg}` in every entry (only its sign varies), "
                                     "where the expected sizes differ."))
                return True
        return False

    def _constant_sequence(self, name, info, e, g):
        rows_g, rows_e = g.reshape(len(g), -1), e.reshape(len(e), -1)
        if not np.all(np.isfinite(rows_g)) or not np.allclose(rows_g, rows_g[0], rtol=1e-12, atol=0) or \
                np.allclose(rows_e, rows_e[0], rtol=1e-9, atol=0):
            return False
        step = _step_name(info, self.ctx)
        labels = _step_labels(name, info, self.ctx, len(e))
        self.say(2, f"Your `{name}` stays at its {_at(step, labels[0])} value at every {step}, where the expected "
                    "one changes.")
        return True

    def _whole_statistic(self, name, info, e, g):
        """The result (or its change) is one number for every entry, a statistic of *all* of an input array,
        where the expected one differs per entry: one statistic where one per column or per part belongs."""
        ctx = self.ctx
        if ctx.driver != "call":
            return False
        per = (f"every {info.axis}" if info.axis else f"{_join(info.parts)}" if info.parts and len(info.parts) == e.size
               else "every entry")
        views = [(e, g, f"Your `{name}`")]
        base = self.ctx.changes.get((ctx.function, name))
        start = _array(ctx.args.get(base)) if base else None
        if start is not None and start.shape == e.shape:
            views.insert(0, (e - start, g - start, _capital(self.ctx.assignment.change_names.get(name, f"the change of `{name}`"))))
        others = {k: v for k, v in ctx.args.items() if k != base}
        for view_e, view_g, subject in views:
            found = whole_array_statistic(view_g, view_e, others)
            if found:
                words, arg = found
                self.say(1, f"{subject} is the same number for {per}: {words} of all the entries of `{arg}` at "
                            "once, where the expected values differ.")
                self.diagnosis.output = self.diagnosis.output or name
                return True
        for view_e, view_g, subject in views:
            for arg, value in others.items():
                a = _array(value) if isinstance(value, np.ndarray) else None
                if a is None or a.shape != view_e.shape or a.size < 2 or np.any(np.abs(a) < 1e-12):
                    continue
                ratio_g, ratio_e = view_g / a, view_e / a

                def holds(args, pe, pg, arg=arg, changed=view_e is not e):
                    x, before = _array(args.get(arg)), _array(args.get(base)) if base else None
                    if x is None or x.size != pg.size or np.any(np.abs(x) < 1e-12) or (
                            changed and (before is None or before.size != pg.size)):
                        return True  # not measurable on this probe: no evidence against it
                    r = ((pg - before.reshape(pg.shape)) if changed else pg) / x.reshape(pg.shape)
                    return bool(np.allclose(r, r.ravel()[0], rtol=RTOL, atol=0))
                if np.allclose(ratio_g, ratio_g.ravel()[0], rtol=RTOL, atol=0) and np.all(ratio_g != 0) and \
                        not np.allclose(ratio_e, ratio_e.ravel()[0], rtol=1e-3, atol=0) and \
                        not self._refuted_on_probes(name, holds):
                    self.say(1, f"{subject} is `{arg}` times one and the same number for {per}, where the expected "
                                "factors differ.")
                    self.diagnosis.output = self.diagnosis.output or name
                    return True
        return False

    def _standardized_columns(self, name, g):
        """What the defining property of standardized columns (mean 0, std 1) says about the student's."""
        X = _array(self.ctx.args.get("X"))
        if X is None or X.ndim != 2 or g.shape != X.shape or X.shape[0] < 2 or not np.all(np.isfinite(g)):
            return False
        varying = np.ptp(X, axis=0) > 0
        if not varying.any():
            return False
        g = g[:, varying]
        low, high = g.min(axis=0), g.max(axis=0)
        mean, std = g.mean(axis=0), g.std(axis=0)
        if np.allclose(low, 0, atol=1e-9) and np.allclose(high, 1, atol=1e-9):
            self.say(1, f"Your `{name}` columns run exactly from 0 to 1: that is min-max scaling; standardized "
                        "columns have mean 0 and standard deviation 1.")
            return True
        centered, unit = np.allclose(mean, 0, atol=1e-9), np.allclose(std, 1, rtol=1e-6)
        numbers = "" if self.ctx.hidden else f" ({_join(_fmt(x) for x in (std if centered else mean)[:3])})"
        if centered and not unit:
            self.say(2, f"Your `{name}` columns have mean 0 but not standard deviation 1{numbers}.")
            return True
        if unit and not centered:
            self.say(2, f"Your `{name}` columns have standard deviation 1 but not mean 0{numbers}.")
            return True
        return False

    def _factor(self, name, e, g, finite, index, parts, changed):
        ctx = self.ctx
        sel = index & finite if index.shape == finite.shape else finite
        observations = [Observation(e[sel], g[sel], ctx.n, ctx.scalars(), True)]
        info = self.ctx.output(name)
        mask = None
        if parts and info.parts and e.ndim == 1 and index.shape == e.shape:
            mask = index
        observations += self._probe_observations(name, info, mask, changed)
        return find_factor(observations), len(observations) > 1

    def _reciprocal(self, name, e, g, finite, index, who):
        """``got == 1 / expected`` on this input and on the probes (at least one value other than +-1)."""
        sel = index & finite if index.shape == finite.shape else finite
        pairs = [(e[sel], g[sel])] + [(o.expected, o.got) for o in self._probe_observations(name, self.ctx.output(name),
                                                                                             None, False)]
        values = [(a, b) for a, b in pairs if a.size]
        if not values or not any(np.any(np.abs(np.abs(a) - 1) > 1e-6) for a, _ in values):
            return False
        where = ", here and on the probe inputs" if len(values) > 1 else ""
        if all(np.all(a != 0) and np.allclose(b, 1 / a, rtol=RTOL) for a, b in values):
            self.say(2, _capital(f"{who} is the reciprocal (1 / x) of the expected value{where}: something is "
                                 "inverted."))
            return True
        # a power law over several inputs: got == c * expected ** k for a simple k
        e_all = np.concatenate([a for a, _ in values])
        g_all = np.concatenate([b for _, b in values])
        if e_all.size >= 3 and np.all(e_all > 0) and np.all(g_all > 0) and np.ptp(np.log(e_all)) > 1e-3:
            k, log_c = np.polyfit(np.log(e_all), np.log(g_all), 1)
            for value, text in ((0.5, "the square root of"), (2.0, "the square of"), (-0.5, "1 / the square root of"),
                                (-2.0, "1 / the square of")):
                if abs(k - value) < 1e-6 and np.allclose(g_all, np.exp(log_c) * e_all ** value, rtol=1e-6):
                    self.say(2, _capital(f"{who} goes like {text} the expected value (up to a constant){where}: "
                                         "a power is off."))
                    return True
        return False

    def _law(self, name, e, g):
        """Along a swept t: the simple law the student's values follow at every t, told next to the expected one's.

        Only a law that fits every value exactly is told (``c * (t + s) ** k`` for a few k and s), and only when
        it differs from the expected law (a constant factor on the same law is the factor's business): it says
        what the numbers do, not which operator was typed.
        """
        info = self.ctx.output(name)
        x = self._axis_values(name, len(e))
        found, since = power_law(x, g), ""
        if found is None and np.isclose(g[0], e[0], rtol=RTOL) and len(x) > 3:
            # right at the start, one law after it (a guard such as max(t, 1) at t = 0)
            found, since, x, e = power_law(x[1:], g[1:]), f" from {info.axis} = {x[1]:g} on", x[1:], e[1:]
        if found is None:
            return False
        k, s, c = found
        expected_law = power_law(x, e)
        if expected_law is not None and expected_law[:2] == (k, s):
            return False
        law = law_text(k, s, info.axis)
        scale = scale_words(c, self.ctx.scalars())
        if not scale:
            scale = "a constant" if self.ctx.hidden else _fmt(c)
        verb = "fall" if k < 0 else "grow"
        where = f"From {info.axis} = {x[0]:g} on" if since else f"At every {info.axis} from {x[0]:g} to {x[-1]:g}"
        text = f"{where}, your `{name}` is exactly {scale} times {law}: yours {verb} like {law}"
        if expected_law is not None:
            ek, es, _ = expected_law
            text += f"; the expected ones {'fall' if ek < 0 else 'grow'} like {law_text(ek, es, info.axis)}"
        if since:
            text += f" (at {info.axis} = {x[0] - 1:g} yours is right)"
        self.say(2, text + ".")
        return True

    def _axis_values(self, name, length):
        labels = _step_labels(name, self.ctx.output(name), self.ctx, length)
        try:
            return [float(v) for v in labels]
        except ValueError:
            return list(range(length))

    def _steps(self, name, e, g):
        """Where a sequence that holds still for stretches changes: the student's change points against the
        expected ones, here and on the probe sequences."""
        labels = _step_labels(name, self.ctx.output(name), self.ctx, len(e))
        changes_e, changes_g = _changes(e), _changes(g)
        if changes_e == changes_g or len(changes_e) >= len(e) - 1 or not changes_e:
            return False  # the same change points (then a factor or a law says more), or no stretch to compare
        step = _step_name(self.ctx.output(name), self.ctx)

        def where(changes, labels):
            return _join(labels[i] for i in changes)
        rises = [i for i in changes_g if g[i] > g[i - 1]]
        falls_only = all(e[i] < e[i - 1] for i in changes_e)
        if not changes_g:
            if np.all(g == 0):
                return False  # told as a 0 where a non-zero value is expected
            text = (f"Your `{name}` is the same at every {step}; the expected one changes at {step} = "
                    f"{where(changes_e, labels)}")
        elif rises and falls_only:
            text = (f"Your `{name}` goes back up at {step} = {where(rises, labels)}, where the expected one only "
                    f"ever falls (at {step} = {where(changes_e, labels)})")
        elif len(changes_g) == len(g) - 1:
            ratio = scalar_ratio(g[:-1], g[1:]) if np.all(g[:-1] != 0) else None
            scaled = "changes"
            if ratio is not None:
                scaled = "is multiplied by " + (scale_words(ratio, self.ctx.scalars()) or
                                                ("a constant" if self.ctx.hidden else _fmt(ratio)))
            text = (f"Your `{name}` {scaled} at every {step}, where the expected one stays constant for "
                    f"stretches and changes at {step} = {where(changes_e, labels)}")
        else:
            text = (f"Your `{name}` changes at {step} = {where(changes_g, labels)}; the expected one at "
                    f"{step} = {where(changes_e, labels)}")
            for about, pe, pg, plabels in self._probe_sequences(name)[:1]:
                ce, cg = _changes(pe), _changes(pg)
                if ce != cg:
                    text += f" (with {about}: yours at {where(cg, plabels)}, expected at {where(ce, plabels)})"
        self.say(2, text + ".")
        return True

    def _probe_sequences(self, name):
        """Probes of the function that differ only in the argument the output's axis is named after (``t``):
        ``[(the fixed arguments in words, expected sequence, student's sequence, labels)]``."""
        axis = self.ctx.output(name).axis
        groups = {}
        for probe, expected, got in self.probe_results:
            names = self.ctx.assignment.functions.get(probe.function, ((), ()))[0]
            if probe.base or axis not in names or name not in expected or got is None or name not in got:
                continue
            args = dict(zip(names, probe.args))
            e, g = _array(expected[name]), _array(got[name])
            if e is None or g is None or e.size != 1 or g.size != 1:
                continue
            fixed = tuple((k, float(v)) for k, v in args.items() if k != axis and isinstance(v, (int, float)))
            groups.setdefault(fixed, []).append((float(args[axis]), float(e.ravel()[0]), float(g.ravel()[0])))
        sequences = []
        for fixed, rows in groups.items():
            rows.sort()
            steps = np.diff([r[0] for r in rows])
            if len(rows) < 3 or not np.allclose(steps, 1):
                continue
            about = ", ".join(f"`{k} = {v:g}`" for k, v in fixed)
            sequences.append((about, np.array([r[1] for r in rows]), np.array([r[2] for r in rows]),
                              [f"{r[0]:g}" for r in rows]))
        return sequences

    def _groups(self, name, info, e, ok, parts):
        """Where to look for a factor: each wrong named part on its own, else all wrong entries together."""
        if parts and info.parts and e.ndim == 1:
            if len(parts) == len(info.parts):
                return [("", np.ones(e.shape, bool))]
            return [(p, np.array([q == p for q in info.parts])) for p in parts]
        return [("", ~ok)]

    def _probe_observations(self, name, info, part_mask, changed=True):
        observations = []
        for probe, expected, got in self.probe_results:
            if got is None or probe.base or name not in expected or name not in got:
                continue
            e, g = _array(expected[name]), _array(got[name])
            if e is None or g is None or e.size != g.size:
                continue
            g = g.reshape(e.shape)
            ctx = _probe_context(probe, self.ctx.assignment)
            base = self.ctx.changes.get((probe.function, name)) if changed else None
            if base is not None and base in ctx.args:
                start = _array(ctx.args[base])
                if start is not None and start.shape == e.shape:
                    e, g = e - start, g - start
            if part_mask is not None and e.shape == part_mask.shape:
                e, g = e[part_mask], g[part_mask]
            sel = np.isfinite(e) & np.isfinite(g)
            observations.append(Observation(e[sel], g[sel], ctx.n, ctx.scalars(), False))
        return observations

    def _shifted(self, name, info, e, g):
        """Each value is the expected one of the next (or previous) step.

        One end of a shifted sequence cannot be compared, and a different mistake can agree with a shift on the
        rest (rounding ``t / every`` agrees with ``(t + 1) // every`` when ``every`` is 3). So an off-by-one is
        only named when the shift also reproduces every value of a probe sequence of the same function;
        otherwise the observation is told as it is.
        """
        step = _step_name(info, self.ctx)
        for shift, words in ((1, "next"), (-1, "previous")):
            if not _shift_holds(e, g, shift):
                continue
            sequences = self._probe_sequences(name)
            if sequences and not all(_shift_holds(pe, pg, shift) for _, pe, pg, _ in sequences):
                continue  # a probe sequence refutes the shift: told by the change points or a law instead
            if sequences:
                self.say(2, f"Each of your `{name}` values is the expected one of the {words} {step}, here and on "
                            f"the probe sequence with {sequences[0][0]}: an off-by-one in the {step}.")
            else:
                compared = len(e) - 1
                self.say(2, f"Each of your `{name}` values equals the expected one of the {words} {step} "
                            f"(on all {compared} values that have one).")
            return True
        return False

    def _equals_input(self, name, e, g):
        """The result, or its change, equals an input (or its square, or minus it) where it should not."""
        ctx = self.ctx
        if ctx.driver != "call":
            return False
        for arg, value in ctx.args.items():
            a = _array(value) if isinstance(value, (np.ndarray, list, tuple, float, int)) else None
            if a is None or a.size != e.size or a.size < 1:
                continue
            a = a.reshape(e.shape)
            if _same(g, a) and not _same(e, a) and not self._refuted_on_probes(
                    name, lambda args, pe, pg, arg=arg: np.size(args.get(arg)) != pg.size or _same(pg, args.get(arg))):
                self.say(1, f"Your `{name}` is the `{arg}` you were given, unchanged.")
                return True
            base = self.ctx.changes.get((ctx.function, name))
            if base is not None and arg == base:
                step = e - a
                if np.any(np.abs(step) > 1e-12) and (_same(g, step) or _same(g, -step)):
                    self.say(1, f"Your `{name}` is only the step (up to its sign): the `{base}` you were given "
                                "is not in it.")
                    return True
            if base is not None and base in ctx.args and arg != base:
                start = _array(ctx.args[base])
                if start is None or start.shape != e.shape:
                    continue
                change_g, change_e = g - start, e - start
                for of, text in ((lambda x: x, f"`{arg}`"), (np.square, f"`{arg} ** 2`"),
                                 (np.abs, f"the absolute value of `{arg}`"), (np.negative, f"`-{arg}`")):
                    form = of(a)

                    def holds(args, pe, pg, arg=arg, of=of):
                        x, before = _array(args.get(arg)), _array(args.get(base))
                        if x is None or before is None or x.size != pg.size or before.size != pg.size:
                            return True  # not measurable on this probe: no evidence against it
                        return _same(pg - before.reshape(pg.shape), of(x.reshape(pg.shape)))
                    if _same(change_g, form) and not _same(change_e, form) and np.any(np.abs(form) > 1e-12) and \
                            not self._refuted_on_probes(name, holds):
                        self.say(1, _capital(f"{self.ctx.assignment.change_names.get(name, f'the change of `{name}`')} is exactly {text}."))
                        return True
            if arg != name and name in ctx.args and _same(g, a ** 2) and not _same(e, a ** 2) and np.any(a != a ** 2):
                self.say(1, f"Your `{name}` is exactly `{arg} ** 2`, without the `{name}` you were given.")
                return True
        return False

    def _refuted_on_probes(self, name, holds):
        """Whether a relation seen on the check fails on a probe where the student's ``name`` is wrong too: a
        relation that holds on this input by coincidence (``|grad| == grad`` when grad is positive) is not told.
        ``holds(args by name, expected, got)``."""
        for probe, expected, got in self.probe_results:
            if (got is None or probe.base or _in_sequence(probe, self.ctx.assignment) or name not in expected
                    or name not in got):
                continue
            pe, pg = _array(expected[name]), _array(got[name])
            if pe is None or pg is None or pe.size != pg.size or _same(pe, pg, rtol=1e-6):
                continue
            args = dict(zip(self.ctx.assignment.parameters(probe.function), probe.args))
            with np.errstate(all="ignore"):
                if not holds(args, pe, pg.reshape(pe.shape)):
                    return True
        return False

    # probes -----------------------------------------------------------------------------------------------
    def probes(self):
        d = self.diagnosis
        right, wrong, broken, means = [], [], [], []
        by_name = {p.name: (p, e, g) for p, e, g in self.probe_results}
        outputs = list(self.ctx.assignment.returns(self.ctx.function))
        for probe, expected, got in self.probe_results:
            if _in_sequence(probe, self.ctx.assignment):
                continue  # told with the sequence it belongs to (a sweep of t), not one by one
            if got is None:
                broken.append(probe)
                continue
            bad = [o for o in outputs if o in expected and not _same(expected[o], got.get(o), rtol=1e-6)]
            if probe.base:
                base = by_name.get(probe.base)
                if base is not None and base[2] is not None:
                    self._response(probe, expected, got, base, outputs)
                continue
            if probe.name == "base":  # no isolating property: only the base of changed inputs and of factors
                continue
            if bad:
                wrong.append(probe.about + self._probe_detail(probe, expected, got, bad, len(outputs) > 1))
            else:
                right.append(probe.about)
                if probe.means:
                    means.append(probe.means)
        d.probes_right, d.probes_wrong = tuple(right), tuple(wrong)
        function = f"`{self.ctx.function}`"
        if wrong and (right or len(wrong) <= 3):
            text = f"Probes of your {function}: wrong with {_join(wrong[:3])}"
            if right:
                text += f"; right with {_join(right[:3])}"
            self.say(3, text + (f", so {_join(means)}." if means else "."))
        elif right and self.probe_results:
            self.say(4, f"Your {function} is right on the small probe inputs ({_join(right[:3])}) but not on "
                        "this check's input" + (f", so {_join(means)}." if means else "."))
        if broken:
            self.say(6, f"Your {function} raised an error with {_join(p.about for p in broken)}.")
        self._across_probes(outputs)

    def _across_probes(self, outputs):
        """The student's result on one probe equals the expected result on another (three identical examples
        giving what two should give): a count or a case mixed up. Probes whose expected result is one of their
        inputs (nothing moves) are left out: "unchanged" is told on its own."""
        def values(result):
            return [result.get(o) for o in outputs]

        def trivial(probe, expected):
            return any(_same(expected.get(o), a) for o in outputs for a in probe.args if isinstance(a, np.ndarray))
        usable = [(p, e, g) for p, e, g in self.probe_results
                  if not _in_sequence(p, self.ctx.assignment) and all(o in e for o in outputs)]
        for probe, expected, got in usable:
            if got is None or all(_same(a, b, rtol=1e-6) for a, b in zip(values(got), values(expected))):
                continue
            for other, other_expected, _ in usable:
                zero = all(np.all(_array(v) == 0) for v in values(other_expected) if _array(v) is not None)
                if other is probe or zero or trivial(other, other_expected) or any(
                        _same(a, b, rtol=1e-6) for a, b in zip(values(expected), values(other_expected))):
                    continue
                if all(_same(a, b, rtol=1e-6) for a, b in zip(values(got), values(other_expected))):
                    self.say(2, f"With {probe.about}, your `{self.ctx.function}` returns exactly what is expected "
                                f"with {other.about}.")
                    return

    def substitutions(self, results):
        """The student's result on a probe equals the expected result with two arguments mixed up."""
        expected_of = {p.key: e for p, e, _ in self.probe_results}
        outputs = list(self.ctx.assignment.returns(self.ctx.function))
        for sub, expected, got in results:
            base = expected_of.get(sub.of.key)
            present = [o for o in outputs if o in expected and base is not None and o in base]
            if not present or not all(_same(got.get(o), expected[o], rtol=1e-6) for o in present):
                continue
            if not any(not _same(expected[o], base[o], rtol=1e-6) for o in present):
                continue  # the mix-up does not change the result on this probe: it proves nothing
            what = f"`{present[0]}`" if len(present) == 1 else "results"
            self.say(1, f"On the probe {sub.of.about}, your {what} {'is' if len(present) == 1 else 'are'} exactly "
                        f"the expected {'one' if len(present) == 1 else 'ones'} with {sub.about}: "
                        f"{_mixed_up(sub.about)}.")
            return
        # one returned value of several mixed up (`v` averaged with `beta1`), the others right or wrong for
        # another reason: told for that value only, when the mix-up changes it and it is wrong on the probe; for
        # one value "`a` in place of `b`" says more than "exchanged" (which also changes the values it leaves alone)
        for sub, expected, got in sorted(results, key=lambda r: " exchanged" in r[0].about):
            base = expected_of.get(sub.of.key)
            if base is None or len(outputs) < 2:
                continue
            if any(type(new) is float and abs(new) < 1e-6 and new != old for new, old in zip(sub.args, sub.of.args)):
                continue  # a negligible value (eps) in place of another only says a term is missing, not which
            for o in outputs:
                if o not in expected or o not in base or _same(got.get(o), base[o], rtol=1e-6) \
                        or _same(expected[o], base[o], rtol=1e-6) or not _same(got.get(o), expected[o], rtol=1e-6):
                    continue
                self.say(1, f"On the probe {sub.of.about}, your `{o}` is exactly the expected one with "
                            f"{sub.about}: for `{o}`, {_mixed_up(sub.about)}.")
                return

    def _probe_detail(self, probe, expected, got, bad, several):
        """`` (b wrong)``, `` (w and b: -1 times the expected)``, `` (`params` changes)``; of several wrong outputs,
        the first whose relation to the expected one is known, else all of them as wrong."""
        if len(bad) > 1:
            details = [self._probe_detail(probe, expected, got, [name], several) for name in bad]
            for detail in details:
                if detail and not detail.endswith(" wrong)"):
                    return detail
            return f" ({_join(f'`{name}`' for name in bad)} wrong)"
        name = bad[0]
        info, ctx = self.ctx.output(name), _probe_context(probe, self.ctx.assignment)
        e, g = _array(expected[name]), _array(got.get(name))
        prefix = f"`{name}` " if several else ""
        if e is None or g is None or e.size != g.size:
            return f" ({prefix}has {0 if g is None else g.size} values, expected {e.size})" if e is not None else ""
        g = g.reshape(e.shape)
        base = self.ctx.changes.get((probe.function, name))
        start = _array(ctx.args.get(base)) if base else None
        for arg, value in ctx.args.items():
            a = _array(value) if isinstance(value, np.ndarray) and arg != base else None
            if a is not None and a.shape == g.shape and np.any(a != 0) and _same(g, a) and not _same(e, a):
                return f" (yours is the `{arg}` you were given, unchanged)"
        if start is not None and start.shape == e.shape and _same(g, start ** 2) and not _same(e, start ** 2) \
                and not _same(start, start ** 2):
            return f" (yours is the square of the `{base}` you were given)"
        if start is not None and start.shape == e.shape:
            if _same(e, start) and not _same(g, start):
                return f" (yours changes `{name}`)"
            # "unchanged" only when nothing moved at all: a step of 1e-6 (a huge denominator) is not "no step"
            if _same(g, start, rtol=1e-12) and not _same(e, start):
                return f" (yours leaves `{name}` unchanged)"
            e, g = e - start, g - start
        parts = ""
        mask = np.ones(e.shape, bool)
        if info.parts and e.shape == (len(info.parts),):
            mask = ~_close(e, g, 1e-6)
            parts = _join(p for p, m in zip(info.parts, mask) if m)
            if start is not None and start.shape == e.shape:
                parts = self.ctx.assignment.change_parts.get(name, "{}").format(parts)
        found = find_factor([Observation(e[mask], g[mask], ctx.n, ctx.scalars(), True)]
                            + self._changed_copies(probe, name, mask))
        changed = start is not None and start.shape == e.shape
        # a compared change is named as such ("the step of `params`"), not as the value it changes
        what = parts or (self.ctx.assignment.change_names.get(name, "") if changed and several else "") \
            or prefix.strip() or ""
        zero_args = [k for k, v in ctx.args.items() if type(v) is float and v == 0]
        if zero_args and np.all(g[mask] == 0) and np.any(e[mask] != 0):
            return f" ({what + ': ' if what else ''}yours is 0, as if all of it were multiplied by `{zero_args[0]}`)"
        if not found:
            arg = elementwise_factor(e, g, ctx.args)
            if arg:
                # got == expected / a ** 2: the a that multiplies the expected value divides the student's
                meaning = f": `{arg[2:-5]}` divides where it should multiply" \
                    if arg.startswith("1/") and arg.endswith(" ** 2") else ""
                return f" ({what + ': ' if what else ''}`{arg}` times the expected, entry by entry{meaning})"
            shown_e, shown_g = _shown(e[mask]), _shown(g[mask])
            # a probe's input is public, so its numbers are evidence, not a leak; hidden reports show no numbers
            if shown_e and shown_g and not self.ctx.hidden:
                return f" ({what + ': ' if what else ''}yours {shown_g}, expected {shown_e})"
        if np.all(g[mask] == 0) and np.any(e[mask] != 0):
            return f" ({what + ': ' if what else ''}yours is 0)"
        if found:
            label = found[0]
            relation = "the opposite sign" if label == "-1" else f"{label} times the expected"
            return f" ({what + ': ' if what else ''}{relation})"
        return f" ({what} wrong)" if what else ""

    def _changed_copies(self, probe, name, mask):
        """Observations of ``name`` on the probes that change one input of ``probe`` (``momentum`` 0.9 -> 0.5):
        a factor named after that input must hold on them too, and they give it its second value."""
        observations = []
        for other, expected, got in self.probe_results:
            if other.base != probe.name or other.function != probe.function or got is None or name not in expected:
                continue
            e, g = _array(expected[name]), _array(got.get(name))
            if e is None or g is None or e.size != g.size or e.shape != mask.shape:
                continue
            g = g.reshape(e.shape)
            ctx = _probe_context(other, self.ctx.assignment)
            base = self.ctx.changes.get((other.function, name))
            start = _array(ctx.args.get(base)) if base else None
            if start is not None and start.shape == e.shape:
                e, g = e - start, g - start
            sel = mask & np.isfinite(e) & np.isfinite(g)
            observations.append(Observation(e[sel], g[sel], ctx.n, ctx.scalars(), False))
        return observations

    def _response(self, probe, expected, got, base, outputs):
        """How the student's result responds to a changed input, against how the expected one does."""
        _, base_expected, base_got = base
        for o in outputs:
            if o not in expected or o not in base_expected:
                continue
            e0, e1, g0, g1 = (_array(x) for x in (base_expected[o], expected[o], base_got.get(o), got.get(o)))
            if g0 is None or g1 is None or g0.size != e0.size or g1.size != e1.size:
                continue
            exp_same, got_same = _same(e0, e1), _same(g0, g1)
            if exp_same and not got_same:
                self.say(2, f"{_capital(probe.about)} changes your `{o}`; it should leave it as it is.")
                return
            if not exp_same and got_same:
                self.say(2, f"{_capital(probe.about)} leaves your `{o}` as it is; it should change it.")
                return
            re, rg = scalar_ratio(e0, e1), scalar_ratio(g0, g1)
            if re is not None and rg is not None and not np.isclose(re, rg, rtol=1e-4):
                self.say(2, f"{_capital(probe.about)} multiplies your `{o}` by {_fmt(rg)}; it should multiply "
                            f"it by {_fmt(re)}.")
                return
            if not _same(e1, g1, rtol=1e-6):
                return

    # gradient checking --------------------------------------------------------------------------------------
    def gradient_check(self, probe, failing):
        """Textbook gradient checking: central finite differences of the student's own prediction and loss
        functions (as the assignment declares them) at the check's parameters."""
        declared, args, d = self.ctx.assignment.gradient_check, self.ctx.args, self.diagnosis
        if declared is None or self.ctx.function != declared.function or self.ctx.driver != "call" or probe is None:
            return
        assignment = self.ctx.assignment
        gradient_name = assignment.returns(declared.function)[0]
        prediction_name = assignment.returns(declared.predict)[0]
        loss_name = assignment.returns(declared.loss)[0]
        try:
            inputs = [np.asarray(args[name], float) for name in declared.inputs]
            target = np.asarray(args[declared.target], float)
            point = np.array([float(args[name]) for name in declared.params])
        except (KeyError, TypeError, ValueError):
            return
        g = _array(self.got.get(gradient_name))
        e = _array(self.expected.get(gradient_name))
        if g is None or e is None or g.size != point.size or e.size != point.size:
            return
        g, e = g.ravel(), e.ravel()

        def loss(at):
            predicted = probe(declared.predict, inputs + [float(x) for x in at])
            if predicted is None or prediction_name not in predicted:
                return None
            value = probe(declared.loss, [predicted[prediction_name], target])
            if value is None or loss_name not in value:
                return None
            array = _array(value[loss_name])
            return float(array.ravel()[0]) if array is not None and array.size == 1 else None

        fd = []
        for i in range(point.size):
            h = 1e-3 * max(1.0, abs(point[i]))
            step = np.zeros(point.size)
            step[i] = h
            plus, minus = loss(point + step), loss(point - step)
            if plus is None or minus is None:
                return
            fd.append((plus - minus) / (2 * h))
        fd = np.array(fd)
        if not np.all(np.isfinite(fd)):
            return
        tol = 1e-4 * max(1.0, float(np.max(np.abs(fd))))
        own = np.abs(g - fd) <= tol + 1e-4 * np.abs(fd)
        right_loss = np.abs(e - fd) <= tol + 1e-4 * np.abs(fd)
        parts = self.ctx.output(gradient_name).parts or tuple(f"entry {i}" for i in range(point.size))
        first = declared.params[0]
        method = (f"a finite difference `(L({first} + h) - L({first} - h)) / 2h` of your own `{declared.predict}` "
                  f"and `{declared.loss}`")
        if own.all():
            d.gradient_check = "consistent"
            if right_loss.all():
                return
            upstream = [f"`{f}`" for f in (declared.predict, declared.loss) if f in failing]
            blame = (f"; the loss it comes from is off: your {_join(upstream)} "
                     f"{'fails its' if len(upstream) == 1 else 'fail their'} own checks") if upstream else ""
            self.say(1, f"Gradient check: your gradient agrees with {method}{blame}.")
            return
        d.gradient_check = "inconsistent"
        bad = [p for p, ok in zip(parts, own) if not ok]
        if right_loss.all():
            self.say(4, f"Gradient check: {method} gives the expected {_join(bad)}, not yours.")
        else:
            self.say(4, f"Gradient check: your {_join(bad)} {'does' if len(bad) == 1 else 'do'} not agree with "
                        f"{method}.")

    def text(self):
        strong = any(priority <= 3 for priority, _ in self.sentences)
        self.diagnosis.specific = any(priority <= 4 for priority, _ in self.sentences)
        kept = [(p, t) for p, t in self.sentences if p < 5 or not strong]
        ordered = [t for _, t in sorted(kept, key=lambda s: s[0])]
        unique = list(dict.fromkeys(ordered))[:MAX_SENTENCES]
        self.diagnosis.sentences = unique
        self.diagnosis.text = " ".join(unique)
        return self.diagnosis


def _outputs_mixed_up(analysis, assignment, expected, got, wrong):
    """Returned values in the wrong places, also those the check does not compare: the tuple's order swapped
    (``(velocity, params)``), or one value holding what another should be (``v`` is the expected ``m``).

    An equality one input can show by chance is dropped when a probe where that value is wrong refutes it.
    """
    outputs = [o for o in assignment.returns(analysis.scenario.function)
               if _array(expected.get(o)) is not None and _array(got.get(o)) is not None]

    def holds_on_probes(a, b):
        for probe, pe, pg in analysis.probe_results:
            if pg is None or probe.base or a not in pe or b not in pe or a not in pg:
                continue
            if _same(pg[a], pe[a], rtol=1e-6) or _same(pe[a], pe[b], rtol=1e-6):
                continue
            if not _same(pg[a], pe[b], rtol=1e-6):
                return False
        return True

    def holds(a, b):
        """The student's ``a`` is the expected ``b`` (and not the expected ``a``)."""
        return (not _same(expected[a], expected[b], rtol=1e-6) and _same(got[a], expected[b], rtol=1e-6)
                and not _same(got[a], expected[a], rtol=1e-6) and holds_on_probes(a, b))
    order = ", ".join(assignment.returns(analysis.scenario.function))
    for i, a in enumerate(outputs):
        for b in outputs[i + 1:]:
            if holds(a, b) and holds(b, a):
                analysis.say(0, f"Your `{a}` and `{b}` are swapped: return them in the order ({order}).")
                analysis.diagnosis.wrong = (a, b)
                return True
    for a in wrong:
        for b in outputs:
            if a != b and a in outputs and holds(a, b):
                analysis.say(1, f"Your `{a}` is exactly what `{b}` should be (the order is ({order})).")
                analysis.diagnosis.wrong = (a,)
                return False
    return False


def _inverse(label):
    """``"2/N"`` -> ``"N/2"``, ``"N"`` -> ``"1/N"``, ``"1/N"`` -> ``"N"``."""
    if label.startswith("1/"):
        return label[2:]
    if "/" in label and "(" not in label:
        top, bottom = label.split("/", 1)
        return f"{bottom}/{top}"
    return f"1/({label})" if " " in label or "(" in label else f"1/{label}"


def _mixed_up(about):
    """``"`b` in place of `a`"`` -> ``"`b` is used where `a` belongs"``."""
    if " in place of " in about:
        used, meant = about.split(" in place of ")
        return f"{used} is used where {meant} belongs"
    return about.replace(" exchanged", " are mixed up")


def _in_sequence(probe, assignment):
    """A probe of a function whose output runs along an axis named after one of its arguments (``t``)."""
    names, outputs = assignment.functions.get(probe.function, ((), ()))
    return any(assignment.output(o).axis in names for o in outputs)


def _changes(values):
    """Indices i where ``values[i] != values[i - 1]``."""
    values = np.asarray(values, dtype=float)
    return [int(i) + 1 for i in np.flatnonzero(~np.isclose(values[1:], values[:-1], rtol=1e-12, atol=0))]


def _shift_holds(e, g, shift):
    """``g[i] == e[i + shift]`` wherever both exist and are finite (at least two values), while ``g != e``."""
    e, g = np.asarray(e, dtype=float), np.asarray(g, dtype=float)
    if shift > 0:
        a, b = g[:-shift], e[shift:]
    else:
        a, b = g[-shift:], e[:shift]
    mask = np.isfinite(a) & np.isfinite(b)
    return bool(mask.sum() >= 2 and np.allclose(a[mask], b[mask], rtol=RTOL, atol=1e-12)
                and not np.allclose(g, e, rtol=RTOL, atol=1e-12, equal_nan=True))


def _shown(values):
    """A few numbers as text (one number when they are all equal), or "" when there are too many."""
    values = np.asarray(values, dtype=float).ravel()
    if values.size == 0 or values.size > 3:
        return ""
    if np.all(values == values[0]):
        return _fmt(values[0]) + (" each" if values.size > 1 else "")
    return "[" + ", ".join(_fmt(v) for v in values) + "]"


# -- entry points --------------------------------------------------------------------------------------------

def diagnose(scenario, inputs, expected, got, probe=None, probe_expected=None, failing=(), hidden=False,
             assignment=None):
    """Evidence for a failed check, as a :class:`Diagnosis`, or None when nothing specific was found.

    Parameters
    ----------
    scenario : Scenario
    inputs : dict
        The driver's decoded inputs.
    expected, got : dict
        Decoded outputs of the reference and of the student.
    probe : callable, optional
        ``probe(function, args) -> dict of outputs | None`` runs one of the student's functions in the sandbox
        (None when it failed).
    probe_expected : callable, optional
        ``probe_expected(probe) -> dict of outputs | None``: the probe's expected outputs.
    failing : set of str
        Functions whose own checks failed so far.
    hidden : bool
        Hidden checks: no numbers of the check's input in the text.
    assignment : Assignment
        Whose contract, outputs and probes these are (default: the default assignment).
    """
    if assignment is None:
        from ..assignment import default

        assignment = default()
    with warnings.catch_warnings(), np.errstate(all="ignore"):  # hostile numbers must not print warnings
        warnings.simplefilter("ignore")
        return _diagnose(scenario, inputs, expected, got, probe, probe_expected, failing, hidden, assignment)


def _diagnose(scenario, inputs, expected, got, probe, probe_expected, failing, hidden, assignment):
    ctx = _context(scenario, inputs, hidden, assignment)
    if scenario.driver == "sweep":
        ctx.args["__values__"] = list(inputs.get("values", []))
    own_upstream_ok = not any(f in failing for f in scenario.uses if f != scenario.function)
    probe_results = run_probes(assignment.probes_of(scenario.function), probe, probe_expected) if own_upstream_ok else []
    analysis = _Analysis(scenario, ctx, expected, got, probe_results)
    compared = [n for n in scenario.compare if n != "modified_inputs" and not assignment.output(n).flag]
    statuses = {}
    for name in compared:
        e, g = _array(expected.get(name)), _array(got.get(name))
        if e is None:
            continue
        if g is None:
            statuses[name] = "missing"
        elif g.size != e.size or (e.shape != g.shape and np.squeeze(e).shape != np.squeeze(g).shape):
            statuses[name] = "size"
        else:
            statuses[name] = "right" if _close(e, g.reshape(e.shape), scenario.rtol).all() else "wrong"
    wrong = [n for n in compared if statuses.get(n) in ("size", "wrong")]
    right = [n for n in compared if statuses.get(n) == "right"]
    for i, a in enumerate(wrong):
        for b in wrong[i + 1:]:
            if _same(got.get(a), expected.get(b), rtol=1e-6) and _same(got.get(b), expected.get(a), rtol=1e-6):
                order = ", ".join(assignment.returns(scenario.function)) \
                    if scenario.function in assignment.functions else f"{a}, {b}"
                analysis.say(0, f"Your `{a}` and `{b}` are swapped: return them in the order ({order}).")
                analysis.diagnosis.wrong = (a, b)
                return analysis.text()
    if scenario.function in assignment.functions and wrong and _outputs_mixed_up(analysis, assignment, expected, got,
                                                                                    wrong):
        return analysis.text()
    if len(compared) > 1 and right and wrong:
        analysis.say(1, f"{_join(f'`{n}`' for n in right)} {'is' if len(right) == 1 else 'are'} right; "
                        f"{_join(f'`{n}`' for n in wrong)} {'is' if len(wrong) == 1 else 'are'} not.")
        analysis.diagnosis.right, analysis.diagnosis.wrong = tuple(right), tuple(wrong)
    for name in wrong:
        e, g = _array(expected[name]), _array(got[name])
        if statuses[name] == "size":
            analysis.sizes(name, e, g)
        else:
            analysis.values(name, e, g)
    if probe_results:
        analysis.substitutions(substitution_results(scenario.function, probe_results, probe_expected, assignment))
        analysis.probes()
    analysis.gradient_check(probe, failing)
    diagnosis = analysis.text()
    return diagnosis if diagnosis.text else None
