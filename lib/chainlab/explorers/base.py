"""What every explorer shares: controls above a figure that is built once and updated in place.

An explorer subclass builds its figure and artists in ``__init__``, names the artists that its
``update(**values)`` moves, and implements ``update``, which only sets artist data from a pure compute
function. Moving a control calls ``update`` with the values of all controls, then redraws only the
moving artists over a saved background (blitting): a full redraw of a figure costs 50–200 ms, the
moving artists a few.
"""

import base64
import io
import struct

import ipywidgets as widgets
import matplotlib
import numpy as np
from matplotlib.figure import Figure
from zlib_ng import zlib_ng

from chainlab.plotting import course_style

# Importing ipympl calls matplotlib.use(ipympl) when matplotlib is already imported, which would turn every plain
# pyplot figure of the notebook into a widget. Explorers use its Canvas directly: import it without that switch.
_use, matplotlib.use = matplotlib.use, lambda *args, **kwargs: None
try:
    from ipympl.backend_nbagg import Canvas, FigureManager
finally:
    matplotlib.use = _use


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


class FastCanvas(Canvas):
    """ipympl's canvas, sending each frame with png_bytes; the rest is matplotlib's own get_diff_image."""

    def get_diff_image(self):
        if not self._png_is_old:
            return None
        pixels = np.asarray(self.get_renderer().buffer_rgba())
        buffer = pixels.view(np.uint32).squeeze(2)
        # A full frame when the size changed or a pixel is transparent (a diff cannot be laid over the old one).
        if self._force_full or buffer.shape != self._last_buff.shape or (pixels[:, :, 3] != 255).any():
            self.set_image_mode("full")
            output = buffer
        else:
            self.set_image_mode("diff")
            changed = buffer != self._last_buff
            # The browser lays a diff frame over the last one from the top-left corner, so the unchanged rows below
            # and columns right of every change need not be sent: fewer pixels to encode on a high-density screen.
            height = 1 + max(np.flatnonzero(changed.any(axis=1)), default=0)
            width = 1 + max(np.flatnonzero(changed[:height].any(axis=0)), default=0)
            output = np.where(changed, buffer, 0)[:height, :width]
        self._last_buff = buffer.copy()
        self._force_full = False
        self._png_is_old = False
        return png_bytes(output.view(np.uint8).reshape((*output.shape, 4)))


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
    """A figure and the controls that move it. Display it as the last expression of a cell."""

    def __init__(self, figure, controls, moving):
        self.figure = figure
        self.controls = controls
        self.moving = list(moving)
        self._set_moving_animated(True)  # left out of full redraws; drawn over the background instead
        self.canvas = FastCanvas(figure)
        FigureManager(self.canvas, 0)  # connects the canvas to the browser's redraw requests
        self.canvas.header_visible = False
        self.canvas.footer_visible = False
        self.canvas.toolbar_visible = False
        self.canvas.resizable = False
        self._background = None
        self.canvas.mpl_connect("draw_event", self._on_draw)
        for control in controls.values():
            control.observe(self._on_change, names="value")
        self.widget = widgets.VBox([widgets.HBox(list(controls.values())), self.canvas])
        self._layout_engine = figure.get_layout_engine()
        self.update(**self.values)
        self._lay_out()

    @property
    def values(self):
        return {name: control.value for name, control in self.controls.items()}

    def update(self, **values):
        raise NotImplementedError

    def set(self, **values):
        """Move controls from code, as a learner would with the mouse."""
        for name, value in values.items():
            self.controls[name].value = value

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
        self.update(**self.values)
        if self._background is None:
            self.canvas.draw_idle()
        else:
            self.canvas.restore_region(self._background)
            self._draw_moving()
            self.canvas.blit(self.figure.bbox)

    def _on_draw(self, _event):
        """After each full draw: keep the still part as the background, then put the moving artists on it."""
        if self.canvas.is_saving():  # savefig draws the moving artists too: not a background
            return
        self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        self._draw_moving()

    def _draw_moving(self):
        for artist in self.moving:
            self.figure.draw_artist(artist)

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

    def _repr_mimebundle_(self, **kwargs):
        # The live widget in JupyterLab; the figure at its current values where no kernel runs.
        bundle = self.widget._repr_mimebundle_(**kwargs)
        image = base64.b64encode(self.static_png()).decode("ascii")
        bundle["text/html"] = f'<img alt="{type(self).__name__}" src="data:image/png;base64,{image}"/>'
        return bundle
