"""Writes of the demo builder (``python -m pipelines demo``) that go beyond plain inserts.

The demo fills fresh databases inside :func:`geo.store.db.ganti_atomik`; these functions
take that connection. Parameters are always bound.
"""

from __future__ import annotations

from datetime import datetime

import duckdb

from geo.store.server import nomor_baru


def majukan_urutan_usulan(con: duckdb.DuckDBPyConnection, n: int) -> None:
    """Advance the ``usulan_id`` sequence past ``n`` ids inserted explicitly."""
    nomor_baru(con, "usulan_id", n)


def sisipkan_slide_set(
    con: duckdb.DuckDBPyConnection, nama: str, kode_kabupaten: str, slide_json: str, oleh: str, waktu: datetime
) -> None:
    """Insert a slide set as generated data (version 1, no audit row: nobody edited it)."""
    con.execute(
        "INSERT INTO slide_set (nama, kode_kabupaten, slide, dibuat_oleh, diubah_pada) VALUES (?, ?, ?, ?, ?)",
        [nama, kode_kabupaten, slide_json, oleh, waktu],
    )
