"""Optimizers that update parameters in place (SGD ... Adam)."""
from zero2vec.optim.optimizers import (
    OPTIMIZERS, SGD, AdaGrad, Adam, Momentum, Nesterov, RMSprop, get_optimizer,
)

__all__ = ["OPTIMIZERS", "SGD", "AdaGrad", "Adam", "Momentum", "Nesterov", "RMSprop", "get_optimizer"]
