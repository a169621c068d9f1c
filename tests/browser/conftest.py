"""Browser-test fixtures: a real Streamlit server on a free localhost port, and a Chromium
page that aborts (and records) every request leaving localhost."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from geo.render.aset import siapkan_aset
from tests.conftest import AKAR, wajib_atau_lewati

CHROMIUM = Path("/usr/bin/chromium")


def _port_bebas() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def server_streamlit(folder: Path, berkas_log: Path, modul: str = "pages") -> Iterator[str]:
    """Run ``python -m <modul>`` (the app, or ``pages.publik``) on a free port with ``PETARENCANA_DATA=folder``;
    yield its URL."""
    wajib_atau_lewati(CHROMIUM.exists(), "Chromium tidak ada di /usr/bin/chromium (apt-get install chromium)")
    siapkan_aset()
    port = _port_bebas()
    log = open(berkas_log, "w")  # noqa: SIM115 - closed after the server stops
    proses = subprocess.Popen(
        [sys.executable, "-m", modul, "--server.port", str(port), "--server.headless", "true"],
        cwd=AKAR,
        env={**os.environ, "PETARENCANA_DATA": str(folder)},
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
            pytest.fail(f"Streamlit tidak mulai:\n{berkas_log.read_text()}")
        time.sleep(0.5)
    try:
        yield url
    finally:
        proses.terminate()
        proses.wait(timeout=20)
        log.close()


@pytest.fixture
def server(data_demo, tmp_path):
    with server_streamlit(data_demo.folder, tmp_path / "streamlit.log") as url:
        yield url


def masukkan(konteks, folder: Path, url: str, peran: str = "bappeda") -> None:
    """Log the test account of ``peran`` in (a real login on the server's data) and give the browser its cookie."""
    from geo.services import akun
    from geo.settings import berkas_data
    from geo.store.db import Gudang
    from pages.akses.akun import KUE
    from tests.akun import AKUN_UJI, SANDI_UJI

    g = Gudang(berkas_data(folder))
    try:
        token = akun.masuk(g, AKUN_UJI[peran][0], SANDI_UJI).token
    finally:
        g.tutup()
    konteks.add_cookies([{"name": KUE, "value": token, "url": url}])


def _lokal(url: str) -> bool:
    if url.startswith(("data:", "blob:", "about:")):
        return True
    return urlparse(url).hostname in ("localhost", "127.0.0.1", "::1")


@pytest.fixture
def halaman(server, data_demo, tmp_path):
    """A logged-in (Bappeda) Chromium page, network cut off beyond localhost; ``halaman.luar``: blocked URLs."""
    from playwright.sync_api import sync_playwright

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
        masukkan(konteks, data_demo.folder, server)
        pg = konteks.new_page()
        pg.luar = luar
        yield pg
        browser.close()
    assert luar == [], f"permintaan ke luar localhost: {luar}"
