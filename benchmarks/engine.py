"""The course's autodiff engine against a closure-based one, torch and numpy: one training step of a small MLP.

A 2-16-16-1 MLP (tanh hidden layers, linear output) learns a seeded two-moons data set of 100 points by mean
squared error, 20 steps of forward pass, backward pass and SGD update, in these ways, all starting from the same
weights:

- ``chainlab.autodiff``: nodes with ``__slots__`` (parents and local derivatives in slots), no closures;
- a closure-based engine in the design of micrograd, written out below as the reference: each node keeps a
  ``_backward`` closure that refers to the node itself, so every node sits in a reference cycle and only
  Python's cyclic garbage collector frees a graph;
- torch in float64, and numpy with backpropagation written by hand (vectorised, for scale);
- and, to show where the speed comes from, ``chainlab.autodiff`` again with micrograd's graph shape: one node per
  + and × instead of one ``linear`` node per weighted sum (ten times the nodes), against the closure-based engine
  with the garbage collector on (target ≥ 10×) and, to show what limits that figure, both again with it off.
  Each step's time in the collector is measured too (``gc.callbacks``): each node is one object it tracks, so a
  step of 64 000 nodes triggers most of a full collection, which also walks every object torch and numpy made.

Their losses must agree to 1e-9 at every step. ``python benchmarks/engine.py`` prints a markdown table;
``bench_rows()`` gives the rows that ``make bench`` (benchmarks/run_all.py) adds to its table.
"""

import gc
import math
import statistics
import sys
import time
from functools import partial
from typing import NamedTuple

import numpy as np
import torch

from chainlab.autodiff.nn import MLP
from chainlab.data import two_moons

SIZES = (2, 16, 16, 1)
POINTS = 100
STEPS = 20
LEARNING_RATE = 0.1
SEED = 0
TOLERANCE = 1e-9  # largest difference allowed between the losses of any two ways, at any step
TARGET_MS = 40.0  # chainlab.autodiff, per step
TARGET_SPEEDUP = 25.0  # chainlab.autodiff against the closure-based engine, same run
TARGET_NODE_SPEEDUP = 10.0  # the same, both with one node per + and ×, the garbage collector on
CLOSURES = "closure-based engine (micrograd design)"
BINARY = "chainlab.autodiff, one node per + and × (no `linear`)"
COLLECTOR_OFF = ", garbage collector off"


# --- chainlab.autodiff -------------------------------------------------------------------------------------------


def chainlab_step(model, points, labels, forward=MLP.__call__):
    predictions = [forward(model, x) for x in points]
    loss = sum((p - y) ** 2 for p, y in zip(predictions, labels, strict=True)) / len(labels)
    model.zero_grad()
    loss.backward()
    for p in model.parameters():
        p.data -= LEARNING_RATE * p.grad
    return loss.data


def binary_forward(model, x):
    """The same network built from one node per + and × (micrograd's graph shape), instead of ``linear``."""
    for i, layer in enumerate(model.layers):
        x = [sum((w * xi for w, xi in zip(n.w, x, strict=True)), n.b) for n in layer.neurons]
        x = [v.tanh() for v in x] if i < len(model.layers) - 1 else x
    return x[0]


def chainlab_model(weights):
    """A chainlab MLP holding these weights."""
    model = MLP(SIZES[0], SIZES[1:], rng=np.random.default_rng(0))
    for layer, (W, b) in zip(model.layers, weights, strict=True):
        for neuron, row, b_i in zip(layer.neurons, W, b, strict=True):
            for w, value in zip(neuron.w, row, strict=True):
                w.data = float(value)
            neuron.b.data = float(b_i)
    return model


# --- the reference design: closures (micrograd) ------------------------------------------------------------------


class ClosureValue:
    """micrograd's Value: each result keeps a `_backward` closure over itself (a reference cycle per node)."""

    def __init__(self, data, _children=(), _op=""):
        self.data = data
        self.grad = 0
        self._backward = lambda: None
        self._prev = set(_children)
        self._op = _op

    def __add__(self, other):
        other = other if isinstance(other, ClosureValue) else ClosureValue(other)
        out = ClosureValue(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, ClosureValue) else ClosureValue(other)
        out = ClosureValue(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    def __pow__(self, other):
        out = ClosureValue(self.data**other, (self,), f"**{other}")

        def _backward():
            self.grad += (other * self.data ** (other - 1)) * out.grad

        out._backward = _backward
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = ClosureValue(t, (self,), "tanh")

        def _backward():
            self.grad += (1 - t**2) * out.grad

        out._backward = _backward
        return out

    def backward(self):
        topo, visited = [], set()

        def build_topo(v):
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build_topo(child)
                topo.append(v)

        build_topo(self)
        self.grad = 1
        for v in reversed(topo):
            v._backward()

    def __neg__(self):
        return self * -1

    def __radd__(self, other):
        return self + other

    def __sub__(self, other):
        return self + (-other)

    def __rmul__(self, other):
        return self * other

    def __truediv__(self, other):
        return self * other**-1


class ClosureMLP:
    """micrograd's MLP, from the same weights: act = sum(wᵢ·xᵢ, b), tanh on hidden layers."""

    def __init__(self, weights):
        self.layers = [
            ([[ClosureValue(w) for w in row] for row in W], [ClosureValue(b_i) for b_i in b]) for W, b in weights
        ]

    def __call__(self, x):
        for i, (W, b) in enumerate(self.layers):
            sums = [sum((wi * xi for wi, xi in zip(row, x, strict=True)), b_j) for row, b_j in zip(W, b, strict=True)]
            x = [s.tanh() for s in sums] if i < len(self.layers) - 1 else sums
        return x[0]

    def parameters(self):
        return [p for W, b in self.layers for p in [*(w for row in W for w in row), *b]]


def closure_step(model, points, labels):
    predictions = [model(x) for x in points]
    loss = sum((p - y) ** 2 for p, y in zip(predictions, labels, strict=True)) * (1.0 / len(labels))
    for p in model.parameters():
        p.grad = 0
    loss.backward()
    for p in model.parameters():
        p.data -= LEARNING_RATE * p.grad
    return loss.data


# --- torch float64 and numpy ------------------------------------------------------------------------------------


def torch_model(weights):
    return [
        (
            torch.tensor(W, dtype=torch.float64, requires_grad=True),
            torch.tensor(b, dtype=torch.float64, requires_grad=True),
        )
        for W, b in weights
    ]


def torch_step(layers, points, labels):
    a = points
    for i, (W, b) in enumerate(layers):
        a = a @ W.T + b
        if i < len(layers) - 1:
            a = torch.tanh(a)
    loss = ((a[:, 0] - labels) ** 2).mean()
    for W, b in layers:
        W.grad = b.grad = None
    loss.backward()
    with torch.no_grad():
        for W, b in layers:
            W -= LEARNING_RATE * W.grad
            b -= LEARNING_RATE * b.grad
    return loss.item()


def numpy_step(layers, points, labels):
    """Forward, then backpropagation by hand: δ of each layer from the next, ∂C/∂W = δᵀ·(its inputs)."""
    activations = [points]
    for i, (W, b) in enumerate(layers):
        z = activations[-1] @ W.T + b
        activations.append(np.tanh(z) if i < len(layers) - 1 else z)
    error = activations[-1][:, 0] - labels
    loss = float(np.mean(error**2))
    delta = (2 / len(labels)) * error[:, None]  # ∂C/∂z of the output layer
    for i in reversed(range(len(layers))):
        W, b = layers[i]
        grad_W, grad_b = delta.T @ activations[i], delta.sum(axis=0)
        if i > 0:
            delta = (delta @ W) * (1 - activations[i] ** 2)  # through tanh: σ′ = 1 − tanh²
        W -= LEARNING_RATE * grad_W
        b -= LEARNING_RATE * grad_b
    return loss


# --- the run ----------------------------------------------------------------------------------------------------


class Run(NamedTuple):
    losses: list  # after each step
    seconds: list  # of each step
    collecting: float  # seconds per step spent in the garbage collector (measured with gc.callbacks)


def train(step, model, points, labels, collector=True):
    """A Run of STEPS steps, after a collection; the collector runs as usual, or not at all."""
    gc.collect()
    collecting = []  # seconds of each collection during the run

    def clock(phase, info):
        collecting.append(time.perf_counter() if phase == "start" else time.perf_counter() - collecting.pop())

    if not collector:
        gc.disable()
    gc.callbacks.append(clock)
    try:
        losses, seconds = [], []
        for _ in range(STEPS):
            start = time.perf_counter()
            losses.append(step(model, points, labels))
            seconds.append(time.perf_counter() - start)
    finally:
        gc.callbacks.remove(clock)
        gc.enable()
    return Run(losses, seconds, sum(collecting) / STEPS)


def run():
    """{way: (losses, seconds per step)} for every way, from the same seeded data and weights."""
    rng = np.random.default_rng(SEED)
    points, labels = two_moons(POINTS, rng)
    model = MLP(SIZES[0], SIZES[1:], activation="tanh", output_activation="linear", rng=rng)
    weights = model.weight_arrays()
    point_lists, label_list = points.tolist(), labels.tolist()
    binary_step = partial(chainlab_step, forward=binary_forward)
    return {
        "chainlab.autodiff": train(chainlab_step, model, point_lists, label_list),
        CLOSURES: train(closure_step, ClosureMLP(weights), point_lists, label_list),
        BINARY: train(binary_step, chainlab_model(weights), point_lists, label_list),
        CLOSURES + COLLECTOR_OFF: train(closure_step, ClosureMLP(weights), point_lists, label_list, collector=False),
        BINARY + COLLECTOR_OFF: train(binary_step, chainlab_model(weights), point_lists, label_list, collector=False),
        "torch float64": train(torch_step, torch_model(weights), torch.tensor(points), torch.tensor(labels)),
        "numpy, backprop by hand": train(numpy_step, [(W.copy(), b.copy()) for W, b in weights], points, labels),
    }


def check(results):
    """The largest difference between chainlab.autodiff's loss and another way's, over all steps; asserted."""
    reference = np.array(results["chainlab.autodiff"].losses)
    difference = max(float(np.max(np.abs(np.array(losses) - reference))) for losses, *_ in results.values())
    assert difference <= TOLERANCE, f"the losses disagree by {difference:.3g} (allowed {TOLERANCE:g})"
    return difference


def mean_ms(seconds):
    return 1000 * statistics.fmean(seconds)


def step_ms(way):
    """ "63.2 ms", and the garbage collector's share of it where it ran: "63.2 ms (collector 41.0 ms)"."""
    collecting = f" (collector {1000 * way.collecting:.1f} ms)" if way.collecting else ""
    return f"{mean_ms(way.seconds):.1f} ms{collecting}"


def bench_rows(results=None):
    """Rows (what, measured, target, verdict) for make bench's table."""
    results = run() if results is None else results
    difference = check(results)
    ours = mean_ms(results["chainlab.autodiff"].seconds)
    closures = mean_ms(results[CLOSURES].seconds)
    per_node = closures / mean_ms(results[BINARY].seconds)
    what = f"2-{'-'.join(map(str, SIZES[1:]))} MLP, {POINTS} points, forward + backward + SGD, mean of {STEPS} steps"
    rows = [
        (f"`chainlab.autodiff`: training step, {what}", f"{ours:.1f} ms", f"< {TARGET_MS:g} ms", ok(ours, TARGET_MS)),
        (
            "`chainlab.autodiff`: speed-up over a closure-based engine (micrograd design), same run",
            f"{closures / ours:.0f}×",
            f"≥ {TARGET_SPEEDUP:g}×",
            "ok" if closures / ours >= TARGET_SPEEDUP else "**over**",
        ),
        (
            "`chainlab.autodiff`, one node per + and × (micrograd's graph): speed-up over the closure-based engine, "
            "same run, garbage collector on",
            f"{per_node:.1f}×",
            f"≥ {TARGET_NODE_SPEEDUP:g}×",
            "ok" if per_node >= TARGET_NODE_SPEEDUP else "**short**",
        ),
    ]
    collector_floor = closures / (1000 * results[BINARY].collecting)
    rows.append(
        (
            "the same, if its own work took no time: the closure-based engine's step over the collector's time "
            "alone in the one-node-per-+-and-× step (one Python object per node is its floor)",
            f"{collector_floor:.1f}×",
            "",
            "info",
        )
    )
    rows += [
        (f"{name}: same training step", step_ms(way), "", "info")
        for name, way in results.items()
        if name != "chainlab.autodiff"
    ]
    rows.append(
        (
            "losses of all the ways, largest difference over all steps",
            f"{difference:.1e}",
            f"≤ {TOLERANCE:g}",
            "ok",
        )
    )
    return rows


def ok(value, limit):
    return "ok" if value < limit else "**over**"


def main():
    results = run()
    difference = check(results)
    ours = mean_ms(results["chainlab.autodiff"].seconds)
    print(f"Training step of a {'-'.join(map(str, SIZES))} MLP on {POINTS} points, mean of {STEPS} steps:\n")
    print("| way | per step | × chainlab.autodiff | first loss | last loss |")
    print("|---|---|---|---|---|")
    for name, way in results.items():
        ms = mean_ms(way.seconds)
        print(f"| {name} | {step_ms(way)} | {ms / ours:.2f} | {way.losses[0]:.6f} | {way.losses[-1]:.6f} |")
    print(f"\nLosses agree: largest difference over all steps {difference:.1e} (allowed {TOLERANCE:g}).")
    closures = mean_ms(results[CLOSURES].seconds)
    per_node = closures / mean_ms(results[BINARY].seconds)
    print(
        f"chainlab.autodiff: {ours:.1f} ms per step (target < {TARGET_MS:g} ms: {ok(ours, TARGET_MS)}), "
        f"{closures / ours:.0f}× faster than the closure-based engine (target ≥ {TARGET_SPEEDUP:g}×); with one "
        f"node per + and ×, {per_node:.1f}× (target ≥ {TARGET_NODE_SPEEDUP:g}×)."
    )


if __name__ == "__main__":
    sys.exit(main())
