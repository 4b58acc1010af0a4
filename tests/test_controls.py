"""chainlab.explorers.controls.Slider, the explorers' slider (issue 20): its range checks in Python, a log scale and
whole numbers, what explorer.set refuses, and its front end's arithmetic (slider.js, run in Node): the value at each
position of the track, and the readout written as Python's format writes it.

That a screen reader names it, and that keys and the mouse move it, is tested in a real browser
(tests/browser/test_accessibility.py, tests/browser/test_course_in_browser.py)."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import ipywidgets
import numpy as np
import pytest
import traitlets
from test_explorers import BY_NAME, CONSTRUCTORS

import chainlab.explorers.controls
from chainlab.explorers.base import ControlError
from chainlab.explorers.controls import Slider

SLIDER_JS = Path(chainlab.explorers.controls.__file__).with_name("slider.js")


def test_a_value_outside_the_range_is_clamped_to_it():
    slider = Slider(value=10.0, min=0.0, max=14.3, step=0.1, description="t")
    slider.value = 20.0
    assert slider.value == 14.3
    slider.value = -1
    assert slider.value == 0.0 and isinstance(slider.value, float)
    slider.value = np.float64(2.5)
    assert slider.value == 2.5 and type(slider.value) is float


def test_narrowing_the_range_moves_the_value_inside_and_an_empty_range_is_refused():
    slider = Slider(value=-2.0, min=-3.0, max=3.0)
    slider.min = -1.0
    assert slider.value == -1.0
    slider.max = -0.5
    assert (slider.value, slider.bounds) == (-1.0, (-1.0, -0.5))
    with pytest.raises(traitlets.TraitError, match="leaves no range"):
        slider.max = -2.0
    with pytest.raises(traitlets.TraitError, match="leaves no range"):
        slider.min = 0.0
    assert slider.bounds == (-1.0, -0.5)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), True, "1", None])
def test_a_value_that_is_not_a_finite_number_is_refused(bad):
    slider = Slider(value=0.5, description="x")
    with pytest.raises(traitlets.TraitError):
        slider.value = bad
    assert slider.value == 0.5


@pytest.mark.parametrize("name, bad", [("step", 0.0), ("step", -0.1), ("base", 0.0), ("step", float("nan"))])
def test_step_and_base_are_positive(name, bad):
    with pytest.raises(traitlets.TraitError, match="positive number"):
        Slider(**{name: bad})


def test_a_log_scale_takes_exponents_and_gives_the_value():
    slider = Slider(value=1.0, base=10, min=-6, max=0, step=0.1, readout_format=".4g")
    assert slider.bounds == (1e-6, 1.0)
    slider.value = 1e-9
    assert slider.value == pytest.approx(1e-6)
    slider.value = 0.0125
    assert slider.value == 0.0125  # any value in range, not only a power of the base
    slider.min = -1
    assert slider.value == pytest.approx(0.1)  # narrowing moves it inside, on the log scale too


def test_a_whole_slider_rounds_to_an_int_and_reads_out_whole_numbers():
    slider = Slider(value=2.0, min=0, max=6, step=1, whole=True)
    assert slider.value == 2 and isinstance(slider.value, int)
    assert slider.readout_format == "d"
    slider.value = 2.6
    assert slider.value == 3 and isinstance(slider.value, int)
    slider.value = 9
    assert slider.value == 6
    slider.value = np.int64(4)  # a numpy number is kept as a plain one, which the front end can be sent
    assert slider.value == 4 and type(slider.value) is int


@pytest.fixture(scope="module")
def explorer_sliders():
    """{"explorer.control": the traits of that slider}, for every slider of every ready-made explorer."""
    found = {}
    for constructor in CONSTRUCTORS:
        for name, control in constructor().controls.items():
            assert isinstance(control, (Slider, ipywidgets.Dropdown)), (constructor.__name__, name, type(control))
            if isinstance(control, Slider):
                assert control.description and control.min <= control.max and control.step > 0
                found[f"{constructor.__name__}.{name}"] = slider_traits(control)
    return found


def slider_traits(control):
    names = ("value", "min", "max", "step", "base", "whole", "description", "readout_format")
    return {name: getattr(control, name) for name in names}


def test_every_explorer_slider_is_a_chainlab_slider(explorer_sliders):
    assert len(explorer_sliders) >= len(CONSTRUCTORS)  # each explorer has a slider, and all are Sliders


def test_set_on_a_log_slider_refuses_what_it_cannot_take_in_real_values():
    explorer = BY_NAME["square_secant_explorer"]()
    before = explorer.values
    with pytest.raises(ControlError, match=re.escape("dx takes a number from 1e-06 to 1; 2 is not")):
        explorer.set(dx=2)
    with pytest.raises(ControlError, match=re.escape("dx takes a number from 1e-06 to 1; 0 is not")):
        explorer.set(dx=0)
    assert explorer.values == before
    explorer.set(dx=1e-6)
    assert explorer.values == {"dx": 1e-6}


def test_set_on_a_whole_slider_takes_a_whole_float_and_gives_an_int():
    explorer = BY_NAME["learning_rate_explorer"]()
    with pytest.raises(ControlError, match="steps takes a whole number from"):
        explorer.set(steps=3.5)
    explorer.set(steps=3.0)
    assert explorer.values["steps"] == 3 and isinstance(explorer.values["steps"], int)


# --- the front end's arithmetic, in Node ----------------------------------------------------------------------------

NODE_SCRIPT = """
import {formatted, scale, valueAt, positionOf} from %s;
const cases = JSON.parse(process.argv[1]);
const model = (traits) => ({get: (name) => traits[name]});
const out = {
  formatted: cases.formatted.map(([value, spec]) => formatted(value, spec)),
  sliders: cases.sliders.map((traits) => {
    const s = scale(model(traits));
    const values = [...Array(s.last + 1).keys()].map((k) => valueAt(s, k));
    return {last: s.last, values, back: values.map((v) => positionOf(s, v)), at: positionOf(s, traits.value)};
  }),
};
console.log(JSON.stringify(out));
"""


def run_slider_js(cases):
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed: the slider's front end cannot be run outside a browser")
    script = NODE_SCRIPT % json.dumps(SLIDER_JS.as_uri())
    ran = subprocess.run(
        [node, "--input-type=module", "-e", script, json.dumps(cases)], capture_output=True, text=True, check=False
    )
    assert ran.returncode == 0, ran.stderr
    return json.loads(ran.stdout)


SPECS = [".2f", ".4f", ".1f", ".0f", ".4g", "d"]
VALUES = [
    0.0,
    1.0,
    -1.0,
    0.5,
    -0.5,
    2.5,
    -2.5,
    0.125,
    0.375,
    1.5,
    2.0 / 3.0,
    1e-6,
    1.2589e-5,
    0.001,
    0.0125,
    0.05491,
    123456.0,
    14.2857,
    -0.04,
]


def test_the_readout_is_written_as_python_writes_it_with_a_true_minus():
    cases = [(value, spec) for spec in SPECS for value in VALUES if spec != "d" or value == int(value)]
    shown = run_slider_js({"formatted": cases, "sliders": []})["formatted"]
    expected = [format(int(v) if spec == "d" else v, spec).replace("-", "−") for v, spec in cases]
    assert shown == expected


def test_every_position_of_every_explorer_slider_is_a_value_it_takes_from_min_to_max(explorer_sliders):
    results = run_slider_js({"formatted": [], "sliders": list(explorer_sliders.values())})["sliders"]
    for (name, traits), result in zip(explorer_sliders.items(), results, strict=True):
        control = Slider(**traits)
        values, (low, high) = result["values"], control.bounds
        assert values[0] == pytest.approx(low, rel=1e-12) and values[-1] == pytest.approx(high, rel=1e-12), name
        assert all(a < b for a, b in zip(values, values[1:], strict=False)), f"{name}: not increasing"
        assert result["back"] == list(range(result["last"] + 1)), f"{name}: a value does not map back to its position"
        assert values[result["at"]] == pytest.approx(traits["value"], abs=control.step), f"{name}: starts elsewhere"
        for value in values:  # each is a value Python keeps as it is: the browser and the kernel agree
            control.value = value
            assert control.value == value, name
        if control.base is None and not control.whole:  # no float noise: 0.3, not 0.30000000000000004
            assert all(len(repr(v)) <= 8 for v in values[:-1]), (name, values[:5])
            steps = np.array(values[:-1]) - control.min
            np.testing.assert_allclose(steps / control.step, np.arange(len(steps)), atol=1e-9)
        if control.whole:
            assert all(isinstance(v, int) for v in values), name


def test_a_track_whose_range_is_not_a_whole_number_of_steps_ends_at_max(explorer_sliders):
    fall = explorer_sliders["fall_explorer.t"]
    result = run_slider_js({"formatted": [], "sliders": [fall]})["sliders"][0]
    assert result["values"][-1] == fall["max"] and result["values"][-2] < fall["max"]
    assert fall["max"] - result["values"][-2] < fall["step"]
