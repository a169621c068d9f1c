"""Helper for the AppTest page tests: open a page of the app, logged in, with some session state set first."""

from __future__ import annotations

import time

from streamlit.testing.v1 import AppTest

from geo.services import akun
from geo.settings import berkas_data
from geo.store import pengguna as simpanan_pengguna
from geo.store.db import Gudang
from tests.akun import AKUN_UJI, SANDI_UJI, TOKEN_UJI, pelaku
from tests.conftest import AKAR


def keadaan_masuk(peran: str = "bappeda", wilayah: str | None = None) -> dict:
    """Log in the test account of ``peran`` (scoped to ``wilayah`` when given) in ``$PETARENCANA_DATA``.

    An account for another wilayah (a kabupaten loaded by the test) is created on the fly, the
    real way: a one-time password, then a password change.
    """
    if wilayah is None and peran in TOKEN_UJI and _salinan_demo():
        # a copy of the session's demo folder already holds this role's open session (tests/akun.py)
        return {"token": TOKEN_UJI[peran], "pengguna": pelaku(peran), "wajib_ganti": False, "disentuh": 0.0}
    nama = AKUN_UJI[peran][0] if wilayah is None else f"{AKUN_UJI[peran][0]}.{wilayah.replace('.', '')}"
    g = Gudang(berkas_data())
    try:
        with g.sesi() as con:
            ada = simpanan_pengguna.baca(con, nama) is not None
        p = pelaku(peran, nama)
        if wilayah is not None:
            p = type(p)(nama, p.nama, peran, wilayah, p.opd)
        if not ada:
            sekali = akun.buat_akun(g, akun.pelaku_cli(), nama, p.nama, peran, p.kode_wilayah, p.opd)
            akun.ganti_sandi(g, p, sekali, SANDI_UJI)
        hasil = akun.masuk(g, nama, SANDI_UJI)
    finally:
        g.tutup()
    return {"token": hasil.token, "pengguna": hasil.pengguna, "wajib_ganti": False, "disentuh": time.monotonic()}


def _salinan_demo() -> bool:
    """Whether ``$PETARENCANA_DATA`` is a copy of the session's demo folder (it has the test sessions)."""
    import duckdb

    berkas = berkas_data()
    if not berkas.kerja.exists():
        return False
    con = duckdb.connect(str(berkas.kerja), read_only=True)
    try:
        ada = con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'sesi_masuk'").fetchone()[0]
        if not ada:
            return False
        return con.execute("SELECT count(*) FROM sesi_masuk WHERE nama_pengguna = 'uji.bappeda'").fetchone()[0] > 0
    finally:
        con.close()


def app_masuk(peran: str | None = "bappeda", wilayah: str | None = None, default_timeout: float = 120) -> AppTest:
    """``app.py`` as an AppTest, logged in as ``peran`` (``None``: logged out)."""
    at = AppTest.from_file(str(AKAR / "app.py"), default_timeout=default_timeout)
    if peran is not None:
        at.session_state["masuk"] = keadaan_masuk(peran, wilayah)
    return at


def buka(page: str, peran: str | None = "bappeda", **state) -> AppTest:
    """Run ``app.py`` on ``pages/halaman/<page>.py`` with ``state`` set before the first run.

    The session is logged in as the test account of ``peran`` (``None``: logged out).
    (With ``st.navigation``, AppTest drops frame elements on a rerun, so widget values are
    put in the session state before the first run rather than set afterwards.)
    """
    at = app_masuk(peran)
    for k, v in state.items():
        at.session_state[k] = v
    at.switch_page(f"pages/halaman/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at
