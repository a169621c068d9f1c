"""Who is logged in: the session's account, login and logout, the browser cookie that keeps a login.

A login opens a server-side session (:mod:`geo.services.akun`); its random token is kept in
the session state and in a cookie (``SameSite=Strict``), so a reload or a copied deep link
in the same browser stays logged in. Every rerun re-checks the token: a session idle longer
than the timeout, a deactivated account or a logout elsewhere ends it.
"""

from __future__ import annotations

import logging
import time

import streamlit as st

from geo.domain.akses import Pengguna
from geo.errors import KesalahanMasuk
from geo.services import akun as layanan_akun
from geo.settings import mode_masuk
from pages.akses.inti import _hasil_atau_pesan, gudang, tangani_kesalahan

log = logging.getLogger(__name__)

KUE = "petarencana_sesi"
_KUNCI = "masuk"  # session state: {"token", "pengguna", "wajib_ganti", "disentuh"}

_kue = st.components.v2.component(
    "petarencana_kue_sesi",
    html="<span></span>",
    js="""
export default function ({ data }) {
  const aman = location.protocol === "https:" ? "; Secure" : "";
  if (data.token) {
    document.cookie = `${data.nama}=${data.token}; path=/; SameSite=Strict${aman}`;
  } else {
    document.cookie = `${data.nama}=; path=/; max-age=0; SameSite=Strict${aman}`;
  }
}
""",
)


def _token_kue() -> str | None:
    try:
        nilai = st.context.cookies.get(KUE)
    except Exception:  # no request context (AppTest, bare mode): no cookie
        return None
    return nilai if isinstance(nilai, str) and nilai else None


def pengguna_masuk() -> tuple[Pengguna, bool] | None:
    """The logged-in user of this session and whether the password must change first, or None.

    Looks at the session state first, then at the browser's cookie; each rerun re-checks the
    session on the server (timeout, deactivated account, logout elsewhere).
    """
    keadaan = st.session_state.get(_KUNCI)
    token = keadaan["token"] if keadaan else _token_kue()
    if not token:
        return None
    perlu_sentuh = not keadaan or time.monotonic() - keadaan.get("disentuh", 0) > 60
    with tangani_kesalahan():
        hasil = layanan_akun.sesi_aktif(gudang(), token, sentuh=perlu_sentuh)
    if hasil is None:
        if keadaan:
            st.session_state["pesan_masuk"] = (
                "Sesi Anda berakhir (tidak aktif terlalu lama atau keluar). Silakan masuk lagi."
            )
        st.session_state.pop(_KUNCI, None)
        return None
    pengguna, wajib_ganti = hasil
    st.session_state[_KUNCI] = {
        "token": token,
        "pengguna": pengguna,
        "wajib_ganti": wajib_ganti,
        "disentuh": time.monotonic() if perlu_sentuh else keadaan["disentuh"],
    }
    return pengguna, wajib_ganti


def pengguna() -> Pengguna:
    """The acting user of this session (pages are reached only when logged in)."""
    keadaan = st.session_state.get(_KUNCI)
    if not keadaan:
        st.error("Anda belum masuk. Muat ulang halaman lalu masuk.", icon=":material/lock:")
        st.stop()
    return keadaan["pengguna"]


def masuk(nama_pengguna: str, sandi: str) -> str | None:
    """Log in; return None on success (the page reruns), or the Indonesian reason it failed."""
    with tangani_kesalahan():
        try:
            hasil = layanan_akun.masuk(gudang(), nama_pengguna, sandi)
        except KesalahanMasuk as e:
            return str(e)
    _buka(hasil)
    return None


def masuk_oidc(email: str) -> str | None:
    """Open a session for the identity provider's confirmed e-mail; None, or why not."""
    with tangani_kesalahan():
        try:
            hasil = layanan_akun.masuk_oidc(gudang(), email)
        except KesalahanMasuk as e:
            return str(e)
    _buka(hasil)
    return None


def _buka(hasil: layanan_akun.HasilMasuk) -> None:
    st.session_state[_KUNCI] = {
        "token": hasil.token,
        "pengguna": hasil.pengguna,
        "wajib_ganti": hasil.wajib_ganti,
        "disentuh": time.monotonic(),
    }
    st.session_state["kue_tulis"] = hasil.token
    st.session_state.pop("pesan_masuk", None)


def tulis_kue() -> None:
    """Write (or clear) the login cookie in the browser when a login or logout just happened."""
    if "kue_tulis" in st.session_state:
        _kue(data={"nama": KUE, "token": st.session_state["kue_tulis"]}, key="kue-sesi", height=0)


def keluar() -> None:
    """End this session on the server and in the browser."""
    keadaan = st.session_state.pop(_KUNCI, None)
    if keadaan:
        with tangani_kesalahan():
            layanan_akun.keluar(gudang(), keadaan["token"], keadaan["pengguna"])
    st.session_state["kue_tulis"] = ""
    st.session_state["pesan_masuk"] = "Anda telah keluar."


def ganti_sandi(sandi_lama: str, sandi_baru: str):
    """Change the own password: (None, None) on success or (None, problems)."""
    hasil = _hasil_atau_pesan(layanan_akun.ganti_sandi, pengguna(), sandi_lama, sandi_baru)
    if hasil[1] is None and st.session_state.get(_KUNCI):
        st.session_state[_KUNCI]["wajib_ganti"] = False
    return hasil


def ada_akun() -> bool:
    """Whether any account exists yet."""
    with tangani_kesalahan():
        return layanan_akun.ada_akun(gudang())


def daftar_akun():
    """Accounts for the administrator's page."""
    with tangani_kesalahan():
        return layanan_akun.daftar_akun(gudang(), pengguna())


def buat_akun(nama_pengguna, nama, peran, kode_wilayah, opd, email):
    """Create an account: (one-time password, None) or (None, problems)."""
    return _hasil_atau_pesan(layanan_akun.buat_akun, pengguna(), nama_pengguna, nama, peran, kode_wilayah, opd, email)


def ubah_akun(nama_pengguna: str, versi: int, perubahan: dict, alasan: str):
    """Change an account: (new version, None) or (None, problems or conflict)."""
    return _hasil_atau_pesan(layanan_akun.ubah_akun, pengguna(), nama_pengguna, versi, perubahan, alasan)


def atur_ulang_sandi(nama_pengguna: str, alasan: str):
    """Reset an account's password: (one-time password, None) or (None, problems)."""
    return _hasil_atau_pesan(layanan_akun.atur_ulang_sandi, pengguna(), nama_pengguna, alasan)


__all__ = [
    "KUE",
    "ada_akun",
    "atur_ulang_sandi",
    "buat_akun",
    "daftar_akun",
    "ganti_sandi",
    "keluar",
    "masuk",
    "masuk_oidc",
    "mode_masuk",
    "pengguna",
    "pengguna_masuk",
    "tulis_kue",
    "ubah_akun",
]
