"""Real browser: the app in headless Chromium draws every desa with the network cut off."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import duckdb
import pytest

from geo.aset import siapkan_aset
from tests.conftest import AKAR, wajib_atau_lewati

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.browser


def _port_bebas() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(data_demo, tmp_path):
    wajib_atau_lewati(CHROMIUM.exists(), "Chromium tidak ada di /usr/bin/chromium (apt-get install chromium)")
    siapkan_aset()
    port = _port_bebas()
    log = open(tmp_path / "streamlit.log", "w")  # noqa: SIM115 - closed after the server stops
    proses = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.headless", "true"],
        cwd=AKAR,
        env={**os.environ, "PETARENCANA_DATA": str(data_demo.folder)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://localhost:{port}"
    batas = time.monotonic() + 90
    while True:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            pass
        if proses.poll() is not None or time.monotonic() > batas:
            proses.kill()
            pytest.fail(f"Streamlit tidak mulai:\n{(tmp_path / 'streamlit.log').read_text()}")
        time.sleep(0.5)
    yield url
    proses.terminate()
    proses.wait(timeout=20)
    log.close()


def _lokal(url: str) -> bool:
    if url.startswith(("data:", "blob:", "about:")):
        return True
    return urlparse(url).hostname in ("localhost", "127.0.0.1", "::1")


def test_peta_desa_tergambar_tanpa_internet(server, data_demo, tmp_path):
    from playwright.sync_api import sync_playwright

    con = duckdb.connect(str(data_demo.referensi), read_only=True)
    n_desa = con.execute("SELECT count(*) FROM wilayah WHERE tingkat = 'desa'").fetchone()[0]
    n_kec = con.execute("SELECT count(*) FROM wilayah WHERE tingkat = 'kecamatan'").fetchone()[0]
    con.close()
    luar: list[str] = []

    def rute(route):
        if _lokal(route.request.url):
            route.continue_()
        else:
            luar.append(route.request.url)
            route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        konteks = browser.new_context(viewport={"width": 1400, "height": 900})
        konteks.route("**/*", rute)
        halaman = konteks.new_page()
        halaman.goto(server)
        peta = halaman.frame_locator('iframe[title="streamlit_folium.st_folium"]')
        jalur = peta.locator("path.leaflet-interactive")
        jalur.first.wait_for(timeout=90_000)
        halaman.wait_for_timeout(500)
        assert jalur.count() >= n_desa
        assert halaman.get_by_text("Data sintetis").first.is_visible()
        halaman.screenshot(path=str(tmp_path / "beranda-desa.png"))

        # switch the shared sidebar to the kecamatan tier: one path per kecamatan, names on the map
        halaman.get_by_text("Kecamatan", exact=True).first.click()
        halaman.wait_for_function(
            "n => { const f = document.querySelector('iframe[title=\"streamlit_folium.st_folium\"]');"
            " return f && f.contentDocument.querySelectorAll('path.leaflet-interactive').length === n; }",
            arg=n_kec,
            timeout=60_000,
        )
        assert peta.locator(".pr-label").count() == n_kec
        halaman.screenshot(path=str(tmp_path / "beranda-kecamatan.png"))
        browser.close()
    assert luar == [], f"permintaan ke luar localhost: {luar}"
    assert (tmp_path / "beranda-desa.png").stat().st_size > 10_000
