"""The explorers' slider: a native range input that a screen reader names (issue 20).

ipywidgets draws its sliders with noUiSlider, whose handle has no accessible name (a screen reader says only
"slider"), and Python cannot give it one. This slider is an anywidget: an ``<input type="range">`` with a
``<label for>`` holding its description, ``aria-valuetext`` saying its value as the readout beside it shows it, and
the browser's own keyboard handling (arrows, Page Up/Down, Home, End). Its front end is slider.js and slider.css.
"""

import math
import numbers
from pathlib import Path

import anywidget
import traitlets

HERE = Path(__file__).parent


class Number(traitlets.TraitType):
    """A real number, kept as it is: a whole slider's value is an int, another slider's a float (Slider says which)."""

    info_text = "a number"

    def validate(self, obj, value):
        if isinstance(value, numbers.Real) and not isinstance(value, bool):
            return value
        self.error(obj, value)


class Slider(anywidget.AnyWidget):
    """A slider from ``min`` to ``max`` in steps of ``step``, its value shown with ``readout_format`` (a Python format
    spec: ".2f", ".4g", or "d" for whole numbers).

    ``base``: a log scale, as ipywidgets' FloatLogSlider: min, max and step are then exponents of base, and the value
    is base to that power. ``whole``: the value is a whole number (an int), as ipywidgets' IntSlider.

    As ipywidgets' sliders do, a value outside the range is clamped to it, and narrowing the range moves the value
    inside. The last position of the track is max itself, even where max − min is not a whole number of steps.
    """

    _esm = HERE / "slider.js"
    _css = HERE / "slider.css"

    value = Number(0.0).tag(sync=True)
    min = traitlets.Float(0.0).tag(sync=True)
    max = traitlets.Float(1.0).tag(sync=True)
    step = traitlets.Float(0.1).tag(sync=True)
    base = traitlets.Float(None, allow_none=True).tag(sync=True)
    whole = traitlets.Bool(False).tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)
    readout_format = traitlets.Unicode(".2f").tag(sync=True)

    def __init__(self, **traits):
        if traits.get("whole"):
            traits.setdefault("readout_format", "d")
        super().__init__(**traits)

    @property
    def bounds(self):
        """The lowest and highest value the slider takes (base**min and base**max on a log scale)."""
        if self.base is None:
            return self.min, self.max
        return self.base**self.min, self.base**self.max

    @traitlets.validate("value")
    def _value_in_range(self, proposal):
        value = proposal["value"]
        if not math.isfinite(value):
            raise traitlets.TraitError(f"{self.description or 'a slider'} takes a finite number, not {value!r}")
        low, high = self.bounds
        value = min(max(value, low), high)
        return int(round(value)) if self.whole else float(value)  # numpy numbers too: JSON takes plain ones

    @traitlets.validate("min", "max")
    def _range_keeps_the_value(self, proposal):
        name, limit = proposal["trait"].name, proposal["value"]
        if not math.isfinite(limit) or (name == "min" and limit > self.max) or (name == "max" and limit < self.min):
            raise traitlets.TraitError(f"setting {name} to {limit!r} leaves no range from {self.min!r} to {self.max!r}")
        low, high = (limit, self.max) if name == "min" else (self.min, limit)
        real = (low, high) if self.base is None else (self.base**low, self.base**high)
        if not real[0] <= self.value <= real[1]:
            self.value = min(max(self.value, real[0]), real[1])
        return limit

    @traitlets.validate("step", "base")
    def _positive(self, proposal):
        number = proposal["value"]
        if number is not None and not (math.isfinite(number) and number > 0):
            raise traitlets.TraitError(f"a slider's {proposal['trait'].name} is a positive number, not {number!r}")
        return number
