"""The course as a web book: `make site` builds it from the notebooks' stored outputs, executing nothing.

Everything a page needs is served from the site itself (MathJax from npm, the theme's own assets), so it reads
offline, from a server or from file://. Three things are changed on the way:
- a launch badge (an image on mybinder.org or colab.research.google.com) becomes a text button;
- an explorer shows its static figure, with one line on where it can be moved;
- the MathJax copy from docs/node_modules is put into the site.
"""

import shutil
import tomllib
from pathlib import Path

import nbformat
from docutils import nodes

DOCS = Path(__file__).resolve().parent
PROJECT = tomllib.loads((DOCS.parent / "pyproject.toml").read_text())["project"]
MATHJAX = DOCS / "node_modules" / "mathjax" / "es5"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

project = "Chain Rule Lab"
author = "Chain Rule Lab contributors"
copyright = "Chain Rule Lab contributors"
release = PROJECT["version"]

extensions = ["myst_nb"]
exclude_patterns = ["notebooks/.ipynb_checkpoints"]
suppress_warnings = [
    "image.nonlocal_uri",  # the launch badges, which become text buttons below
    "mystnb.unknown_mime_type",  # the checker's result for the class report; its text/html is what a reader sees
]

# The stored outputs, never a kernel; an explorer's widget view needs one, so its static figure (text/html) is shown.
nb_execution_mode = "off"
nb_mime_priority_overrides = [("html", WIDGET_VIEW, None)]
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_dmath_double_inline = True  # $$...$$ inside a paragraph is display math, as in Jupyter

# MathJax from the site, in SVG: it draws every glyph itself, with no web font to fetch.
mathjax_path = "mathjax/tex-svg-full.js"

html_theme = "sphinx_book_theme"
html_title = "Chain Rule Lab"
html_static_path = ["_static"]
# A page without an icon makes the browser ask the server for /favicon.ico, which a static site does not have (a 404).
html_favicon = "_static/favicon.svg"
html_css_files = ["course.css"]
html_context = {"default_mode": "light"}  # the figures are drawn on white
html_theme_options = {
    "repository_url": PROJECT["urls"]["Repository"],
    "use_repository_button": True,
    "use_download_button": True,  # the .ipynb, as stored
    "show_toc_level": 2,
}


def badge_to_button(app, doctree):
    """A launch badge is an image from another site: here it is a text link, styled as a button."""
    for image in list(doctree.findall(nodes.image)):
        if image["uri"].startswith(("http://", "https://")) and isinstance(image.parent, nodes.reference):
            image.parent["classes"].append("launch-button")
            image.replace_self(nodes.Text(image.get("alt", "")))


def explorer_note(app, doctree):
    """After each explorer's static figure: one line on where to move it."""
    path = Path(app.env.doc2path(app.env.docname))
    if path.suffix != ".ipynb":
        return
    cells = nbformat.read(path, as_version=4).cells
    for cell in doctree.findall(lambda node: isinstance(node, nodes.container) and "cell_index" in node):
        outputs = cells[cell["cell_index"]].get("outputs", [])
        if any(WIDGET_VIEW in output.get("data", {}) for output in outputs):
            note = nodes.paragraph(classes=["explorer-note"])
            note += nodes.Text(
                "An explorer: here it stays at its starting values. To move it, open this notebook on Binder or "
                "Colab (the buttons at the top of the page), or run the course on your computer."
            )
            cell += note


def copy_mathjax(app, exception):
    if exception is None and app.builder.format == "html":
        shutil.copytree(MATHJAX, Path(app.outdir) / "_static" / "mathjax", dirs_exist_ok=True)


def setup(app):
    app.connect("doctree-read", badge_to_button)
    app.connect("doctree-read", explorer_note)
    app.connect("build-finished", copy_mathjax)
