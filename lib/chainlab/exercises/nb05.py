"""The exercises of 05_automatic_differentiation, in which the learner writes engine code.

No table of values can judge these answers: the check runs the learner's function inside a small engine, on the
cases learners get wrong, and names the bug. For mul_backward: a grad overwritten instead of added to (a node
used twice, or reached along two paths, loses a share), out.grad forgotten or replaced by out.data, the factors
swapped, the grads returned instead of updated, and a local derivative written as out.data / a.data, which divides
by zero at an input of 0. For topo_order: the walk reversed, a shared node listed twice, nodes missing, a parent
after its child, None or a generator returned, and a recursion too deep for a long graph.
"""

import itertools
import math
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from chainlab.autodiff import Value, topological_order
from chainlab.exercises.engine import Exercise, Mistake, as_number, describe, raised, simple_factor

# --- 05.3 mul_backward ----------------------------------------------------------------------------------------


class Node:
    """A node as mul_backward sees it: its value, and the gradient dL/d(node) gathered so far."""

    __slots__ = ("data", "grad")

    def __init__(self, data, grad=0.0):
        self.data = data
        self.grad = grad

    def __repr__(self):
        return f"Node(data={self.data!r}, grad={self.grad!r})"


def mul_backward(a, b, out):
    """The reference: out = a * b; add each input's share of out.grad to its grad."""
    a.grad += b.data * out.grad
    b.grad += a.data * out.grad


@dataclass(frozen=True)
class _MulCase:
    what: str  # the case, as a message shows it
    a: float
    b: float | None  # None: b is a itself, out = a·a
    a_grad: float
    b_grad: float
    out_grad: float

    @property
    def reused(self):
        return self.b is None

    def nodes(self):
        a = Node(self.a, self.a_grad)
        b = a if self.reused else Node(self.b, self.b_grad)
        return a, b, Node(a.data * b.data, self.out_grad)

    def start(self):
        return (self.a_grad, self.a_grad) if self.reused else (self.a_grad, self.b_grad)


_MUL_CASES = (
    _MulCase("a.data = 3, b.data = −2, out.grad = 1 and both grads starting at 0", 3.0, -2.0, 0.0, 0.0, 1.0),
    _MulCase("a.data = 3, b.data = −2, out.grad = 5 and both grads starting at 0", 3.0, -2.0, 0.0, 0.0, 5.0),
    _MulCase(
        "a.data = 0.5, b.data = 4, out.grad = −3, and a.grad = 1.5, b.grad = −1 already (shares from other paths)",
        0.5,
        4.0,
        1.5,
        -1.0,
        -3.0,
    ),
    _MulCase(
        "mul_backward(a, a, out), out = a·a, with a.data = 3, out.grad = 2 and a.grad starting at 0",
        3.0,
        None,
        0.0,
        0.0,
        2.0,
    ),
    # an input of 0: ∂(a·b)/∂a = b is defined there, but out.data / a.data, the same number elsewhere, is not
    _MulCase("a.data = 0, b.data = 4, out.grad = 2 and both grads starting at 0", 0.0, 4.0, 0.0, 0.0, 2.0),
)

_OVERWRITES = (
    "A reused node loses a path: = overwrites the share a grad already holds, from another path or (for out = a·a, "
    "where a and b are the same node) from the line before. Add to a.grad and b.grad with +=."
)
_TOGETHER = (
    "A reused node loses a path: for out = a·a, a and b are the same node, and a.grad must get both shares, "
    "b.data·out.grad and a.data·out.grad. Yours gives it one: either both new grads are worked out first and then "
    "assigned (the second overwrites the first), or a node used twice is treated as a special case (if a is b). Add "
    "each share with += as you go, with no special case: the two lines then add both."
)
_FORGOT_UPSTREAM = (
    "Your shares leave out out.grad, dL/d(out): the chain rule multiplies the local derivative by the gradient "
    "arriving from above. With out.grad = 1 that goes unnoticed; the check also uses out.grad = 5."
)
_OUT_DATA = (
    "You multiplied by out.data, the product's value. The chain rule needs out.grad, dL/d(out): the gradient "
    "arriving from above."
)
_SWAPPED = "The factors are swapped: ∂(a·b)/∂a is b, not a. Each input's local derivative is the other input's value."
_SUM_RULE = (
    "That is the backward step of a sum, where each local derivative is 1. For a product, each input's local "
    "derivative is the other input's value."
)
_IN_PLACE = (
    "Update a.grad and b.grad in place: backward() reads the gradients from the nodes and ignores what "
    "mul_backward returns."
)
_NOTHING_ADDED = "leaves a.grad and b.grad as they were: add this node's share of out.grad to each of them."
_DIVIDES = (
    "You divide by an input's value, as in out.data / a.data for ∂(a·b)/∂a: that is b only while a is not 0, and "
    "at a = 0 it divides by zero, though the local derivative b is still there. Write each local derivative as the "
    "other input's value: b.data for a, a.data for b."
)

_ACCUMULATE = {
    "add": None,
    "assign": _OVERWRITES,
    "assign a": _OVERWRITES,
    "assign b": _OVERWRITES,
    "together": _TOGETHER,
}
_FACTOR = {"other": None, "own": _SWAPPED, "one": _SUM_RULE}
_UPSTREAM = {"grad": None, "none": _FORGOT_UPSTREAM, "data": _OUT_DATA}


def _mistaken_mul_backward(accumulate, factor, upstream):
    """mul_backward with these mistakes (each 'add', 'other', 'grad' when right), as a learner would write it."""

    def backward(a, b, out):
        g = {"grad": out.grad, "none": 1.0, "data": out.data}[upstream]
        share_a = {"other": b.data, "own": a.data, "one": 1.0}[factor] * g
        share_b = {"other": a.data, "own": b.data, "one": 1.0}[factor] * g
        if accumulate == "add":
            a.grad += share_a
            b.grad += share_b
        elif accumulate.startswith("assign"):  # = for both, or for one of them and += for the other
            if accumulate == "assign b":
                a.grad += share_a
            else:
                a.grad = share_a
            if accumulate == "assign a":
                b.grad += share_b
            else:
                b.grad = share_b
        else:
            new_a, new_b = a.grad + share_a, b.grad + share_b
            a.grad = new_a
            b.grad = new_b

    return backward


# Every combination of the usual mistakes, one to three at once, with the hints that name them.
_MUL_MISTAKES = tuple(
    (tuple(h for h in (_ACCUMULATE[acc], _FACTOR[fac], _UPSTREAM[up]) if h), _mistaken_mul_backward(acc, fac, up))
    for acc, fac, up in itertools.product(_ACCUMULATE, _FACTOR, _UPSTREAM)
    if (acc, fac, up) != ("add", "other", "grad")
)


def _mul_grads(function, case):
    """(a.grad, b.grad) after our own function (the reference or a mistake) ran on this case."""
    a, b, out = case.nodes()
    function(a, b, out)
    return a.grad, b.grad


def _short(value):
    try:
        text = repr(value)
    except Exception:  # a learner's object with a broken repr
        return f"a {type(value).__name__}"
    return text if len(text) <= 60 else text[:60] + "…"


def _a(value):
    """'an int', 'a tuple': the type of value, for a message."""
    kind = type(value).__name__
    return f"{'an' if kind[:1].lower() in 'aeiou' else 'a'} {kind}"


def _close(x, y):
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)


def _all_close(got, expected):
    """Each case's (a.grad, b.grad) is the expected pair."""
    return all(_close(g, e) for gs, es in zip(got, expected, strict=True) for g, e in zip(gs, es, strict=True))


def _listed(messages, heading):
    return messages[0] if len(messages) == 1 else heading + "\n" + "\n".join(f"• {m}" for m in messages)


def _g(value):
    """A number in a message, with a true minus sign, as the cases are written."""
    return f"{value:g}".replace("-", "−")


def _ends(case, grads):
    if case.reused:
        return f"a.grad = {_g(grads[0])}"
    return f"a.grad = {_g(grads[0])} and b.grad = {_g(grads[1])}"


def _run_mul_backward(answer, case):
    """(a.grad, b.grad, what it returned) after the learner's function ran on this case, or (None, message)."""
    name = describe(answer, capital=True)
    a, b, out = case.nodes()
    try:
        returned = answer(a, b, out)
    except (Exception, SystemExit) as error:
        hint = ""
        if isinstance(error, ZeroDivisionError):
            hint = " " + _DIVIDES
        elif isinstance(error, AttributeError):
            hint = " The nodes passed to mul_backward have only .data and .grad."
        elif isinstance(error, TypeError) and "Node" in str(error):
            hint = " Multiply numbers, not nodes: the value of b is b.data."
        return None, f"{name} {raised(error)}, with {case.what}.{hint}"
    for node, which, data in ((a, "a", case.a), (b, "b", case.a if case.reused else case.b)):
        value, _ = as_number(getattr(node, "data", None))
        if value != data:
            return None, f"{name} changes {which}.data: a backward step only adds to the grads; leave .data as it is."
    grads = []
    for node, which in ((a, "a"), (b, "b")):
        if not hasattr(node, "grad"):
            return None, f"{name} deletes {which}.grad: add to it instead."
        value, problem = as_number(node.grad)
        if problem:
            return None, f"After {describe(answer)} ran, {which}.grad {problem}: it must stay a number."
        grads.append(value)
    return (*grads, returned), None


def _judge_mul_backward(answer):
    name = describe(answer, capital=True)
    runs = []
    for case in _MUL_CASES:
        run, problem = _run_mul_backward(answer, case)
        if problem:
            return False, problem
        runs.append(run)
    got = [run[:2] for run in runs]
    expected = [_mul_grads(mul_backward, case) for case in _MUL_CASES]
    if _all_close(got, expected):
        return True, (
            f"{name} adds the right shares to a.grad and b.grad: with out.grad ≠ 1, on top of shares from other "
            "paths, and for a node used twice (out = a·a)."
        )
    starts = [case.start() for case in _MUL_CASES]
    unchanged = [[_close(g, s) for g, s in zip(gs, ss, strict=True)] for gs, ss in zip(got, starts, strict=True)]
    if all(all(u) for u in unchanged):
        returned = next((run[2] for run in runs if run[2] is not None), None)
        if returned is not None:
            return False, f"{name} returns {_short(returned)} but leaves a.grad and b.grad unchanged. {_IN_PLACE}"
        return False, f"{name} {_NOTHING_ADDED}"
    separate = [u for u, case in zip(unchanged, _MUL_CASES, strict=True) if not case.reused]
    for i, (which, other) in enumerate((("a", "b"), ("b", "a"))):
        if all(u[i] for u in separate):
            return False, (
                f"{name} changes {other}.grad but never {which}.grad: each input of the product gets its own share."
            )
    for hints, mistake in _MUL_MISTAKES:
        if _all_close(got, [_mul_grads(mistake, case) for case in _MUL_CASES]):
            return False, _listed(hints, "Several mistakes at once:")
    return False, _generic_mul_hint(name, got, expected, starts)


def _generic_mul_hint(name, got, expected, starts):
    ratios = []
    for gs, es, ss, case in zip(got, expected, starts, _MUL_CASES, strict=True):
        for g, e, s in list(zip(gs, es, ss, strict=True))[: 1 if case.reused else 2]:
            if e != s:  # a share of 0 (from an input of 0) gives no ratio
                ratios.append((g - s) / (e - s))
    i = next(i for i, (gs, es) in enumerate(zip(got, expected, strict=True)) if not _all_close([gs], [es]))
    case = _MUL_CASES[i]
    example = f"With {case.what}, {_ends(case, expected[i])} are right; yours gives {_ends(case, got[i])}."
    if all(math.isclose(r, ratios[0], rel_tol=1e-6) for r in ratios):
        if math.isclose(ratios[0], -1.0):
            return f"{name} adds shares of the wrong sign. {example}"
        factor = simple_factor(ratios[0], 1.0)
        if factor:
            return f"{name} adds shares {factor} the right ones: a constant factor is off. {example}"
    return f"{example} Work out the two shares by hand for this case, and compare."


# Usual mistakes as learners write them (the judge finds them by running the code; these are its examples).


def _assigns(a, b, out):
    a.grad = b.data * out.grad
    b.grad = a.data * out.grad


def _forgets_out_grad(a, b, out):
    a.grad += b.data
    b.grad += a.data


def _swaps(a, b, out):
    a.grad += a.data * out.grad
    b.grad += b.data * out.grad


def _uses_out_data(a, b, out):
    a.grad += b.data * out.data
    b.grad += a.data * out.data


def _returns_the_grads(a, b, out):
    return b.data * out.grad, a.data * out.grad


def _divides(a, b, out):
    a.grad += out.data / a.data * out.grad
    b.grad += out.data / b.data * out.grad


# --- 05.4 topo_order ------------------------------------------------------------------------------------------

DEEP = 5000  # a chain this long defeats a recursive walk at Python's default recursion limit
DEFAULT_RECURSION_LIMIT = 1000  # sys.getrecursionlimit() in a fresh Python


def _labelled(value, label):
    value.label = label
    return value


def _small_graph():
    a, b, c, f = Value(2.0, "a"), Value(-3.0, "b"), Value(10.0, "c"), Value(-2.0, "f")
    e = _labelled(a * b, "e")
    d = _labelled(e + c, "d")
    return _labelled(d * f, "L")


def _shared_graph():
    a, b, c = Value(1.5, "a"), Value(-2.0, "b"), Value(3.0, "c")
    e = _labelled(a * b, "e")
    h = _labelled(_labelled(e * c, "m") + 1.0, "h")
    return _labelled(e + h, "L")


def _short_path_first_graph():
    a, b, c = Value(2.0, "a"), Value(-3.0, "b"), Value(10.0, "c")
    e = _labelled(a * b, "e")
    return _labelled(_labelled(e * c, "f") + e, "L")


def _deep_chain():
    node = Value(0.0, "x")
    for _ in range(DEEP):
        node = node + 1.0
    return node


_GRAPHS = (
    ("the graph L = (a·b + c)·f", _small_graph, False),
    ("the graph L = e + h with e = a·b, m = e·c, h = m + 1, where e is reached along two paths", _shared_graph, False),
    # A walk that lists a node on its first visit, then reverses the list, passes the graphs above but not this
    # one: e is reached first along the short path L → e, before f, which needs it, is listed.
    ("the graph L = f + e with e = a·b, f = e·c", _short_path_first_graph, False),
    (f"a chain {DEEP:,} operations deep, x + 1 + 1 + … + 1", _deep_chain, True),
)

_RETURNS_NONE = "returned None: a function without a return statement gives None. Return the list once it is complete."
_ITERATOR = (
    "returned a generator (or another one-pass iterator), not a list: backward() walks the order in reverse, which "
    "a generator cannot do. Collect the nodes in a list, and return the list."
)
_TWICE = (
    "A node is listed twice: a node reached along two paths is visited along each of them. Keep a set of the nodes "
    "already visited, and skip those."
)
_MISSING = "Nodes are missing: every node of the graph belongs in the list, the inputs (no parents) and the root too."
_WRONG_WAY = (
    "The walk goes the wrong way: your list starts at the root. Inputs first, root last: each node after all of its "
    "parents."
)
_PARENT_AFTER = "A node comes before one of its parents: each node must come after all of its parents."
_TOO_DEEP = (
    f"Recursion too deep: on a chain {DEEP:,} operations long, a function that calls itself once per node goes "
    f"{DEEP:,} calls deep, past Python's limit of about {DEFAULT_RECURSION_LIMIT:,}. Use an explicit stack (a list "
    "you push nodes onto and pop them from) instead of recursion."
)
_LIMIT_NOTE = (
    " The check runs your function at Python's default recursion limit: raising the limit only moves the wall, and "
    "a deeper graph hits it again."
)
_LIMIT_RAISED = (
    "sets Python's recursion limit. That only moves the wall: a deeper graph hits it again, and a limit set too "
    "high can crash Python. Use an explicit stack (a list you push nodes onto and pop them from) instead of recursion."
)
_STALE = (
    "that are not in this graph: is the list made outside topo_order (or as a default argument), so that it keeps "
    "the nodes of an earlier call? Make a fresh one inside the function each time it runs."
)


def _stack_depth():
    frame, depth = sys._getframe(), 0
    while frame is not None:
        frame, depth = frame.f_back, depth + 1
    return depth


@contextmanager
def _fresh_recursion_limit(changed):
    """Python's default recursion limit (counted from here) while the learner's code runs; the old one after.

    A raised limit would let a recursive walk pass here and fail on a deeper graph: the check runs every answer
    as a fresh Python would, and adds to changed the limit the learner's code set, if it set one.
    """
    old = sys.getrecursionlimit()
    limit = min(old, _stack_depth() + DEFAULT_RECURSION_LIMIT)
    try:
        sys.setrecursionlimit(limit)
        yield
    finally:
        if sys.getrecursionlimit() != limit:
            changed.append(sys.getrecursionlimit())
        sys.setrecursionlimit(old)  # also undoes the change the learner's code made


def _error_hint(error):
    text = str(error) if isinstance(error, AttributeError | TypeError) else ""
    if isinstance(error, TypeError) and "'tuple' object is not callable" in text:
        return " node.parents is a tuple, not a method: write it without ()."
    if isinstance(error, AttributeError):
        return " A Value has .data, .grad, .parents (the tuple of its inputs) and .local_grads."
    return ""


@dataclass(frozen=True)
class _Graph:
    """A graph as built, before the learner's code ran (which may change .parents or .label): the check reads this."""

    what: str
    root: Value
    nodes: tuple  # in a topological order
    parents: dict  # id(node): its parents
    names: dict  # id(node): its label, or "one node"
    deep: bool

    @classmethod
    def build(cls, what, make, deep):
        root = make()
        nodes = tuple(topological_order(root))
        parents = {id(n): tuple(n.parents) for n in nodes}
        return cls(what, root, nodes, parents, {id(n): n.label or "one node" for n in nodes}, deep)

    def name(self, node):
        name = self.names[id(node)]
        return f"{name} (the root)" if node is self.root else name

    def is_ordered(self, listed):
        position = {id(x): i for i, x in enumerate(listed)}
        return all(position[id(p)] < position[id(x)] for x in listed for p in self.parents[id(x)])


_NOT_A_LIST = object()  # what _run_topo_order returns first for a result that is no list of things at all


def _run_topo_order(answer, graph, changed):
    """(the items the learner's function listed, None), (None, the error it raised), (_NOT_A_LIST, its result)."""
    try:
        with _fresh_recursion_limit(changed):
            result = answer(graph.root)
            if result is None or isinstance(result, set | frozenset | Value | str | bytes | Iterator):
                return _NOT_A_LIST, result
            try:
                items = iter(result)
            except TypeError:  # a number, or another object that cannot be looped over
                return _NOT_A_LIST, result
            # at most 2n + 10 items, so that an endless iterable of the learner's own stops
            return list(itertools.islice(items, 2 * len(graph.nodes) + 10)), None
    except (Exception, SystemExit) as error:  # RecursionError included
        return None, error


def _judge_topo_order(answer):
    name = describe(answer, capital=True)
    for what, make, deep in _GRAPHS:
        graph = _Graph.build(what, make, deep)
        changed = []
        listed, odd = _run_topo_order(answer, graph, changed)
        if changed:
            return False, f"{name} {_LIMIT_RAISED}"
        if listed is None:
            return False, _raised_message(name, graph, odd)
        if listed is _NOT_A_LIST:
            return False, _not_a_list_message(name, odd)
        problems = _order_problems(graph, listed)
        if problems:
            return False, _listed(problems, "Several things to fix:")
    return True, (
        f"{name} lists every node once, each after its parents: on a small graph, with a node shared by two paths, "
        f"and on a chain {DEEP:,} deep."
    )


def _raised_message(name, graph, error):
    if isinstance(error, RecursionError):
        if graph.deep:
            return _TOO_DEEP + _LIMIT_NOTE
        return (
            f"{name} raised RecursionError on {graph.what}, a small graph: it calls itself without end. Does each "
            "call move on to a node's parents?"
        )
    return f"{name} {raised(error)}, on {graph.what}.{_error_hint(error)}"


def _not_a_list_message(name, result):
    if result is None:
        return f"{name} {_RETURNS_NONE}"
    if isinstance(result, set | frozenset):
        return f"{name} returned a set, which has no order: return a list, in the order your walk found."
    if isinstance(result, Value):
        return f"{name} returned a single node: return a list of every node of the graph."
    if isinstance(result, Iterator):
        return f"{name} {_ITERATOR}"
    return f"{name} returned {_short(result)}, {_a(result)}: return a list of the graph's nodes."


def _order_problems(graph, listed):
    foreign = [x for x in listed if id(x) not in graph.names]
    if foreign:
        x = foreign[0]
        if isinstance(x, Value):
            return [f"On {graph.what}, your list holds {len(foreign)} node(s) {_STALE}"]
        if isinstance(x, str):
            return [f"Your list holds text ({_short(x)}): list the nodes themselves (the Values), not their labels."]
        if as_number(x)[1] is None:
            return [f"Your list holds numbers ({_short(x)}): list the nodes themselves (the Values), not their .data."]
        return [f"Your list holds {_short(x)}, {_a(x)}: it should hold the graph's nodes and nothing else."]
    problems = []
    counts = Counter(map(id, listed))
    twice = [node for node in graph.nodes if counts[id(node)] > 1]
    if twice:  # name the one nearest the root: its inputs are listed twice because it is
        problems.append(f"{_TWICE} (On {graph.what}, {graph.name(twice[-1])} is listed {counts[id(twice[-1])]} times.)")
    missing = [node for node in graph.nodes if id(node) not in counts]
    if missing:
        names = f"; missing: {', '.join(map(graph.name, missing))}" if len(missing) <= 8 else ""
        n = len(graph.nodes)
        problems.append(f"{_MISSING} (On {graph.what}, yours lists {n - len(missing)} of the {n} nodes{names}.)")
    if len(listed) > 1 and listed[0] is graph.root:
        # Not "reverse it": a list made on first visits, reversed, can still put a node before a parent.
        problems.append(_WRONG_WAY + " List a node only once all of its parents are in.")
    elif not problems:
        position = {id(x): i for i, x in enumerate(listed)}
        for node in listed:
            late = [p for p in graph.parents[id(node)] if position[id(p)] > position[id(node)]]
            if late:
                where = f"{graph.name(node)} is listed before its parent {graph.name(late[0])}"
                problems.append(f"{_PARENT_AFTER} (On {graph.what}, {where}.)")
                break
    return problems


# Usual mistakes as learners write them.


def _root_first(root):
    return topological_order(root)[::-1]


def _recursive(root):
    order, visited = [], set()

    def visit(node):
        if node not in visited:
            visited.add(node)
            for parent in node.parents:
                visit(parent)
            order.append(node)

    visit(root)
    return order


def _without_visited(root):
    order = []
    for parent in root.parents:
        order.extend(_without_visited(parent))
    return [*order, root]


def _forgets_return(root):
    order = topological_order(root)  # noqa: F841 (the mistake: no return)


def _leaves_out_inputs(root):
    return [node for node in topological_order(root) if node.parents]


def _breadth_first_reversed(root):
    order, queue, seen = [], [root], {root}
    while queue:
        node = queue.pop(0)
        order.append(node)
        for parent in node.parents:
            if parent not in seen:
                seen.add(parent)
                queue.append(parent)
    return order[::-1]


def _softplus_local(x):
    return 1 / (1 + math.exp(-x))  # σ(x): d/dx ln(1 + eˣ) = eˣ / (1 + eˣ)


EXERCISES = (
    Exercise(
        id="05.1",
        prompt="Predict: for one output and n = 100 inputs, which mode gives all 100 partial derivatives first?",
        reference="reverse",
        answer_name="faster_mode",
        choices=("forward", "reverse"),
        mistakes=(
            Mistake(
                "forward",
                "Forward mode carries the derivative with respect to one input per pass: how many passes does it "
                "need for 100 inputs? And how many backward passes does reverse mode need for one output?",
            ),
        ),
    ),
    Exercise(
        id="05.2",
        prompt="The local derivative of softplus(x) = ln(1 + eˣ), as a function of x.",
        reference=_softplus_local,
        answer_name="softplus_local",
        domain=((-6.0, 6.0),),
        points=(0.0, 1.0, -2.0),
        mistakes=(
            Mistake(
                lambda x: 1 / (1 + math.exp(x)),
                "You forgot the inner derivative: 1/(1 + eˣ) is only the outer ln u differentiated. Multiply by "
                "du/dx, the derivative of u = 1 + eˣ.",
            ),
            Mistake(
                lambda x: math.exp(-x) / (1 + math.exp(-x)),
                "If you wrote e⁻ˣ/(1 + e⁻ˣ), which is the same function: a sign slip in the exponent, −x where "
                "softplus has x. Differentiating ln(1 + eˣ) brings in no minus sign: check the exponent in each "
                "factor.",
            ),
            Mistake(
                lambda x: math.log(1 + math.exp(x)),
                "That is softplus itself. The local derivative is d/dx ln(1 + eˣ).",
            ),
            Mistake(
                lambda x: math.exp(x),
                "That is only the inner derivative, du/dx of u = 1 + eˣ: multiply it by the outer one, 1/u.",
            ),
            Mistake(
                lambda x: 1 / (1 + math.exp(-x)) * (1 - 1 / (1 + math.exp(-x))),
                "That is one derivative too far: you differentiated a second time. Differentiate ln(1 + eˣ) once.",
            ),
        ),
    ),
    Exercise(
        id="05.3",
        prompt="Write mul_backward(a, b, out), the backward step of a multiplication out = a·b: out.grad holds "
        "dL/d(out); add this node's share of it to a.grad and to b.grad. The check runs your function on a few "
        "cases, among them a node used twice (out = a·a).",
        reference=mul_backward,
        answer_name="mul_backward",
        variables=("a", "b", "out"),
        judge=_judge_mul_backward,
        mistakes=(
            Mistake(_assigns, _OVERWRITES),
            Mistake(_forgets_out_grad, _FORGOT_UPSTREAM),
            Mistake(_swaps, _SWAPPED),
            Mistake(_uses_out_data, _OUT_DATA),
            Mistake(_returns_the_grads, _IN_PLACE),
            Mistake(_divides, _DIVIDES),
        ),
    ),
    Exercise(
        id="05.4",
        prompt="Write topo_order(root): a list of every node of root's graph, each after all of its parents (inputs "
        f"first, root last). The check runs it on a small graph, on a graph with a node shared by two paths, and on "
        f"a chain {DEEP:,} operations deep.",
        reference=topological_order,
        answer_name="topo_order",
        variables=("root",),
        judge=_judge_topo_order,
        mistakes=(
            Mistake(_root_first, _WRONG_WAY),
            Mistake(_without_visited, _TWICE),
            Mistake(_recursive, _TOO_DEEP),
            Mistake(_forgets_return, _RETURNS_NONE),
            Mistake(_leaves_out_inputs, _MISSING),
            Mistake(_breadth_first_reversed, _PARENT_AFTER),
        ),
    ),
    Exercise(
        id="05.5",
        prompt="∂q/∂x for q = x·y + x at x = 3, y = 4: one share per path from x to q.",
        reference=5.0,
        answer_name="dq_dx",
        mistakes=(
            Mistake(4.0, "4 is the share of one path, through x·y. x also reaches q directly, and the shares add."),
            Mistake(1.0, "1 is the share of the direct path only. x also reaches q through x·y, and the shares add."),
            Mistake(3.0, "3 is ∂q/∂y = x. The question asks for ∂q/∂x."),
            Mistake(15.0, "15 is q itself, x·y + x at (3, 4). The question asks for its slope in x."),
            Mistake(12.0, "12 is x·y, the value of the first term. Its share is its slope in x, ∂(x·y)/∂x, at (3, 4)."),
            Mistake(
                7.0,
                "7 is y + x. The path through x·y gives y; the other share is the direct path's, the slope in x of "
                "the term + x, which is not x (nor ∂(x·y)/∂y, the slope in y).",
            ),
            Mistake(
                13.0,
                "13 is x·y + 1: the direct path's 1 is right, but the path through x·y contributes the slope of x·y "
                "in x, not its value.",
            ),
        ),
    ),
)
