"""The free-fall model of notebook 03 and its explorer: the worked example's numbers, every derivative three ways,
the edges of the model's domain, the drag variant, and an explorer whose readout is the chain rule."""

import math
import re

import numpy as np
import pytest
import torch

from chainlab import freefall
from chainlab.calculus import derivative, verify
from chainlab.explorers.freefall import FallExplorer, curves, fall_explorer, fall_view, rates_at
from chainlab.freefall import (
    distance_fallen,
    drag_landing_time,
    fall_with_drag,
    height,
    height_rate,
    impact_time,
    pressure,
    pressure_rate,
    pressure_slope,
    time_to_reach_speed,
)

END = impact_time()
INSIDE_TIMES = [0.5, 3.0, 10.0, 17.3, 25.0, 28.5]
INSIDE_HEIGHTS = [0.5, 250.0, 1000.0, 3510.0, 4000.0, 9000.0]


# The worked example, as published in the course design.


def test_worked_example_at_ten_seconds():
    assert height(10.0) == pytest.approx(3510.0, abs=1e-9)
    assert distance_fallen(10.0) == pytest.approx(490.0, abs=1e-9)
    assert pressure(height(10.0)) == pytest.approx(71331.15, abs=0.005)
    assert pressure_slope(height(10.0)) == pytest.approx(-7.1331, abs=5e-5)
    assert height_rate(10.0) == pytest.approx(-98.0, abs=1e-9)
    assert pressure_rate(10.0) == pytest.approx(699.05, abs=0.005)
    assert pressure_rate(10.0) > 0  # the pressure rises as the skydiver falls


def test_impact_time():
    assert impact_time() == pytest.approx(28.571, abs=5e-4)
    assert impact_time() == pytest.approx(math.sqrt(4000 / 4.9), rel=1e-15)
    assert height(impact_time()) >= 0
    assert height(impact_time()) == pytest.approx(0.0, abs=1e-9)


def test_the_constants_are_the_published_ones():
    assert (freefall.START_HEIGHT_M, freefall.G_M_PER_S2) == (4000.0, 9.8)
    assert (freefall.SEA_LEVEL_PRESSURE_PA, freefall.PRESSURE_DECAY_PER_M) == (101325.0, 0.0001)
    assert pressure(0.0) == freefall.SEA_LEVEL_PRESSURE_PA
    assert pressure_slope(0.0) == pytest.approx(-10.1325, rel=1e-12)


def test_scalars_give_python_floats():
    for value in (height(10), height(np.float64(10.0)), pressure(3510), pressure_rate(10.0), impact_time()):
        assert type(value) is float


def test_the_start_gives_zeros_not_negative_zeros():
    for value in (height_rate(0.0), pressure_rate(0.0), distance_fallen(0.0)):
        assert value == 0 and math.copysign(1.0, value) == 1.0


# Every derivative three ways: formula, central finite difference, torch.autograd in float64.


def test_distance_fallen_grows_at_plus_9_8_t(capsys):
    # The errata: the distance fallen g(t) = 4.9t² has g′(t) = +9.8t; it is the height that falls at 9.8t.
    verify(distance_fallen, lambda t: 9.8 * t, points=INSIDE_TIMES)
    with pytest.raises(AssertionError):
        verify(distance_fallen, lambda t: -9.8 * t, points=INSIDE_TIMES)


def test_height_rate_three_ways(capsys):
    verify(height, height_rate, points=INSIDE_TIMES)


def test_pressure_slope_three_ways(capsys):
    verify(pressure, pressure_slope, points=INSIDE_HEIGHTS)


def test_pressure_rate_three_ways(capsys):
    def pressure_of_time(t):
        return pressure(height(t))

    verify(pressure_of_time, pressure_rate, points=INSIDE_TIMES)


def test_pressure_rate_is_the_product_of_the_links():
    ts = np.linspace(0.0, END, 41)
    np.testing.assert_array_equal(pressure_rate(ts), pressure_slope(height(ts)) * height_rate(ts))


def test_torch_tensors_keep_their_graph():
    t = torch.tensor(10.0, dtype=torch.float64, requires_grad=True)
    p = pressure(height(t))
    assert isinstance(p, torch.Tensor) and p.requires_grad
    (grad,) = torch.autograd.grad(p, t)
    assert grad.item() == pytest.approx(pressure_rate(10.0), rel=1e-12)


def test_torch_tensors_are_checked_too():
    with pytest.raises(ValueError, match="between 0 and"):
        height(torch.tensor(30.0, dtype=torch.float64, requires_grad=True))
    with pytest.raises(ValueError, match="at least 0 m"):
        pressure(torch.tensor(-1.0, dtype=torch.float64))


# The edges of the model.


def test_both_ends_of_the_fall_are_valid():
    for t in (0.0, END):
        for f in (distance_fallen, height, height_rate, pressure_rate):
            assert math.isfinite(f(t))
    assert height(0.0) == freefall.START_HEIGHT_M
    assert math.isfinite(pressure(height(END)))


@pytest.mark.parametrize("f", [distance_fallen, height, height_rate, pressure_rate])
def test_just_outside_the_fall_is_refused_with_the_range(f):
    range_text = f"between 0 and {END:.3f} s"
    for t in (np.nextafter(0.0, -1.0), np.nextafter(END, np.inf), -1.0, 30.0):
        with pytest.raises(ValueError, match=re.escape(range_text)) as caught:
            f(t)
        assert str(caught.value).startswith(f"t = {float(t)!r}".removesuffix(".0"))


@pytest.mark.parametrize("f", [distance_fallen, height, height_rate, pressure_rate, pressure, pressure_slope])
@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_inputs_are_refused(f, bad):
    with pytest.raises(ValueError, match="not a finite number"):
        f(bad)


@pytest.mark.parametrize("f", [pressure, pressure_slope])
def test_heights_below_the_ground_are_refused(f):
    for h in (np.nextafter(0.0, -1.0), -1.0, -4000.0):
        with pytest.raises(ValueError, match=re.escape("at least 0 m")):
            f(h)
    assert math.isfinite(f(0.0)) and math.isfinite(f(12_000.0))  # above the start is still air


def test_arrays_work_elementwise():
    ts = np.array([[0.0, 5.0], [10.0, END]])
    for f in (distance_fallen, height, height_rate, pressure_rate):
        out = f(ts)
        assert isinstance(out, np.ndarray) and out.shape == ts.shape
        np.testing.assert_array_equal(out, [[f(t) for t in row] for row in ts])
    hs = [0.0, 3510.0, 4000.0]
    np.testing.assert_array_equal(pressure(hs), [pressure(h) for h in hs])


def test_one_bad_entry_refuses_the_whole_array_and_is_named():
    with pytest.raises(ValueError, match=r"t = 40 s is outside the fall"):
        height(np.array([1.0, 2.0, 40.0, 3.0]))
    with pytest.raises(ValueError, match=r"h = nan m"):
        pressure([100.0, math.nan])


# The model's limits: air drag.


def test_drag_free_model_passes_terminal_speed_early():
    assert time_to_reach_speed(55.0) == pytest.approx(5.61, abs=0.005)
    assert -height_rate(time_to_reach_speed(55.0)) == pytest.approx(55.0, rel=1e-12)
    assert time_to_reach_speed(0.0) == 0.0
    with pytest.raises(ValueError, match="between 0 and 280.0 m/s"):
        time_to_reach_speed(300.0)


def test_drag_speed_approaches_terminal_speed():
    ts = np.linspace(0.0, 60.0, 61)
    _, speeds = fall_with_drag(ts)
    assert np.all(np.diff(speeds) > 0) and np.all(speeds < 55.0)
    assert speeds[-1] == pytest.approx(55.0, rel=1e-6)
    _, slow = fall_with_drag(60.0, terminal_speed=30.0)
    assert slow == pytest.approx(30.0, rel=1e-6)


def test_drag_integration_matches_the_closed_form():
    # Written afresh here: v = v_t·tanh(g·t/v_t), distance fallen (v_t²/g)·ln cosh(g·t/v_t).
    vt, g = 55.0, 9.8
    ts = np.array([0.0, 0.37, 2.0, 5.61, 11.0, 30.0, 70.0])
    heights, speeds = fall_with_drag(ts, terminal_speed=vt)
    np.testing.assert_allclose(speeds, vt * np.tanh(g * ts / vt), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(heights, 4000 - vt**2 / g * np.log(np.cosh(g * ts / vt)), rtol=0, atol=1e-6)


def test_drag_agrees_with_the_drag_free_model_early_then_departs():
    early = np.array([0.0, 0.1, 0.5, 1.0])
    heights, speeds = fall_with_drag(early)
    np.testing.assert_allclose(heights, height(early), atol=0.05)  # 5 cm in the first second
    np.testing.assert_allclose(speeds, -height_rate(early), rtol=0.02)  # within 2 %
    later, _ = fall_with_drag(20.0)
    assert later - height(20.0) > 500  # drag keeps the skydiver hundreds of metres higher


def test_drag_keeps_the_order_and_shape_of_the_times():
    ts = np.array([[12.0, 0.0], [3.0, 12.0]])
    heights, speeds = fall_with_drag(ts)
    assert heights.shape == speeds.shape == ts.shape
    for t, h, v in zip(ts.ravel(), heights.ravel(), speeds.ravel(), strict=True):
        assert (h, v) == pytest.approx(fall_with_drag(t), rel=1e-10)
    assert all(type(x) is float for x in fall_with_drag(3.0))


def test_drag_landing_is_the_end_of_its_domain():
    landing = drag_landing_time()
    assert landing > impact_time()
    h, v = fall_with_drag(landing)
    assert h == pytest.approx(0.0, abs=1e-6) and h >= 0
    assert v == pytest.approx(55.0, rel=1e-6)
    with pytest.raises(ValueError, match=re.escape(f"between 0 and {landing:.3f} s")):
        fall_with_drag([1.0, np.nextafter(landing, np.inf)])
    with pytest.raises(ValueError, match="before the jump"):
        fall_with_drag(-0.1)
    with pytest.raises(ValueError, match="terminal_speed"):
        fall_with_drag(1.0, terminal_speed=0.0)


@pytest.mark.parametrize("t", [2.0, 10.0, 25.0, 50.0, 75.0])
def test_chain_rule_holds_for_the_drag_fall(t):
    dt = 1e-3

    def pressure_with_drag(times):
        heights, _ = fall_with_drag(times)
        return pressure(heights)

    by_differences = derivative(pressure_with_drag, t, h=dt)
    h, v = fall_with_drag(t)
    assert by_differences == pytest.approx(pressure_slope(h) * -v, rel=1e-6)


# The explorer.


def test_slider_spans_the_fall_exactly():
    slider = fall_explorer().controls["t"]
    assert (slider.min, slider.max) == (0.0, impact_time())
    assert slider.value == 10.0
    slider.value = impact_time() + 1.0
    assert slider.value == impact_time()  # clamped: never past the impact
    slider.value = -1.0
    assert slider.value == 0.0


def test_rates_at_multiplies_the_links():
    for t in np.linspace(0.0, END, 9):
        shown = rates_at(t)
        assert shown["dP_dt"] == shown["dP_dh"] * shown["dh_dt"] == pressure_rate(t)
        assert (shown["h"], shown["P"], shown["dh_dt"]) == (height(t), pressure(height(t)), height_rate(t))


def test_tangents_pass_through_the_points_in_hpa():
    ts, _, hs, _, _ = curves()
    shown = fall_view(10.0, ts, hs)
    assert np.interp(10.0, ts, shown["h_tangent"]) == pytest.approx(3510.0)
    assert np.interp(3510.0, hs, shown["P_of_h_tangent"]) == pytest.approx(713.3115, abs=1e-4)
    assert np.interp(10.0, ts, shown["P_tangent"]) == pytest.approx(713.3115, abs=1e-4)
    slope = np.diff(shown["P_tangent"])[0] / np.diff(ts)[0]
    assert slope == pytest.approx(699.05 / 100, abs=1e-4)  # hPa/s on the plot


def _readout_numbers(text):
    """The numbers of "t = … s:   dP/dh × dh/dt = a Pa/m × b m/s = c Pa/s", read back."""
    numbers = re.findall(r"[+−-]?\d+(?:\.\d+)?", text.replace("dP/dh", "").replace("dh/dt", ""))
    return [float(n.replace("−", "-")) for n in numbers]


def test_default_readout_is_the_worked_example():
    explorer = fall_explorer()
    assert explorer.product.get_text() == ("t = 10.00 s:   dP/dh × dh/dt = −7.1331 Pa/m × −98.00 m/s = +699.05 Pa/s")
    assert [r.get_text() for r in explorer.readouts] == [
        "dh/dt = −98.00 m/s",
        "dP/dh = −7.1331 Pa/m",
        "dP/dt = +699.05 Pa/s",
    ]


@pytest.mark.parametrize("t", [0.0, 0.1, 4.2, 17.5, 28.5, END])
def test_readout_product_matches_the_model(t):
    explorer = fall_explorer()
    explorer.set(t=t)
    shown_t, dP_dh, dh_dt, dP_dt = _readout_numbers(explorer.product.get_text())
    assert shown_t == pytest.approx(t, abs=0.005)
    assert dP_dh == pytest.approx(pressure_slope(height(t)), abs=5e-5)
    assert dh_dt == pytest.approx(height_rate(t), abs=5e-3)
    assert dP_dt == pytest.approx(pressure_rate(t), abs=5e-3)
    # The shown numbers multiply, to within what their last digits can hide: a learner can check it by hand.
    assert dP_dt == pytest.approx(dP_dh * dh_dt, abs=5e-3 + 5e-5 * abs(dh_dt) + 5e-3 * abs(dP_dh))


def test_moving_t_moves_the_points_along_the_curves():
    explorer = FallExplorer()
    before = [point.get_xydata().copy() for _, point in explorer.lines]
    explorer.set(t=20.0)
    after = [point.get_xydata() for _, point in explorer.lines]
    for b, a in zip(before, after, strict=True):
        assert not np.array_equal(a, b)
    (t, h), (h2, p_hpa), (t2, p_hpa2) = (a[0] for a in after)
    assert (t, h) == (20.0, height(20.0))
    assert (h2, p_hpa, t2, p_hpa2) == (height(20.0), pressure(height(20.0)) / 100, 20.0, pressure(height(20.0)) / 100)


def test_explorer_axes_say_their_units():
    explorer = fall_explorer()
    labels = [(ax.get_xlabel(), ax.get_ylabel()) for ax in explorer.axes]
    assert labels == [
        ("time t (s)", "height h (m)"),
        ("height h (m)", "pressure P (hPa)"),
        ("time t (s)", "pressure P (hPa)"),
    ]
    width, tall = explorer.figure.get_size_inches()
    assert 9 <= width <= 10 and tall <= 4
