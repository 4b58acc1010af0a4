"""IPython startup for the Colab-like kernel: google.colab is imported before any cell, as on Colab, and %pip only
records what it was asked to install (chainlab is installed from the checkout already, and nothing may be fetched)."""

import google.colab  # noqa: F401
from IPython import get_ipython

pip_calls = []


def pip(line):
    pip_calls.append(line)


get_ipython().register_magic_function(pip, "line", "pip")
get_ipython().user_ns["_colab_pip_calls"] = pip_calls
