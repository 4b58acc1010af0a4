"""What every explorer shares: controls above a figure that is built once and updated in place, a text readout of
the numbers it shows, and alt text for every frame.

An explorer subclass builds its figure and artists in ``__init__``, names the artists that its
``update(**values)`` moves, and implements ``update``, which only sets artist data from a pure compute
function and returns the readout. Moving a control calls ``update`` with the values of all controls, then redraws
only the moving artists over a saved background (blitting): a full redraw of a figure costs 50–200 ms, the
moving artists a few.

Where ipympl loads, the figure is live: an ipympl canvas that the browser redraws from the kernel's frames. Where it
does not (Colab, a lean install), the figure is a picture, drawn the same way and sent whole as a PNG after each move.
"""

import html
import io
import math
import numbers
import struct
import sys

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from zlib_ng import zlib_ng

from chainlab.plotting import course_style, image_bundle, number

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
LIVE_NOTE = "Live figure: it follows every move of a control (mouse, or Tab to a slider and then the arrow keys)."
PICTURE_NOTE = (
    "Redrawn picture: the live figure (ipympl) cannot load here, so the figure is drawn anew after each move "
    "(mouse, or Tab to a slider and then the arrow keys)."
)


class ControlError(ValueError):
    """A value that explorer.set(...) refuses; Jupyter shows only its message, not a traceback through chainlab."""

    def _render_traceback_(self):  # IPython's hook for how an exception is shown
        return [f"ControlError: {self}"]


def live_figures():
    """True where the live figure can load: ipympl imports. On Colab, ipympl's widgets also need Colab's custom
    widget manager, switched on here."""
    try:
        import chainlab.explorers.live  # noqa: F401
    except ImportError:
        return False
    if "google.colab" in sys.modules:
        from google.colab import output

        output.enable_custom_widget_manager()
    return True


def png_bytes(rgba):
    """An RGBA array as PNG, quickly: no per-row filter search, and zlib-ng's run-length strategy at level 1.

    A frame after a move is a diff image, mostly zeros; this packs it about as small as Pillow's default
    PNG does, several times faster (zlib-ng makes the same stream as zlib, five times as fast), and on a
    high-density screen the encoding is most of the work per move.
    """
    height, width, _ = rgba.shape
    rows = np.zeros((height, 1 + 4 * width), np.uint8)  # each row: filter type 0 (none), then its pixels
    rows[:, 1:] = rgba.reshape(height, -1)
    packer = zlib_ng.compressobj(1, zlib_ng.DEFLATED, 15, 9, zlib_ng.Z_RLE)
    data = packer.compress(rows) + packer.flush()

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib_ng.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8 bits per channel, RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


SCREEN_DPI = 85  # for a large explorer: fewer pixels per frame, so a key press shows within 150 ms at pixel ratio 2


def new_figure(dpi=None, **subplots):
    """A figure in the course style, not registered with pyplot (so it is never shown twice).

    dpi is the figure's resolution on a normal screen; ipympl multiplies it by the screen's pixel ratio.
    """
    with course_style():
        figure = Figure(dpi=dpi)
        axes = figure.subplots(**subplots)
    return figure, axes


class Explorer:
    """A figure and the controls that move it, with a text readout of what it shows. Display it as the last expression
    of a cell.

    A subclass passes ``alt``, what the figure shows for a reader who cannot see it (its panels and what they draw,
    without the numbers), and its ``update`` returns the readout: the numbers the figure shows now, in words. The
    readout is shown under the figure in a live region, which a screen reader announces after each move, and ends
    the alt text of every picture of the figure.
    """

    def __init__(self, figure, controls, moving, alt):
        self.figure = figure
        self.controls = controls
        self.moving = list(moving)
        self.alt = alt
        self._set_moving_animated(True)  # left out of full redraws; drawn over the background instead
        self.live = live_figures()
        if self.live:
            from chainlab.explorers.live import live_canvas

            self.canvas = live_canvas(figure)
            view = self.canvas
        else:
            self.canvas = FigureCanvasAgg(figure)
            self.picture = widgets.HTML()
            view = self.picture
        self._background = None
        self.canvas.mpl_connect("draw_event", self._on_draw)
        for control in controls.values():
            control.observe(self._on_change, names="value")
        self.readout_view = widgets.HTML()
        note = widgets.HTML(f"<small>{LIVE_NOTE if self.live else PICTURE_NOTE}</small>")
        self.widget = widgets.VBox([widgets.HBox(list(controls.values())), view, self.readout_view, note])
        self._layout_engine = figure.get_layout_engine()
        self._show_text(self.update(**self.values))
        self._lay_out()
        if not self.live:
            self.canvas.draw()
            self._send_picture()

    @property
    def values(self):
        return {name: control.value for name, control in self.controls.items()}

    def update(self, **values):
        """Set the moving artists for these control values; return the readout of the numbers now shown."""
        raise NotImplementedError

    def set(self, **values):
        """Move controls from code, as a learner would with the mouse. An unknown name, or a value the control cannot
        take, is refused with a message saying what it takes, and then nothing moves. A choice from a menu is made
        first, whatever the order given, as it may change the other controls' ranges (a new example's x)."""
        menus = [name for name in values if isinstance(self.controls.get(name), widgets.Dropdown)]
        order = menus + [name for name in values if name not in menus]
        before = self.values
        try:
            for name in order:
                self.controls[name].value = self._checked(name, values[name])
        except ControlError:
            for name in [*menus, *(n for n in before if n not in menus)]:  # put everything back as it was
                self.controls[name].value = before[name]
            raise

    def _checked(self, name, value):
        control = self.controls.get(name)
        if control is None:
            raise ControlError(f"this explorer has no control {name!r}; its controls are {', '.join(self.controls)}")
        if isinstance(control, widgets.Dropdown):
            if value not in control.options:
                choices = ", ".join(repr(option) for option in control.options)
                raise ControlError(f"{name} is one of {choices}; {value!r} is not one of them")
            return value
        low, high = control.bounds  # a Slider: the only other kind of control
        whole = control.whole
        typed = {bound: number(bound).replace("−", "-") for bound in (low, high)}  # as Python reads it back
        takes = f"{name} takes a {'whole number' if whole else 'number'} from {typed[low]} to {typed[high]}"
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise ControlError(f"{takes}; {value!r} is not a number (give a plain one, such as {typed[high]})")
        if not math.isfinite(value) or not low <= value <= high or (whole and value != int(value)):
            raise ControlError(f"{takes}; {value!r} is not")
        return int(value) if whole else float(value)

    def redraw_everything(self):
        """For an update that changes more than the moving artists (limits, curves, labels).

        The layout is made anew and the next draw is a full one.
        """
        self._lay_out()
        self._background = None

    def _lay_out(self):
        # Lay the figure out, then keep that layout: constrained layout on every draw is slow, and
        # blitting needs the axes to stay where they are.
        self.figure.set_layout_engine(self._layout_engine)
        self.figure.draw_without_rendering()
        self.figure.set_layout_engine("none")

    def _on_change(self, _change):
        self._show_text(self.update(**self.values))
        if self._background is None:
            self.canvas.draw_idle()  # the live canvas: when the browser asks; the picture's: now
        else:
            self.canvas.restore_region(self._background)
            self._draw_moving()
            self.canvas.blit(self.figure.bbox)
        if not self.live:
            self._send_picture()

    def _on_draw(self, _event):
        """After each full draw: keep the still part as the background, then put the moving artists on it."""
        if self.canvas.is_saving():  # savefig draws the moving artists too: not a background
            return
        self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        self._draw_moving()

    def _draw_moving(self):
        for artist in self.moving:
            self.figure.draw_artist(artist)

    def _show_text(self, text):
        self.readout_text = text
        self.readout_view.value = (
            f'<div role="status" aria-live="polite" style="white-space: pre-line">{html.escape(text)}</div>'
        )

    def alt_text(self):
        """What a picture of the figure shows, as it is now: the explorer's alt, then its readout."""
        return f"{self.alt} Shown now: {self.readout_text}"

    def _send_picture(self):
        """The picture as the canvas has it drawn now, as an <img> with its alt text."""
        png = png_bytes(np.asarray(self.canvas.get_renderer().buffer_rgba()))
        self.picture.value = image_bundle(png, self.alt_text())["text/html"]

    def static_png(self):
        """The figure as it is now, moving artists included, as PNG bytes."""
        buffer = io.BytesIO()
        self._set_moving_animated(False)  # savefig leaves out animated figure-level artists, such as a suptitle
        try:
            self.figure.savefig(buffer, format="png", dpi=self.figure.dpi)
        finally:
            self._set_moving_animated(True)
        return buffer.getvalue()

    def _set_moving_animated(self, animated):
        for artist in self.moving:
            artist.set_animated(animated)

    def _repr_mimebundle_(self, include=None, exclude=None):
        # The widget where a kernel runs; where none does (GitHub, the web book), the figure at its current values with
        # its alt text. Written out here: ipywidgets 7 (Colab's) has no _repr_mimebundle_ of its own.
        bundle = image_bundle(self.static_png(), self.alt_text())
        bundle[WIDGET_VIEW] = {"version_major": 2, "version_minor": 0, "model_id": self.widget.model_id}
        return bundle
