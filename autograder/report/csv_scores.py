"""A class's scores as CSV: one row per submission, one column per function (for spreadsheets and LMSs)."""
import csv
import io

from .rows import points


def render(results):
    functions = list(dict.fromkeys(f for r in results for f in r.by_function()))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["submission", "score", "max_score", *functions, "failed_checks", "notes"])
    for r in results:
        table = r.by_function()
        writer.writerow([
            r.submission, points(r.score), points(r.max_score),
            *(points(table[f][0]) if f in table else "" for f in functions),
            sum(1 for t in r.tests if t.status == "failed"),
            " | ".join(r.notes),
        ])
    return out.getvalue()
