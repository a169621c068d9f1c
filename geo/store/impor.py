"""Reads and writes of working data used by file imports (usulan, pagu, realisasi).

Every function takes the connection of :func:`geo.store.db.transaksi_kerja` (working data
current, reference data attached read-only as ``ref``), so an import is all or nothing.
Parameters are always bound; table names come only from :data:`KUNCI_GANTI`.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import shapely

from geo.store.db import sisipkan

#: Working tables replaced by key on import: table -> key columns.
KUNCI_GANTI: dict[str, tuple[str, ...]] = {
    "pagu": ("tahun", "jenis", "kode"),
    "realisasi": ("usulan_id", "tahun", "triwulan"),
}


def kamus_impor(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The kamus usulan indexed by kode: satuan, harga_satuan, bidang, opd."""
    return con.execute("SELECT kode, satuan, harga_satuan, bidang, opd FROM ref.kamus_usulan").df().set_index("kode")


def desa_impor(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Desa indexed by kode, with kode_induk (the kecamatan)."""
    return con.execute("SELECT kode, kode_induk FROM ref.wilayah WHERE tingkat = 'desa'").df().set_index("kode")


def geometri_kabupaten(con: duckdb.DuckDBPyConnection) -> dict[str, shapely.Geometry]:
    """Kabupaten code -> boundary (shapely, EPSG:4326)."""
    kab = con.execute("SELECT kode, ST_AsWKB(geom) g FROM ref.wilayah WHERE tingkat = 'kabupaten'").fetchall()
    return {k: shapely.from_wkb(bytes(g)) for k, g in kab}


def id_usulan(con: duckdb.DuckDBPyConnection) -> set[int]:
    """Ids of every usulan in the working data."""
    return {r[0] for r in con.execute("SELECT id FROM usulan").fetchall()}


def ganti_baris(con: duckdb.DuckDBPyConnection, tabel: str, rows: pd.DataFrame) -> int:
    """Upsert: delete the rows of ``tabel`` with the same key as ``rows``, then insert ``rows``."""
    if tabel not in KUNCI_GANTI:
        raise ValueError(f"tabel {tabel!r} bukan salah satu dari {sorted(KUNCI_GANTI)}")
    con.register("_baru", rows)
    try:
        syarat = " AND ".join(f"{tabel}.{k} = _baru.{k}" for k in KUNCI_GANTI[tabel])
        con.execute(f"DELETE FROM {tabel} USING _baru WHERE {syarat}")
    finally:
        con.unregister("_baru")
    return sisipkan(con, tabel, rows)
