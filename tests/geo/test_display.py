"""Display simplification keeps shared borders shared; GeoJSON stays compact."""

import json

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import Polygon

from geo.render import display
from geo.render.display import geojson_dari_gdf, sederhanakan_cakupan


def _dua_desa():
    """Two desa (UTM 49S, 4 km x 2 km together) sharing a zig-zag border of 41 vertices.

    Border vertices sit 50 m apart in y and alternate x = +5 m / -5 m around x0 + 2000.
    """
    x0, y0 = 300_000.0, 9_170_000.0
    ys = np.linspace(y0, y0 + 2000, 41)
    xs = x0 + 2000 + 5 * (-1.0) ** np.arange(41)
    batas = list(zip(xs, ys, strict=True))
    kiri = Polygon([(x0, y0), *batas, (x0, y0 + 2000)])
    kanan = Polygon([*batas, (x0 + 4000, y0 + 2000), (x0 + 4000, y0)])
    return gpd.GeoSeries([kiri, kanan], crs="EPSG:32749")


def test_batas_bersama_tetap_bersama():
    asli = _dua_desa()
    # Visvalingam–Whyatt drops a vertex whose triangle with its neighbours has area < tolerance².
    # Worked by hand: each zig-zag vertex spans 0.5 * 100 m * 10 m = 500 m²; a square corner
    # spans 0.5 * 2000 m * 2000 m = 2,000,000 m².
    # tolerance 20 m (400 m²) keeps every vertex:
    tetap = sederhanakan_cakupan(asli, "EPSG:32749", toleransi_m=20)
    assert list(shapely.get_num_coordinates(tetap.values)) == [44, 44]
    # tolerance 200 m (40,000 m²) straightens the border; only the 4 corners (+ closing point) stay:
    hasil = sederhanakan_cakupan(asli, "EPSG:32749", toleransi_m=200).to_crs("EPSG:32749")
    assert list(shapely.get_num_coordinates(hasil.values)) == [5, 5]
    # ...and the border stays shared: no gap, no overlap (up to ~1 m coordinate rounding)
    assert shapely.coverage_is_valid(hasil.values)
    gabung = shapely.union_all(hasil.values)
    assert abs(hasil.area.sum() - gabung.area) < 1.0
    assert abs(gabung.area - 8_000_000) < 8_000_000 * 0.002


def test_geojson_ringkas():
    gdf = gpd.GeoDataFrame(
        {"kode": ["a", "b"], "nilai": [1.5, float("nan")], "dibuang": [1, 2]},
        geometry=[Polygon([(109.1234567, -7.1), (109.2, -7.1), (109.2, -7.2)]), Polygon([(0, 0), (1, 0), (1, 1)])],
        crs="EPSG:4326",
    )
    teks = geojson_dari_gdf(gdf, ["kode", "nilai"])
    data = json.loads(teks)
    assert " " not in teks
    assert data["features"][0]["properties"] == {"kode": "a", "nilai": 1.5}
    assert data["features"][1]["properties"]["nilai"] is None
    assert data["features"][0]["geometry"]["coordinates"][0][0] == [109.12346, -7.1]


def test_penyederhanaan_paralel_tetap_cakupan(monkeypatch):
    """Split over two threads (outline of each part kept), the result is still one clean coverage."""
    from geo.render import display
    from pipelines.demo import bangun_wilayah

    wil = bangun_wilayah()
    desa = wil[wil["tingkat"] == "desa"]
    monkeypatch.setattr(display, "AMBANG_PARALEL", 10)
    kelompok = desa["kode"].str[:8].values  # split between kecamatan
    hasil = display.sederhanakan_paralel(desa.geometry.values, 40.0, kelompok, pekerja=2)
    assert shapely.coverage_is_valid(hasil)
    assert abs(shapely.area(hasil).sum() - shapely.union_all(hasil).area) < 1.0
    tunggal = shapely.coverage_simplify(desa.geometry.values, 40.0)
    assert shapely.get_num_coordinates(hasil).sum() < shapely.get_num_coordinates(desa.geometry.values).sum()
    assert shapely.get_num_coordinates(hasil).sum() >= shapely.get_num_coordinates(tunggal).sum()


def test_koleksi_geometri_jadi_poligon():
    """A display geometry that became a collection (polygon + stray line after repair) is drawn as its polygon."""
    import json

    import geopandas as gpd
    import shapely

    from geo.render.display import geojson_dari_gdf

    kotak = shapely.box(110.0, -7.0, 110.01, -6.99)
    koleksi = shapely.GeometryCollection([kotak, shapely.LineString([(110.01, -6.99), (110.02, -6.98)])])
    gdf = gpd.GeoDataFrame({"kode": ["1"]}, geometry=[koleksi], crs=4326)
    fitur = json.loads(geojson_dari_gdf(gdf, ["kode"]))["features"][0]
    assert fitur["geometry"]["type"] == "Polygon"
    assert shapely.geometry.shape(fitur["geometry"]).equals(kotak)


def _petak(n: int = 8) -> np.ndarray:
    """An n × n grid of unit squares: a valid coverage; column x // 2 is its group (4 groups)."""
    return np.array([shapely.box(x, y, x + 1, y + 1) for x in range(n) for y in range(n)], dtype=object)


@pytest.mark.parametrize(
    "rusak",
    [
        None,
        (3 * 8 + 2, shapely.box(3, 2, 4.5, 3)),  # overlaps its right neighbour, across two groups (seam)
        (0, shapely.box(0, 0, 1, 1.5)),  # overlaps its upper neighbour, inside one group
        (4 * 8 + 5, shapely.Polygon([(4, 5), (5, 5), (5, 5.5), (5, 6), (4, 6)])),  # vertex its neighbour lacks
    ],
)
def test_cakupan_sah_paralel_sama_dengan_sekaligus(monkeypatch, rusak):
    monkeypatch.setattr(display, "AMBANG_PARALEL", 0)
    g = _petak()
    if rusak:
        g[rusak[0]] = rusak[1]
    kelompok = np.array([x // 2 for x in range(8) for _ in range(8)])
    assert display.cakupan_sah(g, kelompok, pekerja=4) == bool(shapely.coverage_is_valid(g))
