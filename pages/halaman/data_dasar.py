"""Data Dasar: thematic map of an indicator by tier, with legend, tooltip and ranking."""

import streamlit as st
from streamlit_folium import st_folium

import pages as akses_data
from geo.domain import definitions
from geo.domain.format import angka
from geo.domain.slide import Slide
from geo.domain.tematik import PALET, SKEMA_KLASIFIKASI, cara_agregasi, tabel_peringkat
from geo.render import maps
from pages.akses.peta_data import peta_tematik as peta_data
from pipelines.angka import parse_angka

pil: akses_data.Pilihan = st.session_state["pilihan"]
kab = pil.kabupaten
st.title("Data Dasar")
st.caption(
    f"{pil.nama_area} · peta tematik "
    + (
        "desa/kelurahan di kecamatan ini"
        if pil.kecamatan
        else f"tingkat {definitions.TINGKAT_WILAYAH[pil.tingkat].lower()}"
    )
)

daftar = akses_data.daftar_indikator(kab.kode)
if daftar.empty:
    st.info("Belum ada indikator untuk wilayah ini. Muat tabel BPS/sektoral di halaman Data.")
    st.stop()
meta_df = daftar.set_index("kode")
k1, k2, k3, k4 = st.columns([3, 1, 2, 2])
kode = k1.selectbox(
    "Indikator",
    list(meta_df.index),
    key="indikator",
    format_func=lambda k: f"{meta_df.at[k, 'nama']} ({meta_df.at[k, 'satuan']})",
)
meta = {"kode": kode, **meta_df.loc[kode].to_dict()}
tahun = k2.selectbox("Tahun data", list(meta["tahun"]), key="tahun_data")
skema = k3.selectbox(
    "Klasifikasi",
    list(SKEMA_KLASIFIKASI),
    format_func=SKEMA_KLASIFIKASI.get,
    key="skema",
    help="Kuantil: jumlah wilayah sama di setiap kelas. Interval sama: lebar kelas sama. Jeda alami (Fisher–Jenks): "
    "batas kelas di celah alami data. Simpangan baku: kelas menurut jarak dari rata-rata.",
)
palet = k4.selectbox("Warna", list(PALET), format_func=lambda p: PALET[p][0], key="palet")
k5, k6, k7 = st.columns([1, 1, 2])
k = k5.slider("Jumlah kelas", 3, 9, 5, key="jumlah_kelas", disabled=skema in ("simpangan_baku", "manual"))
TAMPILAN = {"nilai": "Nilai", "selisih": "Perubahan (selisih)", "persen": "Perubahan (%)"}
tahun_lain = [t for t in meta["tahun"] if t != tahun]
tampilan = k6.radio("Tampilan", list(TAMPILAN) if tahun_lain else ["nilai"], format_func=TAMPILAN.get, key="tampilan")
banding = None
if tampilan != "nilai":
    banding = int(k7.selectbox("Dibanding tahun", tahun_lain, key="tahun_banding"))
    if PALET[palet][1] != "divergen":
        st.caption("Tip: palet divergen (mis. merah–kuning–biru) lebih jelas untuk perubahan naik/turun.")
batas_manual = None
if skema == "manual":
    teks = k7.text_input("Batas atas tiap kelas (pisahkan dengan titik koma)", "10; 20; 30", key="batas_manual")
    try:
        batas_manual = [parse_angka(t) for t in teks.split(";") if t.strip()]
    except ValueError as e:
        st.error(f"Batas manual tidak terbaca: {e}. Contoh: 10; 20,5; 30")
        st.stop()
    if not batas_manual or None in batas_manual:
        st.error("Isi minimal satu batas, mis. 10; 20; 30")
        st.stop()

desimal = 0 if meta["jenis"] == "ekstensif" else 1
pilihan_peta = (
    kab.kode,
    meta,
    int(tahun),
    pil.tingkat,
    skema,
    k,
    palet,
    batas_manual,
    desimal,
    banding,
    tampilan if tampilan != "nilai" else "selisih",
    pil.kecamatan,
)
kerangka, nilai, kelas, properti = akses_data.tematik(*pilihan_peta)
label = akses_data.label_cakupan(kab.kode, pil.kecamatan) if pil.kecamatan else ()
judul = f"{meta['nama']} {tahun}" if banding is None else f"{TAMPILAN[tampilan]} {meta['nama']} {banding}–{tahun}"
judul = f"{judul} — {pil.nama_area}"
lain = [x for x in meta_df.index if x != kode]
banding_ind = st.toggle("Bandingkan berdampingan dengan indikator lain", key="berdampingan") if lain else False
if banding_ind:
    kiri, kanan = st.columns(2)
    kode2 = kanan.selectbox(
        "Indikator pembanding",
        lain,
        key="indikator2",
        format_func=lambda x: f"{meta_df.at[x, 'nama']} ({meta_df.at[x, 'satuan']})",
    )
    meta2 = {"kode": kode2, **meta_df.loc[kode2].to_dict()}
    tahun2 = int(meta2["tahun"][0])
    desimal2 = 0 if meta2["jenis"] == "ekstensif" else 1
    kerangka2, _nilai2, kelas2, properti2 = akses_data.tematik(
        kab.kode,
        meta2,
        tahun2,
        pil.tingkat,
        skema if skema != "manual" else "kuantil",
        k,
        palet,
        None,
        desimal2,
        kode_area=pil.kecamatan,
    )
    with kiri:
        peta_data(kerangka, properti, maps.legenda_html(judul, kelas), label, 520, f"peta-kiri-{pil.tingkat}")
    with kanan:
        peta_data(
            kerangka2,
            properti2,
            maps.legenda_html(f"{meta2['nama']} {tahun2}", kelas2),
            label,
            520,
            f"peta-kanan-{pil.tingkat}",
        )
else:
    titik = akses_data.fasilitas(kab.kode)
    if len(titik) and st.toggle(
        f"Tampilkan fasilitas ({len(titik)} titik: {', '.join(sorted(set(titik['kelas'])))})", key="tampil_fasilitas"
    ):
        peta = maps.peta_tematik(kerangka, properti, maps.legenda_html(judul, kelas), label=label)
        maps.tambah_fasilitas(peta, titik)
        st_folium(
            peta, height=560, width="stretch", returned_objects=[], key=f"peta-tematik-{pil.tingkat}-{pil.kode_area}"
        )
    else:
        # geometry stays in the browser: a new indicator, scheme or palette restyles it
        peta_data(
            kerangka, properti, maps.legenda_html(judul, kelas), label, 560, f"peta-data-{pil.tingkat}-{pil.kode_area}"
        )
st.caption(f"Sumber: {meta['sumber']} · agregasi: {cara_agregasi(meta)} · tidak ada data ditampilkan abu-abu berarsir")

with st.expander("Cetak peta (PNG 200 dpi, PDF, buku peta per kecamatan)"):
    if st.button("Siapkan berkas cetak", key="siapkan_cetak"):
        with st.spinner("Menggambar peta…"):
            st.session_state["cetak"] = akses_data.berkas_cetak(*pilihan_peta, judul)
    if "cetak" in st.session_state:
        berkas = st.session_state["cetak"]
        nama_dasar = f"peta-{meta['kode']}-{tahun}"
        c1, c2, c3, c4 = st.columns(4)
        c1.download_button("Unduh PNG", berkas["png"], f"{nama_dasar}.png", "image/png", key="unduh_png")
        c2.download_button("Unduh PDF", berkas["pdf"], f"{nama_dasar}.pdf", "application/pdf", key="unduh_pdf")
        c3.download_button(
            "Unduh buku peta (PDF)", berkas["buku"], f"buku-{nama_dasar}.pdf", "application/pdf", key="unduh_buku"
        )
        c4.download_button(
            "Unduh peta interaktif (HTML luring)",
            # one self-contained file (Leaflet inlined) that opens without internet; built on click
            lambda: maps.html_mandiri(
                maps.peta_tematik(kerangka, properti, maps.legenda_html(judul, kelas), label=label)
            ),
            f"{nama_dasar}.html",
            "text/html",
            key="unduh_html",
        )

with st.expander("Tambahkan ke set slide (mode Proyektor)"):
    sets = akses_data.daftar_slide(kab.kode)
    s1, s2 = st.columns([2, 1])
    nama_set = s1.text_input("Nama set slide", sets[0]["nama"] if sets else "Musrenbang Kecamatan", key="nama_set")
    if s2.button("Tambahkan peta ini", key="tambah_slide"):
        ada = next((d for d in sets if d["nama"] == nama_set), None)
        jumlah, versi = akses_data.tambah_slide(
            kab.kode,
            nama_set,
            Slide(kode, int(tahun), pil.tingkat, skema, k, palet, judul, kode_wilayah=pil.kode_area),
            ada,
        )
        st.success(f"Set '{nama_set}' kini berisi {jumlah} slide (versi {versi}).")

st.subheader("Peringkat")
tabel = tabel_peringkat(list(kerangka.kode), [p["nama"] for p in properti], nilai)
maks = float(tabel["Nilai"].max()) if tabel["Nilai"].notna().any() else 1.0
st.dataframe(
    tabel,
    hide_index=True,
    placeholder="–",
    width="stretch",
    column_config={
        "Nilai": st.column_config.ProgressColumn(
            f"Nilai ({meta['satuan']})",
            min_value=min(0.0, float(tabel["Nilai"].min() or 0)),
            max_value=maks,
            format="localized",
        )
    },
)
st.caption(f"{angka(int(nilai.notna().sum()))} wilayah berdata, {angka(int(nilai.isna().sum()))} tanpa data.")

st.subheader("Ringkasan eksekutif")
kec = akses_data.wilayah(kab.kode, "kecamatan")
nama_kec = dict(zip(kec["kode"], kec["nama"], strict=True))
r1, r2 = st.columns([2, 1])
if pil.kecamatan and "area_ringkasan" not in st.session_state:
    st.session_state["area_ringkasan"] = pil.kecamatan
area = r1.selectbox(
    "Wilayah",
    [kab.kode, *kec["kode"]],
    key="area_ringkasan",
    format_func=lambda k: kab.nama if k == kab.kode else f"Kecamatan {nama_kec[k]}",
)
ambang = r2.number_input(
    f"Ambang ({meta['satuan']})",
    value=None,
    key="ambang",
    placeholder="mis. 20",
    help="Sebutkan desa dengan nilai di atas ambang ini",
)
for kalimat in akses_data.ringkasan_wilayah(kab.kode, meta, int(tahun), area, ambang, desimal):
    st.markdown(f"- {kalimat}")
