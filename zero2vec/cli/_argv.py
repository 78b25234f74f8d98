"""Accept other tools' spellings of ``train``'s options: word2vec.c's, fastText's, gensim's.

word2vec.c takes ``-train FILE -output FILE -size 200 -cbow 0 ...`` (single dash, no
sub-command); fastText ``-input FILE -dim 100 -epoch 5 -minCount 5 ...``; gensim users
write its keywords (``--epochs``, ``--workers``, ``--vector-size``, ``--sg 1``). Before
typer parses anything, such a line is rewritten to ``train FILE --output FILE --size 200
...``. Only the ``train`` command is touched, and only the names in :data:`ALIASES` (the
one table of them: a front end for another tool's command line reuses it), so other
commands' arguments (a word like ``-size`` given to ``similar``) pass through unchanged.
A spelling that has no unambiguous equivalent (:data:`SUGGEST`, :data:`UNSUPPORTED`)
is a one-line error saying what to write instead.
"""
from __future__ import annotations

import re

from zero2vec.errors import ConfigError

# another tool's option -> ours; each means the same thing with the same values
ALIASES: dict[str, str] = {
    # word2vec.c
    "-output": "--output", "-size": "--size", "-window": "--window", "-sample": "--sample",
    "-hs": "--hs", "-negative": "--negative", "-threads": "--threads", "-iter": "--iter",
    "-min-count": "--min-count", "-alpha": "--alpha", "-binary": "--binary", "-cbow": "--cbow",
    "-save-vocab": "--save-vocab",
    # fastText (its -output is a prefix for .bin and .vec; here it names the vector file)
    "-dim": "--size", "-ws": "--window", "-neg": "--negative", "-epoch": "--iter",
    "-minCount": "--min-count", "-thread": "--threads", "-t": "--sample", "-seed": "--seed",
    "-minn": "--minn", "-maxn": "--maxn", "-bucket": "--bucket",
    # gensim's keyword names
    "--vector-size": "--size", "--vector_size": "--size", "--epochs": "--iter",
    "--workers": "--threads", "--min_count": "--min-count",
}
# `--ray` takes an address only when the next argument is one ("--ray a.txt" is a local Ray
# and a corpus file); with --ray, `--workers` is the Ray workers, not gensim's threads
RAY = "--ray"
RAY_ADDRESS = re.compile(r"(auto|local|ray://\S+|[\w.\-]+:\d+)")
INPUTS = ("-train", "-input")  # word2vec.c's and fastText's corpus: our first argument
NEGATED = {"--sg": "--cbow", "-sg": "--cbow"}  # gensim's sg=1 is word2vec.c's cbow=0
SUGGEST = {
    "-lr": "fastText's -lr is --alpha here (native engine); the layers engine's rate is --lr",
    "-loss": "fastText's -loss: use --hs 1 --negative 0 for hs, --negative N for ns",
    "--compute-loss": "the loss is always computed (OUTPUT.json's loss_history)",
}
UNSUPPORTED = {"-read-vocab": "reading a vocabulary file", "-classes": "k-means word classes",
               "-wordNgrams": "word n-grams", "-pretrainedVectors": "pretrained vectors",
               "-lrUpdateRate": "(the learning rate falls every sentence here)"}
# fastText's own command lines: `skipgram|cbow -input F -output PREFIX ...` trains its
# subword model with its defaults and writes PREFIX.bin and PREFIX.vec, as fastText does
FASTTEXT_COMMANDS = {"skipgram": "0", "cbow": "1"}  # -> --cbow
FASTTEXT_DEFAULTS = ["--sample", "1e-4", "--alpha", "0.05"]  # fastText's -t and -lr
FASTTEXT_LOSS = {"ns": [], "hs": ["--hs", "1", "--negative", "0"]}


def _known(arg: str) -> bool:
    name = arg.split("=", 1)[0]
    return name in ALIASES or name in INPUTS or name in NEGATED or name in SUGGEST \
        or name in UNSUPPORTED or name == RAY


def translate_argv(argv: list[str]) -> list[str]:
    """Rewrite another tool's ``train`` argument list for typer; others are returned as given.

    Examples
    --------
    >>> translate_argv(["-train", "t.txt", "-output", "v.bin", "-cbow", "0", "-binary", "1"])
    ['train', 't.txt', '--output', 'v.bin', '--cbow', '0', '--binary', '1']
    >>> translate_argv(["train", "t.txt", "-o", "v.bin", "--epochs", "3", "--sg", "1"])
    ['train', 't.txt', '-o', 'v.bin', '--iter', '3', '--cbow', '0']
    >>> translate_argv(["train", "--ray", "a.txt", "b.txt", "-o", "v.bin", "--workers", "2"])
    ['train', '--ray', 'local', 'a.txt', 'b.txt', '-o', 'v.bin', '--workers', '2']
    """
    if not argv:
        return argv
    if argv[0] == "word2phrase":
        return translate_word2phrase(argv)
    if argv[0] in FASTTEXT_COMMANDS:
        return _fasttext_argv(argv)
    if argv[0] in INPUTS:
        rest = argv
    elif argv[0] == "train" and any(_known(a) for a in argv[1:]):
        rest = argv[1:]
    else:
        return argv
    out = ["train"]
    ray = any(a.split("=", 1)[0] == RAY for a in rest)
    i = 0
    while i < len(rest):
        name, eq, inline = rest[i].partition("=")
        if not eq:
            name = rest[i]
        value = inline if eq else (rest[i + 1] if i + 1 < len(rest) else None)
        step = 1 if eq else 2
        if name in INPUTS:
            if value is None:
                raise ConfigError(f"{name} needs a corpus file")
            out.insert(1, value)
        elif name == "-debug":  # word2vec.c's verbosity: 0 means quiet
            if value == "0":
                out.append("--quiet")
        elif name in NEGATED:
            if value not in ("0", "1"):
                raise ConfigError(f"{name} takes 0 or 1 (gensim's sg: 1 is skip-gram), got {value!r}")
            out += [NEGATED[name], "0" if value == "1" else "1"]
        elif name in SUGGEST:
            raise ConfigError(f"{name} is not an option of zero2vec train: {SUGGEST[name]}")
        elif name in UNSUPPORTED:
            raise ConfigError(f"{name} ({UNSUPPORTED[name]}) is not supported by zero2vec train")
        elif name == RAY and not eq:
            address = value is not None and RAY_ADDRESS.fullmatch(value)
            out += [RAY, value if address else "local"]
            step = 2 if address else 1
        elif name == "--workers" and ray:
            out.append(rest[i])
            step = 1
        else:
            out.append(ALIASES.get(name, name) + (f"={inline}" if eq else ""))
            step = 1
        i += step
    return out


W2P_OPTIONS = {"-output": "--output", "-min-count": "--min-count", "-threshold": "--threshold",
               "-debug": "--debug"}


def translate_word2phrase(argv: list[str]) -> list[str]:
    """word2phrase.c's ``-train IN -output OUT -min-count N -threshold T -debug D``,
    rewritten for the ``word2phrase`` command (its long options pass as they are).

    Examples
    --------
    >>> translate_word2phrase(["word2phrase", "-train", "t.txt", "-output", "p.txt"])
    ['word2phrase', 't.txt', '--output', 'p.txt']
    """
    out = ["word2phrase"]
    rest = argv[1:]
    i = 0
    while i < len(rest):
        a = rest[i]
        if a == "-train":
            if i + 1 >= len(rest):
                raise ConfigError("-train needs a text file")
            out.insert(1, rest[i + 1])
            i += 2
            continue
        if a.startswith("-") and not a.startswith("--") and a not in W2P_OPTIONS and len(a) > 2:
            raise ConfigError(f"{a} is not an option of word2phrase.c (it takes -train, -output, "
                              "-min-count, -threshold and -debug)")
        out.append(W2P_OPTIONS.get(a, a))
        i += 1
    return out


def _fasttext_argv(argv: list[str]) -> list[str]:
    """``skipgram``/``cbow`` with fastText's options as ``train --model fasttext ...``.

    Examples
    --------
    >>> _fasttext_argv(["cbow", "-input", "d.txt", "-output", "m", "-lr", "0.1"])[:4]
    ['train', 'd.txt', '--output', 'm.bin']
    """
    rest, out, i = argv[1:], [], 0
    head = ["--model", "fasttext", "--cbow", FASTTEXT_COMMANDS[argv[0]], *FASTTEXT_DEFAULTS]
    while i < len(rest):
        name, value = rest[i], rest[i + 1] if i + 1 < len(rest) else None
        if name.startswith("-") and value is None:
            raise ConfigError(f"fastText's {name} needs a value")
        if name == "-output":
            head += ["--output", f"{value}.bin", "--vec", f"{value}.vec"]
        elif name == "-lr":
            out += ["--alpha", value]
        elif name == "-loss":
            if value not in FASTTEXT_LOSS:
                raise ConfigError(f"-loss {value}: only ns and hs train word vectors here")
            out += FASTTEXT_LOSS[value]
        elif name == "-verbose":
            out += ["--quiet"] if value == "0" else []
        else:
            out += [rest[i], value]
        i += 2
    if "--output" not in head:
        raise ConfigError(f"fastText's {argv[0]} needs -output PREFIX (it writes PREFIX.bin "
                          "and PREFIX.vec)")
    translated = translate_argv(["train", *out])  # -input, -dim, -epoch ... by the one table
    if translated[:1] != ["train"] or len(translated) < 2 or translated[1].startswith("-"):
        raise ConfigError(f"fastText's {argv[0]} needs -input FILE")
    return [*translated[:2], *head, *translated[2:]]
