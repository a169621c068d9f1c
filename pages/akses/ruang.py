"""Spatial conformity and readiness: cached planning layers (shared across sessions), checks and stored results."""

from __future__ import annotations

import threading

import pandas as pd
import shapely
import streamlit as st

from geo.domain import kelayakan as kl
from geo.domain import kesesuaian as ks
from geo.render import aset, maps
from geo.services import kesesuaian as layanan_ks
from geo.store import kesesuaian as simpanan_ks
from pages.akses.forum import kamus_usulan
from pages.akses.inti import _versi, gudang, tangani_kesalahan


@st.cache_resource(show_spinner=False, max_entries=4)  # a state per kabupaten-year in use; old ones go
def _ruang_dan_kesiapan(kode_kab: str, tahun: int, sidik: tuple, versi_ref: tuple) -> pd.DataFrame:
    hasil = _baca_hasil(kode_kab, tahun, sidik, versi_ref)
    if hasil.empty:
        return pd.DataFrame(columns=["verdik", "kelayakan"])
    f = kl.faktor(pd.DataFrame(hasil.drop(columns="geometry")))
    return pd.DataFrame(
        {"verdik": hasil["verdik"].to_numpy(), "kelayakan": f["kelayakan"].to_numpy()}, index=hasil["id"]
    )


def ruang_dan_kesiapan(kode_kab: str, tahun: int) -> pd.DataFrame:
    """Conformity verdict and readiness level per usulan id (stale results are checked again first).

    Computed once per state of the year's usulan and results (:func:`geo.store.kesesuaian.sidik_hasil`)
    and shared by every session: a rerun that changed nothing reads a few numbers, not 100,000 rows.
    """
    _, _, sidik = _hasil_terkini(kode_kab, tahun)
    with tangani_kesalahan():
        return _ruang_dan_kesiapan(kode_kab, tahun, sidik, _versi()).copy(deep=False)


# --- spatial conformity and feasibility ------------------------------------------------------
@st.cache_resource(show_spinner="Membaca lapisan tata ruang…", max_entries=8)
def _lapisan_tata_ruang(kode_kab: str, versi_ref: tuple):
    return simpanan_ks.muat_lapisan(gudang(), kode_kab)


def lapisan_tata_ruang(kode_kab: str):
    """Zoning, overlays, ITBX and land layers of a kabupaten (cached until the reference file changes)."""
    v = _versi()
    with tangani_kesalahan():
        return _lapisan_tata_ruang(kode_kab, v)


@st.cache_data(show_spinner="Menyiapkan peta tata ruang…", max_entries=8)
def _url_tata_ruang(kode_kab: str, versi_ref: tuple) -> dict[str, str]:
    lapisan = _lapisan_tata_ruang(kode_kab, versi_ref)
    return {k: aset.simpan_lapisan(teks) for k, teks in maps.geojson_tata_ruang(lapisan).items()}


def url_tata_ruang(kode_kab: str) -> dict[str, str]:
    """Static files of the display planning layers (simplified and written once per data version)."""
    v = _versi()
    with tangani_kesalahan():
        url = _url_tata_ruang(kode_kab, v)
        if not all(aset.pakai(u) for u in url.values()):  # removed as unused meanwhile: write them again
            _url_tata_ruang.clear()
            url = _url_tata_ruang(kode_kab, v)
        return url


def cek_lokasi(wkt: str, kode_kamus: str, status_lahan: str, kode_kab: str):
    """Instant conformity of a geometry being captured (nothing is stored)."""
    kelas = kamus_usulan().at[kode_kamus, "kelas_kegiatan"]
    with tangani_kesalahan():
        return ks.periksa_satu(shapely.from_wkt(wkt), kelas, status_lahan, lapisan_tata_ruang(kode_kab))


def hasil_kesesuaian(kode_kab: str, tahun: int, semua: bool = False):
    """Bring stale results up to date (new usulan, edits, reloaded zoning), then read them.

    Returns
    -------
    (GeoDataFrame, int)
        The results and how many usulan were checked now.
    """
    hasil, n, _ = _hasil_terkini(kode_kab, tahun, semua)
    return hasil, n


#: (kabupaten, year) -> (reference version, the last results read): the base of the next read.
_TERAKHIR: dict[tuple[str, int], tuple[tuple, pd.DataFrame]] = {}
_KUNCI_TERAKHIR = threading.Lock()


@st.cache_resource(show_spinner="Membaca hasil kesesuaian…", max_entries=4)
def _baca_hasil(kode_kab: str, tahun: int, sidik: tuple, versi_ref: tuple):
    """The year's results in the state ``sidik``: only what changed since the last read is read again.

    After a decision on one usulan of 100,000, the next visitor reads one row, not all of them;
    a count that does not add up (an usulan removed) reads everything again.
    """
    with _KUNCI_TERAKHIR:
        dasar = _TERAKHIR.get((kode_kab, tahun))
    g = gudang()
    if dasar is not None and dasar[0] == versi_ref and len(dasar[1]):
        lama = dasar[1]
        sejak = max(lama["diubah_pada"].max(), lama["dihitung_pada"].max())
        hasil = simpanan_ks.gabung_hasil(lama, simpanan_ks.baca_hasil(g, kode_kab, tahun, sejak=sejak))
        if len(hasil) != (sidik[3] if len(sidik) > 3 else -1):
            hasil = simpanan_ks.baca_hasil(g, kode_kab, tahun)
    else:
        hasil = simpanan_ks.baca_hasil(g, kode_kab, tahun)
    with _KUNCI_TERAKHIR:
        _TERAKHIR[(kode_kab, tahun)] = (versi_ref, hasil)
    return hasil


def _hasil_terkini(kode_kab: str, tahun: int, semua: bool = False):
    """Check stale usulan; return results (a shallow copy of the shared frame), the number checked, the signature."""
    with tangani_kesalahan():
        n = layanan_ks.periksa_dan_simpan(gudang(), kode_kab, tahun, semua=semua, lapisan=lapisan_tata_ruang(kode_kab))
        sidik = simpanan_ks.sidik_hasil(gudang(), kode_kab, tahun)
        return _baca_hasil(kode_kab, tahun, sidik, _versi()).copy(deep=False), n, sidik


def periksa_usulan_baru(usulan_id: int, kode_kab: str) -> None:
    """Check one usulan right after it is entered (its result is stored)."""
    with tangani_kesalahan():
        layanan_ks.periksa_dan_simpan(gudang(), kode_kab, ids=[usulan_id], lapisan=lapisan_tata_ruang(kode_kab))
