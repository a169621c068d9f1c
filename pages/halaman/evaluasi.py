"""Evaluasi Musrenbang (LKjIP): accommodation per tier per desa and kecamatan, participation, equity of
funding against need (bivariate map, scatter, the neediest desa that received least), OPD achievement."""

import altair as alt
import pandas as pd
import streamlit as st

import pages as akses_data
from geo.domain import evaluasi as ev
from geo.domain.format import angka, persen, rupiah_ringkas
from geo.domain.monitoring import BULAN
from geo.render import evaluasi as keluaran
from geo.render.catatan_forum import tabel_inklusi
from pages.akses import acara as akses_acara
from pages.akses import evaluasi as akses_ev
from pages.akses.peta_data import peta_tematik

pil: akses_data.Pilihan = st.session_state["pilihan"]
kab = pil.kabupaten
pelaku = akses_data.pengguna()
st.title("Evaluasi Musrenbang")

daftar_tahun = akses_ev.tahun_usulan()
if not daftar_tahun:
    st.info("Belum ada usulan untuk dievaluasi.")
    st.stop()
meta = akses_data.daftar_indikator(kab.kode)
meta = meta[meta["jenis"] == "intensif"].set_index("kode")
k1, k2 = st.columns(2)
tahun = k1.selectbox(
    "Tahun anggaran dievaluasi",
    daftar_tahun,
    index=daftar_tahun.index(pil.tahun) if pil.tahun in daftar_tahun else 0,
    key="ev_tahun",
)
if meta.empty:
    st.info("Belum ada indikator kebutuhan (laju/persentase) desa untuk kabupaten ini; muat indikator di halaman Data.")
    st.stop()
pilihan_ind = list(meta.index)
indikator = k2.selectbox(
    "Indikator kebutuhan desa",
    pilihan_ind,
    index=pilihan_ind.index("persen_miskin") if "persen_miskin" in pilihan_ind else 0,
    format_func=lambda x: f"{meta.at[x, 'nama']} ({meta.at[x, 'satuan']})",
    key="ev_indikator",
    help="Nilai terakhir sebelum tahun anggaran; makin tinggi makin membutuhkan.",
)
nama_ind = str(meta.at[indikator, "nama"])
data = akses_ev.evaluasi(kab.kode, int(tahun), indikator, pelaku)
judul_area = f"{pil.nama_area}, tahun anggaran {tahun}"


def _unduh(tabel: pd.DataFrame, nama: str, judul: str, catatan: list[str], kunci: str) -> None:
    a, b = st.columns(2)
    a.download_button(
        "Unduh XLSX",
        keluaran.xlsx(tabel, nama[:31], f"{judul} — {judul_area}", catatan),
        file_name=f"evaluasi-{kunci}-{tahun}.xlsx",
        key=f"xlsx_{kunci}",
        icon=":material/table_view:",
    )
    b.download_button(
        "Unduh PDF",
        keluaran.pdf(f"{judul} — {judul_area}", [(judul, tabel)], catatan),
        file_name=f"evaluasi-{kunci}-{tahun}.pdf",
        key=f"pdf_{kunci}",
        icon=":material/picture_as_pdf:",
    )


# --- 1. accommodation per tier ------------------------------------------------------------
st.header("Akomodasi usulan per tahap")
rekap_desa = data.rekap_desa
rekap_kec = data.rekap_kecamatan
if pil.kecamatan:
    rekap_desa = rekap_desa[rekap_desa.index.str.startswith(pil.kecamatan + ".")]
    rekap_kec = rekap_kec.loc[[pil.kecamatan]]
total = ev.total_rekap(rekap_desa)
m = st.columns(4)
m[0].metric("Usulan diajukan", angka(total["diusulkan"]))
m[1].metric("Didanai (diterima kabupaten)", angka(total["didanai"]), help="Diterima Musrenbang Kabupaten/Kota.")
m[2].metric("Akomodasi total", persen(total["akomodasi_total"]))
m[3].metric("Selesai (fisik 100 %)", angka(total["selesai"]))
for kalimat in keluaran.ringkasan_akomodasi(total):
    st.markdown(f"- {kalimat}")
catatan_akomodasi = [
    "Akomodasi tahap = diterima di tahap itu ÷ usulan yang sampai ke tahap itu (tahap desa: ÷ diusulkan).",
    "Didanai = diterima Musrenbang Kabupaten/Kota; selesai = realisasi fisik terakhir 100 %.",
    "Keputusan yang dibatalkan tidak dihitung.",
]
per = st.radio("Rekap per", ["Kecamatan", "Desa/kelurahan"], horizontal=True, key="ev_rekap_per")
tabel_rekap = (
    keluaran.tabel_rekap(rekap_kec, "Kecamatan")
    if per == "Kecamatan"
    else keluaran.tabel_rekap(rekap_desa, "Desa/kelurahan")
)
akses_data.tabel(akses_data.sepotong(tabel_rekap, "ev_rekap"), "Belum ada usulan.")
_unduh(tabel_rekap, "Akomodasi", f"Akomodasi usulan per {per.lower()}", catatan_akomodasi, "akomodasi")

# --- 2. participation -----------------------------------------------------------------------
st.header("Partisipasi per forum")
inklusi = akses_acara.tabel_inklusi(kab.kode, tahun)  # counts only (issue 16); names stay on Persiapan Forum
if pil.kecamatan:
    di_kec = inklusi["kode_forum"].str.startswith(pil.kecamatan)
    inklusi = inklusi[di_kec | ~inklusi["tahap"].isin(["desa", "kecamatan"])]
if inklusi.empty:
    st.info("Belum ada forum terjadwal untuk tahun ini (halaman Persiapan Forum).", icon=":material/groups:")
else:
    st.caption(
        "Dari daftar hadir di halaman Persiapan Forum. Forum tanpa daftar hadir tercatat bertanda — (belum ada data), "
        "bukan 0 %. Perempuan = hadir perempuan ÷ hadir yang jenis kelaminnya tercatat."
    )
    tabel_partisipasi = tabel_inklusi(inklusi)
    akses_data.tabel(akses_data.sepotong(tabel_partisipasi, "ev_partisipasi"), "")
    catatan_partisipasi = ["Kelompok rentan: perempuan, anak, pemuda, penyandang disabilitas, lanjut usia."]
    _unduh(tabel_partisipasi, "Partisipasi", "Partisipasi per forum", catatan_partisipasi, "partisipasi")

# --- 3. equity ------------------------------------------------------------------------------
st.header("Pemerataan: dana per jiwa terhadap kebutuhan")
eku = data.ekuitas
if pil.kecamatan:
    eku = eku[eku["kode"].str.startswith(pil.kecamatan + ".")]
satuan = str(meta.at[indikator, "satuan"])
st.caption(
    f"Tiap desa dikelompokkan tiga kelas menurut {nama_ind} dan menurut nilai usulan yang didanai per jiwa "
    "(batas kelas di kuantil 1/3 dan 2/3 di antara desa; kelas dihitung di seluruh kabupaten). "
    "Merah tua: kebutuhan tinggi, dana per jiwa rendah."
)
rho = ev.korelasi_peringkat(eku)
st.markdown(
    f"Korelasi peringkat (Spearman) antara {nama_ind} dan dana per jiwa: **{angka(rho, 2)}** "
    "(positif: dana lebih banyak mengalir ke desa yang lebih membutuhkan)."
)
kerangka = akses_data.kerangka(kab.kode, "desa", pil.kecamatan)
legenda = keluaran.legenda_bivariat_html(nama_ind, eku)
peta_tematik(
    kerangka, keluaran.properti_bivariat(kerangka, data.ekuitas, satuan), legenda, key="peta-evaluasi", tinggi=520
)
grafik = (
    alt.Chart(eku.dropna(subset=["kebutuhan", "per_kapita"]))
    .mark_circle(size=70, opacity=0.9, stroke="#333", strokeWidth=0.4)
    .encode(
        x=alt.X("kebutuhan:Q", title=f"{nama_ind} ({satuan})"),
        y=alt.Y("per_kapita:Q", title="Nilai didanai per jiwa (Rp)"),
        color=alt.Color("warna:N", scale=None),
        tooltip=[
            alt.Tooltip("nama:N", title="Desa/kelurahan"),
            alt.Tooltip("nama_kecamatan:N", title="Kecamatan"),
            alt.Tooltip("kebutuhan:Q", title=nama_ind, format=",.2f"),
            alt.Tooltip("per_kapita:Q", title="Rp per jiwa", format=",.0f"),
        ],
    )
    .properties(height=380)
)
st.altair_chart(grafik, width="stretch")
st.subheader("Desa paling membutuhkan yang paling sedikit menerima")
prioritas = ev.paling_butuh_paling_sedikit(eku)
if prioritas.empty:
    st.caption("Tidak ada desa di kelas kebutuhan tinggi yang sekaligus di kelas dana per jiwa rendah.")
else:
    st.markdown(
        ", ".join(
            f"**{r.nama}** ({r.nama_kecamatan}; {angka(r.kebutuhan, 1)} {satuan}, {rupiah_ringkas(r.nilai)})"
            for r in prioritas.itertuples(index=False)
        )
    )
tabel_eku = keluaran.tabel_ekuitas(eku, f"{nama_ind} ({satuan})")
akses_data.tabel(akses_data.sepotong(tabel_eku, "ev_ekuitas"), "Belum ada desa.")
catatan_eku = [
    f"Kebutuhan: {nama_ind}, nilai terakhir sebelum {tahun}. Penduduk: jumlah penduduk terakhir sebelum {tahun}.",
    "Nilai didanai: nilai yang disepakati Musrenbang Kabupaten/Kota (atau perkiraan biaya bila tidak dicatat).",
    f"Korelasi peringkat (Spearman) kebutuhan vs dana per jiwa: {angka(rho, 2)}.",
]
_unduh(tabel_eku, "Pemerataan", "Pemerataan dana per jiwa terhadap kebutuhan", catatan_eku, "pemerataan")


def _cetak_ekuitas() -> list:
    wil = akses_data.wilayah(kab.kode, "desa")
    if pil.kecamatan:
        wil = wil[wil["kode"].str.startswith(pil.kecamatan + ".")]
    return keluaran.cetak_ekuitas(wil, eku, nama_ind, satuan, judul_area, "PetaRencana")


akses_data.tombol_cetak(
    _cetak_ekuitas,
    ("Peta dan grafik pemerataan (PDF)", "Peta pemerataan (PNG)"),
    (f"pemerataan-{tahun}.pdf", f"peta-pemerataan-{tahun}.png"),
    0,
    "cetak_pemerataan",
)

# --- 4. targets vs achievement per OPD --------------------------------------------------------
st.header("Target dan capaian per perangkat daerah")
if data.bulan_capaian is None:
    st.info(f"Belum ada laporan realisasi untuk kegiatan tahun {tahun}.")
else:
    tabel_opd = keluaran.tabel_capaian(data.capaian_opd)
    st.caption(
        f"Capaian fisik terhadap rencana sampai {BULAN[data.bulan_capaian - 1]} {tahun} (bulan terakhir yang "
        "dilaporkan), berbobot pagu, dengan kategori capaian RKPD/LKjIP. Rincian per program menunggu nomenklatur "
        "program/kegiatan dimuat."
    )
    akses_data.tabel(tabel_opd, "Belum ada kegiatan.")
    catatan_opd = [
        "Capaian = Σ pagu × realisasi fisik ÷ Σ pagu × rencana fisik × 100, atas kegiatan yang melapor.",
        "Kategori: ≤ 50 sangat rendah, 51–65 rendah, 66–75 sedang, 76–90 tinggi, ≥ 91 sangat tinggi.",
    ]
    _unduh(tabel_opd, "Capaian OPD", "Target dan capaian per perangkat daerah", catatan_opd, "capaian")
