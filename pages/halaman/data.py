"""Data: load a file with the same loaders as `python -m pipelines load`, see the report and history."""

import dataclasses
from pathlib import Path

import pandas as pd
import streamlit as st

import pages as akses_data
from geo.domain import definitions
from pipelines.baca import FORMAT_TABEL, FORMAT_VEKTOR
from pipelines.kode import PENANDA_SEMENTARA
from pipelines.muat import JENIS_MUAT, KesalahanTakCocok, templat_usulan
from pipelines.muat.inti import DAFTAR_LAPORAN


def unduh_tabel(judul: str, keterangan: str, tabel: pd.DataFrame, nama_berkas: str, kunci: str) -> None:
    """A report list as a table with its CSV download (the download does not rerun the page)."""
    st.subheader(f"{judul} ({len(tabel)})")
    if keterangan:
        st.caption(keterangan)
    st.dataframe(tabel, hide_index=True, width="stretch", placeholder="–")
    st.download_button(
        f"Unduh {nama_berkas}",
        tabel.to_csv(index=False).encode(),
        nama_berkas,
        "text/csv",
        key=f"unduh_{kunci}",
        on_click="ignore",
        icon=":material/download:",
    )


st.title("Data")
st.caption(
    "Muat berkas data sendiri. Berkas diperiksa seluruhnya dulu; bila ada masalah, tidak ada yang diubah "
    "dan semua masalah ditampilkan per baris/fitur. Perintah yang sama di terminal: "
    "`python -m pipelines load <jenis> <berkas>`."
)

VEKTOR = {"batas", "pola-ruang", "zonasi", "overlay", "lahan"}
jenis = st.selectbox(
    "Jenis data", list(JENIS_MUAT), format_func=lambda k: f"{k} — {JENIS_MUAT[k].deskripsi}", key="jenis_muat"
)
tipe = [f.lstrip(".") for f in (FORMAT_VEKTOR if jenis in VEKTOR else (*FORMAT_TABEL, ".json"))]
berkas = st.file_uploader(
    "Berkas", type=tipe, key="berkas_muat", help="Shapefile: kemas .shp, .shx, .dbf dan .prj dalam satu .zip"
)
if jenis == "usulan":
    st.download_button(
        "Unduh templat usulan (CSV)", templat_usulan().to_csv(index=False).encode(), "templat_usulan.csv", "text/csv"
    )

with st.expander("Opsi", expanded=jenis in ("indikator", "overlay")):
    k1, k2, k3 = st.columns(3)
    opsi = {}
    if jenis in VEKTOR:
        opsi["crs"] = k1.text_input("CRS bila berkas tidak menyebutnya", placeholder="EPSG:4326") or None
    if jenis in ("batas", "indikator", "pola-ruang"):
        opsi["kolom_kode"] = k2.text_input("Kolom kode (kosong = deteksi)", key="o_kode") or None
    if jenis in ("batas", "indikator", "pola-ruang", "zonasi", "overlay"):
        opsi["kolom_nama"] = k3.text_input("Kolom nama (kosong = deteksi)", key="o_nama") or None
    if jenis in ("batas", "indikator"):
        opsi["kabupaten"] = (
            k1.text_input("Kabupaten Kemendagri untuk pencocokan nama", placeholder="33.01", key="o_kabupaten") or None
        )
    if jenis == "batas":
        opsi["nama_kabupaten"] = (
            k3.text_input(
                "Nama kabupaten (batas bernama saja → kode sementara)",
                placeholder="Cilacap",
                key="o_nama_kabupaten",
                help="Untuk batas desa tanpa kode dari kabupaten yang belum punya desa Kemendagri: desa dan "
                "kecamatannya diberi kode sementara (berhuruf, mis. 33.01.S1.S001) di kabupaten yang disebut di "
                "kiri. Saat batas desa Kemendagri kabupaten itu dimuat, kodenya diganti dan usulan, indikator, "
                "pagu dan akun yang terkait ikut pindah.",
            )
            or None
        )
        opsi["awalan"] = k2.text_input("Hanya kode berawalan", placeholder="33.01") or None
        opsi["versi_kode"] = k3.text_input("Versi daftar kode", placeholder="Kepmendagri 300.2.2-2430/2025") or None
    if jenis == "indikator":
        opsi["tahun"] = k1.number_input("Tahun data (bila tidak di nama kolom)", 2000, 2100, value=None, step=1)
        opsi["indikator"] = k2.text_input("Kode indikator (tabel berkolom tahun)") or None
        opsi["satuan"] = k3.text_input("Satuan", placeholder="jiwa, %, unit") or None
        opsi["jenis_indikator"] = k1.selectbox(
            "Jenis agregasi",
            [None, "ekstensif", "intensif"],
            format_func=lambda v: "deteksi dari nama kolom" if v is None else v,
        )
        opsi["bobot"] = k2.text_input("Pembobot (indikator intensif)", placeholder="jumlah_penduduk") or None
        opsi["sumber"] = k3.text_input("Sumber", placeholder="BPS Kabupaten …") or None
    if jenis in ("indikator", "kamus", "usulan", "pagu", "realisasi", "itbx", "nomenklatur", "opd", "plafon"):
        opsi["lembar"] = k1.text_input("Lembar XLSX (kosong = pertama)") or None
    if jenis == "overlay":
        opsi["jenis_overlay"] = k2.selectbox(
            "Jenis overlay",
            list(definitions.JENIS_OVERLAY),
            format_func=lambda k: (
                definitions.JENIS_OVERLAY[k] + (" (hanya informasi)" if k in definitions.OVERLAY_INFORMASI else "")
            ),
        )
        opsi["kolom_kelas"] = k3.text_input("Kolom kelas") or None
    if jenis == "zonasi":
        opsi["kolom_zona"] = k1.text_input("Kolom kode zona") or None
    if jenis in ("itbx", "zonasi", "padanan-kegiatan"):
        opsi["matriks"] = (
            k2.text_input(
                "Nama matriks ITBX (RDTR)",
                help="itbx: nama matriks (kosong = nama berkas); zonasi dan padanan: matriks yang berlaku "
                "(kosong = satu-satunya matriks yang dimuat)",
                key="o_matriks",
            )
            or None
        )
    if jenis == "lahan":
        opsi["kolom_status"] = k1.text_input("Kolom status lahan") or None
        st.caption("Status dikenali: " + ", ".join(v[0] for v in definitions.STATUS_LAHAN_PETA.values()))
    if jenis == "kamus":
        opsi["tahun"] = k2.number_input("Tahun harga", 2000, 2100, value=None, step=1)
    if "lewati_tak_cocok" in {f.name for f in dataclasses.fields(JENIS_MUAT[jenis].opsi)}:
        opsi["lewati_tak_cocok"] = st.checkbox(
            "Lewati unit yang tak cocok",
            key="o_lewati_tak_cocok",
            help="Muat hanya baris yang cocok dengan desa yang dimuat; yang tak cocok dilewati dan dihitung. "
            "Tanpa ini, berkas ditolak dan semua unit tak cocok disebut (tidak ada yang diubah).",
        )

if st.button("Muat", type="primary", disabled=berkas is None, key="tombol_muat"):
    bilah = st.progress(0.0, text="mulai")
    st.session_state["hasil_muat"] = (
        jenis,
        berkas.name,
        *akses_data.muat_berkas(
            jenis,
            berkas.name,
            berkas.getvalue(),
            JENIS_MUAT[jenis].opsi(**{k: v for k, v in opsi.items() if v is not None}, pelaku=akses_data.pengguna()),
            lambda f, pesan: bilah.progress(min(f, 1.0), text=pesan),
        ),
    )
    bilah.empty()

# the last load's report stays while its kind and file are shown (a download does not clear it)
jenis_muat, nama_muat, laporan, galat = st.session_state.get("hasil_muat", (None, None, None, None))
if (jenis_muat, nama_muat) == (jenis, getattr(berkas, "name", None)):
    stem = Path(nama_muat).stem
    if galat is not None:
        akses_data.tampilkan_galat(galat)
        if isinstance(galat, KesalahanTakCocok) and len(galat.tak_cocok):
            unduh_tabel(
                "Unit yang tak cocok",
                "Isi kolom 'kode' (kode desa Kemendagri) lalu muat ulang lewat terminal dengan "
                f'`--resolusi tak_cocok-{stem}.csv`, atau centang "Lewati unit yang tak cocok".',
                galat.tak_cocok.assign(kode=""),
                f"tak_cocok-{stem}.csv",
                "tak_cocok",
            )
    elif laporan is not None:
        st.success(
            f"{laporan.berkas} dimuat: {laporan.baris_keluar} baris tersimpan dari {laporan.baris_masuk}.",
            icon=":material/check_circle:",
        )
        for k, v in laporan.rincian.items():
            st.markdown(f"**{k}**: {v}")
        for p in laporan.peringatan:
            st.warning(p, icon=":material/warning:")
        if laporan.tak_cocok is not None and len(laporan.tak_cocok):
            unduh_tabel(
                "Unit belum cocok",
                "Isi kolom 'kode' lalu muat ulang lewat terminal dengan "
                f"`--resolusi tak_cocok-{stem}.csv` (keputusan itu disimpan dan dipakai lagi).",
                laporan.tak_cocok.assign(kode=""),
                f"tak_cocok-{stem}.csv",
                "tak_cocok",
            )
        for kunci, tabel in laporan.daftar.items():
            judul, guna = DAFTAR_LAPORAN.get(kunci, (kunci, ""))
            unduh_tabel(judul, guna.capitalize(), tabel, f"{kunci}-{stem}.csv", kunci)

st.divider()
pil = st.session_state.get("pilihan")
if pil is not None and PENANDA_SEMENTARA in pil.kabupaten.versi_kode:
    st.warning(
        f"**Kode wilayah sementara** — desa dan kecamatan {pil.kabupaten.nama} dimuat dari batas bernama saja "
        "dan berkode sementara (berhuruf, mis. …S1.S001), bukan kode Kemendagri. Muat batas desa Kemendagri "
        "kabupaten ini bila sudah ada: kodenya diganti dan usulan, indikator, pagu dan akun ikut pindah.",
        icon=":material/pending:",
    )
riwayat, isi, tak = akses_data.riwayat_dan_isi()
kiri, kanan = st.columns([3, 1])
with kiri:
    st.subheader("Riwayat muat")
    akses_data.tabel(
        riwayat,
        "Belum ada data yang dimuat.",
        column_config={
            "waktu": st.column_config.DatetimeColumn("Waktu", format="DD-MM-YYYY HH:mm"),
            "basis_data": "Basis data",
            "jenis": "Jenis",
            "berkas": "Berkas",
            "hash": "Sidik (sha256)",
            "baris_masuk": "Baris masuk",
            "baris_keluar": "Baris tersimpan",
            "peringatan": "Peringatan",
            "versi_kode": "Versi kode",
            "oleh": "Oleh",
        },
    )
with kanan:
    st.subheader("Isi basis data")
    akses_data.tabel(
        isi,
        "Basis data masih kosong.",
        column_config={"basis_data": "Basis data", "tabel": "Tabel", "baris": "Baris"},
    )
if PENANDA_SEMENTARA in " ".join(riwayat.get("versi_kode", pd.Series(dtype=str)).fillna("")):
    st.caption(
        f'Muat berversi kode "{PENANDA_SEMENTARA} — …" memberi kode sementara (berhuruf) pada batas bernama '
        "saja; kode itu diganti kode Kemendagri saat batas desa Kemendagri kabupatennya dimuat."
    )
if len(tak):
    st.subheader(f"Unit wilayah belum cocok ({len(tak)})")
    if (tak["skema"] == "sementara").any():
        st.caption(
            "Skema 'sementara': desa berkode sementara yang belum cocok dengan desa Kemendagri (tetap disimpan)."
        )
    st.dataframe(tak, hide_index=True, width="stretch", placeholder="–")
