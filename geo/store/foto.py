"""Photos of activities per month (kerja table ``realisasi_foto``): read, replace, with an audit row."""

from __future__ import annotations

import duckdb

from geo.store.tulis import catat_audit


def kegiatan_satu(con: duckdb.DuckDBPyConnection, usulan_id: int) -> tuple[str, str | None] | None:
    """``(kode_desa, opd)`` of an usulan, or ``None`` when there is none with that id."""
    r = con.execute(
        "SELECT kode_desa, coalesce(opd_akhir, opd_awal) FROM kerja.usulan WHERE id = ?", [int(usulan_id)]
    ).fetchone()
    return (str(r[0]), r[1]) if r else None


def baca_foto(con: duckdb.DuckDBPyConnection, usulan_id: int, tahun: int, bulan: int) -> bytes | None:
    """The stored photo of an activity for a month, or ``None``."""
    r = con.execute(
        "SELECT foto FROM kerja.realisasi_foto WHERE usulan_id = ? AND tahun = ? AND bulan = ?",
        [int(usulan_id), int(tahun), int(bulan)],
    ).fetchone()
    return bytes(r[0]) if r else None


def bulan_berfoto(con: duckdb.DuckDBPyConnection, tahun: int, usulan_id: list[int]) -> set[tuple[int, int]]:
    """``(usulan_id, bulan)`` pairs that have a photo."""
    if not usulan_id:
        return set()
    rows = con.execute(
        "SELECT usulan_id, bulan FROM kerja.realisasi_foto WHERE tahun = ? AND list_contains(?, usulan_id)",
        [int(tahun), [int(u) for u in usulan_id]],
    ).fetchall()
    return {(int(u), int(b)) for u, b in rows}


def tulis_foto(con: duckdb.DuckDBPyConnection, usulan_id: int, tahun: int, bulan: int, foto: bytes, oleh: str) -> None:
    """Store (or replace) the photo of an activity for a month; the audit row records who and the size."""
    ada = baca_foto(con, usulan_id, tahun, bulan) is not None
    con.execute(
        "INSERT OR REPLACE INTO kerja.realisasi_foto VALUES (?, ?, ?, ?, ?, current_localtimestamp())",
        [int(usulan_id), int(tahun), int(bulan), foto, oleh],
    )
    catat_audit(
        con,
        oleh,
        "realisasi_foto",
        f"{int(usulan_id)}/{int(tahun)}/{int(bulan)}",
        "ubah" if ada else "tambah",
        baru={"ukuran_byte": len(foto)},
    )
