"""Typed settings: where the data lives and which files make up the store.

The only knob a user needs is the ``PETARENCANA_DATA`` environment variable, the folder
that holds the DuckDB files. The app, the CLI and the tests all read it through
:func:`folder_data`. ``PETARENCANA_DB=postgresql://…`` switches the store to one shared
PostgreSQL/PostGIS database (server mode, see :mod:`geo.store.server`); unset, the embedded
DuckDB files are used.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

#: Repository root (the folder holding ``app.py``).
AKAR = Path(__file__).resolve().parent.parent

#: Environment variable naming the data folder.
ENV_DATA = "PETARENCANA_DATA"

#: Environment variable naming the PostgreSQL/PostGIS server (server mode); unset = DuckDB files.
ENV_DB = "PETARENCANA_DB"

#: Metric CRS used for measuring the demo kabupaten (UTM 49S covers 108°–114° E).
CRS_METRIK_DEMO = "EPSG:32749"

#: Storage CRS for every geometry in the database.
CRS_SIMPAN = "EPSG:4326"

#: Display simplification tolerance in metres (coverage-preserving).
TOLERANSI_TAMPIL_M = 100.0

#: Display coordinates are rounded to this grid in degrees (~1.1 m).
GRID_TAMPIL_DERAJAT = 1e-5


@dataclass(frozen=True)
class BerkasData:
    """The files of one data folder.

    Attributes
    ----------
    folder : Path
        The data folder.
    referensi : Path
        Reference data (boundaries, indicators, zoning…): rebuilt by pipelines and
        swapped in atomically, opened read-only by the app.
    kerja : Path
        Working data (usulan, decisions, pagu, realisasi, audit log): written by users.
    server : str or None
        ``postgresql://…`` URL in server mode: reference and working data then live in the
        schemas ``ref`` and ``kerja`` of that database instead of the two files (the folder
        still holds backups and photos).
    """

    folder: Path
    server: str | None = None

    @property
    def referensi(self) -> Path:
        """Path of the reference database."""
        return self.folder / "referensi.duckdb"

    @property
    def kerja(self) -> Path:
        """Path of the working database."""
        return self.folder / "kerja.duckdb"


def folder_data() -> Path:
    """Return the data folder: ``$PETARENCANA_DATA`` or ``<repo>/data``.

    Returns
    -------
    Path
        Absolute path of the folder (not created here).
    """
    nilai = os.environ.get(ENV_DATA, "").strip()
    return Path(nilai).expanduser().resolve() if nilai else AKAR / "data"


def url_server() -> str | None:
    """Return ``$PETARENCANA_DB`` when it names a PostgreSQL server, else None (DuckDB files).

    Raises
    ------
    ValueError
        When the variable is set to something that is not a ``postgresql://`` URL.
    """
    nilai = os.environ.get(ENV_DB, "").strip()
    if not nilai:
        return None
    if not nilai.startswith(("postgresql://", "postgres://")):
        raise ValueError(
            f"{ENV_DB} harus berupa URL postgresql://pengguna:sandi@host:5432/nama (atau dikosongkan untuk "
            "memakai berkas DuckDB)."
        )
    return nilai


def berkas_data(folder: Path | None = None, server: str | None = None) -> BerkasData:
    """Return the :class:`BerkasData` of ``folder`` (default :func:`folder_data`).

    ``server`` defaults to :func:`url_server` (``$PETARENCANA_DB``).
    """
    return BerkasData(Path(folder) if folder is not None else folder_data(), server or url_server())


#: Environment variable for the log level (DEBUG, INFO, WARNING…); default INFO.
ENV_LOG = "PETARENCANA_LOG"


def atur_log(level: str | None = None) -> None:
    """Configure logging once for the app or the CLI: one line per event on stderr.

    Modules log through ``logging.getLogger(__name__)``: loads, writes and user-facing errors
    at INFO/WARNING, unexpected errors with their traceback. Messages name records by id and
    files by name; personal data (NIK/KK, contacts) is never logged. Calling it again
    changes nothing.
    """
    akar = logging.getLogger("petarencana")
    if getattr(akar, "_diatur", False):
        return
    penangan = logging.StreamHandler()
    penangan.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    for nama in ("petarencana", "geo", "pipelines", "pages"):
        lg = logging.getLogger(nama)
        lg.addHandler(penangan)
        lg.setLevel((level or os.environ.get(ENV_LOG) or "INFO").upper())
        lg.propagate = False
    akar._diatur = True  # type: ignore[attr-defined]


#: Environment variable choosing how users log in: ``sandi`` (local accounts, the default) or
#: ``oidc`` (Streamlit's ``st.login`` with the identity provider configured in
#: ``.streamlit/secrets.toml``; accounts are still created here and matched by e-mail).
ENV_MASUK = "PETARENCANA_MASUK"


def mode_masuk() -> str:
    """Return ``"oidc"`` when ``$PETARENCANA_MASUK`` says so, else ``"sandi"``."""
    return "oidc" if os.environ.get(ENV_MASUK, "").strip().lower() == "oidc" else "sandi"
