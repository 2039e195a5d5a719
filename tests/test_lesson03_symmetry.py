"""Lesson 03b's symmetry demonstration holds bit for bit whatever BLAS kernels and threads compute it.

The lesson trains a zero-started sigmoid network with ``fit_unit_by_unit`` and counts 1 distinct
hidden unit. With ``MLP.fit`` that count depends on the machine: OpenBLAS' Haswell kernels (which
AMD EPYC CPUs get) compute some rows of ``W.T @ X.T`` with other rounding than the rest, and the
units drift apart (3 distinct). Here the lesson's own cells run in fresh processes under several
OpenBLAS settings (core type, thread count) and, on a CPU with AVX-512, with NumPy's AVX-512 code
switched off (as on most AMD CPUs): every run must count 1 and 16 units, and all runs must agree
bit for bit. A control run shows that the Haswell setting does reproduce the drift with ``MLP.fit``,
so these settings are able to catch a demonstration that is not robust.
"""

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import nbformat
import numpy as np
import pytest

from tests.conftest import ROOT, skip_or_fail

LESSON = ROOT / "solutions" / "03b_mlp_training" / "03b_mlp_training.ipynb"   # the symmetry exercise (was in 03)
SETTINGS = [   # (OPENBLAS_CORETYPE or "" for the detected one, OPENBLAS_NUM_THREADS)
    ("", 1), ("", 2), ("Haswell", 1), ("Haswell", 2), ("Zen", 2), ("SkylakeX", 2), ("Sandybridge", 1),
]
NEEDS = {"Haswell": ("AVX2", "FMA3"), "Zen": ("AVX2", "FMA3"), "SkylakeX": ("AVX512_SKX",),
         "Sandybridge": ("AVX",)}                      # kernels forced on a CPU without these would crash
AVX512_GROUPS = ("X86_V4", "AVX512_ICL", "AVX512_SPR")      # NumPy 2's names for its AVX-512 code paths

PRELUDE = """
import hashlib, json
import numpy as np
import threadpoolctl
import mlp_kit
from sklearn.model_selection import train_test_split
from mlp_kit import activations, datasets
from mlp_kit.mlp import MLP
X_digits, y_digits = datasets.load_digits()


def numpy_blas():   # threadpoolctl's record of the OpenBLAS NumPy uses (SciPy may load another one)
    infos = [i for i in threadpoolctl.threadpool_info() if i.get("internal_api") == "openblas"]
    return next((i for i in infos if "numpy" in i["filepath"]), infos[0] if infos else {})

X_train, X_test, y_train, y_test = train_test_split(
    X_digits, y_digits, test_size=0.25, random_state=0, stratify=y_digits)
"""

REPORT = """
def digest(net):
    return hashlib.sha256(b"".join(p.tobytes() for p in net.weights + net.biases)).hexdigest()

W = net_zero.weights[0]
blas = numpy_blas()
print(json.dumps({"distinct_zero": int(distinct_zero), "distinct_random": int(distinct_random),
                  "spread_zero": float(np.abs(W[:, :, None] - W[:, None, :]).max()),
                  "zero": digest(net_zero), "random": digest(net_random),
                  "core": blas.get("architecture"), "threads": blas.get("num_threads")}))
"""

CONTROL = """
net_zero = MLP([64, 16, 10], hidden_activation="sigmoid", init="zeros")
net_zero.fit(X_train, y_train, epochs=30, batch_size=32, lr=0.5)
W = net_zero.weights[0]
print(json.dumps({"spread_zero": float(np.abs(W[:, :, None] - W[:, None, :]).max()),
                  "core": numpy_blas().get("architecture")}))
"""


def lesson_cells(*grade_ids):
    """The sources of the lesson's cells with these nbgrader grade_ids, in the order asked."""
    nb = nbformat.read(LESSON, as_version=4)
    by_id = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source for c in nb.cells}
    missing = [g for g in grade_ids if g not in by_id]
    assert not missing, f"lesson 03b has no cell with grade_id {missing}: did a cell get renamed?"
    return [by_id[g] for g in grade_ids]


def run(code, coretype="", threads=2, numpy_off=()):
    """Run ``code`` in a fresh Python with these BLAS / NumPy settings; its last stdout line as JSON."""
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads), PYTHONHASHSEED="0")
    env.pop("OPENBLAS_CORETYPE", None)
    if coretype:
        env["OPENBLAS_CORETYPE"] = coretype
    if numpy_off:
        env["NPY_DISABLE_CPU_FEATURES"] = " ".join(numpy_off)
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, f"run with {coretype or 'default'} x{threads} failed:\n{proc.stderr[-3000:]}"
    return json.loads(proc.stdout.strip().splitlines()[-1])


def cpu_has(*features):
    """True when the CPU has every one of these features (NumPy's names: AVX2, FMA3, AVX512_SKX...)."""
    from numpy._core._multiarray_umath import __cpu_features__ as found

    return all(found.get(f) for f in features)


def numpy_avx512_groups():
    """The AVX-512 code paths NumPy found on this CPU (empty on CPUs without AVX-512)."""
    return tuple(g for g in AVX512_GROUPS if cpu_has(g))


def openblas_core():
    """The kernels of the OpenBLAS NumPy uses here, or None when NumPy uses another BLAS."""
    from threadpoolctl import threadpool_info

    infos = [i for i in threadpool_info() if i.get("internal_api") == "openblas" and "numpy" in i["filepath"]]
    return infos[0].get("architecture") if infos else None


@pytest.fixture(scope="module")
def demonstration():
    """The lesson's fit_unit_by_unit and the reference answer to exercise 2 (symmetry), as one script."""
    helper, answer = lesson_cells("symmetry_unit_by_unit", "symmetry")
    return "\n".join([PRELUDE, helper, answer, REPORT])


def require_openblas_haswell():
    if openblas_core() is None:
        skip_or_fail("NumPy does not use OpenBLAS here: OPENBLAS_CORETYPE cannot pick kernels")
    if not cpu_has(*NEEDS["Haswell"]):
        skip_or_fail("this CPU cannot run OpenBLAS' Haswell kernels (no AVX2/FMA3)")


@pytest.mark.slow
def test_symmetry_demonstration_is_identical_under_every_blas_setting(demonstration):
    require_openblas_haswell()
    runs = {(core or "default", threads): (core, threads, ())
            for core, threads in SETTINGS if cpu_has(*NEEDS.get(core, ()))}
    if numpy_avx512_groups():
        runs[("Haswell, NumPy without AVX-512", 2)] = ("Haswell", 2, numpy_avx512_groups())
    with ThreadPoolExecutor(max_workers=2) as pool:                 # two processes at a time
        futures = {setting: pool.submit(run, demonstration, *args) for setting, args in runs.items()}
        results = {setting: future.result() for setting, future in futures.items()}
    for setting, r in results.items():
        assert (r["distinct_zero"], r["spread_zero"], r["distinct_random"]) == (1, 0.0, 16), (
            f"{setting} (OpenBLAS core {r['core']}, {r['threads']} threads): net_zero has {r['distinct_zero']} "
            f"distinct units (largest difference {r['spread_zero']:.3g}), net_random {r['distinct_random']}; "
            f"the lesson says 1 and 16")
    digests = {(r["zero"], r["random"]) for r in results.values()}
    assert len(digests) == 1, "the weights differ between settings:\n" + "\n".join(
        f"  {setting}: {r['core']} x{r['threads']}: {r['zero'][:12]} {r['random'][:12]}"
        for setting, r in results.items())
    cores = {r["core"] for r in results.values()}
    assert "Haswell" in cores, f"OPENBLAS_CORETYPE=Haswell was not honoured (cores used: {cores})"


@pytest.mark.slow
def test_haswell_kernels_do_split_the_units_when_mlp_fit_computes_them():
    """The control: the settings above can see the problem that fit_unit_by_unit avoids."""
    require_openblas_haswell()
    result = run(PRELUDE + CONTROL, "Haswell", 1)
    assert result["core"] == "Haswell"
    assert result["spread_zero"] > 0.01, (
        "With OpenBLAS' Haswell kernels MLP.fit used to leave zero-started sigmoid units visibly apart "
        f"(3 distinct units); now their largest difference is {result['spread_zero']:.3g}. This BLAS no longer "
        "reproduces the drift, so the other test here can no longer show that fit_unit_by_unit is needed: "
        "find another setting that does.")


def test_unit_by_unit_training_is_the_same_maths_as_mlp_fit():
    """fit_unit_by_unit computes what MLP.fit(shuffle=False) computes, in float64 up to round-off."""
    helper, = lesson_cells("symmetry_unit_by_unit")
    namespace = {}
    exec(PRELUDE + helper, namespace)                        # noqa: S102 - the lesson's own cell
    MLP, fit_unit_by_unit = namespace["MLP"], namespace["fit_unit_by_unit"]
    X, y = namespace["X_train"][:200], namespace["y_train"][:200]
    for init in ["zeros", None]:
        ours = MLP([64, 7, 10], hidden_activation="sigmoid", init=init, seed=3, dtype="float64")
        ref = MLP([64, 7, 10], hidden_activation="sigmoid", init=init, seed=3, dtype="float64")
        fit_unit_by_unit(ours, X, y, epochs=3, batch_size=13, lr=0.3)
        history = ref.fit(X, y, epochs=3, batch_size=13, lr=0.3, shuffle=False)
        for p, q in zip(ours.weights + ours.biases, ref.weights + ref.biases, strict=True):
            np.testing.assert_allclose(p, q, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(ours.history_["loss"], history["loss"], rtol=1e-10)
