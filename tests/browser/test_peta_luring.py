"""Real browser: the app in headless Chromium, network cut off beyond localhost."""

from __future__ import annotations

import duckdb
import pytest

from tests.pipelines.berkas_uji import gdf_desa, tulis_vektor

pytestmark = pytest.mark.browser
IFRAME = 'iframe[title="streamlit_folium.st_folium"]'


def test_peta_desa_tergambar_tanpa_internet(server, halaman, data_demo, tmp_path):
    con = duckdb.connect(str(data_demo.referensi), read_only=True)
    n_desa = con.execute("SELECT count(*) FROM wilayah WHERE tingkat = 'desa'").fetchone()[0]
    n_kec = con.execute("SELECT count(*) FROM wilayah WHERE tingkat = 'kecamatan'").fetchone()[0]
    con.close()
    lapisan: list[str] = []
    halaman.on("request", lambda r: lapisan.append(r.url) if "/app/static/lapisan/" in r.url else None)
    halaman.goto(server)
    jalur = halaman.locator(".pr-peta-data path.leaflet-interactive")  # the Beranda map: no iframe, no folium
    jalur.first.wait_for(timeout=90_000)
    halaman.wait_for_timeout(500)
    assert jalur.count() == n_desa and len(lapisan) == 1
    assert halaman.get_by_text("Data sintetis").first.is_visible()
    jalur.nth(7).hover()
    tip = halaman.locator(".leaflet-tooltip").first
    tip.wait_for(timeout=10_000)
    assert "Kecamatan" in tip.inner_text()
    halaman.screenshot(path=str(tmp_path / "beranda-desa.png"))

    # switch the shared sidebar to the kecamatan tier: one path per kecamatan, names on the map
    halaman.get_by_text("Kecamatan", exact=True).first.click()
    halaman.wait_for_function(
        "n => document.querySelectorAll('.pr-peta-data path.leaflet-interactive').length === n",
        arg=n_kec,
        timeout=60_000,
    )
    assert halaman.locator(".pr-peta-data .pr-label").count() == n_kec and len(lapisan) == 2
    # back to desa: that geometry is not fetched again (the browser keeps its file)
    warna = halaman.locator(".pr-peta-data").get_attribute("data-warna")
    halaman.get_by_text("Desa/Kelurahan", exact=True).first.click()
    halaman.wait_for_function(
        "n => document.querySelectorAll('.pr-peta-data path.leaflet-interactive').length === n",
        arg=n_desa,
        timeout=60_000,
    )
    assert halaman.locator(".pr-peta-data").get_attribute("data-warna") != warna
    halaman.screenshot(path=str(tmp_path / "beranda-kecamatan.png"))
    assert (tmp_path / "beranda-desa.png").stat().st_size > 10_000


def _tunggu_diam(halaman, nama_berkas: str) -> None:
    """Wait until the uploaded file is listed and the rerun it triggered has finished."""
    halaman.get_by_text(nama_berkas).first.wait_for(timeout=60_000)
    halaman.wait_for_timeout(300)
    halaman.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=60_000)
    halaman.wait_for_timeout(300)


def test_unggah_berkas_di_halaman_data(server, halaman, data_demo, tmp_path):
    """Upload a bad file (problems listed, nothing changed), then a good one (report shown)."""
    g = gdf_desa()
    g.loc[2, "geometry"] = None
    buruk = tulis_vektor(g, tmp_path / "buruk", "geojson")
    baik = tulis_vektor(gdf_desa(), tmp_path / "baik", "geojson")
    baik = baik.rename(baik.with_name("desa_baik.geojson"))
    halaman.goto(f"{server}/data")
    halaman.get_by_text("Riwayat muat").wait_for(timeout=60_000)
    unggah = halaman.locator('input[type="file"]')
    unggah.set_input_files(str(buruk))
    _tunggu_diam(halaman, buruk.name)
    halaman.screenshot(path=str(tmp_path / "data-unggah.png"), full_page=True)
    halaman.get_by_role("button", name="Muat", exact=True).click()
    halaman.get_by_text("masalah ditemukan").wait_for(timeout=60_000)
    assert halaman.get_by_text("Tidak ada data yang diubah").is_visible()
    halaman.screenshot(path=str(tmp_path / "data-galat.png"), full_page=True)
    unggah.set_input_files(str(baik))
    _tunggu_diam(halaman, baik.name)
    halaman.get_by_role("button", name="Muat", exact=True).click()
    halaman.wait_for_timeout(1000)
    halaman.screenshot(path=str(tmp_path / "data-setelah-klik.png"), full_page=True)
    halaman.get_by_text("4 baris tersimpan dari 4").wait_for(timeout=60_000)
    halaman.screenshot(path=str(tmp_path / "data-berhasil.png"), full_page=True)
    con = duckdb.connect(str(data_demo.referensi), read_only=True)
    assert con.execute("SELECT count(*) FROM wilayah WHERE starts_with(kode, '98.01.')").fetchone()[0] == 6
    assert con.execute("SELECT oleh FROM riwayat_muat ORDER BY id DESC LIMIT 1").fetchone()[0] == "uji.bappeda"
    con.close()


def test_mode_proyektor(server, halaman, tmp_path):
    """Projector: map drawn, legend text at least 24 px, arrow key goes to the next slide."""
    halaman.goto(f"{server}/proyektor")
    peta = halaman.locator(".pr-peta-data")
    peta.locator("path.leaflet-interactive").first.wait_for(timeout=90_000)
    legenda = peta.locator(".pr-legenda")
    assert legenda.is_visible()
    ukuran = legenda.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert ukuran >= 24
    assert peta.locator(".pr-label").count() == 8  # kecamatan names on the map
    assert not halaman.locator('[data-testid="stSidebar"]').is_visible()
    halaman.screenshot(path=str(tmp_path / "proyektor-1.png"))
    halaman.keyboard.press("ArrowRight")
    halaman.get_by_text("slide 2 dari 3").wait_for(timeout=60_000)
    halaman.screenshot(path=str(tmp_path / "proyektor-2.png"))
