"""The book's repository, when this machine has it: its chapter scripts, as the book ships
them and with their imports changed to zero2vec.book (tests skip, saying why, without it)."""
from __future__ import annotations

import contextlib
import io
import os
import re
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
BOOK_REPO = Path(os.environ.get("ZERO2VEC_BOOK_REPO", ROOT.parent / ".mirror" /
                                "oreilly-japan+deep-learning-from-scratch-2" / "repo"))
CHAPTER_MODULES = ("negative_sampling_layer", "cbow", "skip_gram", "simple_cbow", "simple_skip_gram")


def rewrite(source: str, chapter_modules: bool) -> str:
    """The import rule of docs/book.md; with ``chapter_modules`` a chapter's own modules too."""
    source = re.sub(r"^from common import config\b", "from zero2vec.book import config", source,
                    flags=re.M)
    source = re.sub(r"^from common\.(\w+) import", r"from zero2vec.book.\1 import", source, flags=re.M)
    source = re.sub(r"^from dataset import ptb\b", "from zero2vec.book.dataset import ptb", source,
                    flags=re.M)
    if chapter_modules:
        names = "|".join(CHAPTER_MODULES)
        source = re.sub(rf"^from (?:ch0\d\.)?({names}) import", r"from zero2vec.book.\1 import",
                        source, flags=re.M)
    return source


def _extract(dest: Path) -> None:
    if (BOOK_REPO / "common").is_dir():  # a checkout
        for d in ("ch02", "ch03", "ch04", "common", "dataset"):
            shutil.copytree(BOOK_REPO / d, dest / d)
        return
    dest.mkdir(parents=True)
    tar = subprocess.run(["git", f"--git-dir={BOOK_REPO}", "archive", "HEAD", "ch02", "ch03", "ch04",
                          "common", "dataset"], capture_output=True, check=True, timeout=60).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=tar, check=True, timeout=60)


@pytest.fixture(scope="session")
def book_trees(tmp_path_factory):
    """``{"book": original, "common": common/dataset imports changed, "all": chapter modules
    too}``: three copies of ch02-ch04 (the last two without the book's common/ and dataset/)."""
    if not BOOK_REPO.exists() or shutil.which("git") is None and not (BOOK_REPO / "common").is_dir():
        pytest.skip(f"needs the book's repository (set ZERO2VEC_BOOK_REPO; {BOOK_REPO} is absent)")
    base = tmp_path_factory.mktemp("book")
    _extract(base / "book")
    for kind in ("common", "all"):
        (base / kind / "dataset").mkdir(parents=True)
        for ch in ("ch02", "ch03", "ch04"):
            shutil.copytree(base / "book" / ch, base / kind / ch)
            for f in (base / kind / ch).glob("*.py"):
                f.write_text(rewrite(f.read_text(encoding="utf-8"), kind == "all"), encoding="utf-8")
    return {k: base / k for k in ("book", "common", "all")}


@pytest.fixture(scope="session")
def small_ptb(book_trees, tmp_path_factory):
    """The first 80 lines of PTB's train file, and one line for each word ch02/show_ptb.py
    looks up, in each tree's dataset/ folder."""
    src = Path(os.environ.get("ZERO2VEC_SHARED_DATA", ROOT.parent / "shared" / "data"))
    src = src / "corpora" / "ptb" / "ptb.train.txt.gz"
    if not src.exists():
        pytest.skip(f"needs PTB ({src} is absent)")
    import gzip
    lines, wanted = [], {"car", "happy", "lexus"}
    with gzip.open(src, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i < 80 or wanted & set(line.split()):
                lines.append(line)
                wanted -= set(line.split())
            if i >= 80 and not wanted:
                break
    text = "".join(lines)
    for tree in book_trees.values():
        (tree / "dataset" / "ptb.train.txt").write_text(text, encoding="utf-8")
    return text


@pytest.fixture
def run_script(monkeypatch):
    """``run(tree, "ch02/ppmi.py", seed=0, edit=None)`` -> what the script printed
    (``edit``: a function of the source, run from a copy).

    In-process, from the script's folder, after ``np.random.seed(seed)``; modules the book's
    scripts import by bare name (``common``, ``dataset``, chapter modules) are forgotten
    before and after, so the book's and zero2vec's never mix.
    """
    def forget():
        for name in list(sys.modules):
            top = name.split(".")[0]
            if top in ("common", "dataset", "ch02", "ch03", "ch04") or top in CHAPTER_MODULES:
                del sys.modules[name]

    def run(tree: Path, script: str, seed: int = 0, edit=None) -> str:
        path = tree / script
        if edit:  # an edited copy beside it (the script itself stays as shipped)
            edited = path.with_name("edited_" + path.name)
            edited.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
            path = edited
        forget()
        saved_path = list(sys.path)
        monkeypatch.chdir(path.parent)
        monkeypatch.setattr(sys, "argv", [path.name])
        sys.path.insert(0, str(path.parent))
        buf = io.StringIO()
        try:
            np.random.seed(seed)
            with contextlib.redirect_stdout(buf):
                runpy.run_path(str(path), run_name="__main__")
        finally:
            sys.path[:] = saved_path
            forget()
            import matplotlib.pyplot as plt
            plt.close("all")
        return buf.getvalue()

    return run
