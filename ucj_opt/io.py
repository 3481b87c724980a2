"""Atomic writing: a reader never sees half a file, a crash never leaves one; a results
folder is built beside its place and swapped in whole, so it never mixes two runs."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

__all__ = [
    "COMPLETE",
    "check_complete",
    "result_folder",
    "write_atomic",
    "write_bytes_atomic",
    "write_text_atomic",
]


def write_atomic(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        tmp.chmod(0o666 & ~_umask())  # mkstemp makes 0600; results are meant to be shared
        with tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write bytes atomically."""

    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    write_atomic(path, write)


def write_text_atomic(path: Path, text: str) -> None:
    """Write UTF-8 text atomically."""
    write_bytes_atomic(path, text.encode("utf-8"))


# -- all-or-nothing result folders ----------------------------------------------------------

COMPLETE = "complete.json"
"""Written last into every results folder: a folder without it is not read."""

_PARTIAL = ".partial-"
_OLD = ".old-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by someone else
        return True
    return True


def _clear_leftovers(target: Path) -> None:
    """Remove the half-built folders of killed runs into ``target`` (their process is gone)."""
    for leftover in target.parent.glob(f".{glob.escape(target.name)}.*"):
        tag = leftover.name[len(target.name) + 1 :]
        for kind in (_PARTIAL, _OLD):
            if tag.startswith(kind) and leftover.is_dir():
                pid = tag[len(kind) :].split("-", 1)[0]
                if pid.isdigit() and not _alive(int(pid)):
                    shutil.rmtree(leftover, ignore_errors=True)


def _check_replaceable(target: Path) -> None:
    from ucj_opt.errors import UserError

    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise UserError(f"{target} exists and is not a folder; choose another output folder")
    if target.is_dir() and not (target / COMPLETE).exists() and any(target.iterdir()):
        raise UserError(
            f"{target} holds files that ucj-opt did not write (it has no {COMPLETE}); "
            "choose a new output folder, or empty this one: a results folder is replaced whole"
        )


@contextlib.contextmanager
def result_folder(target: str | os.PathLike[str], command: str, **facts: object) -> Iterator[Path]:
    """Build a results folder beside ``target`` and swap it in whole when the block ends.

    The block writes into the yielded temporary folder (a hidden sibling of ``target``).
    When it ends without an error, :data:`COMPLETE` is written last and the folder takes
    the place of ``target``; the previous folder is removed only after the swap. When it
    fails (an error, Ctrl-C), the temporary folder is removed and ``target`` is left as it
    was; after a kill, the next run into ``target`` removes it. So a reader sees the old
    run or the new one, never a mix. ``target`` may be new, empty, or a folder written by
    ucj-opt (one holding :data:`COMPLETE`); any other folder is refused.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     with result_folder(Path(tmp) / "out", "solve") as build:
    ...         _ = (build / "a.csv").write_text("x\\n")
    ...     sorted(p.name for p in (Path(tmp) / "out").iterdir())
    ['a.csv', 'complete.json']
    """
    import datetime as dt
    import json

    from ucj_opt._version import __version__

    final = Path(target)
    final.parent.mkdir(parents=True, exist_ok=True)
    _check_replaceable(final)
    _clear_leftovers(final)
    build = Path(
        tempfile.mkdtemp(prefix=f".{final.name}{_PARTIAL}{os.getpid()}-", dir=final.parent)
    )
    try:
        yield build
        files = sorted(str(p.relative_to(build)) for p in build.rglob("*") if p.is_file())
        manifest = {
            "format": "ucj_opt.results/1",
            "command": command,
            "version": __version__,
            "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            **facts,
            "files": files,
        }
        write_text_atomic(build / COMPLETE, json.dumps(manifest, indent=2, default=str) + "\n")
        build.chmod(0o777 & ~_umask())  # mkdtemp makes 0700; results are meant to be shared
        _swap(build, final)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise


def _swap(build: Path, final: Path) -> None:
    """Put ``build`` in the place of ``final``; the old folder goes only once that worked."""
    _check_replaceable(final)  # again: something may have appeared meanwhile
    old: Path | None = None
    if final.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{final.name}{_OLD}{os.getpid()}-", dir=final.parent))
        os.replace(final, old)  # final is a folder: replaces the empty placeholder
    try:
        os.replace(build, final)
    except BaseException:
        if old is not None:
            os.replace(old, final)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def check_complete(folder: str | os.PathLike[str]) -> dict[str, object]:
    """The completion manifest of a results folder; a clear error when it has none.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     check_complete(tmp)
    Traceback (most recent call last):
    ...
    ucj_opt.errors.UserError: ... has no complete.json: ...
    """
    import json

    from ucj_opt.errors import UserError

    path = Path(folder) / COMPLETE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(
            f"{folder} has no {COMPLETE}: the run that wrote it did not finish (or it was "
            "written by hand or by an older ucj-opt); run the command again"
        ) from None
    except (OSError, ValueError) as exc:
        raise UserError(f"{path} cannot be read ({type(exc).__name__}); run again") from None
    if not isinstance(data, dict):
        raise UserError(f"{path} is not a completion manifest; run the command again")
    return data
