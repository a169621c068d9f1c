"""Real browser: the public Lacak Usulan server (``python -m pages.publik``) offline — the map of funded
activities draws from the locally served Leaflet, and a search by number shows the path."""

from __future__ import annotations

import pytest
from playwright.sync_api import sync_playwright

from tests.browser.conftest import CHROMIUM, _lokal, server_streamlit

pytestmark = pytest.mark.browser
IFRAME = 'iframe[title="streamlit_folium.st_folium"]'


def test_halaman_publik_peta_dan_pencarian_tanpa_internet(data_demo, tmp_path):
    luar: list[str] = []

    def rute(route):
        if _lokal(route.request.url):
            route.continue_()
        else:
            luar.append(route.request.url)
            route.abort()

    with (
        server_streamlit(data_demo.folder, tmp_path / "publik.log", modul="pages.publik") as url,
        sync_playwright() as p,
    ):
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        konteks = browser.new_context(viewport={"width": 1400, "height": 900})
        konteks.route("**/*", rute)
        hal = konteks.new_page()
        hal.goto(url)  # no login: the public page opens directly
        hal.get_by_text("Lacak Usulan Musrenbang").first.wait_for(timeout=90_000)
        peta = hal.frame_locator(IFRAME).first
        kegiatan = peta.locator("path.pr-kegiatan")
        kegiatan.first.wait_for(timeout=90_000)
        assert kegiatan.count() > 20
        assert peta.locator(".pr-legenda-kontrol").first.inner_text().count("Belum melapor") == 1
        kegiatan.first.hover(force=True)  # points may overlap: whichever is on top shows its tooltip
        tip = peta.locator(".leaflet-tooltip").first
        tip.wait_for(timeout=10_000)
        assert "fisik" in tip.inner_text() or "belum melapor" in tip.inner_text()

        kotak = hal.get_by_test_id("stTextInputField").first
        kotak.fill("1")
        kotak.press("Enter")
        hal.get_by_text("Perjalanan usulan").first.wait_for(timeout=60_000)
        assert "Usulan #1:" in hal.locator("h3").first.inner_text(), hal.locator("h3").all_inner_texts()
        assert hal.get_by_text("Kemajuan kegiatan").first.is_visible()
        assert hal.get_by_role("button").filter(has_text="Simpan").count() == 0
        assert hal.locator('[data-testid="stFileUploader"]').count() == 0
        hal.screenshot(path=str(tmp_path / "lacak.png"), full_page=True)
        browser.close()
    assert luar == [], f"permintaan ke luar localhost: {luar}"
