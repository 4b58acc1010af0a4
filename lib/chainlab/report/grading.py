"""Grading: each learner's notebook run afresh in a temporary copy, and each exercise's check result read back.

Stored outputs are never trusted (a learner can edit them): every output is cleared, the notebook runs top to bottom
in a new kernel, and the result of each exercise is the data its check printed (``CHECK_MIME``) in the exercise's
own cell, the cell that checks the learner's answer by name.
"""

import asyncio
import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib
import nbformat
from matplotlib import font_manager
from nbclient import NotebookClient

from chainlab.exercises import CHECK_MIME, all_exercises

CHECK_CALL = re.compile(r"""\bcheck\(\s*["'](\d+\.\d+)["']""")
STATUSES = ("correct", "wrong", "not answered", "failed")  # failed: the check gave no result (its cell raised, say)
# The only variables a learner's kernel gets from the instructor's environment.
PASSED_ENVIRONMENT = ("PATH", "LANG", "LC_ALL", "SYSTEMROOT")


@dataclass(frozen=True)
class Result:
    """One exercise of one submission: its status, and the hints of the known mistakes its answer fits."""

    status: str
    mistakes: tuple[str, ...] = ()


@dataclass
class Graded:
    """One submission: who and what it is, what went wrong with it as a whole, and a Result per exercise."""

    learner: str
    path: Path
    notebook: str = ""  # "02"; empty when it is no notebook of this course
    title: str = ""
    problems: list[str] = field(default_factory=list)
    results: dict[str, Result] = field(default_factory=dict)


def submissions(paths):
    """[(learner, path)] for notebook files and folders of them: a folder's subfolder is a learner
    (alice/02_chain_rule.ipynb), a file directly in a folder or named on the command line is one (alice.ipynb)."""
    found = []
    for given in map(Path, paths):
        if given.is_dir():
            for path in sorted(given.rglob("*.ipynb")):
                relative = path.relative_to(given)
                if ".ipynb_checkpoints" not in relative.parts:
                    found.append((relative.parts[0] if len(relative.parts) > 1 else path.stem, path))
        else:
            found.append((given.stem, given))
    return found


def exercises_by_notebook():
    """{"02": [Exercise, ...]} for every exercise of the course, in course order."""
    found = {}
    for exercise in all_exercises():
        found.setdefault(exercise.id.split(".")[0], []).append(exercise)
    return found


def which_notebook(nb):
    """The course notebook nb is a copy of, as "02", from the exercises its code cells check; or what is wrong."""
    known = exercises_by_notebook()
    checked = {i for cell in nb.cells if cell.cell_type == "code" for i in CHECK_CALL.findall(cell.source)}
    numbers = sorted({i.split(".")[0] for i in checked} & set(known))
    if len(numbers) == 1:
        return numbers[0], None
    if not numbers:
        return "", "not a notebook of this course: it checks none of its exercises"
    return "", f"checks the exercises of several notebooks ({', '.join(numbers)}): hand in one notebook per file"


def exercise_cells(nb, exercise):
    """The code cells that check the learner's answer to this exercise: check("02.3", dy_dx)."""
    call = re.compile(rf"""\bcheck\(\s*["']{re.escape(exercise.id)}["']\s*,\s*{exercise.answer_name}\s*\)""")
    return [cell for cell in nb.cells if cell.cell_type == "code" and call.search(cell.source)]


def result_of(nb, exercise):
    """The Result of one exercise in a notebook that has run."""
    cells = exercise_cells(nb, exercise)
    shown = [
        out.data[CHECK_MIME]
        for cell in cells
        for out in cell.outputs
        if CHECK_MIME in out.get("data", {}) and out.data[CHECK_MIME].get("exercise") == exercise.id
    ]
    if shown:
        status = shown[-1].get("status")
        mistakes = tuple(str(m) for m in shown[-1].get("mistakes", ()))
        return Result(status, mistakes if status == "wrong" else ()) if status in STATUSES else Result("failed")
    return Result("failed") if cells else Result("not answered")  # no cell: the learner deleted it


def files_under(paths):
    """{file: (size, modification time)} under paths (files, or folders searched through), bytecode caches aside."""
    found = {}
    for path in paths:
        for file in [path] if path.is_file() else path.rglob("*"):
            if file.is_file() and "__pycache__" not in file.parts:
                found[file] = (file.stat().st_size, file.stat().st_mtime_ns)
    return found


def kernel_environment(home, tmp):
    """A kernel's environment: a home and a temporary folder of its own, and little else of the instructor's."""
    environment = {name: os.environ[name] for name in PASSED_ENVIRONMENT if name in os.environ}
    # matplotlib's font cache comes ready, so that no kernel rebuilds it (which starts a process, refused).
    shutil.copytree(matplotlib.get_cachedir(), home / "matplotlib")
    return {
        **environment,
        "HOME": str(home),
        "TMPDIR": str(tmp),
        "MPLCONFIGDIR": str(home / "matplotlib"),
        "PYTHONDONTWRITEBYTECODE": "1",  # else the import of a stale module writes its bytecode, outside the copy
    }


async def run(nb, name, timeout):
    """Run nb in a temporary folder with the write guard in its kernel; [problems] found on the way.

    The kernel may change files only in its sandbox: the copy it runs in (its working folder), its home and its
    temporary folder. The guard's log of refusals sits beside the sandbox, out of the learner's reach.
    """
    problems = []
    with tempfile.TemporaryDirectory(prefix="chainlab-report-") as folder:
        sandbox, refusals = Path(folder) / "sandbox", Path(folder) / "refused.txt"
        copy, home, tmp = sandbox / "copy", sandbox / "home", sandbox / "tmp"
        for made in (copy, home, tmp):
            made.mkdir(parents=True)
        nbformat.write(nb, copy / name)
        before = files_under([copy])
        guard = f"from chainlab.report.guard import install; install({str(sandbox)!r}, {str(refusals)!r}); del install"
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            allow_errors=True,  # a failing cell fails its own exercise; the next exercises still count
            shutdown_kernel="immediate",
            extra_arguments=[f"--IPKernelApp.exec_lines={guard}"],
        )
        started = time.monotonic()
        try:
            # The kernel's own output (its log, a C library's warnings) stays out of the instructor's terminal.
            execution = client.async_execute(
                cwd=str(copy), env=kernel_environment(home, tmp), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            await asyncio.wait_for(execution, timeout)
        except Exception as error:  # out of time (the kernel, killed, may report itself dead), or the kernel died
            if time.monotonic() - started >= timeout:
                problems.append(f"stopped after {timeout} s: it had not finished (an endless loop?)")
            else:
                problems.append(f"stopped: {type(error).__name__}: {error}".strip())
        if not refusals.exists():
            problems.append("ran without the write guard (chainlab.report.guard): check the kernel's chainlab")
        else:
            problems += [f"was refused: {line}" for line in refusals.read_text().splitlines()]
        after = files_under([copy])
        written = sorted(str(path.relative_to(copy)) for path in after if after[path] != before.get(path))
        if written:
            problems.append(f"wrote {', '.join(written)} in its temporary copy (deleted)")
    return problems


async def grade_one(learner, path, timeout):
    """A Graded for one submission; nothing it does escapes its temporary copy (see guard)."""
    graded = Graded(learner, path)
    try:
        nb = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
    except Exception as error:  # not JSON, not a notebook, not text: say so, grade the others
        graded.problems.append(f"is not a notebook that can be read ({type(error).__name__}: {error})")
        return graded
    graded.notebook, problem = which_notebook(nb)
    if problem:
        graded.problems.append(problem)
        return graded
    heading = re.match(r"# (.+)", nb.cells[0].source) if nb.cells and nb.cells[0].cell_type == "markdown" else None
    graded.title = heading[1] if heading else graded.notebook
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    graded.problems += await run(nb, path.name, timeout)
    graded.results = {e.id: result_of(nb, e) for e in exercises_by_notebook()[graded.notebook]}
    return graded


def grade(paths, timeout=120, jobs=2):
    """[Graded] for every submission under paths, jobs at a time, each within timeout seconds."""
    font_manager.findfont("DejaVu Sans")  # builds matplotlib's font cache, if missing, before any kernel copies it
    found = submissions(paths)

    async def grade_all():
        slots = asyncio.Semaphore(jobs)

        async def one(learner, path):
            async with slots:
                try:
                    return await grade_one(learner, path, timeout)
                except Exception as error:  # a fault of the report's own: say so in this row, grade the others
                    return Graded(learner, path, problems=[f"could not be graded: {type(error).__name__}: {error}"])

        return await asyncio.gather(*(one(learner, path) for learner, path in found))

    return asyncio.run(grade_all())
