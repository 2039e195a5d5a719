"""Instructor tooling behind ``mlp-kit grade`` and ``mlp-kit collect``.

One idea per module, in the order a submission meets them:

- ``collect``: an LMS download -> ``DIR/<student>/<lesson>/<lesson>.ipynb``
- ``course``, ``lesson``: the nbgrader course and the instructor's notebook (the grading plan)
- ``submission``: a submitted notebook, however damaged -> the student's answers
- ``sandbox``: the one place the student code's sandbox is configured
- ``kernel``: a sandboxed Jupyter kernel driven cell by cell, surviving its death
- ``agent`` (inside the kernel), ``wire``, ``judge``: tests run outside the kernel
- ``runner``: one submission, cell by cell, with per-exercise isolation
- ``scoring``: a student's result and status
- ``gradebook``, ``report``: nbgrader's gradebook; grades.csv, feedback, summary
- ``batch``: the whole class in parallel, resumable (the ``grade`` command)

Importing this package imports nothing heavy; see docs/grading.md.
"""
