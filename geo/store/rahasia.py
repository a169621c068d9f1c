"""The NIK is stored as a keyed hash (HMAC-SHA256), never in clear.

PetaRencana only ever needs to know whether two usulan come from the same person (equality);
it never shows or exports a NIK. A plain hash would not do: a NIK has little entropy (region,
birth date, a serial), so every NIK of a kabupaten can be hashed and compared in minutes. The
key (32 random bytes) lives in ``<data folder>/rahasia/nik.kunci`` (mode 0600), apart from the
database files and their backups: a copied ``kerja.duckdb`` alone reveals no NIK. Moving the
data folder to another machine needs that file too, or new NIKs will no longer match old ones.
So the working data records a fingerprint of the key it was written with (table ``kunci_sidik``):
a process whose data folder holds another key, or none, is refused with a message naming the file
to copy (:func:`periksa_kunci`) — on a server shared by several machines especially.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

import duckdb

from geo.errors import KesalahanBasisData
from geo.settings import BerkasData

#: Prefix of a stored NIK hash (plain NIKs from before schema 8 have none).
AWALAN = "hmac-sha256:"


def path_kunci(folder: Path) -> Path:
    """Where the NIK key of a data folder lives."""
    return Path(folder) / "rahasia" / "nik.kunci"


def kunci(folder: Path) -> bytes:
    """The folder's NIK key, created (readable by its owner only) on first use."""
    path = path_kunci(folder)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process created it just now
            pass
        else:
            with os.fdopen(fd, "wb") as f:
                f.write(os.urandom(32))
    return path.read_bytes()


def _sidik_kunci(k: bytes) -> str:
    """A fingerprint naming a key without revealing it (HMAC of a fixed text under the key)."""
    return hmac.new(k, b"petarencana/kunci-sidik", hashlib.sha256).hexdigest()[:32]


def periksa_kunci(con: duckdb.DuckDBPyConnection, folder: Path) -> None:
    """Refuse to hash NIK/KK with a key other than the one the working data was written with.

    The first hashing records the key's fingerprint in ``kerja.kunci_sidik``; later, a data
    folder without the key file (a new app machine, a restored backup) or with another key gets
    a clear error instead of a new key whose hashes would never match the stored ones.

    Raises
    ------
    KesalahanBasisData
        The key file is missing or differs from the recorded one.
    """
    tercatat = [r[0] for r in con.execute("SELECT sidik FROM kerja.kunci_sidik").fetchall()]
    path = path_kunci(folder)
    if tercatat and not path.exists():
        raise KesalahanBasisData(
            f"Kunci sidik NIK/KK tidak ada di folder data mesin ini ({path}), padahal data kerja sudah berisi "
            "NIK/KK bersidik. Salin berkas rahasia/nik.kunci dari mesin atau folder data asal ke tempat itu "
            "(mode 0600), lalu ulangi. Tidak ada yang disimpan."
        )
    milik = _sidik_kunci(kunci(folder))
    if not tercatat:
        con.execute(
            "INSERT INTO kerja.kunci_sidik VALUES (?, current_localtimestamp()) ON CONFLICT DO NOTHING", [milik]
        )
    elif milik not in tercatat:
        raise KesalahanBasisData(
            f"Kunci sidik NIK/KK di folder data mesin ini ({path}) berbeda dari kunci yang dipakai data kerja. "
            "NIK/KK yang sama tidak akan cocok lagi. Salin berkas rahasia/nik.kunci dari mesin atau folder data "
            "asal (semua proses aplikasi harus memakai kunci yang sama), lalu ulangi. Tidak ada yang disimpan."
        )


def sidik_nik(folder: Path, nik: str | None) -> str | None:
    """The stored form of a NIK: ``hmac-sha256:<hex>`` (None stays None; a stored hash is kept)."""
    if nik is None or (isinstance(nik, float) and nik != nik) or not str(nik).strip():
        return None
    nik = str(nik).strip()
    if nik.startswith(AWALAN):
        return nik
    return AWALAN + hmac.new(kunci(folder), nik.encode(), hashlib.sha256).hexdigest()


def folder_kerja(con: duckdb.DuckDBPyConnection) -> Path:
    """The data folder of the working database attached to ``con`` as ``kerja``."""
    path = con.execute("SELECT path, type FROM duckdb_databases() WHERE database_name = 'kerja'").fetchone()
    if path is not None and path[1] == "postgres":  # server mode: the folder recorded at connection time
        folder = con.execute("SELECT folder FROM memory.main.folder_data").fetchone()
        return Path(folder[0])  # type: ignore[index]
    if path is None or not path[0]:
        raise RuntimeError("basis data kerja tidak terpasang")
    return Path(path[0]).parent


def samarkan_nik_lama(berkas: BerkasData) -> int:
    """Replace NIKs stored in clear (before schema 8) by their keyed hash; return how many."""
    if not berkas.kerja.exists():
        return 0
    con = duckdb.connect(str(berkas.kerja))
    try:
        baris = con.execute(
            "SELECT id, nik_pengusul FROM usulan WHERE nik_pengusul IS NOT NULL AND NOT starts_with(nik_pengusul, ?)",
            [AWALAN],
        ).fetchall()
        if baris:
            con.executemany(
                "UPDATE usulan SET nik_pengusul = ? WHERE id = ?",
                [[sidik_nik(berkas.folder, nik), i] for i, nik in baris],
            )
        return len(baris)
    finally:
        con.close()
