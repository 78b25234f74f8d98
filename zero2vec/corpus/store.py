"""An append-only array that leaves RAM when it grows: where the encoded corpus lives.

Up to ``max_ram_items`` items stay in RAM. Past that the array moves to an unnamed
temporary file, and readers take the ranges they need with positioned reads, so the
process holds only what is being read, whatever the array's size. The OS page cache
keeps the file hot between epochs, as it keeps the text that gensim and word2vec.c
re-read every epoch. (A memory map would let the pages of the whole file pile up
in the process instead.)

A store can also be opened over an array file that already exists (a cached
corpus, :meth:`ArrayStore.open`): it is then read the same way and never written.
"""
from __future__ import annotations

import errno
import os
import tempfile
import threading
from array import array
from pathlib import Path

import numpy as np

from zero2vec.errors import CorpusError, OutputError

DEFAULT_MAX_RAM_ITEMS = 1 << 20  # 1M items (4 MiB of ids); beyond that, a file
_TYPECODES = {np.dtype(np.int32): "i", np.dtype(np.int64): "q"}


class ArrayStore:
    """A 1-D int32 or int64 array: appended to, then read and rewritten in ranges.

    Parameters
    ----------
    max_ram_items : int
        Past this many items the store moves to a temporary file.
    tmp_dir : str, optional
        Where that file goes (default: ``$TMPDIR``). It has no name in the folder and
        disappears when the store is closed or the process ends, however it ends.
    dtype : int32 or int64
    spill_with : ArrayStore, optional
        Also move to a file as soon as that store has (the sentence ends of a corpus
        whose ids left RAM follow them).
    """

    def __init__(self, max_ram_items: int = DEFAULT_MAX_RAM_ITEMS, tmp_dir: str | None = None,
                 dtype=np.int32, spill_with: ArrayStore | None = None) -> None:
        self.dtype = np.dtype(dtype)
        self.spill_with = spill_with
        self.max_ram_items = max_ram_items
        self.tmp_dir = tmp_dir
        self._buf: array | None = array(_TYPECODES[self.dtype])
        self._file = None
        self._n = 0
        self._lock = threading.Lock()  # only for platforms without os.preadv
        self.source: Path | None = None  # the file of a store opened read-only

    @classmethod
    def open(cls, path: str | os.PathLike, dtype) -> ArrayStore:
        """A read-only store over the raw array in file ``path`` (e.g. ``"<i4"``)."""
        path = Path(path)
        store = cls()
        store.dtype = np.dtype(dtype)
        f = open(path, "rb", buffering=0)
        size = os.fstat(f.fileno()).st_size
        if size % store.dtype.itemsize:
            f.close()
            raise CorpusError(f"{path}: {size} bytes is not a whole number of "
                              f"{store.dtype.itemsize}-byte items (truncated?)")
        store._buf, store._file, store._n = None, f, size // store.dtype.itemsize
        store.source = path
        return store

    def __len__(self) -> int:
        return self._n

    @property
    def in_ram(self) -> bool:
        return self._file is None

    def extend_array(self, items: np.ndarray) -> None:
        """Append ``items`` (any integer array, converted to the store's dtype)."""
        items = np.ascontiguousarray(items, dtype=self.dtype)
        if self._file is None and (self._n + len(items) > self.max_ram_items or (
                self.spill_with is not None and not self.spill_with.in_ram)):
            self._move_to_file()
        if self._file is None:
            self._buf.frombytes(memoryview(items).cast("B"))
        else:
            self.write(self._n, items)
        self._n += len(items)

    def _where(self) -> str:
        return self.tmp_dir or tempfile.gettempdir()

    def _move_to_file(self) -> None:
        try:
            self._file = tempfile.TemporaryFile(prefix="zero2vec-corpus-", dir=self.tmp_dir,
                                                buffering=0)
        except OSError as e:
            raise OutputError(f"cannot create a temporary file for the encoded corpus in "
                              f"{self._where()} ({e.strerror}); set TMPDIR to a writable "
                              "folder") from None
        buf, self._buf = self._buf, None
        self.write(0, np.frombuffer(buf, dtype=self.dtype))

    def write(self, start: int, items: np.ndarray) -> None:
        """Overwrite items from position ``start`` (a file also grows past its end)."""
        if self.source is not None:
            raise OutputError(f"{self.source}: a stored array is read-only")
        items = np.ascontiguousarray(items, dtype=self.dtype)
        if self._file is None:
            np.frombuffer(self._buf, dtype=self.dtype)[start:start + len(items)] = items
            return
        view = memoryview(items).cast("B")
        offset = start * self.dtype.itemsize
        try:
            while len(view):
                k = os.pwrite(self._file.fileno(), view, offset) if hasattr(os, "pwrite") \
                    else self._seek_write(view, offset)
                if k <= 0:  # (a write that takes nothing: the disk is full)
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                view, offset = view[k:], offset + k
        except OSError as e:
            full = e.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
            why = "no space left on device" if full else e.strerror or str(e)
            raise OutputError(f"cannot write the encoded corpus to its temporary file in "
                              f"{self._where()}: {why}; free space there, or set TMPDIR to "
                              "a folder with room") from None

    def _seek_write(self, view: memoryview, offset: int) -> int:  # pragma: no cover - Windows
        with self._lock:
            self._file.seek(offset)
            return self._file.write(view)

    def read(self, start: int, stop: int, out: np.ndarray | None = None) -> np.ndarray:
        """Items ``[start, stop)``: a view in RAM, else read into ``out`` (or a new array).

        Safe to call from several threads at once.
        """
        if self._file is None:
            return np.frombuffer(self._buf, dtype=self.dtype)[start:min(stop, self._n)]
        n = max(0, min(stop, self._n) - start)
        dest = np.empty(n, dtype=self.dtype) if out is None or len(out) < n else out[:n]
        view = memoryview(dest).cast("B")
        offset = start * self.dtype.itemsize
        while len(view):
            k = os.preadv(self._file.fileno(), [view], offset) if hasattr(os, "preadv") \
                else self._seek_read(view, offset)
            if k <= 0:
                raise OutputError("the encoded corpus's temporary file was cut short "
                                  "(was it deleted or truncated?)")
            view, offset = view[k:], offset + k
        return dest

    def _seek_read(self, view: memoryview, offset: int) -> int:  # pragma: no cover - Windows
        with self._lock:
            self._file.seek(offset)
            return self._file.readinto(view)

    def truncate(self, n: int) -> None:
        """Keep only the first ``n`` items."""
        if self.source is not None:
            raise OutputError(f"{self.source}: a stored array is read-only")
        self._n = min(n, self._n)
        if self._file is not None:
            self._file.truncate(self._n * self.dtype.itemsize)

    @property
    def array(self) -> np.ndarray:
        """All items as one array (a read-only memory map when they live in a file)."""
        if self._file is None:
            return np.frombuffer(self._buf, dtype=self.dtype)[:self._n]
        if self._n == 0:
            return np.zeros(0, dtype=self.dtype)
        return np.memmap(self._file, dtype=self.dtype, mode="r", shape=(self._n,))

    def tofile(self, path: str | os.PathLike, chunk: int = 1 << 22) -> None:
        """Write the items to ``path`` as a raw little-endian array, a chunk at a time
        (inside an :func:`~zero2vec._atomic.atomic_dir` folder)."""
        little = self.dtype.newbyteorder("<")
        with open(path, "wb") as f:
            for start in range(0, self._n, chunk):
                f.write(self.read(start, start + chunk).astype(little, copy=False).tobytes())

    def close(self) -> None:
        """Release the RAM or the temporary file."""
        if self._file is not None:
            self._file.close()
            self._file = None
        self._buf, self._n = array(_TYPECODES[self.dtype]), 0
