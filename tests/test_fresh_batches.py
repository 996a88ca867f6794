"""Batches of mistakes and correct styles written by people who had not read the grader, graded whole.

``fresh_batches/<batch>/`` each hold ``cases.json`` (and, for batches of edits, a correct ``base.py``):
single-mistake submissions (edits of ``base.py`` or whole files, each mistake confined to one function) and
unusual correct styles (whole files). Batches 1-4 are of the first assignment, ``adaptive1`` and ``adaptive2`` of the second
(its ``cases.json`` names the assignment). They were written after
error carried forward and the diagnosis were built, to measure them; the figures measured then are asserted
here as floors, so they cannot regress. Whether a hint *names* a mistake is judged by phrases the batch's
author listed before seeing any hint (batch 1 only); a person's judgement of the same hints is in the
project's notes; batch 4's and the adaptive batches' cases carry the rating a blind judge gave their hint ("judged").
"""
import json
from pathlib import Path

import pytest

from autograder.check.expectations import ReferenceExpectations
from autograder.grade import Options, grade
from autograder.load import find_submissions

BATCHES = Path(__file__).parent / "fresh_batches"

#: batch -> (mistakes caught, hints naming the mistake by the author's phrases, or None where none were listed,
#: hints a blind judge rated NAMED whose first sentence is still the one judged, or None where not judged on
#: today's hints)
FLOORS = {"batch1": (64, 47, None), "batch2": (63, None, None), "batch3": (74, None, None),
          "batch4": (54, None, 44), "adaptive1": (43, None, None), "adaptive2": (42, None, 34)}


def _data(batch):
    data = json.loads((BATCHES / batch / "cases.json").read_text())
    return data if isinstance(data, dict) else {"assignment": "gradient_descent", "cases": data}


def _cases(batch):
    return _data(batch)["cases"]


def _source(batch, case):
    if "source" in case:
        return case["source"]
    source = (BATCHES / batch / "base.py").read_text()
    for old, new in case["edits"]:
        assert source.count(old) == 1, (case["name"], old)
        source = source.replace(old, new)
    return source


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folders = {}
    for batch in FLOORS:
        folder = tmp_path_factory.mktemp(batch)
        for case in _cases(batch):
            (folder / f"{batch}_{case['name']}.py").write_text(_source(batch, case))
        folders.setdefault(_data(batch)["assignment"], []).append(folder)
    graded = {}
    for assignment, batch_folders in folders.items():
        results = grade(find_submissions(batch_folders), ReferenceExpectations(assignment=assignment), Options(jobs=2))
        graded.update({r.submission: r for r in results})
    return graded


@pytest.mark.parametrize("batch", sorted(FLOORS))
def test_correct_styles_get_full_marks(graded, batch):
    lost = {c["name"]: [t.name for t in graded[f"{batch}_{c['name']}"].tests if t.status == "failed"]
            for c in _cases(batch) if c["kind"] == "correct"}
    assert lost and {name: checks for name, checks in lost.items() if checks} == {}


@pytest.mark.parametrize("batch", sorted(FLOORS))
def test_mistakes_cost_points_on_their_function_only(graded, batch):
    """Caught: the broken function loses points. Collateral: no other function loses any."""
    mistakes = [c for c in _cases(batch) if c["kind"] == "mistake"]
    caught, collateral, named, judged = 0, {}, 0, 0
    for case in mistakes:
        table = graded[f"{batch}_{case['name']}"].by_function()
        score, max_score, failed = table[case["function"]]
        caught += score < max_score
        lost = {f: m - s for f, (s, m, _) in table.items() if f != case["function"] and s != m}
        if lost:
            collateral[case["name"]] = lost
        phrases = [p.lower() for p in case.get("hint_must_mention_any", ())]
        hints = "\n".join(t.output for t in failed).lower()
        named += bool(failed) and any(p in hints for p in phrases)
        judged += bool(failed) and case.get("judged") == "NAMED" and \
            _first_sentence(failed[0].output) == _first_sentence(case["judged_hint"])
    floor_caught, floor_named, floor_judged = FLOORS[batch]
    assert collateral == {}
    assert caught >= floor_caught, f"{batch}: {caught} of {len(mistakes)} mistakes caught"
    if floor_named is not None:
        assert named >= floor_named, f"{batch}: {named} of {len(mistakes)} hints name the mistake"
    if floor_judged is not None:  # a changed hint needs judging again: keep the ones judged NAMED, or re-judge
        assert judged >= floor_judged, f"{batch}: {judged} hints judged NAMED are still given as judged"


def _first_sentence(hint):
    return hint.splitlines()[0].split(". ")[0] if hint else ""
