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


def test_rise_over_run_between_two_points_is_named_as_a_secant():
    """7 and 19 are slopes of straight lines through x = 2 and a neighbour: the school slope, not the tangent's."""
    for secant, points in ((7, "from x = 1 to x = 2"), (19, "from x = 2 to x = 3")):
        message = check("00.1", secant).message
        assert f"rise over run {points}" in message and "tangent" in message


def test_a_ratio_to_the_right_answer_is_offered_honestly_as_a_possible_factor():
    message = check("00.1", 2).message
    assert "exactly 1/6 of the right one. If that is no accident" in message


def test_two_mistakes_with_one_hint_show_it_once():
    from chainlab.exercises.engine import _one_or_several

    assert _one_or_several(["a", "a"]) == "a"
    assert _one_or_several(["a", "b", "a"]).count("• a") == 1


def test_a_float_is_not_offered_the_xor_hint_that_only_whole_numbers_can_come_from():
    """3 * 2 ^ 2 is the whole number 4; 4.0 was typed or computed another way, so only 2² = 4 fits it."""
    from chainlab.exercises.engine import XOR_HINT

    assert XOR_HINT not in check("00.1", 4.0).message
    assert XOR_HINT in check("00.1", 3 * 2 ^ 2).message
