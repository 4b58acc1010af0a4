"""Chain Rule Lab helpers."""
