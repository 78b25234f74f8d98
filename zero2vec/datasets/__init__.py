"""Data sets: the book's PTB loader and the small corpora bundled with the package."""
from zero2vec.datasets import ptb
from zero2vec.datasets.bundled import bundled_path

__all__ = ["bundled_path", "ptb"]
