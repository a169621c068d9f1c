"""Persiapan Forum: schedule, facilitators and material, invitations, attendance at the door, minutes, inclusion."""

import datetime

import pandas as pd
import streamlit as st

import pages as akses_data
from geo.domain import acara as da
from geo.domain import definitions
from geo.domain.format import angka, persen
from pages.akses import acara as ak
from pages.akses import acara_peserta as peserta
from pages.akses.peta_data import peta_tematik

pil: akses_data.Pilihan = st.session_state["pilihan"]
kab = pil.kabupaten
st.title("Persiapan Forum")
akses_data.tampilkan_pesan_berhasil()
st.caption(
    "Jadwal tiap forum, tim fasilitator dan bahan, undangan, daftar hadir di pintu, notulen dan angka inklusi. "
    "Nama dan kontak peserta adalah data pribadi (UU 27/2022): hanya tampil di halaman ini, di surat undangan "
    "dan di lembar tanda tangan."
)
jad = ak.jadwal(kab.kode, pil.tahun)
acara_df = jad.acara
pelaku = ak.pelaku()
tahap_boleh = [t for t in definitions.TAHAP_FORUM if pelaku.boleh("acara.tulis", t)]

# --- the forum the other tabs work on ---------------------------------------------------------
baris_acara = {int(r["id"]): r for r in acara_df.to_dict("records")}
ids = [i for i, r in baris_acara.items() if ak.boleh_siapkan(pelaku, r)]  # the forums this account prepares
ak.terapkan_pilihan(ids)


if ids:
    st.selectbox(
        "Forum (untuk fasilitator, undangan, daftar hadir, notulen dan inklusi)",
        ids,
        format_func=lambda i: ak.nama_pilihan(baris_acara[i]),
        key="acara_pilih",
    )
acara_terpilih = ak.acara(int(st.session_state["acara_pilih"])) if ids else None


def _pilih_forum() -> dict | None:
    if acara_terpilih is None:
        st.info("Belum ada forum terjadwal tahun ini. Tambahkan di tab Jadwal.", icon=":material/event:")
    return acara_terpilih


tab_jadwal, tab_fas, tab_und, tab_hadir, tab_not, tab_ink = st.tabs(
    ["Jadwal", "Fasilitator & bahan", "Undangan", "Daftar hadir", "Notulen", "Inklusi"],
    key="tab_persiapan",
    on_change="rerun",
)

with tab_jadwal:
    if tab_jadwal.open:
        for p in jad.peringatan:
            st.warning(ak.md(p.pesan), icon=":material/warning:")
        if jad.kecamatan_belum:
            nama_kec = akses_data.wilayah(kab.kode, "kecamatan").set_index("kode")["nama"]
            st.caption(
                f"Kecamatan yang belum melaksanakan Musrenbang Kecamatan ({len(jad.kecamatan_belum)}): "
                + ", ".join(ak.md(nama_kec.get(k, k)) for k in jad.kecamatan_belum)
            )
        tahap_peta = (
            st.segmented_control(
                "Tingkat",
                list(definitions.TAHAP_FORUM)[:2],
                format_func=definitions.TAHAP_FORUM.get,
                default="kecamatan",
                key="tahap_peta",
            )
            or "kecamatan"
        )
        kerangka = akses_data.kerangka(kab.kode, "kecamatan" if tahap_peta == "kecamatan" else "desa", pil.kecamatan)
        props, teks = ak.properti_status(kerangka, acara_df, tahap_peta)
        jumlah = pd.Series([p["_w"] for p in props]).map({w: k for k, w in da.WARNA_STATUS.items()}).value_counts()
        peta_tematik(kerangka, props, ak.legenda_status(jumlah.to_dict()), key="peta-jadwal", tinggi=460, teks=teks)
        if len(acara_df):
            st.altair_chart(ak.kalender(acara_df), width="stretch")
        for tahap, label in definitions.TAHAP_FORUM.items():
            bagian = acara_df[acara_df["tahap"] == tahap]
            st.subheader(f"{label} ({len(bagian)})")
            akses_data.tabel(
                pd.DataFrame(
                    {
                        "Tanggal": bagian["mulai"].dt.strftime("%d-%m-%Y"),
                        "Jam": bagian["mulai"].dt.strftime("%H.%M"),
                        "Forum": bagian["nama"],
                        "Tempat": bagian["tempat"],
                        "Status": bagian["status"].map(da.STATUS_ACARA),
                    }
                ),
                "Belum ada forum terjadwal di tahap ini.",
            )
        if tahap_boleh:
            st.markdown("**Jadwalkan forum**")
            k1, k2 = st.columns(2)
            # outside the form: the list of desa, kecamatan or perangkat daerah follows the tier at once
            tahap = k1.selectbox("Tahap", tahap_boleh, format_func=definitions.TAHAP_FORUM.get, key="baru_tahap")
            if tahap in ("desa", "kecamatan"):
                wil = akses_data.wilayah(kab.kode, tahap)
                if pelaku.kode_wilayah and pelaku.kode_wilayah != kab.kode:
                    wil = wil[wil["kode"].str.startswith(pelaku.kode_wilayah) | (wil["kode"] == pelaku.kode_wilayah)]
                pilihan_wil = dict(zip(wil["kode"], wil["nama"], strict=True))
                judul_wil = "Desa/kelurahan" if tahap == "desa" else "Kecamatan"
            elif tahap == "forum_pd":  # one forum per perangkat daerah, or one joint forum
                opd = sorted(akses_data.kamus_usulan()["opd"].dropna().unique())
                pilihan_wil = {kab.kode: f"Gabungan seluruh perangkat daerah ({kab.nama})", **{o: o for o in opd}}
                judul_wil = "Perangkat daerah"
            else:
                pilihan_wil = {kab.kode: kab.nama}
                judul_wil = "Kabupaten/kota"
            kode = k2.selectbox(judul_wil, list(pilihan_wil), format_func=pilihan_wil.get, key=f"baru_wilayah_{tahap}")
            with st.form("form_acara", clear_on_submit=False):
                k3, k4, k5 = st.columns(3)
                tgl = k3.date_input("Tanggal", datetime.date(pil.tahun - 1, 2, 1), key="baru_tgl", format="DD/MM/YYYY")
                jam = k4.time_input("Jam", datetime.time(9, 0), key="baru_jam")
                tempat = k5.text_input("Tempat", key="baru_tempat", placeholder="mis. Balai Desa")
                agenda = st.text_area("Agenda", key="baru_agenda", height=68)
                k6, k7 = st.columns(2)
                bujur = k6.number_input("Bujur (kosong: titik di wilayah)", value=None, format="%.6f", key="baru_bujur")
                lintang = k7.number_input("Lintang", value=None, format="%.6f", key="baru_lintang")
                if st.form_submit_button("Simpan jadwal", type="primary"):
                    wilayah_forum = kode
                    nama = pilihan_wil.get(kode, kab.nama) if kode != kab.kode else kab.nama
                    data = {
                        "tahap": tahap,
                        "kode_forum": wilayah_forum,
                        "nama": nama,
                        "mulai": datetime.datetime.combine(tgl, jam),
                        "tempat": tempat,
                        "agenda": agenda,
                        "bujur": bujur,
                        "lintang": lintang,
                    }
                    hasil, galat = ak.simpan_acara(kab.kode, pil.tahun, data)
                    if galat is not None:
                        akses_data.tampilkan_galat(galat)
                    else:
                        ak.ingat_acara(hasil[0])
                        pesan = " ".join(ak.md(p.pesan) for p in hasil[1])
                        akses_data.berhasil_lalu_muat_ulang(
                            "Jadwal tersimpan." + (f" Perhatian: {pesan}" if pesan else "")
                        )
        if ids:
            st.markdown(f"**Status forum terpilih: {ak.md(acara_terpilih['nama'])} ({acara_terpilih['tahap']})**")
            a = acara_terpilih
            if a is not None:
                k0, k00 = st.columns([1, 2])
                if (lokasi := ak.peta_lokasi(a)) is not None:
                    k0.image(lokasi, caption=f"Lokasi: {ak.md(a['tempat'])}")  # captions are markdown
                k00.markdown(
                    f"{pd.Timestamp(a['mulai']):%d-%m-%Y %H.%M} · {ak.md(a['tempat'])}  \n"
                    f"Bujur {a['bujur']}, lintang {a['lintang']}  \nAgenda: {ak.md(a['agenda'] or '—')}"
                )
                k1, k2 = st.columns([2, 1])
                status = k1.selectbox(
                    "Status",
                    list(da.STATUS_ACARA),
                    index=list(da.STATUS_ACARA).index(a["status"]),
                    format_func=da.STATUS_ACARA.get,
                    key=f"status_{a['id']}",
                )
                if k2.button("Simpan status", key="simpan_status") and status != a["status"]:
                    v, galat = ak.ubah_status(a["id"], status, int(a["versi"]))
                    if galat is not None:
                        akses_data.tampilkan_galat(galat)
                    else:
                        akses_data.berhasil_lalu_muat_ulang(f"Status: {da.STATUS_ACARA[status]}.")
                if st.toggle("Atur lokasi forum di peta", key=f"atur_lokasi_{a['id']}"):
                    ak.atur_lokasi_di_peta(a, kab, pil.tahun)
                kunci_versi = f"acara_{a['id']}"
                versi = akses_data.versi_dibuka(kunci_versi, int(a["versi"]))  # the version on the user's screen
                with st.form(f"form_ubah_{a['id']}"):
                    st.markdown("**Ubah jadwal forum terpilih**")
                    u1, u2, u3 = st.columns(3)
                    tgl_u = u1.date_input(
                        "Tanggal", pd.Timestamp(a["mulai"]).date(), key=f"ubah_tgl_{a['id']}", format="DD/MM/YYYY"
                    )
                    jam_u = u2.time_input("Jam", pd.Timestamp(a["mulai"]).time(), key=f"ubah_jam_{a['id']}")
                    tempat_u = u3.text_input("Tempat", a["tempat"], key=f"ubah_tempat_{a['id']}")
                    agenda_u = st.text_area("Agenda", a["agenda"] or "", key=f"ubah_agenda_{a['id']}", height=68)
                    u4, u5 = st.columns(2)
                    bujur_u = u4.number_input("Bujur", value=a["bujur"], format="%.6f", key=f"ubah_bujur_{a['id']}")
                    lintang_u = u5.number_input(
                        "Lintang", value=a["lintang"], format="%.6f", key=f"ubah_lintang_{a['id']}"
                    )
                    if st.form_submit_button("Simpan perubahan jadwal"):
                        ubah = {
                            **{k: a[k] for k in ("tahap", "kode_forum", "nama")},
                            "mulai": datetime.datetime.combine(tgl_u, jam_u),
                            "tempat": tempat_u,
                            "agenda": agenda_u,
                            "bujur": bujur_u,
                            "lintang": lintang_u,
                        }
                        hasil, galat = ak.simpan_acara(kab.kode, pil.tahun, ubah, a["id"], versi)
                        if galat is not None:
                            akses_data.tampilkan_konflik(galat, kunci_versi, "Jadwal belum diubah.")
                        else:
                            akses_data.lupakan_versi(kunci_versi)
                            pesan = " ".join(ak.md(p.pesan) for p in hasil[1])
                            akses_data.berhasil_lalu_muat_ulang(
                                "Jadwal diubah." + (f" Perhatian: {pesan}" if pesan else " Urutan tahap sudah benar.")
                            )

with tab_fas:
    if tab_fas.open and (a := _pilih_forum()) is not None:
        st.subheader("Tim fasilitator")
        fas = ak.fasilitator(a["id"])
        akses_data.tabel(
            pd.DataFrame({"Nama": fas["nama"], "Unit": fas["unit"], "Peran": fas["peran"].map(da.PERAN_FASILITATOR)}),
            "Belum ada fasilitator.",
        )
        with st.form("form_fasilitator", clear_on_submit=True):
            k1, k2, k3 = st.columns(3)
            nama_f = k1.text_input("Nama", key="fas_nama")
            unit_f = k2.text_input("Unit kerja", key="fas_unit", placeholder="mis. Bappeda, bidang perencanaan")
            peran_f = k3.selectbox("Peran", list(da.PERAN_FASILITATOR), format_func=da.PERAN_FASILITATOR.get)
            if st.form_submit_button("Tambah fasilitator"):
                _, galat = ak.tambah_fasilitator(a["id"], nama_f, unit_f, peran_f)
                if galat is not None:
                    akses_data.tampilkan_galat(galat)
                else:
                    akses_data.berhasil_lalu_muat_ulang(
                        f"{ak.md(nama_f)} ditambahkan sebagai {da.PERAN_FASILITATOR[peran_f]}."
                    )
        if len(fas):
            hapus = st.selectbox(
                "Hapus fasilitator",
                [None, *fas["id"].tolist()],
                key="fas_hapus",
                format_func=lambda i: "—" if i is None else fas.set_index("id").at[i, "nama"],
            )
            if hapus is not None and st.button("Hapus", key="fas_hapus_tombol"):
                _, galat = ak.hapus_fasilitator(a["id"], int(hapus))
                if galat is not None:
                    akses_data.tampilkan_galat(galat, "Fasilitator tidak dihapus.")
                else:
                    akses_data.berhasil_lalu_muat_ulang("Fasilitator dihapus.")
        st.subheader("Bahan forum")
        bahan = a["bahan"] or {}
        set_slide = {s["id"]: s["nama"] for s in ak.daftar_slide(kab.kode)}
        ind = akses_data.daftar_indikator(kab.kode)
        nama_ind = dict(zip(ind["kode"], ind["nama"], strict=True)) if len(ind) else {}
        with st.form("form_bahan"):
            pilih_slide = st.selectbox(
                "Set slide proyektor",
                [None, *set_slide],
                format_func=lambda i: "—" if i is None else set_slide[i],
                index=(
                    [None, *set_slide].index(bahan.get("slide_set_id")) if bahan.get("slide_set_id") in set_slide else 0
                ),
            )
            ringkasan = st.multiselect(
                "Ringkasan data dasar (indikator)",
                list(nama_ind),
                default=[k for k in bahan.get("ringkasan", []) if k in nama_ind],
                format_func=nama_ind.get,
                placeholder="Pilih indikator",
            )
            panduan = st.text_area("Panduan prioritisasi (kriteria, bobot, tata cara)", value=bahan.get("panduan", ""))
            if st.form_submit_button("Simpan bahan"):
                _, galat = ak.atur_bahan(
                    a["id"], {"slide_set_id": pilih_slide, "ringkasan": ringkasan, "panduan": panduan}, int(a["versi"])
                )
                if galat is not None:
                    akses_data.tampilkan_galat(galat)
                else:
                    akses_data.berhasil_lalu_muat_ulang("Bahan forum tersimpan.")
        if bahan.get("slide_set_id") in set_slide:
            st.page_link(
                "pages/halaman/proyektor.py",
                label=f"Buka set slide '{ak.md(set_slide[bahan['slide_set_id']])}' di Proyektor",
                query_params={"set": str(bahan["slide_set_id"])},
                icon=":material/co_present:",
            )

with tab_und:
    if tab_und.open and (a := _pilih_forum()) is not None:
        peserta.undangan(a, kab)

with tab_hadir:
    if tab_hadir.open and (a := _pilih_forum()) is not None:
        peserta.daftar_hadir(a, kab)

with tab_not:
    if tab_not.open and (a := _pilih_forum()) is not None:
        cat = ak.notulen(a["id"])
        for jenis, label in da.JENIS_NOTULEN.items():
            bagian = cat[cat["jenis"] == jenis]
            st.markdown(f"**{label}** ({len(bagian)})")
            for r in bagian.itertuples():
                rujukan = f" — usulan {', '.join(map(str, r.usulan_id))}" if len(r.usulan_id) else ""
                st.text(f"• {r.teks}{rujukan}")
        usul = ak.usulan_forum(a)
        label_usul = {int(r.id): f"{r.id} — {r.uraian}"[:90] for r in usul.itertuples()}
        with st.form("form_notulen", clear_on_submit=True):
            jenis = st.selectbox("Jenis", list(da.JENIS_NOTULEN), format_func=da.JENIS_NOTULEN.get, key="not_jenis")
            teks_n = st.text_area("Catatan", key="not_teks")
            terkait = st.multiselect(
                "Usulan terkait (keputusan)",
                list(label_usul),
                format_func=label_usul.get,
                key="not_usulan",
                placeholder="Pilih usulan",
            )
            if st.form_submit_button("Tambah ke notulen", type="primary"):
                _, galat = ak.tambah_notulen(a["id"], jenis, teks_n, terkait)
                if galat is not None:
                    akses_data.tampilkan_galat(galat)
                else:
                    akses_data.berhasil_lalu_muat_ulang("Notulen ditambah.")
        if len(cat):
            hapus_n = st.selectbox(
                "Hapus catatan yang salah tulis",
                [None, *cat["id"].tolist()],
                key="not_hapus",
                format_func=lambda i: "—" if i is None else str(cat.set_index("id").at[i, "teks"])[:80],
            )
            if hapus_n is not None and st.button("Hapus catatan", key="not_hapus_tombol"):
                ak.hapus_notulen(a["id"], int(hapus_n))
                akses_data.berhasil_lalu_muat_ulang("Catatan dihapus (tercatat di audit).")

with tab_ink:
    if tab_ink.open and (a := _pilih_forum()) is not None:
        inkl, per_kelompok = ak.inklusi(a)
        if inkl.hadir == 0:
            st.info(
                "Daftar hadir forum ini belum dicatat: angka inklusi belum ada (bukan 0 %).", icon=":material/info:"
            )
        k = st.columns(4)
        k[0].metric("Diundang", angka(inkl.diundang))
        k[1].metric(
            "Hadir",
            angka(inkl.hadir) if inkl.hadir else "—",
            help="Undangan yang hadir ÷ undangan" if inkl.persen_kehadiran is not None else None,
        )
        k[2].metric("Perempuan", persen(inkl.persen_perempuan) if inkl.persen_perempuan is not None else "—")
        k[3].metric("Kelompok rentan", persen(inkl.persen_rentan) if inkl.persen_rentan is not None else "—")
        if inkl.persen_kehadiran is not None:
            st.caption(
                f"Kehadiran undangan: {persen(inkl.persen_kehadiran)} ({angka(inkl.hadir_diundang)} dari "
                f"{angka(inkl.diundang)}); datang tanpa undangan: {angka(inkl.hadir - inkl.hadir_diundang)}."
            )
        if inkl.tidak_terwakili:
            st.warning(
                "Kategori yang diharapkan tetapi tidak hadir: "
                + ", ".join(da.KATEGORI_PESERTA[x][0] for x in inkl.tidak_terwakili),
                icon=":material/groups:",
            )
        akses_data.tabel(
            pd.DataFrame(
                {
                    "Kategori": [da.KATEGORI_PESERTA[x][0] for x in inkl.per_kategori],
                    "Hadir": list(inkl.per_kategori.values()),
                }
            ),
            "Belum ada kehadiran tercatat.",
        )
        st.subheader("Usulan menurut kelompok pengusul")
        akses_data.tabel(
            pd.DataFrame(
                {
                    "Kelompok": per_kelompok["kelompok"],
                    "Jumlah": per_kelompok["jumlah"],
                    "ID usulan": per_kelompok["usulan_id"].map(lambda x: ", ".join(map(str, x))),
                }
            ),
            "Tidak ada usulan di wilayah forum ini.",
        )
        if int(per_kelompok["ditebak"].sum()):
            st.caption(
                f"{int(per_kelompok['ditebak'].sum())} usulan dikelompokkan dari nama pengusulnya karena jenis "
                "pengusul yang tercatat umum (mis. RT/RW): periksa dan perbaiki jenis pengusul di halaman Usulan."
            )
