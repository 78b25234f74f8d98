"""Count-based word vectors (the book's ch02): co-occurrence, PPMI, truncated SVD.

Sparse and vectorised: the whole pipeline runs on PTB in seconds and never builds a
dense ``V x V`` matrix. The book's dense loops are kept in :mod:`zero2vec.count.reference`.

>>> from zero2vec.corpus import preprocess
>>> from zero2vec.count import create_co_matrix, ppmi
>>> corpus, word_to_id, id_to_word = preprocess("You say goodbye and I say hello.")
>>> C = create_co_matrix(corpus, len(word_to_id), window_size=1)
>>> C.toarray()[0].astype(int).tolist()
[0, 1, 0, 0, 0, 0, 0]
>>> M = ppmi(C)
"""
from zero2vec.count.cooccurrence import CoMatrixBuilder, create_co_matrix, distance_weights
from zero2vec.count.ppmi import ppmi
from zero2vec.count.svd import randomized_svd, svd_word_vectors, truncated_svd
from zero2vec.count.train import train_ppmi_svd

__all__ = [
    "CoMatrixBuilder", "create_co_matrix", "distance_weights", "ppmi", "randomized_svd",
    "svd_word_vectors", "train_ppmi_svd", "truncated_svd",
]
