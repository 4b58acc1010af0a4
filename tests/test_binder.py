"""Binder: the real repo2docker reads binder/ as a learner's launch would, and the pins match requirements.txt."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def repo2docker_plan():
    """The Dockerfile repo2docker would build (printed without a Docker daemon) and its log."""
    repo2docker = shutil.which("repo2docker", path=str(Path(sys.executable).parent))
    result = subprocess.run(
        [repo2docker, "--no-build", str(ROOT)], capture_output=True, text=True, timeout=120, check=True
    )
    return result.stdout, result.stderr


def test_selects_python_3_11(repo2docker_plan):
    _, log = repo2docker_plan
    assert "python=3.11" in log


def test_copies_the_repository_before_installing_the_requirements(repo2docker_plan):
    dockerfile, _ = repo2docker_plan
    lines = dockerfile.splitlines()
    copy = next(i for i, line in enumerate(lines) if re.match(r"COPY .*src/ \$\{REPO_DIR\}/", line))
    install = next(
        i for i, line in enumerate(lines) if 'pip install --no-cache-dir -r "binder/requirements.txt"' in line
    )
    assert copy < install  # so that `-e .` in binder/requirements.txt finds chainlab


def test_runs_post_build(repo2docker_plan):
    dockerfile, _ = repo2docker_plan
    assert "RUN ./binder/postBuild" in dockerfile
    assert (ROOT / "binder" / "postBuild").read_text().splitlines()[1] == "set -e"


def pins(path):
    lines = [line.split("#")[0].strip() for line in path.read_text().splitlines()]
    return dict(line.split("==") for line in lines if "==" in line)


def test_binder_pins_match_requirements_with_cpu_torch():
    local, binder = pins(ROOT / "requirements.txt"), pins(ROOT / "binder" / "requirements.txt")
    assert binder.pop("torch") == local.pop("torch") + "+cpu"
    assert binder == local
    text = (ROOT / "binder" / "requirements.txt").read_text()
    assert "--extra-index-url https://download.pytorch.org/whl/cpu" in text
    assert "-e ." in text.splitlines()
