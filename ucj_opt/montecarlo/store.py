"""Streaming result store: one Parquet chunk per finished task, plus a manifest.

Every file is written to a temporary name in the same folder, flushed to disk and renamed
(an atomic step on POSIX and Windows), so a crash leaves whole files or none. A resumed run
skips the tasks whose chunk exists; the manifest's plan hash guards against resuming into
a store written by a different run.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
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

__all__ = ["Results", "Store", "StoreError", "atomic_write_bytes", "load_results", "plan_hash"]

_META = b"ucj_opt"
_UNIT = "__unit__:"
"""Prefix of the unit-cube columns in design.parquet."""


class StoreError(UserError):
    """The result store cannot be used as asked."""


def plan_hash(plan: Mapping[str, Any]) -> str:
    """SHA-256 of a JSON-able description of the run (what must match to resume)."""
    text = json.dumps(plan, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


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
    """A folder holding one Monte Carlo run."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        self.chunks = self.root / "chunks"

    @property
    def manifest_path(self) -> Path:
        return self.root / "manifest.json"

    def open(self, manifest: dict[str, Any], design: Design, *, resume: bool) -> set[str]:
        """Prepare the folder; return the keys of tasks already finished (when resuming)."""
        if self.manifest_path.exists():
            if not resume:
                raise StoreError(
                    f"{self.root} already holds a Monte Carlo run; pass --resume to continue "
                    "it, or choose another output folder"
                )
            old = self.read_manifest()
            if old.get("plan_hash") != manifest["plan_hash"]:
                raise StoreError(
                    f"{self.root} holds a different run (its scenario, design or seeds "
                    "differ); resume only with the same settings, or choose another folder"
                )
            manifest = {**manifest, "created": old.get("created", manifest.get("created"))}
        elif self.root.exists() and any(self.root.iterdir()):
            raise StoreError(f"{self.root} exists and is not a Monte Carlo store; choose another")
        self.chunks.mkdir(parents=True, exist_ok=True)
        for stale in self.chunks.glob(".*.tmp"):
            stale.unlink()  # half-written files of a killed run
        table = design.points.reset_index()
        for j, name in enumerate(design.names):
            table[_UNIT + name] = design.unit[:, j]
        atomic_write_bytes(self.root / "design.parquet", _parquet_bytes(table))
        self.write_manifest(manifest)
        return self.finished()

    def finished(self) -> set[str]:
        """Keys of the tasks whose chunk is on disk."""
        return {p.stem for p in self.chunks.glob("p*.parquet")}

    def write(self, outcome: TaskOutcome) -> None:
        """Store one finished task (atomically)."""
        meta = {"key": outcome.key, "seconds": outcome.seconds, "worker": outcome.worker}
        data = _parquet_bytes(outcome.frame, meta)
        atomic_write_bytes(self.chunks / f"{outcome.key}.parquet", data)

    def read_manifest(self) -> dict[str, Any]:
        try:
            data: dict[str, Any] = json.loads(self.manifest_path.read_text())
        except FileNotFoundError:
            raise StoreError(f"{self.root} is not a Monte Carlo store (no manifest.json)") from None
        return data

    def write_manifest(self, manifest: Mapping[str, Any]) -> None:
        text = json.dumps(manifest, indent=2, sort_keys=True, default=str)
        atomic_write_bytes(self.manifest_path, text.encode())

    def load(self) -> Results:
        """Everything in the store, sorted by (point, replication) whatever the run order."""
        manifest = self.read_manifest()
        frames, timings = [], []
        for path in sorted(self.chunks.glob("p*.parquet")):
            table = pq.read_table(path)
            meta = json.loads((table.schema.metadata or {}).get(_META, b"{}"))
            timings.append(meta)
            frames.append(table.to_pandas())
        results = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
        if len(results):
            results = results.sort_values(
                ["point", "replication"], kind="stable", ignore_index=True
            )
        table = pd.read_parquet(self.root / "design.parquet").set_index("point")
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
