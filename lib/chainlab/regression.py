"""The regression example of notebook 07: a line ŷ = m·x + b fitted to eight points by gradient descent.

The data are y = −0.5x + 2 plus noise at x = 0, 1, …, 7, and descent starts at m = 0.9, b = 0.1. The cost is the
mean squared error C(m, b) = (1/n)Σ(ŷᵢ − yᵢ)², a bowl whose Hessian (2/n)·XᵀX, with X = [x, 1], is the same
everywhere: plain gradient descent converges for a learning rate below 2/λmax and diverges above it.

Data passed in place of the course's (x, y) must be finite, non-empty and of equal length; anything else is a
ValueError that says what is wrong, since a cost over no points, or over NaN, means nothing.
"""

import math
import numbers
from dataclasses import dataclass

import numpy as np
import torch

X = np.arange(8.0)
Y = np.array([1.86, 1.31, 0.62, 0.33, 0.09, -0.67, -1.23, -1.37])
X.flags.writeable = Y.flags.writeable = False  # the course's facts: no cell changes them by accident
START = (0.9, 0.1)  # (m, b) where descent begins


@dataclass(frozen=True, eq=False)
class Descent:
    """A run of gradient descent.

    path: (m, b) at the start and after each step, shape (k + 1, 2); costs: C at each of them, shape (k + 1,);
    diverged: the cost ended higher than it started. k is the number of steps asked for, unless the parameters
    overflowed: the run then ends at its last finite point, and counts as diverged.
    """

    path: np.ndarray
    costs: np.ndarray
    diverged: bool


def predict(m, b, x=X):
    """ŷ = m·x + b at each x.

    m and b are numbers, torch tensors (for autograd), or numpy arrays with a trailing axis of length 1 (one model
    per entry, broadcast against the data).
    """
    x = _check_x(x)
    return m * _like(x, m, b) + b


def mse(m, b, x=X, y=Y):
    """C(m, b) = (1/n)Σ(ŷᵢ − yᵢ)², the mean squared error of the line over the data."""
    x, y = _check_data(x, y)
    return _out(_mse(m, b, _like(x, m, b), _like(y, m, b)))


def mse_gradient(m, b, x=X, y=Y):
    """(∂C/∂m, ∂C/∂b) = ((2/n)Σ(ŷᵢ − yᵢ)xᵢ, (2/n)Σ(ŷᵢ − yᵢ)), by the chain rule through the square."""
    x, y = _check_data(x, y)
    dm, db = _mse_gradient(m, b, _like(x, m, b), _like(y, m, b))
    return _out(dm), _out(db)


def hessian(x=X):
    """The Hessian of C, (2/n)·XᵀX with X = [x, 1]: the same at every (m, b), since C is quadratic."""
    x = _check_x(x)
    design = np.column_stack([x, np.ones_like(x)])
    return 2 / len(x) * design.T @ design


def max_stable_learning_rate(x=X):
    """2/λmax: above it, each step overshoots the minimum along the steepest direction by more than it started."""
    return float(2 / np.linalg.eigvalsh(hessian(x)).max())


def least_squares(x=X, y=Y):
    """(m, b) of the line with the least cost, where descent is heading when it converges."""
    x, y = _check_data(x, y)
    if np.ptp(x) == 0:
        raise ValueError("x holds a single value: a line through the data needs at least two different x")
    design = np.column_stack([x, np.ones_like(x)])
    m, b = np.linalg.lstsq(design, y, rcond=None)[0]
    return float(m), float(b)


def descend(lr, steps, start=START, x=X, y=Y):
    """Plain gradient descent, (m, b) ← (m, b) − lr·∇C, for a number of steps from start: the whole run, a Descent.

    A run that overflows (lr far above 2/λmax, many steps) stops silently at its last finite point.
    """
    lr = _check_learning_rate(lr)
    steps = _check_steps(steps)
    x, y = _check_data(x, y)
    m, b = _check_start(start)
    path, costs = [(m, b)], [_mse(m, b, x, y)]
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow ends the run below, without a warning
        for _ in range(steps):
            dm, db = _mse_gradient(m, b, x, y)
            m, b = m - lr * dm, b - lr * db
            cost = _mse(m, b, x, y)  # it overflows before m and b do
            if not math.isfinite(cost):
                break
            path.append((m, b))
            costs.append(cost)
    diverged = len(costs) <= steps or costs[-1] > costs[0]
    return Descent(_frozen(path), _frozen(costs), bool(diverged))


def _mse(m, b, x, y):
    return ((m * x + b - y) ** 2).mean(axis=-1)


def _mse_gradient(m, b, x, y):
    error = m * x + b - y
    return 2 * (error * x).mean(axis=-1), 2 * error.mean(axis=-1)


def _like(data, m, b):
    """The data as a float64 tensor when m or b is a tensor (torch will not mix them with numpy arrays)."""
    if isinstance(m, torch.Tensor) or isinstance(b, torch.Tensor):
        return torch.tensor(data, dtype=torch.float64)  # a copy: as_tensor warns about read-only arrays
    return data


def _out(value):
    """A Python float for a single value (numpy's float64 prints as np.float64(…)); arrays and tensors as they are."""
    return float(value) if isinstance(value, np.ndarray | np.floating) and np.ndim(value) == 0 else value


def _frozen(values):
    array = np.array(values, dtype=float)
    array.flags.writeable = False
    return array


def _floats(values, name):
    try:
        return np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} = {values!r}: it must hold numbers only") from None


def _check_x(x):
    x = _floats(x, "x")
    if x.ndim != 1 or x.size == 0:
        raise ValueError(f"x has shape {x.shape}: it must be a non-empty list of numbers")
    if not np.all(np.isfinite(x)):
        raise ValueError("x holds a value that is not a finite number: every data point must be finite")
    return x


def _check_data(x, y):
    x = _check_x(x)
    y = _floats(y, "y")
    if y.shape != x.shape:
        raise ValueError(f"x has {x.size} values and y has shape {y.shape}: each x needs exactly one y")
    if not np.all(np.isfinite(y)):
        raise ValueError("y holds a value that is not a finite number: every data point must be finite")
    return x, y


def _check_learning_rate(lr):
    if isinstance(lr, bool) or not isinstance(lr, numbers.Real) or not (math.isfinite(lr) and lr > 0):
        raise ValueError(f"lr = {lr!r}: the learning rate must be a finite number above 0")
    return float(lr)


def _check_steps(steps):
    if isinstance(steps, bool) or not isinstance(steps, numbers.Integral) or steps < 0:
        raise ValueError(f"steps = {steps!r}: the number of steps must be a whole number, 0 or more")
    return int(steps)


def _check_start(start):
    values = _floats(start, "start")
    if values.shape != (2,) or not np.all(np.isfinite(values)):
        raise ValueError(f"start = {start!r}: it must be two finite numbers, (m, b)")
    return float(values[0]), float(values[1])
