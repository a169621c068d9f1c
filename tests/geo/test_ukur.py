"""Drawn length and area in the kamus unit: shapes built in a metric CRS with known sizes,
then converted to lon/lat as the map sends them."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from geo.domain.ukur import satuan_ukur, selisih_ukur, volume_dari_geometri

UTM_49S = "EPSG:32749"  # Central Java; the demo kabupaten lies here
X0, Y0 = 430_000.0, 9_225_000.0  # about 110.37 E, -7.0 S


def _lonlat(geom: shapely.Geometry, crs: str = UTM_49S) -> shapely.Geometry:
    return gpd.GeoSeries([geom], crs=crs).to_crs("EPSG:4326").iloc[0]


def test_garis_250_m_dalam_meter_dan_km():
    # an L-shaped road: 150 m east then 100 m north
    garis = _lonlat(shapely.LineString([(X0, Y0), (X0 + 150, Y0), (X0 + 150, Y0 + 100)]))
    assert volume_dari_geometri(garis, "m") == pytest.approx(250, rel=0.01)
    assert volume_dari_geometri(garis, "km") == pytest.approx(0.25, rel=0.01)
    assert volume_dari_geometri(garis, "meter") == pytest.approx(250, rel=0.01)


def test_garis_di_zona_utm_lain():
    # measured in its own zone wherever it lies (here Sulawesi, zone 51S)
    garis = _lonlat(shapely.LineString([(500_000, 9_800_000), (500_000, 9_801_200)]), "EPSG:32751")
    assert volume_dari_geometri(garis, "m") == pytest.approx(1200, rel=0.01)


def test_poligon_luas_dalam_m2_dan_ha():
    # a 200 m × 150 m plot = 30 000 m² = 3 ha
    kotak = _lonlat(shapely.box(X0, Y0, X0 + 200, Y0 + 150))
    assert volume_dari_geometri(kotak, "m2") == pytest.approx(30_000, rel=0.01)
    assert volume_dari_geometri(kotak, "m²") == pytest.approx(30_000, rel=0.01)
    assert volume_dari_geometri(kotak, "ha") == pytest.approx(3, rel=0.01)
    assert volume_dari_geometri(kotak, "Hektar") == pytest.approx(3, rel=0.01)


@pytest.mark.parametrize("satuan", ["unit", "paket", "titik", "ruang", "ls", "", None, "m3", "liter"])
def test_satuan_bukan_panjang_atau_luas(satuan):
    garis = _lonlat(shapely.LineString([(X0, Y0), (X0 + 100, Y0)]))
    kotak = _lonlat(shapely.box(X0, Y0, X0 + 100, Y0 + 100))
    assert satuan_ukur(satuan) is None
    assert volume_dari_geometri(garis, satuan) is None
    assert volume_dari_geometri(kotak, satuan) is None


def test_bentuk_yang_tidak_cocok_dengan_satuan():
    titik = _lonlat(shapely.Point(X0, Y0))
    garis = _lonlat(shapely.LineString([(X0, Y0), (X0 + 100, Y0)]))
    kotak = _lonlat(shapely.box(X0, Y0, X0 + 100, Y0 + 100))
    assert volume_dari_geometri(titik, "m") is None
    assert volume_dari_geometri(garis, "ha") is None  # a line has no area
    assert volume_dari_geometri(kotak, "m") is None  # a plot is not measured by its fence
    assert volume_dari_geometri(None, "m") is None


@pytest.mark.parametrize(
    ("teks", "harapan"),
    [
        ("m", ("panjang", 1.0)),
        (" M ", ("panjang", 1.0)),
        ("m'", ("panjang", 1.0)),
        ("km", ("panjang", 1000.0)),
        ("m2", ("luas", 1.0)),
        ("m²", ("luas", 1.0)),
        ("m^2", ("luas", 1.0)),
        ("ha", ("luas", 10_000.0)),
        ("hektare", ("luas", 10_000.0)),
        ("km²", ("luas", 1_000_000.0)),
    ],
)
def test_ejaan_satuan(teks, harapan):
    assert satuan_ukur(teks) == harapan


def test_selisih_ukur():
    assert selisih_ukur(250, 250) == 0
    assert selisih_ukur(300, 250) == pytest.approx(0.2)
    assert selisih_ukur(1, None) is None
    assert selisih_ukur(1, 0.0) is None
