"""Training the layered models: the book's Trainer, gradient merging, and a file-to-vectors pipeline."""
from zero2vec.trainer.layered import LayeredResult, train_layers
from zero2vec.trainer.sharing import SharedParams, clip_grads, remove_duplicate
from zero2vec.trainer.trainer import Trainer

__all__ = ["LayeredResult", "SharedParams", "Trainer", "clip_grads", "remove_duplicate", "train_layers"]
