"""``python -m pipelines pindah``: move an installation between DuckDB files and a PostgreSQL server.

``pindah --ke postgresql://…`` copies the current installation (``PETARENCANA_DATA``, or
``--dari``) into an empty server database; ``pindah --dari postgresql://… --ke <folder>``
copies a server back to files (a forum without network). Row counts and checksums of every
table are printed and compared; on any failure the target is left empty.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from geo.settings import BerkasData


def tambah_perintah(sub) -> None:
    """Add the ``pindah`` command to the CLI's sub-parsers."""
    p = sub.add_parser(
        "pindah",
        help="pindahkan instalasi: berkas DuckDB → server PostgreSQL/PostGIS (kosong), atau sebaliknya",
    )
    p.add_argument("--ke", required=True, help="tujuan: postgresql://pengguna:sandi@host/nama atau folder data baru")
    p.add_argument("--dari", help="asal: postgresql://… atau folder data (default: PETARENCANA_DB / PETARENCANA_DATA)")


def _berkas(nilai: str, folder_baku: Path) -> BerkasData:
    if nilai.startswith(("postgresql://", "postgres://")):
        return BerkasData(folder_baku, nilai)
    return BerkasData(Path(nilai).expanduser().resolve())


def jalankan(args: argparse.Namespace, berkas: BerkasData) -> int:
    """Run ``pindah``; print one line per table and the verdict."""
    from geo.domain.format import angka  # noqa: PLC0415 - light
    from geo.store import pindah  # noqa: PLC0415 - heavy (DuckDB)

    asal = _berkas(args.dari, berkas.folder) if args.dari else berkas
    tujuan = _berkas(args.ke, asal.folder)
    hasil = pindah.pindah(asal, tujuan)
    lebar = max(len(f"{h.jenis}.{h.tabel}") for h in hasil)
    print(f"{'tabel':<{lebar}}  {'baris asal':>12}  {'baris tujuan':>12}  sidik (md5)")
    for h in hasil:
        tanda = "sama" if h.cocok else "BEDA"
        print(
            f"{h.jenis + '.' + h.tabel:<{lebar}}  {angka(h.baris_asal):>12}  {angka(h.baris_tujuan):>12}  "
            f"{h.sidik_asal[:12] or '-'} {tanda}"
        )
    print(f"{len(hasil)} tabel dipindah; jumlah baris dan sidik semua tabel sama.")
    return 0
