"""The backward-pass explorer: its steps follow Value.backward exactly (and torch agrees), a shared node's grad is a
sum of separate contributions, the step texts carry the right numbers, and the figure shows what the steps say.
(Every slider position finite and silent, and blitting, are tested for every explorer in test_explorers.py.)"""

import math

import matplotlib.pyplot as plt
import pytest
import torch
from matplotlib.colors import same_color

from chainlab.autodiff import Value, topological_order
from chainlab.explorers.backward import (
    ACTIVE,
    CHANGED,
    BackwardExplorer,
    backward_explorer,
    backward_steps,
    formula,
    graph_positions,
    shared_intermediate_example,
)


def nodes_by_name(root):
    return {node.label: node for node in topological_order(root)}


def number(value):
    """How the texts write a number of the example: 10, −3 (a true minus sign)."""
    return f"{value:g}".replace("-", "−")


def factor(value):
    return f"({number(value)})" if value < 0 else number(value)


def other_graphs():
    """Graphs unlike the example: a parent used twice, numbers on either side, unary ops, no labels, one leaf."""
    x, y = Value(0.5, "x"), Value(-1.5, "y")
    twice = (x + x) * y
    mixed = (2 * x - y / 3).tanh() * (x**2 + 1).exp() - x
    unlabelled = Value(1.25) * Value(-2.0) + Value(0.75)
    return [twice, mixed, unlabelled, Value(4.0, "z")]


# --- the steps ----------------------------------------------------------------------------------------------------


def test_the_last_step_gives_the_grads_of_value_backward_and_of_torch():
    walk = backward_steps(shared_intermediate_example())
    last = walk.steps[-1].grads
    reference = shared_intermediate_example()  # a fresh graph, for backward
    reference.backward()
    by_name = {walk.names[node]: grad for node, grad in last.items()}
    assert by_name == {node.label: node.grad for node in topological_order(reference)}  # exactly, not nearly

    ours = nodes_by_name(reference)
    a, b, c = (torch.tensor(ours[name].data, dtype=torch.float64, requires_grad=True) for name in "abc")
    ((a * b + a) * c).backward()
    assert [by_name[name] for name in "abc"] == [a.grad.item(), b.grad.item(), c.grad.item()]
    # and the chain rule by hand: dL/da = (b + 1)·c, dL/db = a·c, dL/dc = a·b + a
    a, b, c = (ours[name].data for name in "abc")
    assert (by_name["a"], by_name["b"], by_name["c"]) == ((b + 1) * c, a * c, a * b + a) == (-20, 20, -4)


@pytest.mark.parametrize("which", range(4), ids=["x+x", "mixed", "unlabelled", "one leaf"])
def test_every_graph_ends_where_value_backward_does(which):
    root = other_graphs()[which]  # fresh: the graphs share their inputs
    walk = backward_steps(root)
    assert all(node.grad == 0 for node in walk.order)  # pure: the graph's grads are left alone
    root.backward()
    assert walk.steps[-1].grads == {node: node.grad for node in walk.order}
    assert walk.steps[-1].final == frozenset(walk.order)


def test_one_node_per_step_in_reversed_topological_order():
    root = shared_intermediate_example()
    walk = backward_steps(root)
    assert walk.order == tuple(reversed(topological_order(root)))
    assert len(walk.steps) == len(walk.order) + 1 == 7
    assert walk.steps[0].node is None and walk.steps[0].grads == {} and not walk.steps[0].contributions
    assert [step.node for step in walk.steps[1:]] == list(walk.order)
    assert walk.steps[1].grads[root] == 1.0  # step 1 seeds the root, then passes its grad on
    for step in walk.steps[1:]:
        assert [c.parent for c in step.contributions] == list(step.node.parents)
        for c in step.contributions:
            assert c.upstream == step.grads[step.node] and c.amount == c.local * c.upstream
            assert c.after == (c.before or 0.0) + c.amount


def test_a_shared_node_gets_two_separate_contributions_that_add_up():
    walk = backward_steps(shared_intermediate_example())
    names = walk.names
    into_a = [(k, c) for k, step in enumerate(walk.steps) for c in step.contributions if names[c.parent] == "a"]
    assert [names[c.node] for _, c in into_a] == ["e", "d"]  # one along each path, in two different steps
    (first_step, first), (second_step, second) = into_a
    assert first_step < second_step
    assert first.before is None and second.before == first.after
    assert second.after == first.amount + second.amount == walk.steps[-1].grads[second.parent]
    a = second.parent
    assert a not in walk.steps[first_step].final  # a partial sum between the two
    assert a in walk.steps[second_step].final
    between = walk.steps[first_step].grads[a]
    assert between == first.amount != walk.steps[-1].grads[a]


def test_a_grad_is_final_exactly_when_every_node_made_from_it_has_passed_its_share():
    root = shared_intermediate_example()
    walk = backward_steps(root)
    children = {node: [m for m in walk.order if node in m.parents] for node in walk.order}
    for k, step in enumerate(walk.steps):
        done = set(walk.order[:k])
        assert step.final == {node for node in step.grads if set(children[node]) <= done}
        assert set(step.grads) >= done  # a node is reached before it is processed


def test_the_step_texts_write_each_link_of_the_chain_rule_with_its_numbers():
    walk = backward_steps(shared_intermediate_example())
    names = walk.names
    n = len(walk.order)
    assert walk.steps[0].text.startswith(f"step 0 of {n}") and "grad" in walk.steps[0].text
    assert not any(character.isdigit() for character in walk.steps[0].text.split(":", 1)[1])  # no grads yet
    for k, step in enumerate(walk.steps[1:], start=1):
        assert step.text.startswith(f"step {k} of {n}: ")
        for c in step.contributions:
            node, parent = names[c.node], names[c.parent]
            link = f"{parent}.grad += {node}.grad × ∂{node}/∂{parent} = {factor(c.upstream)} × {factor(c.local)}"
            assert f"{link} = {number(c.amount)}" in step.text
    assert "seed L.grad = ∂L/∂L = 1" in walk.steps[1].text
    # the second path into a: the text shows the sum
    assert "a.grad += d.grad × ∂d/∂a = 10 × (−3) = −30, so a.grad = 10 + (−30) = −20" in walk.steps[4].text
    assert "a is a leaf; a.grad = ∂L/∂a = −20 is final" in walk.steps[-1].text


def test_backward_steps_refuses_an_overflow_as_backward_does():
    def graph():
        x = Value(1e-300, "x")
        y = x * 1e300
        return y * 1e300  # data 1e300, but x.grad = 1e300 · 1e300 = inf

    with pytest.raises(ValueError, match="overflowed"):
        graph().backward()
    with pytest.raises(ValueError, match="overflowed"):
        backward_steps(graph())


def test_formulas_read_like_the_code_that_made_the_node():
    x, y = Value(1.0, "x"), Value(2.0, "y")
    names = {x: "x", y: "y"}
    cases = {
        x * y: "x·y",
        x - y: "x − y",
        x / y: "x / y",
        x + 1: "x + 1",
        2 * x: "2 · x",
        x**2: "x ^ 2",
        -x: "−x",
        x.tanh(): "tanh(x)",
        x: "",
    }
    assert {formula(node, names) for node in cases} == set(cases.values())
    assert [formula(node, names) for node in cases] == list(cases.values())


def test_each_leaf_sits_just_left_of_its_first_use_and_every_edge_goes_right():
    root = shared_intermediate_example()
    position = graph_positions(root)
    nodes = nodes_by_name(root)
    assert position[nodes["c"]][0] == position[nodes["e"]][0] == position[nodes["L"]][0] - 1
    assert position[nodes["a"]][0] == position[nodes["b"]][0] == 0
    for graph in [root, *other_graphs()]:
        position = graph_positions(graph)
        assert len(set(position.values())) == len(position)  # no two boxes in one place
        for node in position:
            assert all(position[parent][0] < position[node][0] for parent in node.parents)


# --- the explorer -------------------------------------------------------------------------------------------------


def grad_texts(explorer):
    return {explorer.names[node]: text for node, text in explorer.grad_texts.items()}


def test_the_slider_runs_from_nothing_done_to_the_whole_pass():
    explorer = backward_explorer()
    slider = explorer.controls["step"]
    assert (slider.min, slider.max, slider.value) == (0, len(explorer.walk.order), 0)
    assert len(explorer.walk.order) == 6


def test_at_step_0_the_figure_shows_the_data_and_no_grad():
    explorer = backward_explorer()
    assert all(text.get_text() == "grad ?" for text in explorer.grad_texts.values())
    shown = [text.get_text() for text in explorer.figure.axes[0].texts]
    for expected in ["data 2", "data −3", "data 10", "data −6", "data −4", "data −40", "d = a·b", "e = d + a"]:
        assert expected in shown
    assert not explorer.halo.get_visible()
    assert not any(arrow.get_visible() for *_, arrow in explorer.arrows)
    assert explorer.readout.get_text() == explorer.walk.steps[0].text


def test_each_step_shows_its_grads_its_node_and_the_edges_it_passes_back_along():
    explorer = backward_explorer()
    for k, step in enumerate(explorer.walk.steps):
        explorer.set(step=k)
        assert explorer.readout.get_text() == step.text
        for node, text in explorer.grad_texts.items():
            if node not in step.grads:
                assert text.get_text() == "grad ?"
            elif node in step.final:
                assert text.get_text() == f"grad {number(step.grads[node])}" and text.get_fontweight() == "bold"
            else:
                assert text.get_text() == f"grad {number(step.grads[node])} so far"
        lit = {(parent, node) for parent, node, arrow in explorer.arrows if arrow.get_visible()}
        assert lit == {(parent, step.node) for parent in getattr(step.node, "parents", ())}
        if step.node is not None:
            x, y = explorer.position[step.node]
            box = explorer.halo
            assert explorer.halo.get_visible()
            assert (box.get_x() + box.get_width() / 2, box.get_y() + box.get_height() / 2) == pytest.approx((x, y))
    assert all(same_color(arrow.get_edgecolor(), ACTIVE) for *_, arrow in explorer.arrows)


def test_the_shared_node_shows_a_partial_sum_then_its_final_grad():
    explorer = backward_explorer()
    a = grad_texts(explorer)["a"]
    explorer.set(step=3)  # e has passed its share into a, d not yet
    assert a.get_text() == "grad 10 so far"
    assert same_color(a.get_color(), CHANGED)
    explorer.set(step=4)  # d adds its share: 10 + (−30)
    assert a.get_text() == "grad −20" and a.get_fontweight() == "bold"
    explorer.set(step=5)
    assert not same_color(a.get_color(), CHANGED)  # final, and not changed by step 5
    assert a.get_text() == "grad −20"


def test_the_explorer_leaves_no_pyplot_figure_and_fits_the_notebook():
    before = plt.get_fignums()
    explorer = backward_explorer()
    assert plt.get_fignums() == before
    width, height = explorer.figure.get_size_inches()
    assert 9 <= width <= 10 and 3.5 <= height <= 4.5


def test_the_explorer_draws_any_small_graph():
    for root in other_graphs():
        explorer = BackwardExplorer(root)
        for k in range(len(explorer.walk.order) + 1):
            explorer.set(step=k)
        assert explorer.readout.get_text() == explorer.walk.steps[-1].text
        assert all(math.isfinite(v) for v in explorer.walk.steps[-1].grads.values())
