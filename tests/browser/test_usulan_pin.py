"""Real browser: place a pin on the Usulan map and read the desa derived from it."""

from __future__ import annotations

import re

import pytest
import shapely

from geo.store import db

pytestmark = pytest.mark.browser


def test_pin_di_peta_menurunkan_nama_desa(server, halaman, data_demo, tmp_path):
    halaman.goto(f"{server}/usulan")
    peta = halaman.locator(".pr-peta-data")
    peta.locator("path.leaflet-interactive").first.wait_for(timeout=90_000)
    halaman.wait_for_timeout(800)
    kotak = peta.bounding_box()
    # click a little off the centre of the map (inside the kabupaten)
    halaman.mouse.click(kotak["x"] + kotak["width"] * 0.45, kotak["y"] + kotak["height"] * 0.55)
    teks = halaman.get_by_text("Desa/Kelurahan (dari peta):")
    teks.wait_for(timeout=60_000)
    blok = teks.locator("xpath=ancestor::div[@data-testid='stMarkdownContainer']").inner_text()
    halaman.screenshot(path=str(tmp_path / "usulan-pin.png"))
    nama = re.search(r"Desa/Kelurahan \(dari peta\):\s*(.+)", blok).group(1).strip()
    lat, lon = (float(v) for v in re.search(r"koordinat (-?[\d.]+), (-?[\d.]+)", blok).groups())
    # the pin is drawn on the map
    peta.locator("path.pr-pin").first.wait_for(timeout=30_000)
    # independent check: which desa (full geometry) contains the clicked coordinates?
    con = db.koneksi(data_demo.referensi, baca_saja=True)
    desa = con.execute("SELECT kode, nama, ST_AsWKB(geom) FROM wilayah WHERE tingkat = 'desa'").fetchall()
    con.close()
    titik = shapely.Point(lon, lat)
    kena = sorted((k, n) for k, n, wkb in desa if shapely.from_wkb(bytes(wkb)).intersects(titik))
    assert kena, f"titik {lat}, {lon} tidak di desa mana pun"
    assert nama == kena[0][1]  # on a border the lower code wins (declared rule)
    assert f"Kode {kena[0][0]}" in blok


def test_garis_dua_klik_satu_run_per_klik(server, halaman):
    """Each click adds one vertex (handed over before the run, no second run): two clicks make a line."""
    halaman.goto(f"{server}/usulan")
    peta = halaman.locator(".pr-peta-data")
    peta.locator("path.leaflet-interactive").first.wait_for(timeout=90_000)
    halaman.get_by_role("radiogroup", name="Bentuk lokasi").get_by_text("garis").click()
    halaman.wait_for_timeout(800)
    halaman.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=60_000)
    kotak = peta.bounding_box()
    for fx in (0.42, 0.48):
        halaman.mouse.click(kotak["x"] + kotak["width"] * fx, kotak["y"] + kotak["height"] * 0.55)
        halaman.wait_for_timeout(600)
        halaman.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=60_000)
    blok = halaman.get_by_text("Desa/Kelurahan (dari peta):")
    blok.wait_for(timeout=60_000)
    teks = blok.locator("xpath=ancestor::div[@data-testid='stMarkdownContainer']").inner_text()
    assert re.search(r"\d+ % garis di desa ini", teks), teks
    assert halaman.get_by_text("Hapus titik terakhir").is_enabled()
