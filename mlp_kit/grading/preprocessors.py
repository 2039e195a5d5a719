"""An nbgrader preprocessor of our own, added to ``generate_assignment`` in nbgrader_config.py."""

from nbgrader.preprocessors import NbGraderPreprocessor


class ClearWidgetState(NbGraderPreprocessor):
    """Drop the notebook-level ipywidgets state from the student version.

    nbgrader clears outputs but leaves ``metadata.widgets``, where ipywidgets saves
    every widget's last values and plots: the solution's answers, shown to learners.
    """

    def preprocess(self, nb, resources):
        nb.metadata.pop("widgets", None)
        return nb, resources
