"""The live figure, where ipympl loads: ipympl's canvas widget, which the browser redraws from the frames the kernel
sends after each move. Importing this module raises ImportError where ipympl is missing (Colab, a lean install);
the explorers then show a redrawn picture instead (base.Explorer).
"""

import matplotlib
import numpy as np
from ipywidgets import DOMWidget
from matplotlib.backends.backend_webagg_core import FigureManagerWebAgg

from chainlab.explorers.base import png_bytes

# Importing ipympl calls matplotlib.use(ipympl) when matplotlib is already imported, which would turn every plain
# pyplot figure of the notebook into a widget. Explorers use its Canvas directly: import it without that switch.
_use, matplotlib.use = matplotlib.use, lambda *args, **kwargs: None
try:
    from ipympl.backend_nbagg import Canvas, FigureManager, Toolbar
finally:
    matplotlib.use = _use


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


class QuietToolbar(Toolbar):
    """ipympl's toolbar (hidden, but its model must exist for the canvas to render), built in one pass.

    ipympl's own __init__ lets traitlets call matplotlib's NavigationToolbar2WebAgg.__init__() without the canvas,
    which traitlets reports with a DeprecationWarning (a future release will raise). Here traitlets hands the canvas
    on; the canvas holds its messages until the toolbar's own widget is open, so the browser never hears of a
    toolbar that does not exist yet.
    """

    def __init__(self, canvas):
        with canvas.hold_sync():
            DOMWidget.__init__(self, canvas=canvas)
        self.on_msg(self.canvas._handle_message)


class Manager(FigureManager):
    """ipympl's figure manager (it connects the canvas to the browser's redraw requests), with the QuietToolbar."""

    def __init__(self, canvas, num):
        FigureManagerWebAgg.__init__(self, canvas, num)
        self.web_sockets = [self.canvas]
        self.toolbar = QuietToolbar(self.canvas)


def live_canvas(figure):
    """The figure on an ipympl canvas without header, footer, toolbar or resize handle: only the picture."""
    canvas = FastCanvas(figure)
    Manager(canvas, 0)
    canvas.header_visible = False
    canvas.footer_visible = False
    canvas.toolbar_visible = False
    canvas.resizable = False
    return canvas
