"""What ``check`` returns: one ``Finding`` per problem, collected in ``Findings``.

Every code has one fixed severity, listed in ``CODES`` (code → (severity, one line)).
A check never invents a code: ``finding()`` looks the severity up here, so the
table in the package docstring, the registry and the findings cannot drift apart.
"""

import html
from dataclasses import dataclass

SEVERITIES = ("error", "warning", "info")

CODES = {
    # -- output layer, loss and targets (heads.py)
    "softmax-single-unit": ("error", "Dense(1, activation='softmax') always outputs 1.0, so nothing is learned."),
    "categorical-single-unit": ("error", "categorical cross-entropy on a single output unit is always 0."),
    "logits-without-from-logits": ("error", "an output without activation (logits) goes to a cross-entropy "
                                            "that expects probabilities."),
    "softmax-multilabel": ("error", "softmax output on multi-label targets (rows of y with several 1s)."),
    "categorical-loss-multilabel": ("error", "categorical cross-entropy on multi-label targets."),
    "sparse-loss-onehot": ("error", "sparse_categorical_crossentropy with one-hot (or multi-label) y."),
    "categorical-loss-int-labels": ("error", "categorical_crossentropy with integer class labels."),
    "binary-loss-targets": ("error", "binary cross-entropy with targets outside [0, 1] (e.g. class ids 0..9)."),
    "units-mismatch": ("error", "output units differ from the number of classes or target columns."),
    "output-rank": ("error", "the output keeps time or space axes but y has one label per sample."),
    "output-range": ("error", "the output activation cannot reach the regression targets."),
    "loss-unknown": ("error", "a loss name Keras does not know."),
    "sigmoid-categorical": ("warning", "sigmoid outputs with (sparse) categorical cross-entropy."),
    "binary-loss-softmax": ("warning", "binary cross-entropy on a softmax output with more than 2 classes."),
    "from-logits-activation": ("warning", "from_logits=True on a softmax/sigmoid output: a double activation."),
    # -- the stack of layers (stack.py)
    "rnn-input-2d": ("error", "a recurrent layer gets 2-D input: 'expected ndim=3, found ndim=2'."),
    "layer-input-ndim": ("error", "a layer gets input of the wrong rank, e.g. Conv2D on (28, 28)."),
    "shape-error": ("error", "Keras cannot apply a layer to its input shape (e.g. a Reshape of the wrong size)."),
    "linear-stack": ("warning", "Dense/Conv layers with no nonlinearity between them collapse into one linear map."),
    "input-shape-later": ("warning", "input_shape/input_dim on a later layer disagrees with what it gets "
                                     "(Keras 3 ignores it)."),
    "channels-first-model": ("warning", "the model input looks channels-first, e.g. Input((3, 150, 150)) "
                                        "before Conv2D."),
    "input-shape-ignored": ("info", "input_shape/input_dim on a later layer is ignored by Keras 3."),
    "dense-after-flatten": ("info", "a Dense layer after Flatten of a feature map holds most of the parameters."),
    "shapes-unknown": ("info", "the model has no input shape yet, so shape checks were skipped."),
    "subclassed-model": ("info", "a subclassed model hides how its layers connect; only data and loss "
                                 "were checked."),
    # -- the training data (data.py)
    "x-shape-mismatch": ("error", "x does not have the shape the model's input expects."),
    "channels-first-data": ("error", "x is channels-first (N, 3, H, W) but the model is channels-last."),
    "xy-length": ("error", "x and y have different numbers of samples."),
    "validation-split-unseen": ("error", "validation_split would validate on classes the training part "
                                         "never shows."),
    "pixels-unscaled": ("warning", "image-like x in 0-255 reaches the model without scaling."),
    "validation-split-skewed": ("warning", "validation_split would validate on very different class "
                                           "proportions (sorted labels)."),
}


@dataclass(frozen=True)
class Finding:
    """One problem: a stable ``code``, its ``severity``, the ``layer`` name (or None) and a ``message``.

    ``message`` says what is wrong, why it matters, and ends with the fix;
    ``fix`` is that fix alone (Keras 3 / NumPy code).
    """

    code: str
    severity: str
    layer: str | None
    message: str
    fix: str = ""

    def __str__(self):
        where = f" (layer {self.layer!r})" if self.layer else ""
        return f"[{self.severity}] {self.code}{where}: {self.message}"


def finding(code, layer, what, why, fix):
    """Build the Finding for ``code``; the message is ``what why Fix: fix``."""
    severity = CODES[code][0]
    message = f"{what} {why} Fix: {fix}" if fix else f"{what} {why}"
    return Finding(code, severity, layer, message, fix)


_COLOURS = {"error": "#b00020", "warning": "#b36b00", "info": "#1f5fa8"}


class Findings(list):
    """The list of findings ``check`` returns, errors first; prints as a report.

    ``str(findings)`` is a plain-text report, ``findings._repr_html_()`` a table
    for notebooks. ``findings.codes`` lists the codes, ``findings.errors`` /
    ``.warnings`` / ``.infos`` filter by severity, ``findings.ok`` is True when
    there is no error and no warning.
    """

    def __init__(self, items=()):
        order = {s: i for i, s in enumerate(SEVERITIES)}
        super().__init__(sorted(items, key=lambda f: order[f.severity]))

    @property
    def codes(self):
        return [f.code for f in self]

    @property
    def errors(self):
        return [f for f in self if f.severity == "error"]

    @property
    def warnings(self):
        return [f for f in self if f.severity == "warning"]

    @property
    def infos(self):
        return [f for f in self if f.severity == "info"]

    @property
    def ok(self):
        return not self.errors and not self.warnings

    def summary(self):
        if not self:
            return "doctor: no problems found."
        counts = [(len(group), name) for group, name in
                  ((self.errors, "error"), (self.warnings, "warning"), (self.infos, "info"))]
        parts = [f"{n} {name}{'s' if n != 1 and name != 'info' else ''}" for n, name in counts if n]
        return f"doctor: {', '.join(parts)}."

    def __str__(self):
        return "\n".join([self.summary(), *(f"- {f}" for f in self)])

    __repr__ = __str__

    def _repr_html_(self):
        rows = []
        for f in self:
            colour = _COLOURS[f.severity]
            text = html.escape(f.message[: len(f.message) - len(f.fix)] if f.fix else f.message)
            fix = f"<code>{html.escape(f.fix)}</code>" if f.fix else ""
            rows.append(
                f'<tr><td style="color:{colour};font-weight:bold">{f.severity}</td>'
                f"<td><code>{html.escape(f.code)}</code></td><td>{html.escape(f.layer or '')}</td>"
                f'<td style="text-align:left">{text}{fix}</td></tr>'
            )
        head = "<tr><th>severity</th><th>code</th><th>layer</th><th>what, why, fix</th></tr>"
        body = "".join(rows)
        table = f"<table><thead>{head}</thead><tbody>{body}</tbody></table>" if rows else ""
        return f"<div><p><b>{html.escape(self.summary())}</b></p>{table}</div>"
