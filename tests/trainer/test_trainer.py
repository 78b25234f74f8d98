import numpy as np
import pytest

from zero2vec.corpus import LineSentence, Vocabulary, create_contexts_target
from zero2vec.datasets import bundled_path
from zero2vec.errors import ShapeError, TrainingDivergedError
from zero2vec.models import CBOW, SkipGram
from zero2vec.optim import SGD, Adam
from zero2vec.trainer import Trainer, clip_grads, train_layers
from zero2vec.nn import RowSparseGrad


@pytest.fixture(scope="module")
def brown_small():
    sents = LineSentence(bundled_path("brown"), limit=3000)
    vocab = Vocabulary.build(sents, min_count=3)
    corpus = np.concatenate([vocab.encode(s) for s in sents])
    return corpus, vocab


@pytest.mark.parametrize("cls", [CBOW, SkipGram])
def test_loss_goes_down(brown_small, cls):
    corpus, vocab = brown_small
    contexts, target = create_contexts_target(corpus, 2)
    model = cls(len(vocab), 20, 2, corpus, seed=0)
    trainer = Trainer(model, Adam(), seed=0, progress=False)
    trainer.fit(contexts, target, max_epoch=3, batch_size=100, eval_interval=20)
    assert trainer.epoch_losses[-1] < trainer.epoch_losses[0] - 0.1
    assert len(trainer.loss_list) > 3 and trainer.words_per_sec > 0


def test_fit_is_seeded(brown_small):
    corpus, vocab = brown_small
    contexts, target = create_contexts_target(corpus[:3000], 2)
    runs = []
    for _ in range(2):
        model = CBOW(len(vocab), 10, 2, corpus, seed=1)
        Trainer(model, Adam(), seed=2, progress=False).fit(contexts, target, 1, 50)
        runs.append(model.word_vecs.copy())
    np.testing.assert_array_equal(*runs)


def test_verbose_prints_the_books_lines(brown_small, capsys):
    corpus, vocab = brown_small
    contexts, target = create_contexts_target(corpus[:2000], 2)
    Trainer(CBOW(len(vocab), 10, 2, corpus), Adam(), progress=False, verbose=True).fit(
        contexts, target, 1, 100)
    assert "| epoch 1 |  iter 1 / 19 |" in capsys.readouterr().out


def test_divergence_is_reported(brown_small):
    corpus, vocab = brown_small
    contexts, target = create_contexts_target(corpus[:3000], 2)
    model = CBOW(len(vocab), 10, 2, corpus, seed=0)
    model.word_vecs[0, 0] = np.nan
    model.word_vecs[:] = np.nan
    with pytest.raises(TrainingDivergedError, match="epoch 1, step 1"):
        Trainer(model, SGD(), progress=False).fit(contexts, target, 1, 50)


def test_bad_batches(brown_small):
    corpus, vocab = brown_small
    contexts, target = create_contexts_target(corpus[:300], 2)
    tr = Trainer(CBOW(len(vocab), 10, 2, corpus), SGD(), progress=False)
    with pytest.raises(ShapeError, match="larger than the data"):
        tr.fit(contexts, target, 1, 10_000)
    with pytest.raises(ShapeError, match="rows"):
        tr.fit(contexts, target[:-1], 1, 10)


def test_clip_grads_bounds_the_global_norm(rng):
    dense = rng.standard_normal((3, 4)) * 10
    sp = RowSparseGrad((6, 4), np.float64)
    sp.set(np.array([1, 1, 2]), rng.standard_normal((3, 4)) * 10)
    clip_grads([dense, sp], 1.0)
    total = np.sum(dense ** 2) + np.sum(sp.to_dense() ** 2)
    assert np.sqrt(total) == pytest.approx(1.0, rel=1e-5)


def test_plot_writes_png(tmp_path, brown_small):
    corpus, vocab = brown_small
    contexts, target = create_contexts_target(corpus[:3000], 2)
    tr = Trainer(CBOW(len(vocab), 10, 2, corpus), Adam(), progress=False)
    tr.fit(contexts, target, 1, 50, eval_interval=5)
    out = tmp_path / "loss.png"
    tr.plot(out)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_train_layers_pipeline(tmp_path):
    f = tmp_path / "c.txt"
    f.write_text("the cat sat on the mat\nthe dog sat on the log\n" * 50)
    res = train_layers(f, vector_size=8, window=2, min_count=1, epochs=2, batch_size=20, progress=False)
    assert res.wv.vectors is res.model.word_vecs
    assert res.wv.index_to_key[0] == "the" and len(res.loss_history) > 0
