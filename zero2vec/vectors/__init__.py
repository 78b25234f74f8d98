"""Word vectors: query, evaluate, save and load."""
from zero2vec.vectors.keyed import WordVectors
from zero2vec.vectors.similarity import analogy, cos_similarity, most_similar, normalize

__all__ = ["WordVectors", "analogy", "cos_similarity", "most_similar", "normalize"]
