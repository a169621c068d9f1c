"""SQL of the budget chain (issue 15): nomenclature, OPD, mapping, ceilings, scenarios, Renja, DPA, RAK.

Reference tables (``nomenklatur``, ``opd``, ``padanan_nomenklatur``) are replaced by the
loaders; working tables are written inside the caller's transaction with an audit row each
(:func:`geo.store.tulis.catat_audit`).
"""

from __future__ import annotations

import json
from typing import Any

import duckdb
import pandas as pd
import shapely

from geo.errors import KonflikVersi
from geo.store.db import Gudang, sisipkan, skalar
from geo.store.tulis import catat_audit


# --------------------------------------------------------------------------- reference (loaders)
def kode_nomenklatur(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Every nomenclature code loaded."""
    return {r[0] for r in con.execute("SELECT kode FROM nomenklatur").fetchall()}


def _ganti(con: duckdb.DuckDBPyConnection, tabel: str, kunci: str, rows: pd.DataFrame) -> int:
    con.register("_kunci_ganti", pd.DataFrame({"k": rows[kunci].astype(str)}))
    try:
        con.execute(f"DELETE FROM {tabel} WHERE {kunci} IN (SELECT k FROM _kunci_ganti)")
    finally:
        con.unregister("_kunci_ganti")
    return sisipkan(con, tabel, rows)


def ganti_nomenklatur(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> int:
    """Replace the nomenclature rows with the codes of ``rows``."""
    return _ganti(con, "nomenklatur", "kode", rows)


def ganti_opd(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> int:
    """Replace the OPD rows with the codes (and names) of ``rows``."""
    con.register("_nama_opd", pd.DataFrame({"n": rows["nama"].astype(str)}))
    try:
        con.execute("DELETE FROM opd WHERE nama IN (SELECT n FROM _nama_opd)")
    finally:
        con.unregister("_nama_opd")
    return _ganti(con, "opd", "kode", rows)


def ganti_padanan(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> int:
    """Replace the kamus → sub-kegiatan mapping of the kamus codes of ``rows``."""
    return _ganti(con, "padanan_nomenklatur", "kode_kamus", rows)


def hapus_padanan(con: duckdb.DuckDBPyConnection, kode_kamus: list[str]) -> None:
    """Drop the mapping of these kamus items (a file that leaves the column blank unmaps them)."""
    if kode_kamus:
        con.execute("DELETE FROM padanan_nomenklatur WHERE list_contains(?, kode_kamus)", [list(kode_kamus)])


def sub_kegiatan_dikenal(con: duckdb.DuckDBPyConnection) -> set[str] | None:
    """Sub-kegiatan codes loaded, or None when no nomenclature is loaded yet."""
    if not skalar(con, "SELECT count(*) FROM nomenklatur"):
        return None
    return {r[0] for r in con.execute("SELECT kode FROM nomenklatur WHERE tingkat = 'sub_kegiatan'").fetchall()}


# --------------------------------------------------------------------------- reads
def nomenklatur(gudang: Gudang) -> pd.DataFrame:
    """The loaded nomenclature: ``kode``, ``tingkat``, ``nama``, ``kode_induk``, ``indikator``, ``satuan``."""
    return gudang.df("SELECT kode, tingkat, nama, kode_induk, indikator, satuan FROM ref.nomenklatur ORDER BY kode")


def daftar_opd(gudang: Gudang) -> pd.DataFrame:
    """The OPD list: ``kode``, ``nama``, ``singkatan``."""
    return gudang.df("SELECT kode, nama, singkatan FROM ref.opd ORDER BY kode")


def padanan(gudang: Gudang) -> dict[str, str]:
    """Kamus code -> sub-kegiatan code."""
    df = gudang.df("SELECT kode_kamus, kode_sub_kegiatan FROM ref.padanan_nomenklatur")
    return dict(zip(df["kode_kamus"], df["kode_sub_kegiatan"], strict=True))


def kamus_tanpa_padanan(gudang: Gudang) -> pd.DataFrame:
    """Kamus items with no sub-kegiatan (listed, never guessed): ``kode``, ``nama``, ``opd``."""
    return gudang.df(
        "SELECT k.kode, k.nama, k.opd FROM ref.kamus_usulan k "
        "LEFT JOIN ref.padanan_nomenklatur p ON p.kode_kamus = k.kode WHERE p.kode_kamus IS NULL ORDER BY k.kode"
    )


_SEPAKAT = """
    WITH sepakat AS (
        SELECT usulan_id, arg_max(nilai_rekomendasi, waktu) AS nilai
        FROM kerja.keputusan WHERE tahap = 'kabupaten' AND status = 'diterima' GROUP BY usulan_id
    )
    SELECT u.id, u.tahun, u.kode_desa, u.kode_kecamatan, d.nama AS desa, kc.nama AS kecamatan, u.kode_kamus,
           km.kelas_kegiatan, u.uraian, u.volume, u.satuan, coalesce(s.nilai, u.biaya) AS nilai, u.biaya,
           u.sumber_dana, coalesce(u.opd_akhir, u.opd_awal) AS opd, u.jenis_usulan, u.tahap_asal,
           u.urgensi, u.dampak, u.selaras_rpjmd, u.penerima_laki, u.penerima_perempuan, u.penerima_rentan,
           u.status_lahan, u.sertifikat, u.gambar_teknis, u.rab, {geom}
    FROM kerja.usulan u
    LEFT JOIN sepakat s ON s.usulan_id = u.id
    LEFT JOIN ref.wilayah d ON d.kode = u.kode_desa
    LEFT JOIN ref.wilayah kc ON kc.kode = u.kode_kecamatan
    LEFT JOIN ref.kamus_usulan km ON km.kode = u.kode_kamus
    WHERE u.tahun = ? AND starts_with(u.kode_desa, ? || '.') AND u.tahap = 'kabupaten' AND u.status = 'diterima'
    ORDER BY u.id
"""


def usulan_sepakat(gudang: Gudang, kode_kabupaten: str, tahun: int, geometri: bool = True) -> pd.DataFrame:
    """Usulan agreed at the kabupaten forum (no personal data), value agreed there (else ``biaya``).

    With ``geometri``: a ``geometry`` column of shapely objects (EPSG:4326).
    """
    sql = _SEPAKAT.format(geom="ST_AsWKB(u.geom) AS wkb" if geometri else "NULL AS wkb")
    df = gudang.df(sql, [int(tahun), kode_kabupaten])
    wkb = df.pop("wkb")
    if geometri:
        df["geometry"] = shapely.from_wkb([bytes(b) for b in wkb]) if len(df) else []
    return df


def tahun_sepakat(gudang: Gudang, kode_kabupaten: str) -> list[int]:
    """Budget years with usulan agreed at the kabupaten forum, newest first."""
    df = gudang.df(
        "SELECT DISTINCT tahun FROM kerja.usulan WHERE starts_with(kode_desa, ? || '.') "
        "AND tahap = 'kabupaten' AND status = 'diterima' ORDER BY tahun DESC",
        [kode_kabupaten],
    )
    return [int(t) for t in df["tahun"]]


def plafon(gudang: Gudang, kode_kabupaten: str, tahun: int) -> pd.DataFrame:
    """Ceilings of a kabupaten and year: ``opd``, ``kode_program``, ``nilai``, ``terkontrak``, ``versi``."""
    return gudang.df(
        "SELECT opd, kode_program, nilai, terkontrak, versi FROM kerja.plafon WHERE kode_kabupaten = ? AND tahun = ? "
        "ORDER BY opd, kode_program",
        [kode_kabupaten, int(tahun)],
    )


# --------------------------------------------------------------------------- writes
def tulis_plafon(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame, oleh: str, alasan: str) -> int:
    """Insert or replace ceilings of a kabupaten; audit each.

    ``rows``: ``kode_kabupaten``, ``tahun``, ``opd``, ``kode_program``, ``nilai``, ``terkontrak``.

    With a ``versi`` column (the version the user saw; empty for a row new to them) a ceiling
    saved by someone else since raises :class:`~geo.errors.KonflikVersi` (the caller's
    transaction then writes nothing). A row equal to what is stored is left alone (no new
    version, no audit row). Returns how many ceilings were written.
    """
    n = 0
    for r in rows.itertuples():
        kunci = [str(r.kode_kabupaten), int(r.tahun), str(r.opd), str(r.kode_program)]
        syarat = "kode_kabupaten = ? AND tahun = ? AND opd = ? AND kode_program = ?"
        lama = con.execute(f"SELECT nilai, terkontrak, versi FROM kerja.plafon WHERE {syarat}", kunci).fetchone()
        terlihat = getattr(r, "versi", None)
        if lama is not None and terlihat is not None:
            dilihat = 0 if pd.isna(terlihat) else int(terlihat)
            if dilihat != int(lama[2]):
                program = f", program {r.kode_program}" if r.kode_program else ""
                raise KonflikVersi(
                    f"Plafon {r.opd}{program} sudah diubah orang lain (versi {int(lama[2])}, Anda membuka versi "
                    f"{dilihat}). Plafon belum disimpan: muat ulang halaman, periksa perubahannya, lalu ulangi."
                )
        if lama is not None and float(lama[0]) == float(r.nilai) and float(lama[1]) == float(r.terkontrak):
            continue
        versi = 1 if lama is None else int(lama[2]) + 1
        con.execute(f"DELETE FROM kerja.plafon WHERE {syarat}", kunci)
        con.execute(
            "INSERT INTO kerja.plafon VALUES (?, ?, ?, ?, ?, ?, ?, ?, current_localtimestamp())",
            [*kunci, float(r.nilai), float(r.terkontrak), versi, oleh],
        )
        catat_audit(
            con,
            oleh,
            "plafon",
            "|".join(map(str, kunci)),
            "buat" if lama is None else "ubah",
            None if lama is None else {"nilai": lama[0], "terkontrak": lama[1]},
            {"nilai": float(r.nilai), "terkontrak": float(r.terkontrak)},
            alasan,
        )
        n += 1
    return n


def simpan_skenario(
    con: duckdb.DuckDBPyConnection,
    kode_kabupaten: str,
    tahun: int,
    nama: str,
    alasan: str,
    plafon_: list[dict[str, Any]],
    tetap: list[int],
    keluar: list[int],
    oleh: str,
) -> int:
    """Append a new scenario version (never overwrites an earlier one); return its version number."""
    versi = int(
        skalar(
            con,
            "SELECT coalesce(max(versi), 0) + 1 FROM kerja.skenario WHERE kode_kabupaten = ? AND tahun = ?",
            [kode_kabupaten, int(tahun)],
        )
    )
    con.execute(
        "INSERT INTO kerja.skenario VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, current_localtimestamp())",
        [kode_kabupaten, int(tahun), versi, nama, alasan, json.dumps(plafon_), tetap, keluar, oleh],
    )
    catat_audit(
        con,
        oleh,
        "skenario",
        f"{kode_kabupaten}|{tahun}|{versi}",
        "simpan",
        None,
        {"nama": nama, "tetap": len(tetap), "keluar": len(keluar)},
        alasan,
    )
    return versi


def daftar_skenario(gudang: Gudang, kode_kabupaten: str, tahun: int) -> pd.DataFrame:
    """Saved scenarios, newest first.

    Columns ``versi``, ``nama``, ``alasan``, ``oleh``, ``waktu``, ``plafon`` (list), ``tetap``, ``keluar`` (id lists).
    """
    df = gudang.df(
        "SELECT versi, nama, alasan, oleh, waktu, plafon, tetap, keluar FROM kerja.skenario "
        "WHERE kode_kabupaten = ? AND tahun = ? ORDER BY versi DESC",
        [kode_kabupaten, int(tahun)],
    )
    df["plafon"] = df["plafon"].map(json.loads)
    df["tetap"] = df["tetap"].map(lambda v: [int(i) for i in v])
    df["keluar"] = df["keluar"].map(lambda v: [int(i) for i in v])
    return df
