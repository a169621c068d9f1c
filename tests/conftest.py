"""Shared fixtures: one demo database per session, copied fresh for each test that needs it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from geo.settings import ENV_DATA, BerkasData, berkas_data
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
def data_demo(folder_demo: Path, tmp_path: Path, monkeypatch) -> BerkasData:
    """A private copy of the demo folder, with PETARENCANA_DATA pointing at it."""
    folder = tmp_path / "data"
    shutil.copytree(folder_demo, folder, ignore=shutil.ignore_patterns("*.lock"))
    monkeypatch.setenv(ENV_DATA, str(folder))
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
