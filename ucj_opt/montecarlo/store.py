"""Streaming result store: one Parquet chunk per finished task, plus a manifest.

Every file is written to a temporary name in the same folder, flushed to disk and renamed
(an atomic step on POSIX and Windows), so a crash leaves whole files or none. A resumed run
skips the tasks whose chunk exists and is whole; the plan hash guards against resuming into
a store written by a different run. The plan covers the resolved scenario, the content of
every table file it reads and the ucj-opt version, so a table edited between a kill and
``--resume`` is refused by name rather than mixed into the results.

One writer at a time: ``lock`` holds the owner's process id (and an OS lock, released when
the process dies, so a stale lock is taken over). A chunk cut short (a disk filled, a
copy interrupted) is reported and recomputed on resume; a damaged ``manifest.json`` is
rebuilt from the copy kept in ``design.parquet`` and the chunks.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ucj_opt.errors import UserError
from ucj_opt.montecarlo.design import Design
from ucj_opt.montecarlo.tasks import TaskOutcome

__all__ = [
    "Results",
    "Store",
    "StoreError",
    "atomic_write_bytes",
    "describe_change",
    "input_hashes",
    "load_results",
    "plan_hash",
    "plan_parts",
]

_META = b"ucj_opt"
_UNIT = "__unit__:"
"""Prefix of the unit-cube columns in design.parquet."""


class StoreError(UserError):
    """The result store cannot be used as asked."""


def plan_hash(plan: Mapping[str, Any]) -> str:
    """SHA-256 of a JSON-able description of the run (what must match to resume)."""
    text = json.dumps(plan, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def input_hashes(scenario: Mapping[str, Any] | None) -> dict[str, str]:
    """SHA-256 of the content of every table file the resolved scenario reads, by key.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     table = Path(tmp) / "workers.csv"
    ...     _ = table.write_text("region,eligible\\n64,10\\n")
    ...     before = input_hashes({"workers": {"file": str(table)}})
    ...     _ = table.write_text("region,eligible\\n64,20\\n")
    ...     list(before), before == input_hashes({"workers": {"file": str(table)}})
    (['workers.file'], False)
    """
    out: dict[str, str] = {}

    def walk(node: Any, prefix: str) -> None:
        if isinstance(node, Mapping):
            for key, value in node.items():
                path = f"{prefix}.{key}" if prefix else str(key)
                if key == "file" and isinstance(value, str):
                    out[path] = _file_hash(Path(value))
                else:
                    walk(value, path)
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{prefix}[{i}]")

    walk(scenario or {}, "")
    return out


def _file_hash(path: Path) -> str:
    if path.name.startswith("embedded:") or not path.is_file():
        return f"not a file: {path}"
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


_PART_NAMES = {
    "task": "the task or its bound arguments (scenario file, overrides, --set, coverage)",
    "scenario_hash": "the resolved scenario (a setting, an override or --set)",
    "design": "the design kind",
    "points": "the design points (samples or parameters)",
    "root_seed": "the root seed",
    "seeds": "the seed list",
    "batch": "the batch size",
    "version": "the ucj-opt version",
}


def plan_parts(plan: Mapping[str, Any]) -> dict[str, str]:
    """A hash per part of the plan (per table for ``inputs``), to say what changed."""
    parts = {k: plan_hash({"v": v}) for k, v in plan.items() if k != "inputs"}
    for key, digest in dict(plan.get("inputs") or {}).items():
        parts[f"inputs:{key}"] = digest
    return parts


def describe_change(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """What differs between two runs' ``plan_parts``, in words (tables named first).

    Examples
    --------
    >>> describe_change({"inputs:workers.file": "a", "root_seed": "1"},
    ...                 {"inputs:workers.file": "b", "root_seed": "1"})
    ['the content of the table workers.file']
    """
    out = []
    for key in sorted(set(old) | set(new), key=lambda k: (not k.startswith("inputs:"), k)):
        if old.get(key) == new.get(key):
            continue
        if key.startswith("inputs:"):
            out.append(f"the content of the table {key.removeprefix('inputs:')}")
        else:
            out.append(_PART_NAMES.get(key, key))
    return out


def _say(text: str) -> None:
    print(f"ucj-opt montecarlo: {text}", file=sys.stderr, flush=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so readers see the old file or the new one, never half."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _parquet_bytes(frame: pd.DataFrame, meta: Mapping[str, Any] | None = None) -> bytes:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    if meta is not None:
        merged = dict(table.schema.metadata or {})
        merged[_META] = json.dumps(meta).encode()
        table = table.replace_schema_metadata(merged)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    return bytes(sink.getvalue().to_pybytes())


@dataclass(frozen=True)
class Results:
    """A store read back: tidy results, design points, per-task timings and the manifest.

    Examples
    --------
    >>> import tempfile, ucj_opt
    >>> from ucj_opt.montecarlo import build_design
    >>> from ucj_opt.montecarlo.reference import paired_losses
    >>> from ucj_opt.scenario.uncertainty import UncertaintySettings
    >>> design = build_design(UncertaintySettings(design="mc", samples=1, replications=4))
    >>> with tempfile.TemporaryDirectory() as store:
    ...     run = ucj_opt.run_montecarlo(
    ...         paired_losses, design, replications=4, root_seed=1, store=store, quiet=True
    ...     )
    ...     again = ucj_opt.load_results(store)
    >>> run
    Results(complete: 1 point × 4 replications, 8 rows; design mc, parameters: none)
    >>> again.results.equals(run.results)
    True
    """

    results: pd.DataFrame
    """One row per point, replication and arm: the task's outputs."""
    design: pd.DataFrame
    """The design points (one row per point, one column per uncertain parameter)."""
    timings: pd.DataFrame
    """Seconds and worker of every task."""
    manifest: dict[str, Any]
    """What the run was: plan hash, seeds, versions, status (``manifest.json``)."""
    experiment: Design
    """The design as built (points, unit-cube coordinates, kind), for sensitivity."""

    def __repr__(self) -> str:
        m = self.manifest
        names = ", ".join(self.experiment.names) or "none"
        return (
            f"Results({m.get('status', '?')}: {len(self.design):,} point"
            f"{'s' if len(self.design) != 1 else ''} × {m.get('replications', '?')} "
            f"replications, {len(self.results):,} rows; design {self.experiment.kind}, "
            f"parameters: {names})"
        )

    def _repr_html_(self) -> str:
        import html

        m = self.manifest
        facts = {
            "status": str(m.get("status", "?")),
            "design": f"{self.experiment.kind}, {len(self.design):,} points",
            "parameters": ", ".join(self.experiment.names) or "none",
            "replications": str(m.get("replications", "?")),
            "rows": f"{len(self.results):,}",
            "root seed": str(m.get("root_seed", "?")),
        }
        rows = "".join(
            f"<tr><th style='text-align:left'>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
            for k, v in facts.items()
        )
        return f"<table><caption>Monte Carlo results</caption>{rows}</table>"


class Store:
    """A folder holding one Monte Carlo run.

    ``say`` receives the notes a user should see (a stale lock taken over, a damaged chunk
    recomputed, a manifest rebuilt); by default they go to standard error.
    """

    def __init__(
        self, root: str | os.PathLike[str], say: Callable[[str], None] | None = None
    ) -> None:
        self.root = Path(root)
        self.chunks = self.root / "chunks"
        self.say = say or _say
        self._lock_fd: int | None = None
        self._plan_hash: str | None = None

    @property
    def manifest_path(self) -> Path:
        return self.root / "manifest.json"

    @property
    def lock_path(self) -> Path:
        return self.root / "lock"

    # -- one writer --------------------------------------------------------------------------

    def lock(self) -> None:
        """Become the only writer, or raise naming the process that is.

        The lock file holds ``host:pid`` of its owner. On POSIX an OS lock on it is held as
        well, which the system drops when the owner dies however it dies, so a stale lock
        (its process gone) is taken over, with a note.
        """
        if self._lock_fd is not None:
            return
        self.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            owner = os.read(fd, 200).decode("utf-8", "replace").strip()
            if not _os_lock(fd):
                raise StoreError(
                    f"{self.root} is being written by another run ({owner or 'unknown'}); "
                    "wait for it to finish, or choose another folder"
                )
            if owner and owner != self._me():
                host, _, pid = owner.rpartition(":")
                if (
                    not _os_lock_supported()
                    and host == socket.gethostname()
                    and (pid.isdigit() and _alive(int(pid)))
                ):
                    raise StoreError(
                        f"{self.root} is being written by process {pid}; wait for it to "
                        "finish, or choose another folder"
                    )
                self.say(
                    f"took over the lock of {self.root} left by process {owner}, which is "
                    "no longer running"
                )
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, self._me().encode())
            os.fsync(fd)
        except BaseException:
            os.close(fd)
            raise
        self._lock_fd = fd

    @staticmethod
    def _me() -> str:
        return f"{socket.gethostname()}:{os.getpid()}"

    def __del__(self) -> None:
        with contextlib.suppress(Exception):  # a Store dropped without release() must
            self.release()  # not block the next run in this process

    def release(self) -> None:
        """Stop being the writer (the lock file stays, empty)."""
        if self._lock_fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(self._lock_fd, 0)
        os.close(self._lock_fd)  # drops the OS lock
        self._lock_fd = None

    # -- opening, resuming -------------------------------------------------------------------

    def open(self, manifest: dict[str, Any], design: Design, *, resume: bool) -> set[str]:
        """Lock the folder and prepare it; return the keys of tasks already finished (when
        resuming). Call :meth:`release` when the run ends."""
        self.lock()
        try:
            return self._open(manifest, design, resume=resume)
        except BaseException:
            self.release()
            raise

    def _open(self, manifest: dict[str, Any], design: Design, *, resume: bool) -> set[str]:
        self._plan_hash = str(manifest["plan_hash"])
        if self.manifest_path.exists() or (self.root / "design.parquet").exists():
            if not resume:
                raise StoreError(
                    f"{self.root} already holds a Monte Carlo run; pass --resume to continue "
                    "it, or choose another output folder"
                )
            old = self._read_or_rebuild(complete_only=False)
            if old.get("plan_hash") != manifest["plan_hash"]:
                if "plan_parts" in old:
                    changed = describe_change(old["plan_parts"], manifest["plan_parts"])
                    what = "; ".join(changed) or "its scenario, design or seeds"
                else:
                    what = "it was written by an older ucj-opt, which did not record its inputs"
                raise StoreError(
                    f"{self.root} holds a different run: changed since it started: {what}. "
                    "Resume only with the same inputs and settings, or choose another folder"
                )
            manifest = {**manifest, "created": old.get("created", manifest.get("created"))}
        elif self.root.exists() and any(p != self.lock_path for p in self.root.iterdir()):
            raise StoreError(f"{self.root} exists and is not a Monte Carlo store; choose another")
        self.chunks.mkdir(parents=True, exist_ok=True)
        for stale in self.chunks.glob(".*.tmp"):
            stale.unlink()  # half-written files of a killed run
        for path, why in self._damaged():
            self.say(f"{path.relative_to(self.root)} is damaged ({why}); it will be recomputed")
            path.unlink()
        table = design.points.reset_index()
        for j, name in enumerate(design.names):
            table[_UNIT + name] = design.unit[:, j]
        # the manifest is kept in design.parquet too: a damaged manifest.json is rebuilt
        atomic_write_bytes(self.root / "design.parquet", _parquet_bytes(table, manifest))
        self.write_manifest(manifest)
        return self.finished()

    def finished(self) -> set[str]:
        """Keys of the tasks whose chunk is on disk."""
        return {p.stem for p in self.chunks.glob("p*.parquet")}

    def _check_chunk(self, path: Path, plan: str | None) -> str | None:
        """Why a chunk cannot be used (cut short, unreadable, another plan), or None."""
        try:
            meta = pq.read_schema(path).metadata or {}
            info = json.loads(meta.get(_META, b"{}"))
        except (OSError, ValueError, pa.ArrowException) as exc:
            return f"cut short or unreadable: {type(exc).__name__}"
        if info.get("key") != path.stem:
            return "not the chunk its name says"
        if plan is not None and info.get("plan_hash", plan) != plan:
            return "written by a different run"
        return None

    def _damaged(self) -> list[tuple[Path, str]]:
        out = []
        for path in sorted(self.chunks.glob("p*.parquet")):
            why = self._check_chunk(path, self._plan_hash)
            if why:
                out.append((path, why))
        return out

    def write(self, outcome: TaskOutcome) -> None:
        """Store one finished task (atomically)."""
        meta = {
            "key": outcome.key,
            "seconds": outcome.seconds,
            "worker": outcome.worker,
            "plan_hash": self._plan_hash,
        }
        data = _parquet_bytes(outcome.frame, meta)
        atomic_write_bytes(self.chunks / f"{outcome.key}.parquet", data)

    # -- the manifest ------------------------------------------------------------------------

    def read_manifest(self) -> dict[str, Any]:
        """The manifest; when it is damaged or missing, rebuilt if the run is complete."""
        return self._read_or_rebuild(complete_only=True)

    def _read_or_rebuild(self, *, complete_only: bool) -> dict[str, Any]:
        try:
            data = json.loads(self.manifest_path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and "plan_hash" in data:
                return data
            why = "not a manifest"
        except FileNotFoundError:
            if not (self.root / "design.parquet").exists():
                raise StoreError(
                    f"{self.root} is not a Monte Carlo store (no manifest.json)"
                ) from None
            why = "missing"
        except (OSError, ValueError) as exc:
            why = f"damaged: {type(exc).__name__}"
        return self._rebuild(why, complete_only=complete_only)

    def _rebuild(self, why: str, *, complete_only: bool) -> dict[str, Any]:
        try:
            meta = pq.read_schema(self.root / "design.parquet").metadata or {}
            manifest: dict[str, Any] = json.loads(meta[_META])
        except (OSError, KeyError, ValueError, pa.ArrowException):
            raise StoreError(
                f"{self.manifest_path} is {why}, and design.parquet does not say what the run "
                "was; the store cannot be used: start the run again in a new folder"
            ) from None
        plan = str(manifest.get("plan_hash"))
        good = [p for p in self.chunks.glob("p*.parquet") if self._check_chunk(p, plan) is None]
        complete = len(good) >= int(manifest.get("tasks", 0))
        if complete_only and not complete:
            raise StoreError(
                f"{self.manifest_path} is {why} and the run is not complete ({len(good)} of "
                f"{manifest.get('tasks')} tasks): finish it with --resume (same settings), "
                "which rebuilds the manifest"
            )
        manifest["status"] = "complete" if complete else "running"
        self.say(
            f"manifest.json was {why}; rebuilt from design.parquet and {len(good)} whole chunks"
        )
        if self._lock_fd is not None or not complete_only:
            self.write_manifest(manifest)
        return manifest

    def write_manifest(self, manifest: Mapping[str, Any]) -> None:
        text = json.dumps(manifest, indent=2, sort_keys=True, default=str)
        atomic_write_bytes(self.manifest_path, text.encode())

    def load(self) -> Results:
        """Everything in the store, sorted by (point, replication) whatever the run order.

        A damaged chunk is a clear error (``--resume`` recomputes it), never a traceback.
        """
        manifest = self.read_manifest()
        frames, timings = [], []
        for path in sorted(self.chunks.glob("p*.parquet")):
            try:
                table = pq.read_table(path)
            except (OSError, ValueError, pa.ArrowException) as exc:
                raise StoreError(
                    f"{path} is damaged ({type(exc).__name__}: cut short or unreadable); "
                    "run again with --resume (same settings) to recompute it"
                ) from None
            meta = json.loads((table.schema.metadata or {}).get(_META, b"{}"))
            timings.append(meta)
            frames.append(table.to_pandas())
        results = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
        if len(results):
            results = results.sort_values(
                ["point", "replication"], kind="stable", ignore_index=True
            )
        try:
            table = pd.read_parquet(self.root / "design.parquet").set_index("point")
        except (OSError, ValueError, KeyError, pa.ArrowException) as exc:
            raise StoreError(
                f"{self.root / 'design.parquet'} is damaged ({type(exc).__name__}); run "
                "again with --resume (same settings) to rewrite it"
            ) from None
        unit_cols = [c for c in table.columns if str(c).startswith(_UNIT)]
        design = Design(
            points=table.drop(columns=unit_cols),
            unit=table[unit_cols].to_numpy(dtype=np.float64).reshape(len(table), -1),
            kind=str(manifest.get("design", "mc")),
            levels=int(manifest.get("morris_levels", 4)),
        )
        cols = ["key", "seconds", "worker"]
        timing = pd.DataFrame(timings, columns=cols)
        return Results(results, design.points, timing, manifest, design)


def _os_lock_supported() -> bool:
    try:
        import fcntl  # noqa: F401
    except ImportError:  # pragma: no cover - Windows
        return False
    return True


def _os_lock(fd: int) -> bool:
    """Take the OS lock on ``fd`` without waiting; False when another process holds it."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: the pid check alone
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def load_results(store: str | os.PathLike[str]) -> Results:
    """Read a Monte Carlo store: ``results``, ``design``, ``timings`` and ``manifest``.

    Parameters
    ----------
    store
        A folder written by :func:`ucj_opt.run_montecarlo` or ``ucj-opt montecarlo``.

    Returns
    -------
    Results
        As written by the run.

    Examples
    --------
    >>> import ucj_opt
    >>> ucj_opt.load_results("no/such/store")
    Traceback (most recent call last):
    ...
    ucj_opt.montecarlo.store.StoreError: no/such/store is not a Monte Carlo store ...
    """
    return Store(store).load()
