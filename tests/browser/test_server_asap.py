"""Real browser on SERVER mode: the app and the public page started with ``PETARENCANA_DB`` draw from PostgreSQL."""

from __future__ import annotations

import pytest

from geo.store import db
from tests.browser.conftest import server_streamlit

pytestmark = pytest.mark.browser


@pytest.fixture
def data_demo(request):
    """Only the PostgreSQL backend: a template copy of the demo on the test server (PETARENCANA_DB set)."""
    from tests.conftest import _salinan_server, perlu_postgres

    perlu_postgres()
    return _salinan_server(request, request.getfixturevalue("tmp_path"), request.getfixturevalue("monkeypatch"))


def test_beranda_dan_publik_dari_server(server, halaman, data_demo, tmp_path):
    assert data_demo.server and not data_demo.referensi.exists()  # no DuckDB file: the server is the store
    g = db.Gudang(data_demo)
    n_desa = int(g.df("SELECT count(*) AS n FROM ref.wilayah WHERE tingkat = 'desa'")["n"][0])
    g.tutup()
    halaman.goto(server)
    jalur = halaman.locator(".pr-peta-data path.leaflet-interactive")
    jalur.first.wait_for(timeout=90_000)
    halaman.wait_for_timeout(500)
    assert jalur.count() == n_desa
    halaman.goto(f"{server}/?sehat")
    halaman.get_by_text("Status: SEHAT").first.wait_for(timeout=60_000)
    assert "PostgreSQL/PostGIS" in halaman.locator("code").first.inner_text()

    with server_streamlit(data_demo.folder, tmp_path / "publik.log", modul="pages.publik") as url:
        halaman.goto(url)  # the same offline Chromium: the public page needs no login
        halaman.get_by_text("Lacak Usulan Musrenbang").first.wait_for(timeout=90_000)
        kotak = halaman.get_by_test_id("stTextInputField").first
        kotak.fill("1")
        kotak.press("Enter")
        halaman.get_by_text("Perjalanan usulan").first.wait_for(timeout=60_000)
