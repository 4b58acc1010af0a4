"""The sigmoid network of notebook 06: every gradient against torch.autograd (float64, the network built here
independently) and central finite differences of the cost, for one sample and many, for both costs; the BCE
cancellation δ2 = ŷ − y; the course's chain-rule formulas; saturated sigmoids stay finite and silent; bad input
gets a message that names the problem."""

import math
import warnings
from contextlib import contextmanager
from dataclasses import asdict

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from chainlab import network
from chainlab.network import COSTS, PARAMETERS, backward, chain_factors, cost, forward, sigmoid_prime

rng = np.random.default_rng(20240606)


def random_params(scale=3.0):
    return dict(zip(PARAMETERS, rng.normal(0.0, scale, size=4).tolist(), strict=True))


def random_labels(which, size=None):
    """Labels of either cost: probabilities for BCE (0 and 1 among them), any number for MSE."""
    if which == "bce":
        return rng.choice([0.0, 1.0, rng.uniform()], size=size)
    return rng.normal(0.5, 1.0, size=size)


def torch_cost(z2, y, which):
    """The mean cost over samples, from the logit z2."""
    if which == "bce":
        return F.binary_cross_entropy_with_logits(z2, y)
    return (0.5 * (torch.sigmoid(z2) - y) ** 2).mean()


def torch_reference(params, x, y, which):
    """(J, {name: ∂J/∂name}) by torch.autograd in float64, from the network written out here."""
    p = {name: torch.tensor(value, dtype=torch.float64, requires_grad=True) for name, value in params.items()}
    x = torch.as_tensor(np.asarray(x, dtype=float))
    y = torch.as_tensor(np.asarray(y, dtype=float))
    z2 = p["w2"] * torch.sigmoid(p["w1"] * x + p["b1"]) + p["b2"]
    loss = torch_cost(z2, y, which)
    loss.backward()
    return loss.item(), {name: p[name].grad.item() for name in PARAMETERS}


def finite_difference(params, x, y, which, h=1e-6):
    def shifted(name, step):
        return cost({**params, name: params[name] + step}, x, y, which)

    return {name: (shifted(name, h) - shifted(name, -h)) / (2 * h) for name in PARAMETERS}


@contextmanager
def silent():
    """Every warning an error, numpy's overflow, division by zero and invalid operations too."""
    with warnings.catch_warnings(), np.errstate(over="raise", divide="raise", invalid="raise"):
        warnings.simplefilter("error")
        yield


# --- the three routes ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", COSTS)
def test_one_sample_matches_torch_autograd(which):
    for _ in range(200):
        params, x, y = random_params(), rng.uniform(-3, 3), random_labels(which)
        expected_cost, expected = torch_reference(params, x, y, which)
        assert cost(params, x, y, which) == pytest.approx(expected_cost, rel=1e-12, abs=1e-15)
        got = backward(params, x, y, which)
        assert got == pytest.approx(expected, rel=1e-9, abs=1e-15), (params, x, y)


@pytest.mark.parametrize("which", COSTS)
@pytest.mark.parametrize("n", [1, 2, 7, 50])
def test_many_samples_give_the_mean_and_match_torch_autograd(which, n):
    for _ in range(20):
        params, x, y = random_params(), rng.uniform(-3, 3, size=n), random_labels(which, size=n)
        expected_cost, expected = torch_reference(params, x, y, which)
        assert cost(params, x, y, which) == pytest.approx(expected_cost, rel=1e-12, abs=1e-15)
        assert backward(params, x, y, which) == pytest.approx(expected, rel=1e-9, abs=1e-15)
        one_by_one = [backward(params, xi, yi, which) for xi, yi in zip(x, y, strict=True)]
        for name in PARAMETERS:
            assert backward(params, x, y, which)[name] == pytest.approx(np.mean([g[name] for g in one_by_one]))


@pytest.mark.parametrize("which", COSTS)
def test_gradients_match_central_finite_differences_of_the_cost(which):
    for n in [None, 5]:
        for _ in range(50):
            params, x, y = random_params(1.5), rng.uniform(-3, 3, size=n), random_labels(which, size=n)
            assert backward(params, x, y, which) == pytest.approx(
                finite_difference(params, x, y, which), rel=1e-6, abs=1e-8
            )


def test_the_forward_pass_is_the_course_formula():
    params = random_params()
    x = rng.uniform(-3, 3, size=6)
    shown = forward(params, x)
    z1 = params["w1"] * x + params["b1"]
    z2 = params["w2"] * (1 / (1 + np.exp(-z1))) + params["b2"]
    np.testing.assert_allclose(shown.z1, z1, rtol=1e-14)
    np.testing.assert_allclose(shown.a1, 1 / (1 + np.exp(-z1)), rtol=1e-14)
    np.testing.assert_allclose(shown.z2, z2, rtol=1e-14)
    np.testing.assert_allclose(shown.y_hat, 1 / (1 + np.exp(-z2)), rtol=1e-14)


def test_the_costs_are_the_course_formulas_where_they_are_safe():
    params, x = random_params(1.0), rng.uniform(-3, 3, size=8)
    y_hat = forward(params, x).y_hat
    y = rng.uniform(0, 1, size=8)
    assert cost(params, x, y, "mse") == pytest.approx(np.mean(0.5 * (y_hat - y) ** 2), rel=1e-13)
    bce = -(y * np.log(y_hat) + (1 - y) * np.log(1 - y_hat))
    assert cost(params, x, y, "bce") == pytest.approx(np.mean(bce), rel=1e-12)


# --- the chain, factor by factor ----------------------------------------------------------------------------------


@pytest.mark.parametrize("which", COSTS)
def test_the_course_formulas_hold_on_the_chain_factors(which):
    for _ in range(100):
        params, x, y = random_params(), rng.uniform(-3, 3), random_labels(which)
        c = chain_factors(params, x, y, which)
        shown = forward(params, x)
        assert (c.x, c.y, c.w2, c.a1, c.y_hat) == (x, y, params["w2"], shown.a1, shown.y_hat)
        assert c.sigma_prime_z2 == pytest.approx(sigmoid_prime(shown.z2), rel=1e-15)
        assert c.sigma_prime_z1 == pytest.approx(sigmoid_prime(shown.z1), rel=1e-15)
        if which == "mse":
            assert c.dJ_dyhat == c.y_hat - y
            assert c.delta2 == c.dJ_dyhat * c.sigma_prime_z2
        assert c.dJ_dw2 == pytest.approx(c.dJ_dyhat * c.sigma_prime_z2 * c.a1, rel=1e-9, abs=1e-300)
        assert (c.dJ_dw2, c.dJ_db2) == (c.delta2 * c.a1, c.delta2)
        assert c.delta1 == c.delta2 * c.w2 * c.sigma_prime_z1
        assert (c.dJ_dw1, c.dJ_db1) == (c.delta1 * x, c.delta1)
        product = c.dJ_dyhat * c.sigma_prime_z2 * c.w2 * c.sigma_prime_z1 * c.x
        assert c.dJ_dw1 == pytest.approx(product, rel=1e-9, abs=1e-300)
        grads = {"w1": c.dJ_dw1, "b1": c.dJ_db1, "w2": c.dJ_dw2, "b2": c.dJ_db2}
        assert grads == backward(params, x, y, which)  # one computation: exactly equal


def test_with_bce_sigma_prime_cancels():
    for _ in range(200):
        params, x, y = random_params(), rng.uniform(-3, 3), random_labels("bce")
        c = chain_factors(params, x, y, "bce")
        assert c.delta2 == c.y_hat - y
        if 1e-6 < c.y_hat < 1 - 1e-6:  # not saturated: ∂J/∂ŷ written out divides safely
            assert c.dJ_dyhat == pytest.approx(-y / c.y_hat + (1 - y) / (1 - c.y_hat), rel=1e-9)
            assert c.dJ_dyhat * c.sigma_prime_z2 == pytest.approx(c.delta2, rel=1e-9, abs=1e-15)


def test_with_mse_a_saturated_output_stops_learning_and_with_bce_it_does_not():
    params = {"w1": 1.0, "b1": 0.0, "w2": 1.0, "b2": 12.0}  # ŷ ≈ 1, far from the label 0
    mse, bce = chain_factors(params, 0.5, 0.0, "mse"), chain_factors(params, 0.5, 0.0, "bce")
    assert abs(mse.delta2) < 1e-5
    assert bce.delta2 == pytest.approx(1.0, abs=1e-5)


# --- saturation ---------------------------------------------------------------------------------------------------


def test_sigmoid_prime_is_right_in_the_tails_and_silent_up_to_1e4():
    z = np.concatenate([-np.logspace(-3, 4, 30), [0.0], np.logspace(-3, 4, 30)])
    with silent():
        values = sigmoid_prime(z)
    assert np.all(np.isfinite(values)) and np.all(values >= 0) and values.max() == pytest.approx(0.25, rel=1e-15)
    tails = np.abs(z) < 700
    exact = np.exp(-np.abs(z[tails])) / (1 + np.exp(-np.abs(z[tails]))) ** 2
    np.testing.assert_allclose(values[tails], exact, rtol=1e-13)
    assert sigmoid_prime(40.0) == pytest.approx(math.exp(-40.0), rel=1e-15)  # 1 − σ(40) rounds to 0
    assert type(sigmoid_prime(1.0)) is float


@pytest.mark.parametrize("which", COSTS)
@pytest.mark.parametrize("big", [1e2, 1e3, 1e4])
def test_saturated_sigmoids_give_finite_values_and_no_warnings(which, big):
    for sign_1 in (1, -1):
        for sign_2 in (1, -1):
            params = {"w1": sign_1 * big, "b1": 0.0, "w2": sign_2 * big, "b2": -sign_2 * big / 2}
            x, y = np.array([1.0, -1.0, 0.5]), np.array([0.0, 1.0, 0.25])
            with silent():
                shown = forward(params, x)
                values = [cost(params, x, y, which), *backward(params, x, y, which).values()]
                for xi, yi in zip(x, y, strict=True):
                    c = chain_factors(params, xi, yi, which)
                    factors = asdict(c)
                    if which == "bce":  # ∂J/∂ŷ may be beyond every float; δ2 = ŷ − y never is
                        factors.pop("dJ_dyhat")
                    values += list(factors.values())
            assert np.all(np.isfinite(values)) and np.all(np.isfinite(list(asdict(shown).values())))
            expected_cost, expected = torch_reference(params, x, y, which)
            assert cost(params, x, y, which) == pytest.approx(expected_cost, rel=1e-12)
            assert backward(params, x, y, which) == pytest.approx(expected, rel=1e-9, abs=1e-15)


def test_bce_slope_is_inf_only_when_the_output_is_hopelessly_wrong():
    params = {"w1": 1.0, "b1": 0.0, "w2": 0.0, "b2": 1e4}  # z2 = 10⁴: ŷ rounds to 1
    with silent():
        right, wrong = chain_factors(params, 1.0, 1.0, "bce"), chain_factors(params, 1.0, 0.0, "bce")
    assert right.dJ_dyhat == -1.0 and right.delta2 == 0.0  # −y/ŷ with 1/ŷ = 1 + e^(−z2): no 0·inf = nan
    assert wrong.dJ_dyhat == math.inf and wrong.delta2 == 1.0
    assert cost(params, 1.0, 0.0, "bce") == 1e4  # ln(1 + e^z2) − y·z2, never ln 0


# --- shapes -------------------------------------------------------------------------------------------------------


def test_one_sample_gives_floats_and_many_give_arrays():
    params = random_params()
    one = forward(params, 1.5)
    assert all(type(value) is float for value in vars(one).values())
    assert all(type(value) is float for value in vars(chain_factors(params, 1, 1)).values())
    assert all(type(value) is float for value in backward(params, [1.0, 2.0], [0.0, 1.0]).values())
    assert type(cost(params, 1.5, 0.5)) is float
    many = forward(params, [0.5, 1.5, -2.0])
    assert all(isinstance(value, np.ndarray) and value.shape == (3,) for value in vars(many).values())
    assert many.y_hat[1] == pytest.approx(one.y_hat, rel=1e-15)


def test_lists_arrays_ints_and_numpy_scalars_are_all_accepted_alike():
    params = {"w1": 1, "b1": np.float64(-0.5), "w2": np.int64(2), "b2": 0.25}
    floats = {name: float(value) for name, value in params.items()}
    assert backward(params, [1, 2], [0, 1], "bce") == backward(
        floats, np.array([1.0, 2.0]), np.array([0.0, 1.0]), "bce"
    )
    assert backward(params, [True, False], [True, False], "bce") == backward(floats, [1.0, 0.0], [1.0, 0.0], "bce")


def test_chain_factors_is_for_one_sample():
    params = random_params()
    assert chain_factors(params, [1.5], [1.0]) == chain_factors(params, 1.5, 1.0)
    with pytest.raises(ValueError, match="one sample.*not 2 samples"):
        chain_factors(params, [1.0, 2.0], [0.0, 1.0])


# --- bad input ----------------------------------------------------------------------------------------------------

GOOD = {"w1": 0.8, "b1": -0.5, "w2": 1.2, "b2": 0.3}
EVERY_FUNCTION = {
    "forward": lambda p, x, y, c: forward(p, x),
    "cost": cost,
    "backward": backward,
    "chain_factors": chain_factors,
}
BAD_PARAMS = [
    ({"w1": 0.8, "b1": -0.5}, ValueError, r"keys w1, b1, w2, b2: missing w2, b2"),
    ({**GOOD, "W1": 1.0}, ValueError, r"keys w1, b1, w2, b2: unknown 'W1'"),
    ({**GOOD, "w2": math.nan}, ValueError, r"parameter w2 is nan.*finite"),
    ({**GOOD, "b1": -math.inf}, ValueError, r"parameter b1 is -inf.*finite"),
    ({**GOOD, "w1": "0.8"}, TypeError, r"parameter w1 must be a number, not str"),
    ({**GOOD, "b2": None}, TypeError, r"parameter b2 must be a number, not NoneType"),
    ({**GOOD, "w1": [0.8]}, TypeError, r"parameter w1 must be a number, not list"),
    ([0.8, -0.5, 1.2, 0.3], TypeError, r"params must be a dict with the keys w1, b1, w2, b2"),
]


@pytest.mark.parametrize("function", EVERY_FUNCTION.values(), ids=EVERY_FUNCTION)
@pytest.mark.parametrize("params, error, message", BAD_PARAMS)
def test_bad_parameters_are_named(function, params, error, message):
    with pytest.raises(error, match=message):
        function(params, 1.0, 1.0, "mse")


BAD_SAMPLES = [
    (math.nan, 1.0, "mse", ValueError, r"x holds nan: every x must be a finite number"),
    ([1.0, math.inf], [0.0, 1.0], "mse", ValueError, r"x holds inf: every x must be a finite number"),
    (1.0, math.nan, "mse", ValueError, r"y holds nan: every y must be a finite number"),
    ([], [], "mse", ValueError, r"x is empty: give at least one sample"),
    (1.0, np.array([]), "mse", ValueError, r"y is empty"),
    ([1.0, 2.0], [1.0], "mse", ValueError, r"same shape.*x has shape \(2,\), y \(1,\)"),
    (1.0, [1.0], "mse", ValueError, r"same shape.*x has shape \(\), y \(1,\)"),
    ([[1.0, 2.0]], [[0.0, 1.0]], "mse", ValueError, r"x must be one sample or a 1-D array.*shape \(1, 2\)"),
    ("1.5", 1.0, "mse", TypeError, r"x must be a number or a 1-D array of numbers, not '1.5'"),
    (1.0, [0, None], "mse", TypeError, r"y must be a number or a 1-D array of numbers"),
    (1.0, 1.5, "bce", ValueError, r"with cost 'bce', y is a probability and must be in \[0, 1\]: y = 1.5"),
    ([1.0, 2.0], [0.5, -0.25], "bce", ValueError, r"must be in \[0, 1\]: y = -0.25"),
    (1.0, 1.0, "MSE", ValueError, r"unknown cost 'MSE': choose one of 'mse', 'bce'"),
    (1.0, 1.0, "cross-entropy", ValueError, r"unknown cost 'cross-entropy': choose one of 'mse', 'bce'"),
    (1.0, 1.0, None, ValueError, r"unknown cost None"),
]


@pytest.mark.parametrize("function", [cost, backward, chain_factors], ids=lambda f: f.__name__)
@pytest.mark.parametrize("x, y, which, error, message", BAD_SAMPLES)
def test_bad_samples_labels_and_costs_are_named(function, x, y, which, error, message):
    with pytest.raises(error, match=message):
        function(GOOD, x, y, which)


def test_forward_checks_x_alone():
    for x, message in [(math.nan, "x holds nan"), ([], "x is empty"), ("a", "x must be a number"), ([[1.0]], "1-D")]:
        with pytest.raises((ValueError, TypeError), match=message):
            forward(GOOD, x)


def test_labels_outside_0_1_are_fine_for_mse():
    assert math.isfinite(cost(GOOD, 1.0, 3.5, "mse"))
    assert network.COSTS == ("mse", "bce") and network.PARAMETERS == ("w1", "b1", "w2", "b2")
