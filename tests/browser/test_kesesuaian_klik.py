"""Real browser: click a conflicting usulan on the Kesesuaian Ruang map and read its reasons."""

from __future__ import annotations

import pytest

from geo.services import kesesuaian as layanan_ks
from geo.store import db
from tests.browser.test_peta_luring import IFRAME

pytestmark = pytest.mark.browser


def test_klik_usulan_konflik_menampilkan_alasan(server, halaman, data_demo, tmp_path):
    g = db.Gudang(data_demo)
    layanan_ks.periksa_dan_simpan(g, "99.01", 2027)
    konflik = g.df(
        """
        SELECT h.usulan_id, h.alasan FROM kerja.hasil_kesesuaian h JOIN kerja.usulan u ON u.id = h.usulan_id
        WHERE u.tahun = 2027 AND h.verdik = 'tidak_sesuai' AND ST_GeometryType(u.geom) = 'POINT'
        ORDER BY h.usulan_id LIMIT 1
        """
    ).iloc[0]
    g.tutup()
    uid, alasan = int(konflik["usulan_id"]), list(konflik["alasan"])
    halaman.goto(f"{server}/kesesuaian")
    peta = halaman.frame_locator(IFRAME)
    titik = peta.locator(f"path.pr-usulan-{uid}")
    titik.wait_for(timeout=90_000)
    halaman.wait_for_timeout(800)
    titik.dispatch_event("click")
    halaman.get_by_text(f"#{uid} · Tidak sesuai").wait_for(timeout=60_000)
    halaman.get_by_text(alasan[0][:60]).first.wait_for(timeout=30_000)
    # the zones it touches are outlined on the map (once the rerun has replaced the map)
    # (while the rerun swaps the map, the old and the new iframe can both be in the page)
    halaman.wait_for_function(
        "sel => [...document.querySelectorAll(sel)].some("
        "f => f.contentDocument && f.contentDocument.querySelector('path.pr-sorot'))",
        arg=IFRAME,
        timeout=60_000,
    )
    halaman.screenshot(path=str(tmp_path / "kesesuaian-klik.png"), full_page=True)


def test_lapisan_tata_ruang_dari_berkas_statis(server, halaman, tmp_path):
    """The zones come from a static file (the browser keeps it); the map document carries only its URL."""
    diambil: list[str] = []
    halaman.on("response", lambda r: diambil.append(r.url) if "/app/static/lapisan/" in r.url else None)
    halaman.goto(f"{server}/kesesuaian")
    peta = halaman.frame_locator(IFRAME)
    peta.locator(".leaflet-pr-ruang-pane path").first.wait_for(timeout=90_000)
    assert peta.locator(".leaflet-pr-ruang-pane path").count() > 50
    dokumen = halaman.locator(IFRAME).first.evaluate("f => f.contentDocument.documentElement.outerHTML")
    assert "/app/static/lapisan/" in dokumen and '"kode_zona":' not in dokumen
    assert len(set(diambil)) >= 2  # pola ruang and zonasi (and overlays) as files
    # a tooltip shows a zone's name as text
    peta.locator(".leaflet-pr-ruang-pane path").nth(3).hover(force=True)
    peta.locator(".pr-tooltip-ruang").first.wait_for(timeout=10_000)
    assert ":" in peta.locator(".pr-tooltip-ruang").first.inner_text()
