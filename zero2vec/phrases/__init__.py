"""Phrases: multi-word expressions ("new_york") found from collocation counts.

gensim 4's ``Phrases`` / ``FrozenPhrases`` API, counted and applied by compiled code
(:mod:`zero2vec.phrases.kernels` on the corpus room's word table), with gensim's
phrase sets and scores; word2vec.c's ``word2phrase`` tool in
:mod:`zero2vec.phrases.word2phrase`. See docs/phrases.md.
"""
from zero2vec.phrases.model import (ENGLISH_CONNECTOR_WORDS, FrozenPhrases, Phraser, Phrases,
                                    PhrasedCorpus)
from zero2vec.phrases.scoring import npmi_scorer, original_scorer

__all__ = ["ENGLISH_CONNECTOR_WORDS", "FrozenPhrases", "PhrasedCorpus", "Phraser", "Phrases",
           "npmi_scorer", "original_scorer"]
