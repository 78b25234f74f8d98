"""Accept word2vec.c's command line unchanged.

word2vec.c takes ``-train FILE -output FILE -size 200 -cbow 0 ...`` (single dash, no
sub-command). Before typer parses anything, such a line is rewritten to
``train FILE --output FILE --size 200 --cbow 0 ...``. Only the ``train`` command is
touched, and only word2vec.c's option names, so other commands' arguments (a word
like ``-size`` given to ``similar``) pass through unchanged.
"""
from __future__ import annotations

from zero2vec.errors import ConfigError

# word2vec.c option -> our long option (None: handled specially)
W2V_OPTIONS = {
    "-output": "--output", "-size": "--size", "-window": "--window", "-sample": "--sample",
    "-hs": "--hs", "-negative": "--negative", "-threads": "--threads", "-iter": "--iter",
    "-min-count": "--min-count", "-alpha": "--alpha", "-binary": "--binary", "-cbow": "--cbow",
    "-save-vocab": "--save-vocab",
}
UNSUPPORTED = {"-read-vocab": "reading a vocabulary file", "-classes": "k-means word classes"}


def translate_argv(argv: list[str]) -> list[str]:
    """Rewrite a word2vec.c-style argument list for typer; others are returned as given.

    Examples
    --------
    >>> translate_argv(["-train", "t.txt", "-output", "v.bin", "-cbow", "0", "-binary", "1"])
    ['train', 't.txt', '--output', 'v.bin', '--cbow', '0', '--binary', '1']
    """
    if not argv:
        return argv
    if argv[0] == "word2phrase":
        return translate_word2phrase(argv)
    if argv[0] == "-train":
        rest = argv
    elif argv[0] == "train" and any(a in W2V_OPTIONS or a == "-train" for a in argv[1:]):
        rest = argv[1:]
    else:
        return argv
    out = ["train"]
    i = 0
    while i < len(rest):
        a = rest[i]
        if a == "-train":
            if i + 1 >= len(rest):
                raise ConfigError("-train needs a corpus file")
            out.insert(1, rest[i + 1])
            i += 2
            continue
        if a == "-debug":  # word2vec.c's verbosity: 0 means quiet
            if i + 1 < len(rest) and rest[i + 1] == "0":
                out.append("--quiet")
            i += 2
            continue
        if a in UNSUPPORTED:
            raise ConfigError(f"word2vec.c's {a} ({UNSUPPORTED[a]}) is not supported by zero2vec")
        out.append(W2V_OPTIONS.get(a, a))
        i += 1
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
