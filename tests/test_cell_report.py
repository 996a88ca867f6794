"""The notebook's check() report: one story in text and HTML, the report as data, a score nbgrader reads."""
from autograder.report.cell import MIME, Score, from_json


def answer():
    """What check-cells answers for a wrong sign in grad_fn (two of its checks) and a loop that runs it."""
    def test(name, score, max_score, output="", **more):
        return dict(name=name, function=name.split(":")[0], score=score, max_score=max_score, output=output, **more)

    return {"hidden": False, "score": 2.0, "max_score": 7.0, "notes": ["the cell that starts with `x = 1/0` raised"],
            "tests": [test("model: predictions", 2, 2),
                      test("grad_fn: gradient on the book's data", 0, 2, "The sign is flipped.\n`grad`: expected 1, got -1."),
                      test("grad_fn: gradient on random data", 0, 1, "The sign is flipped."),
                      test("grad_fn: leaves its inputs unchanged", 0, 0.5, "Not scored yet.", withheld=True),
                      test("training_loop: 100 epochs at learning rate 1e-4 on the raw data", 0, 1.5, "This check runs your `grad_fn`: The sign is flipped.",
                           uses=["model", "loss_fn", "grad_fn", "gd_step"])]}


def test_text_and_html_tell_the_first_failure_the_others_by_name_and_the_function_it_comes_from():
    report = from_json(answer())
    text = report.text()
    assert text.count("The sign is flipped") == 1
    assert text.splitlines() == [
        "note: the cell that starts with `x = 1/0` raised",
        "grad_fn: gradient on the book's data  [0/2 points]",
        "    The sign is flipped.",
        "    `grad`: expected 1, got -1.",
        "    Also failing: gradient on random data.",
        "    Not scored until the values are right: leaves its inputs unchanged.",
        "  model                       2 / 2    ok",
        "  grad_fn                     0 / 3.5  2 of 3 checks failing, 1 not scored yet",
        "  training_loop               0 / 1.5  fails because `grad_fn` fails: fix that first",
        "Checks: 2 / 7 points"]
    html = report._repr_html_()
    assert html.count("The sign is flipped") == 1 and "<table>" in html and "<script" not in html
    assert "fails because <code>grad_fn</code> fails" in html
    assert report._repr_mimebundle_()[MIME]["tests"][3] == {
        "name": "grad_fn: leaves its inputs unchanged", "function": "grad_fn", "score": 0, "max_score": 0.5,
        "status": "failed", "withheld": True}


def test_the_score_is_a_float_for_nbgrader_and_points_for_people():
    score = Score(10.0, 21, "Hidden checks")
    assert repr(score) == "10.0" and float(repr(score)) == score == 10.0
    assert "Hidden checks: 10 / 21 points" in score._repr_html_()
