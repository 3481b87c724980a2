"""An exact faster path: the LP's independent blocks, solved side by side.

Two columns are in the same block when a chain of rows links them: the blocks are the
connected components of the graph of rows and columns (an edge per non-zero). With the
default rules a block is one province (every pool lies in one province and reaches only
its own regions), but nothing here assumes it: a national coverage row (``min_cost``) or
minimum rate (``equity``) links everything into one block, and the LP is solved whole.

Every stage's objective is a sum over columns, so each stage's optimum is the sum of the
blocks' optima, the whole model's solution is the blocks' solutions side by side, and each
block's duals and ranges are the whole model's. The model is built and read back once;
only the solves are split, each block on its own HiGHS instance, on as many threads as
there are cores (HiGHS releases the GIL while it solves).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, replace

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from ucj_opt.allocate.backends import RawSolution, Status
from ucj_opt.allocate.formulation import Formulation
from ucj_opt.allocate.highs_run import Stopped, silence_banner
from ucj_opt.allocate.staged import solve_staged

__all__ = [
    "BLOCK_MIN_COLUMNS",
    "Block",
    "BlockProgress",
    "blocks_to_solve",
    "independent_blocks",
    "solve_in_blocks",
]

BlockProgress = Callable[[int, int], None]
"""Told ``(blocks done, blocks)`` when a block ends and about once a second meanwhile."""

BLOCK_MIN_COLUMNS = 20_000
"""Columns from which a model is split, and the least a block gets (small components are
packed together): below it one HiGHS run costs less than several (benchmarks/)."""

_WORST_FIRST = (
    Status.INFEASIBLE,
    Status.UNBOUNDED,
    Status.NOT_SOLVED,
    Status.TIME_LIMIT_NO_SOLUTION,
    Status.TIME_LIMIT,
    Status.OPTIMAL,
)


@dataclass(frozen=True, eq=False)
class Block:
    """Columns and rows of the model that no row links to the rest."""

    columns: np.ndarray
    rows: np.ndarray


def independent_blocks(f: Formulation, least: int = BLOCK_MIN_COLUMNS) -> list[Block]:
    """The model's blocks, largest first; components under ``least`` columns are packed
    together, and a row with no entries (it constrains nothing, but may be infeasible)
    goes with the first block. One block means the model does not split."""
    n_row, n_col = f.shape
    if n_col == 0:
        return [Block(np.arange(0), np.arange(n_row))]
    coo = f.A.tocoo()
    graph = sp.coo_matrix(
        (np.ones(coo.nnz, dtype=np.int8), (coo.row, n_row + coo.col)),
        shape=(n_row + n_col, n_row + n_col),
    )
    _, label = connected_components(graph, directed=False)
    col_label = label[n_row:]
    ids, size = np.unique(col_label, return_counts=True)
    order = np.argsort(-size, kind="stable")
    bins: list[list[int]] = []
    filling: list[int] = []
    filled = 0
    for k in order:  # whole components, largest first, packed to at least ``least``
        filling.append(int(ids[k]))
        filled += int(size[k])
        if filled >= least:
            bins.append(filling)
            filling, filled = [], 0
    if filling and bins:
        bins[-1].extend(filling)  # the small remainder joins the last (smallest) block
    elif filling:
        bins.append(filling)
    bin_of = np.full(label.max() + 1, -1)
    for b, members in enumerate(bins):
        bin_of[members] = b
    col_bin = bin_of[col_label]
    row_nnz = np.diff(f.A.indptr)
    row_bin = np.where(row_nnz > 0, bin_of[label[:n_row]], 0)
    blocks = [
        Block(np.flatnonzero(col_bin == b), np.flatnonzero(row_bin == b)) for b in range(len(bins))
    ]
    return sorted(blocks, key=lambda blk: -len(blk.columns))


def blocks_to_solve(f: Formulation, blocks: bool | None) -> list[Block] | None:
    """The blocks to solve side by side, or None for one run on the whole model:
    ``blocks`` None splits from :data:`BLOCK_MIN_COLUMNS` columns, True at any size,
    False never."""
    if blocks is False or not (blocks or f.shape[1] >= BLOCK_MIN_COLUMNS):
        return None
    parts = independent_blocks(f, least=1 if blocks else BLOCK_MIN_COLUMNS)
    return parts if len(parts) > 1 else None


def _part(f: Formulation, block: Block) -> Formulation:
    """The block as a model of its own (objective, bounds, stages sliced)."""
    cols, rows = block.columns, block.rows
    return replace(
        f,
        c=f.c[cols],
        A=f.A[rows][:, cols].tocsr(),
        row_lo=f.row_lo[rows],
        row_up=f.row_up[rows],
        col_lo=f.col_lo[cols],
        col_up=f.col_up[cols],
        columns=f.columns.iloc[cols].reset_index(drop=True),
        rows=f.rows.iloc[rows].reset_index(drop=True),
        cost=f.cost[cols],
        stages=tuple(replace(s, c=s.c[cols]) for s in f.stages),
    )


def _threads() -> int:
    return max(1, min(len(os.sched_getaffinity(0)), 8))


def solve_in_blocks(
    f: Formulation,
    blocks: list[Block],
    time_limit: float | None = None,
    gap: float | None = None,
    threads: int | None = None,
    progress: BlockProgress | None = None,
) -> RawSolution:
    """Solve each block (all stages, with HiGHS) and put the blocks' answers together as
    the whole model's. ``time_limit`` is for the whole solve: every block stops by then;
    ``progress`` hears how many blocks are done."""
    started = time.perf_counter()
    stop = threading.Event()
    silence_banner()

    def one(block: Block) -> RawSolution:
        limit = None
        if time_limit is not None:
            limit = max(time_limit - (time.perf_counter() - started), 1e-3)
        return solve_staged(_part(f, block), True, "highs", limit, gap, stop=stop)

    n = min(threads or _threads(), len(blocks))
    with ThreadPoolExecutor(max_workers=n) as pool:
        futures: list[Future[RawSolution]] = [pool.submit(one, b) for b in blocks]
        pending: set[Future[RawSolution]] = set(futures)
        told = (-1, 0.0)
        try:
            while pending:  # short waits, so that Ctrl-C reaches this thread
                _, pending = wait(pending, timeout=0.1, return_when=FIRST_EXCEPTION)
                if any(fu.done() and fu.exception() for fu in futures):
                    break
                done, now = len(futures) - len(pending), time.monotonic()
                if progress is not None and (done != told[0] or now - told[1] >= 1.0):
                    progress(done, len(futures))
                    told = (done, now)
        finally:
            if pending:  # Ctrl-C here or a block failed: stop the others
                stop.set()
                for fu in pending:
                    fu.cancel()
    errors = [fu.exception() for fu in futures if not fu.cancelled()]
    failed = [e for e in errors if e is not None and not isinstance(e, Stopped)]
    if failed:
        raise failed[0]
    parts = [fu.result() for fu in futures]
    return _joined(f, blocks, parts, time.perf_counter() - started)


def _joined(
    f: Formulation, blocks: list[Block], parts: list[RawSolution], seconds: float
) -> RawSolution:
    """The blocks' solutions as one: values side by side, stage optima summed."""
    n_row, n_col = f.shape
    status = next(s for s in _WORST_FIRST if any(p.status is s for p in parts))
    x = np.zeros(n_col)
    for block, part in zip(blocks, parts, strict=True):
        x[block.columns] = part.x
    solved = status.has_solution
    raw = RawSolution(
        status,
        x,
        float(sum(p.objective for p in parts)) if solved else float("nan"),
        "highs",
        seconds,
    )
    raw.row_dual = _side_by_side(blocks, [p.row_dual for p in parts], n_row, 0.0)
    raw.row_range_lo = _side_by_side(blocks, [p.row_range_lo for p in parts], n_row, -np.inf)
    raw.row_range_up = _side_by_side(blocks, [p.row_range_up for p in parts], n_row, np.inf)
    n_stages = min(len(p.stage_values) for p in parts)
    raw.stage_values = [float(sum(p.stage_values[k] for p in parts)) for k in range(n_stages)]
    raw.most_even = all(p.most_even for p in parts)
    n_duals = min(len(p.stage_duals) for p in parts)
    raw.stage_duals = [
        _stack(blocks, [p.stage_duals[k] for p in parts], n_row, 0.0) for k in range(n_duals)
    ]
    return raw


def _side_by_side(
    blocks: list[Block], values: list[np.ndarray | None], n_row: int, fill: float
) -> np.ndarray | None:
    """One value per row of the whole model from the blocks' (None if a block has none)."""
    present = [v for v in values if v is not None]
    return _stack(blocks, present, n_row, fill) if len(present) == len(values) else None


def _stack(blocks: list[Block], values: list[np.ndarray], n_row: int, fill: float) -> np.ndarray:
    out = np.full(n_row, fill)
    for block, v in zip(blocks, values, strict=True):
        out[block.rows] = v
    return out
