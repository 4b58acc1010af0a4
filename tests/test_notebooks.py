"""Hygiene of every notebook, as a learner, nbval and GitHub meet it (nbval itself checks the outputs)."""

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from chainlab import exercises

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@pytest.fixture(params=NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def notebook(request):
    return request.param, nbformat.read(request.param, as_version=4)


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def test_there_are_notebooks():
    assert any(p.name == "00_start_here.ipynb" for p in NOTEBOOKS)


def test_saved_from_one_clean_run(notebook):
    _, nb = notebook
    assert [c.execution_count for c in code_cells(nb)] == list(range(1, len(code_cells(nb)) + 1))


def test_no_errors_or_warnings_stored(notebook):
    _, nb = notebook
    for cell in code_cells(nb):
        for out in cell.outputs:
            assert out.output_type != "error", cell.source
            assert not (out.output_type == "stream" and out.name == "stderr"), (cell.source, out.text)


def test_kernel_and_no_widget_state(notebook):
    _, nb = notebook
    assert nb.metadata.kernelspec.name == "python3"
    assert "widgets" not in nb.metadata


def test_no_absolute_paths_or_user_names(notebook):
    path, _ = notebook
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"/(root|home|Users|tmp|work)/|[A-Z]:\\\\", text)


def test_under_500_kb(notebook):
    path, _ = notebook
    assert path.stat().st_size < 500_000


def test_opens_with_the_anatomy_and_its_own_badge(notebook):
    path, nb = notebook
    first = nb.cells[0]
    assert first.cell_type == "markdown"
    assert re.match(r"# \d\d · \S", first.source)
    for part in ("**You will learn**", "**You need:**", "**Time:** about"):
        assert part in first.source, part
    # Its own launch link; test_links_and_course_map_are_current checks the link's target.
    assert re.search(rf"\[!\[Launch on Binder\]\(.*lab/tree/notebooks/{path.name}\)", first.source)


def test_no_trailing_semicolons(notebook):
    _, nb = notebook
    for cell in code_cells(nb):
        for line in cell.source.splitlines():
            assert not line.split("#")[0].rstrip().endswith(";"), line


def test_widget_cells_are_ignored_by_nbval(notebook):
    _, nb = notebook
    for cell in code_cells(nb):
        if any(WIDGET_VIEW in out.get("data", {}) for out in cell.outputs):
            assert cell.source.splitlines()[0] == "# NBVAL_IGNORE_OUTPUT", cell.source


def test_explorers_keep_a_static_figure(notebook):
    _, nb = notebook
    for cell in code_cells(nb):
        for out in cell.outputs:
            if WIDGET_VIEW in out.get("data", {}):
                assert "data:image/png;base64," in out.data.get("text/html", ""), cell.source


def test_every_exercise_is_asked_and_solved_in_its_notebook(notebook):
    path, nb = notebook
    number = path.name[:2]
    ids = [e.id for e in exercises.all_exercises() if e.id.startswith(number + ".")]
    checks = [re.findall(r'check\("([\d.]+)"', c.source) for c in code_cells(nb)]
    for exercise_id in ids:
        asking = [i for i, found in enumerate(checks) if exercise_id in found]
        assert asking, f"exercise {exercise_id} is never checked in {path.name}"
        solution = code_cells(nb)[asking[-1]]
        assert solution.metadata.get("jupyter", {}).get("source_hidden") is True, f"{exercise_id}: solution not folded"
        assert "..." in code_cells(nb)[asking[0]].source, f"{exercise_id}: no placeholder for the learner"
    for found in checks:
        for exercise_id in found:
            assert exercise_id in ids, f"{path.name} checks unknown exercise {exercise_id}"


def test_links_and_course_map_are_current():
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "course_links.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout


def test_nothing_unfinished_is_left_for_a_learner(notebook):
    _, nb = notebook
    for cell in nb.cells:
        assert not re.search(r"\b(TODO|FIXME|XXX|TBD)\b", cell.source), cell.source
