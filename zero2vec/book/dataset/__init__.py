"""The book's ``dataset/`` package (``from zero2vec.book.dataset import ptb``)."""
