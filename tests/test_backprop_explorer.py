"""The backpropagation explorer of notebook 06: every number it shows is chainlab.network's, its readout multiplies
out to network.backward's ∂J/∂w1, a factor near 0 (w2 = 0, a saturated σ′) is marked and takes the gradient with
it, bce collapses the first two factors into ŷ − y, and no text runs into another or out of its box.
(Every control position finite and silent, and blitting, are tested for every explorer in test_explorers.py.)"""

import itertools
import math
import re
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import same_color
from matplotlib.patches import FancyBboxPatch

from chainlab import network
from chainlab.explorers.backprop import (
    DEFAULTS,
    NEAR_ZERO,
    PATH,
    VANISHING,
    BackpropExplorer,
    backprop_explorer,
    network_diagram,
)
from chainlab.plotting import factor, number, png_of

SETTINGS = [  # slider positions: the defaults, the corners, a w2 of 0, saturated sigmoids, long numbers
    {},
    {"x": -3.0, "y": 0.0, "w1": -6.0, "b1": -6.0, "w2": -6.0, "b2": -6.0},
    {"x": 3.0, "y": 1.0, "w1": 6.0, "b1": 6.0, "w2": 6.0, "b2": 6.0},
    {"w2": 0.0},
    {"x": 3.0, "y": 0.0, "w1": 6.0, "b1": 6.0, "w2": -6.0, "b2": 0.0},
    {"x": -2.8, "y": 0.6, "w1": 2.7, "b1": -1.1, "w2": -0.8, "b2": 0.0},
    {"x": 1.9, "y": 0.05, "w1": -3.9, "b1": -3.2, "w2": -3.9, "b2": 3.6},
    {"x": 2.5, "y": 1.0, "w1": -5.0, "b1": 0.0, "w2": -6.0, "b2": 0.0},
    {"x": 0.1, "y": 0.95, "w1": 5.2, "b1": -3.5, "w2": 1.3, "b2": 1.6},
    {"x": -0.7, "y": 0.35, "w1": 1.4, "b1": 0.3, "w2": -2.1, "b2": 0.9},
]
COSTS = network.COSTS


def read(text):
    """The number a text shows: "−0.2494", "(−0.25)", "2.467e−05"."""
    return float(text.get_text().strip("()").replace("−", "-"))


def values_of(setting, cost):
    return {**DEFAULTS, **setting, "cost": cost}


@pytest.fixture(scope="module")
def explorer():
    built = backprop_explorer()
    built.canvas.draw()
    return built


def factors_shown(explorer):
    return [text for text in explorer.readout["values"] if text.get_visible()]


# --- the numbers --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("cost", COSTS)
@pytest.mark.parametrize("setting", SETTINGS)
def test_every_number_on_the_diagram_is_the_networks(explorer, setting, cost):
    values = values_of(setting, cost)
    explorer.set(**values)
    params = {name: values[name] for name in network.PARAMETERS}
    x, y = values["x"], values["y"]
    shown = network.forward(params, x)
    expected = {
        "x": x,
        "y": y,
        **params,
        "z1": shown.z1,
        "a1": shown.a1,
        "z2": shown.z2,
        "y_hat": shown.y_hat,
        "J": network.cost(params, x, y, cost),
        **{f"dJ_d{name}": grad for name, grad in network.backward(params, x, y, cost).items()},
    }
    assert set(explorer.texts) == set(expected)
    for name, value in expected.items():
        assert read(explorer.texts[name]) == pytest.approx(value, rel=5e-4, abs=1e-12), name


def test_each_number_sits_right_of_its_label(explorer):
    labels = {"y_hat": "ŷ =", "dJ_dw1": "∂J/∂w1 =", "dJ_db2": "∂J/∂b2 =", "z1": "z1 =", "J": "J =", "b1": "b1 ="}
    texts = explorer.figure.axes[0].texts
    for name, label in labels.items():
        value = explorer.texts[name]
        beside = [t for t in texts if t.get_position()[1] == value.get_position()[1] and t.get_text().endswith("=")]
        nearest = max(
            (t for t in beside if t.get_position()[0] < value.get_position()[0]), key=lambda t: t.get_position()[0]
        )
        assert nearest.get_text() == label


@pytest.mark.parametrize("cost", COSTS)
@pytest.mark.parametrize("setting", SETTINGS)
def test_the_readout_multiplies_out_to_the_gradient_of_backward(explorer, setting, cost):
    values = values_of(setting, cost)
    explorer.set(**values)
    params = {name: values[name] for name in network.PARAMETERS}
    gradient = network.backward(params, values["x"], values["y"], cost)["w1"]
    factors = [read(text) for text in factors_shown(explorer)]
    assert read(explorer.product) == pytest.approx(gradient, rel=5e-4, abs=1e-12)
    assert math.prod(factors) == pytest.approx(gradient, rel=3e-3, abs=1e-12)  # factors rounded to 4 digits each


def test_the_readout_names_each_factor_and_its_link_of_the_chain(explorer):
    explorer.set(**DEFAULTS)
    c = network.chain_factors({name: DEFAULTS[name] for name in network.PARAMETERS}, DEFAULTS["x"], DEFAULTS["y"])
    names = [text.get_text() for text in explorer.readout["names"]]
    links = [text.get_text() for text in explorer.readout["links"]]
    assert names == ["(ŷ − y)", "σ′(z2)", "w2", "σ′(z1)", "x"]
    assert links == ["∂J/∂ŷ", "∂ŷ/∂z2", "∂z2/∂a1", "∂a1/∂z1", "∂z1/∂w1"]
    expected = [c.y_hat - c.y, c.sigma_prime_z2, c.w2, c.sigma_prime_z1, c.x]
    assert [read(text) for text in factors_shown(explorer)] == pytest.approx(expected, rel=5e-4)
    assert [text.get_text() for text in factors_shown(explorer)] == ["(−0.2494)", "0.1872", "1.2", "0.2217", "1.5"]
    assert explorer.product.get_text() == "−0.01863"


def test_with_bce_the_first_two_factors_collapse_to_y_hat_minus_y():
    explorer = BackpropExplorer(cost="bce")
    assert [text.get_text() for text in explorer.readout["names"] if text.get_visible()] == [
        "(ŷ − y)",
        "w2",
        "σ′(z1)",
        "x",
    ]
    assert explorer.readout["links"][0].get_text() == "∂J/∂ŷ · ∂ŷ/∂z2"
    c = network.chain_factors({name: DEFAULTS[name] for name in network.PARAMETERS}, 1.5, 1.0, "bce")
    assert read(factors_shown(explorer)[0]) == pytest.approx(c.y_hat - c.y, rel=5e-4)
    assert explorer.cost_formula.get_text().startswith("J = −y ln ŷ")
    bce = {name: read(text) for name, text in explorer.texts.items()}
    explorer.set(cost="mse")  # and back: the readout has five columns again
    assert len(factors_shown(explorer)) == 5 and explorer.cost_formula.get_text() == "J = ½(ŷ − y)²"
    mse = {name: read(text) for name, text in explorer.texts.items()}
    assert bce["z1"] == mse["z1"] and bce["y_hat"] == mse["y_hat"]  # the forward pass does not depend on the cost
    assert bce["J"] != mse["J"] and bce["dJ_dw1"] != mse["dJ_dw1"]
    assert abs(bce["dJ_db2"]) > abs(mse["dJ_db2"])  # δ2 = ŷ − y, not shrunk by σ′(z2) ≤ 1/4


# --- a factor near 0 ----------------------------------------------------------------------------------------------


def marked(artist):
    return same_color(artist.get_edgecolor(), VANISHING) and artist.get_linestyle() == "--"


def test_w2_of_zero_kills_the_gradients_of_w1_and_b1_and_is_marked(explorer):
    explorer.set(**{**DEFAULTS, "w2": 0.0})
    assert explorer.product.get_text() == "0"
    assert explorer.texts["dJ_dw1"].get_text() == explorer.texts["dJ_db1"].get_text() == "0"
    assert read(explorer.texts["dJ_dw2"]) != 0  # w2 still learns
    w2 = factors_shown(explorer)[2]
    assert w2.get_text() == "0" and same_color(w2.get_color(), VANISHING) and w2.get_fontweight() == "bold"
    assert marked(explorer.path["w2 edge"])
    others = [explorer.path[part] for part in ("w1 edge", "hidden", "output", "cost edge")]
    assert not any(marked(part) for part in others)
    assert same_color(factors_shown(explorer)[0].get_color(), PATH)


def test_a_saturated_hidden_node_is_marked_and_its_sigma_prime_shows(explorer):
    explorer.set(**{**DEFAULTS, "x": 3.0, "w1": 6.0, "b1": 6.0})  # z1 = 24
    sigma_prime = factors_shown(explorer)[3]
    assert read(sigma_prime) == pytest.approx(network.sigmoid_prime(24.0), rel=5e-4)
    assert 0 < read(sigma_prime) < 1e-10  # shown, not rounded to 0
    assert same_color(sigma_prime.get_color(), VANISHING)
    assert marked(explorer.path["hidden"]) and not marked(explorer.path["output"])
    assert abs(read(explorer.texts["dJ_dw1"])) < 1e-9


def test_the_defaults_make_a_teachable_static_picture():
    """ŷ clearly short of y, and no factor near 0 yet: the learner makes one."""
    explorer = backprop_explorer()
    assert explorer.values == DEFAULTS
    assert abs(read(explorer.texts["y_hat"]) - DEFAULTS["y"]) > 0.2
    assert all(abs(read(text)) >= NEAR_ZERO for text in factors_shown(explorer))
    assert not any(marked(artist) for artist in explorer.path.values())
    width, height = explorer.figure.get_size_inches()
    assert width <= 10 and height <= 5.5


def test_the_controls_are_the_ones_the_notebook_describes():
    explorer = backprop_explorer()
    ranges = {name: (c.min, c.max, c.step) for name, c in explorer.controls.items() if name != "cost"}
    assert ranges == {
        "x": (-3.0, 3.0, 0.1),
        "y": (0.0, 1.0, 0.01),
        **{name: (-6.0, 6.0, 0.1) for name in network.PARAMETERS},
    }
    assert [c.description for c in explorer.controls.values()] == ["x", "y", "w1", "b1", "w2", "b2", "cost"]
    assert tuple(explorer.controls["cost"].options) == network.COSTS


# --- numbers as text, and the layout ------------------------------------------------------------------------------


def test_numbers_have_four_digits_a_true_minus_and_only_zero_is_shown_as_0():
    assert number(0.0) == "0" and number(-0.0) == "0"
    assert number(2.467e-5) == "2.467e−05" and number(-1.2e-11) == "−1.2e−11"  # a saturated σ′ stays visible
    assert number(-0.018631987) == "−0.01863" and number(0.30000000000000004) == "0.3"
    assert all(factor(v) == text for v, text in [(-0.25, "(−0.25)"), (1.2, "1.2"), (0.0, "0"), (-3e-14, "(−3e−14)")])


def test_a_vanishing_gradient_is_shown_tiny_and_a_sum_that_cancels_as_0(explorer):
    explorer.set(x=3.0, w1=6.0, b1=6.0)  # z1 = 24: σ′(z1) = 3.8e−11, so ∂J/∂w1 is about 1e−12, not 0
    assert explorer.product.get_text() != "0" and "e−1" in explorer.product.get_text()
    assert "e−1" in explorer.readout_text.split(". ")[0]
    explorer.set(w1=0.1, b1=-0.3)  # w1·x + b1 = 0.1·3 − 0.3, which floats make 5.6e−17
    assert explorer.texts["z1"].get_text() == "0"


def test_no_text_runs_into_another_or_out_of_its_box():
    """At the settings with the longest numbers found, and at random ones: texts apart, values inside their boxes."""
    explorer = backprop_explorer()
    explorer.canvas.draw()
    rng = np.random.default_rng(6)
    grid = {
        name: np.round(np.arange(c.min, c.max + c.step / 2, c.step), 2)
        for name, c in explorer.controls.items()
        if name != "cost"
    }
    randoms = [{name: float(rng.choice(values)) for name, values in grid.items()} for _ in range(60)]
    renderer = explorer.canvas.get_renderer()
    ax = explorer.figure.axes[0]
    boxes = [patch.get_window_extent(renderer) for patch in ax.patches if isinstance(patch, FancyBboxPatch)]
    room = 0.03 * explorer.figure.dpi  # pixels between a value and its box's outline: 0.03 inch, at any dpi
    for cost, setting in itertools.product(COSTS, SETTINGS + randoms):
        explorer.update(**values_of(setting, cost))
        texts = [t for t in [*ax.texts, *explorer.figure.texts] if t.get_visible() and t.get_text()]
        extents = [t.get_window_extent(renderer) for t in texts]
        for (a, extent_a), (b, extent_b) in itertools.combinations(zip(texts, extents, strict=True), 2):
            assert not extent_a.overlaps(extent_b), (setting, cost, a.get_text(), b.get_text())
        for text, extent in zip(texts, extents, strict=True):
            for box in boxes:
                if box.contains(*extent.get_points().mean(axis=0)):  # inside: with room to the outline
                    assert box.x0 + room < extent.x0 and extent.x1 < box.x1 - room, (setting, cost, text.get_text())
                else:
                    assert not extent.overlaps(box), (setting, cost, text.get_text())


def test_the_explorer_leaves_no_pyplot_figure():
    before = plt.get_fignums()
    backprop_explorer()
    assert plt.get_fignums() == before


def test_the_network_diagram_shows_symbols_only_and_draws_silently():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure = network_diagram()
        png = png_of(figure)
    assert "hidden node" in figure._repr_mimebundle_()["text/plain"]
    texts = [t.get_text() for t in figure.axes[0].texts]
    assert png.startswith(b"\x89PNG")
    assert "z1 = w1·x + b1\na1 = σ(z1)" in texts and "+ b2" in texts
    assert not any(re.search(r"\d\.\d", t) for t in texts), texts  # no values: they come with the forward pass
