"""Real browser: click a conflicting usulan on the Kesesuaian Ruang map and read its reasons."""

from __future__ import annotations

import pytest

from geo.services import kesesuaian as layanan_ks
from geo.store import db

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
    titik = halaman.locator(f".pr-peta-data path.pr-usulan-{uid}")
    titik.wait_for(timeout=90_000)
    halaman.wait_for_timeout(800)
    titik.dispatch_event("click")
    halaman.get_by_text(f"#{uid} · Tidak sesuai").wait_for(timeout=60_000)
    halaman.get_by_text(alasan[0][:60]).first.wait_for(timeout=30_000)
    # the zones it touches are outlined on the same map (restyled, not replaced), the usulan drawn larger
    halaman.locator(".pr-peta-data path.pr-sorot").first.wait_for(timeout=60_000)
    assert halaman.locator(f".pr-peta-data path.pr-usulan-{uid}").count() == 1
    halaman.screenshot(path=str(tmp_path / "kesesuaian-klik.png"), full_page=True)


def test_lapisan_tata_ruang_dari_berkas_statis(server, halaman, tmp_path):
    """The zones come from a static file (the browser keeps it); the map document carries only its URL."""
    diambil: list[str] = []
    halaman.on("response", lambda r: diambil.append(r.url) if "/app/static/lapisan/" in r.url else None)
    halaman.goto(f"{server}/kesesuaian")
    zona = halaman.locator(".pr-peta-data .leaflet-pr-ruang-pane path")
    zona.first.wait_for(timeout=90_000)
    assert zona.count() > 50
    # the page carries URLs and colour indexes, never the zones themselves
    assert '"kode_zona":' not in halaman.content()
    assert len(set(diambil)) >= 3  # the wilayah frame, pola ruang and zonasi (and overlays) as files
    # a tooltip shows a zone's name as text
    zona.nth(3).hover(force=True)
    halaman.locator(".pr-tooltip-ruang").first.wait_for(timeout=10_000)
    assert ":" in halaman.locator(".pr-tooltip-ruang").first.inner_text()
