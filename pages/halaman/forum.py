"""Forum: decide on the usulan at a tier (one by one or top N), carry over what is not agreed,
the tier map by status, the berita acara PDF and the SIPD export."""

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

import pages as akses_data
from geo.domain import definitions
from geo.domain import prioritas as pr
from geo.domain.format import angka, rupiah
from geo.domain.forum import KEPUTUSAN, keputusan_n_teratas, tahap_berikut
from geo.render import maps, peta_usulan
from geo.render.ekspor import xlsx_sipd

pil: akses_data.Pilihan = st.session_state["pilihan"]
kab = pil.kabupaten
st.title("Forum")
akses_data.tampilkan_pesan_berhasil()
k1, k2 = st.columns(2)
tahap = k1.selectbox(
    "Tahap forum", list(definitions.TAHAP_FORUM), format_func=definitions.TAHAP_FORUM.get, key="tahap_forum"
)
kec = akses_data.wilayah(kab.kode, "kecamatan")
kode_kec = k2.selectbox(
    "Kecamatan",
    [None, *kec["kode"]],
    key="kec_forum",
    format_func=lambda k: "Semua kecamatan" if k is None else kec.set_index("kode").at[k, "nama"],
)
semua = akses_data.usulan_peta(kab.kode, pil.tahun, tahap, kode_kec)
st.caption(
    f"{len(semua)} usulan {pil.tahun} di {definitions.TAHAP_FORUM[tahap]} · "
    f"{int((semua['status'] == 'diajukan').sum())} menunggu keputusan"
)

tab_daftar, tab_peta, tab_keluaran = st.tabs(["Daftar & keputusan", "Peta per status", "Berita acara & ekspor"])
with tab_peta:
    klaster = st.toggle(
        "Kelompokkan titik yang rapat (klaster)", value=len(semua) > peta_usulan.BATAS_KLASTER, key="klaster"
    )
    lapisan, _ = akses_data.lapisan_beranda(kab.kode, "kecamatan")
    m = maps.peta_wilayah(lapisan)
    peta_usulan.tambah_usulan(
        m, semua, semua["status"].map(definitions.WARNA_STATUS), semua["status"].map(definitions.STATUS_USULAN), klaster
    )
    ada = [s for s in definitions.WARNA_STATUS if (semua["status"] == s).any()]
    maps.Legenda(
        maps.legenda_kategori_html(
            [
                (definitions.WARNA_STATUS[s], f"{definitions.STATUS_USULAN[s]} ({int((semua['status'] == s).sum())})")
                for s in ada
            ]
        )
    ).add_to(m)
    st_folium(m, height=560, width="stretch", returned_objects=[], key=f"peta-forum-{tahap}-{kode_kec}-{klaster}")

with tab_keluaran:
    kode_forum = kode_kec if tahap in ("kecamatan",) and kode_kec else pr.SEMUA_FORUM
    nama = kec.set_index("kode").at[kode_kec, "nama"] if kode_forum != pr.SEMUA_FORUM else "seluruh kabupaten"
    st.markdown(
        f"**Berita acara {definitions.TAHAP_FORUM[tahap]} — {nama}**: daftar usulan prioritas per perangkat "
        "daerah, daftar usulan belum disepakati, total terhadap pagu, dan peta."
    )
    if st.button("Buat berita acara (PDF)", key="buat_ba"):
        st.session_state["ba_pdf"] = (
            tahap,
            kode_forum,
            akses_data.berita_acara(kab.kode, pil.tahun, tahap, kode_forum),
        )
    ba = st.session_state.get("ba_pdf")
    if ba and ba[:2] == (tahap, kode_forum):
        st.download_button(
            "Unduh berita acara (PDF)",
            ba[2],
            f"berita-acara-{tahap}-{kode_forum.replace('*', 'semua')}-{pil.tahun}.pdf",
            "application/pdf",
            key="unduh_ba",
        )
    st.download_button(
        "Unduh daftar usulan tahap ini (XLSX, kolom SIPD)",
        lambda: xlsx_sipd(semua, f"Usulan {pil.tahun} di {definitions.TAHAP_FORUM[tahap]} — {nama}"),  # on click
        f"usulan-{tahap}-{pil.tahun}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="unduh_sipd",
    )
    st.caption("NIK/KK pengusul tidak pernah diekspor.")

with tab_daftar:
    tampil = pd.DataFrame(
        {
            "ID": semua["id"],
            "Desa": semua["desa"],
            "Kecamatan": semua["kecamatan"],
            "Usulan": semua["uraian"],
            "Volume": semua["volume"].map(angka) + " " + semua["satuan"],
            "Biaya": semua["biaya"].map(rupiah),
            "Perangkat daerah": semua["opd"],
            "Status": semua["status"].map(definitions.STATUS_USULAN),
            "Alasan terakhir": semua["alasan_terakhir"],
        }
    )
    st.dataframe(tampil, hide_index=True, width="stretch", height=300)
    menunggu = semua[semua["status"] == "diajukan"]

    # --- top N -------------------------------------------------------------------------
    if tahap != "kabupaten" and not menunggu.empty:
        with st.expander("Sepakati N prioritas teratas per forum", expanded=False):
            kolom = definitions.KELOMPOK_FORUM[tahap]
            n = st.number_input(
                "N (jumlah prioritas yang dibawa ke tahap berikutnya per forum)",
                min_value=1,
                value=int(definitions.ATURAN_FORUM["n_prioritas_kecamatan"]),
                key="n_teratas",
            )
            forum_bobot = kode_kec if (tahap == "kecamatan" and kode_kec) else pr.SEMUA_FORUM
            bobot, ind, _ = akses_data.bobot_forum(pil.tahun, tahap, forum_bobot)
            kode_ind = pr.indikator_baku(ind, list(akses_data.daftar_indikator(kab.kode)["kode"]))
            hasil = pr.hitung_forum(
                menunggu, tahap, bobot, akses_data.kebutuhan_desa(kab.kode, kode_ind, pil.tahun), {}
            )
            rencana = keputusan_n_teratas(hasil, int(n), kolom)
            terima = sum(1 for r in rencana if r[1] == "diterima")
            berikut = tahap_berikut(tahap)
            st.caption(
                "Peringkat memakai bobot yang disimpan di halaman Prioritas "
                f"({'forum ini' if forum_bobot != pr.SEMUA_FORUM else 'tahap ini'}). Hasil: {terima} diterima dan "
                f"dibawa ke {definitions.TAHAP_FORUM[berikut]}, {len(rencana) - terima} ditunda "
                "(dibawa ke tahun berikutnya)."
            )
            if st.button(f"Terapkan {int(n)} teratas", key="terapkan_n", type="primary"):
                posisi, galat = akses_data.putuskan_massal(rencana)
                if galat is not None:
                    akses_data.tampilkan_galat(galat, "Tidak ada keputusan yang disimpan.")
                else:
                    akses_data.berhasil_lalu_muat_ulang(
                        f"{terima} usulan diterima, {len(rencana) - terima} ditunda; semua tercatat di riwayat."
                    )

    # --- one by one ---------------------------------------------------------------------
    if menunggu.empty:
        st.info("Tidak ada usulan yang menunggu keputusan di tahap ini.")
    else:
        st.subheader("Keputusan")
        baris = menunggu.set_index("id")
        uid = st.selectbox(
            "Usulan",
            list(baris.index),
            key="usulan_forum",
            format_func=lambda i: f"#{i} · {baris.at[i, 'desa']} · {baris.at[i, 'uraian']}",
        )
        with st.form("form_keputusan"):
            keputusan = st.radio(
                "Keputusan",
                KEPUTUSAN,
                format_func=definitions.STATUS_USULAN.get,
                horizontal=True,
                key="keputusan_forum",
            )
            alasan = st.text_input("Alasan (dibacakan di forum)", key="alasan_forum")
            kirim = st.form_submit_button("Simpan keputusan", type="primary")
        kunci = f"usulan-{uid}"
        dilihat = akses_data.versi_dibuka(kunci, int(baris.at[uid, "versi"]))
        if kirim:
            posisi, galat = akses_data.putuskan(int(uid), keputusan, alasan, dilihat)
            if galat:
                akses_data.tampilkan_konflik(galat, kunci, "Keputusan belum disimpan.")
            else:
                akses_data.lupakan_versi(kunci)
                st.success(
                    f"Usulan #{uid}: {definitions.STATUS_USULAN[keputusan].lower()}; kini di "
                    f"{definitions.TAHAP_FORUM[posisi.tahap]} ({definitions.STATUS_USULAN[posisi.status].lower()})."
                )
        st.subheader(f"Riwayat usulan #{uid}")
        st.dataframe(akses_data.riwayat_usulan(int(uid)), hide_index=True, width="stretch")

    # --- not agreed, carry-over ---------------------------------------------------------
    belum = semua[semua["status"].isin(["ditolak", "ditunda", "dikembalikan"])]
    st.subheader(f"Belum disepakati ({len(belum)})")
    if belum.empty:
        st.caption("Semua usulan di tahap ini sudah disepakati atau masih menunggu.")
    else:
        st.dataframe(
            pd.DataFrame(
                {
                    "ID": belum["id"],
                    "Desa": belum["desa"],
                    "Usulan": belum["uraian"],
                    "Biaya": belum["biaya"].map(rupiah),
                    "Status": belum["status"].map(definitions.STATUS_USULAN),
                    "Alasan": belum["alasan_terakhir"],
                    "Lanjut tahun depan": belum["lanjut_tahun_depan"],
                }
            ),
            hide_index=True,
            width="stretch",
        )
        lanjut = belum[belum["lanjut_tahun_depan"]]
        if not lanjut.empty and st.button(
            f"Bawa {len(lanjut)} usulan ditunda ke tahun {pil.tahun + 1}", key="bawa_lanjut"
        ):
            baru, galat = akses_data.bawa_ke_tahun_depan([int(i) for i in lanjut["id"]])
            if galat is not None:
                akses_data.tampilkan_galat(galat)
            else:
                akses_data.berhasil_lalu_muat_ulang(
                    f"{len(baru)} usulan dibawa ke tahun {pil.tahun + 1} (yang sudah pernah dibawa dilewati)."
                )
