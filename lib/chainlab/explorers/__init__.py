"""The course's interactive figures, one module per explorer; each module offers ready-made ones."""
