"""Forum weights and vote tallies in the store."""

from __future__ import annotations

import json

import duckdb

from geo.domain.prioritas import BOBOT_BAKU, KODE_KRITERIA, SEMUA_FORUM
from geo.store.db import Gudang
from geo.store.tulis import catat_audit, tulis_berversi


def baca_bobot(gudang: Gudang, tahun: int, tahap: str, kode_forum: str) -> tuple[dict[str, float], str | None, int]:
    """Saved weights of a forum (falling back to the tier's, then the defaults).

    Returns
    -------
    (bobot, indikator, versi)
        ``versi`` is 0 when nothing is saved for this very forum yet.
    """
    df = gudang.df(
        "SELECT kode_forum, bobot, indikator, versi FROM kerja.bobot_forum WHERE tahun = ? AND tahap = ? "
        "AND kode_forum IN (?, ?) ORDER BY kode_forum = ? DESC",
        [tahun, tahap, kode_forum, SEMUA_FORUM, kode_forum],
    )
    if df.empty:
        return dict(BOBOT_BAKU), None, 0
    r = df.iloc[0]
    bobot = {**dict.fromkeys(KODE_KRITERIA, 0.0), **json.loads(r["bobot"])}
    return bobot, r["indikator"], int(r["versi"]) if r["kode_forum"] == kode_forum else 0


def baca_metode(gudang: Gudang, tahun: int, tahap: str, kode_forum: str) -> str:
    """The forum's saved selection rule within the pagu (``greedy`` or ``knapsack``; tier's, then greedy)."""
    df = gudang.df(
        "SELECT metode FROM kerja.bobot_forum WHERE tahun = ? AND tahap = ? AND kode_forum IN (?, ?) "
        "ORDER BY kode_forum = ? DESC LIMIT 1",
        [tahun, tahap, kode_forum, SEMUA_FORUM, kode_forum],
    )
    return "greedy" if df.empty or not df["metode"][0] else str(df["metode"][0])


def tulis_bobot(
    con: duckdb.DuckDBPyConnection,
    tahun: int,
    tahap: str,
    kode_forum: str,
    bobot: dict[str, float],
    indikator: str | None,
    versi: int,
    oleh: str,
    metode: str = "greedy",
) -> int:
    """Write a forum's weights and selection rule if ``versi`` (0 = new) is still current; audited.

    Returns the new version.
    """
    baru, _ = tulis_berversi(
        con,
        "bobot_forum",
        {"tahun": tahun, "tahap": tahap, "kode_forum": kode_forum},
        versi,
        {"bobot": json.dumps(bobot), "indikator": indikator, "oleh": oleh, "metode": metode},
        oleh=oleh,
        aksi="simpan",
        alasan=None,
        label="Bobot forum ini",
        buat=True,
        audit_penuh=True,
    )
    return baru


def tulis_suara(con: duckdb.DuckDBPyConnection, tahap: str, suara: dict[int, int], oleh: str) -> int:
    """Write vote tallies (usulan id -> votes) at a tier, auditing each change; returns how many changed."""
    lama = dict(con.execute("SELECT usulan_id, jumlah FROM kerja.suara WHERE tahap = ?", [tahap]).fetchall())
    ubah = {int(u): int(j) for u, j in suara.items() if lama.get(int(u)) != int(j)}
    for u, j in ubah.items():
        con.execute(
            "INSERT OR REPLACE INTO kerja.suara VALUES (?, ?, ?, ?, current_localtimestamp())", [u, tahap, j, oleh]
        )
        catat_audit(con, oleh, "usulan", str(u), "suara", {"suara": lama.get(u)}, {"suara": j}, f"suara forum {tahap}")
    return len(ubah)
