"""The backward pass, one node per step: a slider walks Value.backward through a small graph, and the drawing
shows which grads are known so far, which are still partial sums, and the chain-rule product of each step.

``backward_steps(root)`` computes every step (pure: it reads the graph and leaves every ``.grad`` alone);
``BackwardExplorer(root)`` draws the graph once and only changes texts and colours as the slider moves.
"""

import math
from dataclasses import dataclass

from matplotlib.lines import Line2D

from chainlab.autodiff import Value
from chainlab.autodiff.drawing import edge_arrow, edges, formula, layers, layout, node_box
from chainlab.autodiff.value import topological_order
from chainlab.explorers.base import SCREEN_DPI, Explorer, new_figure
from chainlab.explorers.controls import Slider
from chainlab.plotting import PALETTE, factor, number

UNKNOWN, PARTIAL, FINAL = "0.6", "0.4", PALETTE["black"]  # the colours of a grad: not reached, partial sum, final
CHANGED = PALETTE["vermillion"]  # a grad this step added to
ACTIVE = PALETTE["orange"]  # the node passing its grad back, and the edges it passes it along
MAX_LINES = 4  # lines of the readout under the graph; a node with more parents has its passes summarised


# --- compute ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Contribution:
    """One link of the chain rule: parent.grad += node.grad × ∂node/∂parent."""

    node: Value
    parent: Value
    upstream: float  # node.grad, final by the time node is processed
    local: float  # ∂node/∂parent
    amount: float  # upstream × local, what parent.grad receives
    before: float | None  # parent.grad before it (None: not reached yet, 0)
    after: float


@dataclass(frozen=True)
class Step:
    """The backward pass after some steps: the node of the last step and what it passed on, and every grad."""

    node: Value | None  # None at step 0
    contributions: tuple[Contribution, ...]
    grads: dict  # {node: grad} for the nodes reached so far; the others have no grad yet
    final: frozenset  # the nodes whose grad is complete: every node made from them has passed its share back
    text: str


@dataclass(frozen=True)
class BackwardSteps:
    order: tuple[Value, ...]  # the order of the pass: reversed topological order, root first
    steps: tuple[Step, ...]  # steps[k]: after k steps; steps[0] nothing done, steps[-1] the whole pass
    names: dict  # {node: its label, or "v3" (its index in topological order) when it has none}


def _step_text(k, n, node, contributions, grad, names, root):
    """What step k did, in chain-rule form: a header line, then one line per contribution. Kept short: every
    character costs the readout's redraw about 0.05 ms."""
    name, out = names[node], names[root]
    if node is root:
        head = f"step {k} of {n}: seed {out}.grad = ∂{out}/∂{out} = 1" + (
            f"; {out} = {formula(node, names)} passes it back" if node.parents else ""
        )
    elif not node.parents:
        head = f"step {k} of {n}: {name} is a leaf; {name}.grad = ∂{out}/∂{name} = {number(grad)} is final"
    else:
        head = f"step {k} of {n}: {name} = {formula(node, names)} passes {name}.grad = {number(grad)} back"
    lines = [head]
    for c in contributions:
        parent = names[c.parent]
        product = f"{factor(c.upstream)} × {factor(c.local)} = {number(c.amount)}"
        line = f"{parent}.grad += {name}.grad × ∂{name}/∂{parent} = {product}"
        if c.before is not None:  # a second path: the contributions add up
            line += f", so {parent}.grad = {number(c.before)} + {factor(c.amount)} = {number(c.after)}"
        lines.append(line)
    return "\n".join(lines)


def backward_steps(root):
    """Every step of ``root.backward()`` on a fresh graph (every grad 0 before), one node per step.

    The rule is Value.backward's: root.grad = 1, then each node in reversed topological order adds
    local derivative × its grad into each parent's grad. steps[0] is the pass not started (no grad known, not
    even root's); step k ≥ 1 processes order[k − 1], and step 1 also seeds root.grad = 1. A node's grad
    is final once every node made from it has been processed. No ``.grad`` of the graph is read or changed.
    """
    topological = topological_order(root)
    names = {node: node.label or f"v{i}" for i, node in enumerate(topological)}
    order = tuple(reversed(topological))
    children = {node: [] for node in order}
    for node in order:
        for parent in node.parents:
            children[parent].append(node)
    n = len(order)
    grads, done = {}, set()
    steps = [Step(None, (), {}, frozenset(), f"step 0 of {n}: the forward pass is done; no grad is known yet")]
    for k, node in enumerate(order, start=1):
        if node is root:
            grads[root] = grads.get(root, 0.0) + 1.0  # d(root)/d(root)
        grad = grads[node]  # every node made from it came earlier: it has been reached
        if not math.isfinite(grad):
            raise ValueError(f"backward: the gradient at {node!r} is {grad}: it overflowed a float")
        contributions = []
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            before = grads.get(parent)
            grads[parent] = (0.0 if before is None else before) + local * grad
            contributions.append(Contribution(node, parent, grad, local, local * grad, before, grads[parent]))
        done.add(node)
        final = frozenset(m for m in grads if all(child in done for child in children[m]))
        text = _step_text(k, n, node, contributions, grad, names, root)
        steps.append(Step(node, tuple(contributions), dict(grads), final, text))
    return BackwardSteps(order, tuple(steps), names)


# --- draw and wire ------------------------------------------------------------------------------------------------


def graph_positions(root):
    """{node: (x, y)}: draw_graph's layout, except that each leaf sits one column left of the first node made from
    it (a constant used late is drawn next to its use, and its edge crosses no box)."""
    columns = layers(root)
    column = {node: c for c, nodes in enumerate(columns) for node in nodes}
    children = {}
    for node in column:
        for parent in node.parents:
            children.setdefault(parent, []).append(node)
    for node in children:
        if not node.parents:
            column[node] = min(column[child] for child in children[node]) - 1
    placed = [[] for _ in columns]
    for node in topological_order(root):
        placed[column[node]].append(node)
    return layout([nodes for nodes in placed if nodes])


class BackwardExplorer(Explorer):
    """A step slider walks the backward pass of root's graph: one node per step, from the output back to the inputs.

    Each box shows the node's name and how it was made, its data, and its grad: "grad ?" not reached yet, grey
    "so far" while other nodes still have to pass their share back, black once final, vermillion where this step
    added to it. The node of the step is outlined in orange, with the edges to its parents; the line under the
    graph is the step as the chain rule. Readable up to about ten nodes.
    """

    def __init__(self, root, title=None, step=0):
        self.walk = backward_steps(root)
        n = len(self.walk.order)
        position = graph_positions(root)
        n_columns = 1 + max(x for x, _ in position.values())
        n_rows = 1 + max(y for _, y in position.values())
        lines = min(MAX_LINES, 1 + max(len(s.contributions) for s in self.walk.steps))
        graph_height, text_height, top = 1.25 * n_rows, 0.2 * lines + 0.25, 0.75  # inches
        width, height = min(16.0, max(9.5, 2.2 * n_columns)), graph_height + text_height + top
        figure, ax = new_figure(dpi=SCREEN_DPI)
        figure.set_size_inches(width, height)
        figure.set_layout_engine("none")  # placed by hand below: the readout's length changes, the layout must not
        ax.set_position([0.01, text_height / height, 0.98, graph_height / height])
        ax.set(xlim=(-0.5, n_columns - 0.5), ylim=(-0.5, n_rows - 0.5))
        ax.axis("off")
        self.names = self.walk.names
        fontsize = 10.5 if width < 12 else 9

        # Still: grey edges, boxes, names and data. Moving: an orange copy of each edge, shown while its node passes
        # its grad back, the orange outline of that node, the grads and the readout.
        self.arrows = []  # (parent, node, orange arrow)
        for parent, node, bend in edges(position):
            ax.add_patch(edge_arrow(position[parent], position[node], bend))
            arrow = ax.add_patch(edge_arrow(position[parent], position[node], bend))
            arrow.set(color=ACTIVE, linewidth=2.5, zorder=1.5, visible=False)
            self.arrows.append((parent, node, arrow))
        self.grad_texts = {}
        for node, (x, y) in position.items():
            ax.add_patch(node_box(x, y, PALETTE["sky"] if not node.parents else PALETTE["blue"]))
            how = formula(node, self.names)
            head = f"{self.names[node]} = {how}" if how else self.names[node]
            ax.text(x, y + 0.17, head, ha="center", va="center", fontsize=fontsize, zorder=3)
            ax.text(x, y, f"data {number(node.data)}", ha="center", va="center", fontsize=fontsize, zorder=3)
            self.grad_texts[node] = ax.text(x, y - 0.17, "", ha="center", va="center", fontsize=fontsize, zorder=3)
        self.position = position
        self.halo = ax.add_patch(node_box(0, 0, ACTIVE))
        self.halo.set(facecolor="none", linewidth=3.5, zorder=2.5)

        figure.text(0.01, 1 - 0.1 / height, title or "The backward pass, one node per step", va="top", fontsize=12)
        key = [  # (label, colour, marker): the grads' texts in their own colours, and the outline of the node
            ("grad ?: not reached yet", UNKNOWN, "none"),
            ("grad 10 so far: a partial sum", PARTIAL, "none"),
            ("grad 10: final", FINAL, "none"),
            ("changed by this step", CHANGED, "none"),
            ("passing its grad back", ACTIVE, "s"),
        ]
        handles = [
            Line2D(
                [],
                [],
                linestyle="none",
                marker=marker,
                markersize=11,
                markerfacecolor="none",
                markeredgecolor=colour,
                markeredgewidth=2.5,
            )
            for _, colour, marker in key
        ]
        legend = figure.legend(
            handles,
            [label for label, _, _ in key],
            loc="upper left",
            bbox_to_anchor=(0.0, 1 - 0.38 / height),
            ncol=len(key),
            fontsize=9.5,
            frameon=False,
            handlelength=0.6,
            handletextpad=0.9,
            columnspacing=2.0,
        )
        for text, (_, colour, _) in zip(legend.get_texts(), key, strict=True):
            text.set_color(colour)
        legend.get_texts()[2].set_fontweight("bold")
        self.readout = figure.text(
            0.01, (text_height - 0.1) / height, "", va="top", fontsize=fontsize, linespacing=1.35
        )

        slider = Slider(value=step, min=0, max=n, step=1, whole=True, description="step")
        moving = [arrow for _, _, arrow in self.arrows] + [self.halo, *self.grad_texts.values(), self.readout]
        alt = (
            f"{title or 'The backward pass'}: the computational graph, one box per node with its name, how it was "
            "made, its data and its grad (grad ? before the pass reaches it, so far while it is a partial sum); the "
            "node of the current step is outlined, with the edges to its parents, and under the graph that step is "
            "written as the chain rule."
        )
        super().__init__(figure, {"step": slider}, moving, alt)

    def update(self, step):
        shown = self.walk.steps[int(step)]
        changed = {c.parent for c in shown.contributions}
        if shown.node is not None and shown.node is self.walk.order[0]:
            changed.add(shown.node)  # the seed
        for node, text in self.grad_texts.items():
            grad = shown.grads.get(node)
            if grad is None:
                text.set(text="grad ?", color=UNKNOWN, fontweight="normal")
            elif node in shown.final:
                text.set(text=f"grad {number(grad)}", color=CHANGED if node in changed else FINAL, fontweight="bold")
            else:
                text.set(text=f"grad {number(grad)} so far", color=CHANGED if node in changed else PARTIAL)
                text.set_fontweight("normal")
        for _, node, arrow in self.arrows:
            arrow.set_visible(node is shown.node)
        if shown.node is None:
            self.halo.set_visible(False)
        else:
            x, y = self.position[shown.node]
            self.halo.set(visible=True, x=x - self.halo.get_width() / 2, y=y - self.halo.get_height() / 2)
        lines = shown.text.split("\n")
        if len(lines) > MAX_LINES:
            lines = [*lines[: MAX_LINES - 1], f"… and {len(lines) - MAX_LINES + 1} more, the same way"]
        self.readout.set_text("\n".join(lines))
        grads = ", ".join(f"{self.names[node]}: {self.grad_texts[node].get_text()}" for node in self.walk.order)
        return f"{shown.text}\nNow {grads}."


def shared_intermediate_example():
    """L = (a·b + a)·c with a = 2, b = −3, c = 10: a reaches L along two paths, through d = a·b and e = d + a."""
    a, b, c = Value(2.0, "a"), Value(-3.0, "b"), Value(10.0, "c")
    d = a * b
    d.label = "d"
    e = d + a
    e.label = "e"
    loss = e * c
    loss.label = "L"
    return loss


def backward_explorer():
    """The explorer of 05_automatic_differentiation: L = (a·b + a)·c, at step 0 (predict the grads, then step)."""
    return BackwardExplorer(
        shared_intermediate_example(), title="The backward pass of L = (a·b + a)·c, one node per step"
    )


EXPLORERS = (backward_explorer,)  # the ready-made explorers of this module, for tests and benchmarks
