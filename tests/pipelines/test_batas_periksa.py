"""Boundary files that must not be accepted as they are (issue 13 §5): non-polygons, stray parent codes, overlaps."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.affinity import translate
from shapely.geometry import LineString, Point, box

from geo.errors import KesalahanInput
from pipelines.muat import OpsiBatas, muat_batas
from pipelines.muat.batas import tumpang_tindih_desa
from tests.pipelines.berkas_uji import tulis_vektor


def _grid(n: int = 4) -> gpd.GeoDataFrame:
    """n × n desa of 0.01°, kecamatan by column, in kabupaten 98.01."""
    baris = []
    for c in range(n):
        for r in range(n):
            kode = f"98.01.{c + 1:02d}.{2001 + r}"
            baris.append(
                (kode, f"Desa {c}-{r}", box(110 + c * 0.01, -7.04 + r * 0.01, 110.01 + c * 0.01, -7.03 + r * 0.01))
            )
    return gpd.GeoDataFrame(
        {"kode": [b[0] for b in baris], "nama": [b[1] for b in baris]}, geometry=[b[2] for b in baris], crs=4326
    )


@pytest.mark.parametrize("geom", [Point(110.005, -7.035), LineString([(110.0, -7.04), (110.01, -7.03)])])
def test_desa_bukan_poligon_ditolak(data_demo, tmp_path, geom):
    g = _grid()
    g.loc[3, "geometry"] = geom
    with pytest.raises(KesalahanInput) as e:
        muat_batas(tulis_vektor(g, tmp_path / "b", "gpkg"), OpsiBatas(), data_demo)
    teks = str(e.value)
    assert "fitur 4" in teks and "poligon" in teks and g.loc[3, "kode"] in teks


def test_kode_kecamatan_di_berkas_desa_ditolak(data_demo, tmp_path):
    g = _grid()
    g.loc[5, "kode"] = "98.01.02"  # a kecamatan code among 16 desa
    g.loc[5, "nama"] = "Timur (salah)"
    with pytest.raises(KesalahanInput) as e:
        muat_batas(tulis_vektor(g, tmp_path / "b", "geojson"), OpsiBatas(), data_demo)
    assert "98.01.02" in str(e.value) and "kecamatan" in str(e.value)


def test_desa_bertumpang_tindih_dilaporkan(data_demo, tmp_path):
    g = _grid()
    # desa 0-1 moved half a cell onto its neighbour 0-0: they overlap by 50 % of one desa
    g.loc[1, "geometry"] = translate(g.loc[1, "geometry"], yoff=-0.005)
    peringatan = tumpang_tindih_desa(g)
    assert len(peringatan) == 1 and "1 pasang" in peringatan[0] and "50 %" in peringatan[0]
    lap = muat_batas(tulis_vektor(g, tmp_path / "b", "geojson"), OpsiBatas(), data_demo)
    assert any("bertumpang tindih" in p for p in lap.peringatan)
    # a clean coverage reports nothing
    assert tumpang_tindih_desa(_grid()) == []
