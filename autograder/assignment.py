"""An assignment is a value: everything the grader knows about one assignment, loaded from its folder.

The core (this package) knows no assignment. An assignment folder holds the student notebook, the public
data file, the students' pytest entry and a ``grading/`` package whose ``__init__.py`` defines
``ASSIGNMENT = Assignment(...)``::

    assignments/<name>/
        <name>.ipynb            the student notebook (stubs, nbgrader metadata, ``check(...)`` cells)
        public_checks.json      expected values for the public seed (``python -m autograder expected``)
        conftest.py, pytest.ini, test_public_checks.py   students' ``pytest`` entry (the same for every assignment)
        grading/
            __init__.py         ASSIGNMENT = Assignment(...): the declarations below, put together
            contract.py         function names, parameters, returned values (standard library only)
            loops.py            the loops run in the sandbox on the student's functions (numpy only)
            scenarios.py        the checks: inputs, compared outputs, points, fallback hints
            mistakes.py         declared mistakes and their hints
            probes.py, outputs.py, runs.py   diagnosis probes, how outputs are named, the plotted runs
    solutions/<name>/           instructor-only, never shipped
        reference.py            the reference implementation
        mistakes.py             IMPLEMENTATIONS: (function, mistake name) -> wrong implementation
        hidden.py               HIDDEN_SEED

The grading package may import the core's types (``Scenario``, ``Mistake``, ``Probe``, ``Output``); the core
never imports an assignment by name. ``python -m autograder new-assignment NAME`` writes a folder that works.
"""
from __future__ import annotations

import importlib
import importlib.util
import json
import os
import re
import sys
import threading
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Mapping

REPOSITORY = Path(__file__).resolve().parent.parent
#: where assignment folders live in the repository
ASSIGNMENTS_DIR = REPOSITORY / "assignments"
#: where the instructor-only parts live
SOLUTIONS_DIR = REPOSITORY / "solutions"
PUBLIC_DATA_NAME = "public_checks.json"
#: the seed of the public checks unless an assignment declares its own; hidden grading uses solutions/<name>/hidden.py
DEFAULT_PUBLIC_SEED = 20261121


@dataclass(frozen=True)
class GradientCheck:
    """Textbook gradient checking for one function: compare it with a central finite difference of the loss
    the student's own functions compute.

    The loss at parameters ``p`` is ``loss(predict(*predict_args(p)), target)``; every name is one of the
    contract's functions or arguments. Used by the diagnosis only.

    Attributes
    ----------
    function : str
        The gradient function (``dL/dparams`` in the order of ``params``).
    predict, loss : str
        The contract functions that compute predictions and the loss.
    inputs : tuple of str
        Arguments of ``function`` passed to ``predict`` before the parameters.
    params : tuple of str
        Arguments of ``function`` that are the parameters, in the order of the gradient's entries.
    target : str
        Argument of ``function`` passed to ``loss`` after the predictions.
    """

    function: str
    predict: str
    loss: str
    inputs: tuple
    params: tuple
    target: str


@dataclass(frozen=True, eq=False)  # one object per folder (see load): identity is equality, and it hashes
class Assignment:
    """Everything about one assignment that the grader needs.

    Attributes
    ----------
    name : str
        Folder name under ``assignments/`` and ``solutions/``; also the nbgrader assignment name.
    title : str
        Shown in reports.
    functions : mapping
        ``function -> (parameter names, names of the returned values in order)``: the student contract.
    scenarios : tuple of Scenario
        Every check, in the order reported.
    mistakes, probes : tuple
        Declared mistakes (``Mistake``) and diagnosis probes (``Probe``).
    outputs : mapping
        ``output name -> Output``: how the diagnosis talks about each compared output.
    changes : mapping
        ``(function, output) -> argument`` it updates: the diagnosis looks at the step, not the value.
    change_names, change_parts : mapping
        How such a change, and a part of it, is named in hints.
    defaults : mapping
        ``(function, parameter) -> default as written`` for parameters the contract lets callers leave out.
    example_arguments : tuple of str
        Arguments whose length is the number of examples N (for factors such as 1/N).
    factor_scalars : tuple of str
        Scalar arguments that may appear as a stray factor (``learning_rate``).
    gradient_check : GradientCheck or None
    runs : tuple
        Runs of the student's code drawn in reports (``Run``).
    shared_lines : tuple of str
        Statements the notebook's text or demo cells use exactly as the reference does (unpacking
        ``params``, a loop header): the release's leak scan does not count them as copied solution lines.
    folder : Path
        The assignment folder (set by :func:`load`).
    public_seed : int
    """

    name: str
    title: str
    functions: Mapping
    scenarios: tuple
    mistakes: tuple = ()
    probes: tuple = ()
    outputs: Mapping = field(default_factory=dict)
    changes: Mapping = field(default_factory=dict)
    change_names: Mapping = field(default_factory=dict)
    change_parts: Mapping = field(default_factory=dict)
    defaults: Mapping = field(default_factory=dict)
    example_arguments: tuple = ()
    factor_scalars: tuple = ("learning_rate",)
    gradient_check: GradientCheck | None = None
    runs: tuple = ()
    shared_lines: tuple = ()
    folder: Path = None
    public_seed: int = DEFAULT_PUBLIC_SEED

    # -- derived -----------------------------------------------------------------------------------------
    @property
    def notebook_name(self):
        return f"{self.name}.ipynb"

    @property
    def notebook_path(self):
        return self.folder / self.notebook_name

    @property
    def public_data_path(self):
        return self.folder / PUBLIC_DATA_NAME

    @property
    def loops_path(self):
        """The sandbox loops, loaded by path in the worker (which cannot import packages of the grader)."""
        return self.folder / "grading" / "loops.py"

    @property
    def solutions_dir(self):
        """``solutions/<name>/`` next to the ``assignments/`` folder that holds this one (the repository's, or
        a scaffolded copy's), or under ``AUTOGRADER_SOLUTIONS`` when that is set."""
        if os.environ.get("AUTOGRADER_SOLUTIONS"):  # kept elsewhere (a private repository)
            return Path(os.environ["AUTOGRADER_SOLUTIONS"]) / self.name
        if self.folder is not None and self.folder.parent.name == "assignments":
            return self.folder.parent.parent / "solutions" / self.name
        return SOLUTIONS_DIR / self.name

    @property
    def function_names(self):
        """Graded functions in the order of their first check."""
        return tuple(dict.fromkeys(s.function for s in self.scenarios))

    @property
    def points(self):
        return {f: sum(s.points for s in self.scenarios if s.function == f) for f in self.function_names}

    @property
    def scenario_by_name(self):
        return {s.name: s for s in self.scenarios}

    def scenarios_for(self, functions=None):
        """Scenarios of the named functions (all when ``functions`` is None), in declaration order."""
        return [s for s in self.scenarios if functions is None or s.function in functions]

    def mistakes_of(self, functions):
        """Declared mistakes of the given functions, the first function's first."""
        return [m for f in functions for m in self.mistakes if m.function == f]

    def probes_of(self, function):
        return [p for p in self.probes if p.function == function]

    @cached_property
    def contract(self):
        """The student contract (:class:`~autograder.run.contract.Contract`): what the sandbox checks calls against."""
        from .run.contract import Contract

        return Contract(self.functions, self.defaults)

    @cached_property
    def loops_source(self):
        """The text of ``grading/loops.py``, sent to every worker (read once, not once per submission)."""
        return self.loops_path.read_text(encoding="utf-8") if self.loops_path.is_file() else ""

    def returns(self, function):
        return self.contract.returns(function)

    def parameters(self, function):
        return self.contract.parameters(function)

    def signature_text(self, function):
        """``name(arg, ...)`` as the README and the notebook write it."""
        return self.contract.signature_text(function)

    def output(self, name):
        from .check.components import Output

        return self.outputs.get(name, Output())


# -- loading ---------------------------------------------------------------------------------------------

_LOADED = {}
_LOCK = threading.RLock()


def _module_name(folder):
    return f"_autograder_assignment_{abs(hash(str(folder.resolve())))}"


def load(where):
    """The :class:`Assignment` of a folder (or of a name under ``assignments/``), loaded once per process.

    Its ``grading`` package is imported by path under a private module name, so two assignments, or the same
    one from two folders (a release, a test copy), never collide.
    """
    folder = _folder(where)
    key = str(folder.resolve())
    with _LOCK:
        if key not in _LOADED:
            if not is_assignment_folder(folder):
                raise LookupError(f"{folder} is not an assignment folder: it has no grading/__init__.py")
            declared = _import_package(_module_name(folder), folder / "grading").ASSIGNMENT
            _LOADED[key] = replace(declared, folder=folder.resolve())
        return _LOADED[key]


def is_assignment_folder(folder):
    return (Path(folder) / "grading" / "__init__.py").is_file()


def _import_package(name, folder):
    """Import ``folder/__init__.py`` as package ``name`` (so its relative imports work), once."""
    if name in sys.modules:
        return sys.modules[name]
    init = Path(folder) / "__init__.py"
    spec = importlib.util.spec_from_file_location(name, init, submodule_search_locations=[str(folder)])
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module


@dataclass(frozen=True)
class Solution:
    """The instructor-only part of an assignment: ``solutions/<name>/``."""

    reference: object  # module: the reference implementation of every contract function
    mistakes: object  # module: IMPLEMENTATIONS, (function, mistake name) -> wrong implementation
    hidden: object  # module: HIDDEN_SEED


def load_solutions(assignment):
    """The reference, the wrong implementations and the hidden seed of ``assignment``.

    Loaded by path, never imported by a module of the grader at its top, so no process that runs student code
    ever holds them. Raises LookupError when this copy has no solutions (a student release).
    """
    folder = assignment.solutions_dir
    if not (folder / "__init__.py").is_file():
        raise LookupError(f"no reference solutions for {assignment.name} (looked in {folder})")
    with _LOCK:
        package = f"_autograder_solutions_{assignment.name}_{abs(hash(str(folder.resolve())))}"
        _import_package(package, folder)
        modules = [importlib.import_module(f"{package}.{part}") for part in ("reference", "mistakes", "hidden")]
    return Solution(*modules)


def grading_module(assignment, name):
    """A module of the assignment's ``grading`` package (``"loops"``, ``"data"``), as the grader loaded it."""
    with _LOCK:
        return importlib.import_module(f"{_module_name(load(assignment).folder)}.{name}")


def load_loops(assignment):
    """``{driver name: loop}`` from the assignment's ``grading/loops.py`` (the grader's copy of them)."""
    return dict(grading_module(assignment, "loops").LOOPS) if assignment.loops_path.is_file() else {}


def _folder(where):
    if isinstance(where, Assignment):
        return where.folder
    path = Path(where)
    if path.is_dir():
        return path
    candidate = ASSIGNMENTS_DIR / str(where)
    if candidate.is_dir():
        return candidate
    raise LookupError(f"no assignment {where!r}: known are {', '.join(available()) or 'none'}")


def available():
    """Names of the assignment folders in the repository (a student release has one, at its root)."""
    if not ASSIGNMENTS_DIR.is_dir():
        return [REPOSITORY.name] if (REPOSITORY / "grading" / "__init__.py").is_file() else []
    return sorted(p.name for p in ASSIGNMENTS_DIR.iterdir() if (p / "grading" / "__init__.py").is_file())


def _release_folder():
    """In a student release the assignment folder is the release's root, next to the package."""
    if (REPOSITORY / "grading" / "__init__.py").is_file() and (REPOSITORY / PUBLIC_DATA_NAME).is_file():
        return REPOSITORY
    return None


def configured_default():
    """``[tool.autograder] default-assignment`` of the repository's pyproject.toml, or None."""
    try:
        text = (REPOSITORY / "pyproject.toml").read_text(encoding="utf-8")
    except OSError:
        return None
    # a one-key lookup: tomllib is not in Python 3.10, which the Gradescope image runs
    found = re.search(r'^\s*default-assignment\s*=\s*"([\w-]+)"', text, re.MULTILINE)
    return found.group(1) if found else None


def default():
    """The assignment when none is named: ``AUTOGRADER_ASSIGNMENT`` (a name or a folder), a release's own, the
    repository's only one, or the one pyproject.toml names (``[tool.autograder] default-assignment``), so
    that commands written before there were several keep working."""
    named = os.environ.get("AUTOGRADER_ASSIGNMENT")
    if named:
        return load(named)
    release = _release_folder()
    if release is not None:
        return load(release)
    names = available()
    if len(names) == 1:
        return load(names[0])
    configured = configured_default()
    if configured in names:
        return load(configured)
    raise LookupError(f"several assignments ({', '.join(names)}): name one with --assignment")


def all_assignments():
    return [load(name) for name in available()] if ASSIGNMENTS_DIR.is_dir() else [default()]


def for_functions(functions, candidates=None):
    """The assignment whose contract holds all of ``functions`` (a notebook's ``check(...)`` cell)."""
    candidates = candidates if candidates is not None else all_assignments()
    wanted = set(functions)
    matching = [a for a in candidates if wanted <= set(a.functions)]
    if len(matching) == 1:
        return matching[0]
    if not matching:
        raise LookupError(f"no assignment defines {', '.join(sorted(wanted))}")
    return default()


def for_notebook(path, candidates=None):
    """The assignment a submission belongs to: the notebook's ``metadata.autograder.assignment``, else the one
    whose functions the file defines most of (None when nothing matches)."""
    candidates = candidates if candidates is not None else all_assignments()
    path = Path(path)
    text = ""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    if path.suffix == ".ipynb":
        try:
            name = json.loads(text).get("metadata", {}).get("autograder", {}).get("assignment")
        except (ValueError, AttributeError):
            name = None
        for a in candidates:
            if a.name == name:
                return a
    scores = [(sum(f"def {f}(" in text for f in a.functions), a) for a in candidates]
    best = max((s for s, _ in scores), default=0)
    winners = [a for s, a in scores if s == best and s > 0]
    return winners[0] if len(winners) == 1 else None
