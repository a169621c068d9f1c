"""The Undangan and Daftar hadir tabs of the Persiapan Forum page (personal data: this page only).

Door entry is built for speed on a laptop: type part of a name, press the invitee's
"Hadir" button (the search box empties for the next person), or add a walk-in with the
short form below. Every tick is one small write through :mod:`geo.services.peserta`.
"""

from __future__ import annotations

import datetime
import io

import pandas as pd
import streamlit as st

import pages as akses_data
from geo.domain import acara as da
from pages.akses import acara as ak

#: Matches shown at once at the door (type more letters to narrow).
BATAS_CARI = 12

KOLOM_BUKU = ("nama", "lembaga", "kategori", "jenis_kelamin", "kontak", "kode_desa")


def _baca_berkas(berkas) -> pd.DataFrame:
    """A CSV (``,`` or ``;``) or XLSX upload as text columns."""
    isi = berkas.getvalue()
    if berkas.name.lower().endswith((".xlsx", ".xls")):
        return pd.read_excel(io.BytesIO(isi), dtype=str)
    return pd.read_csv(io.BytesIO(isi), dtype=str, sep=None, engine="python", encoding="utf-8-sig")


def _label_kategori(k: str) -> str:
    return da.KATEGORI_PESERTA.get(k, (k, False))[0]


def _desa_forum(a: dict, kab) -> dict[str, str]:
    d = akses_data.wilayah(kab.kode, "desa")
    if a["tahap"] in ("desa", "kecamatan"):
        kec = ".".join(a["kode_forum"].split(".")[:3])
        d = d[d["kode"].str.startswith(kec + ".")]
    return dict(zip(d["kode"], d["nama"], strict=True))


def undangan(a: dict, kab) -> None:
    """The Undangan tab: address book, suggested list per tier, letters and CSV, removal on request."""
    calon = ak.calon_undangan(a)
    nama_desa = dict(zip(*(akses_data.wilayah(kab.kode, "desa")[k] for k in ("kode", "nama")), strict=True))
    harap = da.KATEGORI_PER_TAHAP[a["tahap"]]
    ada = calon[calon["disarankan"]]["kategori"].value_counts()
    kosong = [k for k in harap if not ada.get(k)]
    st.markdown(
        "**Kategori yang diharapkan di tahap ini**: "
        + ", ".join(f"{_label_kategori(k)} ({int(ada.get(k, 0))})" for k in harap)
    )
    if kosong:
        st.warning(
            "Buku alamat belum punya kontak untuk: " + ", ".join(_label_kategori(k) for k in kosong),
            icon=":material/person_search:",
        )
    st.subheader(f"Daftar undangan ({int(calon['diundang'].sum())} sudah diundang)")
    tampil = pd.DataFrame(
        {
            "undang": calon["disarankan"] & ~calon["diundang"],
            "Nama": calon["nama"],
            "Lembaga": calon["lembaga"].fillna("—"),  # an editor shows a missing value as 'None'
            "Kategori": calon["kategori"].map(_label_kategori),
            "Desa/Kel.": calon["kode_desa"].map(nama_desa).fillna("—"),
            "Sudah diundang": calon["diundang"],
        }
    )
    edit = st.data_editor(
        tampil,
        hide_index=True,
        width="stretch",
        disabled=["Nama", "Lembaga", "Kategori", "Desa/Kel.", "Sudah diundang"],
        column_config={"undang": st.column_config.CheckboxColumn("Undang", help="Dicentang: kategori yang diharapkan")},
        key=f"editor_undangan_{a['id']}",
    )
    k1, k2, k3 = st.columns([2, 1, 1])
    pola = k1.text_input(
        "Pola nomor surat",
        "005/{no}/Musrenbang/{bulan}/{tahun}",
        key="pola_nomor",
        help="{no}: nomor urut 3 angka; {bulan}: bulan Romawi; {tahun}: tahun surat",
    )
    tgl = k2.date_input("Tanggal surat", datetime.date.today(), key="tgl_surat", format="DD/MM/YYYY")
    pilih = calon.loc[edit["undang"].to_numpy() & ~calon["diundang"].to_numpy(), "id"].astype(int).tolist()
    if k3.button(f"Catat undangan ({len(pilih)})", type="primary", disabled=not pilih, key="catat_undangan"):
        n, galat = ak.undang(a["id"], pilih, pola, tgl)
        if galat is not None:
            akses_data.tampilkan_galat(galat)
        else:
            akses_data.berhasil_lalu_muat_ulang(f"{n} undangan dicatat.")
    terkirim = ak.undangan(a["id"])
    if len(terkirim):
        akses_data.tabel(
            pd.DataFrame(
                {
                    "Nomor surat": terkirim["nomor_surat"],
                    "Nama": terkirim["nama"].fillna("(dihapus atas permintaan)"),
                    "Lembaga": terkirim["lembaga"],
                    "Diundang pada": pd.to_datetime(terkirim["diundang_pada"]).dt.strftime("%d-%m-%Y %H.%M"),
                }
            ),
            "",
        )
        if st.button("Buat surat undangan (PDF) dan daftar kirim (CSV)", key="buat_surat"):
            st.session_state["surat_undangan"] = (a["id"], *ak.surat_undangan(a["id"]))
        surat = st.session_state.get("surat_undangan")
        if surat and surat[0] == a["id"]:
            d1, d2 = st.columns(2)
            d1.download_button("Unduh surat undangan (PDF)", surat[1], f"undangan-{a['id']}.pdf", "application/pdf")
            d2.download_button(
                "Unduh daftar kirim WhatsApp/e-mail (CSV)", surat[2], f"undangan-{a['id']}.csv", "text/csv"
            )
    _buku_alamat(a, kab, calon)


def _buku_alamat(a: dict, kab, calon: pd.DataFrame) -> None:
    with st.expander("Buku alamat: tambah kontak atau muat berkas"):
        berkas = st.file_uploader(
            "Muat CSV/XLSX (kolom: " + ", ".join(KOLOM_BUKU) + ")", type=["csv", "xlsx"], key="muat_buku"
        )
        if berkas is not None and st.button("Simpan kontak dari berkas", key="simpan_buku"):
            df = _baca_berkas(berkas)
            baris = [{**r, "_baris": i} for i, r in enumerate(df.to_dict("records"), start=2)]
            ids, galat = ak.tambah_kontak(kab.kode, baris)
            if galat is not None:
                akses_data.tampilkan_galat(galat)
            else:
                akses_data.berhasil_lalu_muat_ulang(f"{len(ids)} kontak ditambahkan.")
        desa = _desa_forum(a, kab)
        with st.form("form_kontak", clear_on_submit=True):
            k1, k2, k3 = st.columns(3)
            nama = k1.text_input("Nama", key="kontak_nama")
            lembaga = k2.text_input("Lembaga/jabatan", key="kontak_lembaga")
            kontak = k3.text_input("Kontak (HP/e-mail)", key="kontak_kontak")
            k4, k5, k6 = st.columns(3)
            kategori = k4.selectbox(
                "Kategori", list(da.KATEGORI_PESERTA), format_func=_label_kategori, key="kontak_kat"
            )
            jk = k5.radio("Jenis kelamin", ["L", "P"], horizontal=True, key="kontak_jk", index=None)
            kode_desa = k6.selectbox(
                "Desa/kel. (kosong: tingkat kabupaten)",
                [None, *desa],
                format_func=lambda k: "—" if k is None else desa[k],
                key="kontak_desa",
            )
            if st.form_submit_button("Tambah kontak"):
                baris = {
                    "nama": nama,
                    "lembaga": lembaga,
                    "kontak": kontak,
                    "kategori": kategori,
                    "jenis_kelamin": jk,
                    "kode_desa": kode_desa,
                }
                _, galat = ak.tambah_kontak(kab.kode, [baris])
                if galat is not None:
                    akses_data.tampilkan_galat(galat)
                else:
                    akses_data.berhasil_lalu_muat_ulang(f"{ak.md(nama)} ditambahkan ke buku alamat.")
    with st.expander("Hapus data pribadi atas permintaan (UU 27/2022)"):
        st.caption(
            "Nama, lembaga dan kontak dikosongkan di buku alamat dan daftar hadir; jenis kelamin, kategori dan "
            "desa tetap, sehingga jumlah peserta dan angka inklusi tidak berubah."
        )
        label = dict(zip(calon["id"].astype(int), calon["nama"].fillna(""), strict=True))
        pilih = st.selectbox(
            "Kontak", [None, *label], format_func=lambda i: "—" if i is None else label[i], key="pdp_kontak"
        )
        alasan = st.text_input("Dasar permintaan (siapa, kapan)", key="pdp_alasan")
        if pilih is not None and st.button("Hapus data pribadi", key="pdp_hapus"):
            _, galat = ak.hapus_data_pribadi(kab.kode, alasan, kontak_id=int(pilih))
            if galat is not None:
                akses_data.tampilkan_galat(galat)
            else:
                akses_data.berhasil_lalu_muat_ulang("Data pribadi dihapus; jumlah tetap.")


def _tandai(a: dict, kontak: dict) -> None:
    """Callback of a "Hadir" button: record, then empty the search box for the next person."""
    hasil, galat = ak.tandai_hadir(a, kontak)
    st.session_state["cari_hadir"] = ""
    nama = ak.md(kontak["nama"])
    st.session_state["_pesan_pintu"] = (
        f"{nama} tercatat hadir."
        if galat is None and hasil
        else (ak.md(galat) if isinstance(galat, str) else f"{nama} sudah tercatat.")
    )


def daftar_hadir(a: dict, kab) -> None:
    """The Daftar hadir tab: search-and-tick at the door, walk-ins, import, the sign-in sheet."""
    undangan_ = ak.undangan(a["id"])
    hadir = ak.daftar_hadir(a["id"])
    sudah = set(hadir["kontak_id"].dropna().astype(int))
    k = st.columns(3)
    k[0].metric("Diundang", len(undangan_))
    k[1].metric("Hadir", len(hadir))
    k[2].metric("Datang tanpa undangan", int(hadir["datang_sendiri"].sum()))
    if pesan := st.session_state.pop("_pesan_pintu", None):
        st.success(pesan, icon=":material/how_to_reg:")
    cari = st.text_input("Cari nama peserta", key="cari_hadir", placeholder="ketik sebagian nama, mis. siti")
    if cari.strip():
        cocok = undangan_[da.cocok_nama(undangan_["nama"], cari)]
        if cocok.empty:
            st.caption("Tidak ada undangan dengan nama itu. Tambahkan sebagai peserta datang sendiri di bawah.")
        for r in cocok.head(BATAS_CARI).to_dict("records"):
            kid = int(r["kontak_id"])
            lembaga = r["lembaga"] if isinstance(r["lembaga"], str) and r["lembaga"] else _label_kategori(r["kategori"])
            teks = f"{ak.md(r['nama'])} · {ak.md(lembaga)}"  # names reach markdown: escaped
            if kid in sudah:
                st.caption(f"✓ {teks} — sudah hadir")
            else:
                st.button(f"Hadir: {teks}", key=f"hadir_{kid}", on_click=_tandai, args=(a, r))
        if len(cocok) > BATAS_CARI:
            st.caption(f"{len(cocok) - BATAS_CARI} nama lain cocok; ketik lebih lengkap.")
    desa = _desa_forum(a, kab)
    with st.form("form_walkin", clear_on_submit=True):
        st.markdown("**Peserta datang sendiri (tanpa undangan)**")
        k1, k2, k3, k4 = st.columns([3, 1, 2, 2])
        nama = k1.text_input("Nama", key="walkin_nama")
        jk = k2.radio("L/P", ["L", "P"], horizontal=True, index=None, key="walkin_jk")
        kategori = k3.selectbox(
            "Kategori",
            list(da.KATEGORI_PESERTA),
            format_func=_label_kategori,
            index=list(da.KATEGORI_PESERTA).index("masyarakat"),
            key="walkin_kat",
        )
        kode_desa = k4.selectbox(
            "Desa/kel.", [None, *desa], format_func=lambda x: "—" if x is None else desa[x], key="walkin_desa"
        )
        if st.form_submit_button("Tambah peserta"):
            _, galat = ak.tambah_datang_sendiri(
                a, {"nama": nama, "jenis_kelamin": jk, "kategori": kategori, "kode_desa": kode_desa}
            )
            if galat is not None:
                akses_data.tampilkan_galat(galat)
            else:
                st.session_state["_pesan_pintu"] = f"{ak.md(nama)} ditambahkan (datang sendiri)."
                st.rerun()
    st.subheader(f"Sudah hadir ({len(hadir)})")
    nama_desa = dict(zip(*(akses_data.wilayah(kab.kode, "desa")[c] for c in ("kode", "nama")), strict=True))
    akses_data.tabel(
        pd.DataFrame(
            {
                "Nama": hadir["nama"].fillna("(dihapus atas permintaan)"),
                "L/P": hadir["jenis_kelamin"],
                "Kategori": hadir["kategori"].map(_label_kategori),
                "Desa/Kel.": hadir["kode_desa"].map(nama_desa),
                "Tanpa undangan": hadir["datang_sendiri"],
            }
        ).iloc[::-1],
        "Belum ada yang tercatat hadir.",
    )
    _hadir_lain(a, kab, hadir)


def _hadir_lain(a: dict, kab, hadir: pd.DataFrame) -> None:
    if st.button("Buat lembar tanda tangan (PDF)", key="buat_lembar"):
        st.session_state["lembar_hadir"] = (a["id"], ak.lembar_hadir(a["id"]))
    lembar = st.session_state.get("lembar_hadir")
    if lembar and lembar[0] == a["id"]:
        st.download_button(
            "Unduh lembar tanda tangan (PDF)", lembar[1], f"daftar-hadir-{a['id']}.pdf", "application/pdf"
        )
    with st.expander("Impor dari lembar tanda tangan (CSV/XLSX: nama, kategori, jenis_kelamin, kode_desa)"):
        berkas = st.file_uploader("Berkas daftar hadir", type=["csv", "xlsx"], key="impor_hadir")
        if berkas is not None and st.button("Impor daftar hadir", key="impor_hadir_tombol"):
            n, galat = ak.impor_hadir(a["id"], _baca_berkas(berkas))
            if galat is not None:
                akses_data.tampilkan_galat(galat)
            else:
                akses_data.berhasil_lalu_muat_ulang(f"{n} peserta diimpor.")
    with st.expander("Koreksi: batalkan centang, atau hapus nama atas permintaan"):
        label = {int(r.id): (r.nama or "(dihapus)") for r in hadir.itertuples()}
        pilih = st.selectbox(
            "Peserta", [None, *label], format_func=lambda i: "—" if i is None else label[i], key="hadir_koreksi"
        )
        alasan = st.text_input("Dasar permintaan penghapusan (siapa, kapan)", key="hadir_alasan")
        k1, k2 = st.columns(2)
        if pilih is not None and k1.button("Batalkan centang (salah catat)", key="hadir_batal"):
            _, galat = ak.batal_hadir(a, int(pilih))
            if galat is not None:
                akses_data.tampilkan_galat(galat, "Centang tidak dibatalkan.")
            else:
                akses_data.berhasil_lalu_muat_ulang("Centang dibatalkan.")
        if pilih is not None and k2.button("Hapus nama atas permintaan", key="hadir_pdp"):
            _, galat = ak.hapus_data_pribadi(kab.kode, alasan, hadir_id=int(pilih))
            if galat is not None:
                akses_data.tampilkan_galat(galat)
            else:
                akses_data.berhasil_lalu_muat_ulang("Nama dihapus; jumlah tetap.")
