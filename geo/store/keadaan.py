"""The store's state without using it: does a database exist, which schema version it has, migrate the server.

Shared by ``siapkan``/``status``, the app's start and the health check, on either backend.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import duckdb

from geo.settings import BerkasData
from geo.store import server, skema
from geo.store.db import koneksi, versi_skema


@contextlib.contextmanager
def _server(berkas: BerkasData, folder: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived connection with the server attached (closed on leaving)."""
    con = koneksi(":memory:")
    try:
        server.sambung(con, berkas.server or "", berkas.folder if folder else None)
        yield con
    finally:
        con.close()


def ada_basis_data(berkas: BerkasData, jenis: skema.JenisBerkas) -> bool:
    """Whether the reference or working database of ``berkas`` exists (a file, or a migrated server schema)."""
    if not berkas.server:
        return (berkas.referensi if jenis == "referensi" else berkas.kerja).exists()
    with _server(berkas, folder=False) as con:
        return server.versi(con, jenis) is not None


def migrasi_server(berkas: BerkasData) -> dict[str, list[int]]:
    """Apply pending migrations to both schemas of the server (``siapkan`` in server mode)."""
    with _server(berkas) as con:
        return {j: server.terapkan_migrasi(con, j) for j in ("referensi", "kerja")}


def status_server(berkas: BerkasData) -> dict[str, int | None]:
    """Schema version of each server schema (the health page and ``status``)."""
    with _server(berkas) as con:
        return {j: server.versi(con, j) for j in ("referensi", "kerja")}


def status_berkas(berkas: BerkasData) -> dict[str, int | None]:
    """Schema version of each DuckDB file (None: missing), opened read-only."""
    hasil: dict[str, int | None] = {}
    for jenis, path in (("referensi", berkas.referensi), ("kerja", berkas.kerja)):
        hasil[jenis] = None
        if path.exists():
            con = koneksi(path, baca_saja=True)
            try:
                hasil[jenis] = versi_skema(con)
            finally:
                con.close()
    return hasil
