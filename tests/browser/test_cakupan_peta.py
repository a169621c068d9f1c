"""Real browser: a link with the kecamatan scope opens a map zoomed to it, with its desa named."""

from __future__ import annotations

import duckdb
import pytest

pytestmark = pytest.mark.browser
KEC = "99.01.02"


def test_peta_zoom_ke_kecamatan_dengan_nama_desa(server, halaman, data_demo, tmp_path):
    con = duckdb.connect(str(data_demo.referensi), read_only=True)
    desa = [r[0] for r in con.execute(
        "SELECT nama FROM wilayah WHERE tingkat = 'desa' AND starts_with(kode, ?) ORDER BY kode", [KEC + "."]
    ).fetchall()]  # fmt: skip
    n_semua = con.execute("SELECT count(*) FROM wilayah WHERE tingkat = 'desa'").fetchone()[0]
    con.close()
    halaman.goto(f"{server}/?kec={KEC}")
    halaman.get_by_text("Kecamatan Sukamaju, Kabupaten Contoh").first.wait_for(timeout=90_000)
    peta = halaman.locator(".pr-peta-data")  # the Beranda map is drawn in the page (no iframe)
    peta.locator(".pr-label").first.wait_for(timeout=90_000)
    halaman.wait_for_timeout(800)
    # only the kecamatan's desa are drawn, each named
    assert peta.locator("path.leaflet-interactive").count() == len(desa) < n_semua
    label = set(peta.locator(".pr-label").all_inner_texts())
    assert set(desa) <= label
    # zoomed to the kecamatan: its desa fill most of the map (the kabupaten view leaves them a small corner)
    kotak_peta = peta.bounding_box()  # the map div itself is the Leaflet container
    kotak = [peta.locator("path.leaflet-interactive").nth(i).bounding_box() for i in range(len(desa))]
    lebar = max(b["x"] + b["width"] for b in kotak) - min(b["x"] for b in kotak)
    tinggi = max(b["y"] + b["height"] for b in kotak) - min(b["y"] for b in kotak)
    assert lebar > 0.5 * kotak_peta["width"] or tinggi > 0.5 * kotak_peta["height"]
    halaman.screenshot(path=str(tmp_path / "beranda-sukamaju.png"), full_page=True)
