"""chainlab.autodiff.nn: Neuron, Layer, MLP on the course's own engine, against torch float64."""

import numpy as np
import pytest
import torch

from chainlab.autodiff import Value
from chainlab.autodiff.nn import MLP, Layer, Neuron


def mse(model, points, targets):
    predictions = [model(x) for x in points]
    return sum((p - y) ** 2 for p, y in zip(predictions, targets, strict=True)) / len(targets)


POINTS = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.5, -0.5]]
TARGETS = [-1.0, 1.0, 1.0, -1.0, 0.5]


def test_parameter_count_of_a_2_16_16_1_network():
    sizes = [2, 16, 16, 1]
    model = MLP(2, sizes[1:], rng=np.random.default_rng(0))
    expected = sum((n_in + 1) * n_out for n_in, n_out in zip(sizes, sizes[1:], strict=False))
    assert len(model.parameters()) == expected
    assert len({id(p) for p in model.parameters()}) == expected  # no parameter listed twice
    assert [len(layer.neurons) for layer in model.layers] == sizes[1:]
    assert [n.activation for layer in model.layers for n in layer.neurons][-1] == "linear"
    assert {n.activation for layer in model.layers[:-1] for n in layer.neurons} == {"tanh"}


def test_initial_weights_are_seeded_and_inside_plus_minus_one_over_root_n():
    first = MLP(3, [4, 2], rng=np.random.default_rng(7)).weight_arrays()
    again = MLP(3, [4, 2], rng=np.random.default_rng(7)).weight_arrays()
    other = MLP(3, [4, 2], rng=np.random.default_rng(8)).weight_arrays()
    for (W, b), (W2, b2) in zip(first, again, strict=True):
        np.testing.assert_array_equal(W, W2)
        np.testing.assert_array_equal(b, b2)
        bound = 1 / np.sqrt(W.shape[1])
        assert np.all(np.abs(W) <= bound) and np.all(np.abs(b) <= bound)
    assert not np.array_equal(first[0][0], other[0][0])


def test_bad_arguments_are_explained():
    with pytest.raises(TypeError, match="numpy Generator"):
        MLP(2, [3, 1], rng=0)
    with pytest.raises(ValueError, match="unknown activation 'softmax'"):
        MLP(2, [3, 1], activation="softmax", rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="unknown activation"):
        Neuron(2, "Tanh", rng=np.random.default_rng(0))


def test_outputs_one_value_or_a_list():
    rng = np.random.default_rng(1)
    assert isinstance(MLP(2, [3, 1], rng=rng)([0.5, -0.5]), Value)
    out = MLP(2, [3, 2], rng=rng)([0.5, -0.5])
    assert isinstance(out, list) and len(out) == 2
    assert len(Layer(2, 5, rng=rng)([1.0, 2.0])) == 5


def test_zero_grad_zeroes_every_parameter():
    model = MLP(2, [4, 1], rng=np.random.default_rng(2))
    mse(model, POINTS, TARGETS).backward()
    assert sum(p.grad != 0 for p in model.parameters()) > len(model.parameters()) // 2
    model.zero_grad()
    assert all(p.grad == 0.0 for p in model.parameters())


def test_a_few_sgd_steps_lower_the_loss():
    model = MLP(2, [8, 8, 1], rng=np.random.default_rng(3))
    losses = []
    for _ in range(40):
        loss = mse(model, POINTS, TARGETS)
        model.zero_grad()
        loss.backward()
        for p in model.parameters():
            p.data -= 0.3 * p.grad
        losses.append(loss.data)
    assert losses[-1] < 0.6 * losses[0]
    assert all(b <= a * 1.05 for a, b in zip(losses, losses[1:], strict=False))  # no blow-up on the way


ACTIVATIONS = {"tanh": torch.tanh, "relu": torch.relu, "sigmoid": torch.sigmoid, "linear": lambda z: z}


@pytest.mark.parametrize(("hidden", "output"), [("tanh", "linear"), ("relu", "sigmoid"), ("sigmoid", "tanh")])
def test_one_training_step_matches_torch(hidden, output):
    model = MLP(2, [5, 4, 1], activation=hidden, output_activation=output, rng=np.random.default_rng(4))
    layers = [
        (torch.tensor(W, requires_grad=True), torch.tensor(b, requires_grad=True)) for W, b in model.weight_arrays()
    ]
    loss = mse(model, POINTS, TARGETS)
    model.zero_grad()
    loss.backward()

    a = torch.tensor(POINTS, dtype=torch.float64)
    for i, (W, b) in enumerate(layers):
        a = ACTIVATIONS[hidden if i < len(layers) - 1 else output](a @ W.T + b)
    t_loss = ((a[:, 0] - torch.tensor(TARGETS, dtype=torch.float64)) ** 2).mean()
    t_loss.backward()

    assert loss.data == pytest.approx(t_loss.item(), rel=1e-12)
    for layer, (W, b) in zip(model.layers, layers, strict=True):
        grad_W = np.array([[w.grad for w in n.w] for n in layer.neurons])
        grad_b = np.array([n.b.grad for n in layer.neurons])
        np.testing.assert_allclose(grad_W, W.grad.numpy(), rtol=1e-10, atol=1e-13)
        np.testing.assert_allclose(grad_b, b.grad.numpy(), rtol=1e-10, atol=1e-13)

    for p in model.parameters():
        p.data -= 0.1 * p.grad
    with torch.no_grad():
        for W, b in layers:
            W -= 0.1 * W.grad
            b -= 0.1 * b.grad
    for (W, b), (tW, tb) in zip(model.weight_arrays(), layers, strict=True):
        np.testing.assert_allclose(W, tW.detach().numpy(), rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(b, tb.detach().numpy(), rtol=1e-12, atol=1e-15)


# --- what a micrograd user writes first ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "make"),
    [
        ("MLP(2, [16, 16, 1]", lambda: MLP(2, [16, 16, 1])),
        ("Layer(3, 1", lambda: Layer(3, 1)),
        ("Neuron(3", lambda: Neuron(3, "relu")),
    ],
)
def test_a_network_without_rng_says_exactly_what_to_write(line, make):
    with pytest.raises(TypeError, match="needs rng=") as raised:
        make()
    suggested = str(raised.value).split("e.g. ")[1].split(". Any seed")[0]
    assert suggested == f"{line}, rng=np.random.default_rng(0))"
    assert isinstance(eval(suggested, {"np": np, "MLP": MLP, "Layer": Layer, "Neuron": Neuron}), MLP | Layer | Neuron)


def test_micrograds_training_loop_runs_as_written_once_rng_is_given():
    model = MLP(3, [4, 4, 1], activation="relu", rng=np.random.default_rng(5))  # micrograd's network: ReLU hidden
    assert {n.activation for layer in model.layers for n in layer.neurons} == {"relu", "linear"}
    xs = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
    ys = [1.0, -1.0, -1.0, 1.0]
    losses = []
    for _ in range(30):
        ypred = [model(x) for x in xs]
        loss = sum((yout - ygt) ** 2 for ygt, yout in zip(ys, ypred, strict=True))
        model.zero_grad()
        loss.backward()
        for p in model.parameters():
            p.data += -0.05 * p.grad
        losses.append(loss.data)
    assert losses[-1] < 0.5 * losses[0]
    if ypred[0] > 0:  # a comparison with a number, as micrograd's demo counts its correct answers
        assert ypred[0].data > 0


def test_a_layer_of_one_neuron_gives_its_value_and_feeds_the_next_layer():
    rng = np.random.default_rng(6)
    layer = Layer(3, 1, rng=rng)
    out = layer([1.0, -2.0, 0.5])
    assert isinstance(out, Value)
    out.backward()
    assert all(p.grad != 0 for p in layer.parameters()[:-1])
    squeezed = MLP(2, [1, 3, 1], rng=rng)  # a hidden layer of one neuron hands its Value on
    assert isinstance(squeezed([0.5, -0.5]), Value)
    assert isinstance(Layer(1, 2, rng=rng)(0.7), list)  # one input may be given alone
