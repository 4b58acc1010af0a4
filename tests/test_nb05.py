"""Notebook 05's exercises, where the learner writes engine code: right answers written in several ways pass, each
usual bug, written as a learner would write it, gets its own message, and nothing a learner hands in makes the
check raise or leaves the recursion limit changed."""

import itertools
import math
import sys
from collections import deque

import pytest

from chainlab.autodiff import Value, topological_order
from chainlab.exercises import Feedback, check, get, nb05
from chainlab.exercises.engine import _does_nothing


def assert_named(feedback, *keywords):
    assert isinstance(feedback, Feedback)
    assert not feedback.correct and feedback.answered, feedback
    for keyword in keywords:
        assert keyword.lower() in feedback.message.lower(), (keyword, feedback.message)


def assert_right(feedback):
    assert feedback.correct and feedback.answered, feedback


def test_the_ids_and_answer_names_are_the_notebooks():
    judged = [(e.id, e.answer_name) for e in nb05.EXERCISES if e.judge]
    assert judged == [("05.3", "mul_backward"), ("05.4", "topo_order")]
    assert [e.id for e in nb05.EXERCISES] == [f"05.{k}" for k in range(1, len(nb05.EXERCISES) + 1)]


def test_the_answer_written_differently_passes_and_mistakes_are_named():
    assert check("05.1", " Reverse").correct
    assert "how many passes" in check("05.1", "forward").message
    assert check("05.2", lambda x: math.exp(x) / (1 + math.exp(x))).correct
    assert check("05.2", lambda x: 1 / (1 + math.exp(-x))).correct
    assert "forgot the inner derivative" in check("05.2", lambda x: 1 / (1 + math.exp(x))).message
    assert check("05.2", lambda x: 1 - 1 / (1 + math.exp(x))).correct
    assert "softplus itself" in check("05.2", lambda x: math.log1p(math.exp(x))).message
    assert check("05.5", 4 + 1).correct
    assert "one path" in check("05.5", 4).message and "direct path only" in check("05.5", 1.0).message
    assert check("05.5", 1 + 4.0).correct


def test_the_sign_slip_in_softplus_is_named_beside_the_forgotten_inner_derivative():
    """e⁻ˣ/(1 + e⁻ˣ) equals 1/(1 + eˣ) everywhere: the check names both mistakes and says it cannot tell which."""
    message = check("05.2", lambda x: math.exp(-x) / (1 + math.exp(-x))).message
    assert "cannot tell which" in message
    assert "sign slip in the exponent" in message and "forgot the inner derivative" in message


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [(12, "12 is x·y, the value of the first term"), (7, "7 is y + x"), (13.0, "13 is x·y + 1")],
)
def test_the_usual_slips_of_05_5_are_named(answer, phrase):
    assert_named(check("05.5", answer), phrase)
    assert all(e.prompt for e in nb05.EXERCISES)


# --- the skeletons: not answered yet ---------------------------------------------------------------------------


def mul_backward_skeleton(a, b, out):
    # out = a * b. out.grad holds dL/d(out); add this node's share to a.grad and b.grad.
    ...


def topo_order_skeleton(root):
    # Return a list of every node of root's graph, each after all of its parents (inputs first, root last).
    ...


def with_docstring(root):
    """Return the nodes."""
    ...


def returns_ellipsis(root):
    return ...


@pytest.mark.parametrize(
    ("exercise_id", "skeleton"),
    [
        ("05.3", mul_backward_skeleton),
        ("05.4", topo_order_skeleton),
        ("05.4", with_docstring),
        ("05.4", returns_ellipsis),
        ("05.3", lambda *args: ...),
        ("05.4", lambda root: ...),
    ],
)
def test_the_skeleton_counts_as_unanswered(exercise_id, skeleton):
    feedback = check(exercise_id, skeleton)
    assert not feedback.correct and feedback.answered is False, feedback
    assert "Replace the ..." in feedback.message
    assert check(exercise_id, ...).answered is False


def test_a_skeleton_is_told_from_code_that_does_something():
    def reads_only(root):
        root.parents  # noqa: B018 (an expression that does something: it is no skeleton)
        ...

    def returns_a_number(root):
        return 0

    assert _does_nothing(topo_order_skeleton) and _does_nothing(exec_skeleton())
    assert not any(map(_does_nothing, (reads_only, returns_a_number, nb05.mul_backward, len, Value, print)))


def exec_skeleton():
    """The skeleton as exec (or a kernel without source files) makes it: no source to read, only bytecode."""
    namespace = {}
    exec("def topo_order(root):\n    # a comment\n    ...\n", namespace)
    return namespace["topo_order"]


def test_the_skeleton_made_by_exec_counts_as_unanswered_too():
    assert check("05.4", exec_skeleton()).answered is False


# --- 05.3 mul_backward: right answers --------------------------------------------------------------------------


def written_out(a, b, out):
    a.grad = a.grad + b.data * out.grad
    b.grad = b.grad + a.data * out.grad


def with_locals(a, b, out):
    upstream = out.grad
    da, db = b.data, a.data  # local derivatives of a·b
    a.grad += da * upstream
    b.grad += db * upstream


def returns_as_well(a, b, out):
    a.grad += out.grad * b.data
    b.grad += out.grad * a.data
    return a, b


def divides_where_it_can(a, b, out):
    a.grad += (out.data / a.data if a.data != 0 else b.data) * out.grad
    b.grad += (out.data / b.data if b.data != 0 else a.data) * out.grad


@pytest.mark.parametrize("answer", [nb05.mul_backward, written_out, with_locals, returns_as_well, divides_where_it_can])
def test_right_mul_backwards_pass(answer):
    assert_right(check("05.3", answer))


# --- 05.3 mul_backward: each bug named ---------------------------------------------------------------------------


def overwrites(a, b, out):
    a.grad = b.data * out.grad
    b.grad = a.data * out.grad


def both_then_assigned(a, b, out):
    a.grad, b.grad = a.grad + b.data * out.grad, b.grad + a.data * out.grad


def special_cases_a_reused_node(a, b, out):
    a.grad += b.data * out.grad
    if a is not b:  # "the same node: add only once", found by a walk-through
        b.grad += a.data * out.grad


def without_upstream(a, b, out):
    a.grad += b.data
    b.grad += a.data


def swapped(a, b, out):
    a.grad += a.data * out.grad
    b.grad += b.data * out.grad


def with_out_data(a, b, out):
    a.grad += b.data * out.data
    b.grad += a.data * out.data


def sum_rule(a, b, out):
    a.grad += out.grad
    b.grad += out.grad


def overwrites_and_swapped(a, b, out):
    a.grad = a.data * out.grad
    b.grad = b.data * out.grad


def returns_the_grads(a, b, out):
    return b.data * out.grad, a.data * out.grad


def does_nothing_useful(a, b, out):
    share = b.data * out.grad  # noqa: F841


def only_a(a, b, out):
    a.grad += b.data * out.grad


def minus(a, b, out):
    a.grad -= b.data * out.grad
    b.grad -= a.data * out.grad


def doubled(a, b, out):
    a.grad += 2 * b.data * out.grad
    b.grad += 2 * a.data * out.grad


def squared_upstream(a, b, out):
    a.grad += b.data * out.grad**2
    b.grad += a.data * out.grad**2


def changes_data(a, b, out):
    a.grad += b.data * out.grad
    b.grad += a.data * out.grad
    a.data = 0.0


def divides(a, b, out):
    a.grad += out.data / a.data * out.grad
    b.grad += out.data / b.data * out.grad


def divides_for_a(a, b, out):
    a.grad += out.data / a.data * out.grad
    b.grad += a.data * out.grad


def assigns_b_only(a, b, out):
    a.grad += b.data * out.grad
    b.grad = a.data * out.grad


def multiplies_nodes(a, b, out):
    a.grad += b * out.grad


def micrograd_style(a, b, out):
    a.grad += out._prev * out.grad


MUL_BUGS = [
    (overwrites, ["loses a path", "+="]),
    (both_then_assigned, ["loses a path", "same node", "+="]),
    (special_cases_a_reused_node, ["loses a path", "same node", "a special case (if a is b)"]),
    (without_upstream, ["leave out out.grad", "out.grad = 5"]),
    (swapped, ["swapped"]),
    (with_out_data, ["out.data"]),
    (sum_rule, ["backward step of a sum"]),
    (overwrites_and_swapped, ["several mistakes", "loses a path", "swapped"]),
    (returns_the_grads, ["returns (-2.0, 3.0)", "in place"]),
    (does_nothing_useful, ["leaves a.grad and b.grad as they were"]),
    (only_a, ["never b.grad"]),
    (minus, ["wrong sign", "a.grad = −2 and b.grad = 3 are right"]),
    (doubled, ["2 times the right ones"]),
    (squared_upstream, ["with a.data = 3, b.data = −2, out.grad = 5", "a.grad = −10 and b.grad = 15 are right"]),
    (divides, ["ZeroDivisionError", "a.data = 0", "divide by an input's value", "b.data for a, a.data for b"]),
    (divides_for_a, ["ZeroDivisionError", "divide by an input's value"]),
    (assigns_b_only, ["loses a path", "+="]),
    (changes_data, ["changes a.data"]),
    (multiplies_nodes, ["raised TypeError", "unsupported operand"]),
    (micrograd_style, ["raised AttributeError", "only .data and .grad"]),
]


@pytest.mark.parametrize(("answer", "keywords"), MUL_BUGS, ids=[f.__name__ for f, _ in MUL_BUGS])
def test_each_mul_backward_bug_is_named(answer, keywords):
    assert_named(check("05.3", answer), *keywords)


def test_every_combination_of_the_usual_mul_mistakes_is_told_apart():
    """Each combination leaves a different trace on the cases, so the check never names the wrong one."""
    traces = [
        tuple(g for case in nb05._MUL_CASES for g in nb05._mul_grads(model, case)) for _, model in nb05._MUL_MISTAKES
    ]
    traces.append(tuple(g for case in nb05._MUL_CASES for g in nb05._mul_grads(nb05.mul_backward, case)))
    for x, y in itertools.combinations(traces, 2):
        assert not all(map(nb05._close, x, y))
    for hints, model in nb05._MUL_MISTAKES:
        feedback = check("05.3", model)
        assert not feedback.correct and all(hint in feedback.message for hint in hints), feedback


# --- 05.4 topo_order: right answers ----------------------------------------------------------------------------


def kahn(root):
    """Kahn's algorithm: every node first, then inputs first, each node once all of its parents are out."""
    nodes, stack, seen = [], [root], {root}
    while stack:
        node = stack.pop()
        nodes.append(node)
        for parent in node.parents:
            if parent not in seen:
                seen.add(parent)
                stack.append(parent)
    waiting = {node: len(set(node.parents)) for node in nodes}
    children = {node: [] for node in nodes}
    for node in nodes:
        for parent in set(node.parents):
            children[parent].append(node)
    ready = deque(node for node in nodes if waiting[node] == 0)
    order = []
    while ready:
        node = ready.popleft()
        order.append(node)
        for child in children[node]:
            waiting[child] -= 1
            if waiting[child] == 0:
                ready.append(child)
    return order


def explicit_stack(root):
    order, visited, stack = [], set(), [(root, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
        elif node not in visited:
            visited.add(node)
            stack.append((node, True))
            stack.extend((parent, False) for parent in node.parents)
    return order


def by_height(root):
    """A different valid order: by the longest path from an input (all inputs first)."""
    height = {}
    for node in topological_order(root):
        height[node] = 1 + max((height[p] for p in node.parents), default=-1)
    return sorted(height, key=height.get)


def as_tuple(root):
    return tuple(explicit_stack(root))


def as_generator(root):
    yield from explicit_stack(root)


def reversed_twice(root):
    order, visited, stack = [], {root}, [root]  # a reverse topological order first, reversed at the end
    pending = [(root, iter(root.parents))]
    del stack
    while pending:
        node, parents = pending[-1]
        for parent in parents:
            if parent not in visited:
                visited.add(parent)
                pending.append((parent, iter(parent.parents)))
                break
        else:
            pending.pop()
            order.insert(0, node)
    return list(reversed(order))


@pytest.mark.parametrize("answer", [topological_order, kahn, explicit_stack, by_height, as_tuple, reversed_twice])
def test_right_topo_orders_pass(answer):
    assert_right(check("05.4", answer))


def test_the_orders_accepted_differ():
    """Not only the reference's order passes."""
    root = nb05._small_graph()
    orders = {tuple(map(id, f(root))) for f in (topological_order, kahn, by_height)}
    assert len(orders) == 3


# --- 05.4 topo_order: each bug named ---------------------------------------------------------------------------


def recursive(root):
    order, visited = [], set()

    def visit(node):
        if node not in visited:
            visited.add(node)
            for parent in node.parents:
                visit(parent)
            order.append(node)

    visit(root)
    return order


def root_first(root):
    order, visited, stack = [], set(), [root]
    while stack:
        node = stack.pop()
        if node not in visited:
            visited.add(node)
            order.append(node)  # before its parents: a pre-order
            stack.extend(node.parents)
    return order


def reversed_by_mistake(root):
    return explicit_stack(root)[::-1]


def no_visited(root):
    order, stack = [], [(root, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
        else:
            stack.append((node, True))
            stack.extend((parent, False) for parent in node.parents)
    return order


def missing_return(root):
    order = explicit_stack(root)  # noqa: F841


def without_root(root):
    return explicit_stack(root)[:-1]


def without_inputs(root):
    return [node for node in explicit_stack(root) if node.parents]


def breadth_first_reversed(root):
    order, queue, seen = [], deque([root]), {root}
    while queue:
        node = queue.popleft()
        order.append(node)
        for parent in node.parents:
            if parent not in seen:
                seen.add(parent)
                queue.append(parent)
    return order[::-1]


_kept = []


def global_list(root):
    for node in explicit_stack(root):
        _kept.append(node)
    return _kept


def default_list(root, order=[]):  # noqa: B006 (the mistake)
    order.extend(explicit_stack(root))
    return order


def datas(root):
    return [node.data for node in explicit_stack(root)]


def labels(root):
    return [node.label for node in explicit_stack(root)]


def a_set(root):
    return set(explicit_stack(root))


def the_root(root):
    return root


def a_number(root):
    return len(explicit_stack(root))


def calls_parents(root):
    return [parent for parent in root.parents()]


def prev(root):
    return list(root._prev)


def endless(root):
    return endless(root)


def endless_generator(root):
    while True:
        yield root


def mutates_graph(root):
    for node in explicit_stack(root):
        node.parents = ()
    return [root]


TOPO_BUGS = [
    (recursive, ["recursion too deep", "explicit stack", "default recursion limit"]),
    (root_first, ["wrong way", "starts at the root", "once all of its parents are in"]),
    (reversed_by_mistake, ["wrong way", "once all of its parents are in"]),
    (no_visited, ["listed twice", "visited", "e is listed 2 times"]),
    (missing_return, ["returned None", "return statement"]),
    (without_root, ["missing", "yours lists 6 of the 7 nodes; missing: L (the root)."]),
    (without_inputs, ["missing", "inputs", "yours lists 3 of the 7 nodes; missing: a, b, c, f."]),
    (as_generator, ["returned a generator", "not a list"]),
    (breadth_first_reversed, ["before one of its parents", "m is listed before its parent e"]),
    (global_list, ["not in this graph", "earlier call"]),
    (default_list, ["not in this graph", "default argument"]),
    (datas, ["numbers", "not their .data"]),
    (labels, ["text", "not their labels"]),
    (a_set, ["a set, which has no order"]),
    (the_root, ["single node"]),
    (a_number, ["returned 7, an int"]),
    (calls_parents, ["raised TypeError", "without ()"]),
    (prev, ["raised AttributeError", ".parents"]),
    (endless, ["RecursionError", "calls itself without end"]),
    (endless_generator, ["returned a generator"]),
    (mutates_graph, ["missing", "lists 1 of the 7 nodes; missing: "]),
]


@pytest.mark.parametrize(("answer", "keywords"), TOPO_BUGS, ids=[f.__name__ for f, _ in TOPO_BUGS])
def test_each_topo_order_bug_is_named(answer, keywords):
    _kept.clear()
    assert_named(check("05.4", answer), *keywords)


def test_two_bugs_at_once_are_both_named():
    def reversed_without_visited(root):
        return no_visited(root)[::-1]

    # the small graph is a tree, where only the direction is wrong: the message says so, and how to fix it
    assert_named(check("05.4", reversed_without_visited), "wrong way", "once all of its parents are in")
    # on the shared graph the same walk lists e twice as well: both are named, and reversing is no longer the fix
    graph = nb05._Graph.build(*nb05._GRAPHS[1])
    message = nb05._listed(nb05._order_problems(graph, reversed_without_visited(graph.root)), "Several things to fix:")
    assert all(k in message for k in ("Several things to fix", "listed twice", "wrong way")), message
    assert "Reverse it" not in message


def test_a_raised_recursion_limit_is_not_a_way_round_and_the_limit_is_restored():
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(50_000)
    try:
        assert_named(check("05.4", recursive), "recursion too deep")
        assert sys.getrecursionlimit() == 50_000
    finally:
        sys.setrecursionlimit(limit)

    def changes_the_limit(root):
        sys.setrecursionlimit(123_456)
        return recursive(root)

    assert_named(check("05.4", changes_the_limit), "sets Python's recursion limit", "explicit stack")
    assert sys.getrecursionlimit() == limit
    assert_right(check("05.4", explicit_stack))  # and the check still works afterwards


# --- junk never makes a check raise ----------------------------------------------------------------------------


def raises(*args):
    raise ValueError("nope")


def exits(*args):
    raise SystemExit(1)


class BrokenError(Exception):
    def __str__(self):
        raise RuntimeError("no str")


def raises_broken(*args):
    raise BrokenError


class Hostile:
    def __iter__(self):
        raise RuntimeError("no iter")

    def __repr__(self):
        raise RuntimeError("no repr")

    def __float__(self):
        raise RuntimeError("no float")


def hostile_grads(a, b, out):
    a.grad = Hostile()


def deletes_grad(a, b, out):
    del a.grad


def none_grad(a, b, out):
    a.grad = None
    b.grad = None


def endless_mul(a, b, out):
    return endless_mul(a, b, out)


JUNK = [5, None, "a.grad += b.data * out.grad", [1, 2], Hostile(), raises, exits, raises_broken, endless_mul, print]
JUNK += [lambda: None, lambda a: None, lambda a, b, c, d: None, lambda *a: Hostile(), hostile_grads, deletes_grad]
JUNK += [none_grad, type, Feedback, len]


@pytest.mark.parametrize("exercise_id", ["05.3", "05.4"])
@pytest.mark.parametrize("answer", JUNK, ids=range(len(JUNK)))
def test_junk_never_makes_a_check_raise(exercise_id, answer):
    limit = sys.getrecursionlimit()
    feedback = check(exercise_id, answer)
    assert isinstance(feedback, Feedback) and not feedback.correct, feedback
    assert isinstance(repr(feedback), str)
    assert sys.getrecursionlimit() == limit


@pytest.mark.parametrize(
    ("exercise_id", "answer", "keywords"),
    [
        ("05.3", 5, ["asks for a Python function of a, b, out", "def mul_backward(a, b, out): <your code>"]),
        ("05.4", None, ["asks for a Python function of root", "without calling it"]),
        ("05.3", lambda a, b: None, ["takes 2 parameter(s) (a, b)", "passes 3"]),
        ("05.4", lambda root, other: None, ["takes 2 parameter(s)", "passes 1"]),
        ("05.3", raises, ["raised ValueError: nope"]),
        ("05.4", raises, ["raised ValueError: nope"]),
        ("05.3", exits, ["raised SystemExit"]),
        ("05.3", raises_broken, ["raised BrokenError"]),
        ("05.3", hostile_grads, ["a.grad", "must stay a number"]),
        ("05.3", none_grad, ["a.grad is None"]),
        ("05.3", deletes_grad, ["deletes a.grad"]),
        ("05.3", endless_mul, ["RecursionError"]),
        ("05.4", lambda root: Hostile(), ["raised RuntimeError: no iter"]),
    ],
)
def test_junk_gets_a_clear_message(exercise_id, answer, keywords):
    assert_named(check(exercise_id, answer), *keywords)


def test_the_declared_examples_of_each_mistake_get_their_hint():
    for exercise in (get("05.3"), get("05.4")):
        for mistake in exercise.mistakes:
            assert mistake.hint in check(exercise.id, mistake.answer).message


def first_visits_reversed(root):
    order, visited, stack = [], set(), [root]
    while stack:
        node = stack.pop()
        if node not in visited:
            visited.add(node)
            order.append(node)
            stack.extend(node.parents)
    return order[::-1]


def test_first_visits_reversed_is_not_a_topological_order_and_is_named():
    """The learner pass found it accepted: it passes trees, but not L = f + e with f = e·c, reached at e first."""
    assert_named(check("05.4", first_visits_reversed), "before its parent")


def test_nodes_multiplied_instead_of_their_numbers_are_named():
    def mul_backward(a, b, out):
        a.grad += b * out.grad
        b.grad += a * out.grad

    assert_named(check("05.3", mul_backward), "b.data")


def test_calling_the_function_instead_of_handing_it_in_is_named_without_number_advice():
    message = check("05.4", [Value(1.0)]).message
    assert "without calling it" in message and "holding one value" not in message
