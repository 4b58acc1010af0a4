"""The learning-rate explorer of notebook 07: it draws the path regression.descend computes; its verdict switches
from converging to diverged between the two slider positions around 2/λmax; it says "diverged" above the edge only;
a diverging path is cut where it leaves the fixed view; every position is finite and silent.
(Blitting and every control's extremes are tested for every explorer in test_explorers.py.)"""

import re
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest

from chainlab import regression
from chainlab.explorers.learning_rate import (
    B_VIEW,
    COST_VIEW,
    LINE_X,
    M_VIEW,
    LearningRateExplorer,
    cost_surface,
    descent_view,
    in_view,
    learning_rate_explorer,
    readout,
)

EDGE = regression.max_stable_learning_rate()
SETTINGS = [(0.05, 20), (0.002, 60), (0.01, 1), (0.0545, 60), (0.03, 37), (0.055, 60), (0.06, 20), (0.07, 60)]


def pixels(explorer):
    return np.asarray(explorer.canvas.get_renderer().buffer_rgba()).copy()


def slider_positions(slider):
    """Every value the learning-rate slider can take, as the browser sends them (rounded to its readout)."""
    count = round((slider.max - slider.min) / slider.step)
    return [round(slider.min + k * slider.step, 4) for k in range(count + 1)]


def drawn(line):
    return np.asarray(line.get_xydata(), dtype=float)


@pytest.fixture
def explorer():
    built = learning_rate_explorer()
    built.canvas.draw()
    return built


# --- the controls and the default figure --------------------------------------------------------------------------


def test_the_sliders_span_the_edge_and_the_default_shows_neither_the_edge_nor_just_below_it(explorer):
    lr, steps = explorer.controls["lr"], explorer.controls["steps"]
    assert (lr.min, lr.max, lr.step) == (0.002, 0.07, 0.0005)
    assert lr.min < EDGE / 10 and lr.max > 1.2 * EDGE
    assert (steps.min, steps.max, steps.step) == (1, 60, 1)
    assert explorer.values == {"lr": 0.01, "steps": 20}
    assert explorer.values["lr"] < 0.5 * EDGE  # below 1/λmax: no zigzag, so 07.6's answer is not on show
    assert "0.0549" not in explorer.title.get_text() and "edge" not in explorer.title.get_text()  # 07.5's answer
    assert tuple(explorer.figure.get_size_inches()) == (12.0, 4.0)
    assert explorer.cost_ax.get_yscale() == "log"


def test_no_pyplot_figure_is_left_open():
    before = plt.get_fignums()
    learning_rate_explorer()
    assert plt.get_fignums() == before


def test_a_custom_start():
    built = LearningRateExplorer(lr0=0.06, steps0=5)
    assert built.values == {"lr": 0.06, "steps": 5}
    assert "diverged" in built.title.get_text()


# --- what it draws is what regression computes --------------------------------------------------------------------


@pytest.mark.parametrize(("lr", "steps"), SETTINGS)
def test_the_drawn_path_and_costs_are_those_of_regression_descend(explorer, lr, steps):
    explorer.set(lr=lr, steps=steps)
    run = regression.descend(lr, steps)
    points, path = drawn(explorer.points), drawn(explorer.path)
    np.testing.assert_array_equal(points, run.path[: len(points)])
    np.testing.assert_array_equal(path[: len(points)], points)
    np.testing.assert_array_equal(drawn(explorer.costs), np.column_stack([np.arange(steps + 1), run.costs]))
    np.testing.assert_array_equal(drawn(explorer.end_cost), [[steps, run.costs[-1]]])
    m, b = run.path[-1]
    np.testing.assert_allclose(drawn(explorer.fit), np.column_stack([LINE_X, m * LINE_X + b]), rtol=1e-15)
    if not run.diverged:  # below the edge, the whole path is drawn, ending at the last step
        np.testing.assert_array_equal(path, run.path)
        np.testing.assert_array_equal(drawn(explorer.end), run.path[-1:])


@pytest.mark.parametrize(("lr", "steps"), [(0.06, 20), (0.065, 40), (0.07, 60), (0.0575, 60)])
def test_a_path_leaving_the_view_is_cut_where_it_leaves(lr, steps):
    run = regression.descend(lr, steps)
    points, path = in_view(run.path)
    k = len(points)
    assert 1 < k < steps + 1
    inside = (M_VIEW[0] <= points[:, 0]) & (points[:, 0] <= M_VIEW[1])
    assert np.all(inside & (B_VIEW[0] <= points[:, 1]) & (points[:, 1] <= B_VIEW[1]))
    assert len(path) == k + 1
    exit_point = path[-1]
    # on the segment from the last point in view to the first outside it, and on the edge of the view
    before, after = run.path[k - 1], run.path[k]
    t = (exit_point - before) / (after - before)
    assert 0 < t[0] < 1 and t[0] == pytest.approx(t[1], rel=1e-9)
    on_edge = np.isclose(exit_point[0], M_VIEW, rtol=0, atol=1e-12).any()
    on_edge |= np.isclose(exit_point[1], B_VIEW, rtol=0, atol=1e-12).any()
    assert on_edge
    shown = descent_view(lr, steps)
    np.testing.assert_array_equal(shown["shown_points"], points)
    np.testing.assert_array_equal(shown["shown_path"], path)
    assert shown["shown_end"].shape == (0, 2)  # the last step is out of view: no marker for it


def test_the_cost_surface_is_the_cost():
    ms, bs = np.array([-1.0, 0.0, 0.9]), np.array([0.1, 1.76])
    surface = cost_surface(ms, bs)
    assert surface.shape == (2, 3)
    for i, b in enumerate(bs):
        for j, m in enumerate(ms):
            assert surface[i, j] == pytest.approx(regression.mse(m, b), rel=1e-14)


# --- the edge -----------------------------------------------------------------------------------------------------


def test_the_verdict_switches_between_the_two_slider_positions_around_the_edge(explorer):
    positions = slider_positions(explorer.controls["lr"])
    below = max(p for p in positions if p < EDGE)
    above = min(p for p in positions if p > EDGE)
    assert (below, above) == (0.0545, 0.055)  # one slider step apart, with 2/λmax ≈ 0.05491 between them
    for steps in range(1, 61):
        assert not descent_view(below, steps)["diverged"], steps
        assert descent_view(above, steps)["diverged"], steps


@pytest.mark.parametrize("steps", [1, 2, 5, 20, 60])
def test_at_every_slider_position_the_verdict_is_the_side_of_the_edge(explorer, steps):
    for lr in slider_positions(explorer.controls["lr"]):
        assert descent_view(lr, steps)["diverged"] == (lr > EDGE), (lr, steps)


@pytest.mark.parametrize("steps", [1, 20, 60])
def test_diverged_is_shown_above_the_edge_and_not_below(explorer, steps):
    for lr in (0.002, 0.03, 0.05, 0.0545, 0.055, 0.06, 0.07):
        explorer.set(lr=lr, steps=steps)
        text = explorer.title.get_text()
        assert "0.0549" not in text and "edge" not in text  # the edge is 07.5's answer: found, never printed
        if lr > EDGE:
            assert "diverged" in text and "converging" not in text
        else:
            assert "diverged" not in text and "converging" in text


def test_the_readout_says_what_the_compute_function_says():
    shown = descent_view(0.05, 20)
    text = readout(0.05, 20, shown)
    assert text == f"learning rate 0.0500:  converging, cost 19.68 → {shown['costs'][-1]:.3g} after 20 steps"
    assert readout(0.01, 1, descent_view(0.01, 1)).endswith("after 1 step")
    diverged = readout(0.07, 60, descent_view(0.07, 60))
    assert "diverged" in diverged and not re.search(r"e\+\d", diverged)  # no overflowing numbers
    factor = (1 - 0.07 * np.linalg.eigvalsh(regression.hessian()).max()) ** 2  # the cost grows by the factor squared
    growth = float(re.search(r"about ×([\d.]+) per step", diverged)[1])
    assert growth == pytest.approx(factor, rel=0.01), (diverged, factor)


# --- finite, silent, fixed ----------------------------------------------------------------------------------------


def test_every_slider_position_is_finite_and_silent_and_keeps_the_view(explorer):
    """Every learning rate at the most steps, where a diverging run is largest, through the explorer; at fewer steps,
    through the compute function (the explorer only sets its arrays)."""
    limits = [(ax.get_xlim(), ax.get_ylim()) for ax in explorer.figure.axes]
    explorer.set(steps=60)
    for lr in slider_positions(explorer.controls["lr"]):
        with warnings.catch_warnings(), np.errstate(all="raise"):
            warnings.simplefilter("error")
            explorer.set(lr=lr)
        for ax in explorer.figure.axes:
            for line in ax.lines:
                assert np.all(np.isfinite(drawn(line))), (lr, line)
        assert_in_view(drawn(explorer.path))
    assert [(ax.get_xlim(), ax.get_ylim()) for ax in explorer.figure.axes] == limits
    for steps in (1, 2, 7, 30):
        for lr in slider_positions(explorer.controls["lr"]):
            with warnings.catch_warnings(), np.errstate(all="raise"):
                warnings.simplefilter("error")
                shown = descent_view(lr, steps)
            for key in ("path", "costs", "shown_points", "shown_path", "fit"):
                assert np.all(np.isfinite(shown[key])), (lr, steps, key)
            assert_in_view(shown["shown_path"])


def assert_in_view(path):
    assert np.all((M_VIEW[0] - 1e-12 <= path[:, 0]) & (path[:, 0] <= M_VIEW[1] + 1e-12))
    assert np.all((B_VIEW[0] - 1e-12 <= path[:, 1]) & (path[:, 1] <= B_VIEW[1] + 1e-12))


def test_the_cost_panel_holds_every_converging_run_and_the_least_cost():
    best = regression.mse(*regression.least_squares())
    assert COST_VIEW[0] < best
    for lr in (0.002, 0.02, 0.05, 0.0545):
        costs = descent_view(lr, 60)["costs"]
        assert COST_VIEW[0] < costs.min() and costs.max() < COST_VIEW[1]


def test_blitting_across_the_edge_leaves_what_a_full_redraw_shows(explorer):
    """Above the edge the last step leaves the view and its marker goes: blitting back and forth leaves no trace."""
    for moves in ({"lr": 0.06}, {"steps": 60}, {"lr": 0.0545}, {"lr": 0.07, "steps": 3}, {"lr": 0.05}):
        explorer.set(**moves)
        blitted = pixels(explorer)
        explorer.canvas.draw()
        np.testing.assert_array_equal(blitted, pixels(explorer))
