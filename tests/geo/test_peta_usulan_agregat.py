"""Dense usulan maps: one circle per desa with its count and breakdown, worked out by hand."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

from geo.render import maps, peta_usulan


def _usulan(n_a: int, n_b: int) -> gpd.GeoDataFrame:
    titik = [shapely.Point(110.0 + 0.001 * (i % 3), -7.0) for i in range(n_a)]  # desa A: x in {110.000, .001, .002}
    garis = [shapely.LineString([(110.1, -7.1), (110.3, -7.1)]) for _ in range(n_b)]  # desa B: centroid 110.2
    return gpd.GeoDataFrame(
        {
            "id": range(1, n_a + n_b + 1),
            "kode_desa": ["99.01.01.1001"] * n_a + ["99.01.01.1002"] * n_b,
            "desa": ["Ana"] * n_a + ["Budi"] * n_b,
            "uraian": "u",
            "biaya": 1.0,
        },
        geometry=titik + garis,
        crs=4326,
    )


def test_agregat_per_desa():
    u = _usulan(3, 2)
    label = pd.Series(["Diterima", "Ditolak", "Diterima", "Ditolak", "Ditolak"])
    warna = label.map({"Diterima": "#00aa00", "Ditolak": "#aa0000"})
    gj = peta_usulan.geojson_agregat(u, warna, label)
    f = {x["properties"]["desa"]: x for x in gj["features"]}
    assert f["Ana"]["properties"] == {"desa": "Ana", "jumlah": 3, "rinci": "2 Diterima, 1 Ditolak", "warna": "#00aa00"}
    assert f["Ana"]["geometry"]["coordinates"] == [110.001, -7.0]  # mean of 110.000, 110.001, 110.002
    assert f["Budi"]["properties"]["rinci"] == "2 Ditolak" and f["Budi"]["geometry"]["coordinates"] == [110.2, -7.1]


def test_peta_padat_digambar_per_desa_dan_yang_disorot_tetap_sendiri():
    n = peta_usulan.BATAS_RINCI + 1
    u = _usulan(n - 10, 10)
    m = maps.peta_dasar((109.9, -7.2, 110.4, -6.9))
    peta_usulan.tambah_usulan(m, u, pd.Series(["#111111"] * n), pd.Series(["Diajukan"] * n), sorot=5)
    html = m.get_root().render()
    assert html.count('"jumlah"') == 2  # two desa circles, not 3,001 markers
    assert '"usulan_id": 5' in html and html.count('"usulan_id"') == 1
