"""The sigmoid network of notebook 06, one input, one hidden node, one output: the reference that every number of
the notebook and of the backpropagation explorer is checked against.

    z1 = w1·x + b1,  a1 = σ(z1),  z2 = w2·a1 + b2,  ŷ = σ(z2)

Costs: "mse", J = ½(ŷ − y)², and "bce", binary cross-entropy J = −[y ln ŷ + (1 − y) ln(1 − ŷ)]. x and y are one
sample (numbers) or several (1-D arrays or lists of one length); costs and gradients are means over the samples.
Bad input gets a ValueError (a TypeError for what is not a number) that says what is wrong and what is accepted.
"""

import math
import numbers
import reprlib
from collections.abc import Mapping
from dataclasses import dataclass, fields

import numpy as np

from chainlab.functions import sigmoid

PARAMETERS = ("w1", "b1", "w2", "b2")
COSTS = ("mse", "bce")


@dataclass(frozen=True)
class Forward:
    """The forward pass: floats for one sample, arrays for several."""

    z1: float
    a1: float
    z2: float
    y_hat: float


@dataclass(frozen=True)
class ChainFactors:
    """The backward pass of one sample, factor by factor, as the chain rule writes it:
    δ2 = ∂J/∂z2 = ∂J/∂ŷ·σ′(z2), δ1 = ∂J/∂z1 = δ2·w2·σ′(z1), ∂J/∂w2 = δ2·a1, ∂J/∂b2 = δ2, ∂J/∂w1 = δ1·x, ∂J/∂b1 = δ1.
    """

    x: float
    y: float
    a1: float
    y_hat: float
    w2: float
    dJ_dyhat: float
    sigma_prime_z2: float
    delta2: float
    sigma_prime_z1: float
    delta1: float
    dJ_dw1: float
    dJ_db1: float
    dJ_dw2: float
    dJ_db2: float


def sigmoid_prime(z):
    """σ′(z) = σ(z)(1 − σ(z)), with 1 − σ(z) written as σ(−z): exact in the tails too, where 1 − σ(z) would cancel."""
    return sigmoid(z) * sigmoid(-z)


def forward(params, x):
    """z1, a1, z2 and ŷ at x."""
    weights = _parameters(params)
    xs = _samples(x, "x")
    return _shaped(_forward(*weights, np.atleast_1d(xs)), one=xs.ndim == 0)


def cost(params, x, y, cost="mse"):
    """J, averaged over the samples. BCE is computed from the logit z2, J = ln(1 + e^z2) − y·z2, so that a ŷ
    rounded to 0 or 1 never takes the log of 0."""
    weights = _parameters(params)
    _check_cost(cost)
    xs, ys = _samples_and_labels(x, y, cost)
    shown = _forward(*weights, xs)
    costs = np.logaddexp(0.0, shown.z2) - ys * shown.z2 if cost == "bce" else 0.5 * (shown.y_hat - ys) ** 2
    return float(np.mean(costs))


def backward(params, x, y, cost="mse"):
    """{"w1": ∂J/∂w1, "b1": …, "w2": …, "b2": …}, the gradient of the cost averaged over the samples."""
    weights = _parameters(params)
    _check_cost(cost)
    chain = _chain(*weights, *_samples_and_labels(x, y, cost), cost)
    return {name: float(np.mean(getattr(chain, f"dJ_d{name}"))) for name in PARAMETERS}


def chain_factors(params, x, y, cost="mse"):
    """The factors of the chain rule for one sample (x and y numbers), and the gradient they make.

    With BCE, δ2 = ŷ − y exactly: ∂J/∂ŷ = −y/ŷ + (1 − y)/(1 − ŷ) = (ŷ − y)/σ′(z2), and σ′(z2) cancels. That ∂J/∂ŷ is
    still given (computed without dividing by a ŷ rounded to 0 or 1); it is inf where it passes the largest float,
    when ŷ is within e^(−709) of the wrong label.
    """
    weights = _parameters(params)
    _check_cost(cost)
    xs, ys = _samples_and_labels(x, y, cost)
    if xs.size != 1:
        raise ValueError(
            f"chain_factors follows one sample: give x and y as numbers, not {xs.size} samples "
            "(backward averages the gradient over samples)"
        )
    return _shaped(_chain(*weights, xs, ys, cost), one=True)


# --- the computation, on 1-D arrays of samples --------------------------------------------------------------------


def _forward(w1, b1, w2, b2, x):
    z1 = w1 * x + b1
    a1 = sigmoid(z1)
    z2 = w2 * a1 + b2
    return Forward(z1=z1, a1=a1, z2=z2, y_hat=sigmoid(z2))


def _chain(w1, b1, w2, b2, x, y, cost):
    """The backward pass of every sample: what both backward (its mean) and chain_factors (one sample) give."""
    shown = _forward(w1, b1, w2, b2, x)
    sigma_prime_z2, sigma_prime_z1 = sigmoid_prime(shown.z2), sigmoid_prime(shown.z1)
    if cost == "bce":
        dJ_dyhat = _bce_slope(y, shown.z2)
        delta2 = shown.y_hat - y  # σ′(z2) cancels
    else:
        dJ_dyhat = shown.y_hat - y
        delta2 = dJ_dyhat * sigma_prime_z2
    delta1 = delta2 * w2 * sigma_prime_z1
    return ChainFactors(
        x=x,
        y=y,
        a1=shown.a1,
        y_hat=shown.y_hat,
        w2=np.full_like(x, w2),
        dJ_dyhat=dJ_dyhat,
        sigma_prime_z2=sigma_prime_z2,
        delta2=delta2,
        sigma_prime_z1=sigma_prime_z1,
        delta1=delta1,
        dJ_dw1=delta1 * x,
        dJ_db1=delta1,
        dJ_dw2=delta2 * shown.a1,
        dJ_db2=delta2,
    )


def _bce_slope(y, z2):
    """∂J/∂ŷ of BCE, −y/ŷ + (1 − y)/(1 − ŷ), with 1/ŷ = 1 + e^(−z2) and 1/(1 − ŷ) = 1 + e^(z2): no ŷ rounded to 0 or 1
    divides. A term whose label weight is 0 is 0, even where its e^(±z2) is inf (0·inf would be nan)."""
    with np.errstate(over="ignore"):  # inf is the honest value of a slope beyond the largest float
        inverse_y_hat, inverse_one_minus_y_hat = 1 + np.exp(-z2), 1 + np.exp(z2)
    toward_one = np.multiply(y, inverse_y_hat, out=np.zeros_like(z2), where=y > 0)
    toward_zero = np.multiply(1 - y, inverse_one_minus_y_hat, out=np.zeros_like(z2), where=y < 1)
    return toward_zero - toward_one


def _shaped(result, one):
    """The dataclass result with floats in its fields for one sample given as a number, its arrays otherwise."""
    if not one:
        return result
    return type(result)(**{field.name: float(getattr(result, field.name)[0]) for field in fields(result)})


# --- checking the input -------------------------------------------------------------------------------------------


def _parameters(params):
    """(w1, b1, w2, b2) as floats, from a dict with exactly those keys."""
    expected = ", ".join(PARAMETERS)
    if not isinstance(params, Mapping):
        raise TypeError(f"params must be a dict with the keys {expected}, not {type(params).__name__}")
    missing = [name for name in PARAMETERS if name not in params]
    unknown = [repr(name) for name in params if name not in PARAMETERS]
    if missing or unknown:
        problems = [f"missing {', '.join(missing)}"] if missing else []
        problems += [f"unknown {', '.join(unknown)}"] if unknown else []
        raise ValueError(f"params needs exactly the keys {expected}: {'; '.join(problems)}")
    values = []
    for name in PARAMETERS:
        value = params[name]
        if not isinstance(value, numbers.Real):
            raise TypeError(f"parameter {name} must be a number, not {type(value).__name__}: {reprlib.repr(value)}")
        if not math.isfinite(value):
            raise ValueError(f"parameter {name} is {value}: every parameter must be a finite number")
        values.append(float(value))
    return tuple(values)


def _check_cost(cost):
    if not isinstance(cost, str) or cost not in COSTS:
        raise ValueError(f"unknown cost {cost!r}: choose one of {', '.join(map(repr, COSTS))}")


def _samples(values, name):
    """values as a float array: a number (0-d) or a 1-D array of samples, finite, not empty."""
    array = np.asarray(values)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be a number or a 1-D array of numbers, not {reprlib.repr(values)}")
    if array.ndim > 1:
        raise ValueError(f"{name} must be one sample or a 1-D array of samples, not an array of shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name} is empty: give at least one sample")
    array = array.astype(float)
    if not np.all(np.isfinite(array)):
        bad = array[~np.isfinite(array)].flat[0]
        raise ValueError(f"{name} holds {bad}: every {name} must be a finite number")
    return array


def _samples_and_labels(x, y, cost):
    """x and y as 1-D float arrays of the same length; with BCE, every y a probability."""
    xs, ys = _samples(x, "x"), _samples(y, "y")
    if xs.shape != ys.shape:
        raise ValueError(f"x and y must have the same shape, one y for each x: x has shape {xs.shape}, y {ys.shape}")
    outside = ys[(ys < 0) | (ys > 1)]
    if cost == "bce" and outside.size:
        raise ValueError(f"with cost 'bce', y is a probability and must be in [0, 1]: y = {outside.flat[0]:g}")
    return np.atleast_1d(xs), np.atleast_1d(ys)
