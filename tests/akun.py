"""Test accounts: one per role in the demo kabupaten, with a known password set the real way.

Created once in the session's demo folder (``tests/conftest.py``), so every copied data
folder has them. Service-level tests use :func:`pelaku` directly; page tests log in with
:func:`token` (a real login through :func:`geo.services.akun.masuk`).
"""

from __future__ import annotations

from geo.domain.akses import Pengguna
from geo.services import akun
from geo.settings import BerkasData
from geo.store.db import Gudang

SANDI_UJI = "sandi-uji-yang-panjang"
DESA_UJI = "99.01.01.1001"
OPD_UJI = "Dinas Kesehatan"

#: role -> (account name, wilayah, OPD)
AKUN_UJI: dict[str, tuple[str, str | None, str | None]] = {
    "desa": ("uji.desa", DESA_UJI, None),
    "kecamatan": ("uji.kecamatan", "99.01.01", None),
    "opd": ("uji.opd", "99.01", OPD_UJI),
    "bappeda": ("uji.bappeda", "99.01", None),
    "tapd": ("uji.tapd", "99.01", None),
    "admin": ("uji.admin", None, None),
    "lihat": ("uji.lihat", "99.01", None),
}


def pelaku(peran: str = "bappeda", nama: str | None = None) -> Pengguna:
    """The :class:`Pengguna` of a test account (``nama`` overrides the login name shown in the audit)."""
    n, wilayah, opd = AKUN_UJI[peran]
    return Pengguna(nama or n, f"Uji {peran}", peran, wilayah, opd)


#: A logged-in session per role, opened (a real login) in the session's demo folder: every copy of
#: that folder carries it, so a page test need not log in again (argon2 is slow on purpose).
TOKEN_UJI: dict[str, str] = {}


def siapkan_akun_uji(berkas: BerkasData) -> None:
    """Create the test accounts, replace each one-time password with :data:`SANDI_UJI`, and log each in."""
    g = Gudang(berkas)
    try:
        for peran, (nama, wilayah, opd) in AKUN_UJI.items():
            sekali = akun.buat_akun(g, akun.pelaku_cli(), nama, f"Uji {peran}", peran, wilayah, opd)
            akun.ganti_sandi(g, pelaku(peran), sekali, SANDI_UJI)
            TOKEN_UJI[peran] = akun.masuk(g, nama, SANDI_UJI).token
    finally:
        g.tutup()


def token(gudang: Gudang, peran: str = "bappeda") -> str:
    """Log a test account in; return its session token."""
    return akun.masuk(gudang, AKUN_UJI[peran][0], SANDI_UJI).token
