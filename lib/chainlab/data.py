"""Data sets the course makes itself (no downloads): ``two_moons``, for training a small classifier.

Every data set is drawn from the numpy Generator passed in, so a seeded ``np.random.default_rng`` gives the same
points on every run and every machine.
"""

import numpy as np


def two_moons(n, rng, noise=0.1):
    """n points of two interleaved half circles, labelled −1 and +1, with Gaussian noise.

    Returns (points, labels): points of shape (n, 2), labels of shape (n,), the first n // 2 labelled −1 (the upper
    moon), the rest +1 (the lower one).
    """
    upper, lower = n // 2, n - n // 2
    t_upper, t_lower = rng.uniform(0, np.pi, upper), rng.uniform(0, np.pi, lower)
    x = np.concatenate([np.cos(t_upper), 1 - np.cos(t_lower)])
    y = np.concatenate([np.sin(t_upper), 0.5 - np.sin(t_lower)])
    points = np.column_stack([x, y]) + rng.normal(0, noise, (n, 2))
    labels = np.concatenate([-np.ones(upper), np.ones(lower)])
    return points, labels
