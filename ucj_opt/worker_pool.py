"""Worker processes started with 'spawn', and the one thing a script must do for them.

A spawned worker imports the script that started it; a script that does its work at the
top level, not under ``if __name__ == "__main__":``, then runs again in every worker, which
tries to start workers of its own and stops. The run then waited forever: the parent was
still writing the worker's start arguments (the projection's inputs) down a pipe whose
other end it holds open itself until the write ends (CPython's spawn), so the worker's
death never reached it. Here the worker refuses at once, large start arguments go through
a file (:func:`handed_over`), and the parent says what to change.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import tempfile
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from ucj_opt.errors import UserError

__all__ = ["SCRIPT_GUARD", "handed_over", "load_handed_over", "spawn_pool", "starting_workers"]

SCRIPT_GUARD = (
    "the worker processes stopped before finishing. If this runs as a Python script, put "
    'its code under  if __name__ == "__main__":  (each worker imports the script, and code '
    "at its top level runs again there); otherwise a worker may have run out of memory. "
    "workers=1 (or --workers 1, where a command has it) runs everything in this process"
)


def spawn_pool(workers: int, **options: Any) -> ProcessPoolExecutor:
    """A process pool on 'spawn' (``options`` as for :class:`ProcessPoolExecutor`),
    refused inside a worker that is still importing its parent's script."""
    if getattr(multiprocessing.current_process(), "_inheriting", False):
        raise UserError(SCRIPT_GUARD)
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=multiprocessing.get_context("spawn"), **options
    )


@contextlib.contextmanager
def starting_workers() -> Iterator[None]:
    """Workers that died before answering, as a :class:`UserError` that says why."""
    try:
        yield
    except (BrokenPipeError, BrokenProcessPool) as exc:
        raise UserError(SCRIPT_GUARD) from exc


@contextlib.contextmanager
def handed_over(value: object) -> Iterator[str]:
    """The path of a temporary file holding ``value`` for workers to load (removed at the
    end), so that a worker's start arguments stay small."""
    with tempfile.TemporaryDirectory(prefix="ucj-opt-") as folder:
        path = os.path.join(folder, "handed_over.pickle")
        with open(path, "wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        yield path


def load_handed_over(path: str) -> object:
    """What :func:`handed_over` wrote (in a worker)."""
    with open(path, "rb") as source:
        return pickle.load(source)
