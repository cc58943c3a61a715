"""Write ``sidalih/regions/data/birthplaces.parquet`` from the region tables.

The birthplace table (:mod:`sidalih.regions._birthplaces`) is derived from the shipped
region tables and a short list of aliases; deriving it takes about a second, so it is
shipped. Run after ``scripts/build_regions.py`` or after changing the aliases; a test
checks that the shipped file is what this derives::

    python scripts/build_birthplaces.py
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from sidalih.regions._birthplaces import FILE, derive

OUT = Path(__file__).resolve().parents[1] / "sidalih" / "regions" / "data" / FILE


def main() -> int:
    mapping = derive()
    frame = pl.DataFrame({"key": list(mapping), "name": list(mapping.values())}).sort("key")
    frame.write_parquet(OUT, statistics=False)
    print(f"written: {OUT} ({frame.height} names)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
