"""Time spent in the plugin's own hooks, so that a build can tell what share of it is ours.

MkDocs reports only the whole build. The plugin adds up the wall-clock time of each of
its hooks (page hooks included, and the other locales' builds run by the i18n plugin)
and logs the total at the end of a whole-site build; the benchmark reads that line.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Concatenate, ParamSpec, Protocol, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class Stopwatch:
    """Seconds added up since the last reset."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def reset(self) -> None:
        self.seconds = 0.0


class Timed(Protocol):
    stopwatch: Stopwatch


T = TypeVar("T", bound=Timed)


def timed_hook(
    method: Callable[Concatenate[T, P], R],
) -> Callable[Concatenate[T, P], R]:
    """Add the time each call of `method` takes to its plugin's stopwatch."""

    @functools.wraps(method)
    def hook(self: T, /, *args: P.args, **kwargs: P.kwargs) -> R:
        start = time.perf_counter()
        try:
            return method(self, *args, **kwargs)
        finally:
            self.stopwatch.seconds += time.perf_counter() - start

    return hook
