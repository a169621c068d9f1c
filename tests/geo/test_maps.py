"""Maps render offline: local Leaflet only, no tiles unless asked, every polygon drawn."""

import json
import re

import geopandas as gpd
from shapely.geometry import box

from geo.render import aset, maps


def _lapisan():
    gdf = gpd.GeoDataFrame(
        {
            "kode": ["99.01.01.2001", "99.01.01.2002"],
            "nama": ["Sukamaju", "Mekarsari"],
            "nama_kecamatan": ["Kota", "Kota"],
            "kode_kecamatan": ["99.01.01", "99.01.02"],
        },
        geometry=[box(109.0, -7.5, 109.1, -7.4), box(109.1, -7.5, 109.2, -7.4)],
        crs="EPSG:4326",
    )
    return maps.lapisan_wilayah(gdf, maps.warna_kategori(list(gdf["kode_kecamatan"])), label=gdf)


def test_tanpa_url_luar():
    html = maps.peta_wilayah(_lapisan()).get_root().render()
    sumber = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sumber and all(s.startswith("/app/static/vendor/") for s in sumber), sumber
    assert "tileLayer" not in html
    assert "Sukamaju" in html and "Mekarsari" in html


def test_peta_dasar_opsional():
    html = maps.peta_wilayah(_lapisan(), basemap=True).get_root().render()
    assert "tileLayer" in html


def test_warna_dan_fitur():
    lap = _lapisan()
    fitur = json.loads(lap.geojson)["features"]
    assert len(fitur) == lap.jumlah == 2
    assert fitur[0]["properties"]["_w"] != fitur[1]["properties"]["_w"]
    assert [t[0] for t in lap.label] == ["Sukamaju", "Mekarsari"]


def test_aset_tersalin_dan_html_mandiri(tmp_path):
    vendor = aset.siapkan_aset(tmp_path)
    for _, url in aset.JS_LEAFLET + aset.CSS_LEAFLET + aset.JS_CLUSTER + aset.CSS_CLUSTER:
        assert (vendor / url.removeprefix("/app/static/vendor/")).stat().st_size > 500
    assert (vendor / "leaflet" / "images" / "marker-icon.png").exists()
    html = maps.html_mandiri(maps.peta_wilayah(_lapisan()))
    assert "/app/static/" not in html and "L.map(" in html and "window.L" in html


def test_data_tematik_tanpa_geometri_dan_teks_aman():
    """What a rerun of the data-driven map sends: class indices, values, legend — never geometry."""
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry import box

    from geo.domain.tematik import klasifikasi

    gdf = gpd.GeoDataFrame(
        {"kode": ["a", "b", "c"], "nama": ["<b>A</b>", "B", "C"]},
        geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), box(2, 0, 3, 1)],
        crs=4326,
    )
    k = maps.kerangka_dari_gdf(gdf)
    nilai = pd.Series([1.0, None, 3.0], index=["a", "b", "c"])
    kelas = klasifikasi(nilai, "interval_sama", 2)
    prop = maps.properti_tematik(k, nilai, kelas, 1, "%")
    data = maps.data_tematik(k, prop, maps.legenda_html("<script>x</script>", kelas), "/app/static/lapisan/x.json")
    teks = str(data)
    assert "coordinates" not in teks and "Polygon" not in teks
    assert data["kelas"][1] < 0 and data["kelas"][0] >= 0  # no data: dashed, grey
    assert "<script>" not in data["legenda"] and "&lt;script&gt;" in data["legenda"]
    # the geometry file carries names as JSON data (set as text in the browser), and positions
    gj = maps.geojson_kerangka(k)
    assert '"i":0' in gj and '"nama":"<b>A</b>"' in gj


def test_nama_dari_berkas_tidak_dieksekusi_di_tooltip():
    """Stored XSS: a desa or zone named like HTML shows as text in every folium tooltip layer."""
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry import box

    from geo.domain.kesesuaian import LapisanTataRuang
    from geo.domain.tematik import klasifikasi

    jahat = "<img src=x onerror=alert(1)>"
    gdf = gpd.GeoDataFrame(
        {"kode": ["99.01.01.2001"], "nama": [jahat], "nama_kecamatan": [jahat], "kode_kecamatan": ["99.01.01"]},
        geometry=[box(110, -7, 110.1, -6.9)],
        crs=4326,
    )
    html = maps.peta_wilayah(maps.lapisan_wilayah(gdf, {}, label=gdf)).get_root().render()
    k = maps.kerangka_dari_gdf(gdf)
    nilai = pd.Series([1.0], index=list(k.kode))
    kelas = klasifikasi(nilai, "kuantil", 1)
    html += maps.peta_tematik(k, maps.properti_tematik(k, nilai, kelas, 1, jahat), "", label=()).get_root().render()
    zona = gpd.GeoDataFrame(
        {"id": [1], "kode_zona": [jahat], "nama_zona": [jahat], "matriks": ["M"]}, geometry=gdf.geometry, crs=4326
    )
    pola = gpd.GeoDataFrame(
        {"id": [1], "namobj": [jahat], "kodkws": ["PK"], "kawasan": ["budi_daya"]}, geometry=gdf.geometry, crs=4326
    )
    kosong = gpd.GeoDataFrame({"id": [], "jenis": [], "kelas": [], "nama": []}, geometry=[], crs=4326)
    lap = LapisanTataRuang(pola=pola, zonasi=zona, overlay=kosong, lahan=kosong, itbx=pd.DataFrame())
    assert "<img src=x" not in html
    aman = html.replace("\\u0026", "&")
    assert aman.count("&lt;img src=x onerror=alert(1)&gt;") >= 2  # desa, kecamatan
    # zones travel as data (static files and the selection's outline); the browser inserts them as text
    berkas = maps.geojson_tata_ruang(lap)
    assert jahat in json.loads(berkas["zonasi"])["features"][0]["properties"]["kode_zona"]
    sorot = maps.sorot_zona(lap, [{"lapisan": "zonasi", "id": 1, "kode": jahat, "nama": jahat, "bagian": 1.0}])
    assert sorot["features"][0]["properties"]["t"] == f"{jahat} {jahat}: 100 %"
