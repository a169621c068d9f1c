"""Where the pinned DuckDB extensions live: inside their PyPI packages, nothing downloaded at run time."""

from __future__ import annotations

import importlib
from pathlib import Path

import duckdb

from geo.errors import KesalahanBasisData


def path_ekstensi(paket: str, nama: str, keperluan: str = "") -> Path:
    """Return the path of extension ``nama`` shipped by the PyPI package ``paket`` for this DuckDB.

    Parameters
    ----------
    paket : str
        Distribution name, e.g. ``"duckdb-extension-spatial"`` (its module has ``_`` for ``-``).
    nama : str
        Extension file stem, e.g. ``"spatial"``.
    keperluan : str
        What needs it, added to the message when the package is missing.

    Raises
    ------
    KesalahanBasisData
        When the package is missing or holds no build for this DuckDB version.
    """
    try:
        modul = importlib.import_module(paket.replace("-", "_"))
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise KesalahanBasisData(
            f"Paket '{paket}' tidak terpasang{keperluan}. Jalankan `make run` atau `pip install -r requirements.txt`."
        ) from e
    folder = Path(modul.__file__ or "").parent / "extensions"
    calon = sorted(folder.glob(f"v{duckdb.__version__}/{nama}.duckdb_extension"))
    if not calon:
        ada = ", ".join(p.name for p in folder.iterdir()) if folder.exists() else "-"
        raise KesalahanBasisData(
            f"Ekstensi {nama} untuk DuckDB {duckdb.__version__} tidak ada di {folder} (tersedia: {ada}). "
            f"Samakan versi 'duckdb' dan '{paket}' di requirements.txt lalu jalankan `make run`."
        )
    return calon[0]
