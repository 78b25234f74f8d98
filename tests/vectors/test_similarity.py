"""The book's query functions: most_similar, analogy (by cosine), normalize, cos_similarity."""
import numpy as np
import pytest

from zero2vec.errors import ShapeError, UnknownWordError
from zero2vec.vectors import analogy, cos_similarity, most_similar, normalize

W2I = {"king": 0, "man": 1, "queen": 2, "woman": 3, "long": 4}
I2W = {i: w for w, i in W2I.items()}
M = np.array([[1.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 1.0, 1.0], [0.0, 0.0, 1.0], [40.0, 20.0, 30.0]])


def test_normalize_does_not_mutate_and_keeps_zero_rows():
    x = np.array([[3.0, 4.0], [0.0, 0.0]])
    before = x.copy()
    y = normalize(x)
    np.testing.assert_array_equal(x, before)
    np.testing.assert_allclose(y, [[0.6, 0.8], [0.0, 0.0]])
    assert not np.isnan(y).any()
    assert normalize(np.array([1, 0])).dtype == np.float64  # ints are promoted


def test_cos_similarity():
    assert cos_similarity(np.array([1.0, 0]), np.array([2.0, 0])) == pytest.approx(1.0)
    assert cos_similarity(np.zeros(2), np.ones(2)) == 0.0
    with pytest.raises(ShapeError):
        cos_similarity(np.zeros(2), np.zeros(3))


def test_most_similar_prints_like_the_book(capsys):
    res = most_similar("queen", W2I, I2W, M, top=2)
    assert [w for w, _ in res] == ["woman", "long"]
    assert res[0][1] == pytest.approx(1 / np.sqrt(2))
    out = capsys.readouterr().out
    assert "[query] queen" in out and " woman: " in out


def test_analogy_ranks_by_cosine_not_length(capsys):
    # man:king = woman:? -> queen; the long vector "long" wins under the book's raw dot product
    res = analogy("man", "king", "woman", W2I, I2W, M, top=1, answer="queen")
    assert res[0][0] == "queen"
    assert "<- answer" in capsys.readouterr().out
    raw = M @ (M[0] - M[1] + M[3])
    raw[[0, 1, 3]] = -np.inf
    assert I2W[int(np.argmax(raw))] == "long"


def test_unknown_word_and_bad_matrix():
    with pytest.raises(UnknownWordError, match="'kingg'.*'king'"):
        most_similar("kingg", W2I, I2W, M)
    with pytest.raises(ShapeError, match="2-D"):
        most_similar("king", W2I, I2W, M[0])
    with pytest.raises(ShapeError, match="only 2 rows"):
        analogy("man", "king", "woman", W2I, I2W, M[:2])



def test_normalize_keeps_float_dtype_and_adds_eps():
    x = np.array([[3.0, 4.0], [0.0, 0.0]], dtype=np.float32)
    y = normalize(x, eps=5.0)
    assert y.dtype == np.float32
    np.testing.assert_allclose(y, [[0.3, 0.4], [0.0, 0.0]], rtol=1e-6)
    np.testing.assert_allclose(normalize(np.array([0.0, 2.0])), [0.0, 1.0])  # a vector


def test_a_sparse_word_matrix_is_named_as_such():
    """A scipy matrix (the sparse co-occurrence) is not 'shape ()': say what it is and the fix."""
    import scipy.sparse as sp

    w2i, i2w = {"a": 0, "b": 1}, {0: "a", 1: "b"}
    with pytest.raises(ShapeError, match=r"sparse matrix \(csr_matrix\); pass word_matrix.toarray\(\)"):
        most_similar("a", w2i, i2w, sp.csr_matrix(np.eye(2)))
