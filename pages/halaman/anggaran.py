"""DIPA & Renja: the DIPA Musrenbang (PDF, XLSX), Renja per perangkat daerah and the RKPD recap (XLSX in SIPD
fields, map by OPD), DPA lines with detail rows and the monthly cash plan (RAK) per version, and the trace of
an usulan from desa to realisasi (the same function as the public Lacak Usulan page)."""

import pandas as pd
import streamlit as st

import pages as akses_data
from geo.domain import anggaran as ang
from geo.domain.format import angka, angka_pas, rupiah, rupiah_ringkas
from geo.domain.jejak import asal_baris, jejak_usulan
from geo.domain.monitoring import BULAN
from geo.render import dipa as keluaran
from pages.akses import anggaran as akses_ang
from pages.akses.peta_data import peta_tematik

pil: akses_data.Pilihan = st.session_state["pilihan"]
kab = pil.kabupaten
pelaku = akses_data.pengguna()
st.title("DIPA & Renja")

daftar_tahun = sorted(set(akses_ang.tahun_sepakat(kab.kode)) | set(akses_ang.tahun_renja(kab.kode)), reverse=True)
if not daftar_tahun:
    st.info("Belum ada usulan yang disepakati Musrenbang Kabupaten/Kota di kabupaten ini.")
    st.stop()
tahun = st.selectbox(
    "Tahun anggaran",
    daftar_tahun,
    index=daftar_tahun.index(pil.tahun) if pil.tahun in daftar_tahun else 0,
    key="ag_tahun",
)
judul = f"{kab.nama}, tahun anggaran {tahun}"
tab_dipa, tab_renja, tab_rkpd, tab_dpa, tab_lacak = st.tabs(
    ["DIPA Musrenbang", "Renja perangkat daerah", "RKPD", "DPA & RAK", "Lacak usulan"]
)

with tab_dipa:
    data = akses_ang.dipa(kab.kode, int(tahun))
    b = data.baris
    k = st.columns(3)
    k[0].metric("Baris DIPA", angka(len(b)))
    k[1].metric("Usulan disepakati", angka(len(data.usulan)))
    k[2].metric("Pagu indikatif", rupiah_ringkas(float(b["pagu"].sum()) if len(b) else 0.0))
    tampil = keluaran.tabel_dipa(b)
    tampil["Pagu indikatif (Rp)"] = tampil["Pagu indikatif (Rp)"].map(rupiah)
    tampil["Target keluaran"] = tampil["Target keluaran"].map(angka_pas)
    kunci = ["Perangkat daerah", "Kode sub-kegiatan", "Sub-kegiatan", "Pagu indikatif (Rp)", "Usulan yang dijawab"]
    akses_data.tabel(
        tampil[kunci + [k for k in tampil.columns if k not in kunci and k not in ("Kode program", "Kode kegiatan")]],
        "Belum ada baris DIPA.",
    )
    if len(data.tanpa_padanan) or len(data.kamus_tanpa_padanan):
        st.warning(
            "Item kamus berikut belum dipadankan ke sub-kegiatan; usulannya tidak masuk DIPA sampai padanannya dimuat "
            "(kolom kode_sub_kegiatan pada `load kamus`). PetaRencana tidak menebaknya.",
            icon=":material/link_off:",
        )
        akses_data.tabel(
            pd.DataFrame(
                {
                    "Item kamus": data.kamus_tanpa_padanan["kode"],
                    "Nama": data.kamus_tanpa_padanan["nama"],
                    "Perangkat daerah": data.kamus_tanpa_padanan["opd"],
                }
            ),
            "Semua item kamus sudah dipadankan.",
        )
        t = data.tanpa_padanan
        akses_data.tabel(
            pd.DataFrame(
                {"Usulan": t["id"], "Item kamus": t["kode_kamus"], "Uraian": t["uraian"], "Alasan": t["alasan"]}
            ),
            "Tidak ada usulan tanpa padanan.",
        )
    a, c = st.columns(2)
    a.download_button(
        "Unduh DIPA (PDF)",
        keluaran.pdf_dipa(b, data.tanpa_padanan, f"DIPA Musrenbang — {judul}"),
        file_name=f"dipa-musrenbang-{tahun}.pdf",
        key="ag_pdf_dipa",
        icon=":material/picture_as_pdf:",
    )
    c.download_button(
        "Unduh DIPA (XLSX)",
        keluaran.xlsx_dipa(b, data.tanpa_padanan, f"DIPA Musrenbang — {judul}"),
        file_name=f"dipa-musrenbang-{tahun}.xlsx",
        key="ag_xlsx_dipa",
        icon=":material/table_view:",
    )

rkpd = akses_ang.renja(kab.kode, int(tahun))


def _tabel_renja(r: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Baris": r["id"],
            "Perangkat daerah": r["opd"],
            "Sub-kegiatan": r["kode_sub_kegiatan"] + " " + r["nama_sub_kegiatan"].fillna(""),
            "Lokasi": r["lokasi"].fillna(r["kode_wilayah"]),
            "Target": [f"{angka_pas(v)} {s}" for v, s in zip(r["target_volume"], r["satuan"], strict=True)],
            "Indikator": r["indikator"],
            "Pagu indikatif": r["pagu_indikatif"].map(rupiah),
            "Asal": r["asal"].map(ang.ASAL_RENJA),
            "Menjawab usulan": [asal_baris(a, u) for a, u in zip(r["asal"], r["usulan_id"], strict=True)],
        }
    )


with tab_renja:
    dipa_th = akses_ang.dipa(kab.kode, int(tahun))
    daftar_opd = sorted(set(rkpd["opd"]) | set(dipa_th.usulan["opd"]))
    if not daftar_opd:
        st.info("Belum ada baris Renja maupun usulan yang disepakati untuk tahun ini.")
    else:
        awal_opd = pelaku.opd if pelaku.opd in daftar_opd else daftar_opd[0]
        opd = st.selectbox("Perangkat daerah", daftar_opd, index=daftar_opd.index(awal_opd), key="ag_opd")
        r = rkpd[rkpd["opd"] == opd]
        akses_data.tabel(_tabel_renja(r), "Belum ada baris Renja untuk perangkat daerah ini.")
        if len(r):
            st.download_button(
                "Unduh Renja (XLSX, kolom SIPD)",
                keluaran.xlsx_renja(r, int(tahun), f"Renja {opd} — {judul}"),
                file_name=f"renja-{tahun}.xlsx",
                key="ag_xlsx_renja",
                icon=":material/table_view:",
            )
        if pelaku.boleh("renja.tulis") and (pelaku.opd is None or pelaku.opd == opd):
            if st.button(
                "Susun baris Musrenbang dari skenario sinkronisasi terakhir",
                key="ag_susun",
                icon=":material/playlist_add:",
                help="Satu baris per usulan yang tetap dalam plafon (semua usulan disepakati bila belum ada skenario); "
                "usulan yang sudah ada di Renja dilewati.",
            ):
                ids, galat = akses_ang.renja_dari_skenario(kab.kode, int(tahun), opd, pelaku)
                if galat is not None:
                    akses_data.tampilkan_galat(galat)
                else:
                    akses_data.berhasil_lalu_muat_ulang(f"{len(ids)} baris Renja ditambahkan.")
            with st.form("ag_form_renja"):
                st.markdown("**Tambah baris rencana teknokratis atau pokok pikiran DPRD**")
                nom = akses_ang.nomenklatur()
                sub = nom[nom["tingkat"] == "sub_kegiatan"]
                f1, f2 = st.columns(2)
                kode_sub = f1.selectbox(
                    "Sub-kegiatan",
                    sub["kode"].tolist(),
                    format_func=lambda k: f"{k} {sub.set_index('kode').at[k, 'nama']}",
                )
                asal = f2.selectbox("Asal", ["teknokratis", "pokir"], format_func=ang.ASAL_RENJA.get)
                uraian = st.text_input("Uraian")
                f3, f4, f5 = st.columns(3)
                target = f3.number_input("Target volume", min_value=0.0, value=1.0)
                satuan = f4.text_input("Satuan", value="unit")
                pagu = f5.number_input("Pagu indikatif (Rp)", min_value=0.0, step=1_000_000.0, format="%.0f")
                if st.form_submit_button("Tambah baris", icon=":material/add:"):
                    baris = pd.DataFrame(
                        [
                            {
                                "opd": opd, "kode_sub_kegiatan": kode_sub, "kode_wilayah": kab.kode, "uraian": uraian,
                                "target_volume": target, "satuan": satuan, "pagu_indikatif": pagu, "asal": asal,
                                "usulan_id": [],
                            }
                        ]
                    )  # fmt: skip
                    ids, galat = akses_ang.tambah_renja(kab.kode, int(tahun), baris, f"baris {asal}", pelaku)
                    if galat is not None:
                        akses_data.tampilkan_galat(galat)
                    else:
                        akses_data.berhasil_lalu_muat_ulang("Baris Renja ditambahkan.")

with tab_rkpd:
    if rkpd.empty:
        st.info("Belum ada baris Renja untuk tahun ini.")
    else:
        rekap = rkpd.pivot_table(index="opd", columns="asal", values="pagu_indikatif", aggfunc="sum", fill_value=0.0)
        rekap = rekap.reindex(columns=list(ang.ASAL_RENJA), fill_value=0.0)
        tabel_rekap = pd.DataFrame(
            {"Perangkat daerah": rekap.index, "Baris": rkpd.groupby("opd").size().reindex(rekap.index)}
        )
        for kode, label in ang.ASAL_RENJA.items():
            tabel_rekap[label] = rekap[kode].map(rupiah).to_numpy()
        tabel_rekap["Pagu indikatif"] = rekap.sum(axis=1).map(rupiah).to_numpy()
        akses_data.tabel(tabel_rekap, "Tidak ada baris.")
        st.download_button(
            "Unduh RKPD (XLSX, kolom SIPD)",
            keluaran.xlsx_renja(rkpd, int(tahun), f"RKPD — {judul}"),
            file_name=f"rkpd-{tahun}.xlsx",
            key="ag_xlsx_rkpd",
            icon=":material/table_view:",
        )
        data_th = akses_ang.dipa(kab.kode, int(tahun))
        ada = set(data_th.usulan["id"])
        titik = rkpd.explode("usulan_id").dropna(subset=["usulan_id"])
        titik = titik[titik["usulan_id"].isin(ada)]
        if len(titik):
            st.markdown("**Peta baris RKPD menurut perangkat daerah** (lokasi usulan yang dijawab)")
            kr = akses_ang.kerangka_usulan(kab.kode, int(tahun), titik["usulan_id"].astype(int).tolist())
            props, teks, legenda = keluaran.properti_opd(kr, titik)
            peta_tematik(kr, props, legenda, tinggi=440, key="peta-rkpd", teks=teks)
        st.markdown("**Tumpang tindih antar perangkat daerah**")
        st.caption(
            "Aturan duplikat halaman Usulan (lokasi berdekatan, kegiatan sejenis, uraian mirip) pada baris Renja dua "
            "OPD; baris tanpa lokasi usulan dibandingkan menurut kode wilayahnya."
        )
        tt = akses_ang.tumpang_tindih_rkpd(kab.kode, int(tahun))
        akses_data.tabel(
            pd.DataFrame(
                {
                    "Baris A": tt["id_a"],
                    "OPD A": tt["opd_a"],
                    "Uraian A": tt["uraian_a"],
                    "Baris B": tt["id_b"],
                    "OPD B": tt["opd_b"],
                    "Uraian B": tt["uraian_b"],
                    "Jarak": [("wilayah sama" if pd.isna(j) else f"{angka(j)} m") for j in tt["jarak_m"]],
                }
            ),
            "Tidak ada tumpang tindih antar perangkat daerah di RKPD ini.",
        )
        tanpa = rkpd[rkpd["usulan_id"].map(len) == 0]
        if len(tanpa):
            st.caption(f"{len(tanpa)} baris teknokratis/pokir berlokasi tingkat kabupaten (tidak di peta).")

with tab_dpa:
    versi, baris_v, rinci_v, rak = akses_ang.dpa(kab.kode, int(tahun))
    if versi.empty:
        st.info("Belum ada DPA untuk tahun ini.")
        if pelaku.boleh("dpa.tulis") and len(rkpd):
            st.caption(
                "DPA murni diusulkan dari baris Renja: pagu = pagu indikatif, rincian dari usulan yang dijawab (item "
                "kamus, volume, harga satuan), rencana kas menurut profil baku; koreksi per baris lewat pergeseran."
            )
            if st.button("Tetapkan DPA murni dari Renja", key="ag_dpa_murni", icon=":material/approval:"):
                hasil, galat = akses_ang.dpa_murni(kab.kode, int(tahun), pelaku)
                if galat is not None:
                    akses_data.tampilkan_galat(galat)
                else:
                    akses_data.berhasil_lalu_muat_ulang("DPA murni (versi 1) ditetapkan.")
    else:
        v = st.selectbox(
            "Versi DPA",
            versi["versi"].tolist(),
            index=len(versi) - 1,
            format_func=lambda x: (
                f"Versi {x} ({versi.set_index('versi').at[x, 'jenis']}, "
                f"berlaku sejak bulan {versi.set_index('versi').at[x, 'berlaku_bulan']})"
            ),
            key="ag_versi_dpa",
        )
        info = versi.set_index("versi").loc[v]
        st.text(f"Alasan: {info['alasan']} · ditetapkan {info['oleh']} pada {pd.Timestamp(info['waktu']):%d-%m-%Y}")
        d = baris_v[int(v)]
        akses_data.tabel(
            pd.DataFrame(
                {
                    "Baris": d["renja_id"],
                    "Perangkat daerah": d["opd"],
                    "Sub-kegiatan": d["kode_sub_kegiatan"],
                    "Uraian": d["uraian"],
                    "Pagu DPA": d["pagu"].map(rupiah),
                    "Menjawab": [asal_baris(a, u) for a, u in zip(d["asal"], d["usulan_id"], strict=True)],
                }
            ),
            "Tidak ada baris DPA.",
        )
        rv = rak[rak["versi"] == v]
        masalah = ang.periksa_rak(rv, d.set_index("renja_id")["pagu"])
        if masalah:
            st.error(f"{len(masalah)} RAK tidak sama dengan pagu DPA-nya.", icon=":material/error:")
            akses_data.tabel(pd.DataFrame([m.__dict__ for m in masalah]), "")
        pilih = st.selectbox("Rincian dan RAK baris", d["renja_id"].tolist(), key="ag_baris_dpa")
        rc = rinci_v[int(v)]
        rc = rc[rc["renja_id"] == pilih]
        akses_data.tabel(
            pd.DataFrame(
                {
                    "Kode rekening": rc["kode_rekening"],
                    "Komponen": rc["komponen"],
                    "Volume": rc["volume"].map(angka_pas),
                    "Satuan": rc["satuan"],
                    "Harga satuan": rc["harga_satuan"].map(rupiah),
                    "Total": rc["total"].map(rupiah),
                }
            ),
            "Belum ada rincian.",
        )
        bulan = rv[rv["renja_id"] == pilih].set_index("bulan")["nilai"].reindex(range(1, 13), fill_value=0.0)
        akses_data.tabel(
            pd.DataFrame(
                {
                    "Bulan": BULAN,
                    "Rencana kas": bulan.map(rupiah).to_numpy(),
                    "Kumulatif": bulan.cumsum().map(rupiah).to_numpy(),
                }
            ),
            "",
        )
        if pelaku.boleh("dpa.tulis"):
            with st.form("ag_form_dpa"):
                st.markdown(
                    f"**Perubahan/pergeseran baris {pilih}** (membuat versi DPA baru; versi lama tetap terbaca)"
                )
                isian = st.data_editor(
                    pd.DataFrame({"Bulan": BULAN, "Rencana kas": bulan.to_numpy()}),
                    disabled=["Bulan"],
                    hide_index=True,
                    key=f"ag_rak_{v}_{pilih}",
                    column_config={"Rencana kas": st.column_config.NumberColumn(min_value=0, format="localized")},
                )
                g1, g2, g3 = st.columns(3)
                pagu_baru = g1.number_input(
                    "Pagu baris (Rp)",
                    min_value=0.0,
                    value=float(d.set_index("renja_id").at[pilih, "pagu"]),
                    format="%.0f",
                )
                jenis = g2.selectbox("Jenis", ["pergeseran", "perubahan"])
                mulai = g3.number_input(
                    "Berlaku sejak bulan", min_value=1, max_value=12, value=int(info["berlaku_bulan"])
                )
                alasan_dpa = st.text_input("Alasan perubahan")
                if st.form_submit_button("Simpan sebagai versi DPA baru", icon=":material/save:"):
                    hasil, galat = akses_ang.ubah_dpa(
                        kab.kode, int(tahun), jenis, int(mulai), alasan_dpa, {int(pilih): pagu_baru},
                        {int(pilih): isian["Rencana kas"].fillna(0.0).tolist()}, pelaku, int(v),
                    )  # fmt: skip
                    if galat is not None:
                        akses_data.tampilkan_galat(galat, "Tidak ada versi DPA baru.")
                    else:
                        akses_data.berhasil_lalu_muat_ulang(f"DPA versi {hasil} disimpan.")

with tab_lacak:
    st.caption(
        "Jalur satu usulan: desa → kecamatan → forum perangkat daerah → kabupaten → DIPA → Renja → RKPD → DPA → "
        "realisasi."
    )
    nomor = st.number_input("Nomor usulan", min_value=1, step=1, value=None, key="ag_lacak")
    if nomor:
        u = akses_ang.usulan_satu(int(nomor))
        if u is None:
            st.warning(f"Usulan #{int(nomor)} tidak ditemukan.")
        else:
            st.text(f"#{int(nomor)} {u['uraian']}")
            jejak = akses_ang.jejak(int(nomor))
            jalur = jejak_usulan(u["tahap"], u["status"], akses_ang.keputusan(int(nomor)), jejak, u["opd"])
            st.dataframe(
                jalur,
                hide_index=True,
                width="stretch",
                placeholder="–",
                column_order=["Tahap", "Keputusan", "Tanggal", "Alasan"],  # the date before the long reason
                column_config={"Tanggal": st.column_config.DateColumn(format="DD-MM-YYYY")},  # not ISO
            )
