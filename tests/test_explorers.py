"""Every ready-made explorer (each explorer module's EXPLORERS): every control position is finite and silent,
and moving a control redraws the figure by blitting, leaving the static figure intact."""

import importlib
import io
import pkgutil
import warnings

import ipywidgets as widgets
import numpy as np
import pytest
from PIL import Image

import chainlab.explorers
from chainlab.explorers.base import Explorer, png_bytes

CONSTRUCTORS = [
    constructor
    for info in pkgutil.iter_modules(chainlab.explorers.__path__)
    for constructor in getattr(importlib.import_module(f"chainlab.explorers.{info.name}"), "EXPLORERS", ())
]


def moves(control):
    """Positions to move a control to: each differs from where it is now, so each move changes something."""
    return [value for value in positions(control) if value != control.value]


def positions(control):
    """Minimum, maximum and values between, or every option of a dropdown."""
    if isinstance(control, widgets.Dropdown):
        return list(control.options)
    if isinstance(control, widgets.FloatLogSlider):
        return list(control.base ** np.linspace(control.min, control.max, 9))
    if isinstance(control, widgets.IntSlider):  # whole steps only: a fraction would round back to where it is
        return sorted({round(v) for v in np.linspace(control.min, control.max, 9)})
    return list(np.linspace(control.min, control.max, 9))


def pixels(explorer):
    return np.asarray(explorer.canvas.get_renderer().buffer_rgba()).copy()


def test_every_explorer_module_lists_its_explorers():
    modules = {info.name for info in pkgutil.iter_modules(chainlab.explorers.__path__)} - {"base", "live"}
    listed = {constructor.__module__.rsplit(".", 1)[1] for constructor in CONSTRUCTORS}
    assert modules == listed


@pytest.fixture(params=CONSTRUCTORS, ids=lambda c: c.__name__)
def explorer(request):
    built = request.param()
    assert isinstance(built, Explorer)
    built.canvas.draw()  # what the browser asks for first: a full draw, which saves the background
    return built


def artist_counts(explorer):
    return [(len(ax.lines), len(ax.texts), len(ax.patches)) for ax in explorer.figure.axes]


def test_every_control_position_is_finite_and_silent(explorer):
    built = artist_counts(explorer)
    for name, control in explorer.controls.items():
        for value in positions(control):
            with warnings.catch_warnings(), np.errstate(over="raise", divide="raise", invalid="raise"):
                warnings.simplefilter("error")
                explorer.set(**{name: value})
                explorer.canvas.draw()
            for ax in explorer.figure.axes:
                assert np.all(np.isfinite([*ax.get_xlim(), *ax.get_ylim()])), (name, value)
                for line in ax.lines:
                    assert np.all(np.isfinite(np.asarray(line.get_xydata(), dtype=float))), (name, value, line)
    assert artist_counts(explorer) == built  # built once: moving controls only moves artists


def test_moving_a_control_blits_a_changed_figure(explorer):
    name, control = next((n, c) for n, c in explorer.controls.items() if not isinstance(c, widgets.Dropdown))
    before = pixels(explorer)
    explorer.set(**{name: moves(control)[2]})
    after = pixels(explorer)
    assert (before != after).any()
    explorer.set(**{name: moves(control)[-3]})
    assert (pixels(explorer) != after).any()


def test_blitting_leaves_what_a_full_redraw_would_show(explorer):
    name, control = next((n, c) for n, c in explorer.controls.items() if not isinstance(c, widgets.Dropdown))
    for value in moves(control)[1:4]:
        explorer.set(**{name: value})
    blitted = pixels(explorer)
    explorer.canvas.draw()
    np.testing.assert_array_equal(blitted, pixels(explorer))


def test_the_static_figure_is_a_png(explorer):
    assert explorer.static_png().startswith(b"\x89PNG")
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"].startswith("<img")


def decoded(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


@pytest.mark.parametrize("shape", [(1, 1, 4), (7, 5, 4), (390, 900, 4)])
def test_frames_are_pngs_of_exactly_the_pixels(shape):
    rgba = np.random.default_rng(0).integers(0, 256, shape, dtype=np.uint8)
    np.testing.assert_array_equal(decoded(png_bytes(rgba)), rgba)


def test_the_frames_sent_after_a_move_rebuild_the_figure(explorer, monkeypatch):
    """What the browser does with a diff frame: lay its non-zero pixels over the last frame, from the top-left corner
    (a diff frame may leave out the unchanged rows and columns at the bottom and right)."""
    sent = []
    monkeypatch.setattr(explorer.canvas, "send_binary", sent.append)
    name, control = next((n, c) for n, c in explorer.controls.items() if not isinstance(c, widgets.Dropdown))
    shown = pixels(explorer)
    for value in moves(control)[1:4]:
        explorer.set(**{name: value})
        frame = decoded(sent[-1]).view(np.uint32)
        height, width = frame.shape[:2]
        shown = shown.copy()
        under = shown[:height, :width].view(np.uint32)
        shown[:height, :width] = np.where(frame != 0, frame, under).view(np.uint8)
        np.testing.assert_array_equal(shown, pixels(explorer))
