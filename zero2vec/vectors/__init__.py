"""Word vectors: query, evaluate, save and load."""
from zero2vec.vectors.io import FORMATS, load, save
from zero2vec.vectors.keyed import WordVectors
from zero2vec.vectors.similarity import analogy, cos_similarity, most_similar, normalize

__all__ = ["FORMATS", "WordVectors", "analogy", "cos_similarity", "load", "most_similar",
           "normalize", "save"]
