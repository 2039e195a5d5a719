"""mlp_kit.testing: exercise assertions fail on wrong answers with readable messages."""

import numpy as np
import pytest

from mlp_kit.testing import ExerciseFailure, assert_close, assert_equal, assert_shape, assert_true


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: assert_equal([0, 0, 0, 0], [0, 0, 0, 1], "tlu"),
         "tlu: returned [0. 0. 0. 0.], expected [0. 0. 0. 1.] "
         "(1 of 4 values differ, first at index 3: got 0, expected 1)."),
        (lambda: assert_equal(None, 3, "count"), "count: your code returned None. Did you forget `return`?"),
        (lambda: assert_equal(True, 1, "n"), "n: returned True of type bool, expected 1 of type int."),
        (lambda: assert_equal("relu", "sigmoid", "activation"),
         "activation: returned 'relu', expected 'sigmoid'."),
        (lambda: assert_close([1.0, 2.0], [1.0, 2.5], "f(x)"),
         "1 of 2 values differ, first at index 1: got 2, expected 2.5"),
        (lambda: assert_close(np.ones((2, 3)), np.ones((3, 2)), "W"),
         "W: returned shape (2, 3), expected shape (3, 2)"),
        (lambda: assert_close([np.nan], [1.0], "loss"), "loss: returned non-finite values"),
        (lambda: assert_close("abc", [1.0], "x"), "x: expected numbers, but your code returned str"),
        (lambda: assert_shape(np.zeros((4, 2)), (2, 4), "Y"),
         "Y: returned an array of shape (4, 2), expected shape (2, 4)."),
        (lambda: assert_true(False, "the loss must fall"), "the loss must fall"),
    ],
)
def test_failures_say_what_was_returned_and_expected(call, message):
    with pytest.raises(ExerciseFailure) as err:
        call()
    assert message in str(err.value)


class EqualsEverything:
    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


def test_objects_that_equal_everything_do_not_pass():
    with pytest.raises(ExerciseFailure, match="of type EqualsEverything"):
        assert_equal(EqualsEverything(), 3, "count")
    with pytest.raises(ExerciseFailure):
        assert_close(EqualsEverything(), [1.0, 2.0], "values")


def test_correct_answers_pass():
    assert_equal(np.int64(3), 3, "n")
    assert_equal((28, 28), (28, 28), "shape")
    assert_equal(False, False, "flag")
    assert_close([0.1 + 0.2], [0.3], "sum")
    assert_shape([[1, 2]], (1, 2), "row")
