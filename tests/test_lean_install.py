"""make lab on Linux: torch's CPU-only build from the index Binder uses, and the default build where it cannot.

The Makefile's install runs here with a stand-in pip that records its calls, answering or refusing the CPU index:
both paths, as a learner's machine meets them. The real pip, against the real index (unreachable from CI), must
give up at once rather than retry for minutes.
"""

import os
import platform
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAKEFILE = (ROOT / "Makefile").read_text()
CPU_INDEX = re.search(r"^TORCH_CPU_INDEX := (\S+)$", MAKEFILE, re.M)[1]
TORCH = next(line for line in (ROOT / "requirements.txt").read_text().splitlines() if line.startswith("torch=="))
FALLBACK_MESSAGE = f"torch: no CPU-only build from {CPU_INDEX} (unreachable?); installing the default build instead"
STAND_IN_PIP = """#!/bin/sh
echo "$*" >> "$(dirname "$0")/pip-calls.txt"
case "$*" in *"--index-url {index}"*) exit {status};; esac
"""

linux_only = pytest.mark.skipif(platform.system() != "Linux", reason="only Linux gets the CPU-only index")


def test_the_cpu_index_is_binders():
    assert f"--extra-index-url {CPU_INDEX}" in (ROOT / "binder" / "requirements.txt").read_text().splitlines()


def install(tmp_path, index_answers):
    """Run the Makefile's runtime install with a stand-in pip; (make's output, pip's calls)."""
    for name in ("Makefile", "requirements.txt", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path)
    bin_ = tmp_path / ".venv" / "bin"
    bin_.mkdir(parents=True)
    (bin_ / "python").touch(mode=0o755)
    (bin_ / "pip").write_text(STAND_IN_PIP.format(index=CPU_INDEX, status=0 if index_answers else 1))
    (bin_ / "pip").chmod(0o755)
    result = subprocess.run(["make", "-s", ".venv/.runtime-installed"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / ".venv" / ".runtime-installed").exists()
    return result.stdout.splitlines(), (bin_ / "pip-calls.txt").read_text().splitlines()


@linux_only
def test_torch_comes_from_the_cpu_index_when_it_answers(tmp_path):
    output, calls = install(tmp_path, index_answers=True)
    assert output == []
    assert calls == [
        f"install --quiet --progress-bar off --retries 0 --timeout 10 --index-url {CPU_INDEX} {TORCH}+cpu",
        "install --quiet --progress-bar off -r requirements.txt",  # torch is there: pip leaves it
    ]


@linux_only
def test_torch_comes_from_the_package_index_when_the_cpu_index_cannot_be_reached(tmp_path):
    output, calls = install(tmp_path, index_answers=False)
    assert output == [FALLBACK_MESSAGE]
    assert calls[-1] == "install --quiet --progress-bar off -r requirements.txt"  # with its pin, torch==2.13.0


def test_the_real_pip_gives_up_on_an_unreachable_index_at_once():
    """pip with the Makefile's options and no configuration (no local wheels or mirrors) asks the index for torch."""
    environment = {name: value for name, value in os.environ.items() if not name.startswith("PIP_")}
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pip", "index", "versions", "torch"]
        + ["--retries", "0", "--timeout", "10", "--index-url", CPU_INDEX],
        env={**environment, "PIP_CONFIG_FILE": os.devnull},
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    if result.returncode == 0:
        pytest.skip("the CPU index answers here")
    assert seconds < 30, f"pip took {seconds:.0f} s to give up"


# --- which Python make uses: the newest supported one on PATH, or PYTHON= ---------------------------------------

STAND_IN_PYTHON = """#!/bin/sh
case "$1" in
    -c) exit {status};;  # make's checks: does it run, is it a supported version
    -m) echo "${{0##*/}} $*" >> "{calls}";;
esac
"""
SHIM = '#!/bin/sh\necho "pyenv: command not found" >&2\nexit 127\n'


def make_venv(tmp_path, pythons, *arguments):
    """Run make's venv step with stand-in pythons on PATH ({name: exit status of -c, or None for a broken shim})."""
    bin_ = tmp_path / "path"
    bin_.mkdir()
    calls = tmp_path / "calls.txt"
    for name, status in pythons.items():
        script = SHIM if status is None else STAND_IN_PYTHON.format(status=status, calls=calls)
        (bin_ / name).write_text(script)
        (bin_ / name).chmod(0o755)
    shutil.copy(ROOT / "Makefile", tmp_path)
    shutil.copy(ROOT / "requirements.txt", tmp_path)
    result = subprocess.run(
        [shutil.which("make"), "-s", ".venv/bin/python", *arguments],
        cwd=tmp_path,
        env={"PATH": str(bin_)},
        capture_output=True,
        text=True,
    )
    return result, calls.read_text().splitlines() if calls.exists() else []


def test_make_picks_the_newest_supported_python_that_runs(tmp_path):
    result, calls = make_venv(tmp_path, {"python3.13": None, "python3.12": 0, "python3.11": 0, "python3.10": 0})
    assert result.returncode == 0, result.stdout + result.stderr
    assert calls == ["python3.12 -m venv .venv"]


def test_make_uses_the_python_it_is_given(tmp_path):
    result, calls = make_venv(tmp_path, {"python3.12": 0, "python3.11": 0}, "PYTHON=python3.11")
    assert result.returncode == 0, result.stdout + result.stderr
    assert calls == ["python3.11 -m venv .venv"]


def test_make_says_which_python_to_install_when_none_is_found(tmp_path):
    result, calls = make_venv(tmp_path, {"python3.10": 0})
    assert result.returncode != 0 and calls == []
    assert "No Python 3.11, 3.12 or 3.13 found: install one" in result.stdout


def test_make_refuses_a_given_python_of_another_version(tmp_path):
    result, calls = make_venv(tmp_path, {"python3.10": 1}, "PYTHON=python3.10")
    assert result.returncode != 0 and calls == []
    assert "python3.10 is not Python 3.11, 3.12 or 3.13" in result.stdout


def test_make_looks_for_exactly_the_pythons_pyproject_supports():
    from packaging.specifiers import SpecifierSet

    requires = SpecifierSet(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"])
    supported = [f"python3.{minor}" for minor in range(20, 5, -1) if f"3.{minor}" in requires]
    assert re.search(r"^SUPPORTED_PYTHONS := (.+)$", MAKEFILE, re.M)[1].split() == supported
