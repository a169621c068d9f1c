"""Masuk: the only page a logged-out visitor sees."""

import streamlit as st

import pages as akses_data

st.title("PetaRencana — Masuk")
if pesan := st.session_state.get("pesan_masuk"):
    st.info(pesan, icon=":material/info:")

if akses_data.mode_masuk() == "oidc":
    st.write("Masuk dengan akun instansi Anda (penyedia identitas pemerintah daerah).")
    if getattr(st.user, "is_logged_in", False):
        galat = akses_data.masuk_oidc(str(st.user.get("email") or ""))
        if galat is None:
            st.rerun()
        st.error(galat, icon=":material/lock:")
        st.button("Keluar dari penyedia identitas", on_click=st.logout)
    else:
        st.button("Masuk dengan akun instansi", type="primary", on_click=st.login)
    st.stop()

if not akses_data.ada_akun():
    st.warning(
        "Belum ada akun pengguna. Administrator membuat akun pertama dari baris perintah di server:\n\n"
        '`python -m pipelines pengguna tambah NAMA --peran admin --nama-lengkap "Nama Anda"`\n\n'
        "Perintah itu mencetak kata sandi sekali pakai yang harus diganti saat pertama masuk.",
        icon=":material/person_add:",
    )

with st.form("form_masuk"):
    nama = st.text_input("Nama pengguna", autocomplete="username")
    sandi = st.text_input("Kata sandi", type="password", autocomplete="current-password")
    kirim = st.form_submit_button("Masuk", type="primary")
if kirim:
    galat = akses_data.masuk(nama, sandi)
    if galat is None:
        st.rerun()
    st.error(galat, icon=":material/lock:")
st.caption("Lupa kata sandi? Minta administrator Bappeda mengatur ulang; Anda akan menerima kata sandi sekali pakai.")
