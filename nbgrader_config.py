"""The repository root is an nbgrader course.

    solutions/<lesson>/<lesson>.ipynb   instructor source (nbgrader's "source")
    lessons/<lesson>/<lesson>.ipynb     what learners get (nbgrader's "release")

Plain ``nbgrader generate_assignment / autograde / generate_feedback / export``
work from this folder; ``mlp-kit grade`` adds parallel, sandboxed grading.
"""

from nbgrader.converters import GenerateAssignment

from mlp_kit.grading.lesson import ANSWER_STUB
from mlp_kit.grading.preprocessors import ClearWidgetState

c = get_config()  # noqa: F821  (injected by traitlets when nbgrader loads this file)

c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "lessons"
c.CourseDirectory.course_id = "keras-mlp-course"

# Small Keras models train for several seconds per cell on 2 CPU cores:
# nbgrader's 30 s default per cell is too short.
c.Execute.timeout = 120

# What learners see in place of a solution.
c.ClearSolutions.code_stub = {"python": ANSWER_STUB}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# TensorFlow and friends write harmless lines to stderr, and nbgrader scores a
# test cell that wrote anything to stderr as 0.  A failing test raises (an
# "error" output), so dropping stderr streams never hides a real failure.
c.IgnorePattern.enabled = True
c.IgnorePattern.pattern = r"[\s\S]*"

# A learner who deletes a test cell still gets that test run: autograde puts
# the instructor's cell back (locked cells that were edited are restored anyway).
c.OverwriteCells.add_missing_cells = True

# Student versions also lose the saved widget state (the solution's plots and values).
c.GenerateAssignment.preprocessors = [
    *GenerateAssignment.class_traits()["preprocessors"].default(), ClearWidgetState]
