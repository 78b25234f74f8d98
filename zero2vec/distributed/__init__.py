"""Distributed training on Ray: ``zero2vec.distributed.Word2Vec`` (see docs/distributed.md).

Importing this room does not import Ray; calling :func:`Word2Vec` needs it
(``pip install 'zero2vec[ray]'``).
"""
from zero2vec.distributed.train import SyncReport, Word2Vec

__all__ = ["SyncReport", "Word2Vec"]
