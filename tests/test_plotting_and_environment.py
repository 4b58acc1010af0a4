"""chainlab.plotting (the course look, tangent lines) and chainlab.environment (the install check)."""

import sys
from importlib.metadata import PackageNotFoundError, requires
from importlib.metadata import version as installed_version

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from chainlab import environment
from chainlab.plotting import PALETTE, course_style, padded_range, plot_with_tangent, tangent_line

REQUIRED = {r.split(">")[0].split("=")[0].split("<")[0].strip() for r in requires("chainlab")}


def test_tangent_line_passes_through_the_point_with_the_slope():
    xs = np.array([0.0, 1.0, 3.0])
    np.testing.assert_allclose(tangent_line(1.0, 2.0, 3.0, xs), [-1.0, 2.0, 8.0])


def test_padded_range_widens_by_a_fraction_of_the_spread():
    assert padded_range([3.0, -1.0, 1.0]) == pytest.approx((-1.4, 3.4))
    assert padded_range(np.array([0.0, 10.0]), 0.04) == pytest.approx((-0.4, 10.4))


def test_plot_with_tangent_computes_the_slope_when_not_given():
    with course_style():
        ax = Figure().subplots()
    artists = plot_with_tangent(ax, lambda x: x**2, 1.5, np.linspace(0, 3, 31))
    xs, ys = artists.tangent.get_data()
    np.testing.assert_allclose(np.diff(ys) / np.diff(xs), 3.0)
    assert artists.point.get_data()[1][0] == pytest.approx(2.25)


def test_course_style_uses_the_colour_blind_safe_palette():
    with course_style():
        cycle = [to_hex(c) for c in plt.rcParams["axes.prop_cycle"].by_key()["color"]]
    assert cycle == [c.lower() for c in PALETTE.values()]


def test_environment_report_says_ok_when_everything_is_installed(capsys):
    environment.report()
    out = capsys.readouterr().out
    assert out.strip().endswith("Everything is in place.")
    assert {line.split()[0] for line in out.splitlines()[1:-1]} == REQUIRED


def test_environment_report_names_missing_and_old_packages(monkeypatch, capsys):
    monkeypatch.setattr(environment, "version", missing_torch_and_old_numpy)
    environment.report()
    out = capsys.readouterr().out
    assert "MISSING: install it with  pip install 'torch>=" in out
    assert "TOO OLD: the course needs >=" in out
    assert "2 problem(s)" in out


@pytest.mark.parametrize("python", ["3.11.2", "3.12.0", "3.13.5"])
def test_the_supported_pythons_are_ok(monkeypatch, capsys, python):
    monkeypatch.setattr(environment.platform, "python_version", lambda: python)
    environment.report()
    assert capsys.readouterr().out.splitlines()[0].split() == ["python", python.rsplit(".", 1)[0], "ok"]


def test_another_python_gets_advice_but_no_stop(monkeypatch, capsys):
    monkeypatch.setattr(environment.platform, "python_version", lambda: "3.14.0")
    environment.ensure_installed()  # no stop
    environment.report()
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("python       3.14         the course is tested on Python ")
    assert ">=3.11" in first and "<3.14" in first


def missing_torch_and_old_numpy(name):
    if name == "torch":
        raise PackageNotFoundError(name)
    return "0.1" if name == "numpy" else installed_version(name)


def test_a_too_new_package_is_named_too_new(monkeypatch):
    monkeypatch.setattr(environment, "version", lambda name: "9.0" if name == "ipywidgets" else installed_version(name))
    with pytest.raises(environment.MissingPackages, match="ipywidgets +9.0 +TOO NEW: the course needs <9"):
        environment.ensure_installed()


def test_ensure_installed_is_silent_when_everything_is_installed(capsys):
    environment.ensure_installed()
    assert capsys.readouterr().out == ""


def test_ensure_installed_stops_naming_what_to_install(monkeypatch):
    monkeypatch.setattr(environment, "version", missing_torch_and_old_numpy)
    with pytest.raises(environment.MissingPackages) as stopped:
        environment.ensure_installed()
    shown = "\n".join(stopped.value._render_traceback_())  # what Jupyter shows: the message, no traceback
    assert "MISSING: install it with  pip install 'torch>=" in shown
    assert "TOO OLD: the course needs >=" in shown and "pip install 'numpy>=" in shown
    assert "restart the kernel" in shown
    assert "matplotlib" not in shown  # only the problems


def test_the_check_speaks_even_without_packaging(monkeypatch):
    monkeypatch.setitem(sys.modules, "packaging.requirements", None)  # import of it now fails
    with pytest.raises(
        environment.MissingPackages, match="packaging .*MISSING: install it with  pip install 'packaging>="
    ):
        environment.ensure_installed()


def test_the_environment_module_imports_nothing_outside_the_standard_library():
    source = environment.__file__
    with open(source) as module:
        top_level_imports = [line for line in module if line.startswith(("import ", "from "))]
    assert all(line.split()[1].split(".")[0] in sys.stdlib_module_names for line in top_level_imports), (
        top_level_imports
    )


def test_a_graph_drawing_is_a_figure_outside_pyplot_with_the_graph_in_words():
    from chainlab.autodiff import Value, draw_graph
    from chainlab.plotting import NotebookFigure

    figure = draw_graph(Value(1.0, label="a") * 2)
    assert isinstance(figure, NotebookFigure)
    assert "Computational graph of 2 nodes" in figure._repr_mimebundle_()["text/plain"]
    assert plt.get_fignums() == []  # nothing left open in pyplot


def test_show_displays_a_pyplot_figure_once_with_its_alt_text_and_closes_it(monkeypatch):
    from IPython import display as ipython_display

    from chainlab.plotting import show

    shown = []
    monkeypatch.setattr(ipython_display, "display", lambda bundle, raw: shown.append(bundle))
    figure, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    show(figure, alt="A rising line from (0, 0) to (1, 1).")
    assert [b["text/plain"] for b in shown] == ["A rising line from (0, 0) to (1, 1)."]
    assert plt.get_fignums() == []


def test_a_figure_is_shown_with_its_alt_text_and_refused_without_one():
    from chainlab.plotting import NotebookFigure, image_bundle, png_of

    with course_style():
        figure = NotebookFigure()
        figure.subplots().plot([0, 1], [1, 0])
    with pytest.raises(ValueError, match="alt text"):
        figure._repr_mimebundle_()
    figure.alt = 'A falling line from (0, 1) to (1, 0): the "slope" is −1.'
    bundle = figure._repr_mimebundle_()
    assert bundle["text/plain"] == figure.alt
    assert bundle["text/html"].startswith(
        '<img alt="A falling line from (0, 1) to (1, 0): the &quot;slope&quot; is −1."'
    )
    assert png_of(figure).startswith(b"\x89PNG")
    with pytest.raises(ValueError, match="alt text"):
        image_bundle(png_of(figure), "Figure")
