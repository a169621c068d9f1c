"""Insert helpers shared by every writer: a frame into a table (geometry as WKB), a load-history row.

They run on the connection of :func:`geo.store.db.ganti_atomik`, :func:`geo.store.db.transaksi_kerja`
or :meth:`geo.store.db.Gudang.sesi`, so the same code writes a DuckDB file or the server.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import shapely


def skalar(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
    """First column of the first row of a query that returns one row."""
    baris = con.execute(sql, params or []).fetchone()
    return None if baris is None else baris[0]


def sisipkan(con: duckdb.DuckDBPyConnection, tabel: str, df: pd.DataFrame, kolom_geom: tuple[str, ...] = ()) -> int:
    """Insert a frame into ``tabel`` (columns by name); geometry columns travel as WKB.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        Open connection (inside the caller's transaction).
    tabel : str
        Target table (a project constant, never user input).
    df : DataFrame
        Rows to insert; shapely geometries in ``kolom_geom``.
    kolom_geom : tuple of str
        Columns holding shapely geometries.

    Returns
    -------
    int
        Rows inserted.
    """
    df = pd.DataFrame(df).copy()
    for k in kolom_geom:
        df[k] = shapely.to_wkb(np.asarray(df[k].values, dtype=object), output_dimension=2)
    kolom = list(df.columns)
    pilih = ", ".join(f'ST_GeomFromWKB("{k}") AS "{k}"' if k in kolom_geom else f'"{k}"' for k in kolom)
    con.register("_sisip_df", df)
    try:
        con.execute(f"INSERT INTO {tabel} ({', '.join(kolom)}) SELECT {pilih} FROM _sisip_df")
    finally:
        con.unregister("_sisip_df")
    return len(df)


def catat_muat(
    con: duckdb.DuckDBPyConnection,
    jenis: str,
    berkas: str,
    hash_: str,
    masuk: int,
    keluar: int,
    peringatan: list[str],
    versi_kode: str | None,
    oleh: str,
) -> None:
    """Append one row to ``riwayat_muat`` (load lineage) of the current database."""
    nid = skalar(con, "SELECT coalesce(max(id), 0) + 1 FROM riwayat_muat")
    con.execute(
        "INSERT INTO riwayat_muat VALUES (?, ?, ?, ?, ?, ?, ?, ?, current_localtimestamp(), ?)",
        [nid, jenis, berkas, hash_, masuk, keluar, list(peringatan), versi_kode, oleh],
    )
