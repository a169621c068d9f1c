"""Backups that lose nothing: rotating copies of both database files, listing and restoring.

Copies go to ``<data folder>/cadangan/<file>-<time>-<reason>.duckdb``: working data before
each migration and bulk import and once a day while the app runs; either file before it is
swapped for a new one. The newest :data:`SIMPAN` copies of each file are kept. Restoring is a
use case (:func:`geo.services.cadangan.pulihkan`). Orphan temporary copies left by a killed
load are removed at the next start (:func:`bersihkan_sisa`).
"""

from __future__ import annotations

import re
import shutil
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from geo.settings import BerkasData

#: Copies kept per database file, oldest removed first (reference files can be large).
SIMPAN = {"kerja": 10, "referensi": 3}
#: A daily copy of the working data is taken when the newest copy is older than this (seconds).
UMUR_HARIAN = 24 * 3600

_NAMA = re.compile(r"^(?P<berkas>referensi|kerja)-(?P<waktu>\d{8}-\d{6}(?:-\d+)?)-(?P<alasan>[a-z0-9-]+)\.duckdb$")


@dataclass(frozen=True)
class Cadangan:
    """One backup copy: which file, when, why, and where it lies."""

    berkas: str  # "referensi" or "kerja"
    waktu: datetime
    alasan: str
    path: Path

    @property
    def nama(self) -> str:
        """The copy's file name (what ``pulihkan`` takes)."""
        return self.path.name


def folder_cadangan(berkas: BerkasData) -> Path:
    """The backup folder of a data folder."""
    return berkas.folder / "cadangan"


def daftar_cadangan(berkas: BerkasData) -> list[Cadangan]:
    """Every backup copy, newest first."""
    hasil = []
    folder = folder_cadangan(berkas)
    for p in folder.glob("*.duckdb") if folder.exists() else []:
        m = _NAMA.match(p.name)
        if m:
            waktu = datetime.strptime(m["waktu"][:15], "%Y%m%d-%H%M%S")
            hasil.append(Cadangan(m["berkas"], waktu, m["alasan"], p))
    return sorted(hasil, key=lambda c: (c.waktu, c.nama), reverse=True)


def buat_cadangan(berkas: BerkasData, jenis: str, alasan: str) -> Path | None:
    """Copy ``referensi`` or ``kerja`` into the backup folder (no-op when the file does not exist).

    The copy is written beside its final name and renamed, so a half-written backup never
    appears in the list. Older copies beyond :data:`SIMPAN` are removed.

    Returns
    -------
    Path or None
        The new copy.
    """
    asal = berkas.referensi if jenis == "referensi" else berkas.kerja
    if not asal.exists():
        return None
    folder = folder_cadangan(berkas)
    folder.mkdir(parents=True, exist_ok=True)
    cap = datetime.now().strftime("%Y%m%d-%H%M%S")
    tujuan = folder / f"{jenis}-{cap}-{re.sub(r'[^a-z0-9-]+', '-', alasan.lower()).strip('-')}.duckdb"
    n = 1
    while tujuan.exists():  # two backups in the same second
        tujuan = tujuan.with_name(tujuan.name.replace(f"-{cap}-", f"-{cap}-{n}-", 1))
        n += 1
    sementara = tujuan.with_suffix(".sementara")
    shutil.copyfile(asal, sementara)
    wal = Path(f"{asal}.wal")
    if wal.exists():  # uncommitted log of an open database: keep it with the copy
        shutil.copyfile(wal, Path(f"{tujuan}.wal"))
    sementara.rename(tujuan)
    for lama in [c for c in daftar_cadangan(berkas) if c.berkas == jenis][SIMPAN[jenis] :]:
        lama.path.unlink(missing_ok=True)
        Path(f"{lama.path}.wal").unlink(missing_ok=True)
    return tujuan


def cadangan_harian(berkas: BerkasData) -> Path | None:
    """Back up the working data when the newest copy is more than a day old (called as the app starts).

    In server mode the server is backed up with ``pg_dump`` (README, "Mode server"): nothing here.
    """
    if berkas.server:
        return None
    terbaru = [c for c in daftar_cadangan(berkas) if c.berkas == "kerja"]
    if terbaru and time.time() - terbaru[0].path.stat().st_mtime < UMUR_HARIAN:
        return None
    return buat_cadangan(berkas, "kerja", "harian")


def bersihkan_sisa(berkas: BerkasData) -> list[Path]:
    """Remove temporary copies left by a load that was killed (``.referensi-*.duckdb`` beside the file).

    Only files not touched for ten minutes are removed, so a load running now is left alone.
    """
    hapus: list[Path] = []
    if not berkas.folder.exists():
        return hapus
    for p in list(berkas.folder.glob(".referensi-*.duckdb*")) + list(berkas.folder.glob(".kerja-*.duckdb*")):
        if time.time() - p.stat().st_mtime > 600:
            p.unlink(missing_ok=True)
            hapus.append(p)
    return hapus
