"""``draw_graph``: the computational graph of a Value, drawn with matplotlib alone, inputs left, output right.

Each node is a box with its name and how it was made from its operands ("e = d + a"), its data and its grad. Columns
are layers by longest path from the inputs, except that an input sits just left of its first use. An edge that spans
several columns runs through a slot of its own in each column it crosses, placed as a node is, so no edge passes
behind a box; within a column, nodes and slots sit near the mean height of their neighbours, which keeps edges short
and few of them crossing.
"""

from collections import Counter

from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from matplotlib.path import Path

from chainlab.autodiff.value import topological_order
from chainlab.plotting import PALETTE, NotebookFigure, course_style, number

BOX_WIDTH, BOX_HEIGHT = 0.74, 0.62  # in column and row spacings
INCHES_PER_COLUMN, INCHES_PER_ROW = 1.7, 0.85
MAX_WIDTH, MAX_HEIGHT = 16.0, 11.0  # inches; larger graphs are drawn smaller
FONT_SIZE = 8.0
ARRIVALS_SPREAD = 0.6  # the arrowheads into one box are spread over this fraction of its height
SYMBOLS = {"*": "·", "+": "+", "-": "−", "/": "/", "**": "^"}
LABELLED_SPREAD = 1.7  # columns are this much further apart when the edges carry their local derivatives


def node_names(root):
    """{node: name}: its label, or v0, v1, … (its place in topological order) for a node that has none."""
    return {node: node.label or f"v{i}" for i, node in enumerate(topological_order(root))}


def formula(node, names):
    """How node was made, in its parents' names: "a·b", "d + a", "tanh(x)", "x + 1"; "" for a leaf."""
    parents = [names[p] for p in node.parents]
    op = node.op
    if not parents:
        return ""
    if len(parents) == 2 and op in SYMBOLS:
        return f"{parents[0]}·{parents[1]}" if op == "*" else f"{parents[0]} {SYMBOLS[op]} {parents[1]}"
    if len(parents) == 1:
        words = op.split()
        if len(words) == 3 and words[2] == "·":  # a number on the left: "2 * ·"
            return f"{words[0]} {SYMBOLS.get(words[1], words[1])} {parents[0]}"
        if len(words) == 2 and words[0] in SYMBOLS:  # a number on the right: "+ 1", "** 2"
            return f"{parents[0]} {SYMBOLS[words[0]]} {words[1]}"
        if op == "neg":
            return f"−{parents[0]}"
    return f"{op}({', '.join(parents)})"


def layers(root):
    """[[nodes of column 0], [column 1], …]: a node's column is its longest path from the inputs."""
    column = {}
    for node in topological_order(root):
        column[node] = 1 + max((column[p] for p in node.parents), default=-1)
    columns = [[] for _ in range(max(column.values()) + 1)]
    for node, c in column.items():
        columns[c].append(node)
    return columns


def layout(columns, sweeps=2, parents=None):
    """{node: (x, y)}: x its column, y its row. Columns are centred; within a column, nodes are ordered by the mean
    row of their neighbours, sweeping right to left (children) and left to right (parents), so edges cross less.
    parents maps each node to the nodes drawn as its parents (by default its .parents)."""
    parents = parents or {node: node.parents for column in columns for node in column}
    rows = max(len(c) for c in columns)
    children = {}
    for column in columns:
        for node in column:
            for parent in parents[node]:
                children.setdefault(parent, []).append(node)
    row = {}

    def place(column):
        top = (rows - len(column)) / 2
        for i, node in enumerate(column):
            row[node] = rows - 1 - (top + i)

    def mean_row(nodes, default):
        return sum(row[n] for n in nodes) / len(nodes) if nodes else default

    for column in columns:
        place(column)
    for _ in range(sweeps):
        for column in reversed(columns[:-1]):
            column.sort(key=lambda n: -mean_row(children.get(n, []), row[n]))
            place(column)
        for column in columns[1:]:
            column.sort(key=lambda n: -mean_row(parents[n], row[n]))
            place(column)
    return {node: (x, row[node]) for x, column in enumerate(columns) for node in column}


class Waypoint:
    """Where an edge crosses a column between its two ends: a slot placed as a node is, so that no box sits there."""

    __slots__ = ("parent",)

    def __init__(self, parent):
        self.parent = parent


def routed_layout(root):
    """({node: (x, y)}, [(parent, node, [(x, y) of each column the edge crosses])]): draw_graph's layout.

    Each input sits one column left of its first use, so a constant used late is drawn beside its use. Every edge,
    one per use of a parent (a + a has two), gets a waypoint in each column between its ends.
    """
    column = {node: c for c, nodes in enumerate(layers(root)) for node in nodes}
    first_use = {}
    for node in column:
        for parent in node.parents:
            first_use[parent] = min(first_use.get(parent, column[node]), column[node])
    for node, used in first_use.items():
        if not node.parents:
            column[node] = used - 1
    placed = [[] for _ in range(max(column.values()) + 1)]
    for node in topological_order(root):
        placed[column[node]].append(node)
    drawn_parents, crossings = {}, []
    for node in list(column):
        drawn = []
        for parent in node.parents:
            points, previous = [], parent
            for c in range(column[parent] + 1, column[node]):
                previous = Waypoint(previous)
                placed[c].append(previous)
                drawn_parents[previous] = (previous.parent,)
                points.append(previous)
            drawn.append(previous)
            crossings.append((parent, node, points))
        drawn_parents[node] = tuple(drawn)
    position = layout(placed, parents=drawn_parents)
    return {node: position[node] for node in column}, [
        (parent, node, [position[p] for p in points]) for parent, node, points in crossings
    ]


def local_derivative_text(node, k, names):
    """The label of the edge into node from its k-th operand, "∂z/∂x = 0.7648": ∂ where node has several operands
    (the others held still), d where it has one. In a + a, each of the two edges carries its own 1."""
    d = "∂" if len(node.parents) > 1 else "d"
    return f"{d}{names[node]}/{d}{names[node.parents[k]]} = {number(node.local_grads[k])}"


def node_text(node, names):
    how = formula(node, names)
    head = f"{names[node]} = {how}" if how else names[node]
    return f"{head}\ndata {number(node.data)}\ngrad {number(node.grad)}"


def node_box(x, y, colour):
    """The rounded box of a node centred at (x, y), outlined in colour, filled white (above the edges)."""
    return FancyBboxPatch(
        (x - BOX_WIDTH / 2, y - BOX_HEIGHT / 2),
        BOX_WIDTH,
        BOX_HEIGHT,
        boxstyle="round,pad=0,rounding_size=0.08",
        facecolor="white",
        edgecolor=colour,
        linewidth=1.5,
        zorder=2,
    )


def edges(position):
    """[(parent, node, bend)]: one edge per use of a parent; a parent used twice (a + a) gets two, bent apart."""
    found = []
    for node in position:
        for parent, count in Counter(node.parents).items():
            found.extend((parent, node, 0.3 * (k - (count - 1) / 2)) for k in range(count))
    return found


def edge_arrow(start, end, bend=0.0, scale=1.0):
    """The grey arrow from the right side of the box at start to the left side of the box at end."""
    (x0, y0), (x1, y1) = start, end
    return FancyArrowPatch(
        (x0 + BOX_WIDTH / 2, y0),
        (x1 - BOX_WIDTH / 2, y1),
        arrowstyle="-|>",
        mutation_scale=10 * scale,
        connectionstyle=f"arc3,rad={bend}",
        color="0.45",
        linewidth=1,
        zorder=1,
    )


def routed_arrow(start, crossings, end, scale=1.0):
    """The grey arrow from the right side of the box at start, straight through each crossing's slot, to the left
    side of the box at end (an (x, y) on it). Between columns it bends as an S, inside the gap, where no box is."""
    points = [(start[0] + BOX_WIDTH / 2, start[1])]
    for x, y in crossings:
        points += [(x - BOX_WIDTH / 2, y), (x + BOX_WIDTH / 2, y)]
    points.append(end)
    vertices, codes = [points[0]], [Path.MOVETO]
    for (x0, y0), (x1, y1) in zip(points[::2], points[1::2], strict=True):
        if vertices[-1] != (x0, y0):  # along a crossing's slot
            vertices.append((x0, y0))
            codes.append(Path.LINETO)
        middle = (x0 + x1) / 2
        vertices += [(middle, y0), (middle, y1), (x1, y1)]
        codes += [Path.CURVE4] * 3
    return FancyArrowPatch(
        path=Path(vertices, codes),
        arrowstyle="-|>",
        mutation_scale=10 * scale,
        color="0.45",
        linewidth=1,
        zorder=1,
    )


def arrival_points(position, routes):
    """{(index in routes): (x, y)}: where each edge ends on its node's left side. The edges into one node arrive
    spread over its height, in the order they come from (the highest at the top), so no two arrowheads overlap."""
    into = {}
    for i, (parent, node, crossings) in enumerate(routes):
        into.setdefault(node, []).append((-(crossings[-1] if crossings else position[parent])[1], i))
    ends = {}
    for node, arriving in into.items():
        x, y = position[node]
        arriving.sort()
        n = len(arriving)
        for k, (_, i) in enumerate(arriving):
            offset = 0.0 if n == 1 else ARRIVALS_SPREAD * BOX_HEIGHT * (0.5 - k / (n - 1))
            ends[i] = (x - BOX_WIDTH / 2, y + offset)
    return ends


def draw_graph(root, title=None, local_derivatives=False):
    """The computational graph that made root, as a matplotlib Figure (display it as a cell's last expression).

    Leaves (inputs, weights) are outlined light blue, the other nodes dark blue, the output vermillion; each arrow goes
    from a parent to a node made from it, and no arrow passes behind a box. With local_derivatives, each arrow is
    labelled with the derivative of the node it enters with respect to the node it leaves, so that a path's product can
    be read off the figure. The figure's alt text says the same in words. Readable up to about 30 nodes.
    """
    names = node_names(root)
    position, routes = routed_layout(root)
    if local_derivatives:  # wider gaps between the columns, for the labels
        position = {node: (x * LABELLED_SPREAD, y) for node, (x, y) in position.items()}
        routes = [(p, n, [(x * LABELLED_SPREAD, y) for x, y in crossings]) for p, n, crossings in routes]
    slots = set(position.values()) | {p for _, _, crossings in routes for p in crossings}
    n_columns = 1 + max(x for x, _ in slots)
    n_rows = 1 + max(y for _, y in slots)
    width, height = max(3.0, INCHES_PER_COLUMN * n_columns), max(1.6, INCHES_PER_ROW * n_rows)
    scale = min(1.0, MAX_WIDTH / width, MAX_HEIGHT / height)
    with course_style():
        figure = NotebookFigure(figsize=(width * scale, height * scale))
        ax = figure.subplots()
    ax.set_xlim(-0.5, n_columns - 0.5)
    ax.set_ylim(-0.5, n_rows - 0.5)
    ax.axis("off")
    if title:
        ax.set_title(title)

    for node, (x, y) in position.items():
        colour = PALETTE["vermillion"] if node is root else PALETTE["sky"] if not node.parents else PALETTE["blue"]
        ax.add_patch(node_box(x, y, colour))
        text = node_text(node, names)
        ax.text(x, y, text, ha="center", va="center", fontsize=max(4.0, FONT_SIZE * scale), zorder=3)

    ends = arrival_points(position, routes)
    operand = Counter()  # routes list each node's edges in the order of its operands
    for i, (parent, node, crossings) in enumerate(routes):
        ax.add_patch(routed_arrow(position[parent], crossings, ends[i], scale))
        if local_derivatives:  # on the edge's last stretch, the one into node
            k, operand[node] = operand[node], operand[node] + 1
            (x0, y0), (x1, y1) = (crossings[-1] if crossings else position[parent]), ends[i]
            ax.text(
                (x0 + BOX_WIDTH / 2 + x1) / 2,
                (y0 + y1) / 2,
                local_derivative_text(node, k, names),
                ha="center",
                va="center",
                fontsize=max(4.0, FONT_SIZE * scale),
                zorder=3,
                bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none"},
            )
    figure.alt = describe_graph(root, names, title, local_derivatives)
    return figure


def describe_graph(root, names, title=None, local_derivatives=False):
    """The graph in words, for the figure's alt text: what a sighted reader sees, node by node from the inputs to the
    output: what each is made from, its value, which nodes use it more than once, the local derivatives on the arrows
    where they are drawn, and the grads."""
    order = topological_order(root)
    inputs = [node for node in order if not node.parents]
    made = [node for node in order if node.parents]

    def value(node):
        return number(node.data)

    def listing(items):
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]

    users = {}
    for node in made:
        for parent in dict.fromkeys(node.parents):
            users.setdefault(parent, []).append(names[node])
    parts = [
        f"{title}. " if title else "",
        f"Computational graph of {len(order)} nodes, each a box, inputs on the left, the output {names[root]} on the "
        "right, with an arrow from each node to each node made from it.",
        f" {'Input' if len(inputs) == 1 else 'Inputs'}: {listing([f'{names[n]} = {value(n)}' for n in inputs])}.",
    ]
    if made:
        steps = [f"{names[n]} = {formula(n, names)} = {value(n)}" for n in made]
        parts.append(f" Made from them, in order: {'; '.join(steps)} (the output).")
    shared = [f"{names[n]} feeds {listing(u)}" for n, u in users.items() if len(u) > 1]
    if shared:
        parts.append(f" Used more than once: {'; '.join(shared)}.")
    if local_derivatives:
        labels = [local_derivative_text(n, k, names) for n in made for k in range(len(n.parents))]
        parts.append(f" Each arrow is labelled with its local derivative: {'; '.join(labels)}.")
    if all(node.grad == 0 for node in order):
        parts.append(" Every grad is 0: no backward pass has filled them in.")
    else:
        grads = [f"{names[n]} {number(n.grad)}" for n in reversed(order)]
        parts.append(f" The grads, from the output back: {', '.join(grads)}.")
    return "".join(parts)
