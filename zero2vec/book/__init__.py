"""The book's ``common/`` and ``dataset/`` packages (ch02–ch04), as a thin facade over zero2vec.

A chapter script of 『ゼロから作るDeep Learning ❷』 runs unchanged once its imports follow
one rule:

==========================================  ==================================================
the book                                    zero2vec
==========================================  ==================================================
``from common.M import …``                  ``from zero2vec.book.M import …``
``from common import config``               ``from zero2vec.book import config``
``from common.np import *``                 ``from zero2vec.book.np import *``
``from dataset import ptb``                 ``from zero2vec.book.dataset import ptb``
a chapter's own module, e.g.                the same name under ``zero2vec.book`` (optional:
``from ch04.negative_sampling_layer``,      the book's own file also runs once *its* imports
``from cbow import CBOW``,                  follow the rule)
``from simple_cbow import SimpleCBOW``
==========================================  ==================================================

Each module re-exports zero2vec's own classes where they behave as the book's (the layers,
the optimizers, the models) and holds only what differs: results as dense arrays where
zero2vec returns sparse ones (``create_co_matrix``, ``ppmi``), the book's ranking and
printout (``most_similar``, ``analogy``), the book's ``Trainer`` defaults (its printed
lines, shuffles from ``numpy.random``), and the book's data folders for ``ptb``.

Nothing is imported here, so that ``config.GPU`` can still be set before ``np`` is read
(as the book's ch04/train.py does). See docs/book.md.
"""
