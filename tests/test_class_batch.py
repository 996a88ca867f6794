"""Big classes: ``grade --shard K/N`` and ``merge`` give the scores of one run; ``--cache`` regrades only what
changed; and what the class got wrong, ranked, on the demo class."""
import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder import cache
from autograder.check.expectations import ReferenceExpectations
from autograder.commands.grade import select_shard
from autograder.grade import Options, grade
from autograder.load import find_submissions
from autograder.report import causes, class_html, table

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SUBMISSIONS = Path(__file__).resolve().parent / "submissions"


def cli(*args):
    return subprocess.run([sys.executable, "-m", "autograder", *map(str, args)], cwd=REPO, capture_output=True,
                          text=True, timeout=300)


def test_shards_are_disjoint_cover_the_class_and_are_balanced():
    items = list(range(23))
    parts = [select_shard(items, k, 4) for k in range(1, 5)]
    assert sorted(x for part in parts for x in part) == items
    assert {len(part) for part in parts} == {5, 6}
    assert select_shard(items, 2, 4) == select_shard(list(items), 2, 4)  # deterministic


def test_sharded_grading_merged_gives_the_scores_of_one_run(tmp_path):
    one = cli("grade", EXAMPLES, SUBMISSIONS, "--jobs", "2", "--out", tmp_path / "one", "--format", "csv,summary",
              "-q")
    assert one.returncode == 0, one.stderr
    total = len(find_submissions([EXAMPLES, SUBMISSIONS]))
    for k in (1, 2, 3):
        shard = cli("grade", EXAMPLES, SUBMISSIONS, "--shard", f"{k}/3", "--out", tmp_path / f"shard{k}")
        assert shard.returncode == 0, shard.stderr
        assert f"shard {k}/3: {len(select_shard(list(range(total)), k, 3))} of {total} submissions" in shard.stderr
    names = [sorted(p.name for p in (tmp_path / f"shard{k}").iterdir()) for k in (1, 2, 3)]
    assert sum(len(n) for n in names) == total and len({x for n in names for x in n}) == total
    merged = cli("merge", tmp_path / "shard1", tmp_path / "shard2", tmp_path / "shard3", "--out", tmp_path / "merged")
    assert merged.returncode == 0, merged.stderr
    for name in ("scores.csv", "causes.csv"):
        assert (tmp_path / "merged" / name).read_text() == (tmp_path / "one" / name).read_text(), name
    assert merged.stdout == one.stdout  # the same class summary and ranked causes
    page = (tmp_path / "merged" / "class.html").read_text()
    assert page == (tmp_path / "one" / "class.html").read_text()
    # a submission graded by two shards is refused, not counted twice
    shutil.copytree(tmp_path / "shard1", tmp_path / "again")
    twice = cli("merge", tmp_path / "shard1", tmp_path / "again", "--out", tmp_path / "bad")
    assert twice.returncode == 2 and "in two shards" in twice.stderr


def _counts(stderr):
    line = next(l for l in stderr.splitlines() if "from the cache" in l and l.startswith("cache "))
    return line.split(": ", 1)[1]


def test_the_cache_regrades_only_what_changed(tmp_path):
    students = tmp_path / "class"
    students.mkdir()
    for path in sorted(EXAMPLES.glob("*.py"))[:4]:
        shutil.copy(path, students / path.name)
    data = tmp_path / "public_checks.json"
    shutil.copy(REPO / "assignments" / "gradient_descent" / "public_checks.json", data)
    common = ("--public", "--expected-values", data, "--cache", tmp_path / "cache")

    first = cli("grade", students, *common, "--out", tmp_path / "out1")
    assert first.returncode == 0, first.stderr
    assert _counts(first.stderr) == "0 from the cache, 4 graded"
    second = cli("grade", students, *common, "--out", tmp_path / "out2")
    assert _counts(second.stderr) == "4 from the cache, 0 graded"
    for path in (tmp_path / "out1").glob("*/results.json"):
        assert (tmp_path / "out2" / path.parent.name / "results.json").read_text() == path.read_text()

    # one student pushes a fix: only that one is graded again, and its score changes
    ben = students / "ben_sum_not_mean.py"
    fixed = ben.read_text().replace("float(squared_diffs.sum())", "float(squared_diffs.mean())")
    assert fixed != ben.read_text()
    ben.write_text(fixed)
    third = cli("grade", students, *common, "--out", tmp_path / "out3")
    assert _counts(third.stderr) == "3 from the cache, 1 graded"
    before = json.loads((tmp_path / "out1" / "ben_sum_not_mean" / "results.json").read_text())
    after = json.loads((tmp_path / "out3" / "ben_sum_not_mean" / "results.json").read_text())
    assert after["score"] > before["score"]

    # the checks' data change: everything is graded again
    data.write_text(data.read_text() + "\n")
    fourth = cli("grade", students, *common, "--out", tmp_path / "out4")
    assert _counts(fourth.stderr) == "0 from the cache, 4 graded"
    # other options (a time limit) are another key too
    fifth = cli("grade", students, *common, "--out", tmp_path / "out5", "--timeout", "5")
    assert _counts(fifth.stderr) == "0 from the cache, 4 graded"


def test_the_key_covers_the_reference_and_the_grader_code(tmp_path, monkeypatch):
    reference = tmp_path / "solutions"
    reference.mkdir()
    (reference / "gradient_descent.py").write_text("def model(t_u, w, b):\n    return w * t_u + b\n")
    before = cache.grader_fingerprint([reference])
    assert cache.grader_fingerprint([reference]) == before
    (reference / "gradient_descent.py").write_text("def model(t_u, w, b):\n    return w * t_u - b\n")
    changed_reference = cache.grader_fingerprint([reference])
    assert changed_reference != before
    code = tmp_path / "package"
    shutil.copytree(cache.PACKAGE, code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE", code)
    assert cache.grader_fingerprint([reference]) == changed_reference
    (code / "check" / "evaluate.py").write_text((code / "check" / "evaluate.py").read_text() + "\n# changed\n")
    assert cache.grader_fingerprint([reference]) != changed_reference


# What the class got wrong -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo_class(tmp_path_factory):
    """The demo class with more students: three summed the loss, two swapped Adagrad's order, one has both
    of Gus's mistakes, two are right."""
    folder = tmp_path_factory.mktemp("demo")
    copies = {"ben_sum_not_mean.py": ["ben", "bea", "bo"], "chloe_adagrad_order.py": ["chloe", "chad"],
              "gus_no_bias_column.py": ["gus"], "ada_correct.ipynb": ["ada", "al"]}
    for source, names in copies.items():
        for name in names:
            shutil.copy(EXAMPLES / source, folder / f"{name}{Path(source).suffix}")
    return grade(find_submissions([folder]), ReferenceExpectations(), Options(jobs=2))


def test_causes_are_ranked_by_how_many_students_made_them(demo_class):
    ranked = causes.rank(demo_class)
    top = [(c.key, c.count) for c in ranked]
    assert top[:2] == [("loss_fn.sum_not_mean", 3), ("grad_fn.sum_not_mean", 3)]
    assert [count for key, count in top if key.startswith("adagrad_step.")] == [2]
    assert [c.count for c in ranked] == sorted((c.count for c in ranked), reverse=True)
    assert sorted(ranked[0].submissions) == ["bea", "ben", "bo"]
    assert all(len(set(c.submissions)) == c.count for c in ranked)  # a student counts once per cause
    assert not any("ada" in c.submissions or "al" in c.submissions for c in ranked)


def test_the_ranking_in_console_csv_and_html(demo_class):
    text = table.class_causes(demo_class)
    lines = text.splitlines()
    assert lines[0] == "Most common mistakes (submissions that made each):"
    assert lines[1].startswith("  3 of 8  loss_fn: You summed the squared errors  (")
    rows = list(csv.DictReader(io.StringIO(causes.render_csv(causes.rank(demo_class), len(demo_class)))))
    assert rows[0]["function"] == "loss_fn" and rows[0]["submissions"] == "3" and rows[0]["share"] == "0.375"
    assert sorted(rows[0]["who"].split()) == ["bea", "ben", "bo"]
    page = class_html.render(demo_class)
    assert page.index("You summed the squared errors") < page.index(next(
        c.summary for c in causes.rank(demo_class) if c.function == "adagrad_step"))
    assert 'style="width:37.5%"' in page and 'style="width:25.0%"' in page and "<script" not in page
    assert "3 of 8" in page and "bea, ben, bo" in page  # who, in the class's order


def test_cause_of_reads_only_failed_checks_with_a_named_mistake():
    from autograder.result import CheckResult

    assert causes.cause_of(CheckResult("a", "grad_fn", 0, 1, "x", mistake="grad_fn.sign_flipped")) == "grad_fn.sign_flipped"
    assert causes.cause_of(CheckResult("a", "grad_fn", 0, 1, "x")) is None
    assert causes.cause_of(CheckResult("a", "grad_fn", 1, 1, "", mistake="grad_fn.sign_flipped")) is None
