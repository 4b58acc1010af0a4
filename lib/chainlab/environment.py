"""The environment check of 00_start_here: is every package the course needs here, and new enough?"""

import platform
from importlib.metadata import PackageNotFoundError, requires, version

from packaging.requirements import Requirement


def requirements():
    """The packages chainlab declares in pyproject.toml, with their minimum versions."""
    return [Requirement(line) for line in requires("chainlab")]


def report():
    """Print one line per package: its version and whether it is fine, missing or too old."""
    python = ".".join(platform.python_version_tuple()[:2])
    lines = [f"{'python':<12} {python:<12} {'ok' if python == '3.11' else 'the course is tested on Python 3.11'}"]
    problems = 0
    for requirement in requirements():
        try:
            installed = version(requirement.name)
        except PackageNotFoundError:
            installed, status = "-", f"MISSING: install it with  pip install '{requirement}'"
        else:
            ok = requirement.specifier.contains(installed, prereleases=True)
            status = "ok" if ok else f"TOO OLD: the course needs {requirement.specifier}"
        problems += status != "ok"
        lines.append(f"{requirement.name:<12} {installed:<12} {status}")
    lines.append(
        "Everything is in place." if not problems else f"{problems} problem(s): see above, then restart the kernel."
    )
    print("\n".join(lines))
