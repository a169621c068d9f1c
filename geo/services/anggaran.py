"""Use cases of the DIPA Musrenbang and the Sinkronisasi page: agreed usulan → lines → ceilings → scenario.

Reads through :mod:`geo.store.anggaran`, computes with the pure rules of
:mod:`geo.domain.anggaran` and :mod:`geo.domain.sinkronisasi`; every write checks the acting
account (:func:`geo.domain.akses.pastikan`) and records an audit row.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.domain import anggaran as ang
from geo.domain import sinkronisasi as sk
from geo.domain.akses import Pengguna, pastikan
from geo.domain.prioritas import SEMUA_FORUM, nilai_kriteria, peringkat
from geo.errors import KesalahanInput, Masalah
from geo.store import anggaran as simpanan
from geo.store import kueri
from geo.store import prioritas as simpanan_prioritas
from geo.store.db import Gudang


@dataclass
class DataDipa:
    """The DIPA Musrenbang of one kabupaten and year."""

    baris: pd.DataFrame  # geo.domain.anggaran.baris_dipa lines
    tanpa_padanan: pd.DataFrame  # agreed usulan whose kamus item has no sub-kegiatan
    usulan: pd.DataFrame  # the agreed usulan (with geometry, priority score ``skor`` and ``kode_program``)
    kamus_tanpa_padanan: pd.DataFrame  # kamus items with no sub-kegiatan


def skor_forum(gudang: Gudang, usulan: pd.DataFrame, kode_kabupaten: str, tahun: int) -> pd.Series:
    """The kabupaten forum's priority score per usulan, with the weights saved for that forum (per OPD)."""
    if usulan.empty:
        return pd.Series(dtype=float)
    bobot, indikator, _ = simpanan_prioritas.baca_bobot(gudang, tahun, "kabupaten", SEMUA_FORUM)
    kebutuhan = kueri.kebutuhan_desa(gudang, kode_kabupaten, indikator, tahun) if indikator else None
    u = usulan.copy()
    u["suara"] = float("nan")
    return peringkat(nilai_kriteria(u, kebutuhan), bobot, u["opd"].astype(str))["skor"]


def dipa(gudang: Gudang, kode_kabupaten: str, tahun: int) -> DataDipa:
    """Build the DIPA Musrenbang: agreed usulan grouped by OPD and sub-kegiatan (unmapped ones listed apart)."""
    usulan = simpanan.usulan_sepakat(gudang, kode_kabupaten, tahun)
    pad = simpanan.padanan(gudang)
    nom = simpanan.nomenklatur(gudang)
    baris, tanpa = ang.baris_dipa(usulan, pad, nom)
    usulan["skor"] = skor_forum(gudang, usulan, kode_kabupaten, tahun)
    sub = usulan["kode_kamus"].map(pad)
    usulan["kode_sub_kegiatan"] = sub
    usulan["kode_program"] = sub.map(lambda k: ang.induk_kode(ang.induk_kode(k) or "") if isinstance(k, str) else "")
    usulan["kode_program"] = usulan["kode_program"].fillna("")
    return DataDipa(baris, tanpa, usulan, simpanan.kamus_tanpa_padanan(gudang))


def plafon(gudang: Gudang, kode_kabupaten: str, tahun: int) -> pd.DataFrame:
    """The ceilings of a kabupaten and year (``opd``, ``kode_program``, ``nilai``, ``terkontrak``, ``versi``)."""
    return simpanan.plafon(gudang, kode_kabupaten, tahun)


def simpan_plafon(
    gudang: Gudang, kode_kabupaten: str, tahun: int, plafon_: pd.DataFrame, alasan: str, pelaku: Pengguna
) -> int:
    """Save typed ceilings (TAPD/Bappeda). A ceiling below what contracts bind is refused, naming the row.

    Parameters
    ----------
    gudang : Gudang
        The store.
    kode_kabupaten : str
        The kabupaten whose ceilings these are (two kabupaten never share an OPD's ceiling).
    tahun : int
        Budget year.
    plafon_ : DataFrame
        ``opd``, ``kode_program`` ('' = whole OPD), ``nilai``, ``terkontrak``; optionally ``versi``, the
        version of each ceiling the user saw (empty for a new row): a ceiling saved by someone else since
        is refused with :class:`~geo.errors.KonflikVersi`, nothing written.
    alasan : str
        Why (recorded in the audit log).
    pelaku : Pengguna
        Who acts (``plafon.tulis``).
    """
    pastikan(pelaku, "plafon.tulis", seluruh_kabupaten=True, kode_wilayah=kode_kabupaten)
    rows = plafon_.copy()
    rows["kode_program"] = rows["kode_program"].fillna("").astype(str).str.strip()
    rows["terkontrak"] = pd.to_numeric(rows["terkontrak"], errors="coerce").fillna(0.0)
    rows["nilai"] = pd.to_numeric(rows["nilai"], errors="coerce")
    masalah = ang.periksa_plafon(rows)
    for r in rows.itertuples():
        if r.kode_program and ang.tingkat_kode(r.kode_program) != "program":
            masalah.append(
                Masalah(f"plafon {r.opd}", "kode_program", r.kode_program, "kode program seperti 1.03.10", "perbaiki")
            )
    ganda = rows[rows.duplicated(["opd", "kode_program"], keep="first")]
    for r in ganda.itertuples():
        nilai = r.kode_program or "(seluruh OPD)"
        masalah.append(
            Masalah(f"plafon {r.opd}", "kode_program", nilai, "satu plafon per OPD dan program", "hapus baris ganda")
        )
    if not alasan.strip():
        masalah.append(Masalah("plafon", "alasan", "(kosong)", "alasan perubahan", "tulis alasannya"))
    if masalah:
        raise KesalahanInput("Plafon tidak disimpan", masalah)
    rows["tahun"] = int(tahun)
    rows["kode_kabupaten"] = kode_kabupaten
    with gudang.sesi(tulis=True) as con:
        return simpanan.tulis_plafon(con, rows, pelaku.nama_pengguna, alasan.strip())


@dataclass
class HasilWhatIf:
    """What a set of ceilings does to the DIPA: usulan that stay, lines cut, wilayah that lose."""

    tetap: pd.Series  # bool per usulan id
    baris: pd.DataFrame  # DIPA lines with status, usulan_tetap, pagu_tetap
    desa: pd.DataFrame  # geo.domain.sinkronisasi.rekap_wilayah per desa (with names)
    kecamatan: pd.DataFrame  # the same per kecamatan


def what_if(data: DataDipa, plafon_: pd.DataFrame, simulasi: sk.Simulasi | None = None) -> HasilWhatIf:
    """Apply ceilings to the agreed usulan in the forum's priority order (:mod:`geo.domain.sinkronisasi`)."""
    u = data.usulan
    sim = simulasi or sk.Simulasi(u[["id", "opd", "kode_program", "nilai", "skor"]], plafon_)
    tetap = sim.tetap
    ids = set(u["id"][tetap].astype(int))
    baris = sk.status_baris(data.baris, ids, u.set_index("id")["nilai"])
    desa = sk.rekap_wilayah(u, tetap, "kode_desa")
    desa.insert(1, "desa", desa["kode_desa"].map(u.drop_duplicates("kode_desa").set_index("kode_desa")["desa"]))
    kec = sk.rekap_wilayah(u, tetap, "kode_kecamatan")
    nama_kec = u.drop_duplicates("kode_kecamatan").set_index("kode_kecamatan")["kecamatan"]
    kec.insert(1, "kecamatan", kec["kode_kecamatan"].map(nama_kec))
    return HasilWhatIf(pd.Series(tetap, index=u["id"].to_numpy()), baris, desa, kec)


def tumpang_tindih(data: DataDipa) -> pd.DataFrame:
    """Agreed usulan of two OPDs at the same place with a similar activity (the duplicate rule across OPDs)."""
    u = data.usulan.copy()
    u["kelas_kegiatan"] = u["kelas_kegiatan"].fillna("kamus " + u["kode_kamus"].astype(str))  # item not in the kamus
    pasangan = sk.tumpang_tindih(u[["id", "opd", "kelas_kegiatan", "uraian", "geometry"]])
    info = u.set_index("id")
    for s in ("a", "b"):
        pasangan[f"uraian_{s}"] = pasangan[f"id_{s}"].map(info["uraian"])
        pasangan[f"desa_{s}"] = pasangan[f"id_{s}"].map(info["desa"])
    return pasangan


def simpan_skenario(
    gudang: Gudang,
    kode_kabupaten: str,
    tahun: int,
    nama: str,
    alasan: str,
    plafon_: pd.DataFrame,
    hasil: HasilWhatIf,
    pelaku: Pengguna,
) -> int:
    """Save the accepted scenario as a new version (who, why, the ceilings and the usulan kept/out)."""
    pastikan(pelaku, "sinkronisasi.simpan", seluruh_kabupaten=True, kode_wilayah=kode_kabupaten)
    masalah = []
    if not nama.strip():
        masalah.append(Masalah("skenario", "nama", "(kosong)", "nama skenario", "beri nama"))
    if not alasan.strip():
        masalah.append(Masalah("skenario", "alasan", "(kosong)", "alasan menerima skenario", "tulis alasannya"))
    if masalah:
        raise KesalahanInput("Skenario tidak disimpan", masalah)
    daftar = [
        {"opd": str(r.opd), "kode_program": str(r.kode_program), "nilai": float(r.nilai)} for r in plafon_.itertuples()
    ]
    tetap = sorted(int(i) for i in hasil.tetap.index[hasil.tetap.to_numpy()])
    keluar = sorted(int(i) for i in hasil.tetap.index[~hasil.tetap.to_numpy()])
    with gudang.sesi(tulis=True) as con:
        return simpanan.simpan_skenario(
            con, kode_kabupaten, tahun, nama.strip(), alasan.strip(), daftar, tetap, keluar, pelaku.nama_pengguna
        )


def daftar_skenario(gudang: Gudang, kode_kabupaten: str, tahun: int) -> pd.DataFrame:
    """Saved scenario versions, newest first (earlier ones stay readable as saved)."""
    return simpanan.daftar_skenario(gudang, kode_kabupaten, tahun)
