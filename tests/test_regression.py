"""The regression model of notebook 07: the course's published numbers, the gradient and Hessian of the cost against
finite differences and torch.autograd, gradient descent step by step, its edge at 2/λmax, and clear errors."""

import math
import warnings

import numpy as np
import pytest
import torch

from chainlab import regression
from chainlab.calculus import autograd, gradient, verify
from chainlab.regression import (
    START,
    Descent,
    X,
    Y,
    descend,
    hessian,
    least_squares,
    max_stable_learning_rate,
    mse,
    mse_gradient,
    predict,
)

RNG = np.random.default_rng(7)
POINTS = [START, (0.0, 0.0), (-0.469, 1.76), *(tuple(p) for p in RNG.uniform([-3, -3], [3, 3], size=(20, 2)))]
OTHER_X = np.array([-1.5, 0.25, 2.0, 3.5, 9.0])
OTHER_Y = np.array([2.0, -0.5, 1.25, 4.0, -3.0])
EDGE = max_stable_learning_rate()


# --- the course's stated facts, to their printed precision --------------------------------------------------------


def test_the_data_and_the_start():
    np.testing.assert_array_equal(X, [0, 1, 2, 3, 4, 5, 6, 7])
    np.testing.assert_array_equal(Y, [1.86, 1.31, 0.62, 0.33, 0.09, -0.67, -1.23, -1.37])
    assert START == (0.9, 0.1)
    with pytest.raises(ValueError, match="read-only"):
        X[0] = 5.0
    with pytest.raises(ValueError, match="read-only"):
        Y[0] = 5.0


def test_the_published_numbers():
    assert mse(*START) == pytest.approx(19.6755, abs=5e-5)
    dm, db = mse_gradient(*START)
    assert dm == pytest.approx(36.305, abs=5e-4) and db == pytest.approx(6.265, abs=5e-4)
    assert max_stable_learning_rate() == pytest.approx(0.0549, abs=5e-5)
    m, b = least_squares()
    assert m == pytest.approx(-0.469, abs=5e-4) and b == pytest.approx(1.76, abs=5e-3)


def test_single_values_are_python_floats():
    for value in (mse(*START), *mse_gradient(*START), max_stable_learning_rate(), *least_squares()):
        assert type(value) is float


# --- the cost, its gradient and its Hessian ---------------------------------------------------------------------


def test_the_cost_is_the_mean_squared_error():
    for m, b in POINTS[:5]:
        assert mse(m, b) == pytest.approx(sum((m * x + b - y) ** 2 for x, y in zip(X, Y, strict=True)) / 8, rel=1e-13)
        np.testing.assert_allclose(predict(m, b), m * X + b, rtol=1e-15)
    assert mse(2.0, 1.0, OTHER_X, OTHER_Y) == pytest.approx(np.mean((2 * OTHER_X + 1 - OTHER_Y) ** 2), rel=1e-15)


@pytest.mark.parametrize("point", POINTS)
def test_the_gradient_matches_autograd_and_finite_differences(point):
    np.testing.assert_allclose(mse_gradient(*point), autograd(mse, point), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(mse_gradient(*point), gradient(mse, point), rtol=1e-7, atol=1e-7)


def test_the_gradient_three_ways_as_the_notebook_checks_it(capsys):
    verify(mse, mse_gradient, points=POINTS[:6])


@pytest.mark.parametrize("point", POINTS[:8])
def test_the_gradient_over_other_data_matches_autograd(point):
    m, b = (torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in point)
    x, y = torch.as_tensor(OTHER_X), torch.as_tensor(OTHER_Y)
    torch.mean((m * x + b - y) ** 2).backward()
    expected = (m.grad.item(), b.grad.item())
    np.testing.assert_allclose(mse_gradient(*point, OTHER_X, OTHER_Y), expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(("x", "y"), [(X, Y), (OTHER_X, OTHER_Y)])
def test_the_hessian_matches_autograd_and_is_the_same_everywhere(x, y):
    def cost(p):
        return regression.mse(p[0], p[1], x, y)

    for point in POINTS[:6]:
        expected = torch.autograd.functional.hessian(cost, torch.tensor(point, dtype=torch.float64)).numpy()
        np.testing.assert_allclose(hessian(x), expected, rtol=1e-12, atol=1e-12)
    n = len(x)
    np.testing.assert_allclose(hessian(x), 2 / n * np.array([[x @ x, x.sum()], [x.sum(), n]]), rtol=1e-15)


def test_the_edge_is_two_over_the_largest_eigenvalue():
    eigenvalues = np.linalg.eigvalsh(hessian())
    assert max_stable_learning_rate() == pytest.approx(2 / eigenvalues.max(), rel=1e-15)
    assert max_stable_learning_rate(OTHER_X) == pytest.approx(2 / np.linalg.eigvalsh(hessian(OTHER_X)).max())


def test_least_squares_is_where_the_gradient_vanishes():
    m, b = least_squares()
    np.testing.assert_allclose((m, b), np.polyfit(X, Y, 1), rtol=1e-12)
    np.testing.assert_allclose(mse_gradient(m, b), (0, 0), atol=1e-13)
    np.testing.assert_allclose(least_squares(OTHER_X, OTHER_Y), np.polyfit(OTHER_X, OTHER_Y, 1), rtol=1e-12)


def test_torch_tensors_go_through_for_autograd():
    m = torch.tensor(0.9, dtype=torch.float64, requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cost = mse(m, 0.1)
    assert isinstance(cost, torch.Tensor) and cost.item() == pytest.approx(mse(*START), rel=1e-15)
    assert isinstance(predict(m, 0.1), torch.Tensor)


# --- gradient descent --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("lr", "steps"), [(0.01, 1), (0.05, 20), (0.0545, 60), (0.06, 30), (0.002, 7)])
def test_the_path_follows_the_update_rule_step_by_step(lr, steps):
    run = descend(lr, steps)
    assert isinstance(run, Descent)
    assert run.path.shape == (steps + 1, 2) and run.costs.shape == (steps + 1,)
    np.testing.assert_array_equal(run.path[0], START)
    for k in range(steps):
        m, b = run.path[k]
        dm, db = mse_gradient(m, b)
        np.testing.assert_allclose(run.path[k + 1], (m - lr * dm, b - lr * db), rtol=1e-15, atol=0)
    np.testing.assert_allclose(run.costs, [mse(m, b) for m, b in run.path], rtol=1e-15)


def test_the_first_step_by_hand():
    path = descend(0.01, 1).path
    np.testing.assert_allclose(path[1], (0.9 - 0.01 * 36.305, 0.1 - 0.01 * 6.265), rtol=1e-12)


def test_other_data_and_start():
    run = descend(0.01, 5, start=(1.0, -1.0), x=OTHER_X, y=OTHER_Y)
    m, b = run.path[4]
    dm, db = mse_gradient(m, b, OTHER_X, OTHER_Y)
    np.testing.assert_allclose(run.path[5], (m - 0.01 * dm, b - 0.01 * db), rtol=1e-15)


def test_just_below_the_edge_descent_converges_to_least_squares():
    run = descend(0.99 * EDGE, 3000)
    np.testing.assert_allclose(run.path[-1], least_squares(), atol=1e-8)
    assert not run.diverged and run.costs[-1] == pytest.approx(mse(*least_squares()), rel=1e-12)


def test_just_above_the_edge_descent_diverges():
    run = descend(1.01 * EDGE, 3000)
    assert run.diverged and run.costs[-1] > 1e6 * run.costs[0]
    distance = np.hypot(*(run.path - least_squares()).T)
    assert distance[-1] > 100 * distance[0]
    steps = np.diff(run.path, axis=0)
    assert np.all(np.sign(steps[-50:, 0]) != np.sign(steps[-51:-1, 0]))  # it zigzags: m overshoots at every step


@pytest.mark.parametrize("lr", [0.002, 0.01, 0.03, 0.0545, 0.99 * EDGE])
def test_below_the_edge_the_cost_falls_at_every_step(lr):
    run = descend(lr, 200)
    assert np.all(np.diff(run.costs) < 0) and not run.diverged


@pytest.mark.parametrize("steps", [1, 2, 10, 60])
def test_the_verdict_switches_at_the_edge(steps):
    assert not descend(0.0545, steps).diverged
    assert descend(0.0550, steps).diverged


def test_no_steps_is_the_start_alone():
    run = descend(0.05, 0)
    np.testing.assert_array_equal(run.path, [START])
    assert run.costs.tolist() == [mse(*START)] and not run.diverged


@pytest.mark.parametrize(("lr", "steps"), [(1.0, 2000), (10.0, 500), (1e300, 3), (0.2, 10_000)])
def test_an_overflowing_run_stops_cleanly_at_its_last_finite_point(lr, steps):
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        run = descend(lr, steps)
    assert run.diverged and len(run.path) < steps + 1 and len(run.costs) == len(run.path)
    assert np.all(np.isfinite(run.path)) and np.all(np.isfinite(run.costs))
    m, b = run.path[-1]
    dm, db = mse_gradient(m, b)
    with np.errstate(over="ignore", invalid="ignore"):
        assert not math.isfinite(mse(m - lr * dm, b - lr * db))  # the next step is the one that overflows


def test_a_run_cannot_be_changed_afterwards():
    run = descend(0.05, 3)
    with pytest.raises(AttributeError):
        run.diverged = True
    with pytest.raises(ValueError, match="read-only"):
        run.path[0, 0] = 5.0


# --- errors that say what is wrong -----------------------------------------------------------------------------


@pytest.mark.parametrize("lr", [0, 0.0, -0.01, math.nan, math.inf, -math.inf, True, "0.01", None, 1j])
def test_a_learning_rate_that_is_not_a_positive_number_is_refused(lr):
    with pytest.raises(ValueError, match="learning rate must be a finite number above 0"):
        descend(lr, 5)


@pytest.mark.parametrize("steps", [-1, 2.5, 3.0, True, False, "3", None, np.float64(2)])
def test_a_number_of_steps_that_is_not_a_whole_number_is_refused(steps):
    with pytest.raises(ValueError, match="steps must be a whole number, 0 or more"):
        descend(0.01, steps)


def test_numpy_integers_are_steps():
    assert descend(0.01, np.int64(3)).path.shape == (4, 2)


@pytest.mark.parametrize(
    ("x", "y", "message"),
    [
        ([1.0, 2.0], [1.0], "each x needs exactly one y"),
        ([1.0, 2.0], [[1.0, 2.0]], "each x needs exactly one y"),
        ([], [], "non-empty"),
        ([[1.0, 2.0]], [[1.0, 2.0]], "non-empty list of numbers"),
        ([1.0, math.nan], [1.0, 2.0], "x holds a value that is not a finite number"),
        ([1.0, 2.0], [math.inf, 2.0], "y holds a value that is not a finite number"),
        (["a", "b"], [1.0, 2.0], "x = .* it must hold numbers only"),
        ([1.0, 2.0], [1.0, "b"], "y = .* it must hold numbers only"),
    ],
)
def test_data_that_cannot_make_a_cost_is_refused(x, y, message):
    for call in (
        lambda: mse(0.9, 0.1, x, y),
        lambda: mse_gradient(0.9, 0.1, x, y),
        lambda: least_squares(x, y),
        lambda: descend(0.01, 3, x=x, y=y),
    ):
        with pytest.raises(ValueError, match=message):
            call()


@pytest.mark.parametrize("x", [[], [1.0, math.inf], [[0.0, 1.0]]])
def test_the_hessian_needs_data_too(x):
    with pytest.raises(ValueError, match="x "):
        hessian(x)
    with pytest.raises(ValueError, match="x "):
        max_stable_learning_rate(x)


def test_a_line_through_a_single_x_is_refused():
    with pytest.raises(ValueError, match="at least two different x"):
        least_squares([2.0, 2.0], [1.0, 3.0])


@pytest.mark.parametrize("start", [(1.0,), (1.0, 2.0, 3.0), (math.nan, 0.0), (0.0, math.inf), ("m", "b"), None])
def test_a_start_that_is_not_two_finite_numbers_is_refused(start):
    with pytest.raises(ValueError, match="start = "):
        descend(0.01, 3, start=start)
