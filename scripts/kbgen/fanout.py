"""Share independent per-file work among several processes when there is much of it.

Validating a large knowledge base from nothing (a fresh clone, CI) is almost all
per-file work (YAML, schema, Markdown checks), done while MkDocs waits. The files are
independent, so on a machine with several cores worker processes take a share each.
A few files stay in this process: starting a worker costs more than they take.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

# Files from which workers pay off: a file takes about 10 ms, and starting a pool and
# sending results back costs about as much as a few dozen files.
PARALLEL_FROM = 100
MAX_WORKERS = 4
A = TypeVar("A")
B = TypeVar("B")
R = TypeVar("R")
log = logging.getLogger("mkdocs.plugins.kb")


def workers_for(count: int) -> int:
    """Return how many processes should share `count` files: 1 means this one alone."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    return 1 if count < PARALLEL_FROM else max(1, min(cores, MAX_WORKERS))


def map_pairs(
    work: Callable[[A, B], R], firsts: Sequence[A], seconds: Sequence[B]
) -> list[R]:
    """Return `[work(a, b) for a, b in zip(firsts, seconds)]`, in order, on several cores.

    `work` must be a module-level function, and its arguments and results picklable.
    Workers are forked, so they start at once with everything imported, and only from
    a process with one thread: a fork copies other threads' locks as they are (held,
    perhaps), which is the case of `mkdocs serve` once its server runs. Spawned workers
    would not have that problem but re-import the caller's main script, which breaks
    scripts without a main guard. If workers cannot run, the work is done here.
    """
    # Known limitation: so a server's rebuilds (in its build thread) validate in one
    # process, even after a branch switch changed every file; goes away with workers
    # started once, before the server's threads (a pool kept by the plugin).
    count = workers_for(len(firsts)) if threading.active_count() == 1 else 1
    if count == 1:
        return [work(a, b) for a, b in zip(firsts, seconds, strict=True)]
    chunk = max(1, len(firsts) // (count * 4))
    try:
        with ProcessPoolExecutor(count, multiprocessing.get_context("fork")) as pool:
            return list(pool.map(work, firsts, seconds, chunksize=chunk))
    except (BrokenProcessPool, OSError, ValueError) as err:
        # ValueError: no fork on this platform (Windows).
        log.debug(f"validating in this process only: workers failed ({err})")
        return [work(a, b) for a, b in zip(firsts, seconds, strict=True)]
