"""Real browser: hostile text in the data is shown as text on every page with a map, never run (issue 13).

Before the server starts, payloads enter a copy of the demo data through the real write paths: a
boundary reload of Kabupaten Contoh that renames one desa, a pola ruang file and an RDTR zoning file
whose names are markup, a slide set and a slide title, and two usulan whose ``uraian``/``masalah``
close an attribute and open an element. Each page is opened, its map features hovered and every
tooltip and popup opened; no JavaScript dialog may fire, no payload may become an element, and
each payload must be on the page as text (so the test proves it was drawn, not just absent).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from tests.browser.conftest import CHROMIUM, _lokal, masukkan, server_streamlit
from tests.browser.test_peta_luring import IFRAME
from tests.browser.test_tampilan_layar import _TABEL_JS, _tunggu_tergambar

pytestmark = pytest.mark.browser

KAB, KEC = "99.01", "99.01.01"
#: The desa renamed by the boundary reload (it holds usulan 66, Musrenbang Kecamatan, and 68, Desa).
DESA = "99.01.01.1003"
USULAN_JAHAT = (66, 68)

DESA_JAHAT = "<img src=x onerror=alert(1)>"
POLA_JAHAT = "<script>alert(2)</script>"
SET_JAHAT = "<img src=x onerror=alert(3)>"
USULAN_TEKS_JAHAT = '"><svg onload=alert(4)>'
ZONA_JAHAT = "<img src=x onerror=alert(5)>"
JUDUL_JAHAT = "<svg/onload=alert(6)>"

# Elements a payload would have become (an inline <script> counts only when it is exactly a payload:
# the map scripts legitimately carry the escaped text in their data).
_ELEMEN_JAHAT_JS = """
() => [...document.querySelectorAll('img[src="x"], svg[onload], [onerror], [onload], script')]
  .filter((e) => e.tagName !== 'SCRIPT' || /^alert\\(\\d\\)$/.test(e.textContent.trim()))
  .map((e) => e.outerHTML.slice(0, 120))
"""

# In a folium frame: fire mouseover on every path and marker (the way Leaflet dispatches a real
# hover, so bound and group tooltips build their content), then open every bound popup; return
# the text of each tooltip and popup shown. Layers under others are reached too.
_BUKA_SEMUA_JS = """
() => {
  const peta = window.map_div || Object.values(window).find((v) => v instanceof L.Map);
  const lapis = [];
  peta.eachLayer((l) => lapis.push(l));
  const teks = [];
  for (const l of lapis) {
    if (!(l instanceof L.Path || l instanceof L.Marker) || !l._map) continue;
    const ll = l.getLatLng ? l.getLatLng() : l.getBounds().getCenter();
    l.fire('mouseover', {latlng: ll}, true);
    document.querySelectorAll('.leaflet-tooltip').forEach((t) => teks.push(t.innerText));
    l.fire('mouseout', {latlng: ll}, true);
    if (l.getPopup && l.getPopup()) {
      l.openPopup(ll);
      document.querySelectorAll('.leaflet-popup-content').forEach((p) => teks.push(p.innerText));
      l.closePopup();
    }
  }
  return teks;
}
"""


# On the page's own data-driven maps (no iframe, the Leaflet map is not reachable from outside):
# a hover on every polygon in turn, as DOM events; return the text of the tooltips shown.
_HOVER_DOM_JS = """
() => {
  const teks = [];
  for (const p of document.querySelectorAll('.pr-peta-data path.leaflet-interactive')) {
    const k = p.getBoundingClientRect();
    const opsi = {bubbles: true, clientX: k.x + k.width / 2, clientY: k.y + k.height / 2};
    p.dispatchEvent(new MouseEvent('mouseover', opsi));
    document.querySelectorAll('.pr-peta-data .leaflet-tooltip').forEach((t) => teks.push(t.innerText));
    p.dispatchEvent(new MouseEvent('mouseout', opsi));
  }
  return teks;
}
"""


def siapkan_data_jahat(folder: Path, kerja: Path) -> int:
    """Write every payload into the data folder through the real code paths; return the slide set id."""
    from geo.domain.slide import Slide
    from geo.services import slide as layanan_slide
    from geo.services import usulan as layanan_usulan
    from geo.settings import berkas_data
    from geo.store import kueri
    from geo.store.db import Gudang
    from pipelines.muat import OpsiBatas, OpsiPolaRuang, OpsiZonasi, muat_batas, muat_pola_ruang, muat_zonasi
    from tests.akun import pelaku

    berkas = berkas_data(folder)
    kerja.mkdir(parents=True, exist_ok=True)
    g = Gudang(berkas)
    try:
        desa = kueri.wilayah_gdf(g, KAB, "desa", tampil=False)
        usulan = kueri.usulan_gdf(g, KAB, 2027, ids=list(USULAN_JAHAT)).set_index("id")
    finally:
        g.tutup()
    # the demo kabupaten's boundaries again, one desa renamed (Kemendagri codes: same desa, new name)
    desa.loc[desa["kode"] == DESA, "nama"] = DESA_JAHAT
    desa[["kode", "nama", "nama_kecamatan", "geometry"]].to_file(kerja / "batas.geojson", driver="GeoJSON")
    muat_batas(kerja / "batas.geojson", OpsiBatas(), berkas)
    # a pola ruang class and an RDTR zone around usulan 66: its conformity reasons name both
    titik = usulan.geometry.loc[USULAN_JAHAT[0]]
    kotak = shapely.box(titik.x - 0.003, titik.y - 0.003, titik.x + 0.003, titik.y + 0.003)
    pola = gpd.GeoDataFrame({"NAMOBJ": [POLA_JAHAT], "KODKWS": ["X"]}, geometry=[kotak], crs=4326)
    pola.to_file(kerja / "pola_jahat.geojson", driver="GeoJSON")
    muat_pola_ruang(kerja / "pola_jahat.geojson", OpsiPolaRuang(), berkas)
    zona = gpd.GeoDataFrame({"kode_zona": ["R-2"], "nama_zona": [ZONA_JAHAT]}, geometry=[kotak], crs=4326)
    zona.to_file(kerja / "zona_jahat.geojson", driver="GeoJSON")
    muat_zonasi(kerja / "zona_jahat.geojson", OpsiZonasi(), berkas)
    g = Gudang(berkas)
    try:
        for uid in USULAN_JAHAT:
            perubahan = {"uraian": USULAN_TEKS_JAHAT, "masalah": USULAN_TEKS_JAHAT}
            layanan_usulan.ubah_usulan(g, uid, perubahan, int(usulan.at[uid, "versi"]), "uji masukan jahat", pelaku())
        # a slide at kecamatan scope: the projector names the kecamatan's desa on the map
        slide = Slide("persen_miskin", 2025, "desa", judul=JUDUL_JAHAT, kode_wilayah=KEC)
        layanan_slide.simpan_set(g, KAB, SET_JAHAT, [slide], pelaku())
        ada = g.df("SELECT id FROM kerja.slide_set WHERE nama = ?", [SET_JAHAT])
    finally:
        g.tutup()
    return int(ada["id"].iloc[0])


@pytest.fixture(scope="module")
def data_jahat(folder_demo, tmp_path_factory):
    """A private copy of the demo data with every payload in it: (folder, slide set id)."""
    akar = tmp_path_factory.mktemp("jahat")
    folder = akar / "data"
    shutil.copytree(folder_demo, folder, ignore=shutil.ignore_patterns("*.lock"))
    return folder, siapkan_data_jahat(folder, akar / "berkas")


@pytest.fixture(scope="module")
def server_jahat(data_jahat):
    folder, _ = data_jahat
    with server_streamlit(folder, folder.parent / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="module")
def konteks_jahat(server_jahat, data_jahat):
    """One Chromium context for the module: logged in as Bappeda, network cut off beyond localhost."""
    from playwright.sync_api import sync_playwright

    luar: list[str] = []

    def rute(route):
        if _lokal(route.request.url):
            route.continue_()
        else:
            luar.append(route.request.url)
            route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        konteks = browser.new_context(viewport={"width": 1400, "height": 900})
        konteks.route("**/*", rute)
        masukkan(konteks, data_jahat[0], server_jahat)
        yield konteks
        browser.close()
    assert luar == [], f"permintaan ke luar localhost: {luar}"


@pytest.fixture
def halaman_jahat(konteks_jahat):
    """A fresh page; ``halaman_jahat.dialog`` records every JavaScript dialog (dismissed)."""
    pg = konteks_jahat.new_page()
    pg.dialog = []
    pg.on("dialog", lambda d: (pg.dialog.append(f"{d.type}: {d.message}"), d.dismiss()))
    pg.dialog_diperiksa = False
    yield pg
    pg.close()
    if not pg.dialog_diperiksa:  # the test stopped before its own check
        assert pg.dialog == [], f"dialog JavaScript muncul: {pg.dialog}"


# --------------------------------------------------------------------------- helpers
def _buka(pg, url: str) -> None:
    pg.goto(url)
    _tunggu_tergambar(pg)


def _bingkai_peta(pg):
    """The visible folium frames of the page (Playwright Frame objects)."""
    hasil = []
    for f in pg.frames[1:]:
        if "streamlit_folium" in f.url and f.frame_element().is_visible():
            hasil.append(f)
    return hasil


def _peta(pg):
    """The page's map: the data-driven map drawn in the page, or else the first folium frame."""
    dalam = pg.locator(".pr-peta-data")
    return dalam.first if dalam.count() else pg.frame_locator(IFRAME).first


def _teks_peta(pg, *harus: str) -> str:
    """Text of every tooltip and popup of every map on the page, all opened.

    Layers fetched after the map is drawn (the planning layers) may still be on their way: the
    maps are opened again, for up to 30 s, until every text of ``harus`` is among them.
    """
    for _ in range(30):
        semua = [t for f in _bingkai_peta(pg) for t in f.evaluate(_BUKA_SEMUA_JS)] + pg.evaluate(_HOVER_DOM_JS)
        teks = "\n".join(semua)
        if all(h in teks for h in harus):
            break
        pg.wait_for_timeout(1000)
    return teks


def _label_desa(peta):
    """The renamed desa's name written on the map (kecamatan scope names its desa): exactly one, as text."""
    label = peta.get_by_text(DESA_JAHAT, exact=True)
    label.first.wait_for(timeout=60_000)
    assert label.count() == 1
    return label


def _tunjuk_label(pg, peta, label) -> str:
    """Hover the map at a name label's anchor (inside its polygon) with the real mouse; return the tooltip."""
    kotak = label.bounding_box()
    pg.mouse.move(kotak["x"] + kotak["width"] / 2, kotak["y"] + kotak["height"] / 2)
    tooltip = peta.locator(".leaflet-tooltip")
    tooltip.first.wait_for(timeout=10_000)
    return tooltip.first.inner_text()


def _tunjuk_usulan(peta, uid: int) -> str:
    """Hover an usulan marker (a DOM event on its own path: neighbouring markers may cover it); its tooltip."""
    peta.locator(f"path.pr-usulan-{uid}").dispatch_event("mouseover")
    tip = peta.locator(".leaflet-tooltip").filter(has_text=f"#{uid} ")
    tip.first.wait_for(timeout=10_000)
    return tip.first.inner_text()


def _periksa_aman(pg, tmp_path: Path, nama: str) -> None:
    """No dialog fired and no payload became an element, on the page or in any of its frames."""
    from playwright.sync_api import Error as PlaywrightError

    pg.wait_for_timeout(500)  # an onerror/onload handler would have run by now
    pg.screenshot(path=str(tmp_path / f"{nama}.png"), full_page=True)
    elemen = []
    for f in pg.frames:
        try:
            elemen += [f"{f.url[:50]}: {e}" for e in f.evaluate(_ELEMEN_JAHAT_JS)]
        except PlaywrightError:  # a frame detached meanwhile holds nothing any more
            continue
    pg.dialog_diperiksa = True
    assert pg.dialog == [], f"dialog JavaScript muncul di {nama}: {pg.dialog}"
    assert elemen == [], f"muatan menjadi elemen HTML di {nama}: {elemen}"


def _teks_tabel(pg, harus: str | None = None) -> str:
    """Cell text of the visible tables (their accessible copy: the grid itself is a canvas).

    With ``harus``, wait (up to 60 s) until that text is in a table: on a loaded machine a
    table's cells arrive after the rest of the page.
    """
    for _ in range(120):
        teks = "\n".join("\n".join(t["kepala"] + t["sel"]) for t in pg.evaluate(_TABEL_JS))
        if harus is None or harus in teks:
            return teks
        pg.wait_for_timeout(500)
    return teks


# --------------------------------------------------------------------------- pages
def test_beranda(server_jahat, halaman_jahat, tmp_path):
    pg = halaman_jahat
    _buka(pg, f"{server_jahat}/?kec={KEC}")
    peta = _peta(pg)
    assert DESA_JAHAT in _tunjuk_label(pg, peta, _label_desa(peta))
    assert DESA_JAHAT in _teks_peta(pg, DESA_JAHAT)
    _periksa_aman(pg, tmp_path, "beranda")


def test_data_dasar(server_jahat, halaman_jahat, tmp_path):
    pg = halaman_jahat
    _buka(pg, f"{server_jahat}/data_dasar?kec={KEC}")
    peta = _peta(pg)
    assert DESA_JAHAT in _tunjuk_label(pg, peta, _label_desa(peta))
    assert DESA_JAHAT in _teks_peta(pg, DESA_JAHAT)  # every polygon hovered in turn
    _periksa_aman(pg, tmp_path, "data_dasar")


def test_proyektor(server_jahat, halaman_jahat, data_jahat, tmp_path):
    pg = halaman_jahat
    _buka(pg, f"{server_jahat}/proyektor?set={data_jahat[1]}")
    assert pg.get_by_role("combobox", name="Set slide").input_value() == SET_JAHAT  # the chosen set
    assert pg.locator("h1").filter(has_text=JUDUL_JAHAT).first.is_visible()  # the slide title
    peta = _peta(pg)
    assert DESA_JAHAT in _tunjuk_label(pg, peta, _label_desa(peta))
    assert DESA_JAHAT in _teks_peta(pg, DESA_JAHAT)
    pg.get_by_role("button", name="Atur slide").click()  # the set's name and its slides, by title
    isi = pg.locator('[data-testid="stPopoverBody"]')
    isi.get_by_text(f"{SET_JAHAT} · versi").wait_for(timeout=30_000)
    isi.locator("li").filter(has_text=JUDUL_JAHAT).wait_for(timeout=30_000)
    _periksa_aman(pg, tmp_path, "proyektor")


def test_usulan_peta_tangkap(server_jahat, halaman_jahat, tmp_path):
    pg = halaman_jahat
    _buka(pg, f"{server_jahat}/usulan?kec={KEC}")
    peta = _peta(pg)
    # the spatial plan is an overlay the user ticks on
    peta.get_by_text("Tata ruang (RTRW/RDTR)").click()
    pg.wait_for_timeout(500)
    assert USULAN_TEKS_JAHAT in _tunjuk_usulan(peta, USULAN_JAHAT[0])
    teks = _teks_peta(pg, DESA_JAHAT, USULAN_TEKS_JAHAT, POLA_JAHAT, ZONA_JAHAT)
    for muatan in (DESA_JAHAT, USULAN_TEKS_JAHAT, POLA_JAHAT, ZONA_JAHAT):
        assert muatan in teks, f"{muatan} tidak tampil di tooltip/popup peta usulan"
    _periksa_aman(pg, tmp_path, "usulan-baru")


def test_usulan_cari(server_jahat, halaman_jahat, tmp_path):
    pg = halaman_jahat
    uid = USULAN_JAHAT[0]
    _buka(pg, f"{server_jahat}/usulan?kec={KEC}&id={uid}")
    pilihan = pg.get_by_role("combobox", name="Usulan", exact=True)
    assert pilihan.input_value() == f"#{uid} · {DESA_JAHAT} · {USULAN_TEKS_JAHAT}"
    pg.locator("h3").filter(has_text=f"#{uid} {USULAN_TEKS_JAHAT}").first.wait_for(timeout=30_000)
    assert pg.get_by_text(f"{DESA_JAHAT}, Kec. Kota Contoh").first.is_visible()
    assert USULAN_TEKS_JAHAT in _teks_peta(pg, USULAN_TEKS_JAHAT)  # the small map of this usulan
    _periksa_aman(pg, tmp_path, "usulan-cari")


def test_forum(server_jahat, halaman_jahat, tmp_path):
    pg = halaman_jahat
    _buka(pg, f"{server_jahat}/forum?kec={KEC}")  # Musrenbang Desa: usulan 68 of the renamed desa
    assert USULAN_TEKS_JAHAT in _teks_tabel(pg, USULAN_TEKS_JAHAT)  # the decision list
    pg.get_by_role("tab", name="Peta per status").click()
    _tunggu_tergambar(pg)
    peta = _peta(pg)
    _label_desa(peta)
    teks = _teks_peta(pg, DESA_JAHAT, USULAN_TEKS_JAHAT)
    assert DESA_JAHAT in teks and USULAN_TEKS_JAHAT in teks
    _periksa_aman(pg, tmp_path, "forum")


def test_kesesuaian(server_jahat, halaman_jahat, tmp_path):
    pg = halaman_jahat
    uid = USULAN_JAHAT[0]
    _buka(pg, f"{server_jahat}/kesesuaian?kec={KEC}")
    peta = _peta(pg)
    peta.locator(".leaflet-pr-ruang-pane path").first.wait_for(timeout=60_000)  # planning layers, fetched
    teks = _teks_peta(pg, DESA_JAHAT, USULAN_TEKS_JAHAT, POLA_JAHAT, ZONA_JAHAT)
    for muatan in (DESA_JAHAT, USULAN_TEKS_JAHAT, POLA_JAHAT, ZONA_JAHAT):
        assert muatan in teks, f"{muatan} tidak tampil di tooltip/popup peta kesesuaian"
    # a click on the usulan lists its reasons, which name the zone and the pola ruang class
    peta.locator(f"path.pr-usulan-{uid}").dispatch_event("click")
    pg.get_by_text(f"{USULAN_TEKS_JAHAT} — {DESA_JAHAT}, Kec. Kota Contoh").first.wait_for(timeout=60_000)
    pg.get_by_text(f"Zona RDTR R-2 {ZONA_JAHAT}").first.wait_for(timeout=30_000)
    pg.get_by_text(f"Pola ruang RTRW {POLA_JAHAT}").first.wait_for(timeout=30_000)
    _tunggu_tergambar(pg)
    assert POLA_JAHAT in _teks_tabel(pg, POLA_JAHAT)  # the conflicts table
    _periksa_aman(pg, tmp_path, "kesesuaian")


def test_prioritas(server_jahat, halaman_jahat, tmp_path):
    pg = halaman_jahat
    _buka(pg, f"{server_jahat}/prioritas?kec={KEC}")  # Musrenbang Kecamatan, usulan awaiting a decision
    peta = _peta(pg)
    _label_desa(peta)
    assert USULAN_TEKS_JAHAT in _tunjuk_usulan(peta, USULAN_JAHAT[0])
    peta.locator(f"path.pr-usulan-{USULAN_JAHAT[0]}").dispatch_event("click")
    popup = peta.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10_000)
    assert USULAN_TEKS_JAHAT in popup.inner_text() and DESA_JAHAT in popup.inner_text()
    assert USULAN_TEKS_JAHAT in _teks_peta(pg, USULAN_TEKS_JAHAT)
    assert USULAN_TEKS_JAHAT in _teks_tabel(pg, USULAN_TEKS_JAHAT)  # ranking and score detail
    _periksa_aman(pg, tmp_path, "prioritas")
