"""Data access of the Monitoring page: activities and realisasi cached per state of the working data, saves."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo.domain.akses import Pengguna
from geo.domain.monitoring import BULAN
from geo.render import maps
from geo.services import foto as layanan_foto
from geo.services import realisasi as layanan
from geo.store.tulis import sama
from pages.akses.inti import _hasil_atau_pesan, gudang, tangani_kesalahan


def tahun_kegiatan(kode_kab: str) -> list[int]:
    """Budget years with funded activities, newest first."""
    with tangani_kesalahan():
        return layanan.tahun_kegiatan(gudang(), kode_kab)


def _tanda(tahun: int) -> tuple:
    with tangani_kesalahan():
        return layanan.tanda(gudang(), tahun)


@st.cache_data(show_spinner="Membaca realisasi…", max_entries=16)
def _data(kode_kab: str, tahun: int, pelaku: Pengguna, tanda: tuple) -> layanan.DataMonitoring:
    return layanan.data_monitoring(gudang(), kode_kab, tahun, pelaku)


def data_monitoring(kode_kab: str, tahun: int, pelaku: Pengguna) -> tuple[layanan.DataMonitoring, tuple]:
    """Activities within the account's read scope and their monthly rows, read once per state of the data.

    Returns the data and its signature (a key for what is derived from it).
    """
    t = _tanda(tahun)
    with tangani_kesalahan():
        return _data(kode_kab, tahun, pelaku, t), t


@st.cache_data(show_spinner=False, max_entries=32)
def _kerangka(kode_kab: str, tahun: int, pelaku: Pengguna, tanda: tuple, ids: tuple[int, ...]) -> maps.Kerangka:
    keg = _data(kode_kab, tahun, pelaku, tanda).kegiatan
    keg = keg.set_index("id").loc[list(ids)].reset_index()
    gdf = gpd.GeoDataFrame(
        {"kode": keg["id"].astype(str), "nama": keg["uraian"]}, geometry=list(keg["geometry"]), crs=4326
    )
    return maps.kerangka_dari_gdf(gdf)


def kerangka_kegiatan(kode_kab: str, tahun: int, pelaku: Pengguna, tanda: tuple, ids: list[int]) -> maps.Kerangka:
    """Map frame of the chosen activities as captured (points, lines, polygons); one static file per set."""
    return _kerangka(kode_kab, tahun, pelaku, tanda, tuple(int(i) for i in ids))


def simpan_realisasi(tahun: int, baris: pd.DataFrame, versi: dict[tuple[int, int], int], pelaku: Pengguna):
    """Save edited months; returns (rows changed, None) or (None, the input error / conflict message)."""
    return _hasil_atau_pesan(layanan.simpan_realisasi, tahun, baris, versi, pelaku)


def simpan_foto(usulan_id: int, tahun: int, bulan: int, isi: bytes, nama: str, pelaku: Pengguna):
    """Attach a photo to an activity's month; returns (stored bytes, None) or (None, the input error)."""
    return _hasil_atau_pesan(layanan_foto.simpan_foto, usulan_id, tahun, bulan, isi, nama, pelaku)


def baca_foto(usulan_id: int, tahun: int, bulan: int) -> bytes | None:
    """The photo of an activity's month, if one was attached."""
    with tangani_kesalahan():
        return layanan_foto.baca_foto(gudang(), usulan_id, tahun, bulan)


_TEKS = ("kendala", "tindak_lanjut", "catatan_verifikator")

#: Editable columns of the monthly entry table: label -> realisasi column.
KOLOM_ISIAN: dict[str, str] = {
    "Rencana fisik (%)": "rencana_fisik",
    "Realisasi fisik (%)": "realisasi_fisik",
    "RAK kumulatif (Rp)": "rencana_keuangan",
    "Realisasi keuangan kumulatif (Rp)": "realisasi_keuangan",
    "Kendala": "kendala",
    "Tindak lanjut": "tindak_lanjut",
    "Catatan verifikator": "catatan_verifikator",
}

KONFIG_ISIAN = {
    "Pagu (Rp)": st.column_config.NumberColumn(format="localized"),
    "Rencana fisik (%)": st.column_config.NumberColumn(min_value=0.0, max_value=100.0, step=0.1),
    "Realisasi fisik (%)": st.column_config.NumberColumn(
        min_value=0.0, max_value=100.0, step=0.1, help="Kumulatif sampai bulan ini; kosong = belum melapor"
    ),
    "RAK kumulatif (Rp)": st.column_config.NumberColumn(min_value=0.0, format="localized"),
    "Realisasi keuangan kumulatif (Rp)": st.column_config.NumberColumn(min_value=0.0, format="localized"),
    "Kendala": st.column_config.TextColumn(width="medium"),
    "Tindak lanjut": st.column_config.TextColumn(width="medium"),
}


def tabel_isian(kegiatan: pd.DataFrame, realisasi: pd.DataFrame, bulan: int) -> pd.DataFrame:
    """The entry table of one OPD and month: one row per activity with that month's values (empty if none)."""
    r = realisasi[realisasi["bulan"] == bulan]
    d = kegiatan[["id", "uraian", "pagu"]].merge(r, how="left", left_on="id", right_on="usulan_id")
    isi = pd.DataFrame({"No. usulan": d["id"].astype(int), "Kegiatan": d["uraian"], "Pagu (Rp)": d["pagu"]})
    for label, kolom in KOLOM_ISIAN.items():
        isi[label] = d[kolom].astype(object if kolom in _TEKS else float)
    isi["_versi"] = d["versi"].fillna(0).astype(int)
    return isi


def _nilai(v: object) -> object:
    """An entry cell as stored: blank text and missing numbers are None."""
    if isinstance(v, str):
        return v.strip() or None
    return None if v is None or pd.isna(v) else v


def baris_berubah(asli: pd.DataFrame, ubah: pd.DataFrame, bulan: int) -> pd.DataFrame:
    """Rows of the entry table the user changed, as realisasi rows for the service (``lokasi`` names the row)."""
    keluar = []
    for (_, a), (_, b) in zip(asli.iterrows(), ubah.iterrows(), strict=True):
        if all(sama(_nilai(a[lab]), _nilai(b[lab])) for lab in KOLOM_ISIAN):
            continue
        isi = {k: _nilai(b[lab]) for lab, k in KOLOM_ISIAN.items()}
        keluar.append(
            {
                "lokasi": f"usulan {int(b['No. usulan'])} ({BULAN[bulan - 1]})",
                "usulan_id": int(b["No. usulan"]),
                "bulan": bulan,
                **{k: (float("nan") if v is None and k not in _TEKS else v) for k, v in isi.items()},
            }
        )
    return pd.DataFrame(keluar)
