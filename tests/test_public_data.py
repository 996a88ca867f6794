"""One source of truth: the shipped expected values are generated from solutions/ and are current."""
import json
import subprocess
import sys

from autograder.check.compare import compare
from autograder.check.expectations import (PublicExpectations, dump_public_data, public_data, public_data_is_current,
                                           same_data)
from gd import POINTS, SCENARIOS
from gd import public_data_path

from notebooks import student_notebook


def test_public_data_file_is_current():
    assert public_data_is_current(public_data_path()), (
        "public_checks.json is out of date: run `python -m autograder expected`")


def test_currency_allows_last_digit_differences_only():
    data = json.loads(dump_public_data(public_data()))
    assert same_data(data, data)
    entry = next(iter(data["scenarios"].values()))["expected"]
    name, value = next((k, v) for k, v in entry.items() if v and "array" in v)
    nudged = json.loads(json.dumps(data))
    first = next(iter(nudged["scenarios"].values()))["expected"][name]["array"]
    first[0] = first[0] * (1 + 1e-15) + 1e-300
    assert same_data(data, nudged)
    first[0] = first[0] * (1 + 1e-9) + 1e-9
    assert not same_data(data, nudged)


def test_expected_command_check_mode_reports_current(tmp_path):
    out = tmp_path / "data.json"
    subprocess.run([sys.executable, "-m", "autograder", "expected", "--output", str(out)], check=True)
    check = subprocess.run([sys.executable, "-m", "autograder", "expected", "--output", str(out), "--check"],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    out.write_text(out.read_text().replace('"seed": ', '"seed": 1', 1))
    stale = subprocess.run([sys.executable, "-m", "autograder", "expected", "--output", str(out), "--check"],
                           capture_output=True, text=True)
    assert stale.returncode == 1 and "OUT OF DATE" in stale.stderr and stale.stdout == ""


def test_every_scenario_has_public_values_and_mistakes_that_differ():
    data = PublicExpectations(public_data_path())
    for scenario in SCENARIOS:
        expected = data.expected(scenario)
        assert set(scenario.compare) <= set(expected), scenario.name
        for mistake, outputs in data.mistakes(scenario):
            # a mistake that passes the check could never explain its failure, so it must not be shipped
            assert compare(outputs, expected, scenario.compare, scenario.rtol, scenario.atol) is not None, (
                scenario.name, mistake.name)


def test_public_data_holds_no_reference_code():
    text = public_data_path().read_text()
    for marker in ("def ", "import ", "np.linalg", "return "):
        assert marker not in text


def test_notebook_test_cells_carry_the_cli_points():
    cells = [c for c in student_notebook()["cells"] if c["metadata"].get("nbgrader", {}).get("grade")
             and c["cell_type"] == "code"]
    covered = []
    for cell in cells:
        meta = cell["metadata"]["nbgrader"]
        functions = [f for f in POINTS if f'"{f}"' in "".join(cell["source"])]
        covered += functions
        assert meta["grade_id"] == "test_" + "_".join(functions)
        assert meta["points"] == sum(POINTS[f] for f in functions)
    assert sorted(covered) == sorted(POINTS), "every function is checked by exactly one test cell"


def test_a_check_uses_only_functions_declared_before_its_own():
    """Cause notes are written as checks run, so the functions a check uses must already have run."""
    order = list(POINTS)
    for scenario in SCENARIOS:
        for used in scenario.uses:
            assert order.index(used) < order.index(scenario.function), (scenario.name, used)
