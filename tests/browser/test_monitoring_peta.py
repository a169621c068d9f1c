"""Real browser: the Monitoring maps restyle when the quarter changes (Q1 reported, Q4 not yet)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

_WARNA = "i => document.querySelectorAll('.pr-peta-data')[i].dataset.warna"


def _tunggu_berubah(halaman, i: int, lama: str | None) -> str:
    halaman.wait_for_function(
        "([i, lama]) => { const el = document.querySelectorAll('.pr-peta-data')[i];"
        " return el && el.dataset.warna && el.dataset.warna !== lama; }",
        arg=[i, lama],
        timeout=60_000,
    )
    return halaman.evaluate(_WARNA, i)


def test_warna_peta_berubah_antara_triwulan(server, halaman, tmp_path):
    lapisan: list[str] = []
    halaman.on("request", lambda r: lapisan.append(r.url) if "/app/static/lapisan/" in r.url else None)
    halaman.goto(f"{server}/monitoring?tahun=2026")
    halaman.locator(".pr-peta-data .leaflet-interactive").first.wait_for(timeout=90_000)
    awal = _tunggu_berubah(halaman, 0, None)
    halaman.get_by_text("Triwulan I", exact=True).click()  # the page opens at the latest reported quarter (III)
    q1 = _tunggu_berubah(halaman, 0, awal)
    # the rerun has finished and both components have been restyled before the choropleth is read
    halaman.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=60_000)
    halaman.wait_for_timeout(1000)
    q1_wilayah = halaman.evaluate(_WARNA, 1)
    assert set(q1.split(",")) - {"#bdbdbd"}, "in Q1 most activities reported: coloured by deviation"
    n_geometri = len(lapisan)

    halaman.get_by_text("Triwulan IV", exact=True).click()
    q4 = _tunggu_berubah(halaman, 0, q1)
    assert set(q4.split(",")) == {"#bdbdbd"}  # December not reported yet: all "tidak melapor", none coloured as 0
    assert q4 != q1
    assert _tunggu_berubah(halaman, 1, q1_wilayah) != q1_wilayah  # the achievement choropleth too
    assert len(lapisan) == n_geometri  # the quarter sends colours only, no geometry again
    halaman.screenshot(path=str(tmp_path / "monitoring-q4.png"), full_page=True)

    # the projector view: the same maps, legends in 24 px text
    halaman.get_by_role("switch", name="Tampilan proyektor").set_checked(True, force=True)
    halaman.locator(".pr-legenda-besar .pr-legenda").first.wait_for(timeout=60_000)
    ukuran = halaman.locator(".pr-legenda-besar .pr-legenda").first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    assert ukuran >= 24 and len(lapisan) == n_geometri
    halaman.screenshot(path=str(tmp_path / "monitoring-proyektor.png"), full_page=True)
