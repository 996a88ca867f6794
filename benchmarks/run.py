"""Speed and memory of the autograder, measured side by side with nbgrader in one run.

    python benchmarks/run.py [--assignment NAME] [--submissions 100] [--nbgrader-submissions 100] [--repeat 7]

0. Starting a sandbox worker, confined and with the confinement switched off (target: confinement <= 2 ms).
1. A student's ``pytest`` in the assignment folder on a completed notebook, against ``nbgrader validate``
   on the same notebook (median of --repeat runs; target: at most 1 s).
2. ``python -m autograder grade`` on N completed notebooks with ``--jobs 2``, against ``nbgrader autograde``
   on the same notebooks (target: at least 10x faster, peak memory of the whole process tree under 500 MB).
   nbgrader runs on two courses: ours (its test cells call the isolated checks) and a "floor" course with
   empty test cells, i.e. nbgrader's own cost of starting a kernel and running the notebook. The ratio
   against the floor is the conservative one and is the one held to the target.
3. The same class with a wrong ``grad_fn``: every composite check that runs it is rerun with a correct one
   (error carried forward), so this is the worst case of a class where one mistake flows into six functions.
   ``--skip-nbgrader`` leaves out nbgrader's timings (the slow part) for a quick look at ours.
   (Step 3 is the first assignment's; ``--assignment`` times steps 1 and 2 for another one.)
"""
import argparse
import inspect
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
#: the assignment timed (``--assignment``); its folder
NAME = "gradient_descent"
ASSIGNMENT = ROOT / "assignments" / NAME


def completed_notebook():
    from autograder.assignment import load, load_solutions

    reference = load_solutions(load(ASSIGNMENT)).reference
    notebook = json.loads((ASSIGNMENT / f"{NAME}.ipynb").read_text())
    for cell in notebook["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if cell["cell_type"] == "code" and meta.get("solution"):
            cell["source"] = inspect.getsource(getattr(reference, meta["grade_id"]))
    return notebook


def _tree_rss_kib(root_pid):
    """Resident memory of a process and all its descendants, from /proc."""
    children, rss = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                rss[int(entry)] = int(line.split()[1])
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def timed(command, cwd=None, env=None, sample_memory=False):
    """Wall time in seconds and peak tree memory in MiB (0 unless sampled) of one command."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    if sample_memory:
        def sample():
            while process.poll() is None:
                peak[0] = max(peak[0], _tree_rss_kib(process.pid))
                time.sleep(0.05)
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
    _, stderr = process.communicate()
    elapsed = time.perf_counter() - start
    if process.returncode not in (0, 1):
        raise RuntimeError(f"{command} failed ({process.returncode}): {stderr.decode()[-2000:]}")
    return elapsed, peak[0] / 1024


def median_time(command, repeat, **kwargs):
    return statistics.median(timed(command, **kwargs)[0] for _ in range(repeat))


def build_course(folder, floor):
    subprocess.run([str(BIN / "python"), "-m", "autograder", "nbgrader-course", str(folder)], check=True,
                   stdout=subprocess.DEVNULL)
    if floor:  # nbgrader's own cost: same notebook, test cells that check nothing
        source = folder / "source" / NAME / f"{NAME}.ipynb"
        notebook = json.loads(source.read_text())
        for cell in notebook["cells"]:
            meta = cell["metadata"].get("nbgrader", {})
            if meta.get("grade") and not meta.get("solution"):
                cell["source"] = "# checks left out of the baseline\n"
        source.write_text(json.dumps(notebook))
    subprocess.run([str(BIN / "nbgrader"), "generate_assignment", NAME, "--force"], cwd=folder,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def autograde_time(folder, notebook, count, floor):
    build_course(folder, floor)
    for i in range(count):
        target = folder / "submitted" / f"student{i:03d}" / NAME
        target.mkdir(parents=True)
        (target / f"{NAME}.ipynb").write_text(json.dumps(notebook))
    seconds, _ = timed([str(BIN / "nbgrader"), "autograde", NAME, "--create", "--force"], cwd=folder)
    return seconds


WORKER_START_PROBE = r"""
import os, statistics, sys, time
from autograder.run.runner import Launcher
with Launcher() as launcher:
    launcher.start().kill()
    times = []
    for _ in range(int(sys.argv[1])):
        start = time.perf_counter()
        process = launcher.start()
        times.append(time.perf_counter() - start)
        process.kill()
print(statistics.median(times), process.isolation.summary())
"""


def worker_start(python, confined, count=40):
    """Median seconds for the fork server to fork a worker, confine it and get its hello; and its level."""
    env = dict(os.environ)
    env.pop("AUTOGRADER_CONFINE", None)
    if not confined:
        env["AUTOGRADER_CONFINE"] = "off"
    out = subprocess.run([python, "-c", WORKER_START_PROBE, str(count)], env=env, cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout.split(" ", 1)
    return float(out[0]), out[1].strip()


def main():
    global NAME, ASSIGNMENT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=100)
    parser.add_argument("--nbgrader-submissions", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--skip-nbgrader", action="store_true", help="time only the autograder")
    parser.add_argument("--assignment", default=NAME, help=f"the assignment to time (default {NAME})")
    args = parser.parse_args()
    NAME, ASSIGNMENT = args.assignment, ROOT / "assignments" / args.assignment
    sys.path.insert(0, str(ROOT))
    # nbgrader runs helpers (alembic, jupyter) by name: they must come from this environment
    os.environ["PATH"] = f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"
    notebook = completed_notebook()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        done = tmp / "done.ipynb"
        done.write_text(json.dumps(notebook))
        env = dict(os.environ, GD_SUBMISSION=str(done))
        python = str(BIN / "python")

        print("0. starting a sandbox worker (median of 40 forks)", flush=True)
        confined, level = worker_start(python, confined=True)
        unconfined, _ = worker_start(python, confined=False)
        overhead = (confined - unconfined) * 1000
        print(f"   confined {confined * 1000:.2f} ms, unconfined {unconfined * 1000:.2f} ms: confinement costs "
              f"{overhead:.2f} ms (target <= 2 ms: {'ok' if overhead <= 2 else 'MISSED'}); level {level}")

        print("1. student feedback on one completed notebook (median of %d)" % args.repeat, flush=True)
        ours = median_time([python, "-m", "pytest", "-q"], args.repeat, cwd=ASSIGNMENT, env=env)
        print(f"   pytest in the assignment folder  {ours:6.2f} s   (target <= 1 s: {'ok' if ours <= 1 else 'MISSED'})")
        if not args.skip_nbgrader:
            validate = median_time([str(BIN / "nbgrader"), "validate", str(done)], max(3, args.repeat // 2),
                                   cwd=ASSIGNMENT)
            print(f"   nbgrader validate                {validate:6.2f} s   ratio {validate / ours:.1f}x")

        print(f"2. grading {args.submissions} completed notebooks", flush=True)
        klass = tmp / "class"
        klass.mkdir()
        for i in range(args.submissions):
            (klass / f"student{i:03d}.ipynb").write_text(json.dumps(notebook))
        grade_seconds, peak = timed([python, "-m", "autograder", "grade", str(klass), "--jobs", "2", "--quiet",
                                     "--out", str(tmp / "results")], sample_memory=True)
        print(f"   autograder grade --jobs 2        {grade_seconds:6.2f} s   peak memory {peak:.0f} MiB "
              f"(target < 500: {'ok' if peak < 500 else 'MISSED'})", flush=True)
        if not args.skip_nbgrader:
            nbgrader_times(tmp, notebook, args, grade_seconds)
        if NAME == "gradient_descent":
            carried_forward_time(tmp, notebook, args.submissions, grade_seconds)


def nbgrader_times(tmp, notebook, args, grade_seconds):
    """nbgrader autograde on the same class, in the floor course and in ours (scaled from fewer notebooks)."""
    count = args.nbgrader_submissions
    floor = autograde_time(tmp / "floor", notebook, count, floor=True) * args.submissions / count
    print(f"   nbgrader autograde, floor course {floor:6.2f} s   ratio {floor / grade_seconds:.1f}x "
          f"(target >= 10x: {'ok' if floor / grade_seconds >= 10 else 'MISSED'})", flush=True)
    course = autograde_time(tmp / "course", notebook, count, floor=False) * args.submissions / count
    print(f"   nbgrader autograde, our course   {course:6.2f} s   ratio {course / grade_seconds:.1f}x")
    if count != args.submissions:
        print(f"   (nbgrader timed on {count} notebooks and scaled to {args.submissions})")


def carried_forward_time(tmp, notebook, submissions, grade_seconds):
    """The class again with a wrong grad_fn: six composite functions' checks are rerun with a correct one."""
    wrong = json.loads(json.dumps(notebook).replace("dloss_dtp = 2.0 * (", "dloss_dtp = -2.0 * ("))
    assert wrong != notebook
    buggy = tmp / "buggy"
    buggy.mkdir()
    for i in range(submissions):
        (buggy / f"student{i:03d}.ipynb").write_text(json.dumps(wrong))
    seconds, peak = timed([str(BIN / "python"), "-m", "autograder", "grade", str(buggy), "--jobs", "2", "--quiet",
                           "--out", str(tmp / "results-buggy")], sample_memory=True)
    print(f"3. grading {submissions} notebooks with a wrong grad_fn (error carried forward)")
    print(f"   autograder grade --jobs 2        {seconds:6.2f} s   peak memory {peak:.0f} MiB, "
          f"{seconds / grade_seconds:.1f}x the completed class", flush=True)


if __name__ == "__main__":
    main()
