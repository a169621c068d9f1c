"""Beranda: the kabupaten map of desa/kelurahan by kecamatan, with headline figures."""

import pandas as pd
import streamlit as st

import pages as akses_data
from geo.domain import definitions
from geo.domain.format import angka, persen, rupiah, rupiah_ringkas
from geo.render import maps
from pages.akses.peta_data import peta_tematik as peta_data

pil: akses_data.Pilihan = st.session_state["pilihan"]
kab = pil.kabupaten

st.title(pil.nama_area)
if kab.sintetis:
    st.badge("Data sintetis — bukan data resmi", icon=":material/science:", color="orange")
if kab.sementara:
    st.badge("Kode wilayah sementara", icon=":material/pending:", color="orange")
st.caption(
    (
        f"Desa/kelurahan Kecamatan {pil.nama_kecamatan}"
        if pil.kecamatan
        else f"Peta wilayah tingkat {definitions.TINGKAT_WILAYAH[pil.tingkat].lower()}"
    )
    + f" · kode wilayah {pil.kode_area} · daftar kode: {kab.versi_kode}"
)

r = akses_data.ringkasan(pil.kode_area, pil.tahun)
k1, k2, k3, k4 = st.columns(4)
k1.metric(
    "Desa/Kelurahan",
    angka(r.jumlah_desa + r.jumlah_kelurahan),
    help=f"{angka(r.jumlah_desa)} desa dan {angka(r.jumlah_kelurahan)} kelurahan",
)
k2.metric("Kecamatan", angka(r.jumlah_kecamatan))
k3.metric(f"Usulan {pil.tahun}", angka(int(r.usulan_per_tahap["jumlah"].sum())))
rasio = r.biaya_diusulkan / r.pagu_total * 100 if r.pagu_total else None
k4.metric(
    "Biaya usulan vs pagu",
    rupiah_ringkas(r.biaya_diusulkan),
    delta=f"{persen(rasio)} dari pagu {rupiah_ringkas(r.pagu_total)}" if rasio else None,
    delta_color="off",
    delta_arrow="off",
    help=f"Perkiraan biaya semua usulan yang belum ditolak: {rupiah(r.biaya_diusulkan)}; "
    f"pagu indikatif kecamatan: {rupiah(r.pagu_total)}.",
)

kiri, kanan = st.columns([3, 2])
with kiri:
    # geometry reaches the browser once per frame; a rerun sends colours, tooltips and labels only
    kerangka, properti, teks, label, warna = akses_data.peta_beranda(kab.kode, pil.tingkat, pil.kecamatan)
    basemap = st.toggle(
        "Peta dasar OpenStreetMap (perlu internet)",
        value=False,
        key="basemap",
        help="Mati secara baku: peta tetap lengkap tanpa internet.",
    )
    peta_data(kerangka, properti, "", label, 560, "peta-beranda", teks=teks, basemap=basemap)
with kanan:
    st.subheader("Usulan per tahap forum")
    t = r.usulan_per_tahap
    st.dataframe(
        pd.DataFrame(
            {
                "Tahap": t["label"],
                "Usulan": t["jumlah"].map(angka),
                "Diterima": t["diterima"].map(angka),
                "Ditolak": t["ditolak"].map(angka),
                "Ditunda": t["ditunda"].map(angka),
                "Perkiraan biaya": t["biaya"].map(rupiah_ringkas),
            }
        ),
        hide_index=True,
        placeholder="–",
        width="stretch",
    )
    st.markdown(
        f"**Total perkiraan biaya** (tidak termasuk yang ditolak): {rupiah(r.biaya_diusulkan)}  \n"
        f"**Diterima Musrenbang Kabupaten:** {rupiah(r.biaya_diterima_kabupaten)}  \n"
        f"**Pagu indikatif {'kecamatan ini' if pil.kecamatan else 'kecamatan'}:** {rupiah(r.pagu_total)}"
    )
    if pil.tingkat != "kabupaten" and not pil.kecamatan:
        st.subheader("Kecamatan")
        kec = akses_data.wilayah(kab.kode, "kecamatan")
        st.markdown(
            maps.legenda_kategori_html([(warna[k], n) for k, n in zip(kec["kode"], kec["nama"], strict=True)]),
            unsafe_allow_html=True,
        )
