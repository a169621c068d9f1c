"""Proyektor: full-screen prepared maps for the forum, stepped with buttons or the arrow keys."""

import streamlit as st
from streamlit_folium import st_folium

import pages as akses_data
from geo.domain.slide import Slide
from geo.render import maps

pil: akses_data.Pilihan = st.session_state["pilihan"]
kab = pil.kabupaten
# projector: no sidebar, little chrome, big type
st.markdown(
    "<style>[data-testid='stSidebar'],[data-testid='stSidebarCollapsedControl'],header{display:none!important}"
    ".block-container{padding-top:0.6rem!important;padding-bottom:0!important;max-width:100%!important}"
    "h1{font-size:2.4rem!important}</style>",
    unsafe_allow_html=True,
)
daftar = akses_data.daftar_slide(kab.kode)
indikator = akses_data.daftar_indikator(kab.kode)
if not daftar and indikator.empty:
    st.info("Belum ada indikator atau set slide untuk wilayah ini.")
    st.stop()
if daftar:
    nama_set = [d["nama"] for d in daftar]
    pilih = st.selectbox("Set slide", nama_set, key="set_slide", label_visibility="collapsed")
    slides = next(d for d in daftar if d["nama"] == pilih)["slide"]
else:
    kode = indikator["kode"].iloc[0]
    slides = [Slide(kode, int(indikator["tahun"].iloc[0][0]), pil.tingkat)]

n = len(slides)


def _geser(langkah: int) -> None:
    st.session_state["slide_ke"] = min(max(0, st.session_state.get("slide_ke", 0) + langkah), n - 1)


i = min(st.session_state.get("slide_ke", 0), n - 1)
k1, k2, k3 = st.columns([1, 6, 1])
k1.button("◀ Sebelumnya", key="mundur", shortcut="Left", disabled=i == 0, width="stretch", on_click=_geser, args=(-1,))
k3.button(
    "Berikutnya ▶", key="maju", shortcut="Right", disabled=i >= n - 1, width="stretch", on_click=_geser, args=(1,)
)
s = slides[i]
meta_df = indikator.set_index("kode")
if s.indikator not in meta_df.index:
    st.error(f"Indikator '{s.indikator}' dari slide ini belum dimuat untuk {kab.nama}.")
    st.stop()
meta = {"kode": s.indikator, **meta_df.loc[s.indikator].to_dict()}
judul = s.judul or f"{meta['nama']} {s.tahun}"
k2.markdown(
    f"<h1 style='margin:0;text-align:center'>{judul}</h1>"
    f"<div style='text-align:center;font-size:1.2rem'>{kab.nama} · slide {i + 1} dari {n}</div>",
    unsafe_allow_html=True,
)
desimal = 0 if meta["jenis"] == "ekstensif" else 1
kerangka, nilai, kelas, properti = akses_data.tematik(
    kab.kode, meta, s.tahun, s.tingkat, s.skema, s.k, s.palet, None, desimal
)
st_folium(
    maps.peta_tematik(
        kerangka,
        properti,
        maps.legenda_html(f"{meta['nama']} ({meta['satuan']})", kelas, 26),
        label=akses_data.label_kecamatan(kab.kode),
        kontras_tinggi=True,
        ukuran_label_px=20,
    ),
    height=760,
    width="stretch",
    returned_objects=[],
    key=f"proyektor-{i}",
)
st.caption(f"Sumber: {meta['sumber']} · tombol panah kiri/kanan untuk berpindah slide")
