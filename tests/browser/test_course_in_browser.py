"""Every notebook runs in JupyterLab without an error, and every explorer draws and answers its controls.

Fixtures (conftest.py) start one `jupyter lab` on a copy of the notebooks and one headless Chromium; the
notebook and explorer parameters are discovered from notebooks/*.ipynb (explorers: cells whose saved
outputs hold a widget). Speed is measured here but asserted nowhere: `make bench` reports it.
"""

import statistics
from pathlib import Path

import nbformat

NOTEBOOK_DIR = Path(__file__).resolve().parents[2] / "notebooks"


def test_notebook_runs_in_jupyterlab(notebook_name, lab_notebooks, saved_explorer_counts, screenshots):
    notebook = lab_notebooks(notebook_name)
    notebook.screenshot(screenshots / f"{notebook_name.removesuffix('.ipynb')}.png")
    prompts = notebook.prompts()
    assert prompts == [f"[{n}]:" for n in range(1, len(prompts) + 1)], "not every cell ran, once, in order"
    assert notebook.errors() == [], f"a cell shows an error (JavaScript errors in the page: {notebook.console})"
    for (name, index), count in saved_explorer_counts.items():
        if name != notebook_name:
            continue
        explorers = notebook.explorers(index)
        assert len(explorers) == count, f"cell {index}: {len(explorers)} explorers rendered, {count} saved"
        for explorer in explorers:
            assert explorer.controls(), f"cell {index}: an explorer without controls"
            explorer.wait_drawn()
            assert explorer.colours() > 1, f"cell {index}: the explorer's figure is blank"


def test_every_control_moves_the_figure(explorer_cell, lab_notebooks, screenshots):
    name, index = explorer_cell
    notebook = lab_notebooks(name)
    for number, explorer in enumerate(notebook.explorers(index)):
        explorer.wait_drawn()
        ways = explorer.ways_to_move()
        assert ways, "an explorer without controls"
        unchanged = []
        for description, move in ways:
            assert move is not None, f"{description}: teach tests/browser/conftest.py to move it"
            if move() is None:
                unchanged.append(description)
        explorer.screenshot(screenshots / f"{name.removesuffix('.ipynb')}-cell{index:02d}-{number}.png")
        assert unchanged == [], f"the figure did not change after moving: {unchanged}"
        assert notebook.errors() == [], "moving a control made a cell show an error"


def test_key_press_to_new_pixels_is_measured(explorer_cell, lab_notebooks, latency_results):
    """Records, per explorer, the time from a slider key press to the new figure on screen (target < 150 ms)."""
    name, index = explorer_cell
    notebook = lab_notebooks(name)
    for number, explorer in enumerate(notebook.explorers(index)):
        explorer.wait_drawn()
        samples = explorer.key_press_latencies(presses=10)
        if samples is None:
            continue  # an explorer without a slider: nothing to press
        assert None not in samples, f"a key press did not change the figure: {samples}"
        latency_results[f"{name}::cell{index}" + (f"-{number}" if number else "")] = {
            "median_ms": round(statistics.median(samples), 1),
            "samples_ms": [round(s, 1) for s in samples],
        }


def test_solutions_show_nothing_until_one_click_opens_them(notebook_name, lab_notebooks, screenshots):
    """Each solution (and each answer to a prediction) is a folded <details> block: what it holds is hidden after Run
    All, and one click shows it."""
    saved = nbformat.read(NOTEBOOK_DIR / notebook_name, as_version=4)
    expected = sum(c.source.count("<details>") for c in saved.cells if c.cell_type == "markdown")
    notebook = lab_notebooks(notebook_name)
    solutions = notebook.page.locator(".jp-MarkdownCell .jp-RenderedMarkdown details")
    assert solutions.count() == expected
    for i in range(expected):
        solution = solutions.nth(i)
        solution.scroll_into_view_if_needed()
        body = solution.locator(":scope > :not(summary)").first  # the code of a solution, the words of an answer
        assert solution.get_attribute("open") is None and not body.is_visible(), f"solution {i} shows before a click"
        solution.locator("summary").click()
        body.wait_for(state="visible")
        if i == 0:
            notebook.screenshot(screenshots / f"{notebook_name.removesuffix('.ipynb')}-solution-open.png")
