"""Usulan: capture on the map (pin, line or polygon), bulk import, and look up / edit one usulan."""

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

import pages as akses_data
from geo.domain import definitions
from geo.domain import usulan as rek
from geo.domain.format import angka, persen, rupiah
from geo.domain.ukur import AMBANG_SELISIH, satuan_ukur, selisih_ukur, volume_dari_geometri
from geo.domain.usulan import geometri_sketsa
from geo.render import maps, peta_usulan
from pages.akses.peta_data import peta_tangkap
from pipelines.muat import OpsiUsulan, templat_usulan, templat_usulan_xlsx

pil: akses_data.Pilihan = st.session_state["pilihan"]
kab = pil.kabupaten
st.title("Usulan")
akses_data.tampilkan_pesan_berhasil()

MODE = {"baru": "Usulan baru", "impor": "Impor massal", "cari": "Cari & ubah usulan"}
if "id" in st.query_params and "mode_usulan" not in st.session_state:
    st.session_state["mode_usulan"] = "cari"
mode = st.segmented_control("Mode", list(MODE), format_func=MODE.get, key="mode_usulan", default="baru") or "baru"
kamus = akses_data.kamus_usulan()
desa = akses_data.wilayah(kab.kode, "desa").set_index("kode")

#: Widgets of the capture form that go back to their defaults after a save (the kamus item
#: and the shape stay: the next usulan is often of the same kind).
KUNCI_FORMULIR = (
    "masalah_usulan",
    "uraian_usulan",
    "alamat_usulan",
    "pengusul_usulan",
    "tingkat_pengusul",
    "nik_usulan",
    "kk_usulan",
    "sumber_dana",
    "penerima_laki",
    "penerima_perempuan",
    "penerima_rentan",
    "status_lahan",
    "sertifikat",
    "gambar_teknis",
    "rab",
    "urgensi",
    "dampak",
    "selaras_rpjmd",
    "volume_usulan",
    "ubah_biaya",
    "biaya_usulan",
    "alasan_biaya",
    "desa_usulan",
    "desa_turunan",
    "abaikan_duplikat",
    "duplikat_usulan",
    "_ukur_jejak",
)
BENTUK = ["titik", "garis", "poligon"]
#: Other usulan drawn on the capture map as context, at most.
BATAS_PETA = 2000


def _forum_berikutnya(nama_desa: str) -> str:
    return (
        f"Usulan ini akan dibahas di Musrenbang Desa/Kelurahan {nama_desa}; bila diterima naik ke Musrenbang Kecamatan."
    )


def _tambah_simpul(t: tuple[float, float]) -> None:
    """A click on the capture map (in the component's callback, before the run): the pin, or one more vertex."""
    t = (round(t[0], 6), round(t[1], 6))
    simpul = st.session_state.setdefault("simpul_usulan", [])
    if st.session_state.get("jenis_lokasi", "titik") == "titik":
        simpul[:] = [t]
    else:
        simpul.append(t)


def _bentuk_ikut_kamus() -> None:
    """The kamus item sets the shape to draw (the user may still change it afterwards)."""
    kode = st.session_state.get("kamus_usulan")
    if kode in kamus.index and kamus.at[kode, "jenis_geometri"] in BENTUK:
        st.session_state["jenis_lokasi"] = kamus.at[kode, "jenis_geometri"]


# --- capture --------------------------------------------------------------------------
if mode == "baru":
    st.caption(
        "Klik peta untuk menaruh lokasi. Bentuknya mengikuti item kamus: jalan atau saluran digambar sebagai "
        "**garis** (klik titik-titik sepanjang ruas), kawasan sebagai **poligon**; volume terisi dari panjang "
        "atau luas gambar. Desa dan kecamatan diturunkan dari lokasi."
    )
    if st.session_state.pop("_kosongkan_usulan", False):  # the previous usulan was saved: start clean
        for k in KUNCI_FORMULIR:
            st.session_state.pop(k, None)
    simpul: list = st.session_state.setdefault("simpul_usulan", [])
    if "jenis_lokasi" not in st.session_state and not simpul:
        st.session_state.setdefault("kamus_usulan", kamus.index[0])
        _bentuk_ikut_kamus()
    kiri, kanan = st.columns([3, 2])
    with kiri:
        k1, k2, k3 = st.columns([2, 1, 1])
        jenis = k1.radio("Bentuk lokasi", BENTUK, horizontal=True, key="jenis_lokasi")
        if k2.button("Hapus titik terakhir", disabled=not simpul):
            simpul.pop()
        if k3.button("Mulai ulang", disabled=not simpul):
            simpul.clear()
        wadah_peta = st.container()
        basemap = st.checkbox(
            "Peta dasar OpenStreetMap (perlu internet)",
            key="basemap_usulan",
            help="Tanpa internet peta tetap jalan: batas desa, tata ruang dan usulan lain bisa dinyalakan "
            "di kotak lapisan kanan atas peta.",
        )
        # the scope's usulan as context for the operator, not a data dump: the newest ones
        konteks = akses_data.usulan_peta(kab.kode, pil.tahun, kode_kec=pil.kecamatan, batas=BATAS_PETA)
        if len(konteks) == BATAS_PETA and (n := akses_data.jumlah_usulan(kab.kode, pil.tahun, pil.kecamatan)) > len(
            konteks
        ):
            st.caption(
                f"Peta menampilkan {angka(BATAS_PETA)} usulan terbaru dari {angka(n)} di cakupan ini; "
                "pilih satu kecamatan di sidebar untuk mempersempit. Pemeriksaan duplikat tetap memakai semuanya."
            )
        with wadah_peta:
            # desa, zones and other usulan come from static files once; a click sends back a coordinate
            # a click reaches _tambah_simpul before this run: the run draws the new pin, no second run
            peta_tangkap(
                akses_data.peta_beranda(kab.kode, "desa"),
                konteks,
                maps.ruang_data(akses_data.url_tata_ruang(kab.kode)),
                simpul,
                jenis,
                basemap=basemap,
                saat_klik=_tambah_simpul,
            )
    sketsa_geom = geometri_sketsa(simpul, jenis)
    wkt = sketsa_geom.wkt if sketsa_geom is not None else None
    lokasi = akses_data.lokasi_usulan(wkt, kab.kode) if wkt else None
    with kanan:
        st.subheader("Lokasi")
        if wkt is None:
            st.info("Belum ada lokasi: klik peta" + ("" if jenis == "titik" else " (sedikitnya 2–3 titik)") + ".")
        elif lokasi is None:
            st.error(
                "Lokasi di luar kabupaten/kota ini. Pindahkan pin ke dalam wilayah.", icon=":material/wrong_location:"
            )
        else:
            st.markdown(
                f"**Desa/Kelurahan (dari peta):** {lokasi.nama_desa}  \n"
                f"**Kecamatan:** {lokasi.nama_kecamatan}  \n"
                f"Kode {lokasi.kode_desa}"
                + (
                    f" · koordinat {simpul[-1][1]:.6f}, {simpul[-1][0]:.6f}"
                    if jenis == "titik"
                    else f" · {angka(lokasi.bagian * 100, 0)} % {jenis} di desa ini"
                )
            )
        pilihan_desa = list(desa.index)
        if lokasi is not None and st.session_state.get("desa_turunan") != lokasi.kode_desa:
            st.session_state["desa_turunan"] = lokasi.kode_desa
            st.session_state["desa_usulan"] = lokasi.kode_desa
        kode_desa = st.selectbox(
            rek.label("kode_desa"),
            pilihan_desa,
            key="desa_usulan",
            index=None,
            placeholder="otomatis dari peta",
            format_func=lambda k: f"{desa.at[k, 'nama']} ({desa.at[k, 'nama_kecamatan']})",
        )
        if lokasi is not None and kode_desa and kode_desa != lokasi.kode_desa:
            st.warning(
                f"Pin berada di {lokasi.nama_desa}, bukan di {desa.at[kode_desa, 'nama']}. "
                "Periksa lokasi atau desa pengusul.",
                icon=":material/wrong_location:",
            )
        kode_kamus = st.selectbox(
            rek.label("kode_kamus"),
            list(kamus.index),
            key="kamus_usulan",
            format_func=lambda k: f"{kamus.at[k, 'nama']} ({kamus.at[k, 'satuan']})",
            on_change=_bentuk_ikut_kamus,
        )
        item = kamus.loc[kode_kamus]
        st.caption(
            f"{item['bidang']} · {item['opd']} · harga satuan {rupiah(item['harga_satuan'])}/{item['satuan']} "
            f"(tahun harga {item['tahun_harga']}) · digambar sebagai {item['jenis_geometri']}"
        )
        # the volume proposed from the drawing: set again only when the drawing or the item changes,
        # so a volume the user typed stays until then
        terukur = volume_dari_geometri(sketsa_geom, item["satuan"])
        if terukur is not None and st.session_state.get("_ukur_jejak") != (wkt, kode_kamus):
            st.session_state["_ukur_jejak"] = (wkt, kode_kamus)
            st.session_state["volume_usulan"] = round(terukur, 2)
        st.session_state.setdefault("volume_usulan", 1.0)
        volume = st.number_input(
            f"{rek.label('volume')} ({item['satuan']})", min_value=0.0, step=1.0, key="volume_usulan"
        )
        selisih = selisih_ukur(volume, terukur)
        if terukur is not None:
            besaran = satuan_ukur(item["satuan"])[0]
            st.caption(f"{besaran.capitalize()} gambar di peta: {angka(terukur, 2)} {item['satuan']}")
        elif wkt and satuan_ukur(item["satuan"]) is not None:
            bentuk = "garis" if satuan_ukur(item["satuan"])[0] == "panjang" else "poligon"
            st.caption(f"Gambar lokasi sebagai {bentuk} agar volume ({item['satuan']}) terisi dari peta.")
        if selisih is not None and selisih > AMBANG_SELISIH:
            st.warning(
                f"Volume {angka(volume, 2)} {item['satuan']} berbeda {persen(selisih * 100, 0)} dari gambar di peta "
                f"({angka(terukur, 2)} {item['satuan']}). Periksa volumenya atau gambar lokasinya.",
                icon=":material/straighten:",
            )
        hitungan = volume * float(item["harga_satuan"])
        ubah_biaya = st.checkbox(f"Perkiraan biaya: {rupiah(hitungan)} — ubah", key="ubah_biaya")
        biaya, alasan_biaya = hitungan, None
        if ubah_biaya:
            biaya = st.number_input(rek.label("biaya"), min_value=0.0, value=hitungan, step=1e6, key="biaya_usulan")
            alasan_biaya = st.text_input(rek.label("alasan_biaya"), key="alasan_biaya")

    st.subheader("Isi usulan")
    a, b, c = st.columns(3)
    masalah = a.text_area(rek.label("masalah"), key="masalah_usulan")
    uraian = b.text_area(rek.label("uraian"), key="uraian_usulan")
    alamat = c.text_area(rek.label("alamat"), key="alamat_usulan")
    pengusul = a.text_input(rek.label("pengusul"), key="pengusul_usulan", placeholder="mis. RW 03 Sukamaju")
    tingkat = b.selectbox(
        rek.label("tingkat_pengusul"),
        list(definitions.TINGKAT_PENGUSUL),
        key="tingkat_pengusul",
    )
    nik = c.text_input(rek.label("nik_pengusul"), type="password", key="nik_usulan")
    kk = c.text_input(rek.label("kk_pengusul"), type="password", key="kk_usulan")
    sumber_dana = a.selectbox(rek.label("sumber_dana"), definitions.SUMBER_DANA, key="sumber_dana")
    laki = b.number_input(rek.label("penerima_laki"), min_value=0, value=0, key="penerima_laki")
    perempuan = c.number_input(rek.label("penerima_perempuan"), min_value=0, value=0, key="penerima_perempuan")
    rentan = a.number_input(rek.label("penerima_rentan"), min_value=0, value=0, key="penerima_rentan")
    status_lahan = b.selectbox(
        rek.label("status_lahan"),
        list(definitions.STATUS_LAHAN_USULAN),
        format_func=definitions.STATUS_LAHAN_USULAN.get,
        key="status_lahan",
    )
    with c:
        sertifikat = st.checkbox(rek.label("sertifikat"), key="sertifikat")
        gambar = st.checkbox(rek.label("gambar_teknis"), key="gambar_teknis")
        rab = st.checkbox(rek.label("rab"), key="rab")
    d1, d2, d3 = st.columns(3)
    urgensi = d1.slider(rek.label("urgensi"), 1, 5, 3, key="urgensi")
    dampak = d2.slider(rek.label("dampak"), 1, 5, 3, key="dampak")
    selaras = d3.slider(rek.label("selaras_rpjmd"), 1, 5, 3, key="selaras_rpjmd")

    data = {
        "tahun": pil.tahun,
        "kode_desa": kode_desa,
        "kode_kamus": kode_kamus,
        "masalah": masalah.strip(),
        "uraian": uraian.strip(),
        "alamat": alamat.strip() or None,
        "pengusul": pengusul.strip(),
        "tingkat_pengusul": tingkat,
        "nik_pengusul": nik.strip() or None,
        "kk_pengusul": kk.strip() or None,
        "volume": volume,
        "biaya": biaya,
        "alasan_biaya": alasan_biaya,
        "sumber_dana": sumber_dana,
        "penerima_laki": int(laki),
        "penerima_perempuan": int(perempuan),
        "penerima_rentan": int(rentan),
        "status_lahan": status_lahan,
        "sertifikat": sertifikat,
        "gambar_teknis": gambar,
        "rab": rab,
        "urgensi": urgensi,
        "dampak": dampak,
        "selaras_rpjmd": selaras,
    }
    if wkt and lokasi is not None:  # instant conformity of the location being placed
        cek = akses_data.cek_lokasi(wkt, kode_kamus, status_lahan, kab.kode)
        info = definitions.VERDIK[cek["verdik"]]
        nada = "green" if info.tingkat <= 1 else "orange" if info.tingkat < 4 else "red"
        with st.container(border=True):
            st.markdown(
                f"**Kesesuaian ruang lokasi ini:** :{nada}[{info.nama}]"
                + (" · menyentuh kawasan lindung/LP2B/sempadan" if cek["lindung"] else "")
            )
            st.markdown("\n".join(f"- {a}" for a in cek["alasan"][:4]) + f"\n- Status lahan: {cek['catatan_lahan']}")
    abaikan = st.session_state.get("abaikan_duplikat", False)
    with st.expander("Pengaturan pemeriksaan"):
        ambang = st.number_input(
            "Tandai biaya yang menyimpang dari hitungan kamus lebih dari (%)",
            min_value=0,
            max_value=500,
            value=int(definitions.ATURAN_FORUM["ambang_deviasi_biaya"] * 100),
            key="ambang_biaya",
            help="Biaya yang berbeda dari volume × harga satuan selalu perlu alasan; di atas ambang ini juga ditandai.",
        )
    tombol, catatan = st.columns([1, 3], vertical_alignment="top")
    simpan = tombol.button("Simpan usulan", type="primary", key="simpan_usulan", width="stretch")
    tersimpan = st.session_state.pop("_usulan_tersimpan", None)
    with catatan:  # the outcome of a save, right next to the button
        if tersimpan is not None and not simpan:
            st.success(
                f"Usulan #{tersimpan['id']} tersimpan di {tersimpan['desa']}, Kec. {tersimpan['kecamatan']}: "
                f"{rupiah(tersimpan['biaya'])}. [Buka usulan #{tersimpan['id']}](/usulan?id={tersimpan['id']})",
                icon=":material/check_circle:",
            )
            st.info(_forum_berikutnya(tersimpan["desa"]), icon=":material/groups:")
            for t in tersimpan["tanda"]:
                st.warning(t, icon=":material/flag:")
        elif not simpan:
            nama_desa = desa.at[kode_desa, "nama"] if kode_desa in desa.index else "desa pengusul"
            st.caption(_forum_berikutnya(nama_desa))
        if simpan:
            hasil, galat = akses_data.simpan_usulan(data, wkt, kab.kode, abaikan, ambang / 100)
            if galat is not None:
                st.session_state.pop("duplikat_usulan", None)
                akses_data.tampilkan_galat(galat, "Perbaiki yang tertera di tabel lalu simpan lagi.")
            elif hasil.id is None:
                st.session_state["duplikat_usulan"] = hasil.duplikat
            else:
                akses_data.periksa_usulan_baru(hasil.id, kab.kode)
                simpul.clear()
                st.session_state["_usulan_tersimpan"] = {
                    "id": hasil.id,
                    "desa": hasil.lokasi.nama_desa,
                    "kecamatan": hasil.lokasi.nama_kecamatan,
                    "biaya": data["biaya"],
                    "tanda": list(hasil.tanda),
                }
                st.session_state["_kosongkan_usulan"] = True
                st.rerun()
    dup = st.session_state.get("duplikat_usulan")
    if dup is not None and len(dup):
        st.warning(
            f"Ada {len(dup)} usulan serupa (item kamus sama, dalam "
            f"{angka(definitions.ATURAN_FORUM['jarak_duplikat_m'])} m, uraian mirip). "
            "Periksa dulu; bila memang berbeda, centang di bawah lalu simpan lagi.",
            icon=":material/content_copy:",
        )
        st.dataframe(
            pd.DataFrame(
                {
                    "Usulan lain": [f"/usulan?id={i}" for i in dup["id_lama"]],
                    "Tahun": dup["tahun"],
                    "Uraian": dup["uraian"],
                    "Desa": dup["desa"],
                    "Jarak (m)": dup["jarak_m"].round(0),
                    "Kemiripan uraian": (dup["kemiripan"] * 100).round(0).astype(int).astype(str) + " %",
                    "Status": dup["status"].map(definitions.STATUS_USULAN),
                }
            ),
            column_config={"Usulan lain": st.column_config.LinkColumn(display_text=r"id=(\d+)")},
            hide_index=True,
            width="stretch",
        )
        st.checkbox("Bukan duplikat — tetap simpan", key="abaikan_duplikat")

# --- bulk import ----------------------------------------------------------------------
elif mode == "impor":
    st.caption(
        "Impor usulan berbentuk SIPD (CSV atau XLSX). Semua baris diperiksa dulu; bila ada yang salah, tidak ada "
        "yang diimpor dan setiap masalah disebut per baris dan kolom. Baris yang kode_sumber-nya sudah ada dilewati."
    )
    templat = templat_usulan()
    k1, k2, k3 = st.columns(3)
    k1.download_button("Unduh templat (CSV)", templat.to_csv(index=False).encode(), "templat_usulan.csv", "text/csv")
    k2.download_button(
        "Unduh templat (XLSX)",
        templat_usulan_xlsx,  # built on click
        "templat_usulan.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    k3.download_button(
        "Unduh daftar kamus usulan (CSV)",
        kamus.reset_index().to_csv(index=False).encode(),
        "kamus_usulan.csv",
        "text/csv",
    )
    berkas = st.file_uploader("Berkas usulan", type=["csv", "xlsx", "xls"], key="berkas_usulan")
    if st.button("Impor", type="primary", disabled=berkas is None, key="tombol_impor"):
        bilah = st.progress(0.0, text="mulai")
        laporan, galat = akses_data.muat_berkas(
            "usulan",
            berkas.name,
            berkas.getvalue(),
            OpsiUsulan(pelaku=akses_data.pengguna()),
            lambda f, pesan: bilah.progress(min(f, 1.0), text=pesan),
        )
        bilah.empty()
        if galat is not None:
            akses_data.tampilkan_galat(galat, "Tidak ada usulan yang diimpor.")
        else:
            st.success(f"{laporan.baris_keluar} usulan diimpor dari {laporan.baris_masuk} baris.")
            for p in laporan.peringatan:
                st.warning(p, icon=":material/warning:")

# --- look up and edit -----------------------------------------------------------------
else:
    semua = akses_data.usulan_peta(kab.kode, pil.tahun)
    awal = int(st.query_params["id"]) if st.query_params.get("id", "").isdigit() else None
    if awal is not None and awal not in set(semua["id"]):
        lain = akses_data.usulan_peta(kab.kode, pil.tahun, ids=[awal])
        semua = pd.concat([semua, lain]) if len(lain) else semua
    if semua.empty:
        st.info("Belum ada usulan untuk tahun ini.")
        st.stop()
    daftar = semua.set_index("id")
    if awal in daftar.index and st.session_state.get("id_dibuka") != awal:
        st.session_state["id_dibuka"] = awal
        st.session_state["usulan_dipilih"] = awal
    cari = st.text_input("Cari (nomor, uraian, desa, pengusul)", key="cari_usulan").strip().lower()
    pilihan = daftar.index
    if cari:
        teks = (daftar["uraian"] + " " + daftar["desa"].fillna("") + " " + daftar["pengusul"].fillna("")).str.lower()
        pilihan = daftar.index[teks.str.contains(cari, regex=False) | (daftar.index.astype(str) == cari.lstrip("#"))]
    label = {
        i: f"#{i} · {daftar.at[i, 'desa']} · {daftar.at[i, 'uraian']}" for i in pilihan[: akses_data.BATAS_PILIHAN]
    }
    if st.session_state.get("usulan_dipilih") in daftar.index and st.session_state["usulan_dipilih"] not in label:
        i = st.session_state["usulan_dipilih"]  # the one opened by link or chosen before stays selectable
        label[i] = f"#{i} · {daftar.at[i, 'desa']} · {daftar.at[i, 'uraian']}"
    if len(pilihan) > akses_data.BATAS_PILIHAN:
        st.caption(f"{angka(len(pilihan))} usulan cocok; {angka(akses_data.BATAS_PILIHAN)} pertama dapat dipilih.")
    if not label:
        st.info("Tidak ada usulan yang cocok dengan pencarian.")
        st.stop()
    uid = st.selectbox("Usulan", list(label), key="usulan_dipilih", format_func=label.get)
    u = daftar.loc[uid]
    kiri, kanan = st.columns([2, 3])
    with kiri:
        st.markdown(
            f"### #{uid} {u['uraian']}\n"
            f"**{definitions.TAHAP_FORUM[u['tahap']]}** · {definitions.STATUS_USULAN[u['status']]}"
            + (" · lanjut tahun depan" if u["lanjut_tahun_depan"] else "")
            + f"  \n{u['desa']}, Kec. {u['kecamatan']} · {u['kode_desa']}  \n"
            f"{angka(u['volume'])} {u['satuan']} × {rupiah(u['harga_satuan'])} → **{rupiah(u['biaya'])}**"
            + (f" (alasan: {u['alasan_biaya']})" if pd.notna(u["alasan_biaya"]) and u["alasan_biaya"] else "")
            + f"  \nPerangkat daerah: {u['opd']} · pengusul: {u['pengusul']} · versi {u['versi']}"
        )
        m = maps.peta_dasar(tuple(u.geometry.buffer(0.01).bounds))
        lapisan = semua[semua["id"] == uid]
        peta_usulan.tambah_usulan(
            m,
            lapisan,
            lapisan["status"].map(definitions.WARNA_STATUS),
            lapisan["status"].map(definitions.STATUS_USULAN),
            False,
            uid,
        )
        st_folium(m, height=300, width="stretch", returned_objects=[], key=f"peta-detail-{uid}")
    with kanan:
        st.subheader("Ubah usulan")
        with st.form(f"ubah-{uid}"):
            f1, f2 = st.columns(2)
            baru = {
                "uraian": f1.text_input(rek.label("uraian"), u["uraian"]),
                "masalah": f2.text_input(rek.label("masalah"), u["masalah"]),
                "volume": f1.number_input(
                    f"{rek.label('volume')} ({u['satuan']})", min_value=0.0, value=float(u["volume"])
                ),
                "sumber_dana": f2.selectbox(
                    rek.label("sumber_dana"),
                    definitions.SUMBER_DANA,
                    index=definitions.SUMBER_DANA.index(u["sumber_dana"])
                    if u["sumber_dana"] in definitions.SUMBER_DANA
                    else 0,
                ),
                "status_lahan": f1.selectbox(
                    rek.label("status_lahan"),
                    list(definitions.STATUS_LAHAN_USULAN),
                    index=list(definitions.STATUS_LAHAN_USULAN).index(u["status_lahan"]),
                    format_func=definitions.STATUS_LAHAN_USULAN.get,
                ),
                "urgensi": f2.slider(rek.label("urgensi"), 1, 5, int(u["urgensi"]) if pd.notna(u["urgensi"]) else 3),
                "sertifikat": f1.checkbox(rek.label("sertifikat"), bool(u["sertifikat"])),
                "gambar_teknis": f1.checkbox(rek.label("gambar_teknis"), bool(u["gambar_teknis"])),
                "rab": f1.checkbox(rek.label("rab"), bool(u["rab"])),
                "dampak": f2.slider(rek.label("dampak"), 1, 5, int(u["dampak"]) if pd.notna(u["dampak"]) else 3),
            }
            alasan = st.text_input("Alasan perubahan", key=f"alasan_ubah_{uid}")
            kirim = st.form_submit_button("Simpan perubahan", type="primary")
        # a forum assessment not yet made stays unmade: the slider's starting 3 is not written as a score
        for k in ("urgensi", "dampak"):
            if pd.isna(u[k]) and baru[k] == 3:
                baru.pop(k)
        kunci = f"usulan-{uid}"
        dilihat = akses_data.versi_dibuka(kunci, int(u["versi"]))
        if kirim:
            versi, galat = akses_data.ubah_usulan(int(uid), baru, dilihat, alasan)
            if galat is not None:
                akses_data.tampilkan_konflik(galat, kunci, "Perubahan belum disimpan.")
            else:
                akses_data.lupakan_versi(kunci)
                akses_data.berhasil_lalu_muat_ulang(f"Usulan #{uid} tersimpan (versi {versi}).")
        st.subheader("Riwayat")
        st.dataframe(akses_data.riwayat_usulan(int(uid)), hide_index=True, width="stretch")
