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
