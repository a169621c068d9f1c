"""Forum: decide on the usulan at a tier (one by one or top N), carry over what is not agreed,
the tier map by status, the berita acara PDF and the SIPD export."""

import pandas as pd
import streamlit as st

import pages as akses_data
from geo.domain import definitions
from geo.domain import prioritas as pr
from geo.domain.format import angka, rupiah
from geo.domain.forum import KEPUTUSAN, rencana_sidang, syarat_pengecualian, tahap_berikut
from geo.render import maps
from geo.render.ekspor import xlsx_sipd
from geo.render.peta_usulan import BATAS_KLASTER
from pages.akses.peta_data import peta_usulan

pil: akses_data.Pilihan = st.session_state["pilihan"]
kab = pil.kabupaten
st.title("Forum")
akses_data.tampilkan_pesan_berhasil()
tahap = st.selectbox(
    "Tahap forum", list(definitions.TAHAP_FORUM), format_func=definitions.TAHAP_FORUM.get, key="tahap_forum"
)
kec = akses_data.wilayah(kab.kode, "kecamatan")
kode_kec = pil.kecamatan  # the scope chosen in the sidebar
st.markdown(f"**{definitions.TAHAP_FORUM[tahap]} — {pil.nama_area}**")
semua = akses_data.usulan_peta(kab.kode, pil.tahun, tahap, kode_kec)
ruang = akses_data.ruang_dan_kesiapan(kab.kode, pil.tahun)
semua["verdik"] = semua["id"].map(ruang["verdik"])
semua["kelayakan"] = semua["id"].map(ruang["kelayakan"])
st.caption(
    f"{len(semua)} usulan {pil.tahun} di {definitions.TAHAP_FORUM[tahap]} · "
    f"{int((semua['status'] == 'diajukan').sum())} menunggu keputusan"
)

# only the open tab runs (a map of every usulan is not built while the list is being decided)
tab_daftar, tab_peta, tab_keluaran = st.tabs(
    ["Daftar & keputusan", "Peta per status", "Berita acara & ekspor"], key="tab_forum", on_change="rerun"
)
with tab_peta:
    if tab_peta.open:
        klaster = st.toggle("Kelompokkan titik yang rapat (klaster)", value=len(semua) > BATAS_KLASTER, key="klaster")
        akses_data.keterangan_padat(len(semua))
        ada = [s for s in definitions.WARNA_STATUS if (semua["status"] == s).any()]
        # geometry travels once (static files); a rerun sends a colour index per usulan
        peta_usulan(
            akses_data.peta_beranda(kab.kode, "kecamatan", pil.kecamatan),
            semua,
            semua["status"].map(definitions.WARNA_STATUS),
            semua["status"].map(definitions.STATUS_USULAN),
            maps.legenda_kategori_html(
                [
                    (
                        definitions.WARNA_STATUS[s],
                        f"{definitions.STATUS_USULAN[s]} ({int((semua['status'] == s).sum())})",
                    )
                    for s in ada
                ]
            ),
            key="peta-forum",
            klaster=klaster,
        )

with tab_keluaran:
    if tab_keluaran.open:
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
    if tab_daftar.open:
        daftar = akses_data.sepotong(semua, f"forum_{tahap}")  # only the rows of the page shown are formatted
        tampil = pd.DataFrame(
            {
                "ID": daftar["id"],
                "Usulan": daftar["uraian"],
                "Desa": daftar["desa"],
                "Biaya": daftar["biaya"].map(rupiah),
                "Kesesuaian ruang": daftar["verdik"].map(
                    lambda v: definitions.VERDIK[v].nama if pd.notna(v) else "belum diperiksa"
                ),
                "Kelayakan": daftar["kelayakan"].fillna("belum dinilai"),
                "Status": daftar["status"].map(definitions.STATUS_USULAN),
                "Kecamatan": daftar["kecamatan"],
                "Volume": daftar["volume"].map(angka).astype(str) + " " + daftar["satuan"].astype(str),
                "Perangkat daerah": daftar["opd"],
                "Alasan terakhir": daftar["alasan_terakhir"].fillna("–"),
            }
        )
        st.dataframe(tampil, hide_index=True, width="stretch", height=300, placeholder="–")
        menunggu = semua[semua["status"] == "diajukan"]
        kolom = definitions.KELOMPOK_FORUM[tahap]
        pagu = akses_data.pagu(pil.tahun, definitions.JENIS_PAGU[tahap])
        terpakai = akses_data.pagu_terpakai(kab.kode, pil.tahun, tahap)

        # --- top N within the remaining pagu ---------------------------------------------------
        if tahap != "kabupaten" and not menunggu.empty:
            with st.expander("Sepakati N prioritas teratas per forum (dalam sisa pagu)", expanded=False):
                n = st.number_input(
                    "N (jumlah prioritas yang dibawa ke tahap berikutnya per forum)",
                    min_value=1,
                    value=int(definitions.ATURAN_FORUM["n_prioritas_kecamatan"]),
                    key="n_teratas",
                )
                forum_bobot = kode_kec if (tahap == "kecamatan" and kode_kec) else pr.SEMUA_FORUM
                bobot, ind, _ = akses_data.bobot_forum(pil.tahun, tahap, forum_bobot)
                metode = akses_data.metode_forum(pil.tahun, tahap, forum_bobot)
                kode_ind = pr.indikator_baku(ind, list(akses_data.daftar_indikator(kab.kode)["kode"]))
                rencana = rencana_sidang(
                    menunggu,
                    tahap,
                    bobot,
                    akses_data.kebutuhan_desa(kab.kode, kode_ind, pil.tahun),
                    pagu,
                    metode,
                    terpakai,
                    int(n),
                )
                berikut = tahap_berikut(tahap)
                terima = rencana[rencana["keputusan"] == "diterima"]
                tunda = rencana[rencana["keputusan"] == "ditunda"]
                sendiri = rencana[rencana["keputusan"].isna()]
                st.caption(
                    f"Memakai bobot dan aturan pemilihan ({definitions.METODE_PAGU[metode].lower()}) yang disimpan "
                    f"di halaman Prioritas ({'forum ini' if forum_bobot != pr.SEMUA_FORUM else 'tahap ini'}) "
                    "dan sisa pagu "
                    f"tiap forum. Akan diterima dan dibawa ke {definitions.TAHAP_FORUM[berikut]}: {len(terima)} usulan "
                    f"({rupiah(terima['biaya'].sum())}); ditunda ke tahun berikutnya: {len(tunda)}; perlu keputusan "
                    f"tersendiri karena kesesuaian ruang: {len(sendiri)}."
                )
                uraian = semua.set_index("id")["uraian"]
                st.dataframe(
                    pd.DataFrame(
                        {
                            "ID": rencana["id"],
                            "Keputusan": rencana["keputusan"]
                            .map(definitions.STATUS_USULAN)
                            .fillna("keputusan tersendiri"),
                            "Usulan": rencana["id"].map(uraian),
                            "Peringkat": rencana["peringkat"],
                            "Biaya": rencana["biaya"].map(rupiah),
                            "Kesesuaian ruang": rencana["verdik"].map(
                                lambda v: definitions.VERDIK[v].nama if pd.notna(v) else "belum diperiksa"
                            ),
                            "Sebab": rencana["sebab"],
                        }
                    ),
                    hide_index=True,
                    placeholder="–",
                    width="stretch",
                    height=260,
                )
                yakin = st.checkbox("Daftar di atas sudah diperiksa dan dibacakan di forum", key="yakin_n_teratas")
                daftar_kini = [
                    (int(r.id), r.keputusan, r.sebab, int(r.versi))
                    for r in rencana.itertuples()
                    if pd.notna(r.keputusan)
                ]
                # the list as read out is frozen when it is confirmed: its versions go to the store, so a change
                # by someone else in between is refused, never silently decided
                kunci_rencana = f"rencana_dibacakan_{tahap}_{kode_kec}_{int(n)}"
                if yakin:
                    dibacakan = st.session_state.setdefault(kunci_rencana, daftar_kini)
                else:
                    st.session_state.pop(kunci_rencana, None)
                    dibacakan = daftar_kini
                berubah = yakin and dibacakan != daftar_kini
                if berubah:
                    st.warning(
                        "Daftar berubah sejak dibacakan (ada usulan yang diubah atau diputuskan orang lain). "
                        "Hapus centang, periksa daftar baru, lalu centang lagi.",
                        icon=":material/sync_problem:",
                    )
                if st.button(
                    f"Terapkan: {len(terima)} diterima, {len(tunda)} ditunda",
                    key="terapkan_n",
                    type="primary",
                    disabled=not yakin or berubah or (terima.empty and tunda.empty),
                ):
                    posisi, galat = akses_data.putuskan_massal(dibacakan)
                    if galat is not None:
                        akses_data.tampilkan_galat(galat, "Tidak ada keputusan yang disimpan.")
                    else:
                        st.session_state.pop(kunci_rencana, None)
                        akses_data.berhasil_lalu_muat_ulang(
                            f"{len(terima)} usulan diterima, {len(tunda)} ditunda; semua tercatat di riwayat "
                            "dan dapat dibatalkan satu per satu selama forum."
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
            r = baris.loc[uid]
            forum_uid = str(r["opd"]) if kolom == "opd" else str(r[kolom])
            sisa = pagu[forum_uid] - terpakai.get(forum_uid, 0.0) if forum_uid in pagu else None
            verdik_uid = r["verdik"] if pd.notna(r["verdik"]) else None
            st.markdown(
                f"Biaya **{rupiah(r['biaya'])}** · kesesuaian ruang **"
                f"{definitions.VERDIK[verdik_uid].nama if verdik_uid else 'belum diperiksa'}** · kelayakan **"
                f"{r['kelayakan'] if pd.notna(r['kelayakan']) else 'belum dinilai'}** · sisa pagu forum **"
                f"{rupiah(sisa) if sisa is not None else 'tidak ditetapkan'}**"
            )
            syarat = syarat_pengecualian(verdik_uid, float(r["biaya"]), sisa)
            if syarat:
                st.warning(
                    "Menerima usulan ini memerlukan alasan pengecualian yang dicatat di riwayat: "
                    + "; ".join(syarat)
                    + ".",
                    icon=":material/warning:",
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
                pengecualian = (
                    st.text_input("Alasan pengecualian (wajib bila tetap diterima)", key="alasan_pengecualian")
                    if syarat
                    else None
                )
                kirim = st.form_submit_button("Simpan keputusan", type="primary")
            kunci = f"usulan-{uid}"
            dilihat = akses_data.versi_dibuka(kunci, int(r["versi"]))
            if kirim:
                posisi, galat = akses_data.putuskan(int(uid), keputusan, alasan, dilihat, pengecualian)
                if galat:
                    akses_data.tampilkan_konflik(galat, kunci, "Keputusan belum disimpan.")
                else:
                    akses_data.lupakan_versi(kunci)
                    st.success(
                        f"Usulan #{uid}: {definitions.STATUS_USULAN[keputusan].lower()}; kini di "
                        f"{definitions.TAHAP_FORUM[posisi.tahap]} ({definitions.STATUS_USULAN[posisi.status].lower()})."
                    )
            st.subheader(f"Riwayat usulan #{uid}")
            akses_data.tabel(akses_data.riwayat_usulan(int(uid)), "Belum ada perubahan tercatat untuk usulan ini.")

        # --- undo during the forum -------------------------------------------------------------
        diputus = akses_data.keputusan_forum(kab.kode, pil.tahun, tahap)
        if kode_kec:
            diputus = diputus[diputus["id"].isin(akses_data.usulan_peta(kab.kode, pil.tahun, None, kode_kec)["id"])]
        if not diputus.empty:
            with st.expander(f"Batalkan keputusan di tahap ini ({len(diputus)} usulan sudah diputus)"):
                st.caption(
                    "Pembatalan dicatat sebagai keputusan tersendiri di riwayat (tidak ada yang dihapus); usulan "
                    "kembali menunggu keputusan di tahap ini. Hanya keputusan terakhir yang belum diikuti "
                    "keputusan lain."
                )
                d = diputus.set_index("id")
                batal = st.selectbox(
                    "Usulan",
                    list(d.index),
                    key="usulan_batal",
                    format_func=lambda i: (
                        f"#{i} · {definitions.STATUS_USULAN.get(d.at[i, 'keputusan'], d.at[i, 'keputusan'])}"
                        f" · {d.at[i, 'alasan']}"
                    ),
                )
                alasan_batal = st.text_input("Alasan pembatalan", key="alasan_batal")
                kini = akses_data.usulan_peta(kab.kode, pil.tahun, ids=[int(batal)])
                kunci_batal = f"batal-{batal}"
                # the version when this usulan was first shown here: a change by someone else meanwhile is refused
                dilihat = akses_data.versi_dibuka(kunci_batal, int(kini["versi"].iloc[0]))
                if st.button("Batalkan keputusan ini", key="batalkan_keputusan"):
                    posisi, galat = akses_data.batalkan_keputusan(int(batal), dilihat, alasan_batal)
                    if galat is not None:
                        akses_data.tampilkan_konflik(galat, kunci_batal, "Keputusan tidak dibatalkan.")
                    else:
                        akses_data.lupakan_versi(kunci_batal)
                        akses_data.berhasil_lalu_muat_ulang(
                            f"Keputusan atas usulan #{batal} dibatalkan; usulan kembali menunggu di "
                            f"{definitions.TAHAP_FORUM[posisi.tahap]}."
                        )

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
                placeholder="–",
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
