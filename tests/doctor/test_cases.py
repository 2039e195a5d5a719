"""Every finding comes from a realistic broken model, and its fix makes it go away.

For each case in ``cases.CASES``: the broken version produces the case's code
with the severity the registry gives it, the message names the fix; the fixed
version has neither that code nor any error or warning.
"""

import pytest

from mlp_kit import doctor
from mlp_kit.doctor.findings import CODES

from .cases import CASES


def run(factory):
    kwargs = factory()
    return doctor.check(kwargs.pop("model"), **kwargs)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.code}:{c.id}")
def test_broken_model_gives_the_finding(case):
    """The broken model is diagnosed with the case's code, its registered severity and a fix."""
    findings = run(case.broken)
    hits = [f for f in findings if f.code == case.code]
    assert hits, f"{case.id}: expected {case.code!r}, got:\n{findings}"
    f = hits[0]
    assert f.severity == CODES[case.code][0]
    assert f.fix and f.message.endswith(f"Fix: {f.fix}")
    assert len(f.message) > 80, "a message says what is wrong, why it matters, and the fix"


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.code}:{c.id}")
def test_fix_makes_the_finding_go_away(case):
    """The fixed model has no finding of that code, and no error or warning at all."""
    findings = run(case.fixed)
    assert case.code not in findings.codes, f"{case.id}: the fix left {case.code!r}:\n{findings}"
    assert findings.ok, f"{case.id}: the fixed model is not clean:\n{findings}"


def test_every_code_has_a_case():
    """No code in the registry goes untested."""
    missing = set(CODES) - {c.code for c in CASES}
    assert not missing, f"codes without a broken/fixed case: {sorted(missing)}"
