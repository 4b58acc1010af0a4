"""What every explorer shares: controls above a figure that is built once and updated in place.

An explorer subclass builds its figure and artists in ``__init__`` and implements ``update(**values)``,
which only sets artist data from a pure compute function. Moving a control calls ``update`` with the
values of all controls and asks the canvas to redraw.
"""

import base64
import io

import ipywidgets as widgets
from ipympl.backend_nbagg import Canvas, FigureManager
from matplotlib.figure import Figure

from chainlab.plotting import course_style


def new_figure(**subplots):
    """A figure in the course style, not registered with pyplot (so it is never shown twice)."""
    with course_style():
        figure = Figure()
        axes = figure.subplots(**subplots)
    return figure, axes


class Explorer:
    """A figure and the controls that move it. Display it as the last expression of a cell."""

    def __init__(self, figure, controls):
        self.figure = figure
        self.controls = controls
        self.canvas = Canvas(figure)
        FigureManager(self.canvas, 0)  # connects the canvas to the browser's redraw requests
        self.canvas.header_visible = False
        self.canvas.footer_visible = False
        self.canvas.toolbar_visible = False
        self.canvas.resizable = False
        for control in controls.values():
            control.observe(self._on_change, names="value")
        self.widget = widgets.VBox([widgets.HBox(list(controls.values())), self.canvas])
        self.update(**self.values)

    @property
    def values(self):
        return {name: control.value for name, control in self.controls.items()}

    def update(self, **values):
        raise NotImplementedError

    def set(self, **values):
        """Move controls from code, as a learner would with the mouse."""
        for name, value in values.items():
            self.controls[name].value = value

    def _on_change(self, _change):
        self.update(**self.values)
        self.canvas.draw_idle()

    def static_png(self):
        """The figure as it is now, as PNG bytes."""
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png")
        return buffer.getvalue()

    def _repr_mimebundle_(self, **kwargs):
        # The live widget in JupyterLab; the figure at its current values where no kernel runs.
        bundle = self.widget._repr_mimebundle_(**kwargs)
        image = base64.b64encode(self.static_png()).decode("ascii")
        bundle["text/html"] = f'<img alt="{type(self).__name__}" src="data:image/png;base64,{image}"/>'
        return bundle
