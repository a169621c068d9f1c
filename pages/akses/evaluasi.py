"""Data access of the Evaluasi page: the year's figures, cached per state of the working data."""

from __future__ import annotations

import streamlit as st

from geo.domain.akses import Pengguna
from geo.services import evaluasi as layanan
from geo.services import realisasi as layanan_realisasi
from geo.store import kueri
from pages.akses.inti import gudang, tangani_kesalahan


@st.cache_data(show_spinner="Menghitung evaluasi…", max_entries=16, ttl=120)
def _evaluasi(kode_kab: str, tahun: int, indikator: str, pelaku: Pengguna, tanda: tuple) -> layanan.DataEvaluasi:
    return layanan.evaluasi(gudang(), kode_kab, tahun, indikator, pelaku)


def evaluasi(kode_kab: str, tahun: int, indikator: str, pelaku: Pengguna) -> layanan.DataEvaluasi:
    """Every figure of the Evaluasi page (recomputed when realisasi change, else at most every two minutes)."""
    with tangani_kesalahan():
        tanda = layanan_realisasi.tanda(gudang(), tahun)
        return _evaluasi(kode_kab, int(tahun), indikator, pelaku, tanda)


def tahun_usulan() -> list[int]:
    """Budget years that have usulan, newest first."""
    with tangani_kesalahan():
        return kueri.tahun_usulan(gudang())
