"""tools/course_links.py, run on a copy of the course: the launch badges, and the Colab lines of every setup cell.

test_notebooks.py checks that the real notebooks are current (``course_links.py --check``); here the tool itself is
checked: what it writes, that a second run changes nothing, that a new version moves every Colab link and install
to the new release tag, and what the Colab lines do on Colab and elsewhere.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager

ROOT = Path(__file__).resolve().parent.parent
SETUP_START = "from chainlab.environment import ensure_installed\n"


@pytest.fixture
def course(tmp_path):
    """A copy of what the tool reads and writes, with the tool beside it."""
    for name in ("pyproject.toml", "README.md", "tools/course_links.py", "docs/index.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return tmp_path


def run_tool(course, *arguments):
    command = [sys.executable, str(course / "tools" / "course_links.py"), *arguments]
    return subprocess.run(command, capture_output=True, text=True)


def notebooks(course):
    return {path.name: nbformat.read(path, as_version=4) for path in sorted((course / "notebooks").glob("*.ipynb"))}


def setup_cells(notebook):
    """(the markdown above the setup cell, the setup cell)."""
    index = next(i for i, cell in enumerate(notebook.cells) if cell.cell_type == "code")
    return notebook.cells[index - 1].source, notebook.cells[index].source


def colab_lines(setup_code):
    return setup_code[: setup_code.index(SETUP_START)]


def test_every_notebook_gets_both_badges_and_the_same_colab_lines_and_sentence(course):
    assert run_tool(course).returncode == 0
    found = notebooks(course)
    lines = {colab_lines(setup_cells(nb)[1]) for nb in found.values()}
    sentences = {setup_cells(nb)[0].splitlines()[-1] for nb in found.values()}
    assert len(lines) == 1 and len(sentences) == 1
    (sentence,) = sentences
    assert sentence.startswith("On Google Colab, this cell first installs `chainlab`")
    for name, notebook in found.items():
        first = notebook.cells[0].source
        binder = f"https://mybinder.org/v2/gh/chainrulelab/chain-rule-lab/HEAD?urlpath=lab/tree/notebooks/{name}"
        assert f"[![Launch on Binder](https://mybinder.org/badge_logo.svg)]({binder})" in first
        colab = f"https://colab.research.google.com/github/chainrulelab/chain-rule-lab/blob/v0.2.0/notebooks/{name}"
        assert f"[![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)]({colab})" in first
        text, code = setup_cells(notebook)
        assert text.count("On Google Colab") == 1 and code.count('"google.colab"') == 1


def test_a_second_run_changes_nothing(course):
    run_tool(course)
    before = {path: path.read_bytes() for path in course.rglob("*") if path.is_file()}
    check = run_tool(course, "--check")
    assert check.returncode == 0, check.stdout
    assert run_tool(course).stdout == ""
    assert {path: path.read_bytes() for path in course.rglob("*") if path.is_file()} == before


def test_a_new_version_moves_every_colab_link_and_install_to_its_tag(course):
    run_tool(course)
    pyproject = course / "pyproject.toml"
    pyproject.write_text(re.sub(r'^version = ".*"$', 'version = "0.3.1"', pyproject.read_text(), flags=re.M))
    stale = run_tool(course, "--check")
    assert stale.returncode == 1 and stale.stdout.count("out of date: notebooks/") == len(notebooks(course))
    run_tool(course)
    for notebook in notebooks(course).values():
        text = nbformat.writes(notebook)
        assert "@v0.2.0" not in text and "/blob/v0.2.0/" not in text
        assert "chain-rule-lab@v0.3.1" in colab_lines(setup_cells(notebook)[1])


class Kernel:
    """Stands in for IPython's get_ipython(): records the magics a cell runs."""

    def __init__(self):
        self.magics = []

    def run_line_magic(self, name, line):
        self.magics.append((name, line))


@pytest.mark.parametrize("on_colab", [True, False])
def test_the_colab_lines_install_chainlab_at_the_tag_on_colab_only(course, monkeypatch, on_colab):
    run_tool(course)
    lines = colab_lines(setup_cells(notebooks(course)["00_start_here.ipynb"])[1])
    if on_colab:
        monkeypatch.setitem(sys.modules, "google.colab", type(sys)("google.colab"))
    else:
        monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    kernel = Kernel()
    exec(TransformerManager().transform_cell(lines), {"get_ipython": lambda: kernel})
    expected = [("pip", 'install --quiet "chainlab @ git+https://github.com/chainrulelab/chain-rule-lab@v0.2.0"')]
    assert kernel.magics == (expected if on_colab else [])
