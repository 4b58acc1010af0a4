"""Every figure a notebook stores has alt text that says what it shows (issue 20).

A figure is shown as an <img> with alt text in text/html (chainlab.plotting.show, NotebookFigure, an explorer's
static frame): JupyterLab renders an image/png output with no alt at all. So no stored output may carry an image
without such an <img>, and no alt text may be a file path, a class name or a figure's repr, the alt texts that
Sphinx, MyST and the old explorer fallback used to give.
"""

import html
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
IMAGES = ("image/png", "image/jpeg", "image/svg+xml", "image/gif")
IMG = re.compile(r"<img\b[^>]*>", re.I)
ALT = re.compile(r'\balt="([^"]*)"', re.I)
NOT_A_DESCRIPTION = [
    (re.compile(r"^\S+\.(png|jpe?g|svg|gif)$|^[\w.-]*/[\w./-]*$", re.I), "a file path"),
    (re.compile(r"^[A-Z][A-Za-z0-9]*(Explorer|Figure|Widget|Canvas|Box)$|^[A-Z][a-z]+[A-Z]\w*$"), "a class name"),
    (re.compile(r"<Figure size|<matplotlib\.|^Figure\(\d|<Axes|^Canvas\(|^VBox\(", re.I), "a figure's repr"),
]


def problems(alt):
    """What is wrong with an alt text, or [] if it says something."""
    text = html.unescape(alt).strip()
    if len(text) < 20:
        return [f"alt text {text!r} is too short to say what the figure shows"]
    return [f"alt text {text[:80]!r} is {what}" for pattern, what in NOT_A_DESCRIPTION if pattern.search(text)]


def figure_problems(output):
    """[problem] of one stored output: an image without an <img alt>, or an alt that is not a description."""
    data = output.get("data", {})
    found = []
    images = IMG.findall(data.get("text/html", "") if isinstance(data.get("text/html"), str) else "")
    for img in images:
        alt = ALT.search(img)
        found += ["an <img> without alt text"] if alt is None else problems(alt[1])
    if any(kind in data for kind in IMAGES) and not images:
        found.append(f"an image ({', '.join(k for k in IMAGES if k in data)}) with no <img alt> in text/html")
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_every_stored_figure_has_alt_text_that_says_what_it_shows(path):
    nb = nbformat.read(path, as_version=4)
    found = [
        f"{path.name}, cell {index}: {problem}"
        for index, cell in enumerate(nb.cells)
        for output in cell.get("outputs", [])
        for problem in figure_problems(output)
    ]
    assert found == [], "\n".join(found)


@pytest.mark.parametrize(
    "alt, wrong",
    [
        ("SecantExplorer", "too short"),
        ("SecantExplorerWithAVeryLongName", "a class name"),
        ("notebooks/images/figure_01_error.png", "a file path"),
        ("<Figure size 640x400 with 1 Axes>", "a figure's repr"),
        ("Log-log plot: the error of the forward and central differences against the step h", None),
    ],
)
def test_the_hygiene_check_tells_a_description_from_a_placeholder(alt, wrong):
    found = problems(alt)
    assert (found == []) if wrong is None else any(wrong in problem for problem in found), found
