"""A tiny neural-network library on ``Value``: ``Neuron``, ``Layer``, ``MLP``, enough to train a small network.

Weights start uniform in ±1/√(number of inputs), like torch's ``nn.Linear``, drawn from the numpy Generator
passed in as ``rng``, so a seeded ``np.random.default_rng`` gives the same network every run. It must be given
(without it, the error says what to write), so that no network of the course differs from one run to the next.
Activations by name: "tanh", "relu", "sigmoid" or "linear" (none).
"""

import math
import numbers

import numpy as np

from chainlab.autodiff.value import Value, as_values, linear, zero_grad

ACTIVATIONS = {
    "tanh": Value.tanh,
    "relu": Value.relu,
    "sigmoid": Value.sigmoid,
    "linear": None,
}


def _check_activation(name):
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; choose one of {', '.join(map(repr, ACTIVATIONS))}")
    return name


def _check_rng(rng, call):
    """rng if it is a numpy Generator, else a TypeError that shows the call to write, e.g. "MLP(2, [16, 1]"."""
    if rng is None:
        raise TypeError(
            f"{call}) needs rng=, the random generator its starting weights are drawn from: add it to the call, "
            f"e.g. {call}, rng=np.random.default_rng(0)). Any seed will do; the same seed gives the same network "
            "every run."
        )
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy Generator, e.g. np.random.default_rng(0); got {type(rng).__name__}")
    return rng


class Module:
    """What every part of a network shares: its parameters, and zeroing their gradients."""

    def parameters(self):
        return []

    def zero_grad(self):
        zero_grad(self.parameters())


class Neuron(Module):
    """activation(Σ wᵢ·xᵢ + b): nin weights and a bias."""

    def __init__(self, nin, activation="tanh", *, rng=None):
        bound = 1 / math.sqrt(nin)
        _check_rng(rng, f"Neuron({nin!r}")
        self.w = [Value(w, f"w{i}") for i, w in enumerate(rng.uniform(-bound, bound, nin))]
        self.b = Value(rng.uniform(-bound, bound), "b")
        self.activation = _check_activation(activation)

    def __call__(self, x):
        z = linear(self.w, x, self.b)
        activate = ACTIVATIONS[self.activation]
        return z if activate is None else activate(z)

    def parameters(self):
        return [*self.w, self.b]

    def __repr__(self):
        return f"Neuron({len(self.w)}, {self.activation!r})"


class Layer(Module):
    """nout neurons, each seeing all nin inputs.

    Called on the inputs (a list of numbers or Values; one input may also be given alone), it returns the list of
    the neurons' outputs, or the output Value itself when there is one neuron, as micrograd's Layer does.
    """

    def __init__(self, nin, nout, activation="tanh", *, rng=None):
        _check_rng(rng, f"Layer({nin!r}, {nout!r}")
        self.neurons = [Neuron(nin, activation, rng=rng) for _ in range(nout)]

    def __call__(self, x):
        x = as_values([x] if isinstance(x, Value | numbers.Real) else x)  # numbers become leaves once, not per neuron
        outputs = [neuron(x) for neuron in self.neurons]
        return outputs[0] if len(outputs) == 1 else outputs

    def parameters(self):
        return [p for neuron in self.neurons for p in neuron.parameters()]

    def __repr__(self):
        return f"Layer of [{', '.join(map(repr, self.neurons))}]"


class MLP(Module):
    """Layers of the given sizes: MLP(2, [16, 16, 1]) maps 2 inputs through two hidden layers of 16 to 1 output.

    Hidden layers use ``activation`` (tanh unless told; micrograd's are ReLU), the last one ``output_activation``.
    Called on the inputs (numbers or Values), it returns the output Value, or the list of them when the last layer
    has more than one.
    """

    def __init__(self, nin, sizes, activation="tanh", output_activation="linear", *, rng=None):
        _check_rng(rng, f"MLP({nin!r}, {list(sizes)!r}")
        _check_activation(activation)
        _check_activation(output_activation)
        sizes = [nin, *sizes]
        self.layers = [
            Layer(sizes[i], sizes[i + 1], activation if i < len(sizes) - 2 else output_activation, rng=rng)
            for i in range(len(sizes) - 1)
        ]

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]

    def weight_arrays(self):
        """[(W, b)] per layer as numpy arrays, W of shape (outputs, inputs): to build the same network elsewhere."""
        return [
            (
                np.array([[w.data for w in neuron.w] for neuron in layer.neurons]),
                np.array([neuron.b.data for neuron in layer.neurons]),
            )
            for layer in self.layers
        ]

    def __repr__(self):
        return f"MLP of [{', '.join(map(repr, self.layers))}]"
