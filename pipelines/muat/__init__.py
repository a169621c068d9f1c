"""Loaders: one per kind of data, shared by the CLI and the "Data" page.

Every loader reads and checks the whole file first and raises one
:class:`~geo.errors.KesalahanInput` listing every problem (row/feature, field, value, what
is expected, how to fix). Only a clean file is written, in one transaction: reference
data through :func:`geo.store.db.ganti_atomik` (copy, write, swap), working data through
:func:`geo.store.db.transaksi_kerja`. Each load is recorded in ``riwayat_muat``. The steps
are written once in :mod:`pipelines.muat.inti`; each kind has its own module and its own
options class.

Use :func:`muat` with a kind of :data:`JENIS_MUAT` and that kind's options class::

    muat("batas", Path("desa.geojson"), OpsiBatas(awalan="33.01"), berkas_data())
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from geo.domain.akses import pastikan
from geo.domain.definitions import JENIS_OVERLAY
from geo.errors import KesalahanInput, Masalah
from geo.settings import BerkasData
from pipelines.muat.anggaran import OpsiPagu, OpsiRealisasi, PemuatPagu, PemuatRealisasi
from pipelines.muat.batas import OpsiBatas, PemuatBatas
from pipelines.muat.buku_alamat import OpsiBukuAlamat, PemuatBukuAlamat
from pipelines.muat.indikator import OpsiIndikator, PemuatIndikator
from pipelines.muat.inti import (
    Kemajuan,
    KesalahanTakCocok,
    LaporanMuat,
    OpsiDasar,
    OpsiTabel,
    OpsiVektor,
    Pemuat,
    diam,
    hash_berkas,
    jalankan,
)
from pipelines.muat.itbx import OpsiItbx, OpsiPadanan, PemuatItbx, PemuatPadanan
from pipelines.muat.kamus import OpsiKamus, PemuatKamus
from pipelines.muat.nomenklatur import OpsiNomenklatur, OpsiOpd, OpsiPlafon, PemuatNomenklatur, PemuatOpd, PemuatPlafon
from pipelines.muat.tata_ruang import (
    OpsiLahan,
    OpsiOverlay,
    OpsiPolaRuang,
    OpsiZonasi,
    PemuatLahan,
    PemuatOverlay,
    PemuatPolaRuang,
    PemuatZonasi,
)
from pipelines.muat.usulan import OpsiUsulan, PemuatUsulan, templat_usulan, templat_usulan_xlsx


class JenisMuat(NamedTuple):
    """One kind of data: its loader, a one-line description and its options class."""

    pemuat: Pemuat
    deskripsi: str
    opsi: type[OpsiDasar]


def _jenis(*pemuat: Pemuat) -> dict[str, JenisMuat]:
    return {p.jenis: JenisMuat(p, p.deskripsi, p.Opsi) for p in pemuat}


#: Kind -> (loader, one-line description, options class). The CLI and the Data page both read this.
JENIS_MUAT: dict[str, JenisMuat] = _jenis(
    PemuatBatas(),
    PemuatIndikator(),
    PemuatPolaRuang(),
    PemuatZonasi(),
    PemuatItbx(),
    PemuatPadanan(),
    PemuatOverlay(),
    PemuatLahan(),
    PemuatKamus(),
    PemuatUsulan(),
    PemuatPagu(),
    PemuatRealisasi(),
    PemuatNomenklatur(),
    PemuatOpd(),
    PemuatPlafon(),
    PemuatBukuAlamat(),
)


def muat(jenis: str, path: Path, opsi: OpsiDasar, berkas: BerkasData, kemajuan: Kemajuan = diam) -> LaporanMuat:
    """Run the loader of ``jenis`` (a key of :data:`JENIS_MUAT`).

    Parameters
    ----------
    jenis : str
        Kind of data, e.g. ``"batas"``.
    path : Path
        The file (or Shapefile folder).
    opsi : OpsiDasar
        An instance of the kind's options class (``JENIS_MUAT[jenis].opsi``).
    berkas : BerkasData
        Data folder.
    kemajuan : callable
        Progress callback ``(fraction, message)``.

    Returns
    -------
    LaporanMuat

    Raises
    ------
    KesalahanInput
        Unknown kind, or every problem of the file (nothing was written).
    KesalahanAkses
        ``opsi.pelaku`` may not load this kind (usulan: each row must also lie in its wilayah).
    """
    if jenis not in JENIS_MUAT:
        raise KesalahanInput(
            "Perintah muat", [Masalah("argumen", "jenis", jenis, ", ".join(JENIS_MUAT), "pilih salah satu jenis")]
        )
    if opsi.pelaku is not None:  # from the app, or the CLI with --oleh: the account's role decides
        # usulan and realisasi: each row is also checked against the account's wilayah / OPD
        pastikan(
            opsi.pelaku,
            {
                "usulan": "usulan.tulis",
                "realisasi": "realisasi.tulis",
                "pagu": "pagu.tulis",
                "plafon": "plafon.tulis",
                "buku-alamat": "acara.tulis",
            }.get(jenis, "muat"),
        )
        opsi.oleh = opsi.pelaku.nama_pengguna
    return jalankan(JENIS_MUAT[jenis].pemuat, Path(path), opsi, berkas, kemajuan)


def muat_batas(path: Path, opsi: OpsiBatas, berkas: BerkasData, kemajuan: Kemajuan = diam) -> LaporanMuat:
    """Load administrative boundaries (see :class:`~pipelines.muat.batas.PemuatBatas`)."""
    return muat("batas", path, opsi, berkas, kemajuan)


def muat_indikator(path: Path, opsi: OpsiIndikator, berkas: BerkasData, kemajuan: Kemajuan = diam) -> LaporanMuat:
    """Load desa indicators (see :class:`~pipelines.muat.indikator.PemuatIndikator`)."""
    return muat("indikator", path, opsi, berkas, kemajuan)


def muat_pola_ruang(path: Path, opsi: OpsiPolaRuang, berkas: BerkasData, kemajuan: Kemajuan = diam) -> LaporanMuat:
    """Load RTRW pola ruang (see :class:`~pipelines.muat.tata_ruang.PemuatPolaRuang`)."""
    return muat("pola-ruang", path, opsi, berkas, kemajuan)


def muat_zonasi(path: Path, opsi: OpsiZonasi, berkas: BerkasData, kemajuan: Kemajuan = diam) -> LaporanMuat:
    """Load RDTR zones (see :class:`~pipelines.muat.tata_ruang.PemuatZonasi`)."""
    return muat("zonasi", path, opsi, berkas, kemajuan)


def muat_overlay(path: Path, opsi: OpsiOverlay, berkas: BerkasData, kemajuan: Kemajuan = diam) -> LaporanMuat:
    """Load a special overlay (see :class:`~pipelines.muat.tata_ruang.PemuatOverlay`)."""
    return muat("overlay", path, opsi, berkas, kemajuan)


def muat_lahan(path: Path, opsi: OpsiLahan, berkas: BerkasData, kemajuan: Kemajuan = diam) -> LaporanMuat:
    """Load land parcels (see :class:`~pipelines.muat.tata_ruang.PemuatLahan`)."""
    return muat("lahan", path, opsi, berkas, kemajuan)


def muat_itbx(path: Path, opsi: OpsiItbx, berkas: BerkasData, kemajuan: Kemajuan = diam) -> LaporanMuat:
    """Load an ITBX matrix (see :class:`~pipelines.muat.itbx.PemuatItbx`)."""
    return muat("itbx", path, opsi, berkas, kemajuan)


def muat_padanan(path: Path, opsi: OpsiPadanan, berkas: BerkasData, kemajuan: Kemajuan = diam) -> LaporanMuat:
    """Load an activity-class table (see :class:`~pipelines.muat.itbx.PemuatPadanan`)."""
    return muat("padanan-kegiatan", path, opsi, berkas, kemajuan)


def muat_kamus(path: Path, opsi: OpsiKamus, berkas: BerkasData, kemajuan: Kemajuan = diam) -> LaporanMuat:
    """Load the kamus usulan (see :class:`~pipelines.muat.kamus.PemuatKamus`)."""
    return muat("kamus", path, opsi, berkas, kemajuan)


def muat_usulan(path: Path, opsi: OpsiUsulan, berkas: BerkasData, kemajuan: Kemajuan = diam) -> LaporanMuat:
    """Import usulan (see :class:`~pipelines.muat.usulan.PemuatUsulan`)."""
    return muat("usulan", path, opsi, berkas, kemajuan)


def muat_pagu(path: Path, opsi: OpsiPagu, berkas: BerkasData, kemajuan: Kemajuan = diam) -> LaporanMuat:
    """Load pagu indikatif (see :class:`~pipelines.muat.anggaran.PemuatPagu`)."""
    return muat("pagu", path, opsi, berkas, kemajuan)


def muat_realisasi(path: Path, opsi: OpsiRealisasi, berkas: BerkasData, kemajuan: Kemajuan = diam) -> LaporanMuat:
    """Load realisasi (see :class:`~pipelines.muat.anggaran.PemuatRealisasi`)."""
    return muat("realisasi", path, opsi, berkas, kemajuan)


__all__ = [
    "JENIS_MUAT",
    "JENIS_OVERLAY",
    "JenisMuat",
    "Kemajuan",
    "KesalahanTakCocok",
    "LaporanMuat",
    "OpsiBatas",
    "OpsiBukuAlamat",
    "OpsiDasar",
    "OpsiIndikator",
    "OpsiItbx",
    "OpsiKamus",
    "OpsiLahan",
    "OpsiNomenklatur",
    "OpsiOpd",
    "OpsiOverlay",
    "OpsiPadanan",
    "OpsiPagu",
    "OpsiPlafon",
    "OpsiPolaRuang",
    "OpsiRealisasi",
    "OpsiTabel",
    "OpsiUsulan",
    "OpsiVektor",
    "OpsiZonasi",
    "hash_berkas",
    "muat",
    "muat_batas",
    "muat_indikator",
    "muat_itbx",
    "muat_kamus",
    "muat_lahan",
    "muat_overlay",
    "muat_padanan",
    "muat_pagu",
    "muat_pola_ruang",
    "muat_realisasi",
    "muat_usulan",
    "muat_zonasi",
    "templat_usulan",
    "templat_usulan_xlsx",
]
