"""The audit trail as read by the Audit page.

Append-only: this project has no statement that changes or deletes an audit row
(``tests/test_guard.py`` checks every SQL string).
"""

from __future__ import annotations

import datetime

import pandas as pd

from geo.store.db import Gudang


def baca_audit(
    gudang: Gudang,
    tabel: str | None = None,
    kunci: str | None = None,
    oleh: str | None = None,
    aksi: str | None = None,
    dari: datetime.date | None = None,
    sampai: datetime.date | None = None,
    batas: int = 5000,
) -> pd.DataFrame:
    """Audit rows, newest first, filtered by record, person, action and date range (inclusive).

    Returns
    -------
    DataFrame
        ``id``, ``waktu``, ``oleh``, ``tabel``, ``kunci``, ``aksi``, ``lama``, ``baru``, ``alasan``.
    """
    syarat: list[str] = []
    par: list[object] = []
    for kolom, nilai in (("tabel", tabel), ("kunci", kunci), ("oleh", oleh), ("aksi", aksi)):
        if nilai:
            syarat.append(f"{kolom} = ?")
            par.append(str(nilai))
    if dari:
        syarat.append("waktu >= ?")
        par.append(datetime.datetime.combine(dari, datetime.time.min))
    if sampai:
        syarat.append("waktu < ?")
        par.append(datetime.datetime.combine(sampai + datetime.timedelta(days=1), datetime.time.min))
    where = f"WHERE {' AND '.join(syarat)}" if syarat else ""
    return gudang.df(
        f"SELECT id, waktu, oleh, tabel, kunci, aksi, lama, baru, alasan FROM kerja.audit_log {where} "
        "ORDER BY id DESC LIMIT ?",
        [*par, int(batas)],
    )


def pilihan_audit(gudang: Gudang) -> dict[str, list[str]]:
    """The people, tables and actions present in the log (for the page's filters)."""
    df = gudang.df("SELECT DISTINCT oleh, tabel, aksi FROM kerja.audit_log")
    return {k: sorted(df[k].dropna().unique().tolist()) for k in ("oleh", "tabel", "aksi")}
