"""chainlab.calculus: numeric derivatives against exact ones, and verify's three-way check."""

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from chainlab import functions as fn
from chainlab.calculus import (
    EPS,
    CannotVerify,
    Disagreement,
    NotTraceable,
    autograd,
    derivative,
    difference_error,
    gradient,
    partial,
    step,
    verify,
)

coefficients = st.lists(st.floats(-5, 5, allow_nan=False), min_size=1, max_size=6)
points = st.floats(-3, 3, allow_nan=False)


def poly(cs):
    return lambda x: sum(c * x**k for k, c in enumerate(cs))


def poly_coefficients_derivative(cs, k):
    """The coefficients of the k-th derivative of the polynomial with coefficients cs."""
    return [c * math.perm(j, k) for j, c in enumerate(cs)][k:]


def poly_slope(cs):
    return poly(poly_coefficients_derivative(cs, 1))


@settings(max_examples=200, deadline=None)
@given(coefficients, points)
def test_derivative_of_random_polynomials(cs, x):
    scale = 1 + sum(abs(c) * max(1, abs(x)) ** k for k, c in enumerate(cs))
    assert derivative(poly(cs), x) == pytest.approx(poly_slope(cs)(x), abs=1e-8 * scale)


@settings(max_examples=200, deadline=None)
@given(coefficients, points)
def test_derivative_of_compositions(cs, x):
    """sin(p(x)) and exp(sin(p(x))) against the chain rule by hand, within the central difference's error bound.

    The bound is h²/6·max|f‴| (truncation) plus a few eps·|f|/h (round-off), with f‴ bounded through the
    derivatives of p: fast-oscillating compositions have large f‴, and the bound grows with it.
    """
    p, slope_of_p = poly(cs), poly_slope(cs)(x)
    a1, a2, a3 = (abs(poly(poly_coefficients_derivative(cs, k))(x)) for k in (1, 2, 3))
    h = step(x)
    sin_third = a1**3 + 3 * a1 * a2 + a3
    exp_sin_third = math.e * (sin_third + 3 * a1 * (a2 + a1**2) + a1**3)
    round_off = 10 * EPS * math.e / h
    slope = np.cos(p(x)) * slope_of_p
    assert derivative(lambda t: np.sin(p(t)), x) == pytest.approx(slope, abs=h**2 / 6 * sin_third + round_off)
    expected = np.exp(np.sin(p(x))) * slope
    assert derivative(lambda t: np.exp(np.sin(p(t))), x) == pytest.approx(
        expected, abs=h**2 / 6 * exp_sin_third + round_off
    )


@settings(max_examples=100, deadline=None)
@given(st.floats(-2, 2), st.floats(-2, 2), st.floats(-2, 2))
def test_gradient_of_random_function_of_three_variables(a, b, c):
    def f(x, y, z):
        return x**2 * y + np.sin(y * z) + 3 * z

    expected = [2 * a * b, a**2 + c * np.cos(b * c), b * np.cos(b * c) + 3]
    np.testing.assert_allclose(gradient(f, [a, b, c]), expected, atol=1e-7)
    assert partial(f, [a, b, c], 1) == pytest.approx(expected[1], abs=1e-7)


def test_derivative_is_vectorised():
    xs = np.linspace(-2, 2, 9)
    np.testing.assert_allclose(derivative(np.sin, xs), np.cos(xs), atol=1e-9)


@pytest.mark.parametrize(
    ("f", "df"),
    [(np.exp, np.exp), (np.sin, np.cos), (lambda x: 1 / (1 + x * x), lambda x: -2 * x / (1 + x * x) ** 2)],
    ids=["exp", "sin", "rational"],
)
def test_step_balances_truncation_and_round_off(f, df):
    """Over many x, the chosen step's median error is within 2x of the best fixed step on a fine grid,
    and far below steps where truncation (h = 1e-2) or round-off (h = 1e-10) dominates."""
    xs = np.linspace(-2, 2, 101)

    def median_error(h):
        return np.median(np.abs(derivative(f, xs, h) - df(xs)))

    chosen = median_error(None)
    assert chosen <= 2 * min(median_error(h) for h in 10.0 ** np.arange(-10, -1.5, 0.25))
    assert chosen * 1e4 < median_error(1e-2)
    assert chosen * 1e3 < median_error(1e-10)


def test_step_scales_with_x():
    assert step(1e6) == pytest.approx(1e6 * step(0.0))
    assert derivative(lambda x: x**2, 1e6) == pytest.approx(2e6, rel=1e-9)


def test_autograd_gives_the_gradient_in_float64():
    np.testing.assert_allclose(autograd(lambda x, y: x * fn.exp(y), (2.0, 0.5)), [math.exp(0.5), 2 * math.exp(0.5)])


def test_autograd_explains_a_function_that_drops_out_of_torch():
    with pytest.raises(TypeError, match="chainlab.functions"):
        autograd(lambda x: float(x.detach()) ** 2, (1.0,))


def test_verify_prints_the_table(capsys):
    verify(lambda x: x**3, lambda x: 3 * x**2, points=[-1.0, 2.0])
    lines = capsys.readouterr().out.splitlines()
    assert "finite difference" in lines[0] and "autograd" in lines[0] and "max abs error" in lines[0]
    assert "± (its error)" in lines[0]
    assert len(lines) == 5
    point, formula, difference, less_than, bound, by_autograd = lines[3].split()[:6]
    assert [point, formula, difference, by_autograd] == ["2", "12", "12", "12"]
    assert less_than == "<" and 1e-12 < float(bound) < 1e-6  # the finite difference's own error, estimated
    assert lines[4].startswith("✓ <lambda> is the derivative of <lambda> at the 2 points: the formula, the finite")


def test_a_disagreement_shows_the_gap_itself_and_only_its_message_in_jupyter(capsys):
    def cube(x):
        return x**3

    def wrong_slope(x):
        return 3 * x

    with pytest.raises(Disagreement, match="wrong_slope disagrees with the derivative of cube") as raised:
        verify(cube, wrong_slope, points=[-1.0, 2.0])
    rows = capsys.readouterr().out.splitlines()[2:]
    assert rows[0].endswith(" 6 ✗") and rows[1].endswith(" 6 ✗")  # |−3 − 3| and |6 − 12|, not a power of ten
    assert raised.value._render_traceback_() == [f"Disagreement: {raised.value}"]


@pytest.mark.parametrize(
    ("f", "df", "points", "message"),
    [
        (lambda x: x**3, 12, [2.0], "df, the formula, must be a function, but it is int 12.*not cube_slope\\(2\\)"),
        ("x**3", lambda x: 3 * x**2, [2.0], "f, the function, must be a function, but it is str"),
        (lambda x: x**3, lambda x: 3 * x**2, [], "at least one point"),
        (lambda x: x**3, lambda x, y: 3 * x**2, [2.0], "missing 1 required positional argument.*one number per coord"),
        (lambda x: x**3, lambda x: 1 / 0, [2.0], "stopped with ZeroDivisionError"),
    ],
)
def test_verify_says_in_one_line_what_it_cannot_check(f, df, points, message, capsys):
    with pytest.raises(CannotVerify, match=message) as raised:
        verify(f, df, points)
    assert raised.value._render_traceback_() == [f"CannotVerify: {raised.value}"]


def test_verify_takes_a_single_number_as_one_point(capsys):
    verify(lambda x: x**3, lambda x: 3 * x**2, points=2.0)
    assert "at the point:" in capsys.readouterr().out


def test_verify_rejects_a_wrong_derivative(capsys):
    with pytest.raises(AssertionError, match="at 2"):
        verify(lambda x: x**3, lambda x: 3 * x**2 + (x == 2), points=[1.0, 2.0])


def test_verify_checks_partial_derivatives(capsys):
    verify(lambda x, y: fn.sin(x) * y**2, lambda x, y: (np.cos(x) * y**2, 2 * fn.sin(x) * y), points=[(0.3, 2.0)])
    with pytest.raises(AssertionError):
        verify(lambda x, y: fn.sin(x) * y**2, lambda x, y: (np.cos(x) * y**2, fn.sin(x) * y), points=[(0.3, 2.0)])


@pytest.mark.parametrize("name", ["sin", "cos", "tan", "exp", "log", "sqrt", "tanh", "sigmoid"])
def test_functions_agree_on_numbers_arrays_and_tensors(name):
    f = getattr(fn, name)
    xs = np.array([0.2, 0.9, 1.7])
    on_tensor = f(torch.tensor(xs, dtype=torch.float64)).numpy()
    np.testing.assert_allclose(f(xs), on_tensor, rtol=1e-12)
    assert f(0.9) == pytest.approx(on_tensor[1], rel=1e-12)


def test_sigmoid_does_not_overflow():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        assert fn.sigmoid(-1000.0) == 0.0
        assert fn.sigmoid(1000.0) == 1.0
        assert fn.sigmoid(0.0) == 0.5


# --- verify never blames a correct formula for the finite difference's own error ----------------------------------

WIDE = {  # each function, its derivative, and the x where it is a finite float
    "sin": (fn.sin, fn.cos, (-1e4, 1e4)),
    "cos": (fn.cos, lambda x: -fn.sin(x), (-1e4, 1e4)),
    "exp": (fn.exp, fn.exp, (-1e4, 700.0)),
}


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(sorted(WIDE)), st.floats(0, 1))
def test_the_estimated_error_bounds_the_actual_one(name, t):
    f, df, (lo, hi) = WIDE[name]
    x = lo + t * (hi - lo)
    actual = abs(float(derivative(f, x)) - df(x))
    assert actual <= difference_error(f, x)


@pytest.mark.parametrize("name", sorted(WIDE))
def test_no_false_disagreement_for_sin_cos_exp_up_to_ten_thousand(name, capsys):
    f, df, (lo, hi) = WIDE[name]
    magnitudes = np.geomspace(1e-3, 1e4, 36)
    points = [x for x in np.concatenate([-magnitudes, [0.0], magnitudes]) if lo <= x <= hi]
    verify(f, df, points=points)
    assert "could not run" not in capsys.readouterr().out


def test_sin_at_a_thousand_passes_and_shows_how_far_the_difference_can_be_off(capsys):
    verify(fn.sin, fn.cos, points=[1000.0])
    cells = capsys.readouterr().out.splitlines()[2].split()
    assert cells[3:5] == ["<", "1e-5"]  # the relative step leaves about 5 digits at x = 1000, and the table says so


def test_a_wrong_formula_is_still_caught_where_the_difference_is_coarse():
    with pytest.raises(AssertionError, match="with autograd at 1000"):
        verify(fn.sin, lambda x: fn.cos(x) * (1 + 1e-5), points=[1000.0])


def test_a_point_where_the_function_overflows_is_named():
    with pytest.raises(ValueError, match=r"exp\(10000\) is inf, not a finite number"):
        verify(fn.exp, fn.exp, points=[1e4])


# --- functions torch cannot follow ------------------------------------------------------------------------------------


def with_numpy_sqrt(x):
    return np.sqrt(x)


def with_math_sqrt(x):
    return math.sqrt(x) * x  # a tensor again after `* x`, but torch lost the sqrt


def with_numpy_sin(x):
    return np.sin(x) + x**2


@pytest.mark.parametrize(
    ("f", "df", "says"),
    [
        (with_numpy_sqrt, lambda x: 0.5 / np.sqrt(x), "numpy"),
        (with_math_sqrt, lambda x: 1.5 * math.sqrt(x), "a plain number"),
        (with_numpy_sin, lambda x: np.cos(x) + 2 * x, "numpy"),
    ],
)
def test_a_function_torch_cannot_follow_gets_a_verdict_from_the_finite_difference_and_what_to_write(
    f, df, says, capsys
):
    verify(f, df, points=[0.5, 2.0])
    out = capsys.readouterr().out
    assert "checked against the finite difference only" in out and says in out and "chainlab.functions" in out
    assert out.splitlines()[2].split()[-3] == "—"  # no autograd number, rather than a wrong one
    with pytest.raises(AssertionError, match="with the finite difference at 2"):
        verify(f, lambda x: df(x) * (1 + 1e-4 * (x == 2.0)), points=[0.5, 2.0])


def test_autograd_names_the_escape_instead_of_torchs_runtime_error():
    with pytest.raises(NotTraceable, match=r"with_numpy_sin: it turns the tensor into numpy .*chainlab\.functions"):
        autograd(with_numpy_sin, (0.5,))
    with pytest.raises(NotTraceable, match=r"into a plain number \(math\.sqrt"):
        autograd(with_math_sqrt, (0.5,))
    with pytest.raises(TypeError, match=r"returned 2 numbers"):
        autograd(lambda x: torch.stack([x, x]), (0.5,))
    np.testing.assert_array_equal(autograd(lambda x, y: torch.tensor(3.0), (0.5, 1.0)), [0.0, 0.0])


def test_verify_near_the_edge_of_a_domain_checks_with_autograd_alone_and_says_so(capsys):
    from chainlab.functions import log

    verify(log, lambda x: 1 / x, points=[1e-12, 2.0])
    out = capsys.readouterr().out
    assert "At 1e-12 the finite difference steps to where log is not a finite number" in out
    with pytest.raises(AssertionError, match="disagrees"):
        verify(log, lambda x: 2 / x, points=[1e-12])
