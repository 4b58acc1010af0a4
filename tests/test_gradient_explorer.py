"""The gradient explorer of notebook 04: its ∇f agrees with finite differences and torch.autograd, D_u f = ∇f·u is
the slope of the slice and is largest, |∇f|, along ∇f; (0, 0) is finite and silent; the readout says what the
compute function says; the slice panel's fixed limits hold every control position.
(Every slider position finite and silent, and blitting, are tested for every explorer in test_explorers.py.)"""

import math
import re
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest

from chainlab.calculus import autograd, derivative, gradient
from chainlab.explorers.gradient import (
    GRADIENT_SCALE,
    S_MAX,
    VIEW,
    GradientExplorer,
    gradient_explorer,
    gradient_view,
    readout,
    slice_limits,
    surface,
)

POINTS = [(-1.5, 0.5), (1.0, 1.0), (0.0, 0.0), (2.0, -2.0), (-2.0, 2.0), (0.3, -1.7), (-0.8, 0.0), (0.0, 1.2)]
THETAS = range(0, 361)  # every position of the θ slider
SIDE = np.round(np.linspace(-2.0, 2.0, 41), 1)  # every position of the x and y sliders
S_GRID = np.linspace(-S_MAX, S_MAX, 121)


def pixels(explorer):
    return np.asarray(explorer.canvas.get_renderer().buffer_rgba()).copy()


@pytest.fixture
def explorer():
    built = gradient_explorer()
    built.canvas.draw()
    return built


# --- the compute function ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("point", POINTS)
def test_the_gradient_matches_finite_differences_and_autograd(point):
    shown = gradient_view(*point, 0.0, S_GRID)
    np.testing.assert_allclose(shown["gradient"], gradient(surface, point), rtol=1e-7, atol=1e-8)
    np.testing.assert_allclose(shown["gradient"], autograd(surface, point), rtol=1e-12, atol=0)
    assert shown["norm"] == pytest.approx(math.hypot(*autograd(surface, point)), rel=1e-12, abs=0)
    assert shown["f"] == surface(*point)


@pytest.mark.parametrize("point", POINTS)
def test_the_directional_derivative_is_the_slope_of_the_slice_at_zero(point):
    for theta in THETAS:
        shown = gradient_view(*point, theta, S_GRID)
        u = np.array([math.cos(math.radians(theta)), math.sin(math.radians(theta))])
        np.testing.assert_allclose(shown["u"], u, atol=1e-15)
        assert shown["directional"] == pytest.approx(shown["gradient"] @ u, abs=1e-12)
        # g(s) as the compute function gives it, at s = ±h: its central difference at 0
        h = 1e-5
        ends = gradient_view(*point, theta, [-h, h])["slice"]
        assert (ends[1] - ends[0]) / (2 * h) == pytest.approx(shown["directional"], abs=1e-8)
        # and by chainlab.calculus on f(p + s·u) itself
        slope = derivative(lambda s, u=u: surface(point[0] + s * u[0], point[1] + s * u[1]), 0.0)
        assert float(slope) == pytest.approx(shown["directional"], abs=1e-8)
        np.testing.assert_allclose(shown["slice"], surface(*(np.array(point)[:, None] + u[:, None] * S_GRID)))


@pytest.mark.parametrize("point", [p for p in POINTS if p != (0.0, 0.0)])
def test_the_directional_derivative_is_largest_along_the_gradient_and_equals_its_length(point):
    shown = gradient_view(*point, 0.0, S_GRID)
    norm = shown["norm"]
    fine = np.arange(0.0, 360.0, 0.25)
    slopes = np.array([gradient_view(*point, t, [0.0])["directional"] for t in fine])
    assert slopes.max() <= norm + 1e-12  # Cauchy–Schwarz: no direction climbs faster
    assert slopes.max() == pytest.approx(norm, rel=1e-5)
    assert slopes.min() == pytest.approx(-norm, rel=1e-5)  # steepest descent: −∇f
    along = math.degrees(math.atan2(shown["gradient"][1], shown["gradient"][0])) % 360
    apart = abs(fine[slopes.argmax()] - along) % 360
    assert min(apart, 360 - apart) <= 0.25  # the best of the fine directions is the one of ∇f
    exact = gradient_view(*point, along, [0.0])
    assert exact["directional"] == pytest.approx(norm, rel=1e-12)
    np.testing.assert_allclose(exact["u"], shown["steepest"], atol=1e-12)
    # perpendicular to ∇f (along the contour), the slope is zero
    assert gradient_view(*point, along + 90, [0.0])["directional"] == pytest.approx(0, abs=1e-12)


@pytest.mark.parametrize(("point", "theta"), [((1.0, 0.5), 45), ((-1.5, 0.0), 180), ((0.0, -1.0), 270)])
def test_on_the_slider_grid_the_best_theta_gives_exactly_the_gradient_length(point, theta):
    shown = gradient_view(*point, 0.0, S_GRID)
    slopes = {t: gradient_view(*point, t, [0.0])["directional"] for t in THETAS}
    assert max(slopes, key=slopes.get) % 360 == theta
    assert slopes[theta] == pytest.approx(shown["norm"], rel=1e-12)


@pytest.mark.parametrize("point", POINTS)
def test_the_tangent_passes_through_zero_f_of_p_with_slope_the_directional_derivative(point):
    for theta in (0, 30, 135, 250):
        shown = gradient_view(*point, theta, S_GRID)
        middle = len(S_GRID) // 2
        assert S_GRID[middle] == 0
        assert shown["tangent"][middle] == pytest.approx(surface(*point), abs=1e-12)
        assert shown["slice"][middle] == pytest.approx(surface(*point), abs=1e-12)
        slope, intercept = np.polyfit(S_GRID, shown["tangent"], 1)
        assert slope == pytest.approx(shown["directional"], abs=1e-9)
        assert intercept == pytest.approx(shown["f"], abs=1e-9)


def test_at_the_bottom_of_the_bowl_everything_is_finite_and_silent():
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        for theta in THETAS:
            shown = gradient_view(0.0, 0.0, theta, S_GRID)
            assert shown["norm"] == 0 and shown["directional"] == 0
            np.testing.assert_array_equal(shown["steepest"], [0.0, 0.0])
            for key in ("gradient", "u", "path", "slice", "tangent"):
                assert np.all(np.isfinite(shown[key])), (theta, key)


# --- the explorer ------------------------------------------------------------------------------------------------


def test_the_sliders_and_the_default_which_is_not_the_prediction_point(explorer):
    x, y, theta = (explorer.controls[name] for name in ("x", "y", "theta"))
    assert (x.min, x.max, x.step) == (y.min, y.max, y.step) == (-2.0, 2.0, 0.1)
    assert (theta.min, theta.max, theta.step) == (0.0, 360.0, 1.0)
    assert explorer.values == {"x": -1.5, "y": 0.5, "theta": 0.0}
    assert (explorer.values["x"], explorer.values["y"]) != (1.0, 1.0)  # the notebook asks to predict |∇f| there
    assert tuple(explorer.figure.get_size_inches()) == (9.5, 4.0)


def test_no_pyplot_figure_is_left_open():
    before = plt.get_fignums()
    gradient_explorer()
    assert plt.get_fignums() == before


def numbers(text):
    return [float(n) for n in re.findall(r"-?\d+\.?\d*", text.replace("−", "-"))]


@pytest.mark.parametrize(
    ("x", "y", "theta"), [(-1.5, 0.5, 0), (1.0, 1.0, 30), (0.0, 0.0, 45), (2.0, -2.0, 360), (-0.3, 1.7, 215)]
)
def test_the_readout_says_what_the_compute_function_says(explorer, x, y, theta):
    explorer.set(x=x, y=y, theta=theta)
    text = explorer.title.get_text()
    shown = gradient_view(x, y, theta, S_GRID)
    # at (x, y) = (x, y): ∇f = (gx, gy), |∇f| = n …, D_u f = ∇f·u = d at θ = t°   ("u" and "f" carry no digits)
    px, py, gx, gy, norm, d, t = numbers(text)
    assert (px, py, t) == (x, y, theta)
    assert (gx, gy) == (round(shown["gradient"][0], 2), round(shown["gradient"][1], 2))
    assert norm == round(shown["norm"], 2)
    assert d == pytest.approx(shown["directional"], abs=0.005)
    assert "-" not in text and "−0.00" not in text  # the Unicode minus, and never a negative zero


def test_the_readout_of_the_worked_example():
    shown = gradient_view(1.0, 1.0, 30, S_GRID)
    assert readout(1.0, 1.0, 30, shown) == (
        "at (x, y) = (1.0, 1.0):  ∇f = (2.00, 4.00),  |∇f| = 4.47 (steepest ascent),  D_u f = ∇f·u = 3.73 at θ = 30°"
    )
    flat = readout(0.0, 0.0, 90, gradient_view(0.0, 0.0, 90, S_GRID))
    assert "|∇f| = 0.00" in flat and "D_u f = ∇f·u = 0.00" in flat and "steepest ascent" not in flat


def test_the_slice_limits_hold_every_control_position_and_are_not_wasteful():
    low, high = slice_limits()
    lowest, highest = np.inf, -np.inf
    for x in SIDE:
        for y in SIDE:
            for theta in THETAS:
                shown = gradient_view(float(x), float(y), theta, S_GRID)
                for key in ("slice", "tangent"):
                    lowest, highest = min(lowest, shown[key].min()), max(highest, shown[key].max())
    assert low < lowest and highest < high
    # the limits pad the reachable range by a little, not a lot: no curve is squashed needlessly
    spread = highest - lowest
    assert lowest - low < 0.1 * spread and high - highest < 0.1 * spread


def test_the_figure_keeps_its_limits_and_holds_its_artists_at_the_extremes(explorer):
    contour_limits = (explorer.contour_ax.get_xlim(), explorer.contour_ax.get_ylim())
    slice_ylim = explorer.slice_ax.get_ylim()
    assert slice_ylim == pytest.approx(slice_limits())
    for x in (-2.0, 0.0, 2.0):
        for y in (-2.0, 0.0, 2.0):
            for theta in range(0, 360, 45):
                explorer.set(x=x, y=y, theta=theta)
                assert (explorer.contour_ax.get_xlim(), explorer.contour_ax.get_ylim()) == contour_limits
                assert explorer.slice_ax.get_ylim() == slice_ylim
                for line in (explorer.curve, explorer.tangent, explorer.slice_point):
                    values = np.asarray(line.get_ydata(), dtype=float)
                    assert np.all((slice_ylim[0] < values) & (values < slice_ylim[1])), (x, y, theta)
                shown = gradient_view(x, y, theta, S_GRID)
                tail, head = (np.array(v) for v in explorer.grad_arrow._posA_posB)
                np.testing.assert_allclose(tail, (x, y), atol=1e-12)
                np.testing.assert_allclose(head, np.array((x, y)) + GRADIENT_SCALE * shown["gradient"], atol=1e-12)
                tail, head = (np.array(v) for v in explorer.u_arrow._posA_posB)
                np.testing.assert_allclose(head - tail, shown["u"], atol=1e-12)
                assert np.all(np.abs(head) < VIEW)  # the unit arrow stays in view
                _, head = explorer.grad_arrow._posA_posB
                assert np.all(np.abs(head) < VIEW)  # and so does the scaled gradient
                assert explorer.grad_arrow.get_visible() == ((x, y) != (0.0, 0.0))


def test_at_the_bottom_of_the_bowl_the_explorer_is_silent_and_blits_what_a_redraw_shows(explorer):
    """The gradient arrow disappears at (0, 0) and comes back: blitting across that leaves no trace."""
    for moves in ({"y": 0.0}, {"x": 0.0}, {"theta": 90}, {"x": 0.5}, {"x": 0.0}, {"theta": 200}):
        with warnings.catch_warnings(), np.errstate(all="raise"):
            warnings.simplefilter("error")
            explorer.set(**moves)
        blitted = pixels(explorer)
        explorer.canvas.draw()
        np.testing.assert_array_equal(blitted, pixels(explorer))
    assert not explorer.grad_arrow.get_visible() and not explorer.steepest.get_visible()
    for ax in explorer.figure.axes:
        for line in ax.lines:
            assert np.all(np.isfinite(np.asarray(line.get_xydata(), dtype=float)))


def test_blitting_the_y_and_theta_sliders_leaves_what_a_full_redraw_shows(explorer):
    for moves in ({"theta": 95}, {"y": -1.3}, {"theta": 300}, {"y": 2.0, "x": 2.0}):
        explorer.set(**moves)
        blitted = pixels(explorer)
        explorer.canvas.draw()
        np.testing.assert_array_equal(blitted, pixels(explorer))


def test_a_custom_start():
    built = GradientExplorer(x0=0.0, y0=-2.0, theta0=90.0)
    assert built.values == {"x": 0.0, "y": -2.0, "theta": 90.0}
    assert "at (x, y) = (0.0, −2.0)" in built.title.get_text()


def test_at_the_worked_point_the_slider_can_point_u_along_the_gradient(explorer):
    """At (1, 1) ∇f points at 63.4°: a learner turning θ to the largest D_u f lands within half a step of it."""
    theta = explorer.controls["theta"]
    positions = np.arange(theta.min, theta.max + theta.step / 2, theta.step)
    best = max(positions, key=lambda t: gradient_view(1.0, 1.0, t, [0.0])["directional"])
    assert abs(best - math.degrees(math.atan2(4.0, 2.0))) <= 0.5
