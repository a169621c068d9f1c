"""Pengguna (administrator): create accounts, assign roles scoped to a wilayah, reset passwords, deactivate."""

import streamlit as st

import pages as akses_data
from geo.domain.definitions import PERAN

pil: akses_data.Pilihan = st.session_state["pilihan"]
st.title("Pengguna")
st.caption(
    "Setiap akun punya satu peran dan wilayah kerja. Layanan menolak penulisan di luar wilayah itu, dari halaman "
    "mana pun maupun baris perintah. Kata sandi awal dan hasil atur ulang adalah sandi sekali pakai: tampil sekali "
    "di sini, dan harus diganti pemiliknya saat pertama masuk."
)

if baru := st.session_state.pop("sandi_baru", None):
    st.success(
        f"Kata sandi sekali pakai untuk **{baru[0]}**: `{baru[1]}` — sampaikan langsung kepada pemilik akun; "
        "sandi ini tidak akan ditampilkan lagi.",
        icon=":material/key:",
    )

akun = akses_data.daftar_akun()
akses_data.tabel(
    akun.assign(peran=akun["peran"].map(lambda p: PERAN[p].label if p in PERAN else p)).rename(
        columns={
            "nama_pengguna": "Nama pengguna",
            "nama": "Nama",
            "peran": "Peran",
            "kode_wilayah": "Wilayah",
            "opd": "OPD",
            "email": "E-mail",
            "aktif": "Aktif",
            "wajib_ganti": "Sandi sekali pakai",
            "versi": "Versi",
            "terkunci_sampai": "Terkunci sampai",
        }
    ),
    "Belum ada akun.",
)

kec = akses_data.wilayah(pil.kabupaten.kode, "kecamatan")
desa = akses_data.wilayah(pil.kabupaten.kode, "desa")
PILIHAN_WILAYAH = {
    "desa": dict(zip(desa["kode"], desa["nama"], strict=True)),
    "kecamatan": dict(zip(kec["kode"], kec["nama"], strict=True)),
    "kabupaten": {pil.kabupaten.kode: pil.kabupaten.nama},
    "opd": {pil.kabupaten.kode: pil.kabupaten.nama},
}


def pilih_wilayah(peran: str, kunci: str, awal: str | None = None) -> str | None:
    """A wilayah select for the role's level (none for the administrator)."""
    tingkat = PERAN[peran].tingkat
    if tingkat is None:
        return None
    opsi = PILIHAN_WILAYAH[tingkat]
    daftar = list(opsi)
    indeks = daftar.index(awal) if awal in opsi else 0
    return st.selectbox("Wilayah kerja", daftar, index=indeks, format_func=lambda k: f"{opsi[k]} ({k})", key=kunci)


tab_buat, tab_ubah = st.tabs(["Buat akun", "Ubah akun / atur ulang sandi"])
with tab_buat:
    peran = st.selectbox("Peran", list(PERAN), format_func=lambda p: PERAN[p].label, key="buat_peran")
    with st.form("form_buat_akun"):
        nama_pengguna = st.text_input("Nama pengguna (huruf kecil, mis. operator.sukamaju)")
        nama = st.text_input("Nama lengkap")
        wilayah = pilih_wilayah(peran, "buat_wilayah")
        opd = st.text_input("Perangkat daerah (untuk peran OPD)") if PERAN[peran].tingkat == "opd" else None
        email = st.text_input("E-mail (untuk masuk lewat penyedia identitas, boleh kosong)")
        kirim = st.form_submit_button("Buat akun", type="primary")
    if kirim:
        sandi, galat = akses_data.buat_akun(nama_pengguna, nama, peran, wilayah, opd, email)
        if galat is None:
            st.session_state["sandi_baru"] = (nama_pengguna.strip().lower(), sandi)
            st.rerun()
        akses_data.tampilkan_galat(galat, "Akun belum dibuat.")

with tab_ubah:
    if akun.empty:
        st.caption("Belum ada akun.")
    else:
        dipilih = st.selectbox("Akun", list(akun["nama_pengguna"]), key="ubah_akun")
        r = akun.set_index("nama_pengguna").loc[dipilih]
        peran_baru = st.selectbox(
            "Peran",
            list(PERAN),
            index=list(PERAN).index(r["peran"]) if r["peran"] in PERAN else 0,
            format_func=lambda p: PERAN[p].label,
            key=f"ubah_peran_{dipilih}",
        )
        with st.form(f"form_ubah_{dipilih}"):
            wilayah = pilih_wilayah(peran_baru, f"ubah_wilayah_{dipilih}", r["kode_wilayah"])
            opd = (
                st.text_input("Perangkat daerah", value=r["opd"] or "") if PERAN[peran_baru].tingkat == "opd" else None
            )
            aktif = st.checkbox("Aktif", value=bool(r["aktif"]))
            alasan = st.text_input("Alasan perubahan (tercatat di audit)")
            simpan = st.form_submit_button("Simpan perubahan")
        if simpan:
            perubahan = {"peran": peran_baru, "kode_wilayah": wilayah, "opd": opd or None, "aktif": aktif}
            _, galat = akses_data.ubah_akun(dipilih, int(r["versi"]), perubahan, alasan)
            if galat is None:
                akses_data.berhasil_lalu_muat_ulang(f"Akun {dipilih} diubah.")
            akses_data.tampilkan_galat(galat)
        with st.form(f"form_reset_{dipilih}"):
            alasan_reset = st.text_input("Alasan atur ulang (mis. pemilik lupa sandi)")
            reset = st.form_submit_button("Atur ulang kata sandi")
        if reset:
            sandi, galat = akses_data.atur_ulang_sandi(dipilih, alasan_reset)
            if galat is None:
                st.session_state["sandi_baru"] = (dipilih, sandi)
                st.rerun()
            akses_data.tampilkan_galat(galat)
