import sys

import numpy as np
import pytest

from zero2vec._memory import available_memory, check_memory, human_bytes
from zero2vec.errors import MemoryLimitError
from zero2vec.models import CBOW


def test_reads_available_memory():
    avail = available_memory()
    assert avail is None or avail > 0


def test_refuses_with_a_hint():
    with pytest.raises(MemoryLimitError, match=r"the model needs about 1\.0 GiB, but only 512\.0 MiB.*min_count"):
        check_memory(2 ** 30, "the model", "raise min_count", available=2 ** 29)
    check_memory(2 ** 20, "small", available=2 ** 30)  # fits: no error


def test_absurd_model_is_refused_before_allocating():
    with pytest.raises(MemoryLimitError, match="weight matrix"):
        CBOW(50_000_000, 50_000, 1, np.arange(10))


def test_human_bytes():
    assert human_bytes(512) == "512 B" and human_bytes(3 * 2 ** 30) == "3.0 GiB"


def _llvm_resident_kib() -> int:
    total, inside = 0, False
    with open("/proc/self/smaps", encoding="ascii", errors="replace") as f:
        for line in f:
            first = line.split(maxsplit=1)[0]
            if "-" in first and not first.endswith(":"):
                inside = "libllvmlite" in line
            elif inside and first == "Rss:":
                total += int(line.split()[1])
    return total


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="MADV_PAGEOUT is Linux's")
def test_llvm_pages_are_given_back_and_kernels_still_run():
    import numba

    from zero2vec import Word2Vec
    from zero2vec._memory import release_compiler_memory
    from zero2vec.corpus import LineSentence
    from zero2vec.datasets.bundled import bundled_path

    corpus = list(LineSentence(bundled_path("brown"), limit=300))
    numba.njit(lambda x: x + 1)(1)  # compiling makes LLVM resident
    before = _llvm_resident_kib()
    if release_compiler_memory() == 0:
        pytest.skip("this kernel has no MADV_PAGEOUT")
    assert _llvm_resident_kib() < before / 2
    numba.njit(lambda x: x + 2)(1)
    # the engine gives them back itself, once its kernels are loaded
    a = Word2Vec(corpus, vector_size=8, min_count=1, epochs=1, workers=1, seed=3)
    assert _llvm_resident_kib() < before / 2
    b = Word2Vec(corpus, vector_size=8, min_count=1, epochs=1, workers=1, seed=3)
    assert np.array_equal(a.wv.vectors, b.wv.vectors)
