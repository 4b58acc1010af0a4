"""Every notebook, top to bottom, in a Colab-like environment: Colab's pins of ipywidgets (7.7.1), IPython (7.34.0),
ipykernel (6.17.1) and matplotlib (3.10.0), no ipympl, chainlab installed from the checkout (not editable), and a
stand-in google.colab module (tests/colab/). Every exercise cell holds its solution, so every check must say correct;
every explorer must build as a redrawn picture and follow every control.

The environment is a virtualenv of its own, `.venv-colab` (git ignores it), built on first use with python3.11 and
rebuilt when the pins change; chainlab is reinstalled when its source changes. Where it cannot be built (no
python3.11, or the packages cannot be fetched), the test skips and says why. The real Colab cannot be reached here.
"""

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
from test_notebook_exercises import asked_in

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
COLAB = Path(__file__).resolve().with_name("colab")
VENV = ROOT / ".venv-colab"
PYTHON = VENV / "bin" / "python"
# Colab's pins (issue 18), then what the notebooks and this test need. torch 2.13.0 is the course's own pin.
PINS = [
    "ipywidgets==7.7.1",
    "IPython==7.34.0",
    "ipykernel==6.17.1",
    "matplotlib==3.10.0",
    "torch==2.13.0",
    "numpy",
    "nbclient",
    "nbformat",
]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def run(command, **kwargs):
    return subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)


def chainlab_source_hash():
    digest = hashlib.sha256()
    for path in sorted([ROOT / "pyproject.toml", *(ROOT / "lib").rglob("*")]):
        if path.is_file() and "__pycache__" not in path.parts and ".egg-info" not in str(path):
            digest.update(str(path.relative_to(ROOT)).encode() + path.read_bytes())
    return digest.hexdigest()


def build_venv(tmp):
    """Build .venv-colab if needed; None when it is ready, else the reason it cannot be built."""
    pins_stamp, chainlab_stamp = VENV / ".pins", VENV / ".chainlab-source"
    if not (PYTHON.exists() and pins_stamp.exists() and pins_stamp.read_text() == "\n".join(PINS)):
        python = shutil.which("python3.11")
        if python is None:
            return "no python3.11 on PATH to build the Colab-like environment with"
        shutil.rmtree(VENV, ignore_errors=True)
        made = run([python, "-m", "venv", str(VENV)])
        if made.returncode:
            return f"python3.11 -m venv failed: {made.stderr[-500:]}"
        installed = run([str(PYTHON), "-m", "pip", "install", "--quiet", "--progress-bar", "off", *PINS])
        if installed.returncode:
            return f"the Colab-like packages cannot be installed here (offline?): {installed.stderr[-800:]}"
        pins_stamp.write_text("\n".join(PINS))
    source = chainlab_source_hash()
    if not chainlab_stamp.exists() or chainlab_stamp.read_text() != source:
        # Not editable, as Colab installs it: a copy of what the package is built from, so that nothing is written
        # into the checkout.
        package = tmp / "chainlab-source"
        shutil.copytree(ROOT / "lib", package / "lib", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        for path in [ROOT / "pyproject.toml", ROOT / "README.md", *ROOT.glob("LICENSE*")]:
            shutil.copy2(path, package / path.name)
        pip = [str(PYTHON), "-m", "pip", "install", "--quiet", "--progress-bar", "off"]
        installed = run([*pip, str(package)])  # with what it needs that Colab lacks (zlib-ng)
        if not installed.returncode:  # and this source, even if its version number did not change
            installed = run([*pip, "--force-reinstall", "--no-deps", str(package)])
        if installed.returncode:
            return f"chainlab cannot be installed into the Colab-like environment: {installed.stderr[-800:]}"
        chainlab_stamp.write_text(source)
    return None


def solved_copy(path, folder):
    """The notebook with every exercise cell replaced by its solution, as a learner who solved them has it."""
    nb = nbformat.read(path, as_version=4)
    asked = asked_in(nb, path)
    for a in asked:
        nb.cells[a.cell].source = a.solution
    nbformat.write(nb, folder / path.name)
    return asked


@pytest.fixture(scope="module")
def colab_runs(tmp_path_factory):
    """{notebook name: (the executed notebook, the exercises it asks)}: every notebook, run once in the environment."""
    tmp = tmp_path_factory.mktemp("colab")
    reason = build_venv(tmp)
    if reason:
        pytest.skip(reason)
    copies, executed, home = tmp / "notebooks", tmp / "executed", tmp / "home"
    for folder in (copies, executed, home / "ipython" / "profile_default" / "startup"):
        folder.mkdir(parents=True)
    shutil.copy2(COLAB / "startup.py", home / "ipython" / "profile_default" / "startup" / "00-colab.py")
    asked = {path.name: solved_copy(path, copies) for path in NOTEBOOKS}
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "JUPYTER", "VIRTUAL_ENV"))},
        "PYTHONPATH": str(COLAB),  # the stand-in google.colab
        "IPYTHONDIR": str(home / "ipython"),
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    }
    ran = run(
        [str(PYTHON), str(COLAB / "run_notebooks.py"), str(executed), *(str(copies / p.name) for p in NOTEBOOKS)],
        env=env,
        cwd=tmp,
        timeout=900,
    )
    assert ran.returncode == 0, f"the notebooks could not be run:\n{ran.stderr[-3000:]}"
    return {name: (nbformat.read(executed / name, as_version=4), asked[name]) for name in asked}


def text_of(cell):
    return "".join(out.get("text", "") or out.get("data", {}).get("text/plain", "") for out in cell.outputs)


@pytest.mark.parametrize("name", [p.name for p in NOTEBOOKS])
def test_every_cell_check_and_explorer_works_on_colab(name, colab_runs):
    nb, asked = colab_runs[name]
    *cells, last = nb.cells
    for index, cell in enumerate(cells):
        for out in cell.get("outputs", []):
            assert out.output_type != "error", f"{name}, cell {index}: {out.ename}: {out.evalue}"
            assert out.get("name") != "stderr", f"{name}, cell {index} writes to stderr:\n{out.text}"
    for a in asked:
        assert text_of(cells[a.cell]).startswith("✓ Correct."), f"{name}, {a.exercise.id}: {text_of(cells[a.cell])}"

    report_line = next(line for line in text_of(last).splitlines() if line.startswith("EXPLORERS "))
    report = json.loads(report_line.removeprefix("EXPLORERS "))
    setup = next(c for c in cells if c.cell_type == "code" and "ensure_installed()" in c.source)
    if "google.colab" in setup.source:  # the setup cell's Colab lines: it asks to install chainlab, nothing else
        assert len(report["pip"]) == 1 and "chainlab" in report["pip"][0], report["pip"]
    shown = [out for c in cells for out in c.get("outputs", []) if WIDGET_VIEW in out.get("data", {})]
    assert len(report["explorers"]) == len(shown), "an explorer built but not shown, or shown but not found"
    for out in shown:
        assert out["data"]["text/html"].startswith('<img alt="') and len(out["data"]["text/plain"]) > 100
    for explorer in report["explorers"]:
        assert explorer["live"] is False, f"{explorer['explorer']}: live, though ipympl is not installed"
        for control, (pictures, readouts) in explorer["moved"].items():
            assert pictures and readouts, f"{explorer['explorer']}: moving {control} changed nothing: {explorer}"
