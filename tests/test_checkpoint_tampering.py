"""Issue 17: a tampered, damaged or foreign checkpoint of either engine is a one-line
CheckpointError naming the file and the field, before anything is restored; a checkpoint is
tied to its corpus by content (a shuffled corpus of the same size is refused)."""
from __future__ import annotations

import copy
import json
import os
import signal
import zipfile

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from zero2vec import Word2Vec
from zero2vec.corpus import create_contexts_target
from zero2vec.errors import CheckpointError, TrainingInterrupted
from zero2vec.models import CBOW
from zero2vec.optim import Adam
from zero2vec.trainer import Trainer

WORDS = [f"w{i}" for i in range(60)]


# -- helpers ----------------------------------------------------------------------------
def unpack(path) -> tuple[dict, dict]:
    with np.load(path) as z:
        arrays = {k: z[k] for k in z.files}
    return json.loads(arrays.pop("header").tobytes()), arrays


def pack(path, header: dict | None, arrays: dict, **extra) -> None:
    if header is not None:
        arrays = {"header": np.frombuffer(json.dumps(header).encode(), dtype=np.uint8), **arrays}
    with open(path, "wb") as f:
        np.savez(f, **arrays, **extra)


def tampered(src, dst, mutate) -> object:
    """``src`` rewritten to ``dst`` after ``mutate(header, arrays)`` changed it in place."""
    header, arrays = unpack(src)
    mutate(header, arrays)
    pack(dst, header, arrays)
    return dst


DELETE = object()


def put(header: dict, path: tuple, value) -> None:
    """Set (or with DELETE remove) the value at ``path`` inside ``header``."""
    for key in path[:-1]:
        header = header[int(key) if isinstance(header, list) else key]
    last = int(path[-1]) if isinstance(header, list) else path[-1]
    if value is DELETE:
        del header[last]
    else:
        header[last] = value


def setting(dotted: str, value=DELETE):
    return lambda h, a: put(h, tuple(dotted.split(".")), value)


def array(name: str, value):
    def mutate(h, a):
        if value is None:
            del a[name]
        else:
            a[name] = value(a[name]) if callable(value) else value
    return mutate


def refused(load, path, *needles: str) -> str:
    """The one-line CheckpointError ``load(path)`` raises, naming the file and ``needles``."""
    with pytest.raises(CheckpointError) as e:
        load(path)
    msg = str(e.value)
    assert "\n" not in msg and str(path) in msg, msg
    for needle in needles:
        assert needle in msg, (needle, msg)
    assert "allow_pickle" not in msg
    return msg


# -- the native engine ------------------------------------------------------------------
def write_corpus(path, seed=0):
    rng = np.random.default_rng(seed)
    path.write_text("\n".join(" ".join(rng.choice(WORDS, 12)) for _ in range(400)) + "\n")
    return path


def native_model(corpus_file, **kw):
    m = Word2Vec(vector_size=6, window=2, min_count=1, epochs=3, workers=1, seed=3, progress=False,
                 **kw)
    m.job_words = 500  # several jobs an epoch: a checkpoint in the middle of one
    return m.build_vocab(corpus_file=corpus_file)


@pytest.fixture(scope="module")
def native(tmp_path_factory, mid_epoch_checkpoint):
    """A corpus, the weights of its uninterrupted run, and a checkpoint from the middle of
    its first epoch (position.job > 0)."""
    d = tmp_path_factory.mktemp("native")
    corpus = write_corpus(d / "c.txt")
    ref = native_model(corpus).train()
    mid = mid_epoch_checkpoint(native_model(corpus), d, every=3)
    header, _ = unpack(mid)
    assert header["position"]["epoch"] == 0 and header["position"]["job"] > 0
    return corpus, mid, [p.copy() for p in ref.params]


NATIVE_FIELDS = ["settings", "job_words", "index_to_key", "loss_history", "corpus", "corpus.n_words",
                 "corpus.file", "corpus.fingerprint", "position", "position.epoch", "position.job",
                 "position.losses"]


NATIVE_CASES = {  # id: (mutation, what the message names)
    **{f"no {f}": (setting(f), f"{f} is missing") for f in NATIVE_FIELDS},
    **{f"no {a}": (array(a, None), f"array {a} is missing") for a in ("W_in", "W_out", "counts")},
    "negative epoch": (setting("position.epoch", -1), "position.epoch"),
    "epoch a string": (setting("position.epoch", "1"), "position.epoch"),
    "epoch a bool": (setting("position.epoch", True), "position.epoch"),
    "loss history a string": (setting("loss_history", "[1.0, 2.0]"), "loss_history"),
    "loss history holds a string": (setting("loss_history", [1.0, "x"]), "loss_history[1]"),
    "loss history holds NaN": (setting("loss_history", [float("nan")]), "loss_history[0]"),
    "job out of range": (setting("position.job", 10 ** 6), "position.job"),
    "job negative": (setting("position.job", -2), "position.job"),
    "job a float": (setting("position.job", 1.5), "position.job"),
    "losses not a list": (setting("position.losses", 3.0), "position.losses"),
    "job_words zero": (setting("job_words", 0), "job_words"),
    "position not a mapping": (setting("position", [0, 0]), "position must be a mapping"),
    "words twice": (lambda h, a: h["index_to_key"].__setitem__(1, h["index_to_key"][0]),
                    "index_to_key lists"),
    "a word not a string": (lambda h, a: h["index_to_key"].__setitem__(2, 7), "index_to_key[2]"),
    "no words": (setting("index_to_key", []), "index_to_key"),
    "a word less": (lambda h, a: h["index_to_key"].pop(), "array W_in"),
    "unknown field": (setting("evil", 1), "unknown fields"),
    "unknown setting": (setting("settings.evil", 1), "unknown settings: evil"),
    "bad setting": (setting("settings.window", -1), "settings: window"),
    "settings a string": (setting("settings", "x"), "settings must be a mapping"),
    "hs without its weights": (setting("settings.hs", True), "array W_out_hs is missing"),
    "n_words negative": (setting("corpus.n_words", -5), "corpus.n_words"),
    "file a number": (setting("corpus.file", 3), "corpus.file"),
    "fingerprint null": (setting("corpus.fingerprint", None), "corpus.fingerprint"),
    "format missing": (setting("format"), "not a zero2vec-native-checkpoint"),
    "version 1": (setting("version", 1), "version 1 is not supported"),
    "version a string": (setting("version", "2"), "version '2' is not supported"),
    "counts short": (array("counts", lambda c: c[:-1]), "array counts"),
    "counts float": (array("counts", lambda c: c.astype(np.float64)), "array counts"),
    "counts 2-D": (array("counts", lambda c: c[:, None]), "array counts"),
    "a count of 0": (array("counts", lambda c: np.where(np.arange(len(c)) == len(c) - 1, 0, c)),
                     "array counts"),
    "W_in transposed": (array("W_in", lambda w: w.T.copy()), "array W_in"),
    "W_in float64": (array("W_in", lambda w: w.astype(np.float64)), "array W_in"),
    "W_in holds NaN": (array("W_in", lambda w: np.where(w == w.max(), np.nan, w).astype(w.dtype)),
                       "array W_in holds NaN"),
    "W_out holds inf": (array("W_out", lambda w: np.full_like(w, np.inf)), "array W_out holds NaN"),
    "unknown array": (array("extra", np.zeros(3)), "unknown arrays"),
}


@pytest.mark.parametrize("case", list(NATIVE_CASES))
def test_native_tampered_field(native, tmp_path, case):
    mutate, needle = NATIVE_CASES[case]
    bad = tampered(native[1], tmp_path / "bad.ckpt", mutate)
    refused(Word2Vec.load_checkpoint, bad, needle)


def test_negative_epoch_never_resumes(native, tmp_path):
    """It used to train epochs -1, 0, 1, 2 and write vectors."""
    bad = tampered(native[1], tmp_path / "bad.ckpt", setting("position.epoch", -1))
    refused(lambda p: Word2Vec.load_checkpoint(p).train(), bad, "position.epoch must be an integer")


def test_shuffled_corpus_of_the_same_size_is_refused(native, tmp_path):
    corpus, mid, ref = native
    lines = corpus.read_text().splitlines()
    shuffled, rejoined = tmp_path / "shuffled.txt", tmp_path / "rejoined.txt"
    shuffled.write_text("\n".join(lines[::-1]) + "\n")  # same words, same count, other order
    rejoined.write_text(" ".join(lines[:2]) + "\n" + "\n".join(lines[2:]) + "\n")  # other sentences
    refused(lambda p: Word2Vec.load_checkpoint(p, corpus_file=shuffled), mid,
            "same 4,800 in-vocabulary words", "fingerprint differs")
    refused(lambda p: Word2Vec.load_checkpoint(p, corpus_file=rejoined), mid, "fingerprint differs")
    resumed = Word2Vec.load_checkpoint(mid).train()  # the corpus it was saved with: exact
    for a, b in zip(ref, resumed.params):
        np.testing.assert_array_equal(a, b)


def test_recorded_corpus_gone(native, tmp_path):
    bad = tampered(native[1], tmp_path / "bad.ckpt", setting("corpus.file", str(tmp_path / "gone.txt")))
    refused(Word2Vec.load_checkpoint, bad, "corpus.file", "is not a file")


# -- files that are not checkpoints at all ------------------------------------------------
def test_damaged_and_foreign_files(native, tmp_path):
    data = native[1].read_bytes()
    header, arrays = unpack(native[1])
    for name, content in {"truncated": data[: len(data) // 2], "empty": b"", "text": b"nonsense"}.items():
        (tmp_path / name).write_bytes(content)
        refused(Word2Vec.load_checkpoint, tmp_path / name, "not a readable zero2vec checkpoint")
    np.save(tmp_path / "one.npy", np.zeros(3))
    pack(tmp_path / "pickle", header, arrays, obj=np.array([{"a": 1}], dtype=object))
    pack(tmp_path / "no-header", None, arrays)
    pack(tmp_path / "bad-json", None, {**arrays, "header": np.frombuffer(b"{oops", np.uint8)})
    with zipfile.ZipFile(tmp_path / "zip", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("header.npy", b"\x93NUMPY" + b"\x00" * 40)
    for name, needle in {"one.npy": "not an .npz archive", "pickle": "pickled objects",
                         "no-header": "no JSON header", "bad-json": "no JSON header",
                         "zip": "not a readable zero2vec checkpoint"}.items():
        refused(Word2Vec.load_checkpoint, tmp_path / name, needle)


def test_each_engine_refuses_the_others_checkpoint(native, layered, tmp_path):
    refused(Word2Vec.load_checkpoint, layered[0], "not a zero2vec-native-checkpoint",
            "--engine layers")
    refused(lambda p: fresh_trainer().load_checkpoint(p), native[1],
            "not a zero2vec-layered-checkpoint")


# -- the layered engine -----------------------------------------------------------------
def layered_data(seed=0):
    corpus = np.random.default_rng(seed).zipf(1.5, 2000).clip(1, 30) - 1
    return corpus, *create_contexts_target(corpus, 2)


def fresh_trainer():
    corpus, _, _ = layered_data()
    return Trainer(CBOW(30, 6, 2, corpus, seed=1), Adam(), seed=2, progress=False)


def fit(trainer, x, t, **kw):
    return trainer.fit(x, t, max_epoch=2, batch_size=50, eval_interval=5, **kw)


@pytest.fixture(scope="module")
def layered(tmp_path_factory):
    """A checkpoint from the middle of epoch 1 (a lazy Adam: 3 state arrays a parameter, an
    epoch permutation), and the weights of the uninterrupted run."""
    d = tmp_path_factory.mktemp("layered")
    _, x, t = layered_data()
    ref = fit(fresh_trainer(), x, t)
    run, ckpt = fresh_trainer(), d / "mid.ckpt"
    step, count = run.step, [0]

    def stop_after_7(*a, **k):
        out = step(*a, **k)
        count[0] += 1
        if count[0] == 7:
            os.kill(os.getpid(), signal.SIGINT)
        return out

    run.step = stop_after_7
    with pytest.raises(TrainingInterrupted):
        fit(run, x, t, checkpoint_path=ckpt)
    return ckpt, [p.copy() for p in ref.shared.params]


def load_layered(path):
    """Load into a fresh trainer; a refused checkpoint must leave its weights untouched."""
    trainer = fresh_trainer()
    before = [p.copy() for p in trainer.shared.params]
    try:
        return trainer.load_checkpoint(path)
    except CheckpointError:
        assert all(np.array_equal(a, b) for a, b in zip(before, trainer.shared.params)), \
            "refused after the weights were overwritten"
        raise


LAYERED_FIELDS = ["model", "param_shapes", "optimizer", "optimizer.name", "optimizer.settings",
                  "optimizer.iter", "optimizer.n_state", "trainer_rng", "sampler_rngs", "loss_list",
                  "epoch_losses", "position", "position.epoch", "position.iters",
                  "position.total_loss", "position.loss_count", "position.epoch_loss",
                  "position.max_epoch", "position.batch_size", "position.data_size",
                  "position.data_fingerprint"]


LAYERED_CASES = {
    **{f"no {f}": (setting(f), f"{f} is missing") for f in LAYERED_FIELDS},
    **{f"no {a}": (array(a, None), f"array {a} is missing")
       for a in ("param_0", "param_1", "opt_0_0", "opt_1_1", "opt_2_0", "permutation")},
    "negative epoch": (setting("position.epoch", -1), "position.epoch"),
    "epoch past max_epoch": (setting("position.epoch", 3), "position.epoch must be at most"),
    "loss list a string": (setting("loss_list", "abc"), "loss_list"),
    "epoch losses hold NaN": (setting("epoch_losses", [float("nan")]), "epoch_losses[0]"),
    "total loss a string": (setting("position.total_loss", "1"), "position.total_loss"),
    "iters out of range": (setting("position.iters", 10 ** 6), "position.iters"),
    "batch larger than the data": (setting("position.batch_size", 10 ** 6), "position.batch_size"),
    "max_epoch zero": (setting("position.max_epoch", 0), "position.max_epoch"),
    "fingerprint a number": (setting("position.data_fingerprint", 5), "position.data_fingerprint"),
    "n_state short": (setting("optimizer.n_state", 2), "optimizer.n_state"),
    "n_state negative": (setting("optimizer.n_state", -1), "optimizer.n_state"),
    "iter negative": (setting("optimizer.iter", -1), "optimizer.iter"),
    "lazy flipped": (setting("optimizer.settings.lazy", False), "optimizer.settings.lazy"),
    "lr changed": (setting("optimizer.settings.lr", 0.5), "optimizer.settings.lr"),
    "other optimizer": (setting("optimizer.name", "SGD"), "saved with SGD, resumed with Adam"),
    "other model": (setting("model", "SkipGram"), "checkpoint of a SkipGram"),
    "shapes tampered": (setting("param_shapes", [[30, 7], [30, 6]]), "param_shapes"),
    "shapes a string": (setting("param_shapes", "30x6"), "param_shapes"),
    "trainer rng garbage": (setting("trainer_rng", {"x": 1}), "trainer_rng"),
    "trainer rng of another kind": (setting("trainer_rng.bit_generator", "MT19937"), "trainer_rng"),
    "sampler state out of range": (setting("sampler_rngs.0.state.state", -1), "sampler_rngs[0]"),
    "no sampler state": (setting("sampler_rngs", []), "sampler_rngs"),
    "unknown field": (setting("position.evil", 1), "position holds unknown fields"),
    "version 1": (setting("version", 1), "version 1 is not supported"),
    "param wrong shape": (array("param_0", lambda p: p[:-1]), "array param_0"),
    "param holds NaN": (array("param_1", lambda p: np.full_like(p, np.nan)), "array param_1 holds NaN"),
    "opt state float64": (array("opt_0_0", lambda p: p.astype(np.float64)), "array opt_0_0"),
    "opt step counter float": (array("opt_2_1", lambda p: p.astype(np.float32)), "array opt_2_1"),
    "permutation short": (array("permutation", lambda p: p[:-1]), "array permutation"),
    "permutation repeats": (array("permutation", lambda p: np.r_[p[1], p[1:]]), "not a permutation"),
    "permutation out of range": (array("permutation", lambda p: p + 1), "not a permutation"),
    "unknown array": (array("opt_3_0", np.zeros(3)), "unknown arrays"),
}


@pytest.mark.parametrize("case", list(LAYERED_CASES))
def test_layered_tampered_field(layered, tmp_path, case):
    mutate, needle = LAYERED_CASES[case]
    bad = tampered(layered[0], tmp_path / "bad.ckpt", mutate)
    refused(load_layered, bad, needle)


def test_layered_shuffled_corpus_of_the_same_size_is_refused(layered):
    corpus, x, t = layered_data()
    other = np.random.default_rng(5).permutation(corpus)  # same words, same counts
    x2, t2 = create_contexts_target(other, 2)
    trainer = load_layered(layered[0])
    with pytest.raises(CheckpointError, match="other data of the same size.*fingerprint"):
        fit(trainer, x2, t2)
    resumed = fit(load_layered(layered[0]), x, t)  # the data it was saved with: exact
    for a, b in zip(layered[1], resumed.shared.params):
        np.testing.assert_array_equal(a, b)


# -- the CLI: one line, exit 1, no vectors ------------------------------------------------
@pytest.mark.parametrize("engine, mutate", [
    ("native", setting("position.epoch", -1)),
    ("layers", setting("loss_list", "oops")),
])
def test_cli_resume_of_a_tampered_checkpoint(tmp_path, capsys, engine, mutate):
    from zero2vec.cli.main import main

    corpus, ckpt, out = write_corpus(tmp_path / "c.txt"), tmp_path / "run.ckpt", tmp_path / "v.txt"
    args = ["train", str(corpus), "--engine", engine, "--size", "6", "--window", "2",
            "--min-count", "1", "--iter", "1", "--quiet", "--no-plot",
            *(["--threads", "1"] if engine == "native" else [])]
    main([*args, "-o", str(tmp_path / "first.txt"), "--checkpoint", str(ckpt)])
    tampered(ckpt, ckpt, mutate)
    capsys.readouterr()
    with pytest.raises(SystemExit) as e:
        main([*args, "-o", str(out), "--resume", str(ckpt)])
    err = capsys.readouterr().err
    assert e.value.code == 1, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert str(ckpt) in err and ("position.epoch" if engine == "native" else "loss_list") in err
    assert not out.exists()


# -- property: mutated header values resume exactly or raise CheckpointError --------------
def leaf_paths(obj, prefix=()):
    """Paths to every value in ``obj`` (the first and last items of lists)."""
    yield prefix
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from leaf_paths(v, (*prefix, k))
    elif isinstance(obj, list) and obj:
        for i in {0, len(obj) - 1}:
            yield from leaf_paths(obj[i], (*prefix, i))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 40)
    | st.sampled_from([2 ** 31, 2 ** 64, -(2 ** 63), 10 ** 30])
    | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=4),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=2),
    max_leaves=4)
COSMETIC = {"loss_history", "losses", "loss_list", "epoch_losses", "total_loss", "epoch_loss"}


def mutated(header: dict, path: tuple, value) -> dict:
    if not path:
        return {} if value is DELETE else value
    out = copy.deepcopy(header)
    put(out, path, value)
    return out


def mutation(header):
    return st.tuples(st.sampled_from(sorted(set(leaf_paths(header)), key=str)),
                     JSON_VALUES | st.just(DELETE))


def check_resume(src, dst, mut, resume, reference) -> None:
    header, arrays = unpack(src)
    path, value = mut
    new = mutated(header, path, value)
    pack(dst, new, arrays)
    try:
        params = resume(dst)
    except CheckpointError as e:
        assert "\n" not in str(e)
        event("refused")
        return
    event("resumed")
    for p in params:
        assert np.isfinite(p).all()
    if new == header or (path and path[0] in COSMETIC) or (len(path) > 1 and path[1] in COSMETIC):
        for a, b in zip(reference, params):
            np.testing.assert_array_equal(a, b)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_native_header_mutations(native, tmp_path_factory, data):
    corpus, mid, ref = native
    header, _ = unpack(mid)
    mut = data.draw(mutation(header))
    check_resume(mid, tmp_path_factory.mktemp("mut") / "m.ckpt", mut,
                 lambda p: Word2Vec.load_checkpoint(p).train().params, ref)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_layered_header_mutations(layered, tmp_path_factory, data):
    ckpt, ref = layered
    header, _ = unpack(ckpt)
    mut = data.draw(mutation(header))
    _, x, t = layered_data()
    check_resume(ckpt, tmp_path_factory.mktemp("mut") / "m.ckpt", mut,
                 lambda p: fit(load_layered(p), x, t).shared.params, ref)
