"""The store's state without using it: does a database exist, which schema version it has, migrate the server.

Shared by ``siapkan``/``status``, the app's start and the health check, on either backend.
"""

from __future__ import annotations

from geo.settings import BerkasData
from geo.store import server, skema
from geo.store.db import koneksi, versi_skema


def ada_basis_data(berkas: BerkasData, jenis: skema.JenisBerkas) -> bool:
    """Whether the reference or working database of ``berkas`` exists (a file, or a migrated server schema)."""
    if not berkas.server:
        return (berkas.referensi if jenis == "referensi" else berkas.kerja).exists()
    con = koneksi(":memory:")
    try:
        server.sambung(con, berkas.server)
        return server.versi(con, jenis) is not None
    finally:
        con.close()


def migrasi_server(berkas: BerkasData) -> dict[str, list[int]]:
    """Apply pending migrations to both schemas of the server (``siapkan`` in server mode)."""
    con = koneksi(":memory:")
    try:
        server.sambung(con, berkas.server or "", berkas.folder)
        return {j: server.terapkan_migrasi(con, j) for j in ("referensi", "kerja")}
    finally:
        con.close()


def status_server(berkas: BerkasData) -> dict[str, int | None]:
    """Schema version of each server schema (the health page and ``status``)."""
    con = koneksi(":memory:")
    try:
        server.sambung(con, berkas.server or "", berkas.folder)
        return {j: server.versi(con, j) for j in ("referensi", "kerja")}
    finally:
        con.close()


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
