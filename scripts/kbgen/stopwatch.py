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
    """Seconds added up since the last reset, in all and by hook."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.by_hook: dict[str, float] = {}

    def reset(self) -> None:
        self.seconds = 0.0
        self.by_hook.clear()

    def add(self, hook: str, seconds: float) -> None:
        self.seconds += seconds
        self.by_hook[hook] = self.by_hook.get(hook, 0.0) + seconds

    def summary(self) -> str:
        """Return the total and the hooks that took most of it, largest first."""
        parts = sorted(self.by_hook.items(), key=lambda item: -item[1])
        shown = ", ".join(f"{name} {seconds:.2f}" for name, seconds in parts[:4])
        return f"{self.seconds:.2f} s of this build in the kb plugin ({shown})"


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
            self.stopwatch.add(method.__name__, time.perf_counter() - start)

    return hook
