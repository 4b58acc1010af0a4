"""The environment check: is every package the course needs here, and new enough?

Every notebook's setup cell calls ``ensure_installed()`` before importing anything else, so a missing
package is named, with the command that installs it, instead of surfacing as a ModuleNotFoundError.
This module imports nothing outside the standard library at load time, for the same reason.
"""

import platform
import re
from importlib.metadata import PackageNotFoundError, metadata, requires, version


class MissingPackages(Exception):
    """Raised by ensure_installed; Jupyter shows only its message, not a traceback through chainlab."""

    def _render_traceback_(self):  # IPython's hook for how an exception is shown
        return str(self).splitlines()


def _status_lines():
    """(line, fine) per requirement, python first (advice only: another version is not a stop)."""
    python = platform.python_version()
    try:
        from packaging.requirements import Requirement
        from packaging.specifiers import SpecifierSet
    except ModuleNotFoundError:  # the one package this check itself needs
        wanted = next(r for r in requires("chainlab") if re.match(r"packaging\b", r))
        return [
            (f"{'python':<12} {python:<12}", True),
            (f"{'packaging':<12} {'-':<12} MISSING: install it with  pip install '{wanted}'", False),
        ]
    supported = metadata("chainlab")["Requires-Python"]  # pyproject.toml's requires-python
    advice = "ok" if SpecifierSet(supported).contains(python) else f"the course is tested on Python {supported}"
    shown = ".".join(python.split(".")[:2])  # 3.12, not 3.12.7: a stored report stays the same across patches
    lines = [(f"{'python':<12} {shown:<12} {advice}", True)]
    for requirement in (Requirement(line) for line in requires("chainlab")):
        try:
            installed = version(requirement.name)
        except PackageNotFoundError:
            installed, status = "-", f"MISSING: install it with  pip install '{requirement}'"
        else:
            status = "ok"
            failed = [s for s in requirement.specifier if not s.contains(installed, prereleases=True)]
            if failed:
                too = "OLD" if any(s.operator.startswith(">") for s in failed) else "NEW"
                status = f"TOO {too}: the course needs {requirement.specifier}; pip install '{requirement}'"
        lines.append((f"{requirement.name:<12} {installed:<12} {status}", status == "ok"))
    return lines


def report():
    """Print one line per package: its version and whether it is fine, missing or too old."""
    lines = _status_lines()
    problems = sum(not fine for _, fine in lines)
    summary = f"{problems} problem(s): see above, then restart the kernel." if problems else "Everything is in place."
    print("\n".join([*(line for line, _ in lines), summary]))


def ensure_installed():
    """Stop the setup cell, naming what to install, if a package the course needs is missing or too old."""
    problems = [line for line, fine in _status_lines() if not fine]
    if problems:
        raise MissingPackages(
            "The course cannot start: a package it needs is missing or too old.\n"
            + "\n".join(problems)
            + "\nInstall it (or run `make lab` in the course folder), then restart the kernel and run this cell again."
        )
