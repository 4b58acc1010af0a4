"""Notebook 06's exercises, backpropagation through sigmoid nodes: each usual mistake, written afresh here as a learner
would write it, gets its own hint (both hints where two mistakes give the same answer); right answers written
differently pass; no hint gives the answer away; the unfilled skeleton is unanswered; and the derivatives behind the
exercises, and what the hints claim, hold. (Junk answers are tested for every exercise in test_exercises.py.)"""

import math

import numpy as np
import pytest
import torch

from chainlab import network
from chainlab.calculus import autograd, verify
from chainlab.exercises import check, get
from chainlab.functions import exp, log, sigmoid

# What each kind of hint must say, so that a learner can tell which mistake it names.
KEYWORDS = {
    # 06.1 σ′ by the chain rule
    "outer only": "outer derivative alone",
    "inner only": "inner derivative du/dz alone",
    "inner sign": "its minus sign and the outer's",
    "power kept": "power of u stayed at −1",
    "σ itself": "that is σ itself",
    "inner as −1": "inner derivative was taken as −1",
    "z for a": "puts the sigmoid's input z into",
    "1 + σ": "second factor has the wrong sign",
    # 06.2 and 06.3, the chain of three sigmoid nodes
    "σ′ missing at ŷ": "through the sigmoid of ŷ = σ(z3)",
    "σ′ missing at a2": "through the sigmoid of a2 = σ(z2)",
    "σ′ missing at a1": "through the sigmoid of a1 = σ(z1)",
    "every σ′ missing": "every σ′ is missing",
    "σ for σ′": "you multiplied by σ(z), the sigmoid's value",
    "σ′ at a": "evaluated at the activation",
    "sign": "not y − ŷ",
    "δ alone": "that is δ, the gradient at the node's z",
    "x for a2": "x is another node",
    "a1 for a2": "a1 is another node",
    "w3 for a2": "that is ∂j/∂a2",
    "a1 for x": "that is x, not a1",
    "w3 dropped": "a weight is missing: going back from z3",
    "w2 dropped": "a weight is missing: going back from z2",
    "both weights dropped": "both weights are missing",
    "activations for weights": "the weight w3, not by a2",
    "layer skipped": "a layer is skipped",
    "w1 for w2": "a weight has the wrong index",
    "weights shifted": "weights are shifted one layer",
    "∂J/∂w2 for ∂J/∂w1": "that is ∂j/∂w2, the gradient of the middle weight",
    "∂J/∂w3 for ∂J/∂w1": "that is ∂j/∂w3, the answer of 06.2",
    "weight sign": "a weight's sign is lost",
    "x sign": "the sign of x is lost",
    # 06.4 which gradients vanish with w2 = 0
    "none vanish": "which gradients are built from δ1",
    "output vanish": "with w2 = 0, ŷ = σ(b2)",
    "all vanish": "not all four",
    # 06.5 ten sigmoid layers
    "σ(0) for σ′": "that uses σ(0) = ½",
    "added": "you added the factors",
    "halves added": "adds ten halves",
    "one too few": "one factor too few",
    "one too many": "one factor too many",
    "one layer": "one layer's largest slope",
    "weights only": "counts the weights alone",
    "zero": "never exactly 0",
    "not the top": "not of the largest slope",
    "only the size": "only the answer's size",
    "twenty": "counts twenty factors",
    "upside down": "1 over the answer",
    "xor": "bitwise xor",
    # 06.6 cross-entropy
    "kept σ′": "that keeps σ′(z3)",
    "σ′(z2) cancelled too": "only the output's σ′(z3) cancels",
    "σ(z3) for a cancelled σ′": "the output sigmoid's value",
    "∂J/∂w3 for ∂J/∂w2": "that is ∂j/∂w3, the output node's weight",
    "x for a1": "that is a1, not x",
    "a2 for a1": "not a2, its output",
    "extra w3": "there is a w3 too many",
    "extra activation": "there is an activation too many",
    "label fixed": "for the label y = 1 only",
    "∂J/∂w1 for ∂J/∂w2": "that is ∂j/∂w1, one layer further back",
    "sign BCE": "positive when ŷ is above the label",
    "δ2 alone": "that is δ2, the gradient at z2",
    "∂J/∂ŷ only": "that starts from ∂j/∂ŷ",
    "ln inner": "inner derivative of 1 − ŷ",
}


# --- a learner's code: their own sigmoid and forward pass ---------------------------------------------------------


def sig(z):
    """A learner's own sigmoid, with math."""
    return 1 / (1 + math.exp(-z))


def slope(z):
    """A learner's σ′, as σ(z)(1 − σ(z))."""
    return sigmoid(z) * (1 - sigmoid(z))


def forward(x, w1, w2, w3):
    """A learner's forward pass through the chain, every z and a."""
    z1 = w1 * x
    a1 = sigmoid(z1)
    z2 = w2 * a1
    a2 = sigmoid(z2)
    z3 = w3 * a2
    y_hat = sigmoid(z3)
    return z1, a1, z2, a2, z3, y_hat


# 06.2 ∂J/∂w3, wrong


def w3_no_slope(x, y, w1, w2, w3):
    a1 = sig(w1 * x)
    a2 = sig(w2 * a1)
    y_hat = sig(w3 * a2)
    return (y_hat - y) * a2


def w3_sigma_for_slope(x, y, w1, w2, w3):
    z1 = w1 * x
    a1 = sigmoid(z1)
    z2 = w2 * a1
    a2 = sigmoid(z2)
    z3 = w3 * a2
    return (sigmoid(z3) - y) * sigmoid(z3) * a2


def w3_slope_at_y_hat(x, y, w1, w2, w3):
    a2 = sigmoid(w2 * sigmoid(w1 * x))
    y_hat = sigmoid(w3 * a2)
    return (y_hat - y) * sigmoid(y_hat) * (1 - sigmoid(y_hat)) * a2


def w3_sign(x, y, w1, w2, w3):
    a1 = 1 / (1 + np.exp(-w1 * x))
    a2 = 1 / (1 + np.exp(-w2 * a1))
    y_hat = 1 / (1 + np.exp(-w3 * a2))
    return (y - y_hat) * y_hat * (1 - y_hat) * a2


def w3_delta_alone(x, y, w1, w2, w3):
    a2 = sig(w2 * sig(w1 * x))
    y_hat = sig(w3 * a2)
    delta3 = (y_hat - y) * y_hat * (1 - y_hat)
    return delta3


def w3_times_x(x, y, w1, w2, w3):
    a1 = sig(w1 * x)
    a2 = sig(w2 * a1)
    z3 = w3 * a2
    return (sig(z3) - y) * math.exp(-z3) / (1 + math.exp(-z3)) ** 2 * x


def w3_times_a1(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    return (y_hat - y) * slope(z3) * a1


def w3_times_w3(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    return (y_hat - y) * slope(z3) * w3


def w3_extra_weight(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    return (y_hat - y) * slope(z3) * w3 * a2


def w1_extra_activation(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    return (y_hat - y) * slope(z3) * a2 * w3 * slope(z2) * w2 * slope(z1) * x


def w3_label_fixed(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    return (y_hat - 1) * slope(z3) * a2


# 06.3 ∂J/∂w1, wrong


def w1_no_slope_at_y_hat(x, y, w1, w2, w3):
    a1 = sig(w1 * x)
    a2 = sig(w2 * a1)
    y_hat = sig(w3 * a2)
    return (y_hat - y) * w3 * a2 * (1 - a2) * w2 * a1 * (1 - a1) * x


def w1_no_slope_at_a2(x, y, w1, w2, w3):
    a1 = sig(w1 * x)
    a2 = sig(w2 * a1)
    y_hat = sig(w3 * a2)
    return (y_hat - y) * y_hat * (1 - y_hat) * w3 * w2 * a1 * (1 - a1) * x


def w1_no_slope_at_a1(x, y, w1, w2, w3):
    a1 = sig(w1 * x)
    a2 = sig(w2 * a1)
    y_hat = sig(w3 * a2)
    return (y_hat - y) * y_hat * (1 - y_hat) * w3 * a2 * (1 - a2) * w2 * x


def w1_no_slopes(x, y, w1, w2, w3):
    y_hat = sig(w3 * sig(w2 * sig(w1 * x)))
    return (y_hat - y) * w3 * w2 * x


def w1_sigma_at_z3(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    return (y_hat - y) * sigmoid(z3) * w3 * slope(z2) * w2 * slope(z1) * x


def w1_sigma_at_z2(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    return (y_hat - y) * slope(z3) * w3 * sigmoid(z2) * w2 * slope(z1) * x


def w1_sigma_at_z1(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    return (y_hat - y) * slope(z3) * w3 * slope(z2) * w2 * sigmoid(z1) * x


def w1_sigma_everywhere(x, y, w1, w2, w3):
    a1 = np.tanh(w1 * x / 2) / 2 + 0.5  # σ written through tanh
    a2 = np.tanh(w2 * a1 / 2) / 2 + 0.5
    y_hat = np.tanh(w3 * a2 / 2) / 2 + 0.5
    return (y_hat - y) * y_hat * w3 * a2 * w2 * a1 * x


def w1_slope_at_y_hat(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    return (y_hat - y) * slope(y_hat) * w3 * slope(z2) * w2 * slope(z1) * x


def w1_slope_at_a2(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    return (y_hat - y) * slope(z3) * w3 * slope(a2) * w2 * slope(z1) * x


def w1_slope_at_a1(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    return (y_hat - y) * slope(z3) * w3 * slope(z2) * w2 * slope(a1) * x


def w1_slope_at_activations(x, y, w1, w2, w3):
    def d_sigmoid(v):
        return math.exp(-v) / (1 + math.exp(-v)) ** 2

    a1 = sig(w1 * x)
    a2 = sig(w2 * a1)
    y_hat = sig(w3 * a2)
    return (y_hat - y) * d_sigmoid(y_hat) * w3 * d_sigmoid(a2) * w2 * d_sigmoid(a1) * x


def w1_without_w3(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    delta3 = (y_hat - y) * slope(z3)
    delta2 = delta3 * slope(z2)
    delta1 = delta2 * w2 * slope(z1)
    return delta1 * x


def w1_without_w2(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    delta3 = (y_hat - y) * slope(z3)
    delta2 = delta3 * w3 * slope(z2)
    delta1 = delta2 * slope(z1)
    return delta1 * x


def w1_without_weights(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    return (y_hat - y) * slope(z3) * slope(z2) * slope(z1) * x


def w1_activations_for_weights(x, y, w1, w2, w3):
    a1 = sig(w1 * x)
    a2 = sig(w2 * a1)
    y_hat = sig(w3 * a2)
    return (y_hat - y) * y_hat * (1 - y_hat) * a2 * a2 * (1 - a2) * a1 * a1 * (1 - a1) * x


def w1_sign(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    return (y - y_hat) * slope(z3) * w3 * slope(z2) * w2 * slope(z1) * x


def w1_times_a1(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    delta1 = (y_hat - y) * slope(z3) * w3 * slope(z2) * w2 * slope(z1)
    return delta1 * a1


def w1_delta_alone(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    return (y_hat - y) * slope(z3) * w3 * slope(z2) * w2 * slope(z1)


def w1_layer_skipped(x, y, w1, w2, w3):
    """Section 3's two-node δ1 = δ2·w2·σ′(z1), with δ2 taken from the output node."""
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    delta3 = (y_hat - y) * slope(z3)
    delta1 = delta3 * w2 * slope(z1)
    return delta1 * x


def w1_layer_skipped_with_w3(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    return (y_hat - y) * slope(z3) * w3 * slope(z1) * x


def w1_w1_for_w2(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    delta3 = (y_hat - y) * slope(z3)
    delta2 = delta3 * w3 * slope(z2)
    delta1 = delta2 * w1 * slope(z1)
    return delta1 * x


def w1_weights_shifted(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    delta2 = (y_hat - y) * slope(z3) * w2 * slope(z2)
    return delta2 * w1 * slope(z1) * x


def w1_gives_dJ_dw2(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    delta2 = (y_hat - y) * slope(z3) * w3 * slope(z2)
    return delta2 * a1


def w1_gives_dJ_dw3(x, y, w1, w2, w3):
    a2 = sig(w2 * sig(w1 * x))
    y_hat = sig(w3 * a2)
    return (y_hat - y) * y_hat * (1 - y_hat) * a2


def w1_abs_w3(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    return (y_hat - y) * slope(z3) * abs(w3) * slope(z2) * w2 * slope(z1) * x


def w1_abs_w2(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    return (y_hat - y) * slope(z3) * w3 * slope(z2) * abs(w2) * slope(z1) * x


def w1_abs_weights(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    return (y_hat - y) * slope(z3) * abs(w3) * slope(z2) * abs(w2) * slope(z1) * x


def w1_abs_x(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    return (y_hat - y) * slope(z3) * w3 * slope(z2) * w2 * slope(z1) * abs(x)


def w1_label_fixed(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    return (y_hat - 1.0) * slope(z3) * w3 * slope(z2) * w2 * slope(z1) * x


# 06.6 ∂J/∂w2 of the chain under cross-entropy, wrong


def bce_kept_slope(x, y, w1, w2, w3):
    a1 = sig(w1 * x)
    a2 = sig(w2 * a1)
    y_hat = sig(w3 * a2)
    return (y_hat - y) * y_hat * (1 - y_hat) * w3 * a2 * (1 - a2) * a1


def bce_squared_error_by_torch(x, y, w1, w2, w3):
    w2 = torch.tensor(w2, dtype=torch.float64, requires_grad=True)
    y_hat = torch.sigmoid(w3 * torch.sigmoid(w2 * sig(w1 * x)))
    (0.5 * (y_hat - y) ** 2).backward()  # the squared error where the cross-entropy belongs
    return w2.grad


def bce_every_slope_cancelled(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    return (y_hat - y) * w3 * a1  # σ′(z2) dropped too


def bce_sigma_for_cancelled_slope(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    return (y_hat - y) * y_hat * w3 * slope(z2) * a1


def bce_sigma_at_z2(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    return (y_hat - y) * w3 * a2 * a1


def bce_slope_at_a2(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    return (y_hat - y) * w3 * slope(a2) * a1


def bce_sign(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    return (y - y_hat) * w3 * slope(z2) * a1


def bce_times_x(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    delta2 = (y_hat - y) * w3 * slope(z2)
    return delta2 * x


def bce_times_a2(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    return (y_hat - y) * w3 * slope(z2) * a2


def bce_delta_alone(x, y, w1, w2, w3):
    a1 = 1 / (1 + np.exp(-w1 * x))
    z2 = w2 * a1
    y_hat = 1 / (1 + np.exp(-w3 / (1 + np.exp(-z2))))
    return (y_hat - y) * w3 * np.exp(-z2) / (1 + np.exp(-z2)) ** 2


def bce_without_w3(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    return (y_hat - y) * slope(z2) * a1


def bce_label_fixed(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    return (y_hat - 1) * w3 * slope(z2) * a1


def bce_gives_dJ_dw3(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    return (y_hat - y) * a2


def bce_gives_dJ_dw1(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    delta2 = (y_hat - y) * w3 * slope(z2)
    return delta2 * w2 * slope(z1) * x


def bce_dJ_dy_hat_without_its_slope(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    dJ_dy_hat = -y / y_hat + (1 - y) / (1 - y_hat)
    return dJ_dy_hat * w3 * slope(z2) * a1


def bce_log_inner_dropped(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    dJ_dy_hat = -(y / y_hat + (1 - y) / (1 - y_hat))  # d ln(1 − ŷ)/dŷ taken as 1/(1 − ŷ)
    return dJ_dy_hat * slope(z3) * w3 * slope(z2) * a1


# (exercise id, the kind(s) of mistake the hint must name, the answer as a learner writes it)
WRONG = {
    "06.1": [
        ("outer only", lambda z: -1 / (1 + math.exp(-z)) ** 2),
        ("outer only", lambda z: -(sigmoid(z) ** 2)),
        ("inner only", lambda z: -np.exp(-z)),
        ("inner sign", lambda z: -math.exp(-z) / (1 + math.exp(-z)) ** 2),
        ("inner sign", lambda z: -((1 + np.exp(-z)) ** -2) * np.exp(-z)),
        ("power kept", lambda z: np.exp(-z) / (1 + np.exp(-z))),
        ("power kept", lambda z: -math.exp(-z) * (1 + math.exp(-z)) ** -1),
        ("σ itself", lambda z: 1 / (1 + math.exp(-z))),
        ("σ itself", lambda z: torch.sigmoid(torch.tensor(z, dtype=torch.float64))),
        ("inner as −1", lambda z: (1 + math.exp(-z)) ** -2),
        ("inner as −1", lambda z: sigmoid(z) ** 2),
        ("z for a", lambda z: z * (1 - z)),
        ("1 + σ", lambda z: sigmoid(z) * (1 + sigmoid(z))),
        ("1 + σ", lambda z: (1 / (1 + math.exp(-z))) * (1 + 1 / (1 + math.exp(-z)))),
    ],
    "06.2": [
        ("σ′ missing at ŷ", w3_no_slope),
        ("σ for σ′", w3_sigma_for_slope),
        ("σ′ at a", w3_slope_at_y_hat),
        ("sign", w3_sign),
        ("δ alone", w3_delta_alone),
        ("x for a2", w3_times_x),
        ("a1 for a2", w3_times_a1),
        ("w3 for a2", w3_times_w3),
        ("extra w3", w3_extra_weight),
        ("label fixed", w3_label_fixed),
    ],
    "06.3": [
        ("extra activation", w1_extra_activation),
        ("σ′ missing at ŷ", w1_no_slope_at_y_hat),
        ("σ′ missing at a2", w1_no_slope_at_a2),
        ("σ′ missing at a1", w1_no_slope_at_a1),
        ("every σ′ missing", w1_no_slopes),
        ("σ for σ′", w1_sigma_at_z3),
        ("σ for σ′", w1_sigma_at_z2),
        ("σ for σ′", w1_sigma_at_z1),
        ("σ for σ′", w1_sigma_everywhere),
        ("σ′ at a", w1_slope_at_y_hat),
        ("σ′ at a", w1_slope_at_a2),
        ("σ′ at a", w1_slope_at_a1),
        ("σ′ at a", w1_slope_at_activations),
        ("w3 dropped", w1_without_w3),
        ("w2 dropped", w1_without_w2),
        ("both weights dropped", w1_without_weights),
        ("activations for weights", w1_activations_for_weights),
        ("sign", w1_sign),
        ("a1 for x", w1_times_a1),
        ("δ alone", w1_delta_alone),
        ("layer skipped", w1_layer_skipped),
        ("layer skipped", w1_layer_skipped_with_w3),
        ("w1 for w2", w1_w1_for_w2),
        ("weights shifted", w1_weights_shifted),
        ("∂J/∂w2 for ∂J/∂w1", w1_gives_dJ_dw2),
        ("∂J/∂w3 for ∂J/∂w1", w1_gives_dJ_dw3),
        ("weight sign", w1_abs_w3),
        ("weight sign", w1_abs_w2),
        ("weight sign", w1_abs_weights),
        ("x sign", w1_abs_x),
        ("label fixed", w1_label_fixed),
    ],
    "06.4": [
        ("none vanish", "none"),
        ("none vanish", " None "),
        ("output vanish", "w2 and b2"),
        ("output vanish", "'W2 and B2'"),
        ("output vanish", "b2 and w2"),
        ("all vanish", "all four"),
        ("all vanish", '"All four"\n'),
    ],
    "06.5": [
        ("σ(0) for σ′", 0.5**10),
        ("σ(0) for σ′", 1 / 2**10),
        ("σ(0) for σ′", 0.000977),  # 0.5**10 copied from a printout
        ("added", 10 * 0.25),
        ("added", sum([0.25] * 10)),
        ("halves added", 10 * 0.5),
        ("one too few", 0.25**9),
        ("one too many", 0.25**11),
        ("one layer", 1 / 4),
        ("one layer", sigmoid(0.0) * (1 - sigmoid(0.0))),
        ("weights only", 1),
        ("weights only", 1.0**10),
        ("zero", 0),
        ("zero", np.float64(0.0)),
        ("not the top", 0.2**10),
        ("not the top", 0.1**10),
        ("not the top", (sigmoid(1.0) * (1 - sigmoid(1.0))) ** 10),  # σ′ at the worked example's z, about 0.2
        ("only the size", 1e-6),
        ("only the size", 10**-6),
        ("twenty", 0.25**20),
        ("twenty", (1 / 4) ** (2 * 10)),
        ("upside down", 4**10),
        ("upside down", 1 / 0.25**10),
        ("xor", 1 / (4 ^ 10)),
    ],
    "06.6": [
        ("kept σ′", bce_kept_slope),
        ("kept σ′", bce_squared_error_by_torch),
        ("σ′(z2) cancelled too", bce_every_slope_cancelled),
        ("σ(z3) for a cancelled σ′", bce_sigma_for_cancelled_slope),
        ("σ for σ′", bce_sigma_at_z2),
        ("σ′ at a", bce_slope_at_a2),
        ("sign BCE", bce_sign),
        ("x for a1", bce_times_x),
        ("a2 for a1", bce_times_a2),
        ("δ2 alone", bce_delta_alone),
        ("w3 dropped", bce_without_w3),
        ("label fixed", bce_label_fixed),
        ("∂J/∂w3 for ∂J/∂w2", bce_gives_dJ_dw3),
        ("∂J/∂w1 for ∂J/∂w2", bce_gives_dJ_dw1),
        ("∂J/∂ŷ only", bce_dJ_dy_hat_without_its_slope),
        ("ln inner", bce_log_inner_dropped),
    ],
}


# --- right answers, written differently ----------------------------------------------------------------------------


def sigma_prime_by_autograd(z):
    z = torch.tensor(z, dtype=torch.float64, requires_grad=True)
    torch.sigmoid(z).backward()
    return z.grad


def dJ_dw3_math(x, y, w1, w2, w3):
    a1 = sig(w1 * x)
    a2 = sig(w2 * a1)
    y_hat = sig(w3 * a2)
    return (y_hat - y) * y_hat * (1 - y_hat) * a2


def dJ_dw3_numpy(x, y, w1, w2, w3):
    a2 = 1 / (1 + np.exp(-w2 / (1 + np.exp(-w1 * x))))
    z3 = w3 * a2
    return (1 / (1 + np.exp(-z3)) - y) * np.exp(-z3) / (1 + np.exp(-z3)) ** 2 * a2


def dJ_dw3_by_autograd(x, y, w1, w2, w3):
    w3 = torch.tensor(w3, dtype=torch.float64, requires_grad=True)
    y_hat = torch.sigmoid(w3 * sig(w2 * sig(w1 * x)))
    (0.5 * (y_hat - y) ** 2).backward()
    return w3.grad


def dJ_dw1_deltas_named(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    delta3 = (y_hat - y) * slope(z3)
    delta2 = delta3 * w3 * slope(z2)
    delta1 = delta2 * w2 * slope(z1)
    return delta1 * x


def dJ_dw1_one_product(x, y, w1, w2, w3):
    a1 = sig(w1 * x)
    a2 = sig(w2 * a1)
    y_hat = sig(w3 * a2)
    return (y_hat - y) * y_hat * (1 - y_hat) * w3 * a2 * (1 - a2) * w2 * a1 * (1 - a1) * x


def dJ_dw1_by_autograd(x, y, w1, w2, w3):
    w1 = torch.tensor(w1, dtype=torch.float64, requires_grad=True)
    y_hat = torch.sigmoid(w3 * torch.sigmoid(w2 * torch.sigmoid(w1 * x)))
    J = 0.5 * (y_hat - y) ** 2
    (grad,) = torch.autograd.grad(J, w1)
    return grad


def dJ_dw2_bce_short(x, y, w1, w2, w3):
    a1 = sig(w1 * x)
    a2 = sig(w2 * a1)
    y_hat = sig(w3 * a2)
    return (y_hat - y) * w3 * a2 * (1 - a2) * a1


def dJ_dw2_bce_long(x, y, w1, w2, w3):
    """The chain rule written out, the cancellation not made."""
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
    dJ_dy_hat = -y / y_hat + (1 - y) / (1 - y_hat)
    delta3 = dJ_dy_hat * slope(z3)
    delta2 = delta3 * w3 * slope(z2)
    return delta2 * a1


def dJ_dw2_bce_by_autograd(x, y, w1, w2, w3):
    w2 = torch.tensor(w2, dtype=torch.float64, requires_grad=True)
    y_hat = torch.sigmoid(w3 * torch.sigmoid(w2 * sig(w1 * x)))
    J = -(y * torch.log(y_hat) + (1 - y) * torch.log(1 - y_hat))
    J.backward()
    return w2.grad


REARRANGED = {
    "06.1": [
        lambda z: math.exp(-z) / (1 + math.exp(-z)) ** 2,
        lambda z: sigmoid(z) * (1 - sigmoid(z)),
        lambda z: np.exp(z) / (1 + np.exp(z)) ** 2,
        lambda z: 1 / (2 + math.exp(z) + math.exp(-z)),
        lambda z: 0.25 / math.cosh(z / 2) ** 2,
        lambda z: -((1 + exp(-z)) ** -2) * -exp(-z),  # the chain rule as written: outer times inner
    ],
    "06.2": [dJ_dw3_math, dJ_dw3_numpy],
    "06.3": [dJ_dw1_deltas_named, dJ_dw1_one_product],
    "06.4": [
        "w1 and b1",
        "  W1 and B1 ",
        "'w1 and b1'",
        '"W1 AND B1"',
        "w1 and b1\n",
        " 'w1 and b1' ",
        "b1 and w1",
        "B1 and W1",
    ],
    "06.5": [
        0.25**10,
        1 / 4**10,
        2**-20,
        (1 / 4) ** 10,
        math.pow(0.25, 10),
        np.float64(0.25) ** 10,
        torch.tensor(0.25, dtype=torch.float64) ** 10,
        np.prod([0.25] * 10),
        (sigmoid(0.0) * (1 - sigmoid(0.0))) ** 10,
        9.5367431640625e-07,
        9.53674e-07,  # six significant digits, as the check asks
    ],
    "06.6": [dJ_dw2_bce_short, dJ_dw2_bce_long],
}

# Right values, found by a tool instead of the chain rule: told to write the formula (the exercise's step).
BY_A_TOOL = [
    ("06.1", sigma_prime_by_autograd, "a backward pass"),
    ("06.2", dJ_dw3_by_autograd, "a backward pass"),
    ("06.3", dJ_dw1_by_autograd, "chainlab's autograd"),
    ("06.6", dJ_dw2_bce_by_autograd, "a backward pass"),
]


@pytest.mark.parametrize(("exercise_id", "answer", "tool"), BY_A_TOOL)
def test_right_values_from_a_differentiation_tool_are_told_to_write_the_formula(exercise_id, answer, tool):
    feedback = check(exercise_id, answer)
    assert not feedback.correct and f"but {tool}" in feedback.message and "Write the formula" in feedback.message


CASES = [(i, kind, answer) for i in WRONG for kind, answer in WRONG[i]]
RIGHT = [(i, answer) for i in REARRANGED for answer in REARRANGED[i]]


def named(feedback):
    return {k for k, word in KEYWORDS.items() if word in feedback.message.lower()}


def test_the_exercises_are_those_the_notebook_asks():
    names = {
        "06.1": "sigma_prime",
        "06.2": "dJ_dw3",
        "06.3": "dJ_dw1",
        "06.4": "exactly_zero",
        "06.5": "largest_gradient",
        "06.6": "dJ_dw2_bce",
    }
    assert {i: get(i).answer_name for i in names} == names
    assert get("06.1").variables == ("z",)
    assert get("06.2").variables == get("06.3").variables == ("x", "y", "w1", "w2", "w3")
    assert get("06.6").variables == ("x", "y", "w1", "w2", "w3")
    assert get("06.4").choices == ("none", "w1 and b1", "w2 and b2", "all four")
    assert get("06.4").reference == "w1 and b1"


def test_every_kind_of_hint_is_met_here():
    assert {kind for _, kind, _ in CASES} == set(KEYWORDS)
    assert all(word == word.lower() for word in KEYWORDS.values())


@pytest.mark.parametrize("exercise_id", sorted(WRONG))
def test_the_reference_passes(exercise_id):
    assert check(exercise_id, get(exercise_id).reference).correct


@pytest.mark.parametrize(("exercise_id", "answer"), RIGHT, ids=[f"{i}-{n}" for n, (i, _) in enumerate(RIGHT)])
def test_the_right_answer_written_differently_passes(exercise_id, answer):
    feedback = check(exercise_id, answer)
    assert feedback.correct, feedback


@pytest.mark.parametrize(("exercise_id", "kind", "answer"), CASES, ids=[f"{i}-{k}" for i, k, _ in CASES])
def test_each_usual_mistake_gets_its_own_hint(exercise_id, kind, answer):
    feedback = check(exercise_id, answer)
    assert not feedback.correct and feedback.answered
    kinds = set(kind) if isinstance(kind, tuple) else {kind}
    assert named(feedback) == kinds, feedback.message
    if len(kinds) > 1:
        assert "cannot tell which" in feedback.message


@pytest.mark.parametrize("exercise_id", sorted(WRONG))
def test_every_declared_mistake_is_tested_here(exercise_id):
    messages = " ".join(check(exercise_id, answer).message for _, answer in WRONG[exercise_id])
    for mistake in get(exercise_id).mistakes:
        assert mistake.hint in messages, mistake.hint


@pytest.mark.parametrize("exercise_id", sorted(WRONG))
def test_no_two_declared_mistakes_give_the_same_answer(exercise_id):
    """Else the check would name both: each declared mistake gets its own hint alone."""
    for mistake in get(exercise_id).mistakes:
        feedback = check(exercise_id, mistake.answer)
        assert feedback.message == mistake.hint, feedback.message


@pytest.mark.parametrize(
    ("exercise_id", "giveaways"),
    [
        (
            "06.1",
            [
                "σ(z)(1 − σ(z))",
                "σ(z)·(1 − σ(z))",
                "σ(z)σ(−z)",
                "σ(1 − σ)",
                "e^(−z)/(1 + e^(−z))²",
                "e^(−z)·u⁻²",
                "e^(−z)u⁻²",
                "u⁻²·e^(−z)",
                "σ′(z) =",
            ],
        ),
        ("06.2", ["(ŷ − y)·σ′(z3)·a2", "σ′(z3)·a2", "δ3·a2", "ŷ(1 − ŷ)·a2", "(ŷ − y)·ŷ(1 − ŷ)", "= δ3"]),
        (
            "06.3",
            [
                "σ′(z3)·w3·σ′(z2)·w2·σ′(z1)·x",
                "w3·σ′(z2)",
                "w2·σ′(z1)",
                "w2 · σ′(z1)",
                "δ1·x",
                "δ2·w2",
                "δ3·w3",
                "∂J/∂w1 =",
            ],
        ),
        ("06.4", ["w1 and b1", "∂J/∂w1 and ∂J/∂b1", "∂J/∂w1 = δ1", "∂J/∂b1 = δ1", "∂J/∂w1 = 0", "∂J/∂b1 = 0"]),
        (
            "06.5",
            ["(¼)", "¼¹⁰", "0.25**10", "0.25 ** 10", "1/4**10", "4⁻¹⁰", "2⁻²⁰", "9.5e-07", "9.54e-07", "9.5367", "¼"],
        ),
        (
            "06.6",
            ["w3·σ′(z2)·a1", "w3 · σ′(z2) · a1", "δ3·w3", "δ2·a1", "y_hat - y) * w3", "δ3 = ŷ − y", "∂J/∂w2 ="],
        ),
    ],
)
def test_no_hint_gives_the_whole_answer(exercise_id, giveaways):
    for mistake in get(exercise_id).mistakes:
        for text in giveaways:
            assert text not in mistake.hint, (text, mistake.hint)


def test_no_cross_entropy_hint_puts_the_outputs_delta_and_what_follows_together():
    """δ3 = ŷ − y is shown (for the network of section 8) before 06.6 and may be recalled; with w3, σ′(z2) and a1
    beside it, one hint would be the answer."""
    for mistake in get("06.6").mistakes:
        assert not ("ŷ − y" in mistake.hint and "a1" in mistake.hint and "w3" in mistake.hint), mistake.hint


# --- the skeletons: not answered yet -------------------------------------------------------------------------------


def sigma_prime(z):
    return ...


def dJ_dw3(x, y, w1, w2, w3):
    return ...


def dJ_dw1(x, y, w1, w2, w3):
    # delta3 = ..., delta2 = ..., delta1 = ...
    return ...


def dJ_dw1_forward_only(x, y, w1, w2, w3):
    z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)  # the forward pass done, the backward not yet
    return ...


def dJ_dw2_bce(x, y, w1, w2, w3):
    return ...


@pytest.mark.parametrize(
    ("exercise_id", "skeleton"),
    [
        ("06.1", sigma_prime),
        ("06.2", dJ_dw3),
        ("06.3", dJ_dw1),
        ("06.3", dJ_dw1_forward_only),
        ("06.6", dJ_dw2_bce),
        ("06.4", ...),
        ("06.5", ...),
        *((i, ...) for i in ("06.1", "06.2", "06.3", "06.6")),
        *((i, lambda *args: ...) for i in ("06.1", "06.2", "06.3", "06.6")),
    ],
)
def test_the_unfilled_skeleton_is_not_answered_yet(exercise_id, skeleton):
    feedback = check(exercise_id, skeleton)
    assert not feedback.correct and feedback.answered is False, feedback
    assert "Replace the ..." in feedback.message


# --- 06.4, the choice ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("answer", ["w1", "b1", "w1, b1", "w1 and w2", "first layer", "", "w1 and b1."])
def test_a_word_that_is_not_a_choice_gets_the_list(answer):
    feedback = check("06.4", answer)
    assert not feedback.correct and feedback.answered
    assert "is not one of the choices" in feedback.message
    assert all(f'"{choice}"' in feedback.message for choice in get("06.4").choices), feedback.message


@pytest.mark.parametrize("answer", [1, 0.0, None, ["w1 and b1"], ("w1", "b1"), {"w1", "b1"}, b"w1 and b1", check])
def test_a_choice_that_is_no_text_gets_the_list(answer):
    feedback = check("06.4", answer)
    assert not feedback.correct and feedback.answered
    assert "one of the words" in feedback.message and 'exactly_zero = "…"' in feedback.message
    assert all(f'"{choice}"' in feedback.message for choice in get("06.4").choices), feedback.message


def test_w2_zero_makes_exactly_w1_and_b1_vanish():
    """06.4's reference, computed: with w2 = 0, the gradients that are exactly 0, under either cost."""
    rng = np.random.default_rng(64)
    for cost in network.COSTS:
        for w1, b1, b2, x, y in rng.uniform(-2, 2, size=(5, 5)):
            params = {"w1": w1, "b1": b1, "w2": 0.0, "b2": b2}
            gradient = network.backward(params, x, abs(y) / 2, cost)
            vanished = " and ".join(name for name, value in gradient.items() if value == 0)
            assert vanished == get("06.4").reference, (cost, gradient)


# --- 06.5, ten sigmoid layers --------------------------------------------------------------------------------------


def ten_layers_gradient(x, biases):
    """∂ŷ/∂x through ten sigmoid nodes of weight 1, by torch.autograd."""
    x = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    a = x
    for b in biases:
        a = torch.sigmoid(1.0 * a + b)
    a.backward()
    return x.grad.item()


def test_the_largest_gradient_is_ten_slopes_at_their_top_computed_not_typed():
    """With biases that make every z = 0, where σ′ is largest, the gradient is the product of ten largest slopes."""
    x, biases, a = 0.7, [], 0.7
    for _ in range(10):
        biases.append(-a)  # z = a + b = 0
        a = sigmoid(0.0)
    assert ten_layers_gradient(x, biases) == pytest.approx(get("06.5").reference, rel=1e-12)
    z = torch.linspace(-10, 10, 20001, dtype=torch.float64, requires_grad=True)
    torch.sigmoid(z).sum().backward()
    assert z.grad.max().item() == pytest.approx(0.25, rel=1e-12)  # the largest slope, at z = 0
    rng = np.random.default_rng(65)
    for x, *biases in rng.uniform(-3, 3, size=(40, 11)):  # no other biases give more
        assert abs(ten_layers_gradient(x, biases)) <= get("06.5").reference


def test_the_largest_gradient_rounded_is_told_so_not_accepted():
    assert "rounded to 3 significant digit(s)" in check("06.5", 9.54e-07).message
    assert "rounded to 2 significant digit(s)" in check("06.5", 9.5e-07).message
    assert not check("06.5", 9.54e-07).correct and not check("06.5", 9.5367e-07).correct


# --- the derivatives behind the exercises, and what the hints claim -----------------------------------------------

CHAIN_POINTS = [(1.5, 1.0, 0.8, -1.2), (-1.0, 0.0, 1.5, 0.5), (2.2, 0.3, -2.4, 2.9)]  # (x, y, and two weights)


def chain_cost(x, y, w1, w2, w3):
    """J = ½(ŷ − y)² of the chain, written with chainlab's sigmoid so that torch can differentiate it."""
    return 0.5 * (sigmoid(w3 * sigmoid(w2 * sigmoid(w1 * x))) - y) ** 2


def bce_of_y_hat(y, y_hat):
    return -(y * log(y_hat) + (1 - y) * log(1 - y_hat))


def chain_bce(x, y, w1, w2, w3):
    """Binary cross-entropy of the chain, with chainlab's log and sigmoid."""
    return bce_of_y_hat(y, sigmoid(w3 * sigmoid(w2 * sigmoid(w1 * x))))


def test_the_derivatives_behind_the_exercises_hold_three_ways(capsys):
    """The notebook states these only in its solutions: the course's three-way check of each."""
    verify(sigmoid, get("06.1").reference, points=[-6.0, -1.5, 0.0, 0.4, 2.0, 7.5])
    for x, y, w1, w2 in CHAIN_POINTS:  # ∂J/∂w3, at several w3
        verify(
            lambda w3, x=x, y=y, w1=w1, w2=w2: chain_cost(x, y, w1, w2, w3),
            lambda w3, x=x, y=y, w1=w1, w2=w2: get("06.2").reference(x, y, w1, w2, w3),
            points=[-2.5, -0.7, 0.3, 2.0],
        )
    for x, y, w2, w3 in CHAIN_POINTS:  # ∂J/∂w1, at several w1
        verify(
            lambda w1, x=x, y=y, w2=w2, w3=w3: chain_cost(x, y, w1, w2, w3),
            lambda w1, x=x, y=y, w2=w2, w3=w3: get("06.3").reference(x, y, w1, w2, w3),
            points=[-2.5, -0.7, 0.3, 2.0],
        )
    for x, y, w1, w3 in CHAIN_POINTS:  # ∂J/∂w2 under cross-entropy, at several w2
        verify(
            lambda w2, x=x, y=y, w1=w1, w3=w3: chain_bce(x, y, w1, w2, w3),
            lambda w2, x=x, y=y, w1=w1, w3=w3: get("06.6").reference(x, y, w1, w2, w3),
            points=[-2.5, -0.7, 0.3, 2.0],
        )


def test_the_outputs_delta_under_cross_entropy_is_the_networks():
    """06.6 rests on section 8: with cross-entropy, the output node's δ is ŷ − y, as network.backward computes it."""
    for x, y, w1, b1, b2 in [(1.5, 1.0, 0.8, -0.5, 0.3), (-1.0, 0.0, 1.5, 0.5, 1.0), (2.6, 0.35, -1.7, 2.2, -2.8)]:
        for w2 in (-2.5, 0.3, 2.0):
            params = {"w1": w1, "b1": b1, "w2": w2, "b2": b2}
            y_hat = network.forward(params, x).y_hat
            assert network.backward(params, x, y, "bce")["b2"] == pytest.approx(y_hat - y, rel=1e-12)


def ad(f, at):
    """∂f/∂v at v = at, by torch.autograd in float64."""
    return autograd(f, [at])[0]


@pytest.mark.parametrize(("x", "y", "w1", "w2", "w3"), [(*p, w) for p in CHAIN_POINTS for w in (-1.3, 2.1)])
def test_the_chain_hints_name_what_the_mistakes_compute(x, y, w1, w2, w3):
    """What a hint says a mistake computes ("that is ∂J/∂a2", "that is δ"), it computes."""
    z1, a1, z2, a2, z3, _ = forward(x, w1, w2, w3)
    dJ_da2 = ad(lambda a2: 0.5 * (sigmoid(w3 * a2) - y) ** 2, a2)
    dJ_dz3 = ad(lambda z3: 0.5 * (sigmoid(z3) - y) ** 2, z3)
    dJ_dz1 = ad(lambda z1: chain_cost(1.0, y, z1, w2, w3), z1)  # z1 = w1·x: with x = 1, w1 stands for z1
    assert w3_times_w3(x, y, w1, w2, w3) == pytest.approx(dJ_da2, rel=1e-9)
    assert w3_delta_alone(x, y, w1, w2, w3) == pytest.approx(dJ_dz3, rel=1e-9)
    assert w1_delta_alone(x, y, w1, w2, w3) == pytest.approx(dJ_dz1, rel=1e-9, abs=1e-15)


@pytest.mark.parametrize(("x", "y", "w1", "w2", "w3"), [(*p, w) for p in CHAIN_POINTS for w in (-1.3, 2.1)])
def test_the_chain_hints_of_cross_entropy_name_what_the_mistakes_compute(x, y, w1, w2, w3):
    """What the hints say: the squared-error gradient, δ2, ∂J/∂w3, ∂J/∂w1 (cross-entropy), ∂J/∂w2 and ∂J/∂w3 (squared
    error, in 06.3), each by torch.autograd."""
    z1, a1, z2, a2, z3, _ = forward(x, w1, w2, w3)
    assert bce_kept_slope(x, y, w1, w2, w3) == pytest.approx(ad(lambda v: chain_cost(x, y, w1, v, w3), w2), rel=1e-9)
    dJ_dz2 = ad(lambda z2: bce_of_y_hat(y, sigmoid(w3 * sigmoid(z2))), z2)
    assert bce_delta_alone(x, y, w1, w2, w3) == pytest.approx(dJ_dz2, rel=1e-9)
    by_torch = {
        "w3": ad(lambda v: chain_bce(x, y, w1, w2, v), w3),
        "w1": ad(lambda v: chain_bce(x, y, v, w2, w3), w1),
    }
    assert bce_gives_dJ_dw3(x, y, w1, w2, w3) == pytest.approx(by_torch["w3"], rel=1e-9)
    assert bce_gives_dJ_dw1(x, y, w1, w2, w3) == pytest.approx(by_torch["w1"], rel=1e-9, abs=1e-15)
    assert w1_gives_dJ_dw2(x, y, w1, w2, w3) == pytest.approx(ad(lambda v: chain_cost(x, y, w1, v, w3), w2), rel=1e-9)
    assert w1_gives_dJ_dw3(x, y, w1, w2, w3) == pytest.approx(ad(lambda v: chain_cost(x, y, w1, w2, v), w3), rel=1e-9)


# --- generic hints that cover the rest -----------------------------------------------------------------------------


def test_the_half_of_the_squared_error_forgotten_is_a_factor_of_two():
    def dJ_dw3_without_the_half(x, y, w1, w2, w3):  # differentiated (ŷ − y)², not ½(ŷ − y)²
        z1, a1, z2, a2, z3, y_hat = forward(x, w1, w2, w3)
        return 2 * (y_hat - y) * slope(z3) * a2

    assert "2 times the right one everywhere" in check("06.2", dJ_dw3_without_the_half).message


def test_float32_precision_is_named_not_shown_as_two_equal_numbers():
    def dJ_dw1_float32(x, y, w1, w2, w3):
        w1 = torch.tensor(w1, requires_grad=True)  # torch's default float32
        y_hat = torch.sigmoid(w3 * torch.sigmoid(w2 * torch.sigmoid(w1 * x)))
        (0.5 * (y_hat - y) ** 2).backward()
        return w1.grad

    feedback = check("06.3", dJ_dw1_float32)
    assert feedback.correct or "float32" in feedback.message
