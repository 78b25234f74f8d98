"""The book's ``common/config.py``: set ``GPU = True`` *before* importing ``zero2vec.book.np``.

With ``GPU = True``, ``zero2vec.book.np.np`` is CuPy (an error says so when CuPy is not
installed). zero2vec's layers and Trainer run on the CPU (numpy + numba kernels); the
Trainer refuses GPU arrays with a one-line error rather than failing deep inside a layer.
"""
GPU = False
