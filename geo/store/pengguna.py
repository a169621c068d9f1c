"""Accounts and login sessions in the working database (``kerja.pengguna``, ``kerja.sesi_masuk``).

Account edits go through :func:`geo.store.tulis.tulis_berversi` (version check, audit row
with the password hash masked); login counters and sessions are plain state written here.
Password hashes never leave this module except to :mod:`geo.services.akun`.
"""

from __future__ import annotations

import datetime

import duckdb
import pandas as pd

from geo.store.db import Gudang

#: Account columns that may be shown (never the hash).
KOLOM_TAMPIL = ("nama_pengguna", "nama", "peran", "kode_wilayah", "opd", "email", "aktif", "wajib_ganti", "versi")


def baca(con: duckdb.DuckDBPyConnection, nama_pengguna: str) -> dict | None:
    """One account row, hash included (for the login check), or None."""
    cur = con.execute("SELECT * FROM kerja.pengguna WHERE nama_pengguna = ?", [nama_pengguna])
    baris = cur.fetchone()
    return None if baris is None else dict(zip([c[0] for c in cur.description], baris, strict=True))


def baca_email(con: duckdb.DuckDBPyConnection, email: str) -> dict | None:
    """The active account whose e-mail matches (case-insensitive), or None."""
    cur = con.execute(
        "SELECT * FROM kerja.pengguna WHERE lower(email) = lower(?) AND aktif ORDER BY nama_pengguna LIMIT 1", [email]
    )
    baris = cur.fetchone()
    return None if baris is None else dict(zip([c[0] for c in cur.description], baris, strict=True))


def tingkat_wilayah(con: duckdb.DuckDBPyConnection, kode: str) -> str | None:
    """The level of a loaded wilayah code (``desa``, ``kecamatan``…), or None when it is not loaded."""
    baris = con.execute("SELECT tingkat FROM ref.wilayah WHERE kode = ?", [kode]).fetchone()
    return None if baris is None else str(baris[0])


def daftar(gudang: Gudang) -> pd.DataFrame:
    """Every account, without password hashes, by name."""
    kolom = ", ".join(KOLOM_TAMPIL)
    return gudang.df(f"SELECT {kolom}, terkunci_sampai FROM kerja.pengguna ORDER BY nama_pengguna")


def jumlah(gudang: Gudang) -> int:
    """How many accounts exist."""
    with gudang.sesi() as con:
        return int(con.execute("SELECT count(*) FROM kerja.pengguna").fetchone()[0])  # type: ignore[index]


def catat_gagal(con: duckdb.DuckDBPyConnection, nama_pengguna: str, gagal: int, kunci_sampai: datetime.datetime | None):
    """Store the consecutive-failure count and the lock-out end."""
    con.execute(
        "UPDATE kerja.pengguna SET gagal = ?, terkunci_sampai = ? WHERE nama_pengguna = ?",
        [gagal, kunci_sampai, nama_pengguna],
    )


def buka_sesi(con: duckdb.DuckDBPyConnection, token_hash: str, nama_pengguna: str) -> None:
    """Start a login session and reset the failure count."""
    con.execute("UPDATE kerja.pengguna SET gagal = 0, terkunci_sampai = NULL WHERE nama_pengguna = ?", [nama_pengguna])
    con.execute(
        "INSERT INTO kerja.sesi_masuk VALUES (?, ?, current_localtimestamp(), current_localtimestamp(), NULL)",
        [token_hash, nama_pengguna],
    )


def sesi(con: duckdb.DuckDBPyConnection, token_hash: str) -> dict | None:
    """The open session of a token with its account row, or None."""
    cur = con.execute(
        "SELECT s.aktif_terakhir, p.* FROM kerja.sesi_masuk s JOIN kerja.pengguna p USING (nama_pengguna) "
        "WHERE s.token_hash = ? AND s.berakhir IS NULL",
        [token_hash],
    )
    baris = cur.fetchone()
    return None if baris is None else dict(zip([c[0] for c in cur.description], baris, strict=True))


def sentuh_sesi(con: duckdb.DuckDBPyConnection, token_hash: str) -> None:
    """Record activity on a session (the idle timeout counts from here)."""
    con.execute(
        "UPDATE kerja.sesi_masuk SET aktif_terakhir = current_localtimestamp() WHERE token_hash = ?", [token_hash]
    )


def tutup_sesi(con: duckdb.DuckDBPyConnection, token_hash: str | None = None, nama_pengguna: str | None = None) -> int:
    """End one session (by token) or every open session of an account; return how many."""
    syarat = "token_hash = ?" if token_hash is not None else "nama_pengguna = ?"
    nilai = token_hash if token_hash is not None else nama_pengguna
    cur = con.execute(
        f"UPDATE kerja.sesi_masuk SET berakhir = current_localtimestamp() WHERE {syarat} AND berakhir IS NULL",
        [nilai],
    )
    baris = cur.fetchone()  # an UPDATE returns its row count, on a DuckDB file and on the server alike
    return int(baris[0]) if baris else 0


def sekarang(con: duckdb.DuckDBPyConnection) -> datetime.datetime:
    """The database's local time (the clock every timestamp above uses)."""
    return con.execute("SELECT current_localtimestamp()").fetchone()[0]  # type: ignore[index]


__all__ = [
    "KOLOM_TAMPIL",
    "baca",
    "baca_email",
    "buka_sesi",
    "catat_gagal",
    "daftar",
    "jumlah",
    "sekarang",
    "sentuh_sesi",
    "sesi",
    "tingkat_wilayah",
    "tutup_sesi",
]
