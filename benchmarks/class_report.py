"""The class report on a class of 30: how long `python -m chainlab.report` takes to grade one notebook for all.

The class is generated from the course notebook with the most exercises: learner i answers exercise k with its
solution, a known wrong answer, or nothing, in turn ((i + k) % 5: two right, two wrong, one blank; an exercise whose
known mistakes are all functions gets nothing where a wrong answer is due). ``python benchmarks/class_report.py``
prints the rows; ``bench_rows()`` gives them to ``make bench`` (benchmarks/run_all.py).
"""

import csv
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import nbformat

from chainlab.exercises import all_exercises

ROOT = Path(__file__).resolve().parent.parent
LEARNERS = 30
TARGET_SECONDS = 180
SOLUTION_CODE = re.compile(r"^```python\n(.*?)\n```$", re.S | re.M)


def ok(value, limit):
    return "ok" if value < limit else "**over**"


def busiest_notebook():
    """(path, number) of the course notebook with the most exercises (the first of those, on a tie)."""
    notebooks = {path.name[:2]: path for path in sorted((ROOT / "notebooks").glob("*.ipynb"))}
    exercises = Counter(e.id.split(".")[0] for e in all_exercises() if e.id.split(".")[0] in notebooks)
    number = exercises.most_common(1)[0][0]
    return notebooks[number], number


def answers(nb, number):
    """[(cell index, solution code, [code of each known wrong answer that is not a function])] per exercise."""
    found = []
    for exercise in (e for e in all_exercises() if e.id.startswith(number + ".")):
        check = f'check("{exercise.id}", {exercise.answer_name})'
        index = next(
            i for i, c in enumerate(nb.cells) if c.cell_type == "code" and check in c.source and "..." in c.source
        )
        solution = next(c.source for c in nb.cells[index:] if c.source.startswith("<details>"))
        known = [m.answer for m in exercise.mistakes if not callable(m.answer)]
        wrong = [f"{exercise.answer_name} = {answer!r}\n\n{check}" for answer in known]
        found.append((index, SOLUTION_CODE.search(solution)[1], wrong))
    return found


def write_class(folder):
    """LEARNERS submissions of the busiest notebook in folder; (its number, how many exercises)."""
    path, number = busiest_notebook()
    original = nbformat.read(path, as_version=4)
    exercises = answers(original, number)
    for learner in range(LEARNERS):
        nb = nbformat.from_dict(original)
        for k, (index, solution, wrong) in enumerate(exercises):
            turn = (learner + k) % 5
            if turn < 2:
                nb.cells[index].source = solution
            elif turn < 4 and wrong:
                nb.cells[index].source = wrong[learner % len(wrong)]
        nbformat.write(nb, folder / f"learner{learner:02d}.ipynb")
    return number, len(exercises)


def bench_rows():
    """Rows (what, measured, target, verdict) for make bench's table."""
    with tempfile.TemporaryDirectory(prefix="chainlab-bench-class-") as folder:
        number, n_exercises = write_class(Path(folder))
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "chainlab.report", folder, "--out", f"{folder}/report"],
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - start
        table = Path(folder) / "report" / "report.csv"
        graded = len(list(csv.DictReader(table.open()))) if table.exists() else 0
    if result.returncode != 0 or graded != LEARNERS:
        verdict = f"**failed**: {graded} graded; {result.stderr.strip()[-200:]}"
    else:
        verdict = ok(seconds, TARGET_SECONDS)
    return [
        (
            f"class report: {LEARNERS} generated submissions of notebook {number} ({n_exercises} exercises), "
            "`python -m chainlab.report`, wall",
            f"{seconds:.0f} s",
            f"< {TARGET_SECONDS} s",
            verdict,
        )
    ]


if __name__ == "__main__":
    for row in bench_rows():
        print(" | ".join(row))
