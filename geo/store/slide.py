"""Slide sets of the forum projector in the working data (versioned and audited)."""

from __future__ import annotations

import json
from dataclasses import asdict

import duckdb

from geo.domain.slide import Slide, slide_dari_dict
from geo.store.db import Gudang
from geo.store.tulis import tulis_berversi


def daftar_set(gudang: Gudang, kode_kabupaten: str) -> list[dict]:
    """Return the saved slide sets of a kabupaten, last edited first: id, nama, versi, slides."""
    df = gudang.df(
        "SELECT id, nama, versi, slide FROM kerja.slide_set WHERE kode_kabupaten = ? "
        "ORDER BY diubah_pada DESC, id DESC",
        [kode_kabupaten],
    )
    return [
        {
            "id": int(r.id),
            "nama": r.nama,
            "versi": int(r.versi),
            "slide": [slide_dari_dict(s) for s in json.loads(r.slide)],
        }
        for r in df.itertuples()
    ]


def tulis_set(
    con: duckdb.DuckDBPyConnection, kode_kabupaten: str, nama: str, slide: list[Slide], oleh: str, versi: int | None
) -> int:
    """Create or update a slide set if ``versi`` is still current (None: no check); audited. Returns the new version."""
    baru, _ = tulis_berversi(
        con,
        "slide_set",
        {"kode_kabupaten": kode_kabupaten, "nama": nama},
        versi,
        {"slide": json.dumps([asdict(s) for s in slide]), "dibuat_oleh": oleh},
        oleh=oleh,
        aksi="simpan",
        alasan=None,
        label=f"Set slide '{nama}'",
        buat=True,
    )
    return baru
