"""Gradescope's ``results.json`` schema: score, max_score, and one entry per test."""
import json


def to_dict(result):
    return {
        "score": result.score,
        "max_score": result.max_score,
        "output": "\n".join(result.notes),
        "tests": [
            {"name": t.name, "score": t.score, "max_score": t.max_score, "status": t.status, "output": t.output}
            for t in result.tests
        ],
    }


def write(result, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(to_dict(result), indent=2) + "\n")
