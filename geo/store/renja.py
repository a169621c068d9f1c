"""SQL of Renja/RKPD lines, DPA versions, detail rows and RAK (issue 15), and the trace of an usulan through them."""

from __future__ import annotations

import duckdb
import pandas as pd

from geo.store.db import Gudang, sisipkan
from geo.store.server import nomor_baru
from geo.store.tulis import catat_audit


def majukan_urutan_renja(con: duckdb.DuckDBPyConnection, n: int) -> None:
    """Advance the ``renja_id`` sequence past ``n`` ids inserted explicitly (demo)."""
    nomor_baru(con, "renja_id", n)


def renja(gudang: Gudang, kode_kabupaten: str, tahun: int, opd: str | None = None) -> pd.DataFrame:
    """Renja lines of a year (one OPD or all = the RKPD), with nomenclature names and the location's name."""
    sql = """
        SELECT r.id, r.opd, o.kode AS kode_skpd, r.kode_sub_kegiatan, n.nama AS nama_sub_kegiatan,
               r.kode_wilayah, w.nama AS lokasi, r.uraian, r.target_volume, r.satuan, r.indikator,
               r.pagu_indikatif, r.asal, r.usulan_id, r.versi
        FROM kerja.renja r
        LEFT JOIN ref.nomenklatur n ON n.kode = r.kode_sub_kegiatan
        LEFT JOIN ref.opd o ON o.nama = r.opd
        LEFT JOIN ref.wilayah w ON w.kode = r.kode_wilayah
        WHERE r.kode_kabupaten = ? AND r.tahun = ?
    """
    par: list = [kode_kabupaten, int(tahun)]
    if opd is not None:
        sql += " AND r.opd = ?"
        par.append(opd)
    df = gudang.df(sql + " ORDER BY r.opd, r.kode_sub_kegiatan, r.id", par)
    df["usulan_id"] = df["usulan_id"].map(lambda v: [int(i) for i in v])
    return df


def tahun_renja(gudang: Gudang, kode_kabupaten: str) -> list[int]:
    """Years with Renja lines, newest first."""
    df = gudang.df(
        "SELECT DISTINCT tahun FROM kerja.renja WHERE kode_kabupaten = ? ORDER BY tahun DESC", [kode_kabupaten]
    )
    return [int(t) for t in df["tahun"]]


def versi_dpa(gudang: Gudang, kode_kabupaten: str, tahun: int) -> pd.DataFrame:
    """DPA versions of a year: ``versi``, ``jenis``, ``berlaku_bulan``, ``alasan``, ``oleh``, ``waktu``."""
    return gudang.df(
        "SELECT versi, jenis, berlaku_bulan, alasan, oleh, waktu FROM kerja.dpa_versi "
        "WHERE kode_kabupaten = ? AND tahun = ? ORDER BY versi",
        [kode_kabupaten, int(tahun)],
    )


def dpa(gudang: Gudang, kode_kabupaten: str, tahun: int, versi: int) -> pd.DataFrame:
    """DPA lines of one version: ``renja_id``, ``pagu`` and the Renja fields."""
    return gudang.df(
        "SELECT d.renja_id, d.pagu, r.opd, r.kode_sub_kegiatan, r.uraian, r.asal, r.usulan_id "
        "FROM kerja.dpa d JOIN kerja.renja r ON r.id = d.renja_id "
        "WHERE d.kode_kabupaten = ? AND d.tahun = ? AND d.versi = ? ORDER BY r.opd, r.kode_sub_kegiatan, d.renja_id",
        [kode_kabupaten, int(tahun), int(versi)],
    )


def rincian(gudang: Gudang, kode_kabupaten: str, tahun: int, versi: int) -> pd.DataFrame:
    """Budget detail rows of one version.

    Columns ``renja_id``, ``no``, ``kode_rekening``, ``komponen``, ``volume``, ``satuan``, ``harga_satuan``, ``total``.
    """
    return gudang.df(
        "SELECT renja_id, no, kode_rekening, komponen, volume, satuan, harga_satuan, volume * harga_satuan AS total "
        "FROM kerja.dpa_rincian WHERE kode_kabupaten = ? AND tahun = ? AND versi = ? ORDER BY renja_id, no",
        [kode_kabupaten, int(tahun), int(versi)],
    )


def rak(gudang: Gudang, kode_kabupaten: str, tahun: int) -> pd.DataFrame:
    """Monthly cash plan of every version: ``versi``, ``renja_id``, ``bulan``, ``nilai``."""
    return gudang.df(
        "SELECT versi, renja_id, bulan, nilai FROM kerja.rak WHERE kode_kabupaten = ? AND tahun = ? "
        "ORDER BY versi, renja_id, bulan",
        [kode_kabupaten, int(tahun)],
    )


def rak_con(con: duckdb.DuckDBPyConnection, kode_kabupaten: str, tahun: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Versions and RAK of a year through an open session (monitoring): (versi, rak with ``usulan_id``, ``pagu``)."""
    versi = con.execute(
        "SELECT versi, berlaku_bulan FROM kerja.dpa_versi WHERE kode_kabupaten = ? AND tahun = ?",
        [kode_kabupaten, int(tahun)],
    ).df()
    rak_ = con.execute(
        "SELECT k.versi, k.renja_id, k.bulan, k.nilai, r.usulan_id FROM kerja.rak k "
        "JOIN kerja.renja r ON r.id = k.renja_id WHERE k.kode_kabupaten = ? AND k.tahun = ? AND len(r.usulan_id) = 1",
        [kode_kabupaten, int(tahun)],
    ).df()
    return versi, rak_


def tanda_rak(con: duckdb.DuckDBPyConnection, tahun: int) -> tuple:
    """Signature of a year's DPA versions and RAK (changes when a version is added): part of monitoring's cache key."""
    return tuple(
        con.execute(
            "SELECT count(*), coalesce(max(versi), 0), coalesce(sum(nilai), 0) FROM kerja.rak WHERE tahun = ?",
            [int(tahun)],
        ).fetchall()[0]
    )


def jejak_con(con: duckdb.DuckDBPyConnection, usulan_id: int) -> dict[str, pd.DataFrame]:
    """Everything downstream of one usulan (public fields only), through an open session with ``ref`` and ``kerja``.

    Returns
    -------
    dict
        ``renja`` (lines naming it), ``dpa`` (their DPA lines per version), ``realisasi`` (monthly
        physical %), ``sub`` (one row: the sub-kegiatan of its kamus item, may be empty).
    """
    ren = con.execute(
        "SELECT r.id, r.tahun, r.opd, r.kode_sub_kegiatan, n.nama AS nama_sub_kegiatan, r.uraian, "
        "r.pagu_indikatif, r.asal FROM kerja.renja r LEFT JOIN ref.nomenklatur n ON n.kode = r.kode_sub_kegiatan "
        "WHERE list_contains(r.usulan_id, ?) ORDER BY r.id",
        [int(usulan_id)],
    ).df()
    dpa_ = con.execute(
        "SELECT d.renja_id, d.versi, v.jenis, v.berlaku_bulan, d.pagu FROM kerja.dpa d "
        "JOIN kerja.dpa_versi v USING (kode_kabupaten, tahun, versi) "
        "WHERE list_contains(?, d.renja_id) ORDER BY d.renja_id, d.versi",
        [[int(i) for i in ren["id"]]],
    ).df()
    real = con.execute(
        "SELECT tahun, bulan, rencana_fisik, realisasi_fisik FROM kerja.realisasi WHERE usulan_id = ? "
        "ORDER BY tahun, bulan",
        [int(usulan_id)],
    ).df()
    sub = con.execute(
        "SELECT p.kode_sub_kegiatan, coalesce(u.opd_akhir, u.opd_awal) AS opd FROM kerja.usulan u "
        "LEFT JOIN ref.padanan_nomenklatur p ON p.kode_kamus = u.kode_kamus WHERE u.id = ?",
        [int(usulan_id)],
    ).df()
    return {"renja": ren, "dpa": dpa_, "realisasi": real, "sub": sub}


def jejak_usulan(gudang: Gudang, usulan_id: int) -> dict[str, pd.DataFrame]:
    """:func:`jejak_con` through the app's store."""
    with gudang.sesi() as con:
        return jejak_con(con, usulan_id)


def usulan_baris(gudang: Gudang, renja_id: int) -> pd.DataFrame:
    """The usulan a Renja/DPA line answers (no personal data), and the line's origin."""
    return gudang.df(
        "SELECT u.id, u.kode_desa, u.uraian, u.tahap, u.status, r.asal FROM kerja.renja r "
        "LEFT JOIN kerja.usulan u ON list_contains(r.usulan_id, u.id) WHERE r.id = ? ORDER BY u.id",
        [int(renja_id)],
    )


def keputusan_usulan(gudang: Gudang, usulan_id: int) -> pd.DataFrame:
    """Forum decisions on one usulan (``tahap``, ``status``, ``alasan``, ``waktu``; not who recorded them)."""
    return gudang.df(
        "SELECT tahap, status, alasan, waktu FROM kerja.keputusan WHERE usulan_id = ? ORDER BY waktu", [int(usulan_id)]
    )


# --------------------------------------------------------------------------- writes
def baris_tahun(con: duckdb.DuckDBPyConnection, kode_kabupaten: str, tahun: int) -> pd.DataFrame:
    """Renja lines of a year inside a write session: ``id``, ``opd``, ``usulan_id``."""
    df = con.execute(
        "SELECT id, opd, usulan_id FROM kerja.renja WHERE kode_kabupaten = ? AND tahun = ? ORDER BY id",
        [kode_kabupaten, int(tahun)],
    ).df()
    df["usulan_id"] = df["usulan_id"].map(lambda v: [int(i) for i in v])
    return df


def sisipkan_renja(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame, oleh: str, alasan: str) -> list[int]:
    """Insert new Renja lines (ids from the sequence), one audit row each; return their ids."""
    ids = []
    for r in rows.to_dict("records"):
        rid = nomor_baru(con, "renja_id")[0]
        con.execute(
            "INSERT INTO kerja.renja (id, kode_kabupaten, tahun, opd, kode_sub_kegiatan, kode_wilayah, uraian, "
            "target_volume, satuan, indikator, pagu_indikatif, asal, usulan_id, versi, oleh, diubah_pada) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, current_localtimestamp())",
            [
                rid, r["kode_kabupaten"], int(r["tahun"]), r["opd"], r["kode_sub_kegiatan"], r["kode_wilayah"],
                r["uraian"], float(r["target_volume"]), r["satuan"], r["indikator"], float(r["pagu_indikatif"]),
                r["asal"], [int(i) for i in r["usulan_id"]], oleh,
            ],
        )  # fmt: skip
        catat_audit(con, oleh, "renja", str(rid), "buat", None, {**r, "usulan_id": list(r["usulan_id"])}, alasan)
        ids.append(rid)
    return ids


def versi_terakhir(con: duckdb.DuckDBPyConnection, kode_kabupaten: str, tahun: int) -> tuple[int, int]:
    """(latest DPA version, its first month in force); (0, 1) when there is none."""
    r = con.execute(
        "SELECT versi, berlaku_bulan FROM kerja.dpa_versi WHERE kode_kabupaten = ? AND tahun = ? "
        "ORDER BY versi DESC LIMIT 1",
        [kode_kabupaten, int(tahun)],
    ).fetchall()
    return (int(r[0][0]), int(r[0][1])) if r else (0, 1)


def baca_versi(con: duckdb.DuckDBPyConnection, kode_kabupaten: str, tahun: int, versi: int) -> dict[str, pd.DataFrame]:
    """One DPA version's lines, detail rows and RAK (to copy into a new version)."""
    par = [kode_kabupaten, int(tahun), int(versi)]
    kunci = "WHERE kode_kabupaten = ? AND tahun = ? AND versi = ?"
    return {
        "dpa": con.execute(f"SELECT renja_id, pagu FROM kerja.dpa {kunci}", par).df(),
        "dpa_rincian": con.execute(
            "SELECT renja_id, no, kode_rekening, komponen, volume, satuan, harga_satuan "
            f"FROM kerja.dpa_rincian {kunci}",
            par,
        ).df(),
        "rak": con.execute(f"SELECT renja_id, bulan, nilai FROM kerja.rak {kunci}", par).df(),
    }


def id_renja(con: duckdb.DuckDBPyConnection, kode_kabupaten: str, tahun: int) -> set[int]:
    """Renja line ids of a year."""
    rows = con.execute(
        "SELECT id FROM kerja.renja WHERE kode_kabupaten = ? AND tahun = ?", [kode_kabupaten, int(tahun)]
    ).fetchall()
    return {int(r[0]) for r in rows}


def tulis_versi_dpa(
    con: duckdb.DuckDBPyConnection,
    kode_kabupaten: str,
    tahun: int,
    versi: int,
    jenis: str,
    berlaku_bulan: int,
    alasan: str,
    isi: dict[str, pd.DataFrame],
    oleh: str,
) -> None:
    """Write a whole new DPA version (lines, detail rows, RAK); earlier versions are never touched."""
    con.execute(
        "INSERT INTO kerja.dpa_versi VALUES (?, ?, ?, ?, ?, ?, ?, current_localtimestamp())",
        [kode_kabupaten, int(tahun), int(versi), jenis, int(berlaku_bulan), alasan, oleh],
    )
    kunci = {"kode_kabupaten": kode_kabupaten, "tahun": int(tahun), "versi": int(versi)}
    for tabel, kolom in (
        ("dpa", ["renja_id", "pagu"]),
        ("dpa_rincian", ["renja_id", "no", "kode_rekening", "komponen", "volume", "satuan", "harga_satuan"]),
        ("rak", ["renja_id", "bulan", "nilai"]),
    ):
        df = isi[tabel][kolom].assign(**kunci)
        sisipkan(con, f"kerja.{tabel}", df[[*kunci, *kolom]])
    catat_audit(
        con, oleh, "dpa_versi", f"{kode_kabupaten}|{tahun}|{versi}", jenis, None,
        {"berlaku_bulan": int(berlaku_bulan), "baris": len(isi["dpa"])}, alasan,
    )  # fmt: skip


def renja_con(con: duckdb.DuckDBPyConnection, kode_kabupaten: str, tahun: int) -> pd.DataFrame:
    """Renja lines of a year inside a write session (what a DPA murni is set from)."""
    df = con.execute(
        "SELECT id, kode_sub_kegiatan, uraian, target_volume, satuan, pagu_indikatif, usulan_id FROM kerja.renja "
        "WHERE kode_kabupaten = ? AND tahun = ? ORDER BY id",
        [kode_kabupaten, int(tahun)],
    ).df()
    df["usulan_id"] = df["usulan_id"].map(lambda v: [int(i) for i in v])
    return df


def usulan_rincian(con: duckdb.DuckDBPyConnection, ids: list[int]) -> pd.DataFrame:
    """Kamus item, activity class, volume, unit and unit price of usulan (the DPA detail rows they propose)."""
    return con.execute(
        "SELECT u.id, coalesce(k.nama, u.uraian) AS nama_kamus, k.kelas_kegiatan, u.volume, u.satuan, u.harga_satuan "
        "FROM kerja.usulan u LEFT JOIN ref.kamus_usulan k ON k.kode = u.kode_kamus WHERE list_contains(?, u.id)",
        [[int(i) for i in ids]],
    ).df()


def kelas_sub_kegiatan(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Sub-kegiatan -> activity class of a kamus item mapped to it (the first by kamus code)."""
    rows = con.execute(
        "SELECT p.kode_sub_kegiatan, min_by(k.kelas_kegiatan, k.kode) FROM ref.padanan_nomenklatur p "
        "JOIN ref.kamus_usulan k ON k.kode = p.kode_kamus GROUP BY 1"
    ).fetchall()
    return {r[0]: r[1] for r in rows}
