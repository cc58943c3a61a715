"""Named points the engine reaches, announced to whoever listens.

The engine announces ``names`` (parsing names), ``block``, ``compare`` and ``rest``
(model, judgement, clustering) as it reaches them and does nothing else there. The
command line subscribes its compile warm-up (:mod:`sidalih._warmup`), so that a
library stage never calls a command-line concern and no module imports back the
scheduler.

>>> seen = []
>>> with listening(seen.append):
...     reached("block")
>>> reached("compare")  # nobody listens now
>>> seen
['block']
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["reached", "subscribe", "unsubscribe", "listening"]

_listeners: list[Callable[[str], None]] = []


def reached(stage: str) -> None:
    """Tell the listeners that the engine has reached ``stage``."""
    for listener in tuple(_listeners):
        listener(stage)


def subscribe(listener: Callable[[str], None]) -> None:
    """Call ``listener(stage)`` at every stage from now on."""
    _listeners.append(listener)


def unsubscribe(listener: Callable[[str], None]) -> None:
    """Stop calling ``listener``; no error when it was not subscribed."""
    if listener in _listeners:
        _listeners.remove(listener)


@contextmanager
def listening(listener: Callable[[str], None]) -> Iterator[None]:
    """``listener`` hears the stages reached inside the ``with`` block."""
    subscribe(listener)
    try:
        yield
    finally:
        unsubscribe(listener)
