"""Data access of the Sinkronisasi and DIPA & Renja pages: cached DIPA, the what-if kept per session, writes."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo.domain import sinkronisasi as sk
from geo.domain.akses import Pengguna
from geo.render import maps
from geo.services import anggaran as layanan
from geo.services import renja as layanan_renja
from geo.store import anggaran as simpanan
from geo.store import kueri
from geo.store import renja as simpanan_renja
from pages.akses.inti import _hasil_atau_pesan, gudang, tangani_kesalahan


@st.cache_data(show_spinner="Menyusun DIPA Musrenbang…", max_entries=8, ttl=120)
def _dipa(kode_kab: str, tahun: int, tanda: int) -> layanan.DataDipa:
    return layanan.dipa(gudang(), kode_kab, tahun)


def dipa(kode_kab: str, tahun: int) -> layanan.DataDipa:
    """The DIPA Musrenbang of a year (recomputed after a write of this session, else every two minutes)."""
    with tangani_kesalahan():
        return _dipa(kode_kab, int(tahun), st.session_state.get("_anggaran_tanda", 0))


def tahun_sepakat(kode_kab: str) -> list[int]:
    """Years with usulan agreed at the kabupaten forum, newest first."""
    with tangani_kesalahan():
        return simpanan.tahun_sepakat(gudang(), kode_kab)


def plafon(kode_kab: str, tahun: int) -> pd.DataFrame:
    """Ceilings saved for a kabupaten and year."""
    with tangani_kesalahan():
        return layanan.plafon(gudang(), kode_kab, int(tahun))


def simulasi(kode_kab: str, tahun: int, data: layanan.DataDipa, plafon_: pd.DataFrame) -> sk.Simulasi:
    """The session's what-if: built once per year, then only the ceilings that changed are recomputed."""
    kolom = ["id", "opd", "kode_program", "nilai", "skor"]
    sidik = int(pd.util.hash_pandas_object(data.usulan[kolom], index=False).sum())  # agreed usulan changed: rebuild
    kunci = f"_simulasi_{kode_kab}_{tahun}"
    sim = st.session_state.get(kunci)
    if sim is None or st.session_state.get(f"{kunci}_sidik") != sidik:
        sim = sk.Simulasi(data.usulan[kolom], plafon_)
        st.session_state[f"{kunci}_sidik"] = sidik
        st.session_state[kunci] = sim
        return sim
    baru_opd, baru_prog = sk.peta_plafon(plafon_)
    for opd in set(sim.plafon_opd) | set(baru_opd):
        if sim.plafon_opd.get(opd) != baru_opd.get(opd):
            sim.ubah(opd, sk.SELURUH_OPD, baru_opd.get(opd))
    for opd in set(sim.plafon_prog) | set(baru_prog):
        lama, baru = sim.plafon_prog.get(opd, {}), baru_prog.get(opd, {})
        for prog in set(lama) | set(baru):
            if lama.get(prog) != baru.get(prog):
                sim.ubah(opd, prog, baru.get(prog))
    return sim


def _segarkan() -> None:
    st.session_state["_anggaran_tanda"] = st.session_state.get("_anggaran_tanda", 0) + 1


def simpan_plafon(kode_kab: str, tahun: int, plafon_: pd.DataFrame, alasan: str, pelaku: Pengguna):
    """Save a kabupaten's ceilings: (rows, None) or (None, the problems)."""
    hasil = _hasil_atau_pesan(layanan.simpan_plafon, kode_kab, int(tahun), plafon_, alasan, pelaku)
    if hasil[0] is not None:
        _segarkan()
    return hasil


def simpan_skenario(kode_kab: str, tahun: int, nama: str, alasan: str, plafon_, hasil, pelaku: Pengguna):
    """Save the accepted scenario as a new version: (version, None) or (None, the problems)."""
    return _hasil_atau_pesan(layanan.simpan_skenario, kode_kab, int(tahun), nama, alasan, plafon_, hasil, pelaku)


def daftar_skenario(kode_kab: str, tahun: int) -> pd.DataFrame:
    """Saved scenario versions, newest first."""
    with tangani_kesalahan():
        return layanan.daftar_skenario(gudang(), kode_kab, int(tahun))


@st.cache_data(show_spinner=False, max_entries=16)
def _kerangka(kode_kab: str, tahun: int, tanda: int, ids: tuple[int, ...]) -> maps.Kerangka:
    u = _dipa(kode_kab, tahun, tanda).usulan.set_index("id").loc[list(ids)].reset_index()
    gdf = gpd.GeoDataFrame({"kode": u["id"].astype(str), "nama": u["uraian"]}, geometry=list(u["geometry"]), crs=4326)
    return maps.kerangka_dari_gdf(gdf)


def kerangka_usulan(kode_kab: str, tahun: int, ids: list[int]) -> maps.Kerangka:
    """Map frame of the agreed usulan (one static geometry file per set; a what-if only restyles it)."""
    return _kerangka(kode_kab, int(tahun), st.session_state.get("_anggaran_tanda", 0), tuple(int(i) for i in ids))


def renja(kode_kab: str, tahun: int, opd: str | None = None) -> pd.DataFrame:
    """Renja lines of a year (one OPD, or all = RKPD)."""
    with tangani_kesalahan():
        return simpanan_renja.renja(gudang(), kode_kab, int(tahun), opd)


def tahun_renja(kode_kab: str) -> list[int]:
    """Years with Renja lines, newest first."""
    with tangani_kesalahan():
        return simpanan_renja.tahun_renja(gudang(), kode_kab)


def dpa(
    kode_kab: str, tahun: int
) -> tuple[pd.DataFrame, dict[int, pd.DataFrame], dict[int, pd.DataFrame], pd.DataFrame]:
    """DPA versions, lines and detail rows per version, and the RAK of every version."""
    with tangani_kesalahan():
        g = gudang()
        versi = simpanan_renja.versi_dpa(g, kode_kab, int(tahun))
        baris = {int(v): simpanan_renja.dpa(g, kode_kab, int(tahun), int(v)) for v in versi["versi"]}
        rinci = {int(v): simpanan_renja.rincian(g, kode_kab, int(tahun), int(v)) for v in versi["versi"]}
        return versi, baris, rinci, simpanan_renja.rak(g, kode_kab, int(tahun))


def jejak(usulan_id: int) -> dict[str, pd.DataFrame]:
    """Budget steps of one usulan (Renja, DPA, realisasi)."""
    with tangani_kesalahan():
        return simpanan_renja.jejak_usulan(gudang(), int(usulan_id))


def usulan_satu(usulan_id: int) -> dict | None:
    """One usulan's public fields."""
    with tangani_kesalahan():
        return kueri.usulan_satu(gudang(), int(usulan_id))


def keputusan(usulan_id: int) -> pd.DataFrame:
    """Decisions on one usulan (tahap, status, alasan, waktu)."""
    with tangani_kesalahan():
        return simpanan_renja.keputusan_usulan(gudang(), int(usulan_id))


def renja_dari_skenario(kode_kab: str, tahun: int, opd: str, pelaku: Pengguna):
    """Draft an OPD's Renja from the latest scenario: (new line ids, None) or (None, the problems)."""
    hasil = _hasil_atau_pesan(layanan_renja.renja_dari_skenario, kode_kab, int(tahun), opd, pelaku)
    if hasil[0] is not None:
        _segarkan()
    return hasil


def tambah_renja(kode_kab: str, tahun: int, baris: pd.DataFrame, alasan: str, pelaku: Pengguna):
    """Add Renja lines: (ids, None) or (None, the problems naming row and field)."""
    hasil = _hasil_atau_pesan(layanan_renja.tambah_renja, kode_kab, int(tahun), baris, alasan, pelaku)
    if hasil[0] is not None:
        _segarkan()
    return hasil


def ubah_dpa(
    kode_kab: str, tahun: int, jenis: str, bulan: int, alasan: str, pagu: dict, rak: dict, pelaku: Pengguna, versi: int
):
    """A DPA perubahan/pergeseran of the version seen (``versi``) as a new version: (version, None) or (None, why)."""
    return _hasil_atau_pesan(
        layanan_renja.ubah_dpa, kode_kab, int(tahun), jenis, int(bulan), alasan, pagu, rak, pelaku, int(versi)
    )


def nomenklatur() -> pd.DataFrame:
    """The loaded nomenclature."""
    with tangani_kesalahan():
        return simpanan.nomenklatur(gudang())


def dpa_murni(kode_kab: str, tahun: int, pelaku: Pengguna):
    """Set the DPA murni from the Renja: (1, None) or (None, the problems)."""
    return _hasil_atau_pesan(layanan_renja.tetapkan_dpa_murni, kode_kab, int(tahun), "DPA murni dari Renja", pelaku)


def tumpang_tindih_rkpd(kode_kab: str, tahun: int) -> pd.DataFrame:
    """Renja lines of two OPDs at the same place with a similar activity."""
    with tangani_kesalahan():
        return layanan_renja.tumpang_tindih_rkpd(gudang(), kode_kab, int(tahun))
