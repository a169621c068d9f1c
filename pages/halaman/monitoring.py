"""Monitoring: realisasi of funded activities per quarter or month — deviation map, kontrak kritis,
achievement choropleths in RKPD bands, problem table, kurva S, and the monthly RFK entry table."""

import pandas as pd
import streamlit as st

import pages as akses_data
from geo.domain import definitions as d
from geo.domain import monitoring as mon
from geo.domain.format import angka, persen, rupiah, rupiah_ringkas
from geo.render import laporan_triwulan as laporan
from geo.render import monitoring as gambar
from geo.render.ekspor import xlsx_dengan_keterangan
from geo.render.peta_usulan import BATAS_RINCI
from pages.akses import monitoring as akses_mon
from pages.akses.peta_data import peta_tematik, peta_usulan

pil: akses_data.Pilihan = st.session_state["pilihan"]
kab = pil.kabupaten
pelaku = akses_data.pengguna()
st.title("Monitoring realisasi")

daftar_tahun = akses_mon.tahun_kegiatan(kab.kode)
if not daftar_tahun:
    st.info("Belum ada kegiatan yang didanai (diterima Musrenbang Kabupaten) di kabupaten ini.")
    st.stop()
k1, k2, k3 = st.columns([1, 1, 2])
tahun = k1.selectbox(
    "Tahun pelaksanaan",
    daftar_tahun,
    index=daftar_tahun.index(pil.tahun) if pil.tahun in daftar_tahun else 0,
    key="mon_tahun",
    help="Tahun anggaran kegiatan yang didanai (bisa berbeda dari tahun usulan di sidebar).",
)
data, tanda = akses_mon.data_monitoring(kab.kode, int(tahun), pelaku)
semua, rfk = data.kegiatan, data.realisasi
if pil.kecamatan:
    semua = semua[semua["kode_kecamatan"] == pil.kecamatan]
if semua.empty:
    st.info(f"Tidak ada kegiatan yang didanai tahun {tahun} di {pil.nama_area} yang dapat Anda lihat.")
    st.stop()

lapor = rfk.loc[rfk["realisasi_fisik"].notna(), "bulan"]
tw_baku = int(mon.triwulan(int(lapor.max()))) if len(lapor) else 1
cara = k2.radio("Lihat per", ["Triwulan", "Bulan"], horizontal=True, key="mon_cara")
if cara == "Triwulan":
    tw = k3.radio(
        "Triwulan",
        [1, 2, 3, 4],
        index=tw_baku - 1,
        format_func=lambda q: f"Triwulan {['I', 'II', 'III', 'IV'][q - 1]}",
        horizontal=True,
        key="mon_triwulan",
        help="Nilai triwulan = nilai kumulatif bulan terakhirnya (Maret, Juni, September, Desember).",
    )
    bulan = mon.bulan_akhir(tw)
else:
    bulan = k3.select_slider(
        "Bulan",
        list(range(1, 13)),
        value=mon.bulan_akhir(tw_baku),
        format_func=lambda b: mon.BULAN[b - 1],
        key="mon_bulan",
    )

with st.expander("Saring kegiatan", expanded=False):
    s1, s2, s3, s4 = st.columns(4)
    opd = s1.multiselect("Perangkat daerah", sorted(semua["opd"].dropna().unique()), key="mon_opd", placeholder="Semua")
    dana = s2.multiselect(
        "Sumber dana", sorted(semua["sumber_dana"].dropna().unique()), key="mon_dana", placeholder="Semua"
    )
    nama_kec = dict(zip(semua["kode_kecamatan"], semua["kecamatan"], strict=False))
    kec = s3.multiselect(
        "Kecamatan", sorted(nama_kec), format_func=lambda k: nama_kec.get(k) or k, key="mon_kec", placeholder="Semua"
    )
    asal = s4.multiselect(
        "Tahap asal",
        sorted(semua["tahap_asal"].dropna().unique()),
        format_func=lambda t: d.TAHAP_FORUM.get(t, t),
        key="mon_asal",
        placeholder="Semua",
    )
keg = semua
for kolom, pilihan in (("opd", opd), ("sumber_dana", dana), ("kode_kecamatan", kec), ("tahap_asal", asal)):
    if pilihan:
        keg = keg[keg[kolom].isin(pilihan)]
if keg.empty:
    st.info("Tidak ada kegiatan yang cocok dengan saringan.")
    st.stop()

keadaan = mon.keadaan_bulan(keg.drop(columns="geometry"), rfk, bulan)
total = mon.capaian_kelompok(keadaan.assign(semua="semua"), "semua").iloc[0]
judul_periode = f"{mon.BULAN[bulan - 1]} {tahun}" + (
    f" (Triwulan {['I', 'II', 'III', 'IV'][tw - 1]})" if cara == "Triwulan" else ""
)
m1, m2, m3, m4, m5 = st.columns(5)
m1.metric("Kegiatan", angka(len(keadaan)), help=f"Pagu total {rupiah(keadaan['pagu'].sum())}")
m2.metric("Melapor", f"{angka(int(total['melapor']))} dari {angka(len(keadaan))}")
m3.metric("Kontrak kritis", angka(int(keadaan["kritis"].sum())))
m4.metric(
    "Capaian fisik thd. rencana",
    persen(total["capaian"]) if pd.notna(total["capaian"]) else "tidak melapor",
    help=gambar.label_pita(total["pita"])
    + " · Σ pagu × realisasi fisik ÷ Σ pagu × rencana fisik, kegiatan yang melapor.",
)
m5.metric(
    "Realisasi keuangan",
    rupiah_ringkas(keadaan["realisasi_keuangan"].sum())
    if keadaan["realisasi_keuangan"].notna().any()
    else "tidak melapor",
    help=f"{rupiah(keadaan['realisasi_keuangan'].sum())} dari pagu {rupiah(keadaan['pagu'].sum())}",
)
st.caption(f"Keadaan kumulatif sampai {judul_periode} · {pil.nama_area}")
if cara == "Triwulan":
    judul_lap = f"{pil.nama_area}, {tahun}"
    l1, l2, _ = st.columns([1, 1, 2])
    l1.download_button(
        f"Laporan triwulan {['I', 'II', 'III', 'IV'][tw - 1]} (PDF)",
        lambda: laporan.pdf_laporan_triwulan(
            judul_lap,
            tw,
            keadaan,
            total,
            mon.capaian_kelompok(keadaan, "opd"),
            mon.capaian_kelompok(keadaan, "kode_kecamatan"),
            akses_data.wilayah(kab.kode, "kecamatan"),
            mon.kurva_s(keg[["id", "pagu"]], rfk),
        ),
        file_name=f"laporan-triwulan-{tw}-{tahun}.pdf",
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        key="unduh_laporan_pdf",
    )
    l2.download_button(
        "Laporan triwulan (XLSX)",
        lambda: laporan.xlsx_laporan_triwulan(judul_lap, tw, keadaan, total, mon.capaian_kelompok(keadaan, "opd")),
        file_name=f"laporan-triwulan-{tw}-{tahun}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        key="unduh_laporan_xlsx",
    )

proyektor = st.toggle(
    "Tampilan proyektor",
    key="mon_proyektor",
    help="Garis lebih tegas, warna lebih pekat dan legenda berhuruf 24 px: terbaca dari belakang ruang rapat.",
)
kiri, kanan = st.columns(2)
with kiri:
    st.subheader("Kegiatan menurut deviasi")
    if len(keg) > BATAS_RINCI:  # a province: one circle per desa (count per class), colours per rerun only
        akses_data.keterangan_padat(len(keg), "kegiatan")
        kelas = keadaan.set_index("id")["kelas"].reindex(keg["id"]).fillna("tidak_melapor")
        peta_usulan(
            akses_data.peta_beranda(kab.kode, "kecamatan", pil.kecamatan),
            keg.assign(biaya=keg["pagu"]),
            kelas.map({k: w for k, (_, w) in d.KELAS_DEVIASI.items()}).reset_index(drop=True),
            kelas.map({k: lab for k, (lab, _) in d.KELAS_DEVIASI.items()}).reset_index(drop=True),
            gambar.legenda_kegiatan(kelas),
            key="peta-kegiatan-padat",
            tinggi=640 if proyektor else 480,
        )
    else:
        kerangka = akses_mon.kerangka_kegiatan(kab.kode, int(tahun), pelaku, tanda, keg["id"].tolist())
        props, teks, legenda = gambar.properti_kegiatan(kerangka, keadaan)
        peta_tematik(
            kerangka,
            props,
            legenda,
            tinggi=640 if proyektor else 480,
            key="peta-kegiatan",
            teks=teks,
            kontras=proyektor,
        )
with kanan:
    st.subheader("Capaian per wilayah")
    tingkat = st.radio(
        "Tingkat", ["kecamatan", "desa"], format_func=d.TINGKAT_WILAYAH.get, horizontal=True, key="mon_tingkat"
    )
    kr = akses_data.kerangka(kab.kode, tingkat, pil.kecamatan)
    cap = mon.capaian_kelompok(keadaan, "kode_kecamatan" if tingkat == "kecamatan" else "kode_desa")
    props, teks, legenda = gambar.properti_capaian(kr, cap, f"Capaian fisik per {tingkat}")
    peta_tematik(kr, props, legenda, tinggi=640 if proyektor else 440, key="peta-capaian", teks=teks, kontras=proyektor)


def _halaman_cetak() -> list:
    wil = akses_data.wilayah(kab.kode, tingkat)
    if pil.kecamatan:
        wil = wil[wil["kode"].str.startswith(pil.kecamatan)]
    return gambar.cetak_peta(
        keg, keadaan, wil, cap, f"{pil.nama_area}, {judul_periode}", f"realisasi {tahun} (PetaRencana)"
    )


akses_data.tombol_cetak(
    _halaman_cetak,
    ("Cetak kedua peta (PDF)", "Cetak peta capaian (PNG)"),
    (f"peta-monitoring-{tahun}-{bulan:02d}.pdf", f"peta-capaian-{tahun}-{bulan:02d}.png"),
    1,
    "cetak_peta",
)

st.subheader("Capaian per perangkat daerah")
per_opd = mon.capaian_kelompok(keadaan, "opd").sort_values("capaian", na_position="last")
akses_data.tabel(
    pd.DataFrame(
        {
            "Perangkat daerah": per_opd.index,
            "Kegiatan": per_opd["kegiatan"].map(angka).to_numpy(),
            "Melapor": per_opd["melapor"].map(angka).to_numpy(),
            "Kritis": per_opd["kritis"].map(angka).to_numpy(),
            "Pagu": per_opd["pagu"].map(rupiah_ringkas).to_numpy(),
            "Capaian fisik": [persen(v) if pd.notna(v) else "tidak melapor" for v in per_opd["capaian"]],
            "Kategori": per_opd["pita"].map(gambar.label_pita).to_numpy(),
        }
    ),
    "Tidak ada perangkat daerah.",
)

st.subheader("Kegiatan bermasalah")
masalah = gambar.tabel_masalah(keadaan)
st.caption(
    "Kontrak kritis, tidak melapor, atau realisasi keuangan melebihi pagu; urutkan dengan mengeklik kepala kolom."
)
akses_data.tabel(
    akses_data.sepotong(masalah, "mon_masalah"),
    "Tidak ada kegiatan bermasalah pada periode ini.",
    column_config={
        "Pagu (Rp)": st.column_config.NumberColumn(format="localized"),
        "Realisasi keuangan (Rp)": st.column_config.NumberColumn(format="localized"),
    },
)
judul_xlsx = f"Kegiatan bermasalah — {pil.nama_area}, {judul_periode}"
st.download_button(
    "Unduh kegiatan bermasalah (XLSX)",
    lambda: xlsx_dengan_keterangan(masalah, "Bermasalah", gambar.keterangan_masalah(judul_xlsx, bulan, len(masalah))),
    file_name=f"kegiatan-bermasalah-{tahun}-{bulan:02d}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/download:",
    key="unduh_masalah",
)

st.subheader("Kurva S")
c1, c2 = st.columns([1, 2])
lingkup = c1.radio(
    "Untuk", ["Kabupaten", "Perangkat daerah", "Kecamatan", "Kegiatan"], horizontal=True, key="mon_kurva"
)
if lingkup == "Perangkat daerah":
    pilih = c2.selectbox("Perangkat daerah", sorted(keg["opd"].dropna().unique()), key="mon_kurva_opd")
    bagian, nama_kurva = keg[keg["opd"] == pilih], pilih
elif lingkup == "Kecamatan":
    pilih = c2.selectbox(
        "Kecamatan",
        sorted(keg["kode_kecamatan"].unique()),
        format_func=lambda k: nama_kec.get(k) or k,
        key="mon_kurva_kec",
    )
    bagian, nama_kurva = keg[keg["kode_kecamatan"] == pilih], f"Kecamatan {nama_kec.get(pilih) or pilih}"
elif lingkup == "Kegiatan":
    label_keg = dict(zip(keg["id"], keg["uraian"], strict=True))
    pilih = c2.selectbox(
        "Kegiatan",
        list(label_keg)[: akses_data.BATAS_PILIHAN],
        format_func=lambda i: f"#{i} {label_keg[i]}",
        key="mon_kurva_keg",
    )
    bagian, nama_kurva = keg[keg["id"] == pilih], f"#{pilih} {label_keg[pilih]}"
else:
    bagian, nama_kurva = keg, pil.nama_area
kurva = mon.kurva_s(bagian[["id", "pagu"]], rfk)
judul_kurva = f"Kurva S {nama_kurva}, {tahun}"
st.altair_chart(gambar.grafik_kurva_s(kurva, judul_kurva), width="stretch")
kosong = [
    mon.BULAN[b - 1]
    for b in kurva.index
    if pd.isna(kurva.at[b, "realisasi_fisik"]) and pd.notna(kurva.at[b, "rencana_fisik"])
]
if kosong:
    st.caption(f"Bulan tanpa laporan (celah di garis, bukan nol): {', '.join(kosong)}.")
st.download_button(
    "Unduh kurva S (PNG)",
    lambda: gambar.png_kurva_s(kurva, judul_kurva, f"PetaRencana, realisasi {tahun}"),
    file_name=f"kurva-s-{tahun}.png",
    mime="image/png",
    icon=":material/download:",
    key="unduh_kurva",
)

if pelaku.boleh("realisasi.tulis"):
    st.subheader("Isi realisasi bulanan")
    akses_data.tampilkan_pesan_berhasil()
    e1, e2 = st.columns(2)
    daftar_opd = [pelaku.opd] if d.PERAN[pelaku.peran].tingkat == "opd" else sorted(semua["opd"].dropna().unique())
    opd_isi = e1.selectbox("Perangkat daerah", daftar_opd, key="isi_opd")
    bulan_isi = e2.selectbox(
        "Bulan", list(range(1, 13)), index=bulan - 1, format_func=lambda b: mon.BULAN[b - 1], key="isi_bulan"
    )
    isi = akses_mon.tabel_isian(semua[semua["opd"] == opd_isi], rfk, bulan_isi)
    versi = {
        (int(u), bulan_isi): akses_data.versi_dibuka(f"rfk_{u}_{tahun}_{bulan_isi}", int(v))
        for u, v in zip(isi["No. usulan"], isi["_versi"], strict=True)
    }
    ubah = st.data_editor(
        isi.drop(columns="_versi"),
        hide_index=True,
        width="stretch",
        num_rows="fixed",
        disabled=["No. usulan", "Kegiatan", "Pagu (Rp)"],
        column_config=akses_mon.KONFIG_ISIAN,
        key=f"editor_{opd_isi}_{tahun}_{bulan_isi}",
    )
    if st.session_state.get("_rfk_konflik") and st.button("Muat versi terbaru", key="rfk_terbaru"):
        for u in isi["No. usulan"]:
            akses_data.lupakan_versi(f"rfk_{u}_{tahun}_{bulan_isi}")
        st.session_state.pop("_rfk_konflik", None)
        st.session_state.pop(f"editor_{opd_isi}_{tahun}_{bulan_isi}", None)
        st.rerun()
    if st.button("Simpan realisasi", type="primary", key="simpan_rfk"):
        baris = akses_mon.baris_berubah(isi.drop(columns="_versi"), ubah, bulan_isi)
        if baris.empty:
            st.info("Tidak ada yang berubah.")
        else:
            n, galat = akses_mon.simpan_realisasi(int(tahun), baris, versi, pelaku)
            if galat is not None:
                akses_data.tampilkan_galat(galat, "Tidak ada realisasi yang disimpan.")
                if isinstance(galat, str):  # a version conflict: offer the latest values
                    st.session_state["_rfk_konflik"] = True
            else:
                for u in baris["usulan_id"]:
                    akses_data.lupakan_versi(f"rfk_{u}_{tahun}_{bulan_isi}")
                akses_data.berhasil_lalu_muat_ulang(
                    f"Realisasi {mon.BULAN[bulan_isi - 1]} {tahun} tersimpan ({angka(n)} kegiatan)."
                )

    with st.expander("Foto kegiatan (opsional)", expanded=False):
        st.caption(
            "Satu foto per kegiatan per bulan, sebagai bukti lapangan. Disimpan tanpa metadata (lokasi GPS, perangkat, "
            "waktu dihapus) dan diperkecil; tidak pernah tampil di halaman publik."
        )
        label_foto = dict(zip(isi["No. usulan"], isi["Kegiatan"], strict=True))
        uid_foto = st.selectbox(
            "Kegiatan",
            list(label_foto),
            format_func=lambda u: f"#{u} {label_foto[u]}",
            key=f"foto_keg_{opd_isi}",
        )
        if uid_foto is not None:
            ada = akses_mon.baca_foto(int(uid_foto), int(tahun), bulan_isi)
            if ada:
                st.image(ada, caption=f"#{uid_foto}, {mon.BULAN[bulan_isi - 1]} {tahun}", width=360)
            berkas_foto = st.file_uploader(
                "Unggah foto (JPEG, PNG atau WebP)",
                type=["jpg", "jpeg", "png", "webp"],
                key=f"foto_{uid_foto}_{tahun}_{bulan_isi}",
            )
            if berkas_foto is not None and st.button("Simpan foto", key="simpan_foto"):
                ukuran, galat = akses_mon.simpan_foto(
                    int(uid_foto), int(tahun), bulan_isi, berkas_foto.getvalue(), berkas_foto.name, pelaku
                )
                if galat is not None:
                    akses_data.tampilkan_galat(galat, "Foto tidak disimpan.")
                else:
                    akses_data.berhasil_lalu_muat_ulang(f"Foto #{uid_foto} tersimpan ({angka(ukuran // 1024)} KB).")
