"""Forum preparation (issue 16) for the Persiapan Forum page: thin wrappers over geo/services/acara and peserta.

Working data: nothing here is cached (a tick at the door must show at once). Writes return
``(result, None)`` or ``(None, problems)`` like the other pages' writes; names and contacts
are read only through :mod:`geo.services.peserta`, which checks the account.
"""

from __future__ import annotations

import html
import re

import altair as alt
import geopandas as gpd
import pandas as pd
import streamlit as st

from geo.domain import acara as da
from geo.domain.akses import Pengguna
from geo.errors import KesalahanAkses
from geo.render import maps
from geo.services import acara as layanan
from geo.services import peserta as layanan_peserta
from geo.store import slide as simpanan_slide
from pages.akses.akun import pengguna
from pages.akses.cakupan import peta_beranda
from pages.akses.inti import _hasil_atau_pesan, berhasil_lalu_muat_ulang, gudang, tampilkan_galat, tangani_kesalahan
from pages.akses.peta_data import peta_tangkap

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md(teks: object) -> str:
    """Text from data or a user, for a Streamlit markdown string: every markdown character escaped.

    A name or an agenda can then never become a link, an image fetched from elsewhere, emphasis
    or a formula; it is shown exactly as typed.
    """
    return _MARKDOWN.sub(r"\\\1", str(teks))


def pelaku() -> Pengguna:
    """The logged-in account."""
    return pengguna()


def jadwal(kode_kab: str, tahun: int) -> layanan.Jadwal:
    """The schedule with its tier-order warnings (no personal data)."""
    with tangani_kesalahan():
        return layanan.jadwal(gudang(), kode_kab, tahun)


def acara(acara_id: int) -> dict:
    """One forum."""
    with tangani_kesalahan():
        return layanan.baca(gudang(), acara_id)


def peta_lokasi(a: dict) -> bytes | None:
    """The offline location map of a forum's place (PNG)."""
    with tangani_kesalahan():
        return layanan.peta_lokasi(gudang(), a)


def simpan_acara(kode_kab: str, tahun: int, data: dict, acara_id: int | None = None, versi: int | None = None):
    """Schedule or change a forum: ((id, warnings), None) or (None, problems)."""
    return _hasil_atau_pesan(layanan.simpan_acara, pengguna(), kode_kab, tahun, data, acara_id, versi)


def ubah_status(acara_id: int, status: str, versi: int):
    """Set the status of a forum: (version, None) or (None, problems)."""
    return _hasil_atau_pesan(layanan.ubah_status, pengguna(), acara_id, status, versi)


def atur_bahan(acara_id: int, bahan: dict, versi: int):
    """Link the forum's material: (version, None) or (None, problems)."""
    return _hasil_atau_pesan(layanan.atur_bahan, pengguna(), acara_id, bahan, versi)


def fasilitator(acara_id: int) -> pd.DataFrame:
    """The forum's facilitator team."""
    with tangani_kesalahan():
        return layanan.fasilitator(gudang(), acara_id)


def tambah_fasilitator(acara_id: int, nama: str, unit: str, peran: str):
    """Add a facilitator: (None, None) or (None, problems)."""
    return _hasil_atau_pesan(layanan.tambah_fasilitator, pengguna(), acara_id, nama, unit, peran)


def hapus_fasilitator(acara_id: int, fasilitator_id: int):
    """Remove a facilitator."""
    return _hasil_atau_pesan(layanan.hapus_fasilitator, pengguna(), acara_id, fasilitator_id)


def daftar_slide(kode_kab: str) -> list[dict]:
    """Slide sets of the kabupaten (material to link)."""
    with tangani_kesalahan():
        return simpanan_slide.daftar_set(gudang(), kode_kab)


def notulen(acara_id: int) -> pd.DataFrame:
    """The forum's minutes."""
    with tangani_kesalahan():
        return layanan.notulen(gudang(), acara_id)


def tambah_notulen(acara_id: int, jenis: str, teks: str, usulan_id: list[int]):
    """Append a minutes entry: (None, None) or (None, problems)."""
    return _hasil_atau_pesan(layanan.tambah_notulen, pengguna(), acara_id, jenis, teks, usulan_id)


def hapus_notulen(acara_id: int, notulen_id: int):
    """Delete a minutes entry."""
    return _hasil_atau_pesan(layanan.hapus_notulen, pengguna(), acara_id, notulen_id)


def usulan_forum(a: dict) -> pd.DataFrame:
    """The usulan of the forum's area (for linking decisions in the minutes)."""
    with tangani_kesalahan():
        return layanan.usulan_forum(gudang(), a)


def inklusi(a: dict):
    """The forum's inclusion figures and usulan per proposing group."""
    with tangani_kesalahan():
        return layanan.inklusi_forum(gudang(), a)


def tabel_inklusi(kode_kab: str, tahun: int) -> pd.DataFrame:
    """Inclusion figures of every forum (for the evaluation; counts only)."""
    with tangani_kesalahan():
        return layanan.tabel_inklusi(gudang(), kode_kab, tahun)


# --- participants (personal data) ----------------------------------------------------------
def calon_undangan(a: dict) -> pd.DataFrame:
    """The address book for the forum, with the suggested and already invited contacts marked."""
    with tangani_kesalahan():
        return layanan_peserta.calon_undangan(gudang(), pengguna(), a)


def tambah_kontak(kode_kab: str, baris: list[dict]):
    """Add contacts: (ids, None) or (None, problems)."""
    return _hasil_atau_pesan(layanan_peserta.tambah_kontak, pengguna(), kode_kab, baris)


def undang(acara_id: int, kontak_id: list[int], pola: str, tanggal):
    """Record invitations: (how many, None) or (None, problems)."""
    return _hasil_atau_pesan(layanan_peserta.undang, pengguna(), acara_id, kontak_id, pola, tanggal)


def undangan(acara_id: int) -> pd.DataFrame:
    """Who was invited and when."""
    with tangani_kesalahan():
        return layanan_peserta.undangan(gudang(), pengguna(), acara_id)


def surat_undangan(acara_id: int) -> tuple[bytes, bytes]:
    """The letters (PDF) and the CSV for WhatsApp/e-mail."""
    with tangani_kesalahan():
        return layanan_peserta.surat_undangan(gudang(), pengguna(), acara_id)


def lembar_hadir(acara_id: int) -> bytes:
    """The sign-in sheet (PDF)."""
    with tangani_kesalahan():
        return layanan_peserta.lembar_hadir(gudang(), pengguna(), acara_id)


def daftar_hadir(acara_id: int) -> pd.DataFrame:
    """Attendance recorded so far."""
    with tangani_kesalahan():
        return layanan_peserta.daftar_hadir(gudang(), pengguna(), acara_id)


def tandai_hadir(a: dict, kontak: dict):
    """Tick an invitee present: (added?, None) or (None, problems)."""
    return _hasil_atau_pesan(layanan_peserta.tandai_hadir, pengguna(), a, kontak)


def batal_hadir(a: dict, hadir_id: int):
    """Undo a tick."""
    return _hasil_atau_pesan(layanan_peserta.batal_hadir, pengguna(), a, hadir_id)


def tambah_datang_sendiri(a: dict, baris: dict):
    """Add a walk-in: (None, None) or (None, problems)."""
    return _hasil_atau_pesan(layanan_peserta.tambah_datang_sendiri, pengguna(), a, baris)


def impor_hadir(acara_id: int, tabel: pd.DataFrame):
    """Import a typed sign-in sheet: (rows added, None) or (None, problems)."""
    return _hasil_atau_pesan(layanan_peserta.impor_hadir, pengguna(), acara_id, tabel)


def hapus_data_pribadi(kode_kab: str, alasan: str, kontak_id: int | None = None, hadir_id: int | None = None):
    """Remove a person's name and contact on request (counts stay)."""
    return _hasil_atau_pesan(
        layanan_peserta.hapus_data_pribadi, pengguna(), kode_kab, alasan, kontak_id=kontak_id, hadir_id=hadir_id
    )


# --- the schedule map ------------------------------------------------------------------------
def properti_status(kerangka: maps.Kerangka, acara: pd.DataFrame, tahap: str) -> tuple[list[dict], list[str]]:
    """Colour each kecamatan (or desa) by the status of its forum at ``tahap``; tooltip texts."""
    per_kode = {r.kode_forum: r for r in acara[acara["tahap"] == tahap].itertuples()}
    props, teks = [], []
    for kode, nama in zip(kerangka.kode, kerangka.nama, strict=True):
        r = per_kode.get(kode)
        status = "belum" if r is None else r.status
        label = "Belum dijadwalkan" if r is None else da.STATUS_ACARA[r.status]
        props.append(
            {"nama": nama, "kode": kode, "nilai": label, "peringkat": "", "_w": da.WARNA_STATUS[status], "_k": 0}
        )
        rinci = "" if r is None else f" · {pd.Timestamp(r.mulai):%d-%m-%Y %H.%M} · {r.tempat}"
        teks.append(f"{nama}: {label}{rinci}")
    return props, teks


def legenda_status(jumlah: dict[str, int]) -> str:
    """Legend of the schedule map (escaped HTML)."""
    kotak = "display:inline-block;width:20px;height:12px;border:1px solid #333;vertical-align:middle;margin-right:6px"
    label = {"belum": "Belum dijadwalkan", **da.STATUS_ACARA}
    baris = ['<div style="font-weight:700;margin-bottom:4px">Status forum</div>']
    for k, w in da.WARNA_STATUS.items():
        baris.append(
            f'<div><span style="{kotak};background:{w}"></span>{html.escape(label[k])} ({jumlah.get(k, 0)})</div>'
        )
    return (
        '<div class="pr-legenda" style="background:rgba(255,255,255,.92);padding:8px 10px;'
        'font:13px sans-serif;border:1px solid #999;border-radius:4px">' + "".join(baris) + "</div>"
    )


#: Short tier names for the calendar's rows (the full names are cut off on a laptop screen).
_TAHAP_PENDEK = {"desa": "Desa/Kel.", "kecamatan": "Kecamatan", "forum_pd": "Forum PD", "kabupaten": "Kabupaten/Kota"}


def kalender(acara: pd.DataFrame) -> alt.Chart:
    """The schedule as a calendar strip: one mark per forum on its date, a row per tier, coloured by status."""
    label = {"belum": "Belum dijadwalkan", **da.STATUS_ACARA}
    data = pd.DataFrame(
        {
            "mulai": pd.to_datetime(acara["mulai"]),
            "tanggal": pd.to_datetime(acara["mulai"]).dt.strftime("%d-%m-%Y %H.%M"),
            "tahap": acara["tahap"].map(_TAHAP_PENDEK),
            "status": acara["status"].map(label),
            "forum": acara["nama"],
            "tempat": acara["tempat"],
        }
    )
    urutan = [label[k] for k in da.STATUS_ACARA]
    return (
        alt.Chart(data)
        .mark_tick(thickness=3, size=24)
        .encode(
            x=alt.X("mulai:T", title="Tanggal", axis=alt.Axis(format="%d-%m")),
            y=alt.Y("tahap:N", title=None, sort=list(_TAHAP_PENDEK.values()), axis=alt.Axis(labelLimit=0)),
            color=alt.Color(
                "status:N",
                title="Status",
                legend=alt.Legend(labelLimit=0),
                scale=alt.Scale(domain=urutan, range=[da.WARNA_STATUS[k] for k in da.STATUS_ACARA]),
            ),
            tooltip=[
                alt.Tooltip("forum:N", title="Forum"),
                alt.Tooltip("tanggal:N", title="Tanggal"),
                alt.Tooltip("tempat:N", title="Tempat"),
                alt.Tooltip("status:N", title="Status"),
            ],
        )
        .properties(height=170)
    )


def nama_pilihan(r) -> str:
    """How a forum is named in a select box."""
    return f"{pd.Timestamp(r['mulai']):%d-%m-%Y} · {da.STATUS_ACARA[r['status']]} · {r['nama']} ({r['tahap']})"


def boleh_siapkan(pelaku_: Pengguna, r: dict) -> bool:
    """Whether the account may prepare this forum (its tier and wilayah): the forums it can pick."""
    try:
        layanan.pastikan_acara(pelaku_, r)
    except KesalahanAkses:
        return False
    return True


def atur_lokasi_di_peta(a: dict, kab, tahun: int) -> None:
    """Click the forum's place on the offline map (the Usulan page's pin map), then save it (version checked)."""
    kunci = f"lokasi_baru_{a['id']}"
    simpul = [st.session_state[kunci]] if kunci in st.session_state else [(a["bujur"], a["lintang"])]
    kosong = gpd.GeoDataFrame(
        {"id": [], "uraian": [], "desa": [], "biaya": [], "kode_desa": []}, geometry=[], crs="EPSG:4326"
    )
    peta_tangkap(  # the click is stored before the run (component callback): no second run
        peta_beranda(kab.kode, "desa"),
        kosong,
        [],
        simpul,
        "titik",
        key=f"peta-lokasi-{a['id']}",
        tinggi=380,
        saat_klik=lambda t: st.session_state.__setitem__(kunci, (round(t[0], 6), round(t[1], 6))),
    )
    if kunci in st.session_state:
        bujur, lintang = st.session_state[kunci]
        st.caption(f"Lokasi baru: bujur {bujur}, lintang {lintang}")  # numbers only
        if st.button("Simpan lokasi", key=f"simpan_lokasi_{a['id']}", type="primary"):
            data = {k: a[k] for k in ("tahap", "kode_forum", "nama", "mulai", "tempat", "agenda")}
            _, galat = simpan_acara(
                a["kode_kabupaten"], tahun, {**data, "bujur": bujur, "lintang": lintang}, a["id"], int(a["versi"])
            )
            if galat is not None:
                tampilkan_galat(galat)
            else:
                st.session_state.pop(kunci, None)
                berhasil_lalu_muat_ulang("Lokasi forum tersimpan.")


def ingat_acara(acara_id: int) -> None:
    """Select a forum on the page's next run (e.g. just after scheduling it).

    The picker is already drawn in this run, so the choice waits under its own key and is applied
    before the picker is drawn again (:func:`terapkan_pilihan`).
    """
    st.session_state["_acara_pilih_baru"] = int(acara_id)


def terapkan_pilihan(ids: list[int]) -> None:
    """Before the forum picker is drawn: apply a pending choice, or fall back to the first forum."""
    baru = st.session_state.pop("_acara_pilih_baru", None)
    if baru in ids:
        st.session_state["acara_pilih"] = baru
    if ids and st.session_state.get("acara_pilih") not in ids:
        st.session_state["acara_pilih"] = ids[0]
