"""numpy's global random state: where the book's models, sampler and Trainer draw from."""
from __future__ import annotations

import numpy


def global_random() -> numpy.random.RandomState:
    """The ``RandomState`` behind ``numpy.random.randn`` & co. (the one ``np.random.seed`` seeds)."""
    return numpy.random.mtrand._rand
