"""The exercise pattern in every notebook, as a learner meets it.

Each exercise has one cell with a skeleton to fill in (``slope = ...``, or ``def dy_dx(x): return ...``) and its
check. Its solution follows in a folded ``<details>`` block: markdown, so Run All never runs it and never overwrites
the learner's answer, and nothing of it shows until it is opened. Nothing visible gives an answer away, in the saved
file or after running the notebook unanswered; and every solution, substituted for the learner's answer, passes.
"""

import json
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

from chainlab import exercises
from chainlab.exercises.engine import NumbersExercise

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
SOLUTION = re.compile(r"\A<details>\n<summary>Show the solution</summary>\n\n(?P<body>.*)\n</details>\Z", re.S)
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)\n```$", re.S | re.M)
IMAGE_DATA = re.compile(r"data:image/[a-z+]+;base64,[A-Za-z0-9+/=]+")
NUMBER = re.compile(r"(?<![\w.])[-−]?\d+(?:\.\d+)?(?:e[-+]?\d+)?(?![\w.])")


@dataclass(frozen=True)
class Asked:
    """An exercise as its notebook asks it: the learner's cell, and the solution's cell and code."""

    exercise: exercises.Exercise
    cell: int
    solution_cell: int
    solution: str


def asked_in(nb, path):
    number = path.name[:2]
    found = []
    for exercise in (e for e in exercises.all_exercises() if e.id.startswith(number + ".")):
        cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and f'check("{exercise.id}",' in c.source]
        asking = [i for i in cells if "..." in nb.cells[i].source]
        assert len(asking) == 1, f"{exercise.id}: {len(asking)} cells with a placeholder (want exactly one)"
        after = [i for i in range(asking[0] + 1, len(nb.cells)) if nb.cells[i].source.startswith("<details>")]
        assert after, f"{exercise.id}: no folded solution after the exercise"
        match = SOLUTION.match(nb.cells[after[0]].source)
        assert match, f"{exercise.id}: the solution is not a <details> block summarised 'Show the solution'"
        blocks = PYTHON_BLOCK.findall(match["body"])
        assert len(blocks) == 1, f"{exercise.id}: the solution holds {len(blocks)} python blocks (want one)"
        found.append(Asked(exercise, asking[0], after[0], blocks[0]))
    return found


@pytest.fixture(params=NOTEBOOKS, ids=[p.name for p in NOTEBOOKS], scope="module")
def notebook(request):
    nb = nbformat.read(request.param, as_version=4)
    return request.param, nb, asked_in(nb, request.param)


def check_line(exercise):
    return f'check("{exercise.id}", {exercise.answer_name})'


def visible_outputs(cell):
    """The text a learner sees of a cell's outputs (an explorer's live widget and static image excepted)."""
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            yield out.text
        elif WIDGET_VIEW not in out.get("data", {}):
            texts = (text for mime, text in out.get("data", {}).items() if mime.startswith("text/"))
            yield from (IMAGE_DATA.sub("", text) for text in texts)  # a figure's pixels are no text a learner reads


def plain_text(cell):
    return "".join(out.get("text", "") or out.get("data", {}).get("text/plain", "") for out in cell.outputs)


def answer_lines(asked):
    """The lines of a solution that carry its answer: the assignment of a number, or a function's return."""
    return [
        line.strip()
        for line in asked.solution.splitlines()
        if line.strip().startswith("return ") or line.startswith(f"{asked.exercise.answer_name} =")
    ]


def assert_nothing_gives_an_answer_away(nb, asked):
    folded = {a.solution_cell for a in asked}
    shown = [text for cell in nb.cells for text in visible_outputs(cell)]
    for text in shown:
        assert "✓ Correct" not in text, text
    for a in asked:
        reference = a.exercise.reference
        numbers = reference if isinstance(reference, tuple) else (reference,)  # a NumbersExercise's are a tuple
        for number in numbers:
            if not isinstance(number, float) or number == 0:  # 0 is in every other table: nothing to find
                continue
            for text in shown:
                for token in NUMBER.findall(text):
                    value = float(token.replace("−", "-"))
                    assert not np.isclose(value, number, rtol=1e-3, atol=0), f"{a.exercise.id}'s answer in: {text}"
        for i, cell in enumerate(nb.cells):
            if i in folded or i == a.cell:
                continue
            for line in answer_lines(a):
                assert line not in cell.source, f"{a.exercise.id}'s solution line {line!r} shows in cell {i}"


def test_every_exercise_offers_a_skeleton_and_its_check(notebook):
    _, nb, asked = notebook
    for a in asked:
        source, exercise = nb.cells[a.cell].source, a.exercise
        assert source.rstrip().endswith(check_line(exercise)), source
        if exercise.judge:  # engine code: a body to write, explained by a comment
            skeleton = rf"def {exercise.answer_name}\({', '.join(exercise.variables)}\):\n(    #.*\n)*    \.\.\.\n"
            assert re.search(skeleton, source), f"{exercise.id} offers no def skeleton: {source}"
        elif exercise.expects_function:  # return ..., or (..., ...) for a gradient
            returns = r"return (\.\.\.|\((\.\.\., )+\.\.\.\))"
            skeleton = rf"def {exercise.answer_name}\({', '.join(exercise.variables)}\):\n    {returns}"
            assert re.search(skeleton, source), f"{exercise.id} offers no def skeleton: {source}"
        elif isinstance(exercise, NumbersExercise):
            placeholders = ", ".join(["..."] * len(exercise.reference))
            assert f"{exercise.answer_name} = ({placeholders})" in source, source
        else:
            assert f"{exercise.answer_name} = ..." in source, source


def test_every_check_in_a_notebook_is_one_of_its_exercises(notebook):
    path, nb, _ = notebook
    ids = {e.id for e in exercises.all_exercises()}
    for cell in nb.cells:
        for exercise_id in re.findall(r'check\("([\d.]+)"', cell.source):
            assert exercise_id in ids and exercise_id.startswith(path.name[:2]), exercise_id


def test_every_solution_ends_with_the_exercise_check(notebook):
    _, _, asked = notebook
    for a in asked:
        assert a.solution.rstrip().endswith(check_line(a.exercise)), a.solution


def test_nothing_gives_an_answer_away_in_the_saved_file(notebook):
    _, nb, asked = notebook
    assert_nothing_gives_an_answer_away(nb, asked)


def execute(nb, path):
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


def test_nothing_gives_an_answer_away_after_run_all_unanswered(notebook):
    path, nb, asked = notebook
    ran = execute(nbformat.from_dict(nb), path)
    for a in asked:
        assert plain_text(ran.cells[a.cell]).startswith("… Not answered yet."), a.exercise.id
    assert_nothing_gives_an_answer_away(ran, asked)


def test_every_solution_substituted_for_the_answer_passes(notebook):
    """Every exercise cell replaced by its solution, then the notebook run top to bottom from a fresh kernel:
    each check must say correct, with the answers before it in place, as a learner who solved them has it."""
    path, nb, asked = notebook
    solved = nbformat.from_dict(nb)
    for a in asked:
        solved.cells[a.cell].source = a.solution
    ran = execute(solved, path)
    for a in asked:
        shown = plain_text(ran.cells[a.cell])
        assert shown.startswith("✓ Correct."), f"{a.exercise.id}: {shown}"


PROBE = (Path(__file__).with_name("probe_free_answers.py")).read_text()


def test_no_name_defined_above_an_exercise_passes_it(notebook):
    """Before each exercise, every function and number the notebook has defined, and one call of each function on a
    number the prompt names, is handed to the exercise's check (tests/probe_free_answers.py): none may pass."""
    path, nb, asked = notebook
    probed = nbformat.from_dict(nb)
    for a in sorted(asked, key=lambda a: a.cell, reverse=True):
        probe = f'passing("{a.exercise.id}", {{k: v for k, v in globals().items() if k not in _defined_by_the_probe}})'
        probed.cells.insert(a.cell, nbformat.v4.new_code_cell(probe))
    probed.cells.insert(0, nbformat.v4.new_code_cell(PROBE + "\n_defined_by_the_probe = set(globals())"))
    NotebookClient(
        probed,
        timeout=300,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    results = [
        json.loads(line[len("PROBE ") :])
        for cell in probed.cells
        for line in plain_text_and_streams(cell).splitlines()
        if line.startswith("PROBE ")
    ]
    assert sorted(r["exercise"] for r in results) == sorted(a.exercise.id for a in asked)
    free = {r["exercise"]: r["passed"] for r in results if r["passed"]}
    assert not free, f"exercises passed by a name defined above them, or one call of one: {free}"


def plain_text_and_streams(cell):
    return "".join(out.get("text", "") for out in cell.get("outputs", []))
