"""Reverse mode: ``Value``, a number that records how it was made, and ``backward``, the chain rule run backwards.

Each node stores its parents (the Values it was computed from) and its local derivatives with respect to them
(from ``rules``). ``backward`` visits the nodes from the output back to the inputs and adds local derivative ×
the node's gradient into each parent's gradient: the chain rule, one link at a time.

Nodes hold no closures and no references to themselves, so a graph is freed by reference counting the moment
it is no longer used. Python's cyclic garbage collector still inspects, now and then, every object that lives
as long as the graph, and every full inspection also walks all of torch's and numpy's objects: that is most of a
training step's time. So a node is one object and nothing more: its one or two parents and their local
derivatives sit in four slots (``.parents`` and ``.local_grads`` give them as tuples). A tuple of parents on
every node would double the objects, and the full inspections with them.

Gradients accumulate, as in torch: each ``backward()`` *adds* d(output)/d(leaf) into the ``.grad`` of every
leaf (a Value made from a number: an input or a weight). Call ``zero_grad(values)`` between training steps.
The ``.grad`` of an intermediate node is recomputed from zero by each ``backward()``, and then holds
d(output)/d(node) of that call. So calling ``backward()`` twice doubles the leaf gradients and changes nothing
else: exactly what torch's ``backward(retain_graph=True)`` does when called twice.
"""

import math
import operator
from math import isfinite

from chainlab.autodiff import rules
from chainlab.autodiff.operations import Operations
from chainlab.autodiff.scalars import as_operand, as_real


class Value(Operations):
    """A scalar that records how it was made: its data, parents, local derivatives and gradient."""

    __slots__ = ("data", "grad", "label", "op", "_first", "_second", "_d_first", "_d_second")
    __array_ufunc__ = None  # numpy leaves `2.0 * value` to Value instead of making an object array

    def __init__(self, data, label="", op="", first=None, d_first=0.0, second=None, d_second=0.0):
        self.data = data if type(data) is float and isfinite(data) else as_real(data, "Value")
        self.grad = 0.0
        self.label = label
        self.op = op  # how it was made, e.g. "*" or "tanh"; "" for a leaf
        self._first, self._d_first = first, d_first  # a Value it was computed from (or None), and ∂self/∂first
        self._second, self._d_second = second, d_second

    @property
    def parents(self):
        """The Values it was computed from, as a tuple: none for a leaf, one or two for an operation."""
        if self._second is not None:
            return (self._first, self._second)
        return () if self._first is None else (self._first,)

    @parents.setter
    def parents(self, parents):  # an experiment may rewire a node
        if len(parents) > 2:
            raise ValueError(f"a Value has at most two parents, got {len(parents)}")
        self._first, self._second = (*parents, None, None)[:2]

    @property
    def local_grads(self):
        """∂self/∂parent for each of .parents, in the same order, as numbers."""
        return (self._d_first, self._d_second)[: len(self.parents)]

    def __repr__(self):
        label = f"{self.label!r}, " if self.label else ""
        return f"Value({label}data={self.data:.6g}, grad={self.grad:.6g})"

    # --- the chain rule, backwards ----------------------------------------------------------------------------

    def backward(self):
        """Add d(self)/d(leaf) into every leaf's .grad; set every intermediate's .grad to d(self)/d(node)."""
        order = topological_order(self)  # every node after its parents
        for node in order:
            if node.op:  # made by an operation (a leaf's op is ""): recomputed from zero by every pass
                node.grad = 0.0
        self.grad += 1.0  # d(self)/d(self)
        for node in reversed(order):  # each node's grad is complete before it is passed on
            grad = node.grad
            if not math.isfinite(grad):
                raise ValueError(f"backward: the gradient at {node!r} is {grad}: it overflowed a float")
            node.pass_back(grad)

    def pass_back(self, grad):
        """The chain rule at this node, given grad = d(output)/d(self): each parent.grad += ∂self/∂parent · grad."""
        if self._first is not None:
            self._first.grad += self._d_first * grad
            if self._second is not None:
                self._second.grad += self._d_second * grad

    # --- operations -------------------------------------------------------------------------------------------

    def _binary(self, other, rule, symbol, reflected=False):
        """self symbol other (or other symbol self, when reflected), other a Value or a number."""
        if isinstance(other, Value):
            data, d_self, d_other = rule(self.data, other.data)
            return Value(data, "", symbol, self, d_self, other, d_other)
        if reflected:  # number symbol self: the number is a constant, only d/d(self) is kept
            number = as_operand(other, symbol, other, self)
            data, _, d_self = rule(number, self.data)
            return Value(data, "", f"{number:g} {symbol} ·", self, d_self)
        number = as_operand(other, symbol, self, other)
        data, d_self, _ = rule(self.data, number)
        return Value(data, "", f"{symbol} {number:g}", self, d_self)

    def _power(self, n):
        n = as_operand(n, "**", self, n)
        data, d_self = rules.power(self.data, n)
        return Value(data, "", f"** {n:g}", self, d_self)

    def _negate(self):
        return Value(-self.data, "", "neg", self, -1.0)

    def _unary(self, rule, name):
        data, local = rule(self.data)
        return Value(data, "", name, self, local)


def topological_order(root):
    """Every node of root's graph, each after all of its parents: depth-first, with a stack instead of recursion.

    A node goes on the stack twice: first to put its parents above it (the first parent on top, so that it is
    listed first), then, once they are all in order, itself.
    """
    order, visited, stack = [], set(), [(root, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
        elif node not in visited:
            visited.add(node)
            stack.append((node, True))
            if node._first is None:  # a leaf (no parents), or a weighted sum (its many parents in a tuple)
                stack.extend((parent, False) for parent in reversed(node.parents) if parent not in visited)
            else:  # one or two parents: read from their slots, twice as fast as building .parents
                if node._second is not None and node._second not in visited:
                    stack.append((node._second, False))
                if node._first not in visited:
                    stack.append((node._first, False))
    return order


def zero_grad(values):
    """Set the .grad of each of these Values to 0 (do it before each training step: gradients accumulate)."""
    for value in values:
        value.grad = 0.0


def linear(weights, inputs, bias):
    """z = Σ wᵢ·xᵢ + b as one node (a neuron's weighted sum), its local derivatives ∂z/∂wᵢ = xᵢ, ∂z/∂xᵢ = wᵢ, ∂z/∂b = 1.

    One node instead of 2n: the same gradients, from a smaller graph and a faster backward pass.
    Weights, inputs and bias are Values; a number among them is made a leaf Value.
    """
    weights, inputs = as_values(weights), as_values(inputs)
    bias = bias if isinstance(bias, Value) else Value(bias)
    if len(weights) != len(inputs):
        raise ValueError(f"linear: {len(weights)} weights for {len(inputs)} inputs")
    w_data = [w.data for w in weights]
    x_data = [x.data for x in inputs]
    data = sum(map(operator.mul, w_data, x_data), bias.data)
    if not math.isfinite(data):
        raise ValueError(f"linear: the weighted sum is not a finite number ({data!r}): it overflows a float")
    return WeightedSum(data, (*weights, *inputs, bias), (*x_data, *w_data, 1.0))


class WeightedSum(Value):
    """A node made by ``linear``: its 2n + 1 parents in a tuple, where a Value keeps its one or two in slots."""

    __slots__ = ("parents", "local_grads")

    def __init__(self, data, parents, local_grads):
        super().__init__(data, "", "Σw·x+b")
        self.parents, self.local_grads = parents, local_grads

    def pass_back(self, grad):
        for parent, local in zip(self.parents, self.local_grads, strict=True):
            parent.grad += local * grad


def as_values(values):
    """A list of Values: the Values as they are, each number made a leaf Value."""
    return [v if isinstance(v, Value) else Value(v) for v in values]
