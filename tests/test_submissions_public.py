"""A few of tests/submissions/ graded with the public checks' shipped data, as students see them locally."""
import pytest

from autograder.check.expectations import PublicExpectations
from autograder.grade import Options, grade
from autograder.load import find_submissions
from gd import public_data_path

from mistaken import write_buggy
from test_submissions import BUGGY, SUBMISSIONS

NAMES = ["correct_loops", "correct_lists_tuples", "bug_grad_missing_factor_2", "bug_adagrad_not_kept",
         "bug_standardize_ddof1", "bug_sgd_sequential_update"]


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    buggy = write_buggy(tmp_path_factory.mktemp("buggy"), [n for n in NAMES if n.startswith("bug_")])
    correct = [SUBMISSIONS / f"{name}.py" for name in NAMES if name.startswith("correct_")]
    submissions = find_submissions(correct + buggy)
    graded = grade(submissions, PublicExpectations(public_data_path()), Options(jobs=2))
    return {r.submission: r for r in graded}


@pytest.mark.parametrize("name", [n for n in NAMES if n.startswith("correct_")])
def test_correct_variant_passes_the_public_checks(results, name):
    assert [t.output for t in results[name].tests if t.status == "failed"] == []
    assert results[name].score == results[name].max_score == 47


@pytest.mark.parametrize("name", [n for n in NAMES if n.startswith("bug_")])
def test_buggy_variant_gets_the_same_hint_with_numbers(results, name):
    function, keyword = BUGGY[name]
    score, max_score, failed = results[name].by_function()[function]
    assert score < max_score and failed
    for test in failed:
        if test.withheld:
            continue
        assert keyword in test.output, test.output
        assert not test.hidden
        # public checks may show the numbers: "expected [...], got [...]"
        if "differs" in test.output:
            assert "expected" in test.output and "got" in test.output, test.output


def test_public_checks_point_at_the_failing_function_they_run(results):
    """Without reference code (a student's machine) nothing is carried forward: the loop's checks fail and
    say which function they run that fails its own checks."""
    loop = [t for t in results["bug_grad_missing_factor_2"].tests if t.function == "training_loop"]
    assert loop and all(t.status == "failed" and not t.carried_forward for t in loop if not t.name.endswith("unchanged"))
    assert all("`grad_fn`" in t.output for t in loop if t.status == "failed")
