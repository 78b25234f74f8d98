"""What a trained ``Word2Vec`` answers besides its vectors: gensim's ``score``,
``predict_output_word``, and ``reset_from``.

``score`` is gensim's hierarchical-softmax log probability of each sentence (Taddy,
"Document classification by inversion of distributed language representations", 2015):
for skip-gram the sum, over every (center, context) pair within ``window`` (fixed, not
shrunk; no subsampling; out-of-vocabulary words skipped), of ``log sigmoid(+-f)`` along
the center word's Huffman path, where ``f`` is the context vector dotted with the node's;
for CBOW the same with the window's summed (averaged when ``cbow_mean``) vectors as the
input. Like gensim, nodes with ``|f| >= 6`` add nothing and ``log sigmoid`` comes from
word2vec.c's table, indexed as gensim indexes it; sentences are cut at 10,000 words.
The loop is compiled (:func:`_score_sentences`) and runs over all sentences of a chunk
at once.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from numba import njit

from zero2vec._checks import check_number, check_positive_int
from zero2vec.engine.sampling import MAX_EXP, TABLE_SIZE, log_sigmoid_table
from zero2vec.errors import ConfigError, ModelStateError, VocabularyError

MAX_SENTENCE_LEN = 10000  # gensim's cut for scoring (and its job batches)
# gensim indexes its log-sigmoid table by (f + 6) * (1000 / 6 / 2) in C integer arithmetic:
# 83, not 83.3 (so its scores lean about 1.7% low); kept, to give gensim's numbers
_GENSIM_SCALE = int(TABLE_SIZE) // int(MAX_EXP) // 2


@njit(cache=True, fastmath=True, nogil=True)
def _score_sentences(ids, starts, W_in, W_hs, codes, points, lens, window, sg, cbow_mean,
                     logsig, out):
    """``out[s]`` = gensim's score of sentence ``s`` (ids ``ids[starts[s]:starts[s+1]]``)."""
    H = W_in.shape[1]
    neu1 = np.zeros(H, dtype=np.float32)
    for s in range(len(starts) - 1):
        a, b = starts[s], starts[s + 1]
        total = 0.0
        for i in range(a, b):
            w = ids[i]
            lo, hi = max(a, i - window), min(b, i + window + 1)
            if not sg:  # CBOW: the window's vectors, summed or averaged
                neu1[:] = 0.0
                n = 0
                for j in range(lo, hi):
                    if j != i:
                        n += 1
                        for d in range(H):
                            neu1[d] += W_in[ids[j], d]
                if cbow_mean and n > 0:
                    for d in range(H):
                        neu1[d] /= n
            for j in range(lo, hi):
                if sg and j == i:
                    continue
                for k in range(lens[w]):
                    node = points[w, k]
                    f = np.float32(0.0)
                    for d in range(H):
                        f += (W_in[ids[j], d] if sg else neu1[d]) * W_hs[node, d]
                    if codes[w, k]:
                        f = -f
                    if -MAX_EXP < f < MAX_EXP:
                        total += logsig[int((f + MAX_EXP) * _GENSIM_SCALE)]
                if not sg:
                    break  # one prediction per CBOW window
        out[s] = total


class Scoring:
    """``Word2Vec``'s gensim answers beyond its vectors (a mixin; see the module)."""

    def score(self, sentences: Iterable, total_sentences: int = int(1e6), chunksize: int = 100,
              queue_factor: int = 2, report_delay: float = 1) -> np.ndarray:
        """gensim's log probability of each of ``sentences`` (at most ``total_sentences``)
        under the model's hierarchical softmax: a float32 array, one score a sentence.

        ``chunksize`` sentences are encoded and scored at a time; ``queue_factor`` and
        ``report_delay`` (gensim's thread queue and log interval) change nothing here.
        """
        if self.vocab is None:
            raise VocabularyError("build the vocabulary and train before scoring")
        if not self.hs:
            raise ModelStateError("score() is gensim's hierarchical-softmax score: it needs a model "
                              "trained with hs=1")
        total = check_positive_int("total_sentences", total_sentences)
        chunksize = check_positive_int("chunksize", chunksize)
        check_positive_int("queue_factor", queue_factor, 1000)
        check_number("report_delay", report_delay, 0.0)
        scores: list[np.ndarray] = []
        chunk: list[Sequence[str]] = []
        done = 0
        for sentence in sentences:
            if done + len(chunk) >= total:
                break
            chunk.append(list(sentence)[:MAX_SENTENCE_LEN])
            if len(chunk) == chunksize:
                scores.append(self._score_chunk(chunk))
                done, chunk = done + len(chunk), []
        if chunk:
            scores.append(self._score_chunk(chunk))
        return np.concatenate(scores).astype(np.float32) if scores else np.zeros(0, np.float32)

    def _score_chunk(self, chunk: list) -> np.ndarray:
        k2i = self.vocab.key_to_index
        ids = np.fromiter((k2i[w] for s in chunk for w in s if w in k2i), dtype=np.int32)
        sizes = [sum(w in k2i for w in s) for s in chunk]
        starts = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        out = np.zeros(len(chunk), dtype=np.float64)
        t = self._tables
        _score_sentences(ids, starts, self.W_in, self.W_out_hs, t.codes, t.points, t.code_lens,
                         self.window, self.sg, self.cbow_mean, log_sigmoid_table(), out)
        return out

    def predict_output_word(self, context_words_list: Sequence[str],
                            topn: int = 10) -> list[tuple[str, float]] | None:
        """gensim's most probable center words for ``context_words_list``: a softmax of
        the (averaged, when ``cbow_mean``) context vectors against ``W_out`` (negative
        sampling's output vectors), the ``topn`` best as ``(word, probability)``; None
        when no context word is in the vocabulary. Context words may be given as ids."""
        if self.W_out is None:
            raise ModelStateError("predict_output_word needs negative sampling's output vectors "
                              "(a model trained with negative > 0)")
        topn = check_positive_int("topn", topn)
        if isinstance(context_words_list, str):
            raise ConfigError("context_words_list must be a list of words, not one string")
        k2i, V = self.wv.key_to_index, len(self.W_out)
        ids = [w if isinstance(w, (int, np.integer)) and 0 <= w < V else k2i[w]  # (gensim: words or ids)
               for w in context_words_list
               if isinstance(w, (int, np.integer)) and 0 <= w < V or w in k2i]
        if not ids:
            return None
        l1 = np.sum(self.W_in[ids], axis=0)
        if self.cbow_mean:
            l1 /= len(ids)
        scores = self.W_out @ l1
        prob = np.exp(scores - scores.max())  # (shifted: the same softmax, without overflow)
        prob /= prob.sum()
        top = np.argsort(-prob, kind="stable")[:topn]
        return [(self.wv.index_to_key[i], float(prob[i])) for i in top]

    def reset_from(self, other_model) -> None:
        """gensim's ``reset_from``: take ``other_model``'s vocabulary (and its corpus
        counts and encoded corpus) and start this model's weights afresh."""
        if other_model.vocab is None:
            raise VocabularyError("reset_from: the other model has no vocabulary")
        self.vocab = other_model.vocab
        self.corpus_count = other_model.corpus_count
        self.corpus_total_words = other_model.corpus_total_words
        self._corpus, self._corpus_source = other_model._corpus, other_model._corpus_source
        self._corpus_file = other_model._corpus_file
        self._reset_weights()
