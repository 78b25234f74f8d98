"""What the reader takes: regular files, and streams read once (pipes, FIFOs, stdin);
devices refused; damaged compressed data one clear error; a gzip bomb streamed."""
from __future__ import annotations

import gzip
import os
import sys
import threading
import time

import numpy as np
import pytest

import zero2vec.corpus.reader as reader
from zero2vec._checks import check_input_file
from zero2vec.corpus import LineSentence, tokenize_corpus
from zero2vec.corpus.reader import iter_byte_blocks, read_text
from zero2vec.corpus.vocab import scan_and_encode
from zero2vec.errors import CorpusError

TEXT = b"the cat sat\non the mat\n\nthe dog sat\n" * 5
SENTENCES = [line.split() for line in TEXT.decode().splitlines() if line.split()]
pytestmark = pytest.mark.usefixtures("no_hang")  # (what is tested used to block for ever)


@pytest.fixture
def fifo(tmp_path, monkeypatch):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    monkeypatch.setattr(reader, "_WRITER_GRACE", 0.05)
    p = tmp_path / "corpus.fifo"
    os.mkfifo(p)
    return p


def write_later(path, data: bytes, delay: float = 0.0) -> threading.Thread:
    """A writer in a thread (its open waits for the reader, as a shell's `cat > fifo` does)."""
    def run():
        time.sleep(delay)
        with open(path, "wb") as f:
            f.write(data)
    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


def test_a_fifo_with_no_writer_is_refused_not_waited_on(fifo):
    with pytest.raises(CorpusError, match=r"corpus.fifo: a named pipe with no process writing"):
        list(LineSentence(fifo))


@pytest.mark.parametrize("delay", [0.0, 0.3])
def test_a_fifo_is_read_once_by_the_vocabulary_pass(fifo, tmp_path, monkeypatch, delay):
    """The pass records the ids it reads, so one read is all training needs; a writer
    that connects a little after the reader (within the grace) is waited for."""
    monkeypatch.setattr(reader, "_WRITER_GRACE", 1.0)
    plain = tmp_path / "c.txt"
    plain.write_bytes(TEXT)
    writer = write_later(fifo, TEXT, delay)
    vocab, corpus = scan_and_encode(LineSentence(fifo), min_count=1)
    writer.join()
    v2, c2 = scan_and_encode(LineSentence(plain), min_count=1)
    assert vocab.index_to_key == v2.index_to_key and np.array_equal(corpus.tokens, c2.tokens)


def test_each_trainer_takes_a_fifo(fifo):
    from zero2vec import Word2Vec
    from zero2vec.count import train_ppmi_svd
    from zero2vec.trainer import train_layers

    runs = [lambda: Word2Vec(corpus_file=fifo, min_count=1, vector_size=4, epochs=1, workers=1),
            lambda: train_layers(fifo, min_count=1, vector_size=4, window=1, epochs=1, batch_size=8,
                                 progress=False),
            lambda: train_ppmi_svd(fifo, min_count=1, vector_size=2, window=1, progress=False)]
    for train in runs:
        writer = write_later(fifo, TEXT)
        result = train()
        writer.join()
        wv = getattr(result, "wv", result)
        assert sorted(wv.index_to_key) == sorted({w for s in SENTENCES for w in s})


def test_a_second_pass_over_a_stream_is_a_clear_error(fifo):
    writer = write_later(fifo, TEXT)
    with pytest.raises(CorpusError, match="can be read only once.*save it to a file"):
        scan_and_encode(LineSentence(fifo), min_count=1, max_vocab_size=5)  # (prunes)
    writer.join()


def test_a_stream_is_tokenised_without_a_cache_entry(fifo, tmp_path):
    """(Its size and mtime said nothing of its content: a later stream hit the entry.)"""
    writer = write_later(fifo, TEXT)
    c = tokenize_corpus(fifo, "regex", cache_dir=tmp_path / "cache", workers=1,
                        progress=False)
    writer.join()
    assert list(c) == SENTENCES and c.path is None and not (tmp_path / "cache").exists()


@pytest.fixture
def stdin_pipe(monkeypatch):
    """``sys.stdin`` reading from a pipe that holds TEXT (its writer closed)."""
    r, w = os.pipe()
    os.write(w, TEXT)
    os.close(w)
    f = open(r, "rb")
    monkeypatch.setattr(sys, "stdin", f)
    monkeypatch.setattr(reader, "_stdin_taken", False)
    yield f
    f.close()


def test_dash_is_stdin_read_once(stdin_pipe):
    assert list(LineSentence("-")) == SENTENCES
    assert check_input_file("-", "corpus file").name == "-"
    with pytest.raises(CorpusError, match="stdin was read already"):
        list(LineSentence("-"))


def test_dev_stdin_piped_is_read_not_empty(stdin_pipe):
    if not os.path.exists("/proc/self/fd"):
        pytest.skip("no /proc here")
    path = f"/proc/self/fd/{stdin_pipe.fileno()}"  # what /dev/stdin names
    check_input_file(path, "corpus file")
    assert list(LineSentence(path)) == SENTENCES


def test_stdin_from_a_device_is_refused(monkeypatch):
    monkeypatch.setattr(sys, "stdin", open(os.devnull, "rb"))
    with pytest.raises(CorpusError, match=r"^-: not a regular file \(a character device\) "
                                          r"\(stdin is a terminal or a device"):
        LineSentence("-")
    sys.stdin.close()


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
@pytest.mark.parametrize("read", [
    LineSentence, lambda p: tokenize_corpus(p, "regex", use_cache=False, progress=False),
    lambda p: check_input_file(p, "corpus file"), read_text,
])
def test_a_device_is_refused_at_once(read):
    """/dev/zero never ends: it hung the native engine and grew the others past 3 GB."""
    with pytest.raises(CorpusError, match=r"^/dev/zero: not a regular file \(a character "
                                          r"device\)$"):
        read("/dev/zero")


def test_check_input_file_follows_the_reader_s_rule(tmp_path, fifo):
    empty = tmp_path / "e.txt"
    empty.write_bytes(b"")
    with pytest.raises(CorpusError, match="corpus file is empty"):
        check_input_file(empty, "corpus file")
    assert check_input_file(fifo) == fifo  # a stream's size says nothing: never "empty"
    with pytest.raises(CorpusError, match="not a regular file"):
        check_input_file(os.devnull)
    with pytest.raises(CorpusError, match="is a directory"):
        check_input_file(tmp_path)
    with pytest.raises(CorpusError, match="no such corpus file"):
        check_input_file(tmp_path / "missing", "corpus file")


# -- damaged compressed data ------------------------------------------------------------------
GOOD = gzip.compress(TEXT * 50)
DAMAGED = {  # name -> (file name, bytes, what the message says)
    "zlib.error": ("c.txt.gz", GOOD + b"\x1f\x8b\x08\0\0\0\0\0\0\xff\x07junk", "invalid block type"),
    "EOFError": ("c.txt.gz", GOOD[:-30], "ended before the end-of-stream marker"),
    "BadGzipFile": ("c.txt.gz", TEXT, "Not a gzipped file"),
    "bad CRC": ("c.txt.gz", GOOD[:-8] + b"\0" * 8, "CRC check failed"),
    "bz2": ("c.txt.bz2", b"BZh9" + b"junk" * 20, "Invalid data stream"),
}
READERS = {
    "LineSentence": lambda p: list(LineSentence(p)),
    "compiled pass": lambda p: scan_and_encode(LineSentence(p), min_count=1),
    "tokenizer": lambda p: tokenize_corpus(p, "regex", use_cache=False, progress=False, workers=1),
    "read_text": read_text,
}


@pytest.mark.parametrize("damage", DAMAGED)
@pytest.mark.parametrize("read", READERS)
def test_damaged_compressed_data_is_one_line_naming_file_and_offset(tmp_path, damage, read):
    """(zlib.error used to end in a traceback, and no message said where.)"""
    name, data, says = DAMAGED[damage]
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(CorpusError) as e:
        READERS[read](p)
    msg = str(e.value)
    assert msg.startswith(f"{p}: corrupt or truncated {name.rsplit('.', 1)[1]} data near byte "
                          "offset ") and says in msg and "\n" not in msg
    if damage == "zlib.error":  # after the first, sound member: the offset says so
        assert int(msg.split("near byte offset ")[1].split()[0]) >= len(GOOD)


def _rss() -> int:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) << 10 for line in f if line.startswith("VmRSS:"))


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="no /proc here")
def test_a_gzip_bomb_streams_in_bounded_memory(tmp_path):
    """~1.5 MB of gzip that holds 1.5 GB of text: reading 400 MB of it adds little RSS."""
    member = gzip.compress((b"zero " * 2000 + b"\n") * 6_400, compresslevel=9)  # 64 MB
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(member * 24)
    assert bomb.stat().st_size < 3 << 20
    start, peak, read = _rss(), 0, 0
    blocks = iter_byte_blocks(bomb)
    for data, _, _ in blocks:
        read += len(data)
        peak = max(peak, _rss())
        if read > 400 << 20:
            break
    blocks.close()
    assert read > 400 << 20 and peak - start < 64 << 20
