"""Notebook 00's one exercise: each likely wrong answer is named for what it is."""

from chainlab.exercises import check


def test_the_right_answer_and_a_rearrangement_pass():
    assert check("00.1", 12).correct
    assert check("00.1", 3 * 2 * 2).correct


def test_the_slope_at_the_explorers_start_is_named_as_the_wrong_point():
    """3 is read off the explorer where it starts, at x₀ = 1: a wrong point, not a missing factor."""
    message = check("00.1", 3.0).message
    assert "slope at x = 1" in message and "Move x₀ to 2" in message
    assert "factor" not in message


def test_the_height_is_not_the_slope():
    assert "height of the curve" in check("00.1", 2**3).message
