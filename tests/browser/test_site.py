"""The web book (`make site`) in Chromium: every page, from a local server and from file://, as a reader meets it.

Each page must load with no console error and no request leaving the site, render every formula, keep every
solution closed until its summary is clicked, link each launch button to the right notebook, offer the notebook
itself for download, show each explorer as its static figure with a line on how to move it, give every figure alt
text that describes it, and pass axe-core's WCAG 2.1 AA rules with no violation in the course's content (the theme's
own violations are listed, not failed on).
"""

import http.server
import re
import subprocess
import threading
import tomllib
from functools import partial
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "build" / "site"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
PAGES = ["index.html", "search.html", "genindex.html"] + [f"notebooks/{path.stem}.html" for path in NOTEBOOKS]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
OWNER, REPO = re.fullmatch(r"https://github\.com/([^/]+)/([^/]+?)/?", PROJECT["urls"]["Repository"]).groups()
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
CONTENT = "article.bd-article"
# The rules of WCAG 2.1 A and AA, the standard a course must meet (axe's best-practice rules are left out).
WCAG_21_AA = {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
NOT_A_DESCRIPTION = re.compile(r"\.(png|svg|jpe?g)\b|<Figure size|^[A-Z]\w*(Explorer|Figure)$")
# TeX left unrendered in the text a reader sees (code and outputs aside): $x$, \(x\) or \[x\].
RAW_TEX = re.compile(r"\$[^$\s][^$]*\$|\\\(|\\\[")


@pytest.fixture(scope="module")
def site():
    """The site, built (or brought up to date) from the notebooks as they are now."""
    subprocess.run(["make", "-s", "site"], cwd=ROOT, check=True, capture_output=True, timeout=300)
    return SITE


@pytest.fixture(scope="module")
def server(site):
    handler = partial(QuietHandler, directory=str(site))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as httpd:
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
        httpd.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


class OpenPage:
    """A page of the site, loaded in a fresh tab, with what it logged and every request it made."""

    def __init__(self, browser, url):
        self.page = browser.new_page()
        self.errors, self.requests = [], []
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.goto(url, wait_until="load")
        # MathJax typesets after load; its promise settles when every formula is drawn.
        self.page.evaluate("() => window.MathJax && MathJax.startup && MathJax.startup.promise")

    def close(self):
        self.page.close()


@pytest.fixture(scope="module")
def served(browser, server):
    """Each page from the server, loaded once for all the tests of this file (a solution opened stays open)."""
    pages = {}

    def page(name):
        if name not in pages:
            pages[name] = OpenPage(browser, f"{server}/{name}")
        return pages[name]

    yield page
    for opened in pages.values():
        opened.close()


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("origin", ["server", "file"])
def test_page_loads_with_nothing_from_outside_and_every_formula_drawn(browser, server, served, site, origin, name):
    base = server if origin == "server" else site.as_uri()
    page = served(name) if origin == "server" else OpenPage(browser, f"{base}/{name}")
    try:
        assert page.errors == [], page.errors
        outside = [url for url in page.requests if not url.startswith((base, "data:", "blob:", "about:"))]
        assert outside == [], outside
        formulas = page.page.locator(f"{CONTENT} .math")
        drawn = page.page.locator(f"{CONTENT} .math mjx-container")
        assert drawn.count() == formulas.count()
        text = page.page.evaluate(
            """(selector) => {
                const content = document.querySelector(selector);  // none on search.html
                if (!content) return '';
                const copy = content.cloneNode(true);
                copy.querySelectorAll('pre, code, .math, .cell_output').forEach((node) => node.remove());
                return copy.textContent;
            }""",
            CONTENT,
        )
        assert not RAW_TEX.findall(text), RAW_TEX.findall(text)[:5]
    finally:
        if origin == "file":
            page.close()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_a_notebook_page_launches_downloads_and_folds_its_solutions(served, site, path):
    page = served(f"notebooks/{path.stem}.html")
    own = page.page.locator(f"{CONTENT} a.launch-button:not(table a)")
    assert sorted(own.all_text_contents()) == ["Launch on Binder", "Open in Colab"]
    for link in own.all():
        assert_launches(link.text_content(), link.get_attribute("href"), path.name)
    for row in page.page.locator(f"{CONTENT} tr:has(a.launch-button)").all():  # the course map of 00
        page_link = row.locator("a").first.get_attribute("href").split("#")[0]  # "" for the page itself
        target = f"{Path(page_link).stem}.ipynb" if page_link else path.name
        for link in row.locator("a.launch-button").all():
            assert_launches(link.text_content(), link.get_attribute("href"), target)

    download = page.page.locator(f'a[href$="_sources/notebooks/{path.name}"]')
    assert download.count() == 1
    assert (site / "_sources" / "notebooks" / path.name).read_bytes() == path.read_bytes()

    solutions = page.page.locator(f"{CONTENT} details")
    assert solutions.count() == sum(cell.source.count("<details>") for cell in notebook(path).cells)
    for details in solutions.all():
        body = details.locator(":scope > :not(summary)").first
        assert details.get_attribute("open") is None
        assert not body.is_visible()
        details.locator("summary").click()
        assert details.get_attribute("open") is not None
        assert body.is_visible()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_each_explorer_is_its_figure_with_a_line_on_how_to_move_it(served, path):
    explorers = [
        cell
        for cell in notebook(path).cells
        if any(WIDGET_VIEW in output.get("data", {}) for output in cell.get("outputs", []))
    ]
    page = served(f"notebooks/{path.stem}.html")
    cells = page.page.locator(f"{CONTENT} .cell:has(p.explorer-note)")
    assert cells.count() == len(explorers)
    for cell in cells.all():
        figure = cell.locator(".cell_output img")
        assert figure.count() >= 1 and figure.first.is_visible()
        assert figure.first.get_attribute("alt")
        assert "Binder" in cell.locator("p.explorer-note").text_content()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_every_figure_says_what_it_shows(served, path):
    """Its alt text, not a file name, a class name or a figure's repr (axe accepts those)."""
    outputs = [output for cell in notebook(path).cells for output in cell.get("outputs", [])]
    figures = sum(
        "image/png" in output.get("data", {}) or "<img" in output.get("data", {}).get("text/html", "")
        for output in outputs
    )
    page = served(f"notebooks/{path.stem}.html")
    alts = page.page.locator(f"{CONTENT} img").evaluate_all("(images) => images.map((image) => image.alt)")
    assert len(alts) >= figures
    for alt in alts:
        assert len(alt.split()) >= 3, alt
        assert not NOT_A_DESCRIPTION.search(alt), alt


@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_violation_in_the_course_content(served, name, capsys):
    """After the other tests, so with every solution open: axe checks them too. The theme's own are listed."""
    from axe_playwright_python.sync_playwright import Axe

    page = served(name)
    result = Axe().run(page.page, options={"runOnly": WCAG_21_AA, "resultTypes": ["violations"]})
    in_content, elsewhere = [], []
    for violation in result.response["violations"]:
        for node in violation["nodes"]:
            inside = page.page.evaluate(
                "([target, content]) => !!document.querySelector(target)?.closest(content)",
                [node["target"][0], CONTENT],
            )
            (in_content if inside else elsewhere).append(f"{violation['id']}: {node['target']}")
    with capsys.disabled():
        for line in sorted(set(elsewhere)):
            print(f"\n{name}: the theme's own: {line}")
    assert in_content == []


def notebook(path):
    return nbformat.read(path, as_version=4)


def assert_launches(text, href, notebook_name):
    """A launch button opens the right notebook: Binder at the newest commit, Colab at this version's release."""
    expected = {
        "Launch on Binder": f"https://mybinder.org/v2/gh/{OWNER}/{REPO}/HEAD?urlpath=lab/tree/notebooks/{notebook_name}",
        "Open in Colab": f"https://colab.research.google.com/github/{OWNER}/{REPO}/blob/v{PROJECT['version']}/"
        f"notebooks/{notebook_name}",
    }
    assert href == expected[text]
