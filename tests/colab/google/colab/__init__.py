"""A stand-in for Colab's own package, enough for the course: its presence in sys.modules is how code knows it runs on
Colab, and output.enable_custom_widget_manager is what third-party widgets such as ipympl need there."""

from google.colab import output

__all__ = ["output"]
