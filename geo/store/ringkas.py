"""Summaries of a database file: rows per table, load history, table fingerprints.

Used by ``python -m pipelines status``, the ``siapkan`` command and the demo tests. Each
function opens the file read-only itself and closes it again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from geo.domain.usulan import KOLOM_SIDIK
from geo.store import db, skema

#: Every table a summary may count (the main tables of both files).
_TABEL_DIKENAL: frozenset[str] = frozenset(t for daftar in skema.TABEL_UTAMA.values() for t in daftar)


@dataclass
class Ringkasan:
    """What a database file holds."""

    versi: int | None
    jumlah: dict[str, int] = field(default_factory=dict)
    riwayat: list[tuple] = field(default_factory=list)


def jumlah_baris(con: duckdb.DuckDBPyConnection, tabel: str) -> int:
    """Rows of one main table (a name from :data:`geo.store.skema.TABEL_UTAMA`)."""
    if tabel not in _TABEL_DIKENAL:
        raise ValueError(f"tabel {tabel!r} bukan tabel utama: {sorted(_TABEL_DIKENAL)}")
    return con.execute(f"SELECT count(*) FROM {tabel}").fetchall()[0][0]


def riwayat_muat(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """Load history, oldest first: waktu, jenis, berkas, hash (12), masuk, keluar, versi kode, oleh."""
    return con.execute(
        "SELECT waktu, jenis, berkas, left(hash, 12), baris_masuk, baris_keluar, "
        "coalesce(versi_kode, '-'), oleh FROM riwayat_muat ORDER BY id"
    ).fetchall()


def ringkas_berkas(path: Path, jenis: skema.JenisBerkas) -> Ringkasan:
    """Schema version, rows per main table and load history of one database file."""
    con = db.koneksi(path, baca_saja=True)
    try:
        return Ringkasan(
            db.versi_skema(con),
            {t: jumlah_baris(con, t) for t in skema.TABEL_UTAMA[jenis]},
            riwayat_muat(con),
        )
    finally:
        con.close()


def sidik_tabel(path: Path) -> dict[str, str]:
    """Return a sha256 per data table of a file (rows in key order, geometries as WKB).

    Load-lineage and migration tables carry timestamps and are left out.
    """
    con = db.koneksi(path, baca_saja=True)
    try:
        tabel = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
                "AND table_name NOT IN ('riwayat_muat', 'skema_migrasi') ORDER BY table_name"
            ).fetchall()
        ]
        hasil = {}
        for t in tabel:
            kolom = con.execute(
                "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? "
                "AND database_name = current_database() ORDER BY column_index",
                [t],
            ).fetchall()
            # names read from the catalogue itself, not from input
            # a NIK/KK is hashed with the data folder's own key (geo.store.rahasia): compare presence only
            pilih = ", ".join(
                f"ST_AsHEXWKB({k})" if tipe == "GEOMETRY" else f"{k} IS NOT NULL" if k in KOLOM_SIDIK else k
                for k, tipe in kolom
            )
            h = hashlib.sha256()
            for baris in con.execute(f"SELECT {pilih} FROM {t} ORDER BY ALL").fetchall():
                h.update(repr(baris).encode())
            hasil[t] = h.hexdigest()
        return hasil
    finally:
        con.close()


def muatan_bukan_demo(path: Path) -> list[str]:
    """The files loaded into a reference database other than by the demo builder (newest first)."""
    con = db.koneksi(path, baca_saja=True)
    try:
        return [
            f"{r[0]} {r[1]}"
            for r in con.execute(
                "SELECT jenis, berkas FROM riwayat_muat WHERE jenis <> 'demo' ORDER BY waktu DESC"
            ).fetchall()
        ]
    finally:
        con.close()
