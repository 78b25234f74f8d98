"""Command-line interface (``zero2vec --help``)."""
