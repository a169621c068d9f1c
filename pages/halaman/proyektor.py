"""Proyektor: full-screen prepared maps for the forum, stepped with buttons or the arrow keys.

It opens the set named in the URL (``?set=<id or name>``) or else the set edited last; the
choice is written back to the URL so a link reopens it. Slides can be moved and deleted
(versioned writes: a set changed by someone else meanwhile is refused, never overwritten).
A slide made at kecamatan scope zooms to that kecamatan and shows only its desa. The map
height follows the screen so the whole legend stays visible in a hall (1366×768 and up).
"""

from html import escape

import pandas as pd
import streamlit as st

import pages as akses_data
from geo.domain.slide import Slide, lingkup_kecamatan
from geo.render import maps
from pages.akses.peta_data import peta_tematik

pil: akses_data.Pilihan = st.session_state["pilihan"]
kab = pil.kabupaten
#: Screen height left for the controls, title and source line above and below the map.
RUANG_ATAS_BAWAH_PX = 215
# projector: no sidebar, little chrome, big type; the map takes the rest of the screen height
st.markdown(
    "<style>[data-testid='stSidebar'],[data-testid='stSidebarCollapsedControl'],header{display:none!important}"
    ".block-container{padding-top:0.6rem!important;padding-bottom:0!important;max-width:100%!important}"
    "h1{font-size:clamp(1.5rem,3.2vh,2.4rem)!important}"
    "</style>",
    unsafe_allow_html=True,
)
akses_data.tampilkan_pesan_berhasil()
daftar = akses_data.daftar_slide(kab.kode)  # last edited first
indikator = akses_data.daftar_indikator(kab.kode)
meta_df = indikator.set_index("kode")
atas = st.columns([4, 2, 2], vertical_alignment="center")
if atas[2].button(
    "Keluar dari mode proyektor",
    key="keluar_proyektor",
    icon=":material/close:",
    shortcut="Escape",
    width="stretch",
    help="Kembali ke Data Dasar (tombol Esc)",
):
    st.switch_page("pages/halaman/data_dasar.py")
if not daftar and indikator.empty:
    st.info("Belum ada indikator atau set slide untuk wilayah ini.")
    st.stop()


def _mulai_dari_awal() -> None:
    st.session_state["slide_ke"] = 0


set_ini: dict | None = None
if daftar:
    per_id = {d["id"]: d for d in daftar}
    diminta = st.query_params.get("set", "")
    if "set_slide" not in st.session_state and diminta:  # a link names the set by id or by name
        cocok = [d["id"] for d in daftar if str(d["id"]) == diminta or d["nama"] == diminta]
        if cocok:
            st.session_state["set_slide"] = cocok[0]
    if st.session_state.get("set_slide") not in per_id:
        st.session_state.pop("set_slide", None)
    pilih = atas[0].selectbox(
        "Set slide",
        list(per_id),
        key="set_slide",
        format_func=lambda i: per_id[i]["nama"],
        label_visibility="collapsed",
        on_change=_mulai_dari_awal,
    )
    st.query_params["set"] = str(pilih)
    set_ini = per_id[pilih]
    slides: list[Slide] = list(set_ini["slide"])
else:
    kode = indikator["kode"].iloc[0]
    slides = [Slide(kode, int(indikator["tahun"].iloc[0][0]), pil.tingkat)]


def _nama_kecamatan(kode: str) -> str:
    kec = akses_data.wilayah(kab.kode, "kecamatan").set_index("kode")
    return str(kec.at[kode, "nama"]) if kode in kec.index else kode


def _judul(s: Slide) -> str:
    nama = meta_df.at[s.indikator, "nama"] if s.indikator in meta_df.index else s.indikator
    judul = s.judul or f"{nama} {s.tahun}"
    kec = lingkup_kecamatan(s)
    if kec and _nama_kecamatan(kec) not in judul:
        judul += f" · Kecamatan {_nama_kecamatan(kec)}"
    return judul


# --- reorder and delete (versioned: a set changed meanwhile is refused) -----------------------
if set_ini is not None:
    kunci_versi = f"_versi_tampil_slide_{set_ini['id']}"
    # the version on the user's screen is the one drawn by the previous run of this page
    terlihat = {**set_ini, "versi": int(st.session_state.get(kunci_versi, set_ini["versi"]))}
    aksi: tuple[str, int] | None = None
    with atas[1].popover("Atur slide", icon=":material/reorder:", width="stretch"):
        st.caption(f"{set_ini['nama']} · versi {set_ini['versi']}")
        for j, s in enumerate(slides):
            c = st.columns([6, 1, 1, 1], vertical_alignment="center")
            c[0].markdown(f"{j + 1}. {_judul(s)}")
            if c[1].button("", icon=":material/arrow_upward:", key=f"naik_slide_{j}", disabled=j == 0, help="Naikkan"):
                aksi = ("naik", j)
            if c[2].button(
                "",
                icon=":material/arrow_downward:",
                key=f"turun_slide_{j}",
                disabled=j == len(slides) - 1,
                help="Turunkan",
            ):
                aksi = ("turun", j)
            if c[3].button("", icon=":material/delete:", key=f"hapus_slide_{j}", help="Hapus slide ini"):
                aksi = ("hapus", j)
    if aksi is not None:
        jenis, j = aksi
        if jenis == "hapus":
            versi, galat = akses_data.hapus_slide(kab.kode, terlihat, j)
        else:
            versi, galat = akses_data.pindahkan_slide(kab.kode, terlihat, j, -1 if jenis == "naik" else 1)
        if galat is not None:
            akses_data.tampilkan_galat(galat, "Set slide tidak diubah; yang tampil sekarang versi terbaru.")
        else:
            ke = st.session_state.get("slide_ke", 0)
            if jenis == "hapus":
                st.session_state["slide_ke"] = ke - 1 if j < ke else ke
            elif ke == j:  # the slide on screen moves with its own position
                st.session_state["slide_ke"] = j - 1 if jenis == "naik" else j + 1
            st.session_state.pop(kunci_versi, None)
            kata = "dihapus" if jenis == "hapus" else "dipindahkan"
            akses_data.berhasil_lalu_muat_ulang(f"Slide {kata}; set '{set_ini['nama']}' tersimpan (versi {versi}).")
    st.session_state[kunci_versi] = set_ini["versi"]

n = len(slides)
if n == 0:
    st.info("Set slide ini kosong. Tambahkan peta dari halaman Data Dasar.", icon=":material/slideshow:")
    st.stop()


def _geser(langkah: int) -> None:
    st.session_state["slide_ke"] = min(max(0, st.session_state.get("slide_ke", 0) + langkah), n - 1)


i = min(max(st.session_state.get("slide_ke", 0), 0), n - 1)
k1, k2, k3 = st.columns([1, 6, 1])
k1.button("◀ Sebelumnya", key="mundur", shortcut="Left", disabled=i == 0, width="stretch", on_click=_geser, args=(-1,))
k3.button(
    "Berikutnya ▶", key="maju", shortcut="Right", disabled=i >= n - 1, width="stretch", on_click=_geser, args=(1,)
)
s = slides[i]
if s.indikator not in meta_df.index:
    st.error(f"Indikator '{s.indikator}' dari slide ini belum dimuat untuk {kab.nama}.")
    st.stop()
# SQL NULLs read as NaN would pass for a numerator/denominator/weight name: make them None
meta = {
    "kode": s.indikator,
    **{k: None if pd.api.types.is_scalar(v) and pd.isna(v) else v for k, v in meta_df.loc[s.indikator].items()},
}
kode_kec = lingkup_kecamatan(s)
wilayah_judul = f"Kecamatan {_nama_kecamatan(kode_kec)}, {kab.nama}" if kode_kec else kab.nama
k2.markdown(
    f"<h1 style='margin:0;text-align:center'>{escape(_judul(s))}</h1>"  # titles are typed by users: text only
    f"<div style='text-align:center;font-size:1.2rem'>{escape(wilayah_judul)} · slide {i + 1} dari {n}</div>",
    unsafe_allow_html=True,
)
desimal = 0 if meta["jenis"] == "ekstensif" else 1
# at kecamatan scope: that kecamatan's desa only, classified among themselves, with their names
kerangka, nilai, kelas, properti = akses_data.tematik(
    kab.kode, meta, s.tahun, s.tingkat, s.skema, s.k, s.palet, None, desimal, kode_area=kode_kec
)
label = akses_data.label_cakupan(kab.kode, kode_kec)
tinggi = f"max(320px, calc(100vh - {RUANG_ATAS_BAWAH_PX}px))"
# the legend's type shrinks with the number of rows so that every class stays on screen
# (title + classes + "tidak ada data") within the map's height
baris = len(kelas.label) + 2 + 1
ukuran_legenda = f"clamp(11px,calc(({tinggi} - 70px) / {baris * 1.5:.1f}),26px)"
st.markdown(
    "<style>.pr-peta-data .pr-legenda-besar .pr-legenda"
    f"{{font-size:{ukuran_legenda}!important;line-height:1.3!important;max-width:42vw}}"
    ".pr-peta-data .pr-legenda-besar .pr-legenda span{width:1.6em!important;height:1em!important}</style>",
    unsafe_allow_html=True,
)
# one map for every slide: a slide with the same frame restyles it, geometry is fetched once per frame
peta_tematik(
    kerangka,
    properti,
    maps.legenda_html(f"{meta['nama']} ({meta['satuan']})", kelas, 26),
    label,
    tinggi,
    "peta-proyektor",
    kontras=True,
    ukuran_label=20 if not kode_kec else 16,
)
st.caption(f"Sumber: {meta['sumber']} · tombol panah kiri/kanan untuk berpindah slide, Esc untuk keluar")
