"""Real browser: the projector at hall screen sizes — every legend row on screen, a visible way out."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

UKURAN = [(1366, 768), (1920, 1080)]
PETA = ".pr-peta-data"


def _di_layar(kotak: dict | None, lebar: int, tinggi: int) -> bool:
    return (
        kotak is not None
        and kotak["x"] >= 0
        and kotak["y"] >= 0
        and kotak["x"] + kotak["width"] <= lebar + 0.5
        and kotak["y"] + kotak["height"] <= tinggi + 0.5
    )


@pytest.mark.parametrize(("lebar", "tinggi"), UKURAN)
def test_legenda_utuh_dan_tombol_keluar(server, halaman, tmp_path, lebar, tinggi):
    halaman.set_viewport_size({"width": lebar, "height": tinggi})
    halaman.goto(f"{server}/proyektor")
    peta = halaman.locator(PETA)
    keluar = halaman.get_by_role("button", name="Keluar dari mode proyektor")
    keluar.wait_for(timeout=90_000)
    for n in range(3):  # every slide of the demo set
        # one map for every slide: it is restyled (and refitted when the frame changes)
        peta.locator("path.leaflet-interactive").first.wait_for(timeout=90_000)
        halaman.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=90_000)
        halaman.wait_for_timeout(1000)
        baris = peta.locator(".pr-legenda > div")
        halaman.screenshot(path=str(tmp_path / f"proyektor-{lebar}x{tinggi}-{n + 1}.png"))
        terakhir = baris.last.bounding_box()
        bingkai = peta.bounding_box()
        assert _di_layar(bingkai, lebar, tinggi), f"peta keluar layar: {bingkai}"
        assert _di_layar(terakhir, lebar, tinggi), f"baris legenda terakhir terpotong: {terakhir}"
        assert terakhir["y"] + terakhir["height"] <= bingkai["y"] + bingkai["height"] + 0.5
        assert "tidak ada data" in baris.last.inner_text() or "(" in baris.last.inner_text()
        assert keluar.is_visible() and _di_layar(keluar.bounding_box(), lebar, tinggi)
        tombol = halaman.get_by_role("button", name="Berikutnya ▶")
        if tombol.is_disabled():
            break
        judul = halaman.locator("h1").first.inner_text()
        tombol.click()
        halaman.wait_for_function(
            "j => { const h = document.querySelector('h1'); return h && h.innerText !== j; }", arg=judul
        )
    # Esc leaves the projector (the same as the exit button)
    halaman.keyboard.press("Escape")
    halaman.get_by_role("heading", name="Data Dasar").wait_for(timeout=60_000)
