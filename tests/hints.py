"""Every hint text the grader can give, and a test of whether a text spells out a line of the reference.

Hints point at a mistake; they must not hand over the solution. A hint "solves" when it contains a complete
line of ``solutions/gradient_descent/reference.py`` (whitespace-normalized, also without a leading ``return``); lines
every submission shares with the reference anyway (conversions such as ``t_u = np.asarray(t_u, dtype=float)``,
a bare ``return x, y``, ``break``) do not count.
"""
import ast
import re
from pathlib import Path

from gd import MISTAKES
from gd import PROBES
from gd import SCENARIOS

REFERENCE = Path(__file__).resolve().parent.parent / "solutions" / "gradient_descent" / "reference.py"

TRIVIAL = (
    re.compile(r"^(\w+) = np\.(asarray|array)\(\1, dtype=float\)$"),  # a conversion of an argument
    re.compile(r"^return [\w, ]+$"),  # a bare return of names
    re.compile(r"^(break|continue|pass|losses = \[\])$"),
    re.compile(r"^(def|import|from|class) "),
)


def normalize(text):
    return " ".join(text.split())


def reference_lines():
    """Normalized code lines of the reference (no docstrings, comments or trivial lines)."""
    source = REFERENCE.read_text()
    docstrings = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.Module)) and ast.get_docstring(node) is not None:
            first = node.body[0]
            docstrings.update(range(first.lineno, first.end_lineno + 1))
    lines = set()
    for number, line in enumerate(source.splitlines(), 1):
        text = normalize(line.split("#", 1)[0])
        if number in docstrings or not text or any(p.search(text) for p in TRIVIAL):
            continue
        lines.add(text)
        if text.startswith("return "):
            lines.add(text[len("return "):])
    return sorted(lines)


def solving_lines(hint, lines=None):
    """The reference lines that ``hint`` contains (empty when it only points)."""
    text = normalize(hint)
    squeezed = text.replace(" ", "")
    return [line for line in (lines or reference_lines()) if line in text or line.replace(" ", "") in squeezed]


def declared_hints():
    """Every hint text written in the package: declared mistakes, scenario fallbacks, probe descriptions."""
    texts = [m.hint for m in MISTAKES] + [s.hint for s in SCENARIOS]
    texts += [p.about for p in PROBES] + [p.means for p in PROBES if p.means]
    return texts
