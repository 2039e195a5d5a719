"""mlp_kit.progress: one line rewritten in place, the same text on every run."""

import io

import numpy as np

from mlp_kit.progress import epoch_progress, track


def test_track_yields_items_and_rewrites_one_line():
    out = io.StringIO()
    seen = list(track(["a", "bbbbbb", "c"], "runs", labels=str.upper, stream=out))
    assert seen == ["a", "bbbbbb", "c"]
    text = out.getvalue()
    assert text.count("\n") == 1 and text.endswith("runs 3/3 done   \n")
    frames = text.rstrip("\n").split("\r")[1:]
    assert [f.rstrip() for f in frames] == ["runs 1/3: A", "runs 2/3: BBBBBB", "runs 3/3: C", "runs 3/3 done"]
    assert len({len(f) for f in frames[1:]}) == 1        # shorter lines are padded over longer ones


def test_track_is_deterministic_and_shows_no_timing():
    runs = [io.StringIO(), io.StringIO()]
    for out in runs:
        for _ in track(range(4), "folds", stream=out):
            pass
    assert runs[0].getvalue() == runs[1].getvalue()
    assert "s/it" not in runs[0].getvalue() and "folds 4/4 done" in runs[0].getvalue()


def test_epoch_progress_counts_keras_epochs():
    import keras

    import mlp_kit

    mlp_kit.set_seed(0)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    out = io.StringIO()
    stop = keras.callbacks.EarlyStopping(monitor="loss", patience=0, min_delta=1e9)   # stops after epoch 2
    model.fit(np.ones((8, 3)), np.ones(8), epochs=5, verbose=0, callbacks=[epoch_progress("tiny", out), stop])
    frames = [f.rstrip() for f in out.getvalue().rstrip("\n").split("\r")[1:]]
    assert frames == ["tiny: epoch 1/5", "tiny: epoch 2/5", "tiny: 2 epochs done"]
