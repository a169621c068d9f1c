"""Real browser: a link to a page the account may not open says so in Indonesian; logged out, it lands on login."""

from __future__ import annotations

import pytest

from tests.browser.conftest import CHROMIUM, _lokal, masukkan

pytestmark = pytest.mark.browser


def _halaman_baru(p, server: str, data_demo, peran: str | None):
    browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
    konteks = browser.new_context(viewport={"width": 1400, "height": 900})
    konteks.route("**/*", lambda r: r.continue_() if _lokal(r.request.url) else r.abort())
    if peran is not None:
        masukkan(konteks, data_demo.folder, server, peran)
    return browser, konteks.new_page()


def test_tautan_ke_halaman_di_luar_peran_dan_tanpa_masuk(server, data_demo, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser, pg = _halaman_baru(p, server, data_demo, "kecamatan")
        pg.goto(f"{server}/sinkronisasi")
        pg.get_by_text("Halaman ini tidak termasuk peran akun Anda").wait_for(timeout=90_000)
        assert pg.get_by_text("Page not found").count() == 0
        assert pg.get_by_text("Bagaimana jika").count() == 0  # the page's own script did not run
        pg.screenshot(path=str(tmp_path / "tertutup-kecamatan.png"), full_page=True)
        browser.close()

        browser, pg = _halaman_baru(p, server, data_demo, None)
        pg.goto(f"{server}/forum")
        pg.get_by_role("button", name="Masuk").wait_for(timeout=90_000)
        assert pg.get_by_text("Page not found").count() == 0
        pg.screenshot(path=str(tmp_path / "tertutup-keluar.png"), full_page=True)
        browser.close()
