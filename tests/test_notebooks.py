"""Hygiene of every notebook, as a learner, nbval and GitHub meet it (nbval itself checks the outputs)."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

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


def python_of(cell):
    """A code cell's source as Python: an IPython line magic (%pip) or shell line (!ls) becomes pass."""
    lines = cell.source.splitlines()
    return "\n".join(
        line[: len(line) - len(line.lstrip())] + "pass" if line.lstrip().startswith(("%", "!")) else line
        for line in lines
    )


def test_every_assert_says_what_it_checks(notebook):
    """Learners change the numbers in worked cells: a check that then fails says what it expected, never a bare
    AssertionError (CONTRIBUTING, "Learners change the numbers")."""
    _, nb = notebook
    for cell in code_cells(nb):
        for node in ast.walk(ast.parse(python_of(cell))):
            assert not isinstance(node, ast.Assert) or node.msg is not None, ast.unparse(node)


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
    assert re.search(rf"\[!\[Open in Colab\]\(.*/notebooks/{path.name}\)", first.source)


def test_no_trailing_semicolons(notebook):
    _, nb = notebook
    for cell in code_cells(nb):
        for line in cell.source.splitlines():
            assert not line.split("#")[0].rstrip().endswith(";"), line


def test_widget_cells_are_ignored_by_nbval_with_a_tag(notebook):
    _, nb = notebook
    for cell in code_cells(nb):
        if any(WIDGET_VIEW in out.get("data", {}) for out in cell.outputs):
            assert "nbval-ignore-output" in cell.metadata.get("tags", []), cell.source


def test_no_test_tool_text_in_what_learners_read(notebook):
    _, nb = notebook
    for cell in nb.cells:
        assert "NBVAL" not in cell.source.upper(), cell.source


def test_the_setup_cell_checks_the_environment_before_any_import(notebook):
    _, nb = notebook
    first = code_cells(nb)[0].source
    # Only the Colab lines may come first (tools/course_links.py writes them): they install chainlab on Colab.
    first = re.sub(r'\Aimport sys\n\nif "google\.colab" in sys\.modules:\n.*?\n\n', "", first, flags=re.S)
    assert first.startswith("from chainlab.environment import ensure_installed\n\nensure_installed()"), first


def test_later_notebooks_are_named_only_once_they_exist(notebook):
    path, nb = notebook
    existing = {p.name[:2] for p in NOTEBOOKS}
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        named = re.findall(r"\b(\d\d)_\w+\.ipynb", cell.source) + re.findall(r"[Nn]otebooks? (\d\d)\b", cell.source)
        named += re.findall(r"[Nn]otebooks \d\d(?:, \d\d)* and (\d\d)\b", cell.source)
        for number in named:
            assert number in existing, f"{path.name} names notebook {number}, which does not exist yet"


def test_explorers_keep_a_static_figure(notebook):
    _, nb = notebook
    for cell in code_cells(nb):
        for out in cell.outputs:
            if WIDGET_VIEW in out.get("data", {}):
                assert "data:image/png;base64," in out.data.get("text/html", ""), cell.source


def test_links_and_course_map_are_current():
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "course_links.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout


def test_nothing_unfinished_is_left_for_a_learner(notebook):
    _, nb = notebook
    for cell in nb.cells:
        assert not re.search(r"\b(TODO|FIXME|XXX|TBD)\b", cell.source), cell.source
