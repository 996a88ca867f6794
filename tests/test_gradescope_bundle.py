"""``gradescope-bundle``: autograder.zip unpacked into a fake ``/autograder`` (AUTOGRADER_ROOT), set up with its
own setup.sh, and run on submissions as Gradescope runs it."""
import stat
import zipfile

import pytest

from autograder.publish.gradescope import build_gradescope
from gradescope_env import build_archive, run_autograder, set_up
from release_env import REPO, TOTAL, notebook, release


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build_archive(tmp_path_factory.mktemp("gradescope"))


@pytest.fixture(scope="module")
def root(archive, tmp_path_factory):
    """A fake /autograder: the archive unpacked into source/ as Gradescope does, then setup.sh run."""
    return set_up(archive, tmp_path_factory.mktemp("autograder-root"))


def test_archive_has_gradescope_layout_and_the_reference(archive, tmp_path):
    with zipfile.ZipFile(archive) as z:
        infos = {i.filename: i for i in z.infolist()}
        members = {name: z.read(name) for name in infos}
    for name in ("setup.sh", "run_autograder"):
        assert stat.S_IMODE(infos[name].external_attr >> 16) == 0o755, name
    assert "autograder/commands/grade.py" in members and "autograder/run/worker.py" in members
    assert not [n for n in members if n.startswith(("autograder/publish/", "autograder/nbgrader/"))]
    # reproducible: fixed times, sorted members, same bytes when built again
    assert {i.date_time for i in infos.values()} == {(1980, 1, 1, 0, 0, 0)} and list(infos) == sorted(infos)
    assert build_gradescope(tmp_path / "again.zip").read_bytes() == archive.read_bytes()
    # the reference travels with it, for error carried forward; the hidden data is computed from it
    for path in (REPO / "solutions").glob("*.py"):
        assert members[f"solutions/{path.name}"] == path.read_bytes()
    assert "hidden_grader.zip" not in members


def test_correct_submission_gets_full_marks(root):
    results = run_autograder(root, {"gradient_descent.ipynb": notebook("completed")})
    assert results["score"] == sum(t["max_score"] for t in results["tests"]) == TOTAL
    assert all(t["status"] == "passed" for t in results["tests"])


def test_buggy_submission_gets_hints_without_hidden_numbers(root):
    results = run_autograder(root, {"gradient_descent.ipynb": notebook("buggy")})
    assert 0 < results["score"] < TOTAL
    failed = {t["name"]: t["output"] for t in results["tests"] if t["status"] == "failed"}
    grad = [output for name, output in failed.items() if name.startswith("grad_fn") and "unchanged" not in name]
    assert grad and all(o.startswith("The factor 2 is missing") for o in grad)
    assert not [o for o in failed.values() if "expected [" in o or "got [" in o]


#: one wrong function that other functions' checks run -> (its points, an edit of correct_vectorized.py)
UPSTREAM = {
    "model": (2, ("return w * np.asarray(t_u, dtype=float) + b", "return w * np.asarray(t_u, dtype=float)")),
    "loss_fn": (3, ("float(np.mean(diff ** 2))", "float(np.sum(diff ** 2))")),
    "grad_fn": (5, ("dloss_dtp = 2 * (", "dloss_dtp = -2 * (")),
    "gd_step": (3, ("return np.asarray(params, dtype=float) - learning_rate",
                    "return np.asarray(params, dtype=float) + learning_rate")),
}


@pytest.mark.parametrize("function", sorted(UPSTREAM))
def test_a_wrong_upstream_function_costs_its_own_points_only(root, tmp_path, function):
    """Error carried forward on Gradescope: the loop, schedules, Adagrad, standardize and critical-rate checks
    keep their points when only a function they run is wrong, and say so."""
    points, (old, new) = UPSTREAM[function]
    source = (REPO / "tests" / "submissions" / "correct_vectorized.py").read_text()
    assert source.count(old) == 1
    (tmp_path / "gradient_descent.py").write_text(source.replace(old, new))
    results = run_autograder(root, {"gradient_descent.py": tmp_path / "gradient_descent.py"})
    lost = {t["name"].split(":")[0] for t in results["tests"] if t["status"] == "failed"}
    assert lost == {function} and results["score"] == TOTAL - points
    carried = [t for t in results["tests"] if t["output"].startswith("`training_loop` is right for correct versions")]
    assert carried and all(f"`{function}`" in t["output"] and t["status"] == "passed" for t in carried)


def test_repository_submission_and_missing_notebook(root):
    # a submission from GitHub is the whole repository: the notebook is found among the package's files
    repository = {"repo": release(), "repo/gradient_descent.ipynb": notebook("completed")}
    results = run_autograder(root, repository)
    assert results["score"] == TOTAL
    results = run_autograder(root, {"notes.txt": REPO / "pyproject.toml"})
    assert results["score"] == 0 and "No gradient_descent.ipynb" in results["output"]
