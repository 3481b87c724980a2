"""``ucj_opt.run_montecarlo``: the Monte Carlo of a study's allocation, from Python.

The CLI command ``ucj-opt montecarlo`` is a thin shell over :func:`run_montecarlo`, so a
notebook gets the same store and the same :class:`~ucj_opt.montecarlo.Results`. The arm
"with" is the study's optimal allocation (solved again at each design point when a
budget, a price or a worker count is uncertain); each point's allocation is written
beside the projection, in ``STORE/allocations/``.
"""

from __future__ import annotations

import os
from concurrent.futures import Executor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ucj_opt.errors import UserError
from ucj_opt.montecarlo.design import Design, build_design
from ucj_opt.montecarlo.executors import ExecutorKind
from ucj_opt.montecarlo.scenario_task import point_sets
from ucj_opt.montecarlo.store import Results, atomic_write_bytes, plan_hash
from ucj_opt.montecarlo.tasks import TaskFn
from ucj_opt.pipeline.mc_task import ArmSpec, allocation_for_point, lp_paths, study_task
from ucj_opt.scenario.study import Study

if TYPE_CHECKING:
    from ucj_opt.allocate import Allocation
    from ucj_opt.scenario.uncertainty import UncertaintySettings

__all__ = [
    "TARGET_METRIC",
    "arm_spec",
    "load_allocations",
    "run_montecarlo",
    "study_key",
    "uncertainty_settings",
]

TARGET_METRIC = "poor_person_years"
"""Outcome whose paired effect (poor person-years averted) the stopping rule watches."""

ALLOCATION_COLUMNS = ("region", "segment", "year", "enrolled", "enrolled_extreme_poor")


def study_key(study: Study) -> str:
    """A hash of the study's settings and tables: what a worker's caches are keyed by."""
    from ucj_opt.allocate.result import table_hash

    t = study.tables
    tables = {n: table_hash(getattr(t, n)) for n in ("regions", "workers", "budgets")}
    return plan_hash({"scenario": study.scenario.model_dump(mode="json"), "tables": tables})


def uncertainty_settings(
    study: Study,
    *,
    design: str | None = None,
    samples: int | None = None,
    replications: int | None = None,
    seed: int | None = None,
) -> UncertaintySettings:
    """The study's ``uncertainty:`` section with the choices given here on top."""
    from pydantic import ValidationError

    from ucj_opt.scenario.uncertainty import UncertaintySettings

    data = study.scenario.uncertainty.model_dump()
    given = {"design": design, "samples": samples, "replications": replications, "root_seed": seed}
    data.update({k: v for k, v in given.items() if v is not None})
    try:
        return UncertaintySettings.model_validate(data)
    except ValidationError as exc:
        msgs = "; ".join(e["msg"] for e in exc.errors())
        raise UserError(f"uncertainty settings: {msgs}") from None


def arm_spec(allocation: str | float | pd.DataFrame | Allocation, design: Design) -> ArmSpec:
    """The arm "with": ``"optimal"``, a coverage share, or an allocation (table or object)."""
    from ucj_opt.allocate.result import table_hash

    if isinstance(allocation, str):
        if allocation != "optimal":
            raise UserError(f"allocation must be 'optimal', a share or a table, not {allocation!r}")
        return ArmSpec("optimal", resolve=bool(lp_paths(design.names)))
    if isinstance(allocation, int | float):
        share = float(allocation)
        if not 0.0 <= share <= 1.0:
            raise UserError(f"coverage must be a share in [0, 1], not {share}")
        return ArmSpec("coverage", coverage=share)
    table = allocation if isinstance(allocation, pd.DataFrame) else allocation.table
    missing = [c for c in ALLOCATION_COLUMNS if c not in table.columns]
    if missing:
        raise UserError(
            f"the allocation table lacks column(s) {', '.join(missing)}; expected "
            f"{', '.join(ALLOCATION_COLUMNS)}"
        )
    keep = [c for c in (*ALLOCATION_COLUMNS, "premiums") if c in table.columns]
    frame = table[keep].reset_index(drop=True)
    frame = frame.assign(region=frame["region"].astype(str), segment=frame["segment"].astype(str))
    return ArmSpec("table", table=frame, table_hash=table_hash(frame))


def check_draws(study: Study, design: Design) -> None:
    """Apply each parameter's lowest and highest draw: a bad path or a draw outside a
    figure's allowed range fails here, before any work, with the scenario's own message."""
    pts = design.points
    if pts.shape[1] == 0:
        return
    base = design.params(0)
    for name in design.names:
        for value in (float(pts[name].min()), float(pts[name].max())):
            study.with_changes(*point_sets({**base, name: value}))


def _write_allocations(store: Path, study: Study, key: str, design: Design, arm: ArmSpec) -> None:
    """Each point's allocation, beside its projection (``allocations/pNNNNNN.parquet``)."""
    if arm.kind == "coverage":
        return
    folder = store / "allocations"
    folder.mkdir(exist_ok=True)
    for point in range(len(design.points)):
        path = folder / f"p{point:06d}.parquet"
        if path.exists():
            continue  # resumed: the same point gives the same allocation
        table = allocation_for_point(study, key, design.params(point), arm)
        assert isinstance(table, pd.DataFrame)
        frame = table.assign(point=point)
        atomic_write_bytes(path, frame.to_parquet(index=False))


def load_allocations(store: str | os.PathLike[str]) -> pd.DataFrame:
    """Every design point's allocation of a store, with a ``point`` column.

    Examples
    --------
    >>> from ucj_opt.pipeline.montecarlo import load_allocations
    >>> load_allocations("no/such/store").empty
    True
    """
    files = sorted((Path(store) / "allocations").glob("p*.parquet"))
    if not files:
        return pd.DataFrame(columns=["point", *ALLOCATION_COLUMNS])
    return pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)


def _as_study(source: Study | str | os.PathLike[str]) -> Study:
    if isinstance(source, Study):
        return source
    from ucj_opt.scenario import load_scenario

    return load_scenario(str(source))


def run_montecarlo(
    study: Study | str | os.PathLike[str] | TaskFn,
    design: Design | str | None = None,
    *,
    store: str | os.PathLike[str],
    samples: int | None = None,
    replications: int | None = None,
    seed: int | None = None,
    allocation: str | float | pd.DataFrame | Allocation = "optimal",
    households_per_group: int | None = None,
    executor: ExecutorKind = "serial",
    workers: int = 1,
    scheduler: str | None = None,
    client: Any = None,
    pool: Executor | None = None,
    batch: int | None = None,
    target_half_width: float | None = None,
    max_replications: int = 256,
    resume: bool = False,
    quiet: bool = True,
    **engine_kw: Any,
) -> Results:
    """Monte Carlo of a study's allocation over its uncertain parameters, streamed to disk.

    Parameters
    ----------
    study
        A :class:`~ucj_opt.Study` or a scenario file. (A task function ``task(params,
        seed)`` runs the generic engine, :func:`ucj_opt.montecarlo.run_montecarlo`, with
        ``design`` and ``engine_kw``.)
    design
        A design kind (mc, lhs, sobol, morris) or a :class:`~ucj_opt.montecarlo.Design`;
        by default the scenario's ``uncertainty:`` section.
    store
        A new folder, or the folder of an interrupted run with ``resume=True``.
    samples, replications, seed
        Override the scenario's ``uncertainty:`` settings.
    allocation
        The arm "with": ``"optimal"`` (the scenario's LP, solved per design point when
        a budget, a price or a worker count is uncertain), a coverage share, or an
        allocation (its table).
    households_per_group
        Simulated households per region × segment × stratum (default: the scenario's).
    executor, workers, scheduler, client, pool
        ``serial``, ``processes`` or ``dask`` (a LocalCluster on 127.0.0.1, a scheduler
        address or a running client; a running process pool): the same numbers, bit for
        bit, on each.
    batch
        Replications per task (default: the replications of a point, or the block of the
        stopping rule).
    target_half_width
        Add blocks of ``replications`` until the 95% CI half-width of the poor
        person-years averted is at most this, or ``max_replications`` is reached.

    Returns
    -------
    Results
        The store read back (the same the CLI writes).

    Examples
    --------
    >>> import tempfile, ucj_opt
    >>> study = ucj_opt.load_scenario(
    ...     "embedded:national", sets=["horizon.years=1", "simulation.households_per_group=10"]
    ... )
    >>> with tempfile.TemporaryDirectory() as store:
    ...     res = ucj_opt.run_montecarlo(study, "mc", samples=2, replications=2, store=store)
    >>> sorted(res.results["arm"].unique()), len(res.results)
    (['with', 'without'], 8)
    """
    from ucj_opt.montecarlo.engine import run_montecarlo as run_engine

    if callable(study) and not isinstance(study, Study):
        if not isinstance(design, Design):
            raise TypeError("a task function needs a Design (ucj_opt.montecarlo.build_design)")
        if replications is None:
            raise TypeError("a task function needs replications=")
        given: dict[str, Any] = {"batch": batch} if batch is not None else {}
        return run_engine(
            study,
            design,
            replications=replications,
            store=store,
            executor=executor,
            workers=workers,
            scheduler=scheduler,
            client=client,
            pool=pool,
            resume=resume,
            quiet=quiet,
            **given,
            **engine_kw,
        )
    if engine_kw:
        raise TypeError(f"unexpected argument(s): {', '.join(sorted(engine_kw))}")
    for name, value in (
        ("samples", samples),
        ("replications", replications),
        ("households_per_group", households_per_group),
        ("batch", batch),
        ("workers", workers),
        ("max_replications", max_replications),
    ):
        if value is not None and value < 1:
            raise UserError(f"{name} must be at least 1, not {value}")
    if target_half_width is not None and target_half_width <= 0:
        raise UserError(f"target_half_width must be positive, not {target_half_width}")
    the_study = _as_study(study)
    kind = design if isinstance(design, str) else None
    settings = uncertainty_settings(
        the_study, design=kind, samples=samples, replications=replications, seed=seed
    )
    the_design = design if isinstance(design, Design) else build_design(settings)
    check_draws(the_study, the_design)
    arm = arm_spec(allocation, the_design)
    key = study_key(the_study)
    if arm.kind == "optimal":  # solve before any replication: an infeasible LP fails here
        for point in range(len(the_design.points) if arm.resolve else 1):
            allocation_for_point(the_study, key, the_design.params(point), arm)
    task = _bind(the_study, key, arm, households_per_group)
    resolved: dict[str, Any] = the_study.scenario.model_dump(mode="json")
    resolved["uncertainty"] = settings.model_dump(mode="json")
    resolved["monte_carlo_arm"] = repr(arm)
    kw: dict[str, Any] = {
        "root_seed": settings.root_seed,
        "executor": executor,
        "workers": workers,
        "scheduler": scheduler,
        "client": client,
        "pool": pool,
        "quiet": quiet,
        "scenario": resolved,
    }
    if target_half_width is not None:
        if settings.seeds is not None:
            raise UserError("the stopping rule cannot extend an explicit seed list; drop 'seeds'")
        from ucj_opt.montecarlo.stopping import run_to_target

        res, _ = run_to_target(
            task,
            the_design,
            metric=TARGET_METRIC,
            target_half_width=target_half_width,
            store=store,
            block=settings.replications,
            max_replications=max_replications,
            resume=resume,
            **kw,
        )
    else:
        res = run_engine(
            task,
            the_design,
            replications=settings.replications,
            seeds=settings.seeds,
            batch=batch or settings.replications,
            store=store,
            resume=resume,
            **kw,
        )
    _write_allocations(Path(store), the_study, key, the_design, arm)
    return res


def _bind(study: Study, key: str, arm: ArmSpec, households: int | None) -> TaskFn:
    import functools

    return functools.partial(
        study_task, study=study, key=key, arm=arm, households_per_group=households
    )
