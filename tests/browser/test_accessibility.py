"""The course as a learner with a screen reader or a keyboard meets it in JupyterLab (issue 20).

After Run All, axe-core (WCAG 2.1 A and AA) finds no violation in the course's content: cell outputs and rendered
markdown. JupyterLab's own violations are listed, not failed on: they are not ours to fix. And one explorer per
notebook is walked by keyboard alone: Tab reaches a slider, the arrow keys move it, and the readout, a live region a
screen reader announces, says the new numbers.

One violation in the content is ipywidgets' own: a slider's handle (noUiSlider, role="slider") has no accessible name
in ipywidgets 8.1 or 7.7, and Python has no way to give it one (ipywidgets passes noUiSlider no handleAttributes, and
its description label is not tied to the handle). It is listed, and test_slider_handles_have_an_accessible_name
fails on it as expected, so that the day ipywidgets names its handles the test says so.
"""

import pytest

# The rules of WCAG 2.1 A and AA, the standard a course must meet (axe's best-practice rules are left out).
WCAG_21_AA = {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
CONTENT = ".jp-OutputArea-output, .jp-RenderedMarkdown"
READOUT = '[role="status"][aria-live="polite"]'
SLIDER_HANDLE = ".noUi-handle"
HANDLE_NAMES_JS = f"""() => [...document.querySelectorAll('{SLIDER_HANDLE}')].map((handle) =>
    handle.getAttribute('aria-label') || handle.getAttribute('aria-labelledby') || handle.title || '')"""


def test_axe_finds_no_violation_in_the_course_content(notebook_name, lab_notebooks, capsys):
    from axe_playwright_python.sync_playwright import Axe

    notebook = lab_notebooks(notebook_name)
    page = notebook.page
    # Every cell in the DOM: JupyterLab leaves cells far out of view unrendered until they are scrolled to.
    page.evaluate("() => window.__chainlabPanel.content.widgets.forEach((cell) => cell.node.scrollIntoView())")
    result = Axe().run(page, options={"runOnly": WCAG_21_AA, "resultTypes": ["violations"]})
    in_content, upstream, elsewhere = [], [], []
    for violation in result.response["violations"]:
        for node in violation["nodes"]:
            target = node["target"][0]
            inside, handle = page.evaluate(
                "([target, content, handle]) => { const node = document.querySelector(target);"
                " return [!!node?.closest(content), !!node?.matches(handle)]; }",
                [target, CONTENT, SLIDER_HANDLE],
            )
            line = f"{violation['id']} ({violation['impact']}): {target}: {node['failureSummary']}"
            if inside and handle and violation["id"] == "aria-input-field-name":
                upstream.append(line)
            else:
                (in_content if inside else elsewhere).append(line)
    with capsys.disabled():
        for owner, lines in (("JupyterLab's own", elsewhere), ("ipywidgets' own", upstream)):
            for line in sorted(set(lines)):
                print(f"\n{notebook_name}: {owner}: {line}")
    assert in_content == [], "\n".join(in_content)


def test_an_explorer_works_from_the_keyboard_alone(notebook_name, lab_notebooks, saved_explorer_counts):
    cells = sorted(index for name, index in saved_explorer_counts if name == notebook_name)
    if not cells:
        pytest.skip(f"{notebook_name} has no explorer")
    notebook = lab_notebooks(notebook_name)
    page = notebook.page
    explorer = notebook.explorers(cells[0])[0]
    explorer.wait_drawn()
    readout = explorer.box.locator(READOUT)
    assert readout.count() == 1, "no readout in a live region"
    # Start from the explorer's output, then Tab on until a slider has the focus, as a learner without a mouse would.
    explorer.box.locator(".widget-hbox").first.click(position={"x": 1, "y": 1})
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement?.getAttribute('role') === 'slider'"):
            break
    else:
        pytest.fail("Tab never reached a slider")
    handle = page.locator(":focus")
    now, top = (float(handle.get_attribute(a)) for a in ("aria-valuenow", "aria-valuemax"))
    said = handle.get_attribute("aria-valuetext")  # what a screen reader says: aria-valuenow has one decimal only
    before = readout.text_content()
    page.keyboard.press("ArrowLeft" if now >= top else "ArrowRight")
    page.wait_for_function(  # ipywidgets writes the region anew on each change: look it up each time
        "([box, region, before]) => box.querySelector(region).textContent !== before",
        arg=[explorer.box.element_handle(), READOUT, before],
        timeout=10_000,
    )
    assert handle.get_attribute("aria-valuetext") != said
    assert notebook.errors() == []


@pytest.mark.xfail(
    strict=True, reason="ipywidgets renders a slider's handle with no accessible name (module docstring)"
)
def test_slider_handles_have_an_accessible_name(lab_notebooks):
    names = lab_notebooks("00_start_here.ipynb").page.evaluate(HANDLE_NAMES_JS)
    assert names and all(names), f"slider handles without a name: {names}"
