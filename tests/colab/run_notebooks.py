"""Run notebooks top to bottom in the Colab-like environment (tests/test_colab.py builds it and calls this with its
Python): each notebook, with one more cell at its end that moves every control of every explorer it built.

Usage: run_notebooks.py OUT_DIR NOTEBOOK...; each executed notebook is written to OUT_DIR under its own name.
"""

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

# The last cell: every explorer the notebook built, each control moved to both ends and its middle (every option of
# a dropdown). Prints one line, "EXPLORERS " and JSON: per explorer, whether it is live, and per control how many moves
# changed its picture and its readout.
MOVE_EVERY_CONTROL = """
import gc
import json

import google.colab
import ipywidgets
from chainlab.explorers.base import Explorer


def _positions(control):
    if isinstance(control, ipywidgets.Dropdown):
        return list(control.options)
    if control.base is not None:  # a log scale: min and max are exponents
        return [control.base**control.max, control.base**control.min, control.base ** ((control.min + control.max) / 2)]
    middle = (control.min + control.max) / 2
    return [control.max, control.min, round(middle) if control.whole else middle]


_found = []
for _explorer in [o for o in gc.get_objects() if isinstance(o, Explorer)]:
    _moved = {}
    for _name, _control in _explorer.controls.items():
        _pictures = _readouts = 0
        for _value in _positions(_control):
            _before = (getattr(_explorer, "picture", None) and _explorer.picture.value, _explorer.readout_text)
            _explorer.set(**{_name: _value})
            _pictures += getattr(_explorer, "picture", None) is not None and _explorer.picture.value != _before[0]
            _readouts += _explorer.readout_text != _before[1]
        _moved[_name] = [_pictures, _readouts]
    _found.append({"explorer": type(_explorer).__name__, "live": _explorer.live, "moved": _moved})
print("EXPLORERS " + json.dumps({
    "explorers": _found,
    "pip": _colab_pip_calls,
    "custom_widget_manager": google.colab.output.custom_widget_manager_enabled,
}))
"""


def main(out_dir, *paths):
    for path in map(Path, paths):
        nb = nbformat.read(path, as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell(MOVE_EVERY_CONTROL))
        where = {"metadata": {"path": str(path.parent)}}
        NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True, resources=where).execute()
        nbformat.write(nb, Path(out_dir) / path.name)


if __name__ == "__main__":
    main(*sys.argv[1:])
