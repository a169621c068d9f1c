"""The one module that owns DuckDB connections.

Design (also stated in the README):

* Two files in the data folder. ``referensi.duckdb`` is rebuilt by pipelines: a pipeline
  writes a *copy* and swaps it in with :func:`os.replace`, under a lock file, so the app
  (which only reads it) never sees a half-written file and two pipelines never overwrite
  each other. ``kerja.duckdb`` holds what users write; it is attached only for the length
  of one operation, so a CLI import can take the write lock between two page reruns.
* The spatial extension is loaded from the pinned PyPI package
  ``duckdb-extension-spatial``; nothing is downloaded at run time.
* Server mode (``PETARENCANA_DB=postgresql://…``, :class:`~geo.settings.BerkasData` ``server``):
  the same in-memory DuckDB connection ATTACHes the server's schemas as ``ref`` and ``kerja``
  (:mod:`geo.store.server`), so every feature's SQL runs unchanged; writes are server
  transactions, reloads swap in one transaction, and there is no file lock.
* Every failure to open a file becomes a :class:`~geo.errors.KesalahanBasisData` naming
  the file and the command that fixes it; a lock held too long becomes
  :class:`~geo.errors.BasisDataSibuk`. No lock traceback reaches a user.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import tempfile
import threading
import time
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from geo.errors import BasisDataSibuk, KesalahanBasisData, KesalahanPenyimpanan
from geo.settings import BerkasData
from geo.store import cadangan, server, skema
from geo.store.ekstensi import path_ekstensi
from geo.store.sisip import catat_muat, sisipkan  # noqa: F401 - the store's insert helpers, re-exported

PERINTAH_SIAPKAN = "python -m pipelines siapkan"
PERINTAH_PULIHKAN = "python -m pipelines pulihkan"

_KONFIG = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}


def path_ekstensi_spasial() -> Path:
    """Return the path of the spatial extension shipped by ``duckdb-extension-spatial``."""
    return path_ekstensi("duckdb-extension-spatial", "spatial")


def koneksi(path: str | Path = ":memory:", baca_saja: bool = False) -> duckdb.DuckDBPyConnection:
    """Open a DuckDB connection with the spatial extension loaded.

    Parameters
    ----------
    path : str or Path
        Database file, or ``":memory:"``.
    baca_saja : bool
        Open read-only.

    Returns
    -------
    duckdb.DuckDBPyConnection
    """
    try:
        con = duckdb.connect(str(path), read_only=baca_saja, config=dict(_KONFIG))
    except duckdb.Error as e:
        raise _terjemahkan(e, Path(path)) from e
    con.execute(f"LOAD '{path_ekstensi_spasial()}'")
    return con


def _terjemahkan(e: duckdb.Error, path: Path) -> KesalahanBasisData:
    """Turn a DuckDB open error into a user message naming the file and the fix."""
    pesan = str(e)
    if "lock" in pesan.lower():
        return BasisDataSibuk(
            f"Berkas {path} sedang dipakai proses lain (misalnya pipeline yang sedang "
            "memuat data). Data Anda aman; coba lagi sebentar lagi."
        )
    return KesalahanBasisData(
        f"Berkas basis data {path} rusak atau dibuat oleh versi DuckDB lain "
        f"(DuckDB terpasang: {duckdb.__version__}). Coba `{PERINTAH_SIAPKAN}`; bila tetap gagal, pulihkan "
        f"cadangan otomatis terakhir: `{PERINTAH_PULIHKAN}` menampilkan daftarnya, `{PERINTAH_PULIHKAN} <nama>` "
        f"memulihkan (berkas sekarang disimpan dulu). Rincian: {pesan.splitlines()[0]}"
    )


def galat_disk(e: BaseException) -> bool:
    """Whether an exception is the disk refusing a write (full, quota, read-only, I/O error)."""
    if isinstance(e, OSError):
        return e.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO)
    if isinstance(e, duckdb.IOException):
        return True
    pesan = str(e).lower()
    return isinstance(e, duckdb.Error) and ("no space left" in pesan or "disk is full" in pesan)


def pesan_disk(path: Path, e: BaseException, tersimpan: bool | None) -> KesalahanPenyimpanan:
    """The honest message after a disk failure: what failed and whether the data was saved."""
    if tersimpan is True:
        hasil = (
            "Perubahan Anda SUDAH tersimpan (diperiksa ulang setelah galat): jangan menyimpan ulang, "
            "muat ulang halaman untuk melihatnya."
        )
    elif tersimpan is False:
        hasil = "Perubahan Anda TIDAK tersimpan dan data sebelumnya utuh; ulangi setelah ruang disk tersedia."
    else:
        hasil = "Data sebelumnya utuh; tidak ada yang diganti."
    return KesalahanPenyimpanan(
        f"Penyimpanan ke {path} gagal karena disk penuh atau galat masukan/keluaran. {hasil} "
        f"Kosongkan ruang di {path.parent} (misalnya hapus cadangan lama di folder cadangan) lalu coba lagi. "
        f"Rincian: {str(e).splitlines()[0] if str(e) else type(e).__name__}",
        tersimpan,
    )


def _komit(con: duckdb.DuckDBPyConnection) -> None:
    """Commit the open transaction (one place, so a failure can be simulated in tests)."""
    con.execute("COMMIT")


def skalar(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> Any:
    """First column of the first row of a query that always returns one row (a count, a max)."""
    baris = con.execute(sql, params or []).fetchone()
    if baris is None:
        raise KesalahanBasisData(f"Kueri tidak mengembalikan baris: {sql.split()[0]} …")
    return baris[0]


def versi_skema(con: duckdb.DuckDBPyConnection, katalog: str | None = None) -> int | None:
    """Return the schema version recorded in ``katalog`` (default: the current database).

    Returns None when the database has no ``skema_migrasi`` table.
    """
    katalog = katalog or skalar(con, "SELECT current_database()")
    ada = skalar(
        con,
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = ? AND table_name = 'skema_migrasi'",
        [katalog],
    )
    if not ada:
        return None
    return skalar(con, f'SELECT coalesce(max(versi), 0) FROM "{katalog}".skema_migrasi')


def terapkan_migrasi(con: duckdb.DuckDBPyConnection, jenis: skema.JenisBerkas, katalog: str | None = None) -> list[int]:
    """Apply the migrations of ``jenis`` that ``katalog`` lacks, each in a transaction.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        Open read-write connection.
    jenis : {"referensi", "kerja"}
        Which schema.
    katalog : str, optional
        Attached database name (default: the current database).

    Returns
    -------
    list of int
        Versions applied now (empty when already current: migrations are idempotent).
    """
    if katalog:
        con.execute(f'USE "{katalog}"')
    con.execute(
        "CREATE TABLE IF NOT EXISTS skema_migrasi ("
        "versi INTEGER PRIMARY KEY, jenis VARCHAR NOT NULL, nama VARCHAR NOT NULL, "
        "waktu TIMESTAMP NOT NULL)"
    )
    sekarang = versi_skema(con, katalog) or 0
    diterapkan = []
    for versi, nama, sql in skema.MIGRASI[jenis]:
        if versi <= sekarang:
            continue
        try:
            with _transaksi(con):
                con.execute(sql)
                con.execute(
                    "INSERT INTO skema_migrasi VALUES (?, ?, ?, current_localtimestamp())",
                    [versi, jenis, nama],
                )
        except duckdb.Error as e:
            raise KesalahanBasisData(
                f"Migrasi skema {jenis} versi {versi} ({nama}) gagal dan dibatalkan; isi berkas tidak "
                f"berubah. Berkas ini tampaknya bukan basis data {jenis} PetaRencana yang utuh: pulihkan "
                f"cadangan dengan `{PERINTAH_PULIHKAN}`. Rincian: {str(e).splitlines()[0]}"
            ) from e
        diterapkan.append(versi)
    return diterapkan


def periksa_versi(versi: int | None, jenis: skema.JenisBerkas, path: Path) -> None:
    """Raise a clear error unless ``versi`` is the schema version the code expects."""
    harap = skema.versi_terbaru(jenis)
    if versi == harap:
        return
    if versi is None:
        raise KesalahanBasisData(
            f"Berkas {path} bukan basis data {jenis} PetaRencana (tidak ada tabel "
            f"skema_migrasi). Pulihkan cadangan dengan `{PERINTAH_PULIHKAN}`."
        )
    if versi < harap:
        raise KesalahanBasisData(
            f"Berkas {path} memakai skema {jenis} versi {versi}, aplikasi ini memerlukan "
            f"versi {harap}. Perbarui dengan `{PERINTAH_SIAPKAN}` (data Anda dipertahankan)."
        )
    raise KesalahanBasisData(
        f"Berkas {path} memakai skema {jenis} versi {versi}, lebih baru dari yang dikenal "
        f"aplikasi ini ({harap}). Perbarui PetaRencana (git pull, lalu `make run`)."
    )


@contextlib.contextmanager
def kunci_berkas(path: Path, tunggu: float = 30.0) -> Iterator[None]:
    """Hold an exclusive lock file ``<path>.lock`` so two writers never interleave.

    Raises
    ------
    BasisDataSibuk
        When another writer holds it for more than ``tunggu`` seconds.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(f"{path}.lock", "w") as f:
        batas = time.monotonic() + tunggu
        while True:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > batas:
                    raise BasisDataSibuk(
                        f"Proses lain sedang menulis {path.name}; tidak ada yang ditimpa. "
                        "Tunggu hingga proses itu selesai lalu ulangi."
                    ) from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


@contextlib.contextmanager
def ganti_atomik(
    path: Path, jenis: skema.JenisBerkas, dari_awal: bool = False, url: str | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Write a new version of a database file and swap it in only on success.

    The current file (unless ``dari_awal``) is copied to a temporary file beside it,
    migrated, handed to the caller, then moved over ``path`` with :func:`os.replace`.
    If the caller raises, the temporary file is removed and ``path`` is untouched.

    Parameters
    ----------
    path : Path
        Target database file.
    jenis : {"referensi", "kerja"}
        Schema to migrate the copy to.
    dari_awal : bool
        Start from an empty database instead of a copy.
    url : str, optional
        Server mode (``BerkasData.server``): rewrite that schema in one transaction instead.

    Yields
    ------
    duckdb.DuckDBPyConnection
        Read-write connection on the temporary copy.
    """
    if url:
        con = koneksi(":memory:")
        try:
            server.sambung(con, url, Path(path).parent)
            with server.ganti(con, url, jenis, dari_awal):
                yield con
        finally:
            con.close()
        return
    path = Path(path)
    with kunci_berkas(path):
        fd, nama_tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".duckdb", dir=path.parent)
        os.close(fd)
        os.unlink(nama_tmp)
        tmp = Path(nama_tmp)
        try:
            try:
                if path.exists() and not dari_awal:
                    shutil.copyfile(path, tmp)
                con = koneksi(tmp)
                try:
                    terapkan_migrasi(con, jenis)
                    yield con
                    con.execute("CHECKPOINT")
                finally:
                    con.close()
                if path.exists():  # the file being replaced is kept as a rotating backup first
                    cadangan.buat_cadangan(BerkasData(path.parent), jenis, "sebelum-tukar")
            except (OSError, duckdb.Error) as e:
                if galat_disk(e):  # the copy was being written: the current file is untouched
                    raise pesan_disk(path, e, None) from e
                raise
            os.replace(tmp, path)
        finally:
            for sisa in (tmp, Path(f"{tmp}.wal")):
                sisa.unlink(missing_ok=True)


def migrasi_di_tempat(path: Path, jenis: skema.JenisBerkas) -> list[int]:
    """Bring an existing file to the current schema (under the writer lock), backing it up first if it migrates."""
    with kunci_berkas(path):
        con = koneksi(path, baca_saja=True)
        try:
            lama = versi_skema(con) or 0
        finally:
            con.close()
        if lama < skema.versi_terbaru(jenis):
            cadangan.buat_cadangan(BerkasData(path.parent), jenis, "sebelum-migrasi")
        con = koneksi(path)
        try:
            return terapkan_migrasi(con, jenis)
        finally:
            con.close()


#: The Gudang of each data folder open in this process (see :func:`transaksi_kerja`).
_GUDANG_AKTIF: dict[str, weakref.ref] = {}


@contextlib.contextmanager
def _transaksi(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """One transaction: committed when the body ends, rolled back on any exception."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _tulis_jujur(cur: duckdb.DuckDBPyConnection, path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """One write transaction; a disk failure is reported with whether the write was kept.

    Every write of working data appends audit rows, so after an ambiguous failure (at
    commit) the audit log is read again: rows beyond the last id seen before the write
    mean the change was stored.
    """
    awal = skalar(cur, "SELECT coalesce(max(id), 0) FROM kerja.audit_log")
    cur.execute("BEGIN TRANSACTION")
    try:
        yield cur
    except BaseException as e:
        cur.execute("ROLLBACK")
        if galat_disk(e):
            raise pesan_disk(path, e, False) from e
        raise
    try:
        _komit(cur)
    except (OSError, duckdb.Error) as e:
        if not galat_disk(e):
            raise
        with contextlib.suppress(duckdb.Error):
            cur.execute("ROLLBACK")
        try:
            tersimpan = skalar(cur, "SELECT count(*) FROM kerja.audit_log WHERE id > ?", [awal]) > 0
        except duckdb.Error:
            tersimpan = None  # cannot even read back: say so rather than guess
        raise pesan_disk(path, e, tersimpan) from e


def _identitas(path: Path) -> tuple[int, int, int] | None:
    try:
        s = path.stat()
    except FileNotFoundError:
        return None
    return (s.st_ino, s.st_mtime_ns, s.st_size)


class Gudang:
    """The app's handle on the store: reference data read-only, working data per operation.

    One instance per process. Reference data stays attached as ``ref`` and is re-attached
    when a pipeline swaps the file. Working data is attached as ``kerja`` for one
    :meth:`sesi` at a time (a lock serialises the threads of a Streamlit server), so the
    write lock is free between operations.

    Parameters
    ----------
    berkas : BerkasData
        The data folder's files.
    tunggu : float
        Seconds to wait for another process's lock before :class:`BasisDataSibuk`.
    """

    def __init__(self, berkas: BerkasData, tunggu: float = 10.0):
        self.berkas = berkas
        self.tunggu = tunggu
        self._kunci = threading.RLock()
        self._con = koneksi(":memory:")
        if berkas.server:
            server.sambung(self._con, berkas.server, berkas.folder)
        self._id_ref: tuple[int, int, int] | None = None
        _GUDANG_AKTIF[str(berkas.folder)] = weakref.ref(self)

    def _pastikan_ref(self) -> None:
        if self.berkas.server:  # one shared database: versions checked once, reloads are transactions
            if self._id_ref is None:
                server.periksa_versi(self._con, self.berkas.server)
                self._id_ref = (0, 0, 0)
            return
        path = self.berkas.referensi
        ident = _identitas(path)
        if ident is None:
            raise KesalahanBasisData(
                f"Basis data referensi {path} tidak ditemukan. Jalankan `{PERINTAH_SIAPKAN}` "
                "(membangun data demo bila belum ada)."
            )
        if ident == self._id_ref:
            return
        if self._id_ref is not None:
            self._con.execute("DETACH ref")
            self._id_ref = None
        self._attach(path, "ref", baca_saja=True)
        try:
            periksa_versi(versi_skema(self._con, "ref"), "referensi", path)
        except KesalahanBasisData:
            self._con.execute("DETACH ref")
            raise
        self._id_ref = ident

    def _attach(self, path: Path, nama: str, baca_saja: bool) -> None:
        mode = " (READ_ONLY)" if baca_saja else ""
        batas = time.monotonic() + self.tunggu
        while True:
            try:
                self._con.execute(f"ATTACH '{path}' AS {nama}{mode}")
                return
            except duckdb.Error as e:
                galat = _terjemahkan(e, path)
                if isinstance(galat, BasisDataSibuk) and time.monotonic() < batas:
                    time.sleep(0.2)
                    continue
                raise galat from e

    @contextlib.contextmanager
    def sesi(self, tulis: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """Yield a connection with ``ref`` and ``kerja`` attached.

        With ``tulis=True`` the body runs in one transaction on ``kerja``: committed on
        success, rolled back on any exception.
        """
        with self._kunci:
            self._pastikan_ref()
            if self.berkas.server:
                with server.sesi(self._con, self.berkas.server, tulis) as kur:
                    yield kur
                return
            path = self.berkas.kerja
            if not path.exists():
                raise KesalahanBasisData(f"Basis data kerja {path} tidak ditemukan. Jalankan `{PERINTAH_SIAPKAN}`.")
            self._attach(path, "kerja", baca_saja=not tulis)
            cur = None
            try:
                periksa_versi(versi_skema(self._con, "kerja"), "kerja", path)
                cur = self._con.cursor()
                if tulis:
                    yield from _tulis_jujur(cur, path)
                else:
                    yield cur
            finally:
                if cur is not None:
                    cur.close()
                self._con.execute("USE memory")
                self._con.execute("DETACH kerja")

    def df(self, sql: str, params: list | None = None) -> pd.DataFrame:
        """Run a read query (parameters bound, never formatted in) and return a frame."""
        with self.sesi() as con:
            return con.execute(sql, params or []).df()

    @contextlib.contextmanager
    def eksklusif(self) -> Iterator[None]:
        """Hold this process's store lock: no session of this process reads or writes meanwhile (e.g. a backup copy)."""
        with self._kunci:
            yield

    def versi_referensi(self) -> tuple[int, int, int]:
        """Identity of the current reference file: a cache key that changes on swap."""
        with self._kunci:
            self._pastikan_ref()
            if self.berkas.server:
                return server.sidik_referensi(self._con)
            return self._id_ref  # type: ignore[return-value]

    def tutup(self) -> None:
        """Close the underlying connection."""
        if _GUDANG_AKTIF.get(str(self.berkas.folder), lambda: None)() is self:
            del _GUDANG_AKTIF[str(self.berkas.folder)]
        self._con.close()


@contextlib.contextmanager
def transaksi_kerja(berkas: BerkasData, tunggu: float = 30.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the working database for one all-or-nothing write, reference data attached as ``ref``.

    Waits up to ``tunggu`` seconds for another process (e.g. the app) to release the file.
    """
    gudang = _GUDANG_AKTIF.get(str(berkas.folder))
    gudang = gudang() if gudang else None
    if gudang is not None:
        # this process already holds the reference file (the app): DuckDB refuses a second
        # handle on it, so write through the app's own connection
        with gudang.sesi(tulis=True) as con:
            con.execute("USE kerja")
            yield con
        return
    if berkas.server:
        con = koneksi(":memory:")
        try:
            server.sambung(con, berkas.server, berkas.folder)
            server.periksa_versi(con, berkas.server)
            with server.sesi(con, berkas.server, tulis=True) as cur:
                cur.execute("USE kerja")
                yield cur
        finally:
            con.close()
        return
    batas = time.monotonic() + tunggu
    while True:
        try:
            con = koneksi(berkas.kerja)
            break
        except BasisDataSibuk:
            if time.monotonic() > batas:
                raise
            time.sleep(0.2)
    try:
        periksa_versi(versi_skema(con), "kerja", berkas.kerja)
        con.execute(f"ATTACH '{berkas.referensi}' AS ref (READ_ONLY)")
        yield from _tulis_jujur(con, berkas.kerja)
    finally:
        con.close()
