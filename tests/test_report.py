"""The class report on a generated class: every kind of submission an instructor gets, and nothing escapes.

The class is made from 00_start_here (small, with one exercise): right, wrong with known mistakes,
blank, crashing, looping, not JSON, another notebook, one whose stored outputs claim a right answer, and one that
writes files everywhere it can.
"""

import csv
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from IPython.core.formatters import DisplayFormatter

from chainlab.exercises import CHECK_MIME, Feedback, all_exercises, check, get
from chainlab.exercises.engine import XOR_HINT

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "00_start_here.ipynb"
EXERCISE = get("00.1")
TIMEOUT = 20  # seconds per notebook: the looping one costs this much
CHECK_LINE = f'check("{EXERCISE.id}", {EXERCISE.answer_name})'
# Two known mistakes that no other mistake shares an answer with: each names one hint.
MISTAKE_A, MISTAKE_B = [
    m for m in EXERCISE.mistakes if sum(other.answer == m.answer for other in EXERCISE.mistakes) == 1
][:2]
WRITES_EVERYWHERE = """import os
open("inside.txt", "w").write("kept in the copy")
open(os.path.expanduser("~/in_home.txt"), "w").write("kept in the kernel's home")
for path in ["../../../escaped.txt", {outside!r}]:
    try:
        open(path, "w").write("escaped")
    except PermissionError as error:
        print(error)
os.system("touch {outside}.process")"""


def bundle(feedback):
    """What a notebook stores of a Feedback: its MIME bundle, as IPython builds it."""
    return DisplayFormatter().format(feedback)[0]


def test_a_check_shows_its_result_as_data_beside_its_html_and_text():
    for answer, status in ((..., "not answered"), (MISTAKE_A.answer, "wrong"), (EXERCISE.reference, "correct")):
        shown = bundle(check(EXERCISE.id, answer))
        assert set(shown) == {CHECK_MIME, "text/html", "text/plain"}
        assert shown[CHECK_MIME] == {
            "exercise": EXERCISE.id,
            "status": status,
            "mistakes": [MISTAKE_A.hint] if status == "wrong" else [],
        }


def test_the_data_holds_only_hints_never_a_message_that_could_give_the_answer():
    for exercise in (e for e in all_exercises() if not e.expects_function):  # a number or a word: typed in
        for mistake in exercise.mistakes:
            shown = bundle(exercise.check(mistake.answer))[CHECK_MIME]
            assert set(shown) == {"exercise", "status", "mistakes"}
            assert shown["status"] == "wrong" and mistake.hint in shown["mistakes"], exercise.id
            assert set(shown["mistakes"]) <= {m.hint for m in exercise.mistakes} | {XOR_HINT}


def test_feedback_stays_as_judges_build_it():
    assert Feedback(True, "right") == Feedback(True, "right", True, exercise="05.3", mistakes=("a hint",))
    assert bundle(Feedback(False, "a bug", answered=False))[CHECK_MIME]["status"] == "not answered"
    assert repr(Feedback(False, "a bug")) == "✗ Not yet. a bug"


def solution_code():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    solution = next(c.source for c in nb.cells if c.source.startswith("<details>\n<summary>Show the solution"))
    return solution.split("```python\n")[1].split("\n```")[0]


def submission(answer=None, before=None, outputs=None):
    """00_start_here with the exercise cell's code replaced by answer, a cell inserted before it, or stored outputs."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    index = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code" and CHECK_LINE in c.source)
    if answer is not None:
        nb.cells[index].source = answer
    if outputs is not None:
        nb.cells[index].outputs = outputs
    if before is not None:
        nb.cells.insert(index, nbformat.v4.new_code_cell(before))
    return nbformat.writes(nb)


def answering(value):
    return f"{EXERCISE.answer_name} = {value!r}\n\n{CHECK_LINE}"


def digest(folder):
    """{relative path: SHA-256} of every file under folder."""
    files = (path for path in folder.rglob("*") if path.is_file())
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest() for path in files}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The class, the report on it, and what the test folder held before and after."""
    base = tmp_path_factory.mktemp("class-report")
    outside = base / "outside.txt"
    forged = nbformat.v4.new_output(
        "execute_result", data={CHECK_MIME: {"exercise": EXERCISE.id, "status": "correct", "mistakes": []}}
    )
    class_ = base / "class"
    (class_ / "alice").mkdir(parents=True)
    files = {
        "alice/00_start_here.ipynb": submission(solution_code()),
        "bob.ipynb": submission(solution_code()),
        "carol.ipynb": submission(answering(MISTAKE_A.answer)),
        "dave.ipynb": submission(answering(MISTAKE_A.answer)),
        "erin.ipynb": submission(answering(MISTAKE_B.answer)),
        "frank.ipynb": submission(),
        "grace.ipynb": submission(f"{EXERCISE.answer_name} = 1 / 0\n\n{CHECK_LINE}"),
        "heidi.ipynb": submission(before="while True:\n    pass"),
        "ivan.ipynb": '{"cells": [',
        "judy.ipynb": nbformat.writes(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(1)")])),
        "mallory.ipynb": submission(before=WRITES_EVERYWHERE.format(outside=str(outside))),
        "oscar.ipynb": submission(outputs=[forged]),
    }
    for name, text in files.items():
        (class_ / name).write_text(text, encoding="utf-8")
    (base / "tmp").mkdir()  # the report's temporary folder, where the submissions' copies go
    before = digest(base)
    result = subprocess.run(
        [sys.executable, "-m", "chainlab.report", "class", "--out", "report", "--timeout", str(TIMEOUT)],
        cwd=base,
        env={**os.environ, "TMPDIR": str(base / "tmp")},
        capture_output=True,
        text=True,
        timeout=300,
    )
    rows = {row["learner"]: row for row in csv.DictReader((base / "report" / "report.csv").open(encoding="utf-8"))}
    return result, rows, (base / "report" / "report.md").read_text(encoding="utf-8"), before, base


def test_every_submission_gets_a_row(graded):
    result, rows, _, _, _ = graded
    assert result.stdout.startswith("12 submission(s) graded"), result.stderr
    learners = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "oscar"]
    assert sorted(rows) == learners


def test_each_check_result_is_recorded(graded):
    _, rows, _, _, _ = graded
    assert {name: rows[name][EXERCISE.id] for name in rows} == {
        "alice": "correct",
        "bob": "correct",
        "carol": f"wrong: {MISTAKE_A.hint}",
        "dave": f"wrong: {MISTAKE_A.hint}",
        "erin": f"wrong: {MISTAKE_B.hint}",
        "frank": "not answered",
        "grace": "failed",
        "heidi": "failed",
        "ivan": "",
        "judy": "",
        "mallory": "not answered",
        "oscar": "not answered",  # its stored output said correct: the report trusts only its own run
    }


def test_a_broken_submission_says_why_and_the_others_are_graded(graded):
    _, rows, _, _, _ = graded
    assert rows["heidi"]["problems"] == f"stopped after {TIMEOUT} s: it had not finished (an endless loop?)"
    assert rows["ivan"]["problems"].startswith("is not a notebook that can be read")
    assert rows["judy"]["problems"] == "not a notebook of this course: it checks none of its exercises"
    assert rows["judy"]["notebook"] == "" and rows["alice"]["notebook"] == "00"
    for name in ("alice", "bob", "carol", "frank", "grace", "oscar"):
        assert rows[name]["problems"] == "", name


def test_a_submission_that_writes_files_is_stopped_at_its_copy_and_says_so(graded):
    _, rows, report, before, base = graded
    problems = rows["mallory"]["problems"]
    assert "was refused: write ../../../escaped.txt" in problems
    assert f"was refused: write {base / 'outside.txt'}" in problems
    assert "was refused: start a process (os.system)" in problems
    assert "wrote inside.txt in its temporary copy (deleted)" in problems
    after = digest(base)
    assert {path: after[path] for path in before} == before  # the class, and everything beside it, unchanged
    assert all(path.startswith("report/") for path in after.keys() - before.keys()), after.keys() - before.keys()
    assert not list((base / "tmp").iterdir())  # the temporary copies are gone
    assert not (Path.home() / "in_home.txt").exists()  # the kernel had a home of its own
    assert "(watched: class," in report or "**Changed outside" in report  # the report looked, and saw
    assert "\n- class/" not in report  # the class untouched (chainlab is watched too; a developer may edit it)


def test_the_report_counts_the_shares_and_the_named_mistakes(graded):
    _, _, report, _, _ = graded
    # Ten submissions are of notebook 00: 2 right, 3 wrong, 3 not answered, 2 failed.
    assert f"| {EXERCISE.id} · {EXERCISE.prompt} | 2 (20 %) | 3 (30 %) | 3 (30 %) | 2 (20 %) |" in report
    assert f"| 2 | {MISTAKE_A.hint} |" in report
    assert f"| 1 | {MISTAKE_B.hint} |" in report
    assert report.index(MISTAKE_A.hint) < report.index(MISTAKE_B.hint)  # most frequent first


def test_the_report_has_its_figure(graded):
    _, _, report, _, base = graded
    assert "![The shares correct, wrong, not answered and failed, per exercise](00.png)" in report
    assert (base / "report" / "00.png").read_bytes().startswith(b"\x89PNG")


def test_a_report_on_nothing_readable_is_still_written(tmp_path):
    (tmp_path / "broken.ipynb").write_text("not json")
    result = subprocess.run(
        [sys.executable, "-m", "chainlab.report", "broken.ipynb", "--out", "report"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.stdout.startswith("1 submission(s) graded"), result.stderr
    report = (tmp_path / "report" / "report.md").read_text()
    assert "| broken | broken.ipynb | is not a notebook that can be read" in report
    [row] = csv.DictReader((tmp_path / "report" / "report.csv").open())
    assert (row["learner"], row["notebook"]) == ("broken", "")
