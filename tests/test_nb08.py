"""Notebook 08's exercises: the references are chainlab's and torch's .grad of the notebook's own network, computed
here independently; each usual mistake, written afresh as a learner writes it, gets its own hint; the mistakes give
clearly different numbers; right answers written differently pass; the unfilled skeleton is unanswered. (Junk
answers are tested for every exercise in test_exercises.py.)"""

import itertools
import json
import math
from pathlib import Path

import numpy as np
import pytest
import torch

from chainlab.autodiff.nn import MLP
from chainlab.data import two_moons
from chainlab.exercises import check, get, nb08

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "08_capstone_training_a_network.ipynb"
SAMPLE, J, K = 31, 6, 8  # the notebook's sample 31, W3[0, 6] (08.1) and W2[6, 8] (08.2)

# The notebook's data and starting network, built here from its own two lines.
POINTS, LABELS = two_moons(100, np.random.default_rng(seed=8))


def starting_network():
    return MLP(2, [16, 16, 1], activation="tanh", output_activation="linear", rng=np.random.default_rng(seed=8))


def chainlab_grads():
    """(∂L/∂W3[0, 6], ∂L/∂W2[6, 8]) of L = (ŷ − y)² at sample 31, by chainlab.autodiff's backward pass."""
    net = starting_network()
    loss = (net(POINTS[SAMPLE].tolist()) - float(LABELS[SAMPLE])) ** 2
    loss.backward()
    return net.layers[2].neurons[0].w[J].grad, net.layers[1].neurons[J].w[K].grad


def torch_forward():
    """Every value of the forward pass of sample 31, in torch float64, with the weights as leaf tensors."""
    (W1, b1), (W2, b2), (W3, b3) = (
        tuple(torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in layer)
        for layer in starting_network().weight_arrays()
    )
    x = torch.tensor(POINTS[SAMPLE], dtype=torch.float64)
    z1 = W1 @ x + b1
    h1 = torch.tanh(z1)
    z2 = W2 @ h1 + b2
    h2 = torch.tanh(z2)
    y_hat = (W3 @ h2 + b3)[0]
    return {"W2": W2, "W3": W3, "z1": z1, "h1": h1, "z2": z2, "h2": h2, "y_hat": y_hat}


def torch_grads():
    values = torch_forward()
    ((values["y_hat"] - float(LABELS[SAMPLE])) ** 2).backward()
    return values["W3"].grad[0, J].item(), values["W2"].grad[J, K].item()


def torch_network():
    """The notebook's torch_network: torch's layers, holding the starting weights."""
    net = torch.nn.Sequential(
        torch.nn.Linear(2, 16, dtype=torch.float64),
        torch.nn.Tanh(),
        torch.nn.Linear(16, 16, dtype=torch.float64),
        torch.nn.Tanh(),
        torch.nn.Linear(16, 1, dtype=torch.float64),
    )
    with torch.no_grad():
        for layer, (W, b) in zip(net[::2], starting_network().weight_arrays(), strict=True):
            layer.weight.copy_(torch.from_numpy(W))
            layer.bias.copy_(torch.from_numpy(b))
    return net


def training_loss_grads_by_torch():
    """The mistake of reading .grad after a backward pass of the training loss (all 100 points), in torch."""
    net = torch_network()
    torch.nn.functional.mse_loss(net(torch.from_numpy(POINTS))[:, 0], torch.from_numpy(LABELS)).backward()
    return net[4].weight.grad[0, J].item(), net[2].weight.grad[J, K].item()


def training_loss_grads_by_chainlab():
    """The same mistake with chainlab: the notebook's training loss, one backward pass, .grad read off the Values."""
    net = starting_network()
    predictions = [net(p) for p in POINTS.tolist()]
    loss = sum((p - t) ** 2 for p, t in zip(predictions, LABELS.tolist(), strict=True)) / len(LABELS)
    loss.backward()
    return net.layers[2].neurons[0].w[J].grad, net.layers[1].neurons[J].w[K].grad


def trained_weights(steps=60):
    """The notebook's 60 steps of full-batch gradient descent (learning rate 0.1), in torch: the trained network."""
    net = torch_network()
    optimizer = torch.optim.SGD(net.parameters(), lr=0.1)
    for _ in range(steps):
        loss = torch.nn.functional.mse_loss(net(torch.from_numpy(POINTS))[:, 0], torch.from_numpy(LABELS))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return [(layer.weight.detach().numpy().copy(), layer.bias.detach().numpy().copy()) for layer in net[::2]]


def with_trained_weights():
    """The exercises answered right, but from the trained network's weights: (∂L/∂W3[0, 6], ∂L/∂W2[6, 8])."""
    (tW1, tb1), (tW2, tb2), (tW3, tb3) = trained_weights()
    x = POINTS[SAMPLE]
    t_h1 = np.tanh(tW1 @ x + tb1)
    t_h2 = np.tanh(tW2 @ t_h1 + tb2)
    t_y_hat = float(tW3[0] @ t_h2 + tb3[0])
    t_y = float(LABELS[SAMPLE])
    return 2 * (t_y_hat - t_y) * t_h2[6], 2 * (t_y_hat - t_y) * tW3[0, 6] * (1 - t_h2[6] ** 2) * t_h1[8]


# The forward values as a learner has them in the notebook: plain numpy arrays and floats.
_V = {name: t.detach().numpy() for name, t in torch_forward().items()}
W2, W3, z1, z2, h1, h2 = _V["W2"], _V["W3"], _V["z1"], _V["z2"], _V["h1"], _V["h2"]
y_hat, y = float(_V["y_hat"]), float(LABELS[SAMPLE])
delta2 = 2 * (y_hat - y) * W3[0, J] * (1 - h2[J] ** 2)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def test_the_references_are_chainlabs_and_torchs_grad():
    for by_engine in (chainlab_grads(), torch_grads()):
        assert math.isclose(get("08.1").reference, by_engine[0], rel_tol=1e-12)
        assert math.isclose(get("08.2").reference, by_engine[1], rel_tol=1e-12)


def test_the_exercises_are_those_the_notebook_asks():
    assert [(e.id, e.answer_name) for e in nb08.EXERCISES] == [("08.1", "dL_dw_out"), ("08.2", "dL_dw_hidden")]
    assert (nb08.SAMPLE, nb08.J, nb08.K) == (SAMPLE, J, K)
    assert all(e.prompt for e in nb08.EXERCISES)


def test_the_notebook_builds_the_data_and_network_as_the_exercises_do():
    sources = "\n".join("".join(c["source"]) for c in json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"])
    for line in (
        "points, labels = two_moons(100, np.random.default_rng(seed=8))",
        'MLP(2, [16, 16, 1], activation="tanh", output_activation="linear", rng=np.random.default_rng(seed=8))',
        f"sample = {SAMPLE}",
        "x, y = points[sample], labels[sample]",
        "LEARNING_RATE = 0.1",  # the training run whose trained weights are a declared mistake
        "STEPS = 60",
    ):
        assert line in sources, line


# What each kind of hint must say, so that a learner can tell which mistake it names.
KEYWORDS = {
    "sign": "the sign of (ŷ − y)",
    "factor 2": "factor 2 of the square is missing",
    "mean": "the number of training points",
    "tanh at the output": "no tanh at the output",
    "hidden tanh′ for W3": "a tanh′ too many",
    "h1 for h2": "h1 is the layer before",
    "∂L/∂ŷ alone": "that is ∂l/∂ŷ (which",
    "W3 for its input": "that is ∂l/∂h2[6]",
    "the loss": "(ŷ − y)² itself",
    "tanh′ forgotten": "a tanh′ is missing",
    "1 − tanh": "1 − tanh(z) is not the slope",
    "at the activation": "evaluated at the activation",
    "1 − z²": "1 − z² is not tanh′(z)",
    "tanh for tanh′": "you multiplied by tanh(",
    "h2 for h1": "activations, h1, not h2",
    "own output": "the neuron's own output",
    "indices": "the indices:",
    "W3 dropped": "a weight is missing",
    "δ2 alone": "that is ∂l/∂z2[6]",
    "08.1's answer": "the answer of 08.1",
    "summed": "you summed over every neuron",
    "training loss": "the gradient of the training loss",
    "trained network": "the weights of the trained network",
    "z2 for h2": "the pre-activation z2[6]",
    "second tanh′": "a second tanh′, for h1[8]",
    "tanh′ at the wrong neuron": "tanh′ at the wrong neuron",
    "z1 for h1": "the pre-activation z1[8]",
    "W2 for W3": "w2[6, 8] in place of w3[0, 6]",
    "counted from 1": "off by one: python counts from 0",
    "sigmoid′ for tanh′": "that slope is the sigmoid's",
    "built on 08.1": "you built on 08.1's answer",
}

# (exercise id, the kind of mistake its hint must name, the answer as a learner writes it)
WRONG = {
    "08.1": [
        ("sign", 2 * (y - y_hat) * h2[6]),
        ("factor 2", (y_hat - y) * h2[6]),
        ("mean", 2 * (y_hat - y) * h2[6] / 100),
        ("mean", 2 * (y_hat - y) * h2[6] / len(POINTS)),
        ("tanh at the output", 2 * (y_hat - y) * (1 - y_hat**2) * h2[6]),
        ("hidden tanh′ for W3", 2 * (y_hat - y) * (1 - h2[6] ** 2) * h2[6]),
        ("h1 for h2", 2 * (y_hat - y) * h1[6]),
        ("∂L/∂ŷ alone", 2 * (y_hat - y)),
        ("W3 for its input", 2 * (y_hat - y) * W3[0, 6]),
        ("the loss", (y_hat - y) ** 2),
        ("z2 for h2", 2 * (y_hat - y) * z2[6]),
        ("training loss", training_loss_grads_by_torch()[0]),
        ("training loss", training_loss_grads_by_chainlab()[0]),
        ("trained network", with_trained_weights()[0]),
        ("counted from 1", 2 * (y_hat - y) * h2[5]),  # "neuron 6" read as the sixth entry
    ],
    "08.2": [
        ("tanh′ forgotten", 2 * (y_hat - y) * W3[0, 6] * h1[8]),
        ("1 − tanh", 2 * (y_hat - y) * W3[0, 6] * (1 - np.tanh(z2[6])) * h1[8]),
        ("at the activation", 2 * (y_hat - y) * W3[0, 6] * (1 - np.tanh(h2[6]) ** 2) * h1[8]),
        ("1 − z²", 2 * (y_hat - y) * W3[0, 6] * (1 - z2[6] ** 2) * h1[8]),
        ("tanh for tanh′", 2 * (y_hat - y) * W3[0, 6] * np.tanh(z2[6]) * h1[8]),
        ("h2 for h1", delta2 * h2[8]),
        ("own output", delta2 * h2[6]),
        ("indices", delta2 * h1[6]),
        ("indices", 2 * (y_hat - y) * W3[0, 8] * (1 - h2[8] ** 2) * h1[6]),
        ("W3 dropped", 2 * (y_hat - y) * (1 - h2[6] ** 2) * h1[8]),
        ("δ2 alone", delta2),
        ("08.1's answer", 2 * (y_hat - y) * h2[6]),
        ("summed", sum(2 * (y_hat - y) * W3[0, j] * (1 - h2[j] ** 2) for j in range(16)) * h1[8]),
        ("sign", -delta2 * h1[8]),
        ("sign", 2 * (y - y_hat) * W3[0, 6] * (1 - h2[6] ** 2) * h1[8]),
        ("factor 2", (y_hat - y) * W3[0, 6] * (1 - h2[6] ** 2) * h1[8]),
        ("mean", delta2 * h1[8] / 100),
        ("second tanh′", 2 * (y_hat - y) * W3[0, 6] * (1 - h2[6] ** 2) * (1 - h1[8] ** 2) * h1[8]),
        ("tanh′ at the wrong neuron", 2 * (y_hat - y) * W3[0, 6] * (1 - h1[8] ** 2) * h1[8]),
        ("z1 for h1", 2 * (y_hat - y) * W3[0, 6] * (1 - h2[6] ** 2) * z1[8]),
        ("W2 for W3", 2 * (y_hat - y) * W2[6, 8] * (1 - h2[6] ** 2) * h1[8]),
        ("training loss", training_loss_grads_by_torch()[1]),
        ("training loss", training_loss_grads_by_chainlab()[1]),
        ("trained network", with_trained_weights()[1]),
        ("sigmoid′ for tanh′", 2 * (y_hat - y) * W3[0, 6] * h2[6] * (1 - h2[6]) * h1[8]),  # notebook 06's σ(1 − σ)
        ("sigmoid′ for tanh′", 2 * (y_hat - y) * W3[0, 6] * sigmoid(z2[6]) * (1 - sigmoid(z2[6])) * h1[8]),
        ("counted from 1", 2 * (y_hat - y) * W3[0, 5] * (1 - h2[5] ** 2) * h1[7]),
        ("built on 08.1", (2 * (y_hat - y) * h2[6]) * (1 - h2[6] ** 2) * h1[8]),  # dL_dw_out, then on to W2
    ],
}

REARRANGED = {
    "08.1": [
        2 * (y_hat - y) * h2[6],
        2 * y_hat * h2[6] - 2 * y * h2[6],
        np.outer(2 * (y_hat - y), h2)[0, 6],
        torch.tensor(2 * (y_hat - y) * h2[6], dtype=torch.float64),
        float(f"{get('08.1').reference:.6g}"),  # written to the six significant digits checked
        np.float32(2 * (y_hat - y) * h2[6]),
    ],
    "08.2": [
        delta2 * h1[8],
        2 * (y_hat - y) * W3[0, 6] * (1 - np.tanh(z2[6]) ** 2) * h1[8],
        2 * (y_hat - y) * W3[0, 6] / np.cosh(z2[6]) ** 2 * h1[8],
        np.outer((W3.T @ [2 * (y_hat - y)]) * (1 - h2**2), h1)[6, 8],
        float(f"{get('08.2').reference:.6g}"),
    ],
}

CASES = [(i, kind, answer) for i in WRONG for kind, answer in WRONG[i]]
RIGHT = [(i, answer) for i in REARRANGED for answer in REARRANGED[i]]


def named(feedback):
    return {kind for kind, words in KEYWORDS.items() if words in feedback.message.lower()}


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
    assert named(feedback) == {kind}, feedback.message
    assert len(feedback.mistakes) == 1


@pytest.mark.parametrize("exercise_id", sorted(WRONG))
def test_every_declared_mistake_is_tested_here(exercise_id):
    messages = " ".join(check(exercise_id, answer).message for _, answer in WRONG[exercise_id])
    for mistake in get(exercise_id).mistakes:
        assert mistake.hint in messages, mistake.hint


@pytest.mark.parametrize("exercise_id", sorted(WRONG))
def test_the_mistakes_give_clearly_different_numbers(exercise_id):
    """The sample and the weights are chosen so: no two mistakes, and no mistake and the answer, within 5 %."""
    exercise = get(exercise_id)
    values = [exercise.reference, *{m.answer for m in exercise.mistakes}]
    for a, b in itertools.combinations(values, 2):
        assert abs(a - b) > 0.05 * max(abs(a), abs(b)), (a, b)


@pytest.mark.parametrize("exercise_id", sorted(WRONG))
def test_no_hint_gives_the_answer_away(exercise_id):
    exercise = get(exercise_id)
    answers = [f"{exercise.reference:.{digits}g}" for digits in range(2, 7)]
    products = ["2(ŷ − y)·h2[6]", "2(ŷ − y)·W3[0, 6]·", "(1 − h2[6]²)", "δ2[6]·h1[8]", "· h1[8]"]
    for mistake in exercise.mistakes:
        for text in answers + products:
            assert text not in mistake.hint, (text, mistake.hint)


def test_the_mistakes_are_counted_for_the_class_report():
    feedback = check("08.2", 2 * (y_hat - y) * W3[0, 6] * h1[8])
    assert feedback.exercise == "08.2" and feedback.mistakes and "tanh′ is missing" in feedback.mistakes[0]


@pytest.mark.parametrize("exercise_id", sorted(WRONG))
def test_the_unfilled_skeleton_is_not_answered_yet(exercise_id):
    feedback = check(exercise_id, ...)
    assert not feedback.correct and feedback.answered is False
    assert "Replace the ..." in feedback.message


@pytest.mark.parametrize("exercise_id", sorted(WRONG))
def test_the_network_handed_in_is_named_as_the_network(exercise_id):
    """A network can be called, but calling it is not the mistake: the hint says it is the network, not a function."""
    chainlab_network = MLP(2, [16, 16, 1], activation="tanh", output_activation="linear", rng=np.random.default_rng(8))
    for network in (chainlab_network, torch.nn.Sequential(torch.nn.Linear(2, 1))):
        feedback = check(exercise_id, network)
        assert not feedback.correct and "is the network itself" in feedback.message, feedback.message
        assert "is a function" not in feedback.message


@pytest.mark.parametrize("exercise_id", sorted(WRONG))
def test_a_right_answer_for_another_sample_is_told_which_sample_the_check_expects(exercise_id):
    """A learner who changed the forward-pass cell's sample gets told so, not a generic 'not it'."""
    points, labels = two_moons(100, np.random.default_rng(seed=8))
    network = MLP(2, [16, 16, 1], activation="tanh", output_activation="linear", rng=np.random.default_rng(seed=8))
    (W1, b1), (W2, b2), (W3, b3) = network.weight_arrays()
    x7, y7 = points[7], labels[7]
    h1_7 = np.tanh(W1 @ x7 + b1)
    h2_7 = np.tanh(W2 @ h1_7 + b2)
    dL_dy_hat_7 = 2 * (float(W3[0] @ h2_7 + b3[0]) - y7)
    answer = dL_dy_hat_7 * h2_7[6] if exercise_id == "08.1" else dL_dy_hat_7 * W3[0, 6] * (1 - h2_7[6] ** 2) * h1_7[8]
    feedback = check(exercise_id, float(answer))
    assert not feedback.correct and "right for sample 7" in feedback.message and "sample = 31" in feedback.message


@pytest.mark.parametrize(
    ("exercise_id", "weight", "name"),
    [
        ("08.2", W2[6, 8], "weight W2[6, 8]"),
        ("08.1", W3[0, 6], "weight W3[0, 6]"),
        ("08.2", W2[0, 3], "weight W2[0, 3]"),
    ],
)
def test_a_weight_handed_in_for_its_gradient_is_named(exercise_id, weight, name):
    """Found by a walk-through: W2[6, 8] lies 0.7 % from its gradient and was told to look for rounding."""
    feedback = check(exercise_id, float(weight))
    assert not feedback.correct and f"the {name} of the starting network itself" in feedback.message


def test_a_sixth_digit_slip_is_told_how_many_digits_agree():
    """Found by a walk-through: 1.40797 (six digits, the last one off) was told only "within 1 %"."""
    answer = float(f"{get('08.1').reference:.6g}") + 1e-5
    assert "agrees with it to about 5 significant digit(s)" in check("08.1", answer).message
