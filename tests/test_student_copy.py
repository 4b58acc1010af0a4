"""make student: the notebooks for graded work, every solution removed and nothing else changed."""

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from chainlab.exercises import all_exercises

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.fixture(scope="module")
def copies(tmp_path_factory):
    folder = tmp_path_factory.mktemp("student")
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "student_copy.py"), "--out", str(folder)], check=True, capture_output=True
    )
    return folder


def is_solution(cell):
    return cell.cell_type == "markdown" and cell.source.startswith("<details>\n<summary>Show the solution</summary>")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_every_solution_is_removed_and_nothing_else(copies, path):
    original = nbformat.read(path, as_version=4)
    copy = nbformat.read(copies / path.name, as_version=4)
    exercises = [e for e in all_exercises() if e.id.startswith(path.name[:2] + ".")]
    assert sum(map(is_solution, original.cells)) == len(exercises)
    assert copy.cells == [cell for cell in original.cells if not is_solution(cell)]
    assert copy.metadata == original.metadata
    assert "<summary>Show the solution</summary>" not in (copies / path.name).read_text(encoding="utf-8")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_links_and_badges_stay_valid(copies, path):
    copy = nbformat.read(copies / path.name, as_version=4)
    for cell in (c for c in copy.cells if c.cell_type == "markdown"):
        for target in LINK.findall(cell.source):
            if "lab/tree/notebooks/" in target:  # a launch badge: a notebook of the course's repository
                assert (ROOT / "notebooks" / target.split("lab/tree/notebooks/")[1]).exists(), target
            elif not target.startswith("https://"):  # another notebook: beside it in the folder handed out
                assert (copies / target.split("#")[0]).exists(), target


def test_a_copy_runs_top_to_bottom_under_strict_nbval(copies):
    """The smallest copy, under the project's nbval options; the others' code cells are the originals' exactly."""
    smallest = min(NOTEBOOKS, key=lambda p: p.stat().st_size)
    nbval = [sys.executable, "-m", "pytest", "-c", "pyproject.toml", "-p", "no:cacheprovider", "-q"]
    result = subprocess.run(
        [*nbval, copies / smallest.name],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert " passed" in result.stdout.splitlines()[-1]
