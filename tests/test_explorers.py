"""Every ready-made explorer (each explorer module's EXPLORERS): every control position is finite and silent,
and moving a control redraws the figure by blitting, leaving the static figure intact."""

import base64
import html
import importlib
import io
import pkgutil
import re
import sys
import types
import warnings

import ipywidgets as widgets
import numpy as np
import pytest
from PIL import Image

import chainlab.explorers
from chainlab.explorers import base
from chainlab.explorers.base import Explorer, png_bytes

CONSTRUCTORS = [
    constructor
    for info in pkgutil.iter_modules(chainlab.explorers.__path__)
    for constructor in getattr(importlib.import_module(f"chainlab.explorers.{info.name}"), "EXPLORERS", ())
]

BY_NAME = {constructor.__name__: constructor for constructor in CONSTRUCTORS}


def moves(control):
    """Positions to move a control to: each differs from where it is now, so each move changes something."""
    return [value for value in positions(control) if value != control.value]


def positions(control):
    """Minimum, maximum and values between, or every option of a dropdown."""
    if isinstance(control, widgets.Dropdown):
        return list(control.options)
    if control.base is not None:
        return list(control.base ** np.linspace(control.min, control.max, 9))
    if control.whole:  # whole steps only: a fraction would round back to where it is
        return sorted({round(v) for v in np.linspace(control.min, control.max, 9)})
    return list(np.linspace(control.min, control.max, 9))


def pixels(explorer):
    return np.asarray(explorer.canvas.get_renderer().buffer_rgba()).copy()


def test_every_explorer_module_lists_its_explorers():
    modules = {info.name for info in pkgutil.iter_modules(chainlab.explorers.__path__)} - {"base", "controls", "live"}
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


# --- the picture, where ipympl cannot load ------------------------------------------------------------------------


@pytest.fixture
def no_ipympl(monkeypatch):
    """As on Colab: ipympl cannot be imported."""
    monkeypatch.setitem(sys.modules, "ipympl", None)
    monkeypatch.delitem(sys.modules, "chainlab.explorers.live", raising=False)
    monkeypatch.delitem(sys.modules, "ipympl.backend_nbagg", raising=False)


def shown_picture(explorer):
    """The pixels of the <img> the picture widget shows now, and its alt text."""
    match = re.fullmatch(r'<img alt="([^"]*)" src="data:image/png;base64,([^"]*)"/>', explorer.picture.value)
    assert match, explorer.picture.value[:200]
    return decoded(base64.b64decode(match[2])), html.unescape(match[1])


def test_live_figures_need_ipympl(no_ipympl):
    assert base.live_figures() is False


def test_on_colab_the_live_figure_switches_on_colabs_widget_manager(monkeypatch):
    calls = []
    colab, output = types.ModuleType("google.colab"), types.ModuleType("google.colab.output")
    output.enable_custom_widget_manager = lambda: calls.append("enabled")
    colab.output = output
    monkeypatch.setitem(sys.modules, "google.colab", colab)
    monkeypatch.setitem(sys.modules, "google.colab.output", output)
    assert base.live_figures() is True and calls == ["enabled"]


@pytest.mark.parametrize("constructor", CONSTRUCTORS, ids=lambda c: c.__name__)
def test_without_ipympl_a_picture_is_redrawn_on_every_move(constructor, no_ipympl):
    explorer = constructor()
    assert not explorer.live and "Redrawn picture" in explorer.widget.children[-1].value
    name, control = next((n, c) for n, c in explorer.controls.items() if not isinstance(c, widgets.Dropdown))
    before, alt_before = shown_picture(explorer)
    explorer.set(**{name: moves(control)[2]})
    after, alt_after = shown_picture(explorer)
    assert (before != after).any() and alt_after != alt_before
    assert alt_after == explorer.alt_text() and explorer.readout_text in alt_after
    explorer.canvas.draw()  # a full redraw shows what the picture shows
    np.testing.assert_array_equal(after, pixels(explorer))


# --- the readout, alt text and the note -------------------------------------------------------------------------


def test_the_readout_follows_every_move_in_a_live_region(explorer):
    assert "Live figure" in explorer.widget.children[-1].value
    name, control = next((n, c) for n, c in explorer.controls.items() if not isinstance(c, widgets.Dropdown))
    seen = {explorer.readout_text}
    for value in moves(control)[1:4]:
        explorer.set(**{name: value})
        seen.add(explorer.readout_text)
        live_region = explorer.readout_view.value
        assert live_region.startswith('<div role="status" aria-live="polite"')
        assert html.escape(explorer.readout_text) in live_region
    assert len(seen) == 4, "the readout did not change with the figure"


def test_the_static_figure_has_alt_text_that_says_what_it_shows(explorer):
    alt = explorer._repr_mimebundle_()["text/plain"]
    assert type(explorer).__name__ not in alt and "Figure" not in alt and len(alt) > 100
    assert alt == explorer.alt_text() and alt.endswith(explorer.readout_text)
    assert f'alt="{html.escape(alt)}"' in explorer._repr_mimebundle_()["text/html"]


def test_an_explorer_is_built_without_a_warning():
    for constructor in CONSTRUCTORS:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # traitlets' DeprecationWarning from ipympl's toolbar among them
            constructor()


# --- explorer.set with what a learner may type ------------------------------------------------------------------


def test_set_refuses_what_a_control_cannot_take_with_a_message_and_moves_nothing():
    explorer = BY_NAME["cube_explorer"]()  # x0 from −2.5 to 2.5
    before = explorer.values, explorer.readout_text
    with pytest.raises(base.ControlError, match=re.escape("this explorer has no control 'x'; its controls are x0")):
        explorer.set(x=1.0)
    for value, says in [
        ("1", "x0 takes a number from -2.5 to 2.5; '1' is not a number"),
        (None, "x0 takes a number from -2.5 to 2.5; None is not a number"),
        (True, "True is not a number"),
        (float("nan"), "x0 takes a number from -2.5 to 2.5; nan is not"),
        (float("inf"), "inf is not"),
        (7, "x0 takes a number from -2.5 to 2.5; 7 is not"),
    ]:
        with pytest.raises(base.ControlError, match=re.escape(says)):
            explorer.set(x0=value)
    with pytest.raises(base.ControlError):
        explorer.set(x0=0.5, x=2)  # one bad name: nothing moves, not even x0
    assert (explorer.values, explorer.readout_text) == before
    explorer.set(x0=np.float64(-2.5))  # any real number in range, numpy's too
    assert explorer.values == {"x0": -2.5}
    assert base.ControlError("no")._render_traceback_() == ["ControlError: no"]  # Jupyter shows no traceback


def test_set_names_whole_numbers_and_choices():
    steps = BY_NAME["backward_explorer"]()
    with pytest.raises(base.ControlError, match=re.escape("step takes a whole number from 0 to 6; 2.5 is not")):
        steps.set(step=2.5)
    steps.set(step=2.0)
    assert steps.values == {"step": 2}
    chain = BY_NAME["slopes_multiply_explorer"]()
    with pytest.raises(
        base.ControlError, match="example is one of 'y = \\(2x² \\+ 8\\)²', .*; 'x²' is not one of them"
    ):
        chain.set(example="x²")


def test_a_menu_choice_is_made_first_so_a_value_is_checked_against_its_new_range():
    """Found by a learner in 02: set(example=..., x=...) checked x against the old example's range, and
    set(x=..., example=...) let the new example reset x; a refusal still leaves everything as it was."""
    from chainlab.explorers.chain import EXAMPLES, slopes_multiply_explorer

    explorer = slopes_multiply_explorer()
    first, second, third = EXAMPLES
    explorer.set(example=second, x=-5)
    assert explorer.values == {"example": second, "x": -5.0}
    explorer.set(x=2.0, example=third)
    assert explorer.values == {"example": third, "x": 2.0}
    with pytest.raises(base.ControlError, match="from -3 to 3"):
        explorer.set(example=first, x=-6)
    assert explorer.values == {"example": third, "x": 2.0}
