"""Server mode: the store on one PostgreSQL/PostGIS database shared by every process.

DuckDB stays the query engine. In server mode an in-memory DuckDB connection (opened by
:func:`geo.store.db.koneksi`, the one place that opens connections) loads the PostgreSQL
extension from the pinned PyPI package ``duckdb-extension-postgres_scanner`` (nothing is
downloaded at run time, like the spatial extension) and ATTACHes the server twice: schema
``ref`` as catalog ``ref`` and schema ``kerja`` as catalog ``kerja``. Every feature's SQL,
written against ``ref.<tabel>`` and ``kerja.<tabel>``, therefore runs unchanged on both
backends.

What differs is kept here:

* DDL: the one migration list of :mod:`geo.store.skema` is translated to PostgreSQL
  (:func:`ke_pg`: ``DOUBLE`` → ``DOUBLE PRECISION``, ``GEOMETRY`` → ``geometry(Geometry, 4326)``,
  ``DEFAULT []`` → ``DEFAULT '{}'``…) and run with ``postgres_execute`` inside the same
  transaction as its ``skema_migrasi`` row;
* sequences (:func:`nomor_baru`), which DuckDB cannot call on an attached server;
* errors: an unreachable server, and PostgreSQL's "could not serialize access" (a second
  writer on the same row) which becomes :class:`~geo.errors.KonflikVersi`.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path

import duckdb

from geo.errors import KesalahanBasisData, KonflikVersi
from geo.store import lapisan, skema
from geo.store.ekstensi import path_ekstensi

#: DuckDB catalog names of the two databases (as the feature SQL writes them: ``ref.wilayah``).
KATALOG: dict[str, str] = {"referensi": "ref", "kerja": "kerja"}

#: PostgreSQL schema holding each (named apart from the catalog so ``kerja.usulan`` is never ambiguous).
SKEMA_PG: dict[str, str] = {"referensi": "referensi", "kerja": "data_kerja"}


def path_ekstensi_postgres() -> Path:
    """Return the path of the PostgreSQL extension shipped by ``duckdb-extension-postgres_scanner``."""
    return path_ekstensi(
        "duckdb-extension-postgres_scanner",
        "postgres_scanner",
        " (diperlukan mode server PETARENCANA_DB=postgresql://…)",
    )


def samarkan(url: str) -> str:
    """The server URL without its password, for messages and logs."""
    url = re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)
    return re.sub(r"(password\s*=\s*)\S+", r"\1***", url)


def galat_putus(e: BaseException) -> bool:
    """Whether a DuckDB error means the server cannot be reached or the connection dropped."""
    pesan = str(e).lower()
    return any(
        k in pesan
        for k in (
            "connection refused",
            "could not connect",
            "unable to connect",
            "server closed the connection",
            "connection to server",
            "terminating connection",
            "no connection to the server",
            "connection timed out",
            "could not translate host",
        )
    )


def pesan_putus(url: str, e: BaseException, tulis: bool = False) -> KesalahanBasisData:
    """The Indonesian message for an unreachable server (``tulis=False``) or a connection dropped in a write."""
    akibat = (
        "koneksinya terputus di tengah penyimpanan. Perubahan yang sedang disimpan TIDAK tersimpan (transaksi "
        "dibatalkan oleh server); data sebelumnya utuh."
        if tulis
        else "tidak dapat dihubungi. Tidak ada data yang diubah."
    )
    return KesalahanBasisData(
        f"Server basis data {samarkan(url)} {akibat} Periksa "
        "jaringan dan layanan PostgreSQL (`systemctl status postgresql`), lalu ulangi. Rincian: "
        f"{samarkan(str(e).splitlines()[0]) if str(e) else type(e).__name__}"
    )


def konflik(e: BaseException) -> bool:
    """Whether a DuckDB error is PostgreSQL refusing a write because another one changed the row first."""
    pesan = str(e).lower()
    return "could not serialize access" in pesan or "deadlock detected" in pesan


def pesan_konflik() -> KonflikVersi:
    """The refusal of a second writer on the same record (nothing was overwritten)."""
    return KonflikVersi(
        "Data ini baru saja diubah oleh pengguna lain pada saat yang sama; perubahan Anda TIDAK disimpan "
        "dan tidak ada yang ditimpa. Muat ulang halaman untuk melihat versi terbaru, lalu ulangi."
    )


def sambung(
    con: duckdb.DuckDBPyConnection,
    url: str,
    folder: Path | None = None,
    katalog: dict[str, str] | None = None,
    baca_saja: bool = False,
) -> None:
    """Attach the server's ``ref`` and ``kerja`` schemas to ``con`` (creating the schemas when missing).

    ``folder`` is the data folder beside the server (backups, photos, the key of identity-number
    hashes); it is recorded in the in-memory table ``memory.main.folder_data`` for
    :func:`geo.store.rahasia.folder_kerja`. ``katalog`` renames the two catalogs (``pindah`` attaches
    a source beside the target). ``baca_saja`` attaches read-only (the public process).

    Raises
    ------
    KesalahanBasisData
        When the server cannot be reached or lacks PostGIS.
    """
    try:
        con.execute(f"LOAD '{path_ekstensi_postgres()}'")
        con.execute("SET pg_connection_cache = true")
        con.execute(f"ATTACH '{_kutip(url)}' AS pg_admin (TYPE postgres)")
        try:
            ada = con.execute(
                "SELECT * FROM postgres_query('pg_admin', "
                "'SELECT count(*) FROM pg_extension WHERE extname = ''postgis''')"
            ).fetchall()[0][0]
            if not ada:
                try:
                    con.execute("CALL postgres_execute('pg_admin', 'CREATE EXTENSION IF NOT EXISTS postgis')")
                except duckdb.Error as e:
                    raise KesalahanBasisData(
                        f"Basis data {samarkan(url)} belum memiliki ekstensi PostGIS dan akun ini tidak boleh "
                        "memasangnya. Minta admin basis data menjalankan `CREATE EXTENSION postgis;` "
                        "(paket Debian postgresql-15-postgis-3)."
                    ) from e
            con.execute(
                "CALL postgres_execute('pg_admin', "
                "'CREATE SCHEMA IF NOT EXISTS referensi; CREATE SCHEMA IF NOT EXISTS data_kerja')"
            )
        finally:
            con.execute("DETACH pg_admin")
        if folder is not None:
            con.execute("CREATE OR REPLACE TABLE memory.main.folder_data AS SELECT ?::VARCHAR AS folder", [str(folder)])
        for jenis, kat in (katalog or KATALOG).items():
            mode = ", READ_ONLY" if baca_saja else ""
            con.execute(f"ATTACH '{_kutip(url)}' AS {kat} (TYPE postgres, SCHEMA '{SKEMA_PG[jenis]}'{mode})")
    except duckdb.Error as e:
        if galat_putus(e):
            raise pesan_putus(url, e) from e
        raise KesalahanBasisData(
            f"Tidak dapat membuka basis data server {samarkan(url)}. Periksa nilai PETARENCANA_DB "
            f"(postgresql://pengguna:sandi@host:5432/nama). Rincian: {samarkan(str(e).splitlines()[0])}"
        ) from e


def _kutip(teks: str) -> str:
    return teks.replace("'", "''")


def ke_pg(sql: str) -> str:
    """Translate one migration of :mod:`geo.store.skema` (DuckDB dialect) to PostgreSQL.

    Only the few constructs the migrations use differ: the translation is checked by
    applying every migration to a real server in the tests.
    """
    sql = re.sub(r"\bDOUBLE\b(?! PRECISION)", "DOUBLE PRECISION", sql)
    sql = re.sub(r"\bGEOMETRY\b", "geometry(Geometry, 4326)", sql)
    sql = re.sub(r"DEFAULT\s+\[\]", "DEFAULT '{}'", sql)
    sql = re.sub(r"current_localtimestamp\(\)", "LOCALTIMESTAMP", sql)
    sql = re.sub(r"\bJSON\b", "text", sql)  # DuckDB writes JSON values as text; json would refuse an UPDATE
    sql = re.sub(r"\bBLOB\b", "bytea", sql)
    return sql


def _indeks_spasial(sql: str, skema_pg: str) -> str:
    """``CREATE INDEX … USING gist`` for every geometry column a migration creates (QGIS reads faster)."""
    hasil = []
    for tabel, isi in re.findall(r"CREATE TABLE (\w+)\s*\((.*?)\n\);", sql, flags=re.S):
        for kolom in re.findall(r"^\s*(\w+)\s+GEOMETRY\b", isi, flags=re.M):
            hasil.append(f"CREATE INDEX IF NOT EXISTS {tabel}_{kolom}_gist ON {skema_pg}.{tabel} USING gist ({kolom});")
    return "\n".join(hasil)


def terapkan_migrasi(con: duckdb.DuckDBPyConnection, jenis: skema.JenisBerkas) -> list[int]:
    """Apply the migrations of ``jenis`` the server schema lacks, each in one transaction.

    Returns
    -------
    list of int
        Versions applied now.

    Raises
    ------
    KesalahanBasisData
        When the server holds a newer schema than this code knows (nothing is changed), or a
        migration fails (rolled back).
    """
    kat, nama = KATALOG[jenis], SKEMA_PG[jenis]
    con.execute(
        f"CALL postgres_execute('{kat}', 'CREATE TABLE IF NOT EXISTS {nama}.skema_migrasi ("
        "versi INTEGER PRIMARY KEY, jenis VARCHAR NOT NULL, nama VARCHAR NOT NULL, waktu TIMESTAMP NOT NULL)')"
    )
    con.execute("CALL pg_clear_cache()")
    sekarang = versi(con, jenis) or 0
    if sekarang > skema.versi_terbaru(jenis):
        raise KesalahanBasisData(
            f"Basis data server memakai skema {jenis} versi {sekarang}, lebih baru dari yang dikenal aplikasi "
            f"ini ({skema.versi_terbaru(jenis)}). Tidak ada yang diubah. Perbarui PetaRencana di server ini "
            "(git pull, lalu `make run`) agar sama dengan proses lain yang memakai basis data ini."
        )
    diterapkan = []
    if sekarang < skema.versi_terbaru(jenis):
        lapisan.hapus(con, kat)  # the QGIS views would block a migration that changes their tables
    for v, judul, sql in skema.MIGRASI[jenis]:
        if v <= sekarang:
            continue
        teks = f"SET LOCAL search_path TO {nama}, public;\n{ke_pg(sql)}\n{_indeks_spasial(sql, nama)}"
        try:
            con.execute("BEGIN TRANSACTION")
            try:
                con.execute(f"CALL postgres_execute('{kat}', '{_kutip(teks)}')")
                con.execute(
                    f"INSERT INTO {kat}.skema_migrasi VALUES (?, ?, ?, current_localtimestamp())", [v, jenis, judul]
                )
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        except duckdb.Error as e:
            if konflik(e) or "duplicate key" in str(e).lower():
                # another process applied the same migration at the same moment: take its result
                con.execute("CALL pg_clear_cache()")
                if (versi(con, jenis) or 0) >= v:
                    continue
            raise KesalahanBasisData(
                f"Migrasi skema {jenis} versi {v} ({judul}) di server gagal dan dibatalkan; basis data tidak "
                f"berubah. Rincian: {samarkan(str(e).splitlines()[0])}"
            ) from e
        con.execute("CALL pg_clear_cache()")
        diterapkan.append(v)
    if all(versi(con, j) == skema.versi_terbaru(j) for j in ("referensi", "kerja")):
        lapisan.terbitkan(con, kat)
    return diterapkan


def versi(
    con: duckdb.DuckDBPyConnection, jenis: skema.JenisBerkas, katalog: dict[str, str] | None = None
) -> int | None:
    """Schema version recorded in the server schema of ``jenis`` (None without ``skema_migrasi``)."""
    kat, nama = (katalog or KATALOG)[jenis], SKEMA_PG[jenis]
    ada = con.execute(
        f"SELECT * FROM postgres_query('{kat}', 'SELECT count(*) FROM information_schema.tables "
        f"WHERE table_schema = ''{nama}'' AND table_name = ''skema_migrasi''')"
    ).fetchall()[0][0]
    if not ada:
        return None
    return con.execute(
        f"SELECT * FROM postgres_query('{kat}', 'SELECT coalesce(max(versi), 0) FROM {nama}.skema_migrasi')"
    ).fetchall()[0][0]


def server_aktif(con: duckdb.DuckDBPyConnection, katalog: str = "kerja") -> bool:
    """Whether catalog ``katalog`` of ``con`` is a PostgreSQL attachment (server mode)."""
    baris = con.execute("SELECT type FROM duckdb_databases() WHERE database_name = ?", [katalog]).fetchone()
    return baris is not None and baris[0] == "postgres"


def nomor_baru(con: duckdb.DuckDBPyConnection, urutan: str, n: int = 1) -> list[int]:
    """Draw ``n`` values from sequence ``urutan`` of the working data, on either backend.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        Connection with ``kerja`` attached (a DuckDB file or the server schema).
    urutan : str
        Sequence name (a project constant), without catalog.
    n : int
        How many values.
    """
    if n <= 0:
        return []
    if server_aktif(con):
        baris = con.execute(
            "SELECT * FROM postgres_query('kerja', "
            f"'SELECT nextval(''data_kerja.{urutan}'') FROM generate_series(1, {int(n)})')"
        ).fetchall()
    else:
        # inside a file rebuild (geo.store.db.ganti_atomik) the file itself is the current database
        ada_kerja = con.execute("SELECT count(*) FROM duckdb_databases() WHERE database_name = 'kerja'").fetchone()
        nama = f"kerja.{urutan}" if ada_kerja and ada_kerja[0] else urutan
        baris = con.execute(f"SELECT nextval('{nama}') FROM range(?)", [n]).fetchall()
    return [int(b[0]) for b in baris]


def tabel_skema(con: duckdb.DuckDBPyConnection, jenis: skema.JenisBerkas) -> list[str]:
    """Tables of the server schema of ``jenis`` (``skema_migrasi`` excluded)."""
    kat, nama = KATALOG[jenis], SKEMA_PG[jenis]
    baris = con.execute(
        f"SELECT * FROM postgres_query('{kat}', 'SELECT table_name FROM information_schema.tables "
        f"WHERE table_schema = ''{nama}'' AND table_type = ''BASE TABLE'' ORDER BY 1')"
    ).fetchall()
    return [b[0] for b in baris if b[0] != "skema_migrasi"]


@contextlib.contextmanager
def ganti(con: duckdb.DuckDBPyConnection, url: str, jenis: skema.JenisBerkas, dari_awal: bool) -> Iterator[None]:
    """Rewrite the server schema of ``jenis`` in ONE transaction (a reference reload, a demo build).

    Readers keep seeing the previous data until the commit (PostgreSQL MVCC): no one ever
    sees half a load, and there is no file to swap. With ``dari_awal`` every table is
    emptied first, inside the same transaction. On any exception nothing changes.
    """
    kat = KATALOG[jenis]
    terapkan_migrasi(con, jenis)
    con.execute(f"USE {kat}")
    con.execute("BEGIN TRANSACTION")
    try:
        if dari_awal:
            for t in tabel_skema(con, jenis):
                con.execute(f"DELETE FROM {kat}.{t}")
        yield
        con.execute("COMMIT")
    except BaseException as e:
        with contextlib.suppress(duckdb.Error):
            con.execute("ROLLBACK")
        if isinstance(e, duckdb.Error) and galat_putus(e):
            raise pesan_putus(url, e, tulis=True) from e
        raise


def periksa_versi(con: duckdb.DuckDBPyConnection, url: str, katalog: dict[str, str] | None = None) -> None:
    """Raise a clear Indonesian error unless both server schemas are at the version this code expects."""
    for jenis in ("referensi", "kerja"):
        ada = versi(con, jenis, katalog)
        harap = skema.versi_terbaru(jenis)
        if ada == harap:
            continue
        if ada is None or ada < harap:
            raise KesalahanBasisData(
                f"Basis data server {samarkan(url)} memakai skema {jenis} versi {ada or 0}, aplikasi ini "
                f"memerlukan versi {harap}. Jalankan `python -m pipelines siapkan` dengan PETARENCANA_DB yang "
                "sama (data dipertahankan)."
            )
        raise KesalahanBasisData(
            f"Basis data server {samarkan(url)} memakai skema {jenis} versi {ada}, lebih baru dari yang dikenal "
            f"aplikasi ini ({harap}). Perbarui PetaRencana (git pull, lalu `make run`)."
        )


def sidik_referensi(con: duckdb.DuckDBPyConnection) -> tuple[int, int, int]:
    """A cache key of the reference data that changes with every committed reload."""
    baris = con.execute(
        "SELECT * FROM postgres_query('ref', 'SELECT coalesce(max(id), 0) AS a, count(*) AS b, "
        "coalesce((SELECT max(versi) FROM referensi.skema_migrasi), 0) AS c FROM referensi.riwayat_muat')"
    ).fetchall()[0]
    return (int(baris[0]), int(baris[1]), int(baris[2]))


@contextlib.contextmanager
def sesi(con: duckdb.DuckDBPyConnection, url: str, tulis: bool) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor on the server; with ``tulis`` the body is one transaction (all or nothing).

    A second writer on the same row becomes :class:`~geo.errors.KonflikVersi`; an unreachable
    server or a connection dropped inside the transaction becomes a
    :class:`~geo.errors.KesalahanBasisData` saying nothing was stored (the server rolls an
    unfinished transaction back).
    """
    cur = con.cursor()
    try:
        if not tulis:
            try:
                yield cur
            except duckdb.Error as e:
                if galat_putus(e):
                    raise pesan_putus(url, e) from e
                raise
            return
        cur.execute("BEGIN TRANSACTION")
        try:
            yield cur
            cur.execute("COMMIT")
        except BaseException as e:
            with contextlib.suppress(duckdb.Error):
                cur.execute("ROLLBACK")
            if isinstance(e, duckdb.Error) and konflik(e):
                raise pesan_konflik() from e
            if isinstance(e, duckdb.Error) and galat_putus(e):
                raise pesan_putus(url, e, tulis=True) from e
            raise
    finally:
        cur.close()


def url_basis_data(url: str, nama: str) -> str:
    """``url`` with its database name replaced by ``nama`` (a project-generated name)."""
    dasar, _, kueri = url.partition("?")
    dasar = dasar.rsplit("/", 1)[0] + "/" + nama
    return dasar + ("?" + kueri if kueri else "")


def kelola_basis_data(url: str, perintah: str) -> None:
    """Run one statement that cannot run in a transaction (CREATE/DROP DATABASE) on the server of ``url``.

    Used by the tests and ``pindah``; ``perintah`` is built from project-generated names only.
    """
    from geo.store.db import koneksi  # noqa: PLC0415 - db imports this module

    con = koneksi(":memory:")
    try:
        con.execute(f"LOAD '{path_ekstensi_postgres()}'")
        con.execute(f"ATTACH '{_kutip(url)}' AS pg_admin (TYPE postgres)")
        con.execute(f"CALL postgres_execute('pg_admin', '{_kutip(perintah)}', use_transaction := false)")
    except duckdb.Error as e:
        if galat_putus(e):
            raise pesan_putus(url, e) from e
        raise
    finally:
        con.close()


def setel_urutan(con: duckdb.DuckDBPyConnection, jenis: skema.JenisBerkas, urutan: str, berikut: int) -> None:
    """Make the next value of server sequence ``urutan`` be ``berikut`` (after copying rows with their ids)."""
    kat, nama = KATALOG[jenis], SKEMA_PG[jenis]
    con.execute(
        f"SELECT * FROM postgres_query('{kat}', 'SELECT setval(''{nama}.{urutan}'', {int(berikut)}, false)')"
    ).fetchall()


def kosongkan(url: str) -> None:
    """Drop both PetaRencana schemas of the server database (a failed ``pindah`` leaves it empty again)."""
    kelola_basis_data(url, "DROP SCHEMA IF EXISTS referensi CASCADE; DROP SCHEMA IF EXISTS data_kerja CASCADE")
