"""The loader protocol, written once: read → check → write → record → (after) → report.

A loader (:class:`Pemuat`) says how to *read* its file, how to *check* it (every problem of
the file in one :class:`~geo.errors.KesalahanInput`) and how to *write* it. :func:`jalankan`
runs those steps for every kind the same way: reference data is written through
:func:`geo.store.db.ganti_atomik` (copy, write, swap), working data through
:func:`geo.store.db.transaksi_kerja` (one transaction); a check that fails inside the write
step still leaves the store untouched. Each load is *recorded* in ``riwayat_muat`` with the
file's sha256; a loader whose stored change concerns the other file does that work *after*
(:meth:`Pemuat.sesudah`: provisional wilayah codes replaced in the working data), and the load
is *reported* as a :class:`LaporanMuat` with its lists (:data:`DAFTAR_LAPORAN`); one log line
per load (kind, file name, counts — never personal data).
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import logging
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Generic, Literal, TypeVar

import duckdb
import geopandas as gpd
import pandas as pd

from geo.domain.akses import Pengguna
from geo.errors import KesalahanInput, Masalah
from geo.settings import BerkasData
from geo.store import cadangan, db
from pipelines.baca import Tabel, baca_vektor
from pipelines.higiene import LaporanGeometri, bersihkan
from pipelines.muat.kolom import tabel_pertama

log = logging.getLogger(__name__)

Kemajuan = Callable[[float, str], None]


def diam(_f: float, _p: str) -> None:
    """A progress callback that shows nothing."""
    return None


def _pengguna() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # pragma: no cover - no passwd entry in some containers
        return "tidak diketahui"


@dataclass(kw_only=True)
class OpsiDasar:
    """Options every load has: who loads, and the account whose scope the load respects.

    ``oleh`` is recorded in ``riwayat_muat``; ``pelaku`` (from the app, or the CLI's ``--oleh``)
    is checked by :func:`pipelines.muat.muat`.
    """

    oleh: str = field(default_factory=_pengguna)
    pelaku: Pengguna | None = None


@dataclass(kw_only=True)
class OpsiVektor(OpsiDasar):
    """Options of every vector file: the CRS to assume when the file declares none."""

    crs: str | None = None


@dataclass(kw_only=True)
class OpsiTabel(OpsiDasar):
    """Options of every table file: the XLSX sheet to read (default: the first with data)."""

    lembar: str | None = None


class KesalahanTakCocok(KesalahanInput):
    """Rows whose place matches no loaded desa, or several: every one named with its candidates.

    Nothing was written. The CLI and the Data page show it like any
    :class:`~geo.errors.KesalahanInput`; the units are also kept as a table so they can be
    decided by hand (``--resolusi``) or skipped (``--lewati-tak-cocok``).

    Parameters
    ----------
    judul : str
        What was being read, e.g. ``"Berkas ipm.csv"``.
    masalah : list of Masalah
        One problem per unmatched unit (its rows, value, reason and candidates).
    tak_cocok : DataFrame
        The units: ``kode_sumber``, ``nama``, ``nama_induk``, ``alasan``, ``calon``.
    """

    def __init__(self, judul: str, masalah: list[Masalah], tak_cocok: pd.DataFrame):
        super().__init__(judul, masalah)
        self.tak_cocok = tak_cocok


#: Lists a load reports beside its unmatched units: key -> (title, what to do with it). The CLI
#: writes each one that is not empty as ``<key>-<file>.csv`` beside ``tak_cocok-<file>.csv``;
#: the Data page shows it as a table with a download button. A list with a ``kode`` column can
#: be filled in (or corrected) and loaded back with ``--resolusi``.
DAFTAR_LAPORAN: dict[str, tuple[str, str]] = {
    "tinjau": (
        "Pasangan yang perlu ditinjau",
        "sudah disimpan, tetapi nama dan tumpang tindihnya tidak sepakat; bila keliru, ubah kolom 'kode' "
        "lalu muat ulang dengan --resolusi",
    ),
    "di_luar": (
        "Fitur di luar kabupaten",
        "tidak dicocokkan; bila ternyata bagian kabupaten ini, isi kolom 'kode' lalu muat ulang dengan --resolusi",
    ),
    "digabung": (
        "Fitur satu desa yang digabung",
        "fitur bernama dan berkecamatan sama yang bersentuhan atau berjarak ≤ 50 m dijadikan satu desa",
    ),
    "kode_sementara": (
        "Kode sementara yang diberikan",
        "batas bernama saja tanpa kode Kemendagri: kode ini diganti kode Kemendagri saat batas desa "
        "Kemendagri kabupaten ini dimuat (usulan dan indikatornya ikut)",
    ),
    "ganti_kode": (
        "Kode sementara yang diganti kode Kemendagri",
        "usulan, pagu, bobot forum, akun dan indikator berkode sementara ini kini memakai kode Kemendagri",
    ),
}


@dataclass
class LaporanMuat:
    """What a load did, for the CLI and the page.

    ``tak_cocok``: units left for a person (``tak_cocok-<file>.csv``); ``daftar``: the other
    report lists, keyed as :data:`DAFTAR_LAPORAN` (only those that are not empty).
    """

    jenis: str
    berkas: str
    hash: str
    baris_masuk: int
    baris_keluar: int
    peringatan: list[str] = field(default_factory=list)
    tak_cocok: pd.DataFrame | None = None
    rincian: dict = field(default_factory=dict)
    daftar: dict[str, pd.DataFrame] = field(default_factory=dict)

    def teks(self) -> str:
        """Return the report as Indonesian text."""
        baris = [
            f"Muat {self.jenis}: {self.berkas} (sha256 {self.hash[:12]}…)",
            f"  baris masuk {self.baris_masuk}, tersimpan {self.baris_keluar}",
        ]
        baris += [f"  {k}: {v}" for k, v in self.rincian.items()]
        baris += [f"  peringatan: {p}" for p in self.peringatan]
        baris += [f"  {DAFTAR_LAPORAN.get(k, (k,))[0]}: {len(v)} baris" for k, v in self.daftar.items()]
        if self.tak_cocok is not None and len(self.tak_cocok):
            baris.append(f"  {len(self.tak_cocok)} unit belum cocok (perlu diputuskan orang):")
            for r in self.tak_cocok.itertuples():
                induk = f" (kec. {r.nama_induk})" if r.nama_induk else ""
                baris.append(f"    - {r.kode_sumber} {r.nama}{induk}: {r.alasan}; calon: {r.calon or '-'}")
        return "\n".join(baris)


def hash_berkas(path: Path) -> str:
    """Return the sha256 of a file, or of every file of a folder (sorted by name)."""
    h = hashlib.sha256()
    path = Path(path)
    berkas = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for p in berkas:
        with open(p, "rb") as f:
            for blok in iter(lambda: f.read(1 << 20), b""):
                h.update(blok)
    return h.hexdigest()


@dataclass(frozen=True)
class Muatan:
    """The load in progress, handed to every step: the file, its title in messages, progress."""

    path: Path
    kemajuan: Kemajuan = diam
    berkas: BerkasData | None = None  # the data folder loaded into (a loader may compare with what is there)

    @property
    def nama(self) -> str:
        """File name (what ``sumber`` columns and the load history record)."""
        return self.path.name

    @property
    def judul(self) -> str:
        """Title of error reports, e.g. ``"Berkas desa.geojson"``."""
        return f"Berkas {self.path.name}"


@dataclass
class Hasil:
    """What the write step did; :func:`jalankan` records it and turns it into the report."""

    baris_masuk: int
    baris_keluar: int
    peringatan: list[str] = field(default_factory=list)
    rincian: dict = field(default_factory=dict)
    tak_cocok: pd.DataFrame | None = None
    versi_kode: str | None = None
    daftar: dict[str, pd.DataFrame] = field(default_factory=dict)


OD = TypeVar("OD", bound=OpsiDasar)
OT = TypeVar("OT", bound=OpsiTabel)
OV = TypeVar("OV", bound=OpsiVektor)
B = TypeVar("B")


class Pemuat(ABC, Generic[OD, B]):
    """One kind of data: how to read, check and write it.

    Subclasses set :attr:`jenis` (the kind, also recorded in the load history),
    :attr:`deskripsi`, :attr:`Opsi` (their own options class) and :attr:`data` (which
    database they write), and implement :meth:`baca` and :meth:`tulis`.
    """

    jenis: ClassVar[str]
    deskripsi: ClassVar[str]
    Opsi: ClassVar[type[OpsiDasar]]
    data: ClassVar[Literal["referensi", "kerja"]] = "referensi"

    @abstractmethod
    def baca(self, m: Muatan, opsi: OD) -> B:
        """Read the file (raise :class:`KesalahanInput` when it cannot be read)."""

    def periksa(self, m: Muatan, opsi: OD, bacaan: B) -> B:
        """Check what was read, raising one :class:`KesalahanInput` with every problem."""
        return bacaan

    @abstractmethod
    def tulis(self, m: Muatan, opsi: OD, bacaan: B, con: duckdb.DuckDBPyConnection) -> Hasil:
        """Write to the store through ``con``; checks against stored data may still raise."""

    def sesudah(self, m: Muatan, opsi: OD, hasil: Hasil, berkas: BerkasData) -> None:
        """Work on the other database file once the write is stored (default: nothing).

        A reference load whose new codes replace provisional ones moves the working data here
        (its own backup and transaction); what it did goes into ``hasil.rincian``.
        """
        return None


@contextlib.contextmanager
def _buka(data: Literal["referensi", "kerja"], berkas: BerkasData) -> Iterator[duckdb.DuckDBPyConnection]:
    if data == "referensi":
        with db.ganti_atomik(berkas.referensi, "referensi", url=berkas.server) as con:
            yield con
    else:
        cadangan.buat_cadangan(berkas, "kerja", "sebelum-impor")  # a bulk import can always be undone
        with db.transaksi_kerja(berkas) as con:
            yield con


def jalankan(pemuat: Pemuat, path: Path, opsi: OpsiDasar, berkas: BerkasData, kemajuan: Kemajuan = diam) -> LaporanMuat:
    """Run one load: read → check → write → record → (adjust the other file) → report.

    Parameters
    ----------
    pemuat : Pemuat
        The loader of the kind.
    path : Path
        The file (or Shapefile folder).
    opsi : OpsiDasar
        An instance of ``pemuat.Opsi``.
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
        Every problem of the file; nothing was written.
    TypeError
        When ``opsi`` is not the loader's options class (a bug in the caller).
    """
    if not isinstance(opsi, pemuat.Opsi):
        raise TypeError(f"muat {pemuat.jenis} memerlukan {pemuat.Opsi.__name__}, bukan {type(opsi).__name__}")
    m = Muatan(Path(path), kemajuan, berkas)
    # the hash runs beside the read and the checks (hashlib releases the GIL)
    with ThreadPoolExecutor(1) as ex:
        tugas_hash = ex.submit(hash_berkas, m.path)
        try:
            kemajuan(0.05, "membaca berkas")
            bacaan = pemuat.baca(m, opsi)
            kemajuan(0.2, "memeriksa isi")
            bacaan = pemuat.periksa(m, opsi, bacaan)
            kemajuan(0.5, "menulis basis data")
            with _buka(pemuat.data, berkas) as con:
                hasil = pemuat.tulis(m, opsi, bacaan, con)
                kemajuan(0.95, "mencatat riwayat")
                h = tugas_hash.result()
                db.catat_muat(
                    con,
                    pemuat.jenis,
                    m.nama,
                    h,
                    hasil.baris_masuk,
                    hasil.baris_keluar,
                    hasil.peringatan,
                    hasil.versi_kode,
                    opsi.oleh,
                )
        except duckdb.ConstraintException as e:
            # the store's keys are the last check of a file: a duplicate key a loader did not
            # report itself is still the file's problem, and the write was rolled back
            log.info("muat %s %s ditolak (kunci ganda); tidak ada yang diubah", pemuat.jenis, m.nama)
            raise KesalahanInput(
                m.judul,
                [
                    Masalah(
                        "berkas",
                        "",
                        str(e).splitlines()[0].split(": ", 1)[-1][:200],
                        "satu baris per kunci (tiap kombinasi kunci hanya sekali di berkas)",
                        "hapus atau gabungkan baris ganda",
                    )
                ],
            ) from e
        except KesalahanInput as e:
            log.info("muat %s %s ditolak (%d masalah); tidak ada yang diubah", pemuat.jenis, m.nama, len(e.masalah))
            raise
    kemajuan(0.97, "menyesuaikan data lain")
    pemuat.sesudah(m, opsi, hasil, berkas)
    kemajuan(1.0, "selesai")
    log.info(
        "muat %s %s: masuk %d, tersimpan %d, %d peringatan",
        pemuat.jenis,
        m.nama,
        hasil.baris_masuk,
        hasil.baris_keluar,
        len(hasil.peringatan),
    )
    return LaporanMuat(
        pemuat.jenis,
        m.nama,
        h,
        hasil.baris_masuk,
        hasil.baris_keluar,
        hasil.peringatan,
        hasil.tak_cocok,
        hasil.rincian,
        {k: v for k, v in hasil.daftar.items() if v is not None and len(v)},
    )


@dataclass
class BacaanTabel:
    """A table file as read: its first sheet with data, and notes (other sheets)."""

    tabel: Tabel
    catatan: list[str]


class PemuatTabel(Pemuat[OT, BacaanTabel]):
    """A loader of CSV/XLSX tables: reads the first sheet with data (or ``opsi.lembar``)."""

    #: Words that mark the header row (None: the reader's default).
    kata_kunci: ClassVar[tuple[str, ...] | None] = None

    def baca(self, m: Muatan, opsi: OT) -> BacaanTabel:
        """Read the sheet."""
        tabel, catatan = tabel_pertama(m.path, opsi.lembar, m.judul, self.kata_kunci)
        return BacaanTabel(tabel, catatan)


@dataclass
class BacaanVektor:
    """A vector file as read and cleaned: valid geometries in EPSG:4326, feature count before cleaning."""

    gdf: gpd.GeoDataFrame
    n_masuk: int
    lap: LaporanGeometri


class PemuatVektor(Pemuat[OV, BacaanVektor]):
    """A loader of vector files: reads, sets the CRS (``opsi.crs``), repairs and checks geometries."""

    def baca(self, m: Muatan, opsi: OV) -> BacaanVektor:
        """Read and clean the features."""
        gdf = baca_vektor(m.path)
        n = len(gdf)
        m.kemajuan(0.1, "memeriksa geometri")
        gdf, lap = bersihkan(gdf, m.judul, opsi.crs)
        return BacaanVektor(gdf.reset_index(drop=True), n, lap)
