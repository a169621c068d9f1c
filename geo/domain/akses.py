"""Who may do what where: the acting user and the scope rules of the roles in :data:`PERAN`.

Every write function in :mod:`geo.services` takes the acting :class:`Pengguna` and calls
:func:`pastikan` before it writes, so a refusal is the same whether the call comes from a
page, the CLI or a test. Reads are narrowed with :func:`boleh_baca` / :func:`saring_baca`.

Wilayah codes are dotted Kemendagri codes, so "inside" is a prefix test: desa
``33.01.01.2001`` lies in kecamatan ``33.01.01`` and kabupaten ``33.01``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.domain.definitions import PERAN, TAHAP_FORUM
from geo.errors import KesalahanAkses

#: Labels of the actions, for refusal messages.
LABEL_AKSI: dict[str, str] = {
    "usulan.tulis": "menulis atau mengubah usulan",
    "forum.putuskan": "mencatat keputusan, bobot, atau suara forum",
    "slide.tulis": "menyimpan set slide proyektor",
    "acara.tulis": "menyiapkan forum (jadwal, undangan, daftar hadir, notulen)",
    "muat": "memuat data",
    "pagu.tulis": "menetapkan pagu",
    "realisasi.tulis": "mencatat realisasi",
    "pengguna.kelola": "mengelola akun pengguna",
    "audit.baca": "membaca log audit",
    "plafon.tulis": "menetapkan plafon anggaran (KUA-PPAS)",
    "sinkronisasi.simpan": "menyimpan skenario sinkronisasi anggaran",
    "renja.tulis": "menulis baris Renja",
    "dpa.tulis": "menetapkan DPA dan rencana kas (RAK)",
}


@dataclass(frozen=True)
class Pengguna:
    """The acting user.

    Attributes
    ----------
    nama_pengguna : str
        Login name; what the audit log records.
    nama : str
        Full name, for display.
    peran : str
        A key of :data:`geo.domain.definitions.PERAN`.
    kode_wilayah : str or None
        The desa, kecamatan or kabupaten the account is scoped to (the kabupaten for an
        OPD account); None for the administrator.
    opd : str or None
        The OPD of an ``opd`` account.
    """

    nama_pengguna: str
    nama: str
    peran: str
    kode_wilayah: str | None = None
    opd: str | None = None

    @property
    def label_peran(self) -> str:
        """The role's label."""
        return PERAN[self.peran].label

    @property
    def kode_kabupaten(self) -> str | None:
        """The kabupaten of the account's wilayah (None when not scoped)."""
        return None if self.kode_wilayah is None else ".".join(self.kode_wilayah.split(".")[:2])

    def boleh(self, aksi: str, tahap: str | None = None) -> bool:
        """Whether the role may do ``aksi`` (at ``tahap``) somewhere in its scope."""
        tahapan = PERAN[self.peran].hak.get(aksi)
        if tahapan is None:
            return False
        return tahap is None or "*" in tahapan or tahap in tahapan

    def halaman(self) -> tuple[str, ...]:
        """The pages this role sees."""
        return PERAN[self.peran].halaman


def di_dalam(kode_induk: str, kode: str) -> bool:
    """Whether wilayah ``kode`` is ``kode_induk`` or lies inside it (dotted codes)."""
    return kode == kode_induk or kode.startswith(kode_induk + ".")


def periksa_peran(peran: str, kode_wilayah: str | None, opd: str | None) -> str | None:
    """What is wrong with an account's role and scope, or None (used when creating accounts)."""
    if peran not in PERAN:
        return f"peran '{peran}' tidak dikenal; pilih salah satu: {', '.join(PERAN)}"
    tingkat = PERAN[peran].tingkat
    bagian = {"desa": 4, "kecamatan": 3, "kabupaten": 2, "opd": 2}
    if tingkat is None:
        return None
    if not kode_wilayah or len(kode_wilayah.split(".")) != bagian[tingkat]:
        contoh = {"desa": "33.01.01.2001", "kecamatan": "33.01.01", "kabupaten": "33.01", "opd": "33.01"}[tingkat]
        jenis = "kabupaten" if tingkat == "opd" else tingkat
        return f"peran '{PERAN[peran].label}' memerlukan kode {jenis} (mis. {contoh})"
    if tingkat == "opd" and not (opd or "").strip():
        return "peran OPD memerlukan nama perangkat daerah"
    return None


def _dalam_cakupan(pelaku: Pengguna, kode_desa: str | None, opd: str | None) -> bool:
    tingkat = PERAN[pelaku.peran].tingkat
    if tingkat is None:
        return True
    if kode_desa is None or pelaku.kode_wilayah is None:
        return False
    if not di_dalam(pelaku.kode_wilayah, kode_desa):
        return False
    return tingkat != "opd" or (opd is not None and opd == pelaku.opd)


def _tolak(pelaku: Pengguna, apa: str) -> KesalahanAkses:
    wilayah = f" {pelaku.kode_wilayah}" if pelaku.kode_wilayah else ""
    opd = f" ({pelaku.opd})" if pelaku.opd else ""
    return KesalahanAkses(
        f"Akses ditolak: akun '{pelaku.nama_pengguna}' ({pelaku.label_peran}{wilayah}{opd}) tidak boleh {apa}. "
        "Minta pengguna dengan peran yang tepat, atau minta administrator menyesuaikan peran akun Anda."
    )


def pastikan(
    pelaku: Pengguna,
    aksi: str,
    *,
    kode_desa: str | None = None,
    kode_wilayah: str | None = None,
    tahap: str | None = None,
    opd: str | None = None,
    seluruh_kabupaten: bool = False,
) -> None:
    """Refuse unless ``pelaku`` may do ``aksi`` on this record.

    Parameters
    ----------
    pelaku : Pengguna
        Who acts.
    aksi : str
        A key of :data:`LABEL_AKSI`.
    kode_desa : str, optional
        The desa of the record (an usulan): must lie in the account's wilayah.
    kode_wilayah : str, optional
        A wilayah the action is about (a kabupaten for a slide set or a load).
    tahap : str, optional
        The forum tier the action is at.
    opd : str, optional
        The OPD the record is routed to (checked for OPD accounts).
    seluruh_kabupaten : bool
        The action applies to the whole kabupaten (e.g. a tier's default weights): refused
        to accounts scoped to a desa, kecamatan or OPD.

    Raises
    ------
    KesalahanAkses
        With the account, its role and scope, and what it tried.
    """
    apa = LABEL_AKSI.get(aksi, aksi)
    if aksi not in PERAN[pelaku.peran].hak:
        raise _tolak(pelaku, apa)
    if not pelaku.boleh(aksi, tahap):
        raise _tolak(pelaku, f"{apa} pada tahap {TAHAP_FORUM.get(tahap or '', tahap)}")
    if kode_desa is not None and not _dalam_cakupan(pelaku, kode_desa, opd):
        sasaran = f"usulan di desa {kode_desa}" + (f" untuk {opd}" if opd else "")
        raise _tolak(pelaku, f"{apa} untuk {sasaran} (di luar wilayah atau perangkat daerah akun)")
    if seluruh_kabupaten and PERAN[pelaku.peran].tingkat not in ("kabupaten", None):
        raise _tolak(pelaku, f"{apa} untuk seluruh kabupaten")
    if kode_desa is None and opd is not None and PERAN[pelaku.peran].tingkat == "opd" and opd != pelaku.opd:
        raise _tolak(pelaku, f"{apa} untuk perangkat daerah {opd}")
    if kode_wilayah is not None and PERAN[pelaku.peran].tingkat is not None:
        akun = pelaku.kode_wilayah or ""
        if not (di_dalam(akun, kode_wilayah) or di_dalam(kode_wilayah, akun)):
            raise _tolak(pelaku, f"{apa} untuk wilayah {kode_wilayah}")


def boleh_baca(pelaku: Pengguna, kode_desa: str, opd: str | None = None) -> bool:
    """Whether ``pelaku`` may read the full record of an usulan in ``kode_desa`` (routed to ``opd``).

    Desa, kecamatan and OPD accounts read their own; kabupaten-wide roles read their kabupaten.
    """
    if PERAN[pelaku.peran].tingkat == "opd":
        return _dalam_cakupan(pelaku, kode_desa, opd)
    return _dalam_cakupan(pelaku, kode_desa, None)


def pastikan_baca(pelaku: Pengguna, kode_desa: str, opd: str | None = None) -> None:
    """Refuse (:class:`KesalahanAkses`) unless ``pelaku`` may read this usulan's full record."""
    if not boleh_baca(pelaku, kode_desa, opd):
        raise _tolak(pelaku, f"membaca usulan di desa {kode_desa} (di luar wilayah atau perangkat daerah akun)")


def saring_baca(pelaku: Pengguna, usulan: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``usulan`` (``kode_desa`` and ``opd`` or ``opd_awal``/``opd_akhir``) ``pelaku`` may read."""
    tingkat = PERAN[pelaku.peran].tingkat
    if tingkat is None or usulan.empty:
        return usulan
    if pelaku.kode_wilayah is None:
        return usulan.iloc[0:0]
    kode = usulan["kode_desa"].astype(str)
    masuk = (kode == pelaku.kode_wilayah) | kode.str.startswith(pelaku.kode_wilayah + ".")
    if tingkat == "opd":
        if "opd" in usulan:
            opd = usulan["opd"]
        else:
            opd = usulan["opd_akhir"].where(usulan["opd_akhir"].notna(), usulan["opd_awal"])
        masuk &= opd == pelaku.opd
    return usulan[masuk.to_numpy()]


def opd_usulan(baris: dict) -> str | None:
    """The OPD an usulan is routed to: the final OPD when set, else the first."""
    return baris.get("opd_akhir") or baris.get("opd_awal")


__all__ = [
    "LABEL_AKSI",
    "Pengguna",
    "boleh_baca",
    "di_dalam",
    "opd_usulan",
    "pastikan",
    "pastikan_baca",
    "periksa_peran",
    "saring_baca",
]
