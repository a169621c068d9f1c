"""Moving an installation between backends: DuckDB files ↔ one PostgreSQL/PostGIS database.

``python -m pipelines pindah --ke postgresql://…`` copies the reference and working data
(with the audit log, load history and accounts: every table) of a laptop installation into
an EMPTY server database; ``--dari postgresql://… --ke <folder>`` copies the server back to
files for a forum without network. DuckDB is the engine on both sides (the source and the
target are attached to one in-memory connection), so the copy is ``INSERT … SELECT`` per
table. Afterwards the row count and a checksum of every table are computed on both sides,
the same way, and compared; any failure or difference empties the target again (files
removed, server schemas dropped) so a half copy never remains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from geo.errors import KesalahanBasisData
from geo.settings import BerkasData
from geo.store import db, server, skema

#: Catalog names of the source in the copying connection.
_ASAL = {"referensi": "asal_ref", "kerja": "asal_kerja"}


@dataclass(frozen=True)
class HasilTabel:
    """Row counts and checksums of one copied table on both sides."""

    jenis: str
    tabel: str
    baris_asal: int
    baris_tujuan: int
    sidik_asal: str
    sidik_tujuan: str

    @property
    def cocok(self) -> bool:
        """Whether the target holds exactly the source's rows."""
        return self.baris_asal == self.baris_tujuan and self.sidik_asal == self.sidik_tujuan


def _nama(berkas: BerkasData) -> str:
    return server.samarkan(berkas.server) if berkas.server else str(berkas.folder)


def _pasang_asal(con: duckdb.DuckDBPyConnection, asal: BerkasData) -> None:
    if asal.server:
        server.sambung(con, asal.server, asal.folder, katalog=_ASAL)
        server.periksa_versi(con, asal.server, katalog=_ASAL)
        return
    for jenis, path in (("referensi", asal.referensi), ("kerja", asal.kerja)):
        if not path.exists():
            raise KesalahanBasisData(f"Basis data {jenis} {path} tidak ditemukan: tidak ada yang dipindah.")
        con.execute(f"ATTACH '{path}' AS {_ASAL[jenis]} (READ_ONLY)")
        db.periksa_versi(db.versi_skema(con, _ASAL[jenis]), jenis, path)  # type: ignore[arg-type]


def _siapkan_tujuan(con: duckdb.DuckDBPyConnection, tujuan: BerkasData) -> None:
    """Create the target's schemas (refusing a target that already holds data) and attach them as ref/kerja."""
    if tujuan.server:
        server.sambung(con, tujuan.server, tujuan.folder)
        for jenis in ("referensi", "kerja"):
            if server.versi(con, jenis) is not None or server.tabel_skema(con, jenis):
                raise KesalahanBasisData(
                    f"Basis data tujuan {_nama(tujuan)} sudah berisi skema {jenis}: pindah hanya ke basis data "
                    "kosong (buat dengan `createdb` lalu `CREATE EXTENSION postgis;`). Tidak ada yang diubah."
                )
        for jenis in ("referensi", "kerja"):
            server.terapkan_migrasi(con, jenis)  # type: ignore[arg-type]
        return
    for _jenis, path in (("referensi", tujuan.referensi), ("kerja", tujuan.kerja)):
        if path.exists():
            raise KesalahanBasisData(
                f"Berkas tujuan {path} sudah ada: pindah hanya ke folder tanpa basis data. Tidak ada yang diubah."
            )
    tujuan.folder.mkdir(parents=True, exist_ok=True)
    for jenis, path in (("referensi", tujuan.referensi), ("kerja", tujuan.kerja)):
        baru = db.koneksi(path)
        try:
            db.terapkan_migrasi(baru, jenis)  # type: ignore[arg-type]
        finally:
            baru.close()
        con.execute(f"ATTACH '{path}' AS {server.KATALOG[jenis]}")


def _kosongkan(tujuan: BerkasData) -> None:
    """Return the target to empty after a failed copy."""
    if tujuan.server:
        server.kosongkan(tujuan.server)
        return
    for path in (tujuan.referensi, tujuan.kerja):
        for sisa in (path, Path(f"{path}.wal")):
            sisa.unlink(missing_ok=True)


def _kolom(con: duckdb.DuckDBPyConnection, katalog: str, tabel: str) -> list[tuple[str, str]]:
    return con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = ? AND table_name = ? "
        "ORDER BY column_index",
        [katalog, tabel],
    ).fetchall()


def _tabel(con: duckdb.DuckDBPyConnection, katalog: str) -> list[str]:
    baris = con.execute(
        "SELECT DISTINCT table_name FROM duckdb_tables() WHERE database_name = ? ORDER BY 1", [katalog]
    ).fetchall()
    return [b[0] for b in baris if b[0] != "skema_migrasi"]


def sidik(con: duckdb.DuckDBPyConnection, katalog: str, tabel: str, kolom: list[tuple[str, str]]) -> tuple[int, str]:
    """Row count and an order-independent checksum of one table, computed by DuckDB on either backend.

    Each row becomes text (geometry as hex WKB, NULL as a marker), each row's md5 is taken, and
    the sorted row hashes are hashed again.
    """
    bagian = []
    for k, tipe in kolom:
        nilai = f'ST_AsHexWKB("{k}")' if tipe.upper().startswith("GEOMETRY") else f'"{k}"::VARCHAR'
        bagian.append(f"coalesce({nilai}, '\\N')")
    baris = ", '|', ".join(bagian)
    n, h = con.execute(
        f"SELECT count(*), coalesce(md5(string_agg(h, '' ORDER BY h)), '') "
        f"FROM (SELECT md5(concat({baris})) AS h FROM {katalog}.{tabel})"
    ).fetchone()  # type: ignore[misc]
    return int(n), str(h)


def _urutan(jenis: str) -> list[tuple[str, str, str]]:
    """(sequence, table, column) of every ``DEFAULT nextval`` id column the migrations create."""
    hasil = []
    for _, _, sql in skema.MIGRASI[jenis]:
        for tabel, isi in re.findall(r"CREATE TABLE (\w+)\s*\((.*?)\n\);", sql, flags=re.S):
            for kolom, urutan in re.findall(r"^\s*(\w+)\s+INTEGER PRIMARY KEY DEFAULT nextval\('(\w+)'\)", isi, re.M):
                hasil.append((urutan, tabel, kolom))
    return hasil


def _majukan_urutan(con: duckdb.DuckDBPyConnection, tujuan: BerkasData, jenis: str) -> None:
    kat = server.KATALOG[jenis]
    for urutan, tabel, kolom in _urutan(jenis):
        if not con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE database_name = ? AND table_name = ?", [kat, tabel]
        ).fetchone()[0]:  # type: ignore[index]
            continue  # renamed or dropped by a later migration
        n = int(con.execute(f"SELECT coalesce(max({kolom}), 0) FROM {kat}.{tabel}").fetchone()[0])  # type: ignore[index]
        if tujuan.server:
            server.setel_urutan(con, jenis, urutan, n + 1)  # type: ignore[arg-type]
        elif n:
            con.execute(f"SELECT max(nextval('{kat}.{urutan}')) FROM range(?)", [n])


def pindah(asal: BerkasData, tujuan: BerkasData) -> list[HasilTabel]:
    """Copy every table of ``asal`` into the empty ``tujuan`` and verify counts and checksums.

    Returns
    -------
    list of HasilTabel
        One per table, all matching.

    Raises
    ------
    KesalahanBasisData
        Target not empty, source missing or at another schema version, copy failed, or a
        count/checksum differs; the target is then empty again.
    """
    if bool(asal.server) == bool(tujuan.server) and (asal.server or asal.folder) == (tujuan.server or tujuan.folder):
        raise KesalahanBasisData("Asal dan tujuan pindah sama: tidak ada yang dipindah.")
    con = db.koneksi(":memory:")
    hasil: list[HasilTabel] = []
    disiapkan = False
    try:
        _pasang_asal(con, asal)
        _siapkan_tujuan(con, tujuan)
        disiapkan = True
        for jenis in ("referensi", "kerja"):
            a, t = _ASAL[jenis], server.KATALOG[jenis]
            con.execute("BEGIN TRANSACTION")
            for tabel in _tabel(con, a):
                kolom = ", ".join(f'"{k}"' for k, _ in _kolom(con, a, tabel))
                con.execute(f"DELETE FROM {t}.{tabel}")  # rows a migration seeded are copied from the source
                con.execute(f"INSERT INTO {t}.{tabel} ({kolom}) SELECT {kolom} FROM {a}.{tabel}")
            _majukan_urutan(con, tujuan, jenis)
            con.execute("COMMIT")
        if tujuan.server:
            con.execute("CALL pg_clear_cache()")
        for jenis in ("referensi", "kerja"):
            a, t = _ASAL[jenis], server.KATALOG[jenis]
            for tabel in _tabel(con, a):
                daftar = _kolom(con, a, tabel)
                na, ha = sidik(con, a, tabel, daftar)
                nt, ht = sidik(con, t, tabel, daftar)
                hasil.append(HasilTabel(jenis, tabel, na, nt, ha, ht))
        beda = [h for h in hasil if not h.cocok]
        if beda:
            raise KesalahanBasisData(
                "Hasil pindah tidak sama dengan asal pada tabel "
                + ", ".join(f"{h.jenis}.{h.tabel} ({h.baris_asal} → {h.baris_tujuan} baris)" for h in beda)
                + f"; tujuan {_nama(tujuan)} dikosongkan lagi."
            )
    except BaseException as e:
        con.close()
        if disiapkan:
            _kosongkan(tujuan)
        if isinstance(e, duckdb.Error):
            raise KesalahanBasisData(
                f"Pindah ke {_nama(tujuan)} gagal dan dibatalkan; tujuan dikosongkan lagi, asal tidak berubah. "
                f"Rincian: {server.samarkan(str(e).splitlines()[0])}"
            ) from e
        raise
    con.close()
    return hasil
