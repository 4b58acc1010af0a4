"""A stand-in for google.colab.output: records whether the custom widget manager was switched on."""

custom_widget_manager_enabled = False


def enable_custom_widget_manager():
    global custom_widget_manager_enabled
    custom_widget_manager_enabled = True
