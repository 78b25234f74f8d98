"""``zero2vec serve``: explore word vectors and watch training live in the browser.

``index`` (a model made ready for fast queries; ``batching`` and ``kernels``: concurrent
queries in one compiled pass over the matrix), ``live`` (the observer of a training run
and its snapshots), ``api`` (the JSON routes under ``/api/``), ``app`` (the
Starlette application, the safety rules and the uvicorn server); the page's own
script and style are in ``static/``. Starlette and uvicorn are the ``serve`` extra.
"""
from zero2vec.serve.index import ServedModel
from zero2vec.serve.live import LiveRun

__all__ = ["LiveRun", "ServedModel"]
