"""chainlab.autodiff: Value (reverse mode) and Dual (forward mode) against torch float64, finite differences and the
course's worked examples; the bugs of the closure-based teaching engines; domain errors; draw_graph."""

import gc
import math
from fractions import Fraction

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from chainlab import functions
from chainlab.autodiff import Dual, Value, draw_graph, linear, topological_order, zero_grad
from chainlab.calculus import derivative, gradient
from chainlab.explorers.backward import shared_intermediate_example

# --- one expression, four kinds of number -------------------------------------------------------------------------


def num(x):
    """The plain number inside a Value, a Dual, a one-element tensor or a float."""
    if isinstance(x, Value | Dual):
        return x.data
    return x.item() if isinstance(x, torch.Tensor) else float(x)


def call(name, x):
    """The elementary function `name` of x, for Value, Dual, torch tensors and floats alike."""
    if isinstance(x, Value | Dual):
        return getattr(x, name)()
    if isinstance(x, torch.Tensor):
        return getattr(torch, name)(x)
    floats = {"sigmoid": lambda t: 1 / (1 + math.exp(-t)), "relu": lambda t: max(0.0, t)}
    return floats[name](x) if name in floats else getattr(math, name)(x)


UNARY = ["exp", "log", "sqrt", "sin", "cos", "tanh", "sigmoid", "relu", "neg"]
BINARY = ["add", "sub", "mul", "div", "pow_int", "pow_real", "pow_value", "rpow"]


class Builder:
    """Builds an expression from a program; domain decisions made on the first build are replayed on the others,
    so that round-off differences between engines can never send them down different branches."""

    def __init__(self, program):
        self.program = program
        self.decisions = None

    def _decide(self, condition):
        if self.recording:
            self.decisions.append(bool(condition))
            return bool(condition)
        return self.replay.pop(0)

    def safe(self, d):
        """d if |d| ≥ 0.25, else d·d + 1: a denominator or base away from zero."""
        return d if self._decide(abs(num(d)) >= 0.25) else d * d + 1

    def positive(self, d):
        return d if self._decide(num(d) >= 0.25) else d * d + 1

    def apply(self, op, a, b, c, form):
        """One operation; form says where a number goes: "value" (two nodes), "left" (c op a), "right" (a op c)."""
        if op in ("add", "sub", "mul"):
            f = {"add": lambda p, q: p + q, "sub": lambda p, q: p - q, "mul": lambda p, q: p * q}[op]
            return f(a, b) if form == "value" else f(c, a) if form == "left" else f(a, c)
        if op == "div":
            return a / self.safe(b) if form == "value" else c / self.safe(a) if form == "left" else a / c
        if op == "pow_int":
            n = round(c)
            return (a if n >= 0 else self.safe(a)) ** n
        if op == "pow_real":
            return self.positive(a) ** c
        if op == "pow_value":
            return self.positive(a) ** b
        if op == "rpow":
            return abs(c) ** a
        if op in ("log", "sqrt"):
            return call(op, self.positive(a))
        if op == "neg":
            return -a
        return call(op, a)

    def bounded(self, x):
        """x scaled down by a constant when |x| > 100, so that exp and powers of it stay finite."""
        return x * (10 / abs(num(x))) if self._decide(abs(num(x)) > 100) else x

    def build(self, leaves):
        self.recording = self.decisions is None
        if self.recording:
            self.decisions = []
        self.replay = list(self.decisions)
        pool = list(leaves)
        for op, i, j, c, form in self.program:
            a, b = pool[i % len(pool)], pool[j % len(pool)]  # indices into the pool: subexpressions get shared
            pool.append(self.bounded(self.apply(op, a, b, c, form)))
        return pool[-1]


constants = st.floats(0.25, 3) | st.floats(-3, -0.25)
steps = st.tuples(
    st.sampled_from(UNARY + BINARY),
    st.integers(0, 40),
    st.integers(0, 40),
    constants,
    st.sampled_from(["value", "left", "right"]),
)
programs = st.lists(steps, min_size=1, max_size=14)
leaf_values = st.lists(st.floats(-2, 2, allow_nan=False), min_size=3, max_size=3)


def torch_leaves(values):
    return [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in values]


def torch_grads(leaves):
    return [0.0 if t.grad is None else t.grad.item() for t in leaves]


def assert_close(ours, theirs, rtol=1e-9):
    ours, theirs = np.asarray(ours, dtype=float), np.asarray(theirs, dtype=float)
    scale = max(1.0, float(np.max(np.abs(theirs), initial=0.0)))
    np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=rtol * scale)


# --- against torch float64 --------------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(programs, leaf_values)
def test_random_expressions_match_torch(program, values):
    builder = Builder(program)
    leaves = [Value(v) for v in values]
    out = builder.build(leaves)
    out.backward()
    t_leaves = torch_leaves(values)
    t_out = builder.build(t_leaves)
    if t_out.requires_grad:
        t_out.backward()
    assert_close(out.data, t_out.item(), rtol=1e-11)
    assert_close([leaf.grad for leaf in leaves], torch_grads(t_leaves))


@settings(max_examples=100, deadline=None)
@given(programs, leaf_values)
def test_dual_agrees_with_value_on_every_operation(program, values):
    builder = Builder(program)
    leaves = [Value(v) for v in values]
    out = builder.build(leaves)
    out.backward()
    for k in range(len(values)):  # forward mode: one pass per input
        dual = builder.build([Dual(v, 1.0 if i == k else 0.0) for i, v in enumerate(values)])
        dual = dual if isinstance(dual, Dual) else Dual(dual)  # a leaf alone, or a constant
        assert dual.data == pytest.approx(out.data, rel=1e-12, abs=1e-12)
        assert_close(dual.derivative, leaves[k].grad)


@pytest.mark.parametrize("op", UNARY + BINARY)
@pytest.mark.parametrize("form", ["value", "left", "right"])
def test_every_operation_and_form_against_torch_and_dual(op, form):
    """Each operation alone, numbers on either side: the random programs above may miss one by chance."""
    program = [(op, 0, 1, 1.7, form)]
    values = [0.8, -1.3]
    builder = Builder(program)
    leaves = [Value(v) for v in values]
    out = builder.build(leaves)
    out.backward()
    t_leaves = torch_leaves(values)
    t_out = builder.build(t_leaves)
    t_out.backward()
    assert_close([out.data, *(leaf.grad for leaf in leaves)], [t_out.item(), *torch_grads(t_leaves)], rtol=1e-12)
    for k in range(2):
        dual = builder.build([Dual(v, float(i == k)) for i, v in enumerate(values)])
        assert_close(dual.derivative, leaves[k].grad, rtol=1e-12)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(["sin", "cos", "tanh", "sigmoid", "exp"]), min_size=50, max_size=300), st.floats(-1, 1))
def test_deep_chains_of_functions_match_torch(names, x0):
    x, t = Value(x0), torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    y, ty = x, t
    for name in names:
        y, ty = call(name, y), call(name, ty)
        if name == "exp":  # keep it bounded: exp of exp of … overflows
            y, ty = y.sin(), torch.sin(ty)
    y.backward()
    ty.backward()
    assert_close([y.data, x.grad], [ty.item(), t.grad.item()])


# --- against central finite differences ------------------------------------------------------------------------

SMOOTH = {
    "x·y + z": lambda x, y, z: x * y + z,
    "x − y / (z² + 1)": lambda x, y, z: x - y / (z * z + 1),
    "2 − 3x + y·4": lambda x, y, z: 2 - 3 * x + y * 4,
    "1 / (x² + 1) − z": lambda x, y, z: 1 / (x * x + 1) - z,
    "(x² + 1)^y": lambda x, y, z: (x * x + 1) ** y,
    "2^x · y³ − z⁻²": lambda x, y, z: 2**x * y**3 - (z * z + 0.5) ** -2,
    "(y² + 0.5)^1.5": lambda x, y, z: (y * y + 0.5) ** 1.5,
    "exp(sin x) + cos(y·z)": lambda x, y, z: call("exp", call("sin", x)) + call("cos", y * z),
    "log(2 + cos x) · tanh y": lambda x, y, z: call("log", 2 + call("cos", x)) * call("tanh", y),
    "σ(x − y) · −z": lambda x, y, z: call("sigmoid", x - y) * -z,
    "relu(x² + 0.1) + x·x·x (shared)": lambda x, y, z: call("relu", x * x + 0.1) + x * x * x,
}


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(SMOOTH)), st.lists(st.floats(-2, 2), min_size=3, max_size=3))
def test_gradients_match_central_finite_differences(name, point):
    f = SMOOTH[name]
    leaves = [Value(v) for v in point]
    out = f(*leaves)
    out.backward()
    expected = gradient(lambda *p: f(*(float(v) for v in p)), point)
    np.testing.assert_allclose([v.grad for v in leaves], expected, rtol=1e-6, atol=1e-6 * max(1.0, abs(out.data)))


# --- the course's worked examples --------------------------------------------------------------------------------


def grad_at(f, x):
    leaf = Value(x)
    out = f(leaf)
    out.backward()
    return out.data, leaf.grad


def test_nested_square_at_three():
    """y = (2x² + 8)²: y = 676 and dy/dx = 16x³ + 64x = 624 at x = 3 (COURSE.md)."""
    y, dy = grad_at(lambda x: (2 * x**2 + 8) ** 2, 3.0)
    assert (y, dy) == (676.0, 624.0)


@pytest.mark.parametrize("x", [-7.0, -5.0, -1.5, 0.0, 2.0])
def test_nested_cube(x):
    """y = (5x + 25)³: dy/dx = 15(5x + 25)², and finite differences agree."""
    y, dy = grad_at(lambda v: (5 * v + 25) ** 3, x)
    assert y == pytest.approx((5 * x + 25) ** 3)
    assert dy == pytest.approx(15 * (5 * x + 25) ** 2, abs=1e-9)
    assert dy == pytest.approx(float(derivative(lambda v: (5 * v + 25) ** 3, x)), rel=1e-7, abs=1e-6)


@pytest.mark.parametrize("x", [math.pi / 2, 0.0, 1.0, -2.5, 4.0])
def test_log_of_two_plus_cos(x):
    """h(x) = ln(2 + cos x): h′(x) = −sin x / (2 + cos x); h′(π/2) = −1/2."""
    h, dh = grad_at(lambda v: (2 + v.cos()).log(), x)
    assert h == pytest.approx(math.log(2 + math.cos(x)))
    assert dh == pytest.approx(-math.sin(x) / (2 + math.cos(x)), abs=1e-15)
    dual = (2 + Dual(x, 1.0).cos()).log()
    assert dual.derivative == pytest.approx(dh, abs=1e-15)


def test_log_of_two_plus_cos_at_half_pi_is_minus_a_half():
    assert grad_at(lambda v: (2 + v.cos()).log(), math.pi / 2)[1] == pytest.approx(-0.5, abs=1e-15)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(-3, 3), min_size=6, max_size=6))
def test_sigmoid_network_matches_torch_and_the_hand_formulas(numbers):
    """z1 = w1·x + b1, a1 = σ(z1), z2 = w2·a1 + b2, ŷ = σ(z2), J = ½(ŷ − y)²."""
    w1, b1, w2, b2, x, y = numbers

    def cost(w1, b1, w2, b2):
        a1 = call("sigmoid", w1 * x + b1)
        y_hat = call("sigmoid", w2 * a1 + b2)
        return 0.5 * (y_hat - y) ** 2

    params = [Value(v, name) for v, name in zip([w1, b1, w2, b2], ["w1", "b1", "w2", "b2"], strict=True)]
    J = cost(*params)
    J.backward()
    t_params = torch_leaves([w1, b1, w2, b2])
    t_J = cost(*t_params)
    t_J.backward()
    assert J.data == pytest.approx(t_J.item(), rel=1e-12, abs=1e-15)
    assert_close([p.grad for p in params], torch_grads(t_params), rtol=1e-12)

    # The hand route of COURSE.md: δ2 = (ŷ − y)·σ′(z2), δ1 = δ2·w2·σ′(z1).
    a1 = 1 / (1 + math.exp(-(w1 * x + b1)))
    y_hat = 1 / (1 + math.exp(-(w2 * a1 + b2)))
    delta2 = (y_hat - y) * y_hat * (1 - y_hat)
    delta1 = delta2 * w2 * a1 * (1 - a1)
    assert_close([p.grad for p in params], [delta1 * x, delta1, delta2 * a1, delta2], rtol=1e-10)


# --- the bugs of closure-based teaching engines -------------------------------------------------------------------


def test_a_node_used_twice_counts_twice():
    a = Value(3.0)
    b = a + a
    c = b + b
    c.backward()
    t = torch.tensor(3.0, dtype=torch.float64, requires_grad=True)
    (t + t + (t + t)).backward()
    assert a.grad == t.grad.item() == 4.0
    assert b.grad == 2.0


def test_backward_twice_accumulates_into_leaves_exactly_like_torch():
    """a·a + 1 at a = 3: 6 after one call, 12 after two (micrograd gives 18: it re-adds into stale intermediates)."""
    a = Value(3.0)
    square = a * a
    out = square + 1
    t = torch.tensor(3.0, dtype=torch.float64, requires_grad=True)
    t_out = t * t + 1
    grads, t_grads = [], []
    for _ in range(3):
        out.backward()
        t_out.backward(retain_graph=True)
        grads.append(a.grad)
        t_grads.append(t.grad.item())
        assert square.grad == 1.0 and out.grad == 1.0  # intermediates: d(out)/d(node) of this call only
    assert grads == t_grads
    assert grads[:2] == [6.0, 12.0]
    zero_grad([a])
    out.backward()
    assert a.grad == 6.0


@settings(max_examples=50, deadline=None)
@given(programs, leaf_values, st.integers(1, 4))
def test_repeated_backward_matches_torch_with_retain_graph(program, values, calls):
    builder = Builder(program)
    leaves = [Value(v) for v in values]
    out = builder.build(leaves)
    t_leaves = torch_leaves(values)
    t_out = builder.build(t_leaves)
    for _ in range(calls):
        out.backward()
        if t_out.requires_grad:
            t_out.backward(retain_graph=True)
    assert_close([leaf.grad for leaf in leaves], torch_grads(t_leaves))


def test_two_outputs_sharing_leaves_sum_their_gradients_like_torch():
    x, y = Value(0.7), Value(-1.2)
    shared = x * y
    first, second = shared.sin() + x, (shared * 3).exp()
    first.backward()
    second.backward()
    tx, ty = torch_leaves([0.7, -1.2])
    t_shared = tx * ty
    (torch.sin(t_shared) + tx).backward(retain_graph=True)  # t_shared is used again
    torch.exp(t_shared * 3).backward()
    assert_close([x.grad, y.grad], [tx.grad.item(), ty.grad.item()], rtol=1e-13)
    assert shared.grad == pytest.approx(3 * second.data)  # of the latest call only


def test_a_chain_a_hundred_thousand_operations_deep():
    """No recursion anywhere: not in the ordering, not in backward (micrograd stops at ~1000)."""
    depth, factor = 100_000, 1 + 1e-6
    x = Value(2.0)
    y = x
    for _ in range(depth):
        y = y * factor
    y.backward()
    assert len(topological_order(y)) == depth + 1
    assert x.grad == pytest.approx(factor**depth, rel=1e-9)
    assert y.data == pytest.approx(2 * factor**depth, rel=1e-9)
    del y  # freeing it must not recurse either


def test_a_graph_is_freed_by_reference_counting_alone():
    """No node sits in a reference cycle, so the cyclic collector finds nothing to collect."""
    gc.collect()
    x = Value(0.5)
    y = ((x * x + 1).log() * x.tanh() + 2**x) / (x + 3)
    y.backward()
    del x, y
    assert gc.collect() == 0


def test_a_node_is_one_object_for_the_garbage_collector():
    """Its parents and their local derivatives in slots: each node is one object the collector tracks, from the moment
    it is made, and nothing more (a tuple per node would double the objects, and the collector's work, on which the
    speed of a step rests)."""
    gc.collect()
    gc.disable()  # count what a graph holds as it is built, before any collection could untrack a tuple of numbers
    try:
        before = len(gc.get_objects())
        x = Value(0.5)
        y = x
        for _ in range(5_000):
            y = (y * 0.999 + x).tanh()
        made = len(gc.get_objects()) - before
    finally:
        gc.enable()
    assert made <= 15_001 + 50  # 3 nodes per turn, a leaf, a few of the test's own
    assert len(y.parents) == 1 and y.parents[0].parents[1] is x  # .parents still gives the tuple
    assert y.parents[0].local_grads == (1.0, 1.0) and y.local_grads == pytest.approx((1 - y.data**2,))
    assert x.parents == () and x.local_grads == ()


def test_topological_order_puts_every_node_once_after_its_parents():
    a, b = Value(1.0), Value(2.0)
    c = a * b
    d = c + a
    e = (d * c).tanh() + b
    order = topological_order(e)
    position = {node: i for i, node in enumerate(order)}
    assert len(position) == len(order) == 7
    assert all(position[p] < position[node] for node in order for p in node.parents)


def test_topological_order_lists_a_first_parent_before_a_second_one():
    """Depth-first from the first parent, as a recursive walk would: drawings and readouts list nodes in this order."""
    a, b, c = Value(2.0, "a"), Value(-3.0, "b"), Value(10.0, "c")
    d = a * b
    e = d + a
    loss = e * c
    assert [n.label or n.op for n in topological_order(loss)] == ["a", "b", "*", "+", "c", "*"]
    weighted = linear([a, b], [c, d], 1.0)
    bias = weighted.parents[-1]
    assert topological_order(weighted) == [a, b, c, d, bias, weighted]  # d's own parents are in by then


# --- bad inputs and domain errors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "error", "message"),
    [
        ("3", TypeError, "string"),
        (None, TypeError, "NoneType"),
        (1 + 2j, TypeError, "complex"),
        (True, TypeError, "bool"),
        (np.bool_(False), TypeError, "bool"),
        ([1.0], TypeError, "list"),
        (np.array([1.0, 2.0]), TypeError, "shape (2,)"),
        (torch.ones(2, 2), TypeError, "shape (2, 2)"),
        (np.array(1 + 1j), TypeError, "complex"),
        (float("nan"), ValueError, "finite"),
        (float("inf"), ValueError, "finite"),
        (np.float64("-inf"), ValueError, "finite"),
        (10**400, ValueError, "fits in a float"),
    ],
    ids=repr,
)
@pytest.mark.parametrize("kind", [Value, Dual])
def test_non_numbers_are_refused_at_construction(kind, bad, error, message):
    with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)")):
        kind(bad)


@pytest.mark.parametrize(
    "good", [3, 3.0, np.float64(3.0), np.int64(3), np.float32(3.0), np.array(3.0), np.array([3.0]), torch.tensor(3.0)]
)
def test_real_numbers_of_every_kind_are_accepted(good):
    v = Value(good)
    assert type(v.data) is float and v.data == 3.0
    assert Value(Fraction(1, 4)).data == 0.25


DOMAIN_ERRORS = {  # each expression of a kind of number (Value or Dual), and the message it must raise
    "log of zero": (lambda V: V(0.0).log(), r"log\(0\.0\).*positive"),
    "log of a negative": (lambda V: V(-1.0).log(), r"log\(-1\.0\).*positive"),
    "divide by the number 0": (lambda V: V(1.0) / 0, r"division by zero: 1\.0 / 0\.0"),
    "divide by a zero node": (lambda V: V(1.0) / V(0.0), r"division by zero: 1\.0 / 0\.0"),
    "a number divided by zero": (lambda V: 2 / V(0.0), r"division by zero: 2\.0 / 0\.0"),
    "exp overflows": (lambda V: V(1000.0).exp(), r"exp\(1000\.0\) is too large"),
    "product overflows": (lambda V: V(1e200) * 1e200, r"1e\+200 \* 1e\+200 is not a finite number"),
    "sum overflows": (lambda V: V(1e308) + V(1e308), r"1e\+308 \+ 1e\+308 is not a finite number"),
    "negative to a fractional power": (lambda V: V(-8.0) ** (1 / 3), r"-8\.0 \*\* 0\.333.*non-integer power"),
    "zero to a negative power": (lambda V: V(0.0) ** -1, r"zero to a negative power"),
    "infinite slope of a root at 0": (lambda V: V(0.0) ** 0.5, r"derivative .* infinite at a = 0"),
    "power overflows": (lambda V: V(10.0) ** 400, r"10\.0 \*\* 400.* too large"),
    "variable exponent, negative base": (lambda V: V(-2.0) ** V(2.0), r"positive base"),
    "number base zero": (lambda V: 0 ** V(2.0), r"positive base"),
    "log slope overflows": (lambda V: V(1e-320).log(), r"log\(1e-320\) is not a finite number"),
}


@pytest.mark.parametrize("case", sorted(DOMAIN_ERRORS))
@pytest.mark.parametrize("kind", [Value, Dual])
def test_domain_errors_name_the_operation_and_the_value(kind, case):
    expression, message = DOMAIN_ERRORS[case]
    with pytest.raises(ValueError, match=message):
        expression(kind)


def test_an_overflowing_weighted_sum_is_an_error():
    with pytest.raises(ValueError, match=r"linear: .* not a finite number"):
        linear([Value(1e300), Value(1e300)], [1e300, 1e300], 0.0)


def test_an_overflowing_gradient_is_an_error_not_inf():
    x = Value(1e-300)
    y = (x * 1e300) * 1e300  # data 1e300 is fine, dy/dx = 1e600 is not
    with pytest.raises(ValueError, match="overflowed"):
        y.backward()


@pytest.mark.parametrize("kind", [Value, Dual])
@pytest.mark.parametrize("other", ["a", None, [1.0], 1j, True])
def test_operations_with_other_types_are_clear_type_errors(kind, other):
    v = kind(2.0)
    pattern = rf"unsupported operands for {kind.__name__} \+ {type(other).__name__}"
    with pytest.raises(TypeError, match=pattern):
        v + other
    with pytest.raises(TypeError, match=rf"{type(other).__name__} \* {kind.__name__}"):
        other * v
    with pytest.raises(TypeError, match="unsupported operands"):
        v**other


def test_value_and_dual_do_not_mix():
    with pytest.raises(TypeError, match="unsupported operands for Value \\+ Dual"):
        Value(1.0) + Dual(1.0)
    with pytest.raises(TypeError, match="unsupported operands for Dual \\* Value"):
        Dual(1.0) * Value(1.0)


def test_numpy_numbers_on_the_left_give_a_value():
    v = Value(2.0)
    out = np.float64(3.0) * v + np.int64(1)
    assert isinstance(out, Value) and out.data == 7.0


# --- tiny divisors and bases, against torch float64 -----------------------------------------------------------------


def torch_value_and_grads(f, numbers, variable):
    """f of tensors, numbers[i] a leaf that requires grad where variable[i]; (value, [grads of those leaves])."""
    leaves = [
        torch.tensor(v, dtype=torch.float64, requires_grad=needs) for v, needs in zip(numbers, variable, strict=True)
    ]
    out = f(*leaves)
    out.backward()
    return out.item(), [t.grad.item() for t, needs in zip(leaves, variable, strict=True) if needs]


def value_and_grads(f, numbers, variable):
    """The same with Value: a Value where variable[i], the plain number elsewhere."""
    leaves = [Value(v) if needs else v for v, needs in zip(numbers, variable, strict=True)]
    out = f(*leaves)
    out.backward()
    return out.data, [leaf.grad for leaf in leaves if isinstance(leaf, Value)]


def dual_value_and_grads(f, numbers, variable):
    """The same in forward mode: one pass per variable input, a Dual where variable[i]."""
    grads = []
    for k in (i for i, needs in enumerate(variable) if needs):
        out = f(
            *(
                Dual(v, float(i == k)) if needs else v
                for i, (v, needs) in enumerate(zip(numbers, variable, strict=True))
            )
        )
        grads.append(out.derivative)
    return out.data, grads


TINY = [  # (f, operands, which are variable): each result and each gradient it needs is a finite float
    (lambda a, b: a / b, (1e-170, 1e-170), (True, True)),  # b·b would underflow to 0
    (lambda a, b: a / b, (3e-160, 7e-160), (True, True)),  # b·b would be subnormal: 5 digits left
    (lambda a, b: a / b, (-2.5e-200, 4e-180), (True, True)),
    (lambda a, b: a / b, (1e-300, 3e-155), (True, True)),
    (lambda a, b: a / b, (2.0, 1e-200), (True, False)),  # ∂/∂b = −2e400 would overflow, but b is a constant
    (lambda a, b: a / b, (1e-170, 1e-170), (False, True)),
    (lambda a, b: a**b, (1e-300, -1.0), (False, True)),  # ∂/∂a = −1e600 would overflow, but a is a constant
    (lambda a, b: a**b, (1e-160, 0.5), (True, True)),
    (lambda a, b: a**b, (2.0, -1000.0), (False, True)),
    (lambda a, b: (a * 1e-100) ** 2 / b, (3.0, 1e-250), (True, True)),
]


@pytest.mark.parametrize(("f", "numbers", "variable"), TINY, ids=[f"{n}{v}" for _, n, v in TINY])
@pytest.mark.parametrize("engine", [value_and_grads, dual_value_and_grads], ids=["Value", "Dual"])
def test_tiny_divisors_and_bases_match_torch(engine, f, numbers, variable):
    ours = engine(f, numbers, variable)
    theirs = torch_value_and_grads(f, numbers, variable)
    assert all(math.isfinite(v) for v in [theirs[0], *theirs[1]])  # the case is meant to be finite
    np.testing.assert_allclose([ours[0], *ours[1]], [theirs[0], *theirs[1]], rtol=1e-14, atol=0)


def test_a_gradient_that_truly_overflows_is_reported_where_torch_gives_inf():
    base, exponent = Value(1e-300), Value(-1.0)
    y = base**exponent  # 1e300; ∂y/∂base = −1e600 is needed now, and overflows
    with pytest.raises(ValueError, match="overflowed a float"):
        y.backward()
    t = torch.tensor(1e-300, dtype=torch.float64, requires_grad=True)
    (t ** torch.tensor(-1.0, dtype=torch.float64)).backward()
    assert t.grad.item() == -math.inf


# --- sqrt and tan ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["sqrt", "tan"])
@pytest.mark.parametrize("x", [1e-6, 0.3, 1.4, 2.0, 37.5])
def test_sqrt_and_tan_of_chainlab_functions_on_value_and_dual_match_torch(name, x):
    f = getattr(functions, name)
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    f(t).backward()
    v = Value(x)
    out = f(v)
    out.backward()
    d = f(Dual(x, 1.0))
    assert out.data == pytest.approx(f(x), rel=1e-15) and d.data == out.data
    assert v.grad == pytest.approx(t.grad.item(), rel=1e-14)
    assert d.derivative == v.grad


@pytest.mark.parametrize("kind", [Value, Dual])
def test_sqrt_outside_its_domain_says_why(kind):
    with pytest.raises(ValueError, match=r"sqrt\(-1\.0\).* ≥ 0"):
        functions.sqrt(kind(-1.0))
    with pytest.raises(ValueError, match=r"sqrt\(0\.0\).*infinite at x = 0"):
        functions.sqrt(kind(0.0))


# --- torch tensors as operands ----------------------------------------------------------------------------------------

OPERATORS = {
    "+": lambda p, q: p + q,
    "-": lambda p, q: p - q,
    "*": lambda p, q: p * q,
    "/": lambda p, q: p / q,
    "**": lambda p, q: p**q,
}


@pytest.mark.parametrize("symbol", sorted(OPERATORS))
@pytest.mark.parametrize("kind", [Value, Dual])
def test_a_tensor_that_requires_grad_is_refused_on_either_side(kind, symbol):
    operate, ours = OPERATORS[symbol], kind(2.0)
    tensor = torch.tensor(3.0, dtype=torch.float64, requires_grad=True)
    for left, right in [(ours, tensor), (tensor, ours)]:
        with pytest.raises(TypeError, match=rf"requires grad does not mix with a {kind.__name__}.*\.grad None"):
            operate(left, right)
    assert tensor.grad is None


def test_a_tensor_without_grad_is_a_number():
    assert (Value(2.0) * torch.tensor(3.0)).data == 6.0
    assert (torch.tensor(3.0) - Dual(2.0, 1.0)).derivative == -1.0


# --- comparisons ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [Value, Dual])
def test_comparisons_compare_the_numbers_and_give_plain_bools(kind):
    two, three = kind(2.0), kind(3.0)
    cases = [
        (two < three, True),
        (two <= kind(2.0), True),
        (three > two, True),
        (two >= three, False),
        (two < 2.5, True),
        (2.5 < two, False),  # noqa: SIM300 (the number on the left: Python asks two > 2.5)
        (two >= np.float64(2.0), True),
        (3 <= two, False),  # noqa: SIM300
        (two > torch.tensor(1.0), True),
    ]
    for result, expected in cases:
        assert type(result) is bool and result is expected


def test_a_comparison_works_in_an_if_and_adds_no_node():
    x = Value(-1.5)
    y = x * x if x < 0 else x  # a piecewise function, as in torch
    y.backward()
    assert y.parents == (x, x) and x.grad == -3.0


def test_equality_stays_identity_so_sets_keep_every_node():
    a, b = Value(1.0), Value(1.0)
    assert a == a and a != b
    assert len({a, b, a + 0, b * 1}) == 4
    assert a <= b and a >= b  # their numbers are equal


@pytest.mark.parametrize("other", ["2", None, [1.0], Dual(1.0)])
def test_comparison_with_a_non_number_is_a_clear_type_error(other):
    with pytest.raises(TypeError, match=r"unsupported operands for Value < "):
        Value(1.0) < other  # noqa: B015 (the comparison is the test)


# --- linear: one node for a weighted sum ---------------------------------------------------------------------------


def test_linear_is_the_weighted_sum_with_its_gradients():
    w, x, b = [Value(0.3), Value(-1.1)], [Value(2.0), 0.5], Value(0.25)
    z = linear(w, x, b)
    z.sin().backward()
    tw, tx0, tb = torch_leaves([0.3, -1.1]), torch_leaves([2.0])[0], torch_leaves([0.25])[0]
    torch.sin(tw[0] * tx0 + tw[1] * 0.5 + tb).backward()
    assert z.data == pytest.approx(0.3 * 2.0 - 1.1 * 0.5 + 0.25)
    assert_close([w[0].grad, w[1].grad, x[0].grad, b.grad], [*torch_grads(tw), tx0.grad.item(), tb.grad.item()])
    with pytest.raises(ValueError, match="2 weights for 1 inputs"):
        linear(w, [1.0], b)


# --- draw_graph ---------------------------------------------------------------------------------------------------


def rendered_text_boxes(figure):
    renderer = FigureCanvasAgg(figure).get_renderer()
    figure.draw(renderer)
    return [text.get_window_extent(renderer) for text in figure.axes[0].texts]


def test_draw_graph_shows_each_node_once_with_its_operands_data_and_grad():
    a, b = Value(2.0, "a"), Value(-3.0, "b")
    c = (a * b + 1).tanh()
    c.label = "c"
    c.backward()
    before = plt.get_fignums()
    figure = draw_graph(c)
    assert isinstance(figure, Figure)
    assert plt.get_fignums() == before  # no pyplot figure left behind
    texts = [t.get_text() for t in figure.axes[0].texts]
    nodes = topological_order(c)
    assert len(texts) == len(nodes) == 5
    for node in nodes:
        data, grad = f"{node.data:.4g}".replace("-", "−"), f"{node.grad:.4g}".replace("-", "−")
        assert sum(f"data {data}\ngrad {grad}" in t for t in texts) >= 1
    heads = [t.split("\n")[0] for t in texts]
    assert sorted(heads) == sorted(["a", "b", "v2 = a·b", "v3 = v2 + 1", "c = tanh(v3)"])
    # inputs left, output right
    x_of = {t.get_text().split("\n")[0]: t.get_position()[0] for t in figure.axes[0].texts}
    assert x_of["a"] < x_of["v2 = a·b"] < x_of["v3 = v2 + 1"] < x_of["c = tanh(v3)"]


def thirty_node_graph():
    x = [Value(v, f"x{i}") for i, v in enumerate([0.5, -1.0, 2.0])]
    w = [Value(v, f"w{i}") for i, v in enumerate([0.1, 0.2, -0.3])]
    h = [(xi * wi).tanh() for xi, wi in zip(x, w, strict=True)]
    y = (h[0] + h[1] * h[2] + h[0] * x[1]).sigmoid()
    return (y - 1) ** 2 + (w[0] ** 2 + w[1] ** 2 + w[2] ** 2) * 0.01


def twice_and_late():
    a = Value(3.0, "a")
    z = (a + a) * a + a
    z.label = "z"
    return z


def boxes_and_arrows(figure):
    """Each node's box and each arrow's path, both in the axes' data coordinates."""
    ax = figure.axes[0]
    boxes = [p.get_bbox() for p in ax.patches if isinstance(p, FancyBboxPatch)]
    arrows = [p.get_path() for p in ax.patches if isinstance(p, FancyArrowPatch)]
    return boxes, arrows


@pytest.mark.parametrize("make", [shared_intermediate_example, thirty_node_graph, twice_and_late])
def test_no_arrow_passes_behind_a_box_and_no_two_arrowheads_meet(make):
    root = make()
    figure = draw_graph(root)
    boxes, arrows = boxes_and_arrows(figure)
    assert len(boxes) == len(topological_order(root))
    assert len(arrows) == sum(len(node.parents) for node in topological_order(root))
    for path in arrows:
        points = path.interpolated(50).vertices  # along each straight piece and each curve
        for box in boxes:
            inside = (
                (points[:, 0] > box.x0 + 1e-9)
                & (points[:, 0] < box.x1 - 1e-9)
                & (points[:, 1] > box.y0 + 1e-9)
                & (points[:, 1] < box.y1 - 1e-9)
            )
            assert not inside.any(), (box, points[inside][:3])
    tips = [tuple(np.round(max(path.vertices, key=lambda v: v[0]), 6)) for path in arrows]  # each points right
    assert len(set(tips)) == len(tips)  # a + a too: two arrows, two arrowheads


def test_the_notebook_graph_draws_the_late_input_beside_its_use():
    figure = draw_graph(shared_intermediate_example())
    x_of = {t.get_text().split("\n")[0]: t.get_position()[0] for t in figure.axes[0].texts}
    assert x_of == {"a": 0, "b": 0, "d = a·b": 1, "e = d + a": 2, "c": 2, "L = e·c": 3}


def test_the_alt_text_says_what_each_node_is_made_from_its_value_and_its_grad():
    root = shared_intermediate_example()
    alt = draw_graph(root).alt
    for phrase in [
        "Computational graph of 6 nodes",
        "Inputs: a = 2, b = −3 and c = 10",
        "d = a·b = −6; e = d + a = −4; L = e·c = −40 (the output)",
        "a feeds d and e",
        "Every grad is 0",
    ]:
        assert phrase in alt, (phrase, alt)
    root.backward()
    alt = draw_graph(root, title="After the backward pass").alt
    assert alt.startswith("After the backward pass. ")
    assert "The grads, from the output back: L 1, c −4, e 10, d 10, b 20, a −20." in alt
    assert "Every grad is 0" not in alt


def test_draw_graph_of_about_thirty_nodes_stays_readable():
    """Thirty nodes: no two boxes' texts overlap once rendered."""
    loss = thirty_node_graph()
    loss.backward()
    n = len(topological_order(loss))
    assert 25 <= n <= 35
    figure = draw_graph(loss, title="a graph of about thirty nodes")
    boxes = rendered_text_boxes(figure)
    assert len(boxes) == n
    for i, first in enumerate(boxes):
        for second in boxes[i + 1 :]:
            assert not first.overlaps(second)
    fig_box = figure.bbox
    assert all(fig_box.x0 <= b.x0 and b.x1 <= fig_box.x1 and fig_box.y0 <= b.y0 and b.y1 <= fig_box.y1 for b in boxes)


def test_draw_graph_of_a_single_leaf():
    figure = draw_graph(Value(1.5, "x"))
    assert [t.get_text() for t in figure.axes[0].texts] == ["x\ndata 1.5\ngrad 0"]
    assert "Input: x = 1.5." in figure.alt
