"""Real browser: usulan maps (Forum, Prioritas) on the data-driven component.

The usulan layer is a static file fetched once; a rerun that changes only colours (another selection rule)
restyles the drawn usulan without fetching geometry again, and a popup shows user text as text.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def _buka_peta_forum(halaman, server):
    halaman.goto(f"{server}/forum")
    halaman.get_by_role("tab", name="Peta per status").click()
    usulan = halaman.locator(".pr-peta-data .leaflet-pr-usulan-pane path.pr-usulan")
    usulan.first.wait_for(timeout=90_000)
    return usulan


def test_peta_forum_dari_berkas_dan_popup_sebagai_teks(server, halaman, tmp_path):
    diambil: list[str] = []
    halaman.on("request", lambda r: diambil.append(r.url) if "/app/static/lapisan/" in r.url else None)
    usulan = _buka_peta_forum(halaman, server)
    halaman.get_by_role("switch", name="Kelompokkan titik yang rapat (klaster)").uncheck()
    halaman.wait_for_timeout(1500)
    n = int(halaman.locator(".pr-peta-data").get_attribute("data-usulan"))
    assert n > 50 and usulan.count() == n  # every usulan of the tier, one path each
    assert '"uraian"' not in halaman.content()  # texts live in the file, not in the page
    assert len(set(diambil)) == 2  # the wilayah frame and the usulan layer
    usulan.first.dispatch_event("click")
    popup = halaman.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10_000)
    assert "Buka usulan #" in popup.inner_text()
    assert popup.locator("script, img").count() == 0
    halaman.screenshot(path=str(tmp_path / "forum-peta.png"), full_page=True)


def test_peta_prioritas_ganti_aturan_pagu_tanpa_geometri_baru(server, halaman, tmp_path):
    diambil: list[str] = []
    halaman.goto(f"{server}/prioritas")
    usulan = halaman.locator(".pr-peta-data .leaflet-pr-usulan-pane path")
    usulan.first.wait_for(timeout=90_000)
    halaman.wait_for_timeout(1000)
    n = usulan.count()
    halaman.on("request", lambda r: diambil.append(r.url) if "/app/static/lapisan/" in r.url else None)
    # another selection rule: the funded set (the colours) is computed again, the geometry stays
    halaman.get_by_text("Kombinasi terbaik").click()
    halaman.wait_for_timeout(800)
    halaman.locator("[data-testid='stStatusWidget']").wait_for(state="hidden", timeout=60_000)
    halaman.wait_for_timeout(1500)
    assert diambil == [] and usulan.count() == n
    assert set(halaman.locator(".pr-peta-data").get_attribute("data-warna-usulan").split(",")) <= {"#1b9e77", "#d95f02"}
    halaman.screenshot(path=str(tmp_path / "prioritas-aturan.png"), full_page=True)
