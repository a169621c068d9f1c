"""Shared fixtures: one demo database per session, copied fresh for each test that needs it."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from geo.settings import ENV_DATA, ENV_DB, BerkasData, berkas_data
from pipelines import demo

AKAR = Path(__file__).resolve().parent.parent
SHARED_DATA = AKAR.parent / "shared" / "data"
DI_CI = os.environ.get("CI", "").lower() == "true"


#: Test tier of each folder (markers declared in pyproject.toml).
_TINGKAT = {"browser": "browser", "real": "real", "pages": "apptest"}


def pytest_collection_modifyitems(config, items):
    """Mark each test with its tier from its folder: unit, apptest, browser or real."""
    for item in items:
        bagian = Path(str(item.fspath)).relative_to(AKAR).parts
        folder = bagian[1] if len(bagian) > 2 and bagian[0] == "tests" else ""
        item.add_marker(getattr(pytest.mark, _TINGKAT.get(folder, "unit")))


def wajib_atau_lewati(ada: bool, alasan: str) -> None:
    """Skip with ``alasan`` when a resource is absent; under CI=true fail instead."""
    if ada:
        return
    if DI_CI:
        pytest.fail(f"{alasan} — di CI (CI=true) tes ini wajib berjalan")
    pytest.skip(alasan)


@pytest.fixture(scope="session")
def folder_demo(tmp_path_factory) -> Path:
    """A demo data folder built once per session (read it, don't write it)."""
    from tests.akun import siapkan_akun_uji

    folder = tmp_path_factory.mktemp("demo")
    demo.bangun_demo(berkas_data(folder))
    siapkan_akun_uji(berkas_data(folder))
    return folder


@pytest.fixture
def data_demo(request, tmp_path: Path, monkeypatch) -> BerkasData:
    """A private copy of the demo folder, with PETARENCANA_DATA pointing at it.

    With ``PETARENCANA_UJI_BACKEND=postgres`` the copy is a database on the test server instead
    (``make test-server``: every test written against ``data_demo`` runs in server mode).
    """
    if os.environ.get("PETARENCANA_UJI_BACKEND", "") == "postgres":
        return _salinan_server(request, tmp_path, monkeypatch)
    return _salinan_duckdb(request, tmp_path, monkeypatch)


def _salinan_duckdb(request, tmp_path: Path, monkeypatch) -> BerkasData:
    folder_demo = request.getfixturevalue("folder_demo")
    folder = tmp_path / "data"
    shutil.copytree(folder_demo, folder, ignore=shutil.ignore_patterns("*.lock"))
    monkeypatch.setenv(ENV_DATA, str(folder))
    monkeypatch.delenv(ENV_DB, raising=False)
    return berkas_data(folder)


@pytest.fixture
def gudang_demo(data_demo):
    """A store handle on a private copy of the demo data (closed after the test)."""
    from geo.store import db

    g = db.Gudang(data_demo)
    yield g
    g.tutup()


def sebagian_lambat(nilai) -> list:
    """Parameters of a matrix test: the first runs in the fast tier, the rest are marked ``lambat``.

    The full suite (``make test``, CI) runs every case; everyday ``make test-fast`` keeps one
    representative of each matrix so it stays under two minutes.
    """
    from _pytest.mark.structures import ParameterSet

    hasil = []
    for i, v in enumerate(list(nilai)):
        if i == 0:
            hasil.append(v)
        elif isinstance(v, ParameterSet):
            hasil.append(pytest.param(*v.values, id=v.id, marks=[*v.marks, pytest.mark.lambat]))
        else:
            hasil.append(pytest.param(*(v if isinstance(v, tuple) else (v,)), marks=pytest.mark.lambat))
    return hasil


#: The throw-away PostgreSQL + PostGIS server of the tests (started by .ci/run: .ci/postgres.sh).
URL_UJI_PG = os.environ.get("PETARENCANA_UJI_PG", "").strip()

#: The two backends of the store; tests taking :func:`data_backend` run on both (the server in the
#: full tier only: `make test-fast` keeps the DuckDB case).
BACKEND = ["duckdb", pytest.param("postgres", marks=pytest.mark.lambat)]


def perlu_postgres() -> str:
    """The test server's URL; skip without it (fail under CI=true, where .ci/run starts one)."""
    wajib_atau_lewati(
        bool(URL_UJI_PG),
        "PETARENCANA_UJI_PG tidak diset (server PostgreSQL + PostGIS uji; jalankan `source .ci/postgres.sh`)",
    )
    return URL_UJI_PG


def basis_data_baru(template: str | None = None) -> str:
    """Create an empty (or template-copied) database on the test server; return its URL."""
    import uuid

    from geo.store import server

    url = perlu_postgres()
    nama = f"uji_{uuid.uuid4().hex[:12]}"
    perintah = f"CREATE DATABASE {nama}" + (f" TEMPLATE {template} STRATEGY FILE_COPY" if template else "")
    for coba in range(20):
        try:
            server.kelola_basis_data(url, perintah)
            break
        except Exception as e:  # a just-closed connection to the template may still be ending on the server
            if "being accessed by other users" not in str(e) or coba == 19:
                raise
            time.sleep(0.25)
    return server.url_basis_data(url, nama)


def hapus_basis_data(url_db: str) -> None:
    """Drop a database made by :func:`basis_data_baru` (connections closed by force)."""
    from geo.store import server

    nama = url_db.rsplit("/", 1)[1].split("?")[0]
    server.kelola_basis_data(URL_UJI_PG, f"DROP DATABASE IF EXISTS {nama} WITH (FORCE)")


@pytest.fixture(scope="session")
def demo_server(folder_demo, tmp_path_factory):
    """The session's demo copied onto the test server once, as a template database: (template name, data folder).

    The copy is made with ``pindah`` (itself tested), so both backends hold the same rows — the test
    accounts and their open sessions (:data:`tests.akun.TOKEN_UJI`) included — and the data folder
    (the NIK hash key) is the demo's own.
    """
    from geo.store import pindah

    url = basis_data_baru()
    folder = tmp_path_factory.mktemp("demo_pg")
    shutil.rmtree(folder)
    shutil.copytree(folder_demo, folder, ignore=shutil.ignore_patterns("*.lock", "*.duckdb", "*.wal"))
    pindah.pindah(BerkasData(folder_demo), BerkasData(folder, url))
    yield url.rsplit("/", 1)[1], folder
    hapus_basis_data(url)


@pytest.fixture(params=BACKEND)
def data_backend(request, tmp_path: Path, monkeypatch) -> BerkasData:
    """A private copy of the demo data on each backend: DuckDB files, then a PostgreSQL database.

    A test module runs all its ``data_demo`` tests on both by overriding the fixture::

        @pytest.fixture
        def data_demo(data_backend):
            return data_backend

    The PostgreSQL copy is a ``CREATE DATABASE … TEMPLATE`` of :func:`demo_server` (milliseconds);
    ``PETARENCANA_DB`` points at it so services that read the settings use it too.
    """
    if request.param == "duckdb":
        return _salinan_duckdb(request, tmp_path, monkeypatch)
    return _salinan_server(request, tmp_path, monkeypatch)


def _salinan_server(request, tmp_path: Path, monkeypatch) -> BerkasData:
    template, folder_tpl = request.getfixturevalue("demo_server")
    url = basis_data_baru(template)
    request.addfinalizer(lambda: hapus_basis_data(url))
    folder = tmp_path / "data"
    shutil.copytree(folder_tpl, folder, ignore=shutil.ignore_patterns("*.lock"))
    monkeypatch.setenv(ENV_DATA, str(folder))
    monkeypatch.setenv(ENV_DB, url)
    return BerkasData(folder, url)
