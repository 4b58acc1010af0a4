"""Write every launch link and the course map from one place: the repository URL in pyproject.toml.

Run ``python tools/course_links.py`` after adding a notebook or moving the repository;
``--check`` only reports what is out of date (the test suite runs it).
"""

import argparse
import re
import sys
import tomllib
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
BADGE_IMAGE = "https://mybinder.org/badge_logo.svg"
MAP_START, MAP_END = "<!-- course-map:start -->", "<!-- course-map:end -->"


def repository():
    """(owner, name) of the GitHub repository named in pyproject.toml."""
    url = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]["Repository"]
    owner, name = re.fullmatch(r"https://github\.com/([^/]+)/([^/]+?)/?", url).groups()
    return owner, name


def binder_url(notebook_name):
    owner, name = repository()
    return f"https://mybinder.org/v2/gh/{owner}/{name}/HEAD?urlpath=lab/tree/notebooks/{notebook_name}"


def badge(notebook_name):
    return f"[![Launch on Binder]({BADGE_IMAGE})]({binder_url(notebook_name)})"


def notebooks():
    return sorted((ROOT / "notebooks").glob("*.ipynb"))


def header(path):
    """The first cell of a notebook: its title, its one-line goal and its time estimate."""
    text = nbformat.read(path, as_version=4).cells[0].source
    title = re.search(r"^# (.+)$", text, re.M).group(1)
    goal = re.search(r"^# .+\n+(.+)$", text, re.M).group(1)
    time = re.search(r"\*\*Time:\*\* (.+)$", text, re.M).group(1)
    return title, goal, time


def course_map():
    rows = ["| notebook | what you will be able to do | time | launch |", "|---|---|---|---|"]
    for path in notebooks():
        title, goal, time = header(path)
        rows.append(f"| [{title}](notebooks/{path.name}) | {goal} | {time} | {badge(path.name)} |")
    return "\n".join(rows)


def with_map(text, link_prefix):
    table = course_map().replace("](notebooks/", f"]({link_prefix}")
    return re.sub(f"{MAP_START}.*?{MAP_END}", f"{MAP_START}\n{table}\n{MAP_END}", text, flags=re.S)


def with_badge(text, notebook_name):
    return re.sub(r"^\[!\[Launch on Binder\]\(.*$", badge(notebook_name), text, flags=re.M)


def updated_files():
    """{path: new text} for every file whose links or course map are out of date."""
    changes = {}
    readme = ROOT / "README.md"
    text = with_badge(with_map(readme.read_text(), "notebooks/"), "00_start_here.ipynb")
    if text != readme.read_text():
        changes[readme] = text
    for path in notebooks():
        notebook = nbformat.read(path, as_version=4)
        changed = False
        for cell in notebook.cells:
            if cell.cell_type == "markdown":
                new = with_map(with_badge(cell.source, path.name), "")
                changed |= new != cell.source
                cell.source = new
        if changed:
            changes[path] = nbformat.writes(notebook) + "\n"
    return changes


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="report out-of-date files, change nothing")
    args = parser.parse_args()
    changes = updated_files()
    for path, text in changes.items():
        if args.check:
            print(f"out of date: {path.relative_to(ROOT)} (run python tools/course_links.py)")
        else:
            path.write_text(text)
            print(f"updated {path.relative_to(ROOT)}")
    return 1 if args.check and changes else 0


if __name__ == "__main__":
    sys.exit(main())
