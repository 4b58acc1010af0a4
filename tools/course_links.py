"""Write every launch link, the course maps and the Colab lines of the setup cells from one place: pyproject.toml
(the repository URL, and the version, whose release tag Colab installs chainlab from).

Run ``python tools/course_links.py`` after adding a notebook, moving the repository or changing the version;
``--check`` only reports what is out of date (the test suite runs it).
"""

import argparse
import functools
import re
import sys
import tomllib
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
BADGE_IMAGE = "https://mybinder.org/badge_logo.svg"
COLAB_BADGE_IMAGE = "https://colab.research.google.com/assets/colab-badge.svg"
MAP_START, MAP_END = "<!-- course-map:start -->", "<!-- course-map:end -->"
SETUP_CODE_START = "from chainlab.environment import ensure_installed\n"
# The Colab lines at the start of every setup cell (an older version of them is replaced), and the sentence that
# tells the learner what they do, at the end of the markdown cell above it.
COLAB_LINES = re.compile(r'\Aimport sys\n\nif "google\.colab" in sys\.modules:.*?\n\n(?=from chainlab)', re.S)
COLAB_SENTENCE = re.compile(r"\n*^On Google Colab, this cell .*\Z", re.S | re.M)


@functools.cache
def project():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def repository():
    """(owner, name) of the GitHub repository named in pyproject.toml."""
    url = project()["urls"]["Repository"]
    owner, name = re.fullmatch(r"https://github\.com/([^/]+)/([^/]+?)/?", url).groups()
    return owner, name


def release_tag():
    """The git tag of this version's release: Colab opens the notebooks and installs chainlab from it, in step."""
    return f"v{project()['version']}"


def binder_url(notebook_name):
    owner, name = repository()
    return f"https://mybinder.org/v2/gh/{owner}/{name}/HEAD?urlpath=lab/tree/notebooks/{notebook_name}"


def colab_url(notebook_name):
    owner, name = repository()
    return f"https://colab.research.google.com/github/{owner}/{name}/blob/{release_tag()}/notebooks/{notebook_name}"


def badge(notebook_name):
    return (
        f"[![Launch on Binder]({BADGE_IMAGE})]({binder_url(notebook_name)}) "
        f"[![Open in Colab]({COLAB_BADGE_IMAGE})]({colab_url(notebook_name)})"
    )


def colab_lines():
    """Colab has the course's other packages (numpy, matplotlib, torch, ipywidgets 7) but not chainlab: installing
    it, not editable, at this release, changes none of them. No ipympl: a running Colab kernel cannot load it."""
    owner, name = repository()
    requirement = f"chainlab @ git+https://github.com/{owner}/{name}@{release_tag()}"
    return f'import sys\n\nif "google.colab" in sys.modules:\n    %pip install --quiet "{requirement}"\n\n'


def colab_sentence():
    return "On Google Colab, this cell first installs `chainlab`, the course's helper package; elsewhere it skips that."


def notebooks():
    return sorted((ROOT / "notebooks").glob("*.ipynb"))


def header(path):
    """The first cell of a notebook: its title, its one-line goal and its time estimate."""
    text = nbformat.read(path, as_version=4).cells[0].source
    title = re.search(r"^# (.+)$", text, re.M).group(1)
    goal = re.search(r"^# .+\n+(.+)$", text, re.M).group(1)
    time = re.search(r"\*\*Time:\*\* (.+)$", text, re.M).group(1)
    return title, goal, time


@functools.cache
def course_map():
    rows = ["| notebook | what you will be able to do | time | launch |", "|---|---|---|---|"]
    for path in notebooks():
        title, goal, time = header(path)
        rows.append(f"| [{title}](notebooks/{path.name}) | {goal} | {time} | {badge(path.name)} |")
    return "\n".join(rows)


def with_map(text, link_prefix):
    if MAP_START not in text:
        return text
    table = course_map().replace("](notebooks/", f"]({link_prefix}")
    return re.sub(f"{MAP_START}.*?{MAP_END}", f"{MAP_START}\n{table}\n{MAP_END}", text, flags=re.S)


def with_badge(text, notebook_name):
    return re.sub(r"^\[!\[Launch on Binder\]\(.*$", badge(notebook_name), text, flags=re.M)


def with_colab_lines(setup_code):
    return colab_lines() + COLAB_LINES.sub("", setup_code)


def with_colab_sentence(setup_text):
    return f"{COLAB_SENTENCE.sub('', setup_text)}\n\n{colab_sentence()}"


def updated_notebook(notebook, name):
    """The notebook with its badge, course map, and Colab lines and sentence in the setup cells, brought up to date."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = with_map(with_badge(cell.source, name), "")
    setup = next(i for i, cell in enumerate(notebook.cells) if cell.cell_type == "code")
    code, text = notebook.cells[setup], notebook.cells[setup - 1]
    if COLAB_LINES.sub("", code.source).startswith(SETUP_CODE_START) and text.cell_type == "markdown":
        code.source = with_colab_lines(code.source)
        text.source = with_colab_sentence(text.source)
    return notebook


def updated_files():
    """{path: new text} for every file whose links, course map or Colab lines are out of date."""
    changes = {}
    for path, link_prefix in ((ROOT / "README.md", "notebooks/"), (ROOT / "docs" / "index.md", "notebooks/")):
        text = with_badge(with_map(path.read_text(), link_prefix), "00_start_here.ipynb")
        if text != path.read_text():
            changes[path] = text
    for path in notebooks():
        notebook = nbformat.read(path, as_version=4)
        sources = [cell.source for cell in notebook.cells]
        if [cell.source for cell in updated_notebook(notebook, path.name).cells] != sources:
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
