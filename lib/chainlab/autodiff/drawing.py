"""``draw_graph``: the computational graph of a Value, drawn with matplotlib alone, inputs left, output right.

Each node is a box with its label and operation, its data and its grad. Columns are layers by longest path from
the inputs (a leaf is in column 0, a node one column right of its furthest parent); within a column, nodes sit
near the mean height of their parents, which keeps edges short and few of them crossing.
"""

from collections import Counter

from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from chainlab.autodiff.value import topological_order
from chainlab.plotting import PALETTE, NotebookFigure, course_style

BOX_WIDTH, BOX_HEIGHT = 0.74, 0.62  # in column and row spacings
INCHES_PER_COLUMN, INCHES_PER_ROW = 1.7, 0.85
MAX_WIDTH, MAX_HEIGHT = 16.0, 11.0  # inches; larger graphs are drawn smaller
FONT_SIZE = 8.0


def layers(root):
    """[[nodes of column 0], [column 1], …]: a node's column is its longest path from the inputs."""
    column = {}
    for node in topological_order(root):
        column[node] = 1 + max((column[p] for p in node.parents), default=-1)
    columns = [[] for _ in range(max(column.values()) + 1)]
    for node, c in column.items():
        columns[c].append(node)
    return columns


def layout(columns, sweeps=2):
    """{node: (x, y)}: x its column, y its row. Columns are centred; within a column, nodes are ordered by the mean
    row of their neighbours, sweeping right to left (children) and left to right (parents), so edges cross less."""
    rows = max(len(c) for c in columns)
    children = {}
    for column in columns:
        for node in column:
            for parent in node.parents:
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
            column.sort(key=lambda n: -mean_row(n.parents, row[n]))
            place(column)
    return {node: (x, row[node]) for x, column in enumerate(columns) for node in column}


def node_text(node):
    head = " = ".join(part for part in (node.label, node.op) if part) or "leaf"
    return f"{head}\ndata {node.data:.4g}\ngrad {node.grad:.4g}"


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


def draw_graph(root, title=None):
    """The computational graph that made root, as a matplotlib Figure (display it as a cell's last expression).

    Leaves (inputs, weights) are blue, the output orange; each arrow goes from a parent to a node made from it.
    Readable up to about 30 nodes.
    """
    columns = layers(root)
    position = layout(columns)
    n_columns, n_rows = len(columns), max(len(c) for c in columns)
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
        ax.text(x, y, node_text(node), ha="center", va="center", fontsize=max(4.0, FONT_SIZE * scale), zorder=3)

    for parent, node, bend in edges(position):
        ax.add_patch(edge_arrow(position[parent], position[node], bend, scale))
    figure.alt = describe_graph(columns, root)
    return figure


def describe_graph(columns, root):
    """The graph in words, for the figure's alt text: each node, left to right, with what it is made from."""

    def name(node):
        return node.label or node.op or "a leaf"

    parts = []
    for node in (n for column in columns for n in column):
        made = f" = {node.op} of {', '.join(name(p) for p in node.parents)}" if node.parents else " (an input)"
        parts.append(f"{name(node)}{made}: data {node.data:.4g}, grad {node.grad:.4g}")
    return (
        f"Computational graph of {len(parts)} nodes, inputs on the left, arrows from each node to those made from it, "
        f"ending at {name(root)}. " + "; ".join(parts) + "."
    )
