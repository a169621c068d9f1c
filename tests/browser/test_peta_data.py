"""Real browser: the Data Dasar map keeps its geometry; a new palette restyles it without sending geometry again."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_ganti_palet_tanpa_kirim_ulang_geometri(server, halaman, tmp_path):
    lapisan: list[str] = []
    halaman.on("request", lambda r: lapisan.append(r.url) if "/app/static/lapisan/" in r.url else None)
    halaman.goto(f"{server}/data_dasar")
    jalur = halaman.locator(".pr-peta-data path.leaflet-interactive")
    jalur.first.wait_for(timeout=90_000)
    halaman.wait_for_timeout(500)
    assert jalur.count() == 120  # every desa of the demo, drawn once
    warna_awal = halaman.locator(".pr-peta-data").get_attribute("data-warna")
    assert len(lapisan) == 1 and halaman.locator(".pr-legenda").first.is_visible()
    # the scale bar is metric only
    assert "mi" not in halaman.locator(".leaflet-control-scale").inner_text().split()

    # a new palette: the same polygons, new colours, no new geometry request
    halaman.get_by_role("combobox", name="Warna").click()
    halaman.get_by_role("option").filter(has_text="Biru").first.click()
    halaman.wait_for_function(
        "awal => document.querySelector('.pr-peta-data').dataset.warna !== awal", arg=warna_awal, timeout=60_000
    )
    assert jalur.count() == 120 and len(lapisan) == 1
    # tooltips carry the new values as text
    jalur.nth(5).hover()
    tip = halaman.locator(".leaflet-tooltip").first
    tip.wait_for(timeout=10_000)
    assert "peringkat" in tip.inner_text()
    halaman.screenshot(path=str(tmp_path / "data-dasar-biru.png"), full_page=True)
