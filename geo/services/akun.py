"""Accounts: create, log in (with lock-out), sessions with an idle timeout, passwords, roles.

Passwords are hashed with argon2id (``argon2-cffi``, its default parameters); a new or
reset account gets a random one-time password that must be changed at the first login,
so no default password exists anywhere. A browser session is a random token kept in a
cookie; the database stores only its SHA-256, so a copied database opens no session.
Every account change and every login event goes to the audit log.
"""

from __future__ import annotations

import datetime
import getpass
import hashlib
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from geo.domain.akses import Pengguna, pastikan, periksa_peran
from geo.domain.definitions import ATURAN_AKUN, PERAN
from geo.errors import KesalahanInput, KesalahanMasuk, Masalah
from geo.store import pengguna as simpanan
from geo.store.db import Gudang
from geo.store.tulis import catat_audit, tulis_berversi

_HASHER = PasswordHasher()
#: Verified against when the name is unknown, so a wrong name costs as long as a wrong password.
_HASH_TIRUAN = _HASHER.hash(secrets.token_urlsafe(16))
_POLA_NAMA = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")
_SALAH = "Nama pengguna atau kata sandi salah."


@dataclass(frozen=True)
class HasilMasuk:
    """A successful login: the user, the browser token, and whether the password must change first."""

    pengguna: Pengguna
    token: str
    wajib_ganti: bool


def _pengguna(r: dict) -> Pengguna:
    return Pengguna(r["nama_pengguna"], r["nama"], r["peran"], r["kode_wilayah"], r["opd"])


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def pelaku_cli() -> Pengguna:
    """The acting user of the command line: whoever has a shell on the server administers it."""
    try:
        nama = getpass.getuser()
    except (KeyError, OSError):  # pragma: no cover - no login name in some containers
        nama = "tanpa-nama"
    return Pengguna(f"cli:{nama}", f"Baris perintah ({nama})", "admin")


def sandi_sekali_pakai() -> str:
    """A random one-time password (about 72 bits, readable aloud)."""
    return "-".join(secrets.token_hex(3) for _ in range(3))


def _periksa_sandi(sandi: str, nama_pengguna: str) -> list[Masalah]:
    panjang = ATURAN_AKUN["panjang_sandi_min"]
    m = []
    if len(sandi) < panjang:
        m.append(
            Masalah("akun", "kata sandi", "(disembunyikan)", f"minimal {panjang} karakter", "pilih sandi lebih panjang")
        )
    if nama_pengguna.lower() in sandi.lower():
        m.append(Masalah("akun", "kata sandi", "(disembunyikan)", "tidak memuat nama pengguna", "pilih sandi lain"))
    return m


def buat_akun(
    gudang: Gudang,
    pelaku: Pengguna,
    nama_pengguna: str,
    nama: str,
    peran: str,
    kode_wilayah: str | None = None,
    opd: str | None = None,
    email: str | None = None,
) -> str:
    """Create an account and return its one-time password (shown once, never stored in clear).

    Raises
    ------
    KesalahanAkses
        ``pelaku`` may not manage accounts.
    KesalahanInput
        Bad name, unknown role, scope missing for the role, or the name is taken.
    """
    pastikan(pelaku, "pengguna.kelola")
    nama_pengguna = (nama_pengguna or "").strip().lower()
    masalah = []
    if not _POLA_NAMA.match(nama_pengguna):
        masalah.append(
            Masalah(
                "akun",
                "nama pengguna",
                nama_pengguna or "(kosong)",
                "3–40 huruf kecil, angka, titik, garis bawah atau tanda hubung",
                "mis. operator.sukamaju",
            )
        )
    salah_peran = periksa_peran(peran, kode_wilayah or None, opd)
    if salah_peran:
        masalah.append(Masalah("akun", "peran", peran, salah_peran, "lengkapi wilayah atau OPD akun"))
    if not (nama or "").strip():
        masalah.append(Masalah("akun", "nama", "(kosong)", "nama lengkap", "isi nama pemilik akun"))
    if masalah:
        raise KesalahanInput("Akun belum dibuat", masalah)
    sandi = sandi_sekali_pakai()
    nilai = {
        "nama": nama.strip(),
        "peran": peran,
        "kode_wilayah": (kode_wilayah or None) if PERAN[peran].tingkat else None,
        "opd": (opd or "").strip() or None,
        "email": (email or "").strip() or None,
        "hash_sandi": _HASHER.hash(sandi),
        "wajib_ganti": True,
        "aktif": True,
        "dibuat_oleh": pelaku.nama_pengguna,
    }
    with gudang.sesi(tulis=True) as con:
        _wilayah_dimuat(con, nilai["kode_wilayah"])
        if simpanan.baca(con, nama_pengguna) is not None:
            raise KesalahanInput(
                "Akun belum dibuat",
                [Masalah("akun", "nama pengguna", nama_pengguna, "nama yang belum dipakai", "pilih nama lain")],
            )
        tulis_berversi(
            con,
            "pengguna",
            {"nama_pengguna": nama_pengguna},
            0,
            nilai,
            oleh=pelaku.nama_pengguna,
            aksi="buat",
            alasan="akun baru",
            label=f"Akun {nama_pengguna}",
            buat=True,
        )
    return sandi


def _wilayah_dimuat(con, kode: str | None) -> None:
    """Refuse a scope code that is not in the loaded boundaries (a typo would lock the account out of everything)."""
    if kode is not None and simpanan.tingkat_wilayah(con, kode) is None:
        raise KesalahanInput(
            "Akun tidak disimpan",
            [Masalah("akun", "wilayah", kode, "kode wilayah yang sudah dimuat", "periksa kode di halaman Data")],
        )


def ubah_akun(gudang: Gudang, pelaku: Pengguna, nama_pengguna: str, versi: int, perubahan: dict, alasan: str) -> int:
    """Change an account's name, role, scope, e-mail or active flag (version-checked, audited).

    Deactivating an account ends its open sessions. Returns the new version.
    """
    pastikan(pelaku, "pengguna.kelola")
    boleh = {"nama", "peran", "kode_wilayah", "opd", "email", "aktif"}
    salah = [
        Masalah("akun", k, str(v), "kolom akun yang boleh diubah", "-") for k, v in perubahan.items() if k not in boleh
    ]
    if not (alasan or "").strip():
        salah.append(Masalah("akun", "alasan", "(kosong)", "alasan perubahan", "tulis mengapa akun diubah"))
    if salah:
        raise KesalahanInput("Akun tidak diubah", salah)

    def nilai(r: dict | None) -> dict:
        assert r is not None
        baru = {**r, **perubahan}
        masalah = periksa_peran(baru["peran"], baru["kode_wilayah"] or None, baru["opd"])
        if masalah:
            raise KesalahanInput("Akun tidak diubah", [Masalah("akun", "peran", baru["peran"], masalah, "-")])
        if "kode_wilayah" in perubahan:
            _wilayah_dimuat(con, perubahan["kode_wilayah"])
        kurangi_diri = perubahan.get("peran", r["peran"]) != "admin" or perubahan.get("aktif") is False
        if baru["nama_pengguna"] == pelaku.nama_pengguna and kurangi_diri:
            raise KesalahanInput(
                "Akun tidak diubah",
                [Masalah("akun", "peran", r["peran"], "akun lain", "minta admin lain mengubah akun Anda sendiri")],
            )
        return dict(perubahan)

    with gudang.sesi(tulis=True) as con:
        v, _ = tulis_berversi(
            con,
            "pengguna",
            {"nama_pengguna": nama_pengguna},
            versi,
            nilai,
            oleh=pelaku.nama_pengguna,
            aksi="ubah",
            alasan=alasan,
            label=f"Akun {nama_pengguna}",
        )
        if perubahan.get("aktif") is False or "peran" in perubahan or "kode_wilayah" in perubahan:
            simpanan.tutup_sesi(con, nama_pengguna=nama_pengguna)  # a changed scope applies from the next login
    return v


def atur_ulang_sandi(gudang: Gudang, pelaku: Pengguna, nama_pengguna: str, alasan: str) -> str:
    """Give an account a new one-time password (returned once), unlock it and end its sessions."""
    pastikan(pelaku, "pengguna.kelola")
    sandi = sandi_sekali_pakai()
    with gudang.sesi(tulis=True) as con:
        tulis_berversi(
            con,
            "pengguna",
            {"nama_pengguna": nama_pengguna},
            None,
            {"hash_sandi": _HASHER.hash(sandi), "wajib_ganti": True, "gagal": 0, "terkunci_sampai": None},
            oleh=pelaku.nama_pengguna,
            aksi="atur_ulang_sandi",
            alasan=alasan or "atur ulang kata sandi",
            label=f"Akun {nama_pengguna}",
        )
        simpanan.tutup_sesi(con, nama_pengguna=nama_pengguna)
    return sandi


def ganti_sandi(gudang: Gudang, pelaku: Pengguna, sandi_lama: str, sandi_baru: str) -> None:
    """The user changes their own password (after a one-time password, or at will)."""
    with gudang.sesi() as con:
        r = simpanan.baca(con, pelaku.nama_pengguna)
    if r is None or not _cocok(r.get("hash_sandi"), sandi_lama):
        raise KesalahanInput(
            "Kata sandi tidak diganti",
            [Masalah("akun", "kata sandi lama", "(disembunyikan)", "kata sandi saat ini", "ketik ulang sandi lama")],
        )
    masalah = _periksa_sandi(sandi_baru, pelaku.nama_pengguna)
    if sandi_baru == sandi_lama:
        masalah.append(
            Masalah("akun", "kata sandi baru", "(disembunyikan)", "berbeda dari sandi lama", "pilih sandi lain")
        )
    if masalah:
        raise KesalahanInput("Kata sandi tidak diganti", masalah)
    with gudang.sesi(tulis=True) as con:
        tulis_berversi(
            con,
            "pengguna",
            {"nama_pengguna": pelaku.nama_pengguna},
            None,
            {"hash_sandi": _HASHER.hash(sandi_baru), "wajib_ganti": False},
            oleh=pelaku.nama_pengguna,
            aksi="ganti_sandi",
            alasan="diganti pemilik akun",
            label=f"Akun {pelaku.nama_pengguna}",
        )


def _cocok(hash_sandi: str | None, sandi: str) -> bool:
    try:
        return bool(hash_sandi) and _HASHER.verify(hash_sandi, sandi)  # type: ignore[arg-type]
    except (VerificationError, InvalidHashError):
        return False


def masuk(gudang: Gudang, nama_pengguna: str, sandi: str) -> HasilMasuk:
    """Check a name and password; open a session, or count a failure and lock after too many.

    Raises
    ------
    KesalahanMasuk
        Wrong name or password (one message for both), inactive or locked account.
    """
    nama_pengguna = (nama_pengguna or "").strip().lower()
    galat: KesalahanMasuk | None = None
    with gudang.sesi(tulis=True) as con:  # a failure is counted and committed, then reported
        r = simpanan.baca(con, nama_pengguna)
        if r is None:
            _cocok(_HASH_TIRUAN, sandi)
            raise KesalahanMasuk(_SALAH)
        kini = simpanan.sekarang(con)
        if r["terkunci_sampai"] is not None and r["terkunci_sampai"] > kini:
            menit = max(1, int((r["terkunci_sampai"] - kini).total_seconds() // 60) + 1)
            raise KesalahanMasuk(
                f"Akun terkunci sementara karena terlalu banyak percobaan gagal. Coba lagi dalam {menit} menit, "
                "atau minta administrator mengatur ulang kata sandi."
            )
        if not _cocok(r["hash_sandi"], sandi):
            galat = _catat_gagal(con, nama_pengguna, int(r["gagal"]) + 1, kini)
        elif not r["aktif"]:
            raise KesalahanMasuk("Akun ini dinonaktifkan. Hubungi administrator.")
        else:
            token = secrets.token_urlsafe(32)
            simpanan.buka_sesi(con, _hash_token(token), nama_pengguna)
            catat_audit(con, nama_pengguna, "pengguna", nama_pengguna, "masuk")
    if galat is not None:
        raise galat
    return HasilMasuk(_pengguna(r), token, bool(r["wajib_ganti"]))


def _catat_gagal(con, nama_pengguna: str, gagal: int, kini: datetime.datetime) -> KesalahanMasuk:
    """Count a failed login (locking the account after too many); return the message to raise after commit."""
    batas = ATURAN_AKUN["gagal_maks"]
    pesan = _SALAH
    kunci = None
    catat_audit(con, nama_pengguna, "pengguna", nama_pengguna, "gagal_masuk", None, {"ke": gagal})
    if gagal >= batas:
        kunci = kini + datetime.timedelta(minutes=ATURAN_AKUN["kunci_menit"])
        catat_audit(con, nama_pengguna, "pengguna", nama_pengguna, "terkunci", None, {"sampai": str(kunci)})
        pesan += f" Akun dikunci {ATURAN_AKUN['kunci_menit']} menit."
        gagal = 0
    elif batas - gagal <= 2:
        pesan += f" Sisa {batas - gagal} percobaan sebelum akun dikunci sementara."
    simpanan.catat_gagal(con, nama_pengguna, gagal, kunci)
    return KesalahanMasuk(pesan)


def masuk_oidc(gudang: Gudang, email: str) -> HasilMasuk:
    """Open a session for the active account whose e-mail the identity provider confirmed.

    Raises
    ------
    KesalahanMasuk
        No active account has this e-mail (an administrator must create it first).
    """
    with gudang.sesi(tulis=True) as con:
        r = simpanan.baca_email(con, email or "")
        if r is None:
            raise KesalahanMasuk(
                f"Belum ada akun aktif untuk {email}. Minta administrator membuat akun dengan e-mail ini."
            )
        token = secrets.token_urlsafe(32)
        simpanan.buka_sesi(con, _hash_token(token), r["nama_pengguna"])
        catat_audit(con, r["nama_pengguna"], "pengguna", r["nama_pengguna"], "masuk", None, {"lewat": "oidc"})
    return HasilMasuk(_pengguna(r), token, False)


def sesi_aktif(gudang: Gudang, token: str | None, sentuh: bool = True) -> tuple[Pengguna, bool] | None:
    """The user of a browser token and whether the password must change, or None.

    A session idle longer than ``ATURAN_AKUN["batas_diam_menit"]`` is closed (the user
    logs in again); ``sentuh`` records activity.
    """
    if not token:
        return None
    h = _hash_token(token)
    with gudang.sesi() as con:
        r = simpanan.sesi(con, h)
        kini = simpanan.sekarang(con)
    if r is None:
        return None

    basi = kini - r["aktif_terakhir"] > datetime.timedelta(minutes=ATURAN_AKUN["batas_diam_menit"])
    if basi or not r["aktif"]:
        with gudang.sesi(tulis=True) as con:
            simpanan.tutup_sesi(con, h)
        return None
    if sentuh:
        with gudang.sesi(tulis=True) as con:
            simpanan.sentuh_sesi(con, h)
    return _pengguna(r), bool(r["wajib_ganti"])


def keluar(gudang: Gudang, token: str | None, pelaku: Pengguna | None) -> None:
    """End the session of this browser token."""
    if not token:
        return
    with gudang.sesi(tulis=True) as con:
        if simpanan.tutup_sesi(con, _hash_token(token)) and pelaku is not None:
            catat_audit(con, pelaku.nama_pengguna, "pengguna", pelaku.nama_pengguna, "keluar")


def pengguna_aktif(berkas, nama_pengguna: str) -> Pengguna:
    """The active account named on the command line (``--oleh``), as the acting user.

    Raises
    ------
    KesalahanInput
        No such account, or it is deactivated.
    """
    g = Gudang(berkas)
    try:
        with g.sesi() as con:
            r = simpanan.baca(con, (nama_pengguna or "").strip().lower())
    finally:
        g.tutup()
    if r is None or not r["aktif"]:
        raise KesalahanInput(
            "Opsi --oleh",
            [Masalah("argumen", "--oleh", nama_pengguna, "akun aktif", "lihat: python -m pipelines pengguna daftar")],
        )
    return _pengguna(r)


def daftar_akun(gudang: Gudang, pelaku: Pengguna):
    """Every account (no hashes), for the administrator."""
    pastikan(pelaku, "pengguna.kelola")
    return simpanan.daftar(gudang)


def ada_akun(gudang: Gudang) -> bool:
    """Whether any account exists (else the login page explains how to create the first)."""
    return simpanan.jumlah(gudang) > 0


__all__ = [
    "HasilMasuk",
    "ada_akun",
    "atur_ulang_sandi",
    "buat_akun",
    "daftar_akun",
    "ganti_sandi",
    "keluar",
    "masuk",
    "masuk_oidc",
    "pelaku_cli",
    "pengguna_aktif",
    "sandi_sekali_pakai",
    "sesi_aktif",
]
