"""Reads and writes of working data used by file imports (usulan, pagu).

Every function takes the connection of :func:`geo.store.db.transaksi_kerja` (working data
current, reference data attached read-only as ``ref``), so an import is all or nothing.
Parameters are always bound; table names come only from :data:`KUNCI_GANTI` and
:data:`KODE_WILAYAH_KERJA`. :func:`ganti_kode_kerja` moves working data from provisional
wilayah codes to the Kemendagri codes that replaced them.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import shapely

from geo.store.db import sisipkan
from geo.store.tulis import catat_audit, tulis_berversi

#: Working tables replaced by key on import: table -> key columns.
KUNCI_GANTI: dict[str, tuple[str, ...]] = {
    "pagu": ("tahun", "jenis", "kode"),
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


# --------------------------------------------------------------------------- provisional codes
#: Working tables holding wilayah codes: table -> code columns (what :func:`ganti_kode_kerja` moves).
KODE_WILAYAH_KERJA: dict[str, tuple[str, ...]] = {
    "usulan": ("kode_desa", "kode_kecamatan"),
    "pagu": ("kode",),
    "bobot_forum": ("kode_forum",),
    "pengguna": ("kode_wilayah",),
}


def peta_kode_sementara(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Provisional codes replaced by Kemendagri codes and gone from ``ref.wilayah``: lama, baru, tingkat.

    Desa pairs are the stored crosswalk (``crosswalk_kode``, skema ``sementara``); a kecamatan
    goes to the Kemendagri kecamatan that received most of its desa (ties: the smallest code),
    and only once no desa of it is left provisional (its own row is gone).
    """
    return con.execute(
        """
        WITH d AS (
            SELECT c.kode_sumber AS lama, c.kode AS baru FROM ref.crosswalk_kode c
            WHERE c.skema = 'sementara' AND NOT EXISTS (SELECT 1 FROM ref.wilayah w WHERE w.kode = c.kode_sumber)
        ), k AS (
            SELECT left(lama, 8) AS lama, left(baru, 8) AS baru, count(*) AS n FROM d GROUP BY ALL
        )
        SELECT lama, baru, 'desa' AS tingkat FROM d
        UNION ALL
        SELECT lama, first(baru ORDER BY n DESC, baru) AS baru, 'kecamatan' FROM k
        WHERE NOT EXISTS (SELECT 1 FROM ref.wilayah w WHERE w.kode = k.lama) GROUP BY lama
        ORDER BY tingkat, lama
        """
    ).df()


def jumlah_kode_sementara_kerja(con: duckdb.DuckDBPyConnection) -> int:
    """Working rows that still hold a provisional code already replaced (see :func:`peta_kode_sementara`)."""
    peta = peta_kode_sementara(con)
    if peta.empty:
        return 0
    con.register("_lama", peta[["lama"]])
    try:
        total = 0
        for tabel, kolom in KODE_WILAYAH_KERJA.items():
            syarat = " OR ".join(f"{k} IN (SELECT lama FROM _lama)" for k in kolom)
            r = con.execute(f"SELECT count(*) FROM kerja.{tabel} WHERE {syarat}").fetchone()
            total += int(r[0]) if r else 0
        return total
    finally:
        con.unregister("_lama")


def _pindah_kunci(
    con: duckdb.DuckDBPyConnection, tabel: str, kunci: dict, kolom: str, baru: str, oleh: str, alasan: str
) -> bool:
    """Move one row of a table whose key holds the code: insert under the new code, delete the old row.

    A row that already exists under the new code is left alone (False); the move is audited.
    """
    syarat = " AND ".join(f"{k} = ?" for k in kunci)
    kunci_baru = {**kunci, kolom: baru}
    ada = con.execute(f"SELECT count(*) FROM kerja.{tabel} WHERE {syarat}", list(kunci_baru.values())).fetchone()
    if ada and ada[0]:
        return False
    tambahan = ", versi + 1 AS versi, current_localtimestamp() AS diubah_pada" if tabel == "bobot_forum" else ""
    con.execute(
        f"INSERT INTO kerja.{tabel} SELECT * REPLACE (? AS {kolom}{tambahan}) FROM kerja.{tabel} WHERE {syarat}",
        [baru, *kunci.values()],
    )
    con.execute(f"DELETE FROM kerja.{tabel} WHERE {syarat}", list(kunci.values()))
    catat_audit(
        con, oleh, tabel, "|".join(map(str, kunci.values())), "ganti_kode", {kolom: kunci[kolom]}, {kolom: baru}, alasan
    )
    return True


def ganti_kode_kerja(con: duckdb.DuckDBPyConnection, oleh: str, alasan: str) -> dict[str, int]:
    """Move working data from replaced provisional codes to Kemendagri codes, one audit row per record.

    Usulan take the new desa and its kecamatan (a new version, so a form opened before is
    refused rather than writing the old code back); pagu and forum weights move to the new key
    (a row already under the new code is kept, the old one left and counted as ``bentrok``);
    accounts scoped to an old code are scoped to the new one. Runs inside the caller's
    transaction (:func:`geo.store.db.transaksi_kerja`).

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        Working data in a write transaction, reference data attached as ``ref``.
    oleh : str
        Who loads (the audit rows' ``oleh``).
    alasan : str
        Reason written on every audit row.

    Returns
    -------
    dict
        Records changed per table, and ``bentrok`` (rows left because the new key was taken).
    """
    peta = peta_kode_sementara(con)
    hasil = {t: 0 for t in KODE_WILAYAH_KERJA} | {"bentrok": 0}
    if peta.empty:
        return hasil
    ke = dict(zip(peta["lama"], peta["baru"], strict=True))
    con.register("_lama", peta[["lama"]])
    try:
        usulan = con.execute(
            "SELECT id, kode_desa, kode_kecamatan FROM kerja.usulan WHERE kode_desa IN (SELECT lama FROM _lama) "
            "OR kode_kecamatan IN (SELECT lama FROM _lama) ORDER BY id"
        ).fetchall()
        pagu = con.execute(
            "SELECT tahun, jenis, kode FROM kerja.pagu WHERE kode IN (SELECT lama FROM _lama) ORDER BY ALL"
        ).fetchall()
        bobot = con.execute(
            "SELECT tahun, tahap, kode_forum FROM kerja.bobot_forum WHERE kode_forum IN (SELECT lama FROM _lama) "
            "ORDER BY ALL"
        ).fetchall()
        akun = con.execute(
            "SELECT nama_pengguna, kode_wilayah FROM kerja.pengguna WHERE kode_wilayah IN (SELECT lama FROM _lama) "
            "ORDER BY 1"
        ).fetchall()
    finally:
        con.unregister("_lama")
    for uid, desa, kec in usulan:
        desa_baru = ke.get(desa, desa)
        kec_baru = desa_baru.rsplit(".", 1)[0] if desa_baru != desa else ke.get(kec, kec)
        tulis_berversi(
            con,
            "usulan",
            {"id": uid},
            None,
            {"kode_desa": desa_baru, "kode_kecamatan": kec_baru},
            oleh=oleh,
            aksi="ganti_kode",
            alasan=alasan,
            label=f"Usulan {uid}",
        )
        hasil["usulan"] += 1
    for tabel, kolom, baris in (
        ("pagu", ("tahun", "jenis", "kode"), pagu),
        ("bobot_forum", ("tahun", "tahap", "kode_forum"), bobot),
    ):
        for r in baris:
            kunci = dict(zip(kolom, r, strict=True))
            if _pindah_kunci(con, tabel, kunci, kolom[-1], ke[r[-1]], oleh, alasan):
                hasil[tabel] += 1
            else:
                hasil["bentrok"] += 1
    for nama, kode in akun:
        tulis_berversi(
            con,
            "pengguna",
            {"nama_pengguna": nama},
            None,
            {"kode_wilayah": ke[kode]},
            oleh=oleh,
            aksi="ganti_kode",
            alasan=alasan,
            label=f"Akun {nama}",
        )
        hasil["pengguna"] += 1
    return hasil
