"""Use case: restore a backup copy of a database file, after backing up the current one."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from geo.errors import KesalahanBasisData
from geo.settings import BerkasData
from geo.store import db, skema
from geo.store.cadangan import buat_cadangan, daftar_cadangan, folder_cadangan


def pulihkan(berkas: BerkasData, nama: str) -> tuple[Path, Path | None]:
    """Put a backup copy back in place, after backing up the current file.

    Parameters
    ----------
    berkas : BerkasData
        The data folder.
    nama : str
        File name of the copy (from :func:`daftar_cadangan`).

    Returns
    -------
    (Path, Path or None)
        The restored file, and the backup of what it replaced.

    A restored copy with an older schema is migrated by the next ``siapkan`` (or app start).

    Raises
    ------
    KesalahanBasisData
        No such copy, or the copy is not a readable PetaRencana database.
    """
    pilih = next((c for c in daftar_cadangan(berkas) if c.nama == nama), None)
    if pilih is None:
        ada = ", ".join(c.nama for c in daftar_cadangan(berkas)[:5]) or "tidak ada"
        raise KesalahanBasisData(
            f"Cadangan '{nama}' tidak ditemukan di {folder_cadangan(berkas)}. Cadangan terbaru: {ada}. "
            "Lihat semua dengan `python -m pipelines pulihkan`."
        )
    # the copy must open and carry a schema before it replaces anything (an older schema is migrated later)
    con = db.koneksi(pilih.path, baca_saja=True)
    try:
        versi = db.versi_skema(con)
    finally:
        con.close()
    if versi is None or versi > skema.versi_terbaru(pilih.berkas):  # type: ignore[arg-type]
        db.periksa_versi(versi, pilih.berkas, pilih.path)  # type: ignore[arg-type]  # raises the clear message
    tujuan = berkas.referensi if pilih.berkas == "referensi" else berkas.kerja
    with db.kunci_berkas(tujuan):
        # take the chosen copy first: the backup of the current file rotates old copies away
        sementara = tujuan.with_name(f".{tujuan.name}.pulihkan")
        shutil.copyfile(pilih.path, sementara)
        wal_pilih = Path(f"{pilih.path}.wal").read_bytes() if Path(f"{pilih.path}.wal").exists() else None
        sebelum = None
        if tujuan.exists():
            try:
                sebelum = buat_cadangan(berkas, pilih.berkas, "sebelum-pulihkan")
            except OSError:  # a damaged file can still be copied aside; if not, keep it under another name
                sebelum = tujuan.with_name(f"{tujuan.name}.rusak-{datetime.now():%Y%m%d-%H%M%S}")
                tujuan.rename(sebelum)
        Path(f"{tujuan}.wal").unlink(missing_ok=True)
        if wal_pilih is not None:
            Path(f"{tujuan}.wal").write_bytes(wal_pilih)
        sementara.replace(tujuan)
    return tujuan, sebelum
