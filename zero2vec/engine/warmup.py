"""Loading a model's compiled code before its big arrays exist, and giving memory back.

Loading numba's cached kernels links them with LLVM (~60 MB of its library resident, on
top of ~35 MB that importing it touched). Doing it before the corpus and the weights
exist keeps that out of the peak, giving pages back before and between the loads lowers
it further, and afterwards training never runs LLVM again. It runs on the main thread:
LLVM initialised inside a worker would make glibc give that thread a malloc arena of its
own, which keeps ~10 MB resident for the life of the process.
"""
from __future__ import annotations

import numpy as np

from zero2vec._memory import release_compiler_memory
from zero2vec.corpus.vocab import Vocabulary


def return_free_memory() -> None:
    """Ask glibc to return freed heap pages to the OS (no-op elsewhere).

    The vocabulary pass allocates millions of small strings; after it, glibc keeps
    their pages (~20 MB on 5M tokens) in the process, where training never reuses them.
    """
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def load_kernels(model) -> None:
    """Load the compiled code ``model`` (a ``Word2Vec``) runs, then give LLVM's pages back.

    A two-word model of the same settings (so the same argument types) runs one empty
    job: that links the kernel without touching ``model``'s own arrays.
    """
    from zero2vec.corpus import filescan
    from zero2vec.engine.rng import job_seed

    release_compiler_memory()
    filescan.warm_up()  # (the first load: most of LLVM's pages)
    release_compiler_memory()
    probe = type(model)(**model.settings.replace(workers=1).as_dict())
    probe.vocab = Vocabulary(["a", "b"], [2, 1])  # nothing big
    probe._reset_weights()
    probe._kernel(1)(np.zeros(0, dtype=np.int32), np.zeros(1, dtype=np.int64), 0.0, 1.0,
                     job_seed(0, 0, 0))
    release_compiler_memory()
