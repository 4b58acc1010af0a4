"""The course as a learner with a screen reader or a keyboard meets it in JupyterLab (issue 20).

After Run All, axe-core (WCAG 2.1 A and AA) finds no violation in the course's content: cell outputs and rendered
markdown. JupyterLab's own violations are listed, not failed on: they are not ours to fix. Every slider has an
accessible name in the browser's accessibility tree (the explorers' slider is a range input named by its label,
chainlab.explorers.controls; ipywidgets' own sliders have none). And one explorer per notebook is walked by keyboard
alone: Tab reaches a slider, the arrow keys move it, the slider says its new value (aria-valuetext, as the readout
beside it shows it), and the readout under the figure, a live region a screen reader announces, says the new numbers.
"""

import pytest

# The rules of WCAG 2.1 A and AA, the standard a course must meet (axe's best-practice rules are left out).
WCAG_21_AA = {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
CONTENT = ".jp-OutputArea-output, .jp-RenderedMarkdown"
READOUT = '[role="status"][aria-live="polite"]'
RANGE_INPUT = ".chainlab-slider input[type=range]"
SHOW_EVERY_CELL_JS = "() => window.__chainlabPanel.content.widgets.forEach((cell) => cell.node.scrollIntoView())"


def test_axe_finds_no_violation_in_the_course_content(notebook_name, lab_notebooks, capsys):
    from axe_playwright_python.sync_playwright import Axe

    notebook = lab_notebooks(notebook_name)
    page = notebook.page
    # Every cell in the DOM: JupyterLab leaves cells far out of view unrendered until they are scrolled to.
    page.evaluate(SHOW_EVERY_CELL_JS)
    result = Axe().run(page, options={"runOnly": WCAG_21_AA, "resultTypes": ["violations"]})
    in_content, elsewhere = [], []
    for violation in result.response["violations"]:
        for node in violation["nodes"]:
            target = node["target"][0]
            inside = page.evaluate(
                "([target, content]) => !!document.querySelector(target)?.closest(content)", [target, CONTENT]
            )
            line = f"{violation['id']} ({violation['impact']}): {target}: {node['failureSummary']}"
            (in_content if inside else elsewhere).append(line)
    with capsys.disabled():
        for line in sorted(set(elsewhere)):
            print(f"\n{notebook_name}: JupyterLab's own: {line}")
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
        if page.evaluate("() => !!document.activeElement?.matches('input[type=range]')"):
            break
    else:
        pytest.fail("Tab never reached a slider")
    slider = page.locator(":focus")
    shown = slider.locator("xpath=..").locator(".chainlab-slider-readout")
    said = slider.get_attribute("aria-valuetext")  # what a screen reader says: the value as the readout shows it
    assert said and said == shown.text_content()
    now, last = (float(slider.evaluate(f"(input) => input.{a}")) for a in ("value", "max"))
    before = readout.text_content()
    page.keyboard.press("ArrowLeft" if now >= last else "ArrowRight")
    page.wait_for_function(  # ipywidgets writes the region anew on each change: look it up each time
        "([box, region, before]) => box.querySelector(region).textContent !== before",
        arg=[explorer.box.element_handle(), READOUT, before],
        timeout=10_000,
    )
    assert slider.get_attribute("aria-valuetext") != said
    assert slider.get_attribute("aria-valuetext") == shown.text_content()
    assert notebook.errors() == []


def test_every_slider_has_an_accessible_name(notebook_name, lab_notebooks, saved_explorer_counts):
    """In Chromium's accessibility tree, what a screen reader reads: every slider on the page has a name, and it is the
    description its label shows."""
    if not any(name == notebook_name for name, _ in saved_explorer_counts):
        pytest.skip(f"{notebook_name} has no explorer")
    page = lab_notebooks(notebook_name).page
    page.evaluate(SHOW_EVERY_CELL_JS)
    labels = page.locator(RANGE_INPUT).evaluate_all("(inputs) => inputs.map((input) => input.labels[0]?.textContent)")
    assert labels and all(labels), f"a slider without a label: {labels}"
    tree = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    names = [node.get("name", {}).get("value", "") for node in tree if node.get("role", {}).get("value") == "slider"]
    assert sorted(names) == sorted(labels), "a slider the accessibility tree does not name by its label"
    for label in set(labels):
        assert page.get_by_role("slider", name=label, exact=True).count() == labels.count(label)
