"""One look for every figure: the course style, its colour-blind-safe palette, tangent lines, and the one way a figure
is shown, with alt text."""

import base64
import html
import io
from pathlib import Path
from typing import NamedTuple

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from chainlab.calculus import derivative

STYLE = str(Path(__file__).with_name("course.mplstyle"))

# Okabe–Ito: the palette of course.mplstyle, by name, for when a colour carries meaning.
PALETTE = {
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "green": "#009E73",
    "purple": "#CC79A7",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
}


def image_bundle(png, alt):
    """A PNG as a notebook output that carries its alt text everywhere it is read.

    JupyterLab 4 renders an image/png output as an <img> with no alt at all, but keeps the alt of an <img> in text/html;
    nbconvert (GitHub, nbviewer), VS Code, Colab and myst-nb (the web book) show text/html too. So the picture is sent
    once, as HTML, and text/plain (a terminal, a screen reader's text view) is the description itself.
    """
    if not isinstance(alt, str) or len(alt.strip()) < 20:
        raise ValueError("a figure needs alt text: a sentence (20 characters or more) saying what it shows")
    image = base64.b64encode(png).decode("ascii")
    return {
        "text/html": f'<img alt="{html.escape(alt.strip())}" src="data:image/png;base64,{image}"/>',
        "text/plain": alt.strip(),
    }


def png_of(figure, **savefig):
    """A figure as PNG bytes, cropped to what is drawn, as the inline backend would show it."""
    with io.BytesIO() as png:
        figure.savefig(png, format="png", bbox_inches="tight", **savefig)
        return png.getvalue()


def show(figure, alt):
    """Show a figure as the cell's output, with alt text that says what a sighted learner is meant to see.

    The one way the notebooks show a figure: a figure cannot be shown without a description. A pyplot figure is
    closed afterwards, so the inline backend does not show it a second time.
    """
    from IPython.display import display

    bundle = image_bundle(png_of(figure), alt)
    plt.close(figure)
    display(bundle, raw=True)


class NotebookFigure(Figure):
    """A figure made outside pyplot (so never shown twice, never left open) that a notebook shows as the last expression
    of a cell. Whoever draws it sets ``alt``; showing it without one is refused."""

    alt = None

    def _repr_mimebundle_(self, include=None, exclude=None):
        return image_bundle(png_of(self), self.alt)

    def _ipython_display_(self):
        """Shown by IPython as this bundle alone: its inline backend would add the picture again, as image/png."""
        from IPython.display import display

        display(self._repr_mimebundle_(), raw=True)


def use_course_style():
    """Apply the course style to every figure this kernel draws from now on."""
    plt.style.use(STYLE)


def course_style():
    """The course style for the figures made inside a ``with`` block only."""
    return plt.style.context(STYLE)


def padded_range(values, fraction=0.1):
    """(low, high) of values, widened by fraction of their spread on each side: curves and points stay whole."""
    low, high = float(np.min(values)), float(np.max(values))
    margin = fraction * (high - low)
    return low - margin, high + margin


def tangent_line(x0, y0, slope, xs):
    """The y values of the line through (x0, y0) with this slope, at xs."""
    return y0 + slope * (np.asarray(xs, dtype=float) - x0)


class TangentArtists(NamedTuple):
    curve: object
    tangent: object
    point: object


def plot_with_tangent(ax, f, x0, xs, slope=None, label="f(x)"):
    """Draw f over xs and its tangent line at x0; the slope is f'(x0) computed numerically unless given.

    Returns the three artists, so that an explorer can move them later.
    """
    xs = np.asarray(xs, dtype=float)
    y0 = float(f(x0))
    slope = float(derivative(f, x0)) if slope is None else slope
    (curve,) = ax.plot(xs, f(xs), color=PALETTE["blue"], label=label)
    (tangent,) = ax.plot(
        xs, tangent_line(x0, y0, slope, xs), color=PALETTE["vermillion"], linestyle="--", label="tangent"
    )
    (point,) = ax.plot([x0], [y0], "o", color=PALETTE["black"], zorder=3)
    return TangentArtists(curve, tangent, point)


def number(value):
    """A number as the explorers' readouts show it: four significant digits and a true minus sign. Only 0 is shown as
    "0" (never "−0"): a tiny value is shown as it is, 1.2e−11, since a vanishing gradient is the lesson."""
    return "0" if value == 0 else f"{value:.4g}".replace("-", "−")


def factor(value):
    """A number as a factor of a product: a negative one in parentheses, 10 × (−3)."""
    text = number(value)
    return f"({text})" if text.startswith("−") else text
