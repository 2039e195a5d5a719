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


def test_jupyter_shows_the_failing_lines_of_the_learners_cells_then_the_message():
    """No frames from inside mlp_kit.testing: where in *their* cells, then what went wrong."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in [
        "import numpy as np\nfrom mlp_kit.testing import assert_close",
        "def check(v):\n    assert_close(v, [1, 2], 'f(x)')",
        "x = 1\ncheck(np.array([1, 3]))",
    ]]
    NotebookClient(nb, kernel_name="python3", allow_errors=True, timeout=60).execute()
    (error,) = nb.cells[2].outputs
    assert error.output_type == "error" and error.ename == "ExerciseFailure"
    assert error.traceback == [
        "Cell In[3], line 2: check(np.array([1, 3]))",
        "Cell In[2], line 2: assert_close(v, [1, 2], 'f(x)')",
        f"ExerciseFailure: {error.evalue}",
    ]
    assert error.evalue.startswith("f(x): returned [1. 3.], expected [1. 2.]")


def test_outside_jupyter_the_rendering_names_files():
    try:
        assert_close(np.array([1.0]), [2.0], "h(x)")
    except ExerciseFailure as exc:
        lines = exc._render_traceback_()
    assert lines[-1].startswith("ExerciseFailure: h(x): returned [1.], expected [2.]")
    assert lines[0].startswith("test_testing.py, line ") and "assert_close(np.array([1.0])" in lines[0]
    assert not any("mlp_kit" in line for line in lines[:-1])


# ---- without_kit: an exercise test refuses the kit's own answer


def _my_windows(series, steps):
    return np.stack([series[i:i + steps] for i in range(len(series) - steps + 1)])


def test_without_kit_runs_the_learners_own_answer_and_leaves_the_kit_working():
    from mlp_kit import conv, sequences
    from mlp_kit.testing import without_kit

    mine = without_kit(_my_windows, sequences.sliding_windows, conv.conv2d)
    assert mine(np.arange(5.0), 3).shape == (3, 3)
    assert sequences.sliding_windows(np.arange(5.0), 3)[0].shape == (2, 3, 1)     # restored
    assert conv.conv2d(np.ones((3, 3)), np.ones((2, 2))).shape == (2, 2)


def _by_module(series, steps):
    from mlp_kit import sequences
    return sequences.sliding_windows(series, steps)[0]


def _by_alias(series, steps):
    from mlp_kit.sequences import sliding_windows as cut
    return cut(series, steps)[0]


def _by_lambda(series, steps):
    from mlp_kit import sequences
    cut = lambda s: sequences.sliding_windows(s, steps)[0]  # noqa: E731
    return cut(series)


@pytest.mark.parametrize("answer", [_by_module, _by_alias, _by_lambda])
def test_without_kit_refuses_the_kit_function_by_any_route(answer):
    from mlp_kit import sequences
    from mlp_kit.testing import ExerciseFailure, without_kit

    assert answer(np.arange(6.0), 2).shape == (4, 2, 1)                    # fine outside the wrapper
    with pytest.raises(ExerciseFailure, match=r"this calls mlp_kit\.sequences\.sliding_windows, the kit's own"):
        without_kit(answer, sequences.sliding_windows)(np.arange(6.0), 2)
    assert answer(np.arange(6.0), 2).shape == (4, 2, 1)                    # and fine again after it


def test_without_kit_nests_and_rejects_what_it_cannot_wrap():
    from mlp_kit import sequences
    from mlp_kit.testing import ExerciseFailure, without_kit

    inner = without_kit(_by_module, sequences.sliding_windows)
    outer = without_kit(lambda s, t: inner(s, t), sequences.sliding_windows)
    with pytest.raises(ExerciseFailure):
        outer(np.arange(6.0), 2)
    assert _by_module(np.arange(6.0), 2).shape == (4, 2, 1)
    with pytest.raises(ExerciseFailure, match="expected a function"):
        without_kit(None, sequences.sliding_windows)
    with pytest.raises(TypeError, match="plain kit function"):
        without_kit(_my_windows, np.mean)


def test_without_kit_asks_the_grader_to_run_the_test_in_the_kernel():
    """In mlp-kit grade's judge the answer is a proxy to the learner's kernel: withholding must happen there."""
    from mlp_kit import sequences
    from mlp_kit.grading.judge import CannotJudge, Remote
    from mlp_kit.testing import without_kit

    proxy_type = type("function", (Remote,), {"__slots__": (), "__module__": "builtins"})   # as the judge names it
    with pytest.raises(CannotJudge, match="withholds kit functions"):
        without_kit(proxy_type(None, {}, 0), sequences.sliding_windows)


def test_without_kit_withholds_a_decorated_kit_function():
    """activations.softmax is wrapped by np.errstate: the function inside is the one withheld."""
    from mlp_kit import activations
    from mlp_kit.testing import ExerciseFailure, without_kit

    def mine(z):
        return activations.softmax(z)

    with pytest.raises(ExerciseFailure, match="this calls mlp_kit.activations.softmax, the kit's own answer"):
        without_kit(mine, activations.softmax, activations.log_softmax)(np.zeros(3))
    np.testing.assert_allclose(activations.softmax(np.zeros(3)), np.full(3, 1 / 3))   # restored
