"""The grader core knows no assignment: every assignment is a folder the core loads (issue 9).

``autograder/`` names no assignment and no function of any assignment's contract, and imports no assignment
or solution module by name; each assignment's declarations are its own folder's.
"""
import re
from pathlib import Path

from autograder.assignment import all_assignments, available, load

PACKAGE = Path(__file__).resolve().parent.parent / "autograder"
TEXT_FILES = [p for p in PACKAGE.rglob("*") if p.is_file() and p.suffix in (".py", ".md", ".yml", ".toml", ".sh", "")
              and "__pycache__" not in p.parts]


def _assignment_words():
    words = set()
    for assignment in all_assignments():
        words.add(assignment.name)
        words.update(assignment.functions)
    return words


def test_there_are_several_assignments_and_each_is_a_folder_of_its_own():
    names = available()
    assert {"gradient_descent", "adaptive_optimizers"} <= set(names), names
    for name in names:
        assignment = load(name)
        assert assignment.folder.name == name and assignment.notebook_path.is_file()
        assert (assignment.folder / "grading" / "__init__.py").is_file()
        assert assignment.solutions_dir.is_dir()


def test_the_core_names_no_assignment_and_no_contract_function():
    words = _assignment_words()
    pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")\b")
    found = []
    for path in TEXT_FILES:
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
            for match in pattern.finditer(line):
                found.append(f"{path.relative_to(PACKAGE.parent)}:{number}: {match.group(0)}")
    assert found == [], "\n".join(found)
    assert len(TEXT_FILES) > 50  # the scan looked at the package


def test_the_core_imports_no_assignment_or_solution_module():
    imports = re.compile(r"^\s*(from|import)\s+(solutions|assignments)\b", re.MULTILINE)
    offenders = [str(p) for p in TEXT_FILES if p.suffix == ".py" and imports.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
