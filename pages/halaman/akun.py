"""Akun saya: who is logged in, change the password (required after a one-time password), log out."""

import streamlit as st

import pages as akses_data

pengguna = akses_data.pengguna()
wajib = st.session_state.get("masuk", {}).get("wajib_ganti", False)
st.title("Ganti kata sandi" if wajib else "Akun saya")
wilayah = f" · wilayah {pengguna.kode_wilayah}" if pengguna.kode_wilayah else ""
opd = f" · {pengguna.opd}" if pengguna.opd else ""
st.write(f"**{pengguna.nama}** ({pengguna.nama_pengguna}) — {pengguna.label_peran}{wilayah}{opd}")
if wajib:
    st.warning(
        "Anda masuk dengan kata sandi sekali pakai. Buat kata sandi Anda sendiri sebelum melanjutkan.",
        icon=":material/key:",
    )
with st.form("form_ganti_sandi", clear_on_submit=True):
    lama = st.text_input("Kata sandi saat ini", type="password", autocomplete="current-password")
    baru = st.text_input("Kata sandi baru (minimal 10 karakter)", type="password", autocomplete="new-password")
    ulang = st.text_input("Ulangi kata sandi baru", type="password", autocomplete="new-password")
    kirim = st.form_submit_button("Simpan kata sandi", type="primary")
if kirim:
    if baru != ulang:
        st.error("Kata sandi baru dan ulangannya berbeda. Tidak ada yang diubah.", icon=":material/error:")
    else:
        _, galat = akses_data.ganti_sandi(lama, baru)
        if galat is None:
            st.success("Kata sandi diganti.", icon=":material/check_circle:")
            if wajib:  # now every page of the role is routed: the frame goes to the home page
                st.session_state["ke_beranda"] = True
                st.rerun()
        else:
            akses_data.tampilkan_galat(galat)
if st.button("Keluar", icon=":material/logout:"):
    akses_data.keluar()
    st.rerun()
