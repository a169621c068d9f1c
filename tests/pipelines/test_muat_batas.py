"""Boundary loads: every format, every geometry/code problem named by feature and field."""

from __future__ import annotations

import math

import duckdb
import pytest
import shapely
from shapely.geometry import Point, Polygon

from geo.errors import KesalahanInput
from pipelines import demo
from pipelines.muat import OpsiBatas, muat_batas
from tests.conftest import sebagian_lambat
from tests.pipelines.berkas_uji import DESA, FORMAT, X0, Y0, D, gdf_desa, tulis_vektor


def _wilayah(berkas, awalan="98."):
    con = duckdb.connect(str(berkas.referensi), read_only=True)
    df = con.execute(
        "SELECT kode, nama, tingkat, jenis, kode_induk, luas_ha FROM wilayah WHERE starts_with(kode, ?) ORDER BY kode",
        [awalan],
    ).df()
    con.close()
    return df


def _luas_ha_sel(baris: int) -> float:
    """Area of one 0.01° cell, worked by hand on the WGS84 ellipsoid (meridian/parallel arcs)."""
    a, e2 = 6378137.0, 0.00669438
    lat = math.radians(Y0 + (baris + 0.5) * D)
    m = a * (1 - e2) / (1 - e2 * math.sin(lat) ** 2) ** 1.5  # meridian radius
    n = a / math.sqrt(1 - e2 * math.sin(lat) ** 2)  # prime-vertical radius
    return (math.radians(D) * m) * (math.radians(D) * n * math.cos(lat)) / 10_000


@pytest.mark.parametrize("fmt", sebagian_lambat(FORMAT))
def test_setiap_format(data_demo, tmp_path, fmt):
    path = tulis_vektor(gdf_desa(), tmp_path / fmt, fmt)
    lap = muat_batas(path, OpsiBatas(kolom_nama="nama"), data_demo)
    assert lap.baris_keluar == 4
    w = _wilayah(data_demo)
    assert list(w["kode"]) == [
        "98.01",
        "98.01.01",
        "98.01.01.2001",
        "98.01.01.2002",
        "98.01.02",
        "98.01.02.1002",
        "98.01.02.2001",
    ]
    desa = w[w["tingkat"] == "desa"].set_index("kode")
    assert desa.at["98.01.02.1002", "jenis"] == "kelurahan" and desa.at["98.01.01.2001", "jenis"] == "desa"
    assert desa.at["98.01.01.2001", "nama"] == "Sukamaju"
    for kode, _, _, baris in DESA:
        assert desa.at[kode, "luas_ha"] == pytest.approx(_luas_ha_sel(baris), rel=2e-3)
    # parents derived by dissolve, areas add up
    assert w.set_index("kode").at["98.01", "luas_ha"] == pytest.approx(desa["luas_ha"].sum(), rel=1e-6)
    assert any("dibentuk dari gabungan" in p for p in lap.peringatan)


def test_crs_hilang_ditolak_lalu_diterima_dengan_opsi(data_demo, tmp_path):
    path = tulis_vektor(gdf_desa(), tmp_path, "shp-folder")
    (path / "desa.prj").unlink()
    with pytest.raises(KesalahanInput) as e:
        muat_batas(path, OpsiBatas(), data_demo)
    assert e.value.masalah[0].kolom == "crs" and "--crs EPSG:4326" in str(e.value)
    assert muat_batas(path, OpsiBatas(crs="EPSG:4326"), data_demo).baris_keluar == 4


def test_reproyeksi_dari_utm(data_demo, tmp_path):
    path = tulis_vektor(gdf_desa().to_crs("EPSG:32749"), tmp_path, "gpkg")
    lap = muat_batas(path, OpsiBatas(), data_demo)
    assert any("EPSG:32749" in p for p in lap.peringatan)
    assert _wilayah(data_demo)["kode"].str.startswith("98.01.01.2001").any()


def test_lintang_bujur_tertukar(data_demo, tmp_path):
    g = gdf_desa()
    g["geometry"] = shapely.transform(g.geometry.values, lambda k: k[:, ::-1])
    with pytest.raises(KesalahanInput, match="tertukar"):
        muat_batas(tulis_vektor(g, tmp_path, "geojson"), OpsiBatas(), data_demo)


def test_di_luar_indonesia_menyebut_fitur(data_demo, tmp_path):
    g = gdf_desa()
    g.loc[1, "geometry"] = g.geometry.translate(xoff=-120)[1]  # fitur 2 to the Pacific
    with pytest.raises(KesalahanInput) as e:
        muat_batas(tulis_vektor(g, tmp_path, "geojson"), OpsiBatas(), data_demo)
    assert [m.lokasi for m in e.value.masalah] == ["fitur 2"]
    assert e.value.masalah[0].kolom == "koordinat"


def test_z_dibuang_dan_poligon_rusak_diperbaiki(data_demo, tmp_path):
    g = gdf_desa()
    g["geometry"] = shapely.force_3d(g.geometry.values, 12.0)
    x, y = X0 + 0.03, Y0
    g.loc[len(g)] = [
        "98.01.02.2003",
        "Dasi Kupu",
        "Timur",
        Polygon([(x, y), (x + D, y + D), (x + D, y), (x, y + D), (x, y)]),
    ]  # bow-tie
    lap = muat_batas(tulis_vektor(g, tmp_path, "gpkg"), OpsiBatas(), data_demo)
    assert lap.rincian["geometri diperbaiki"] == 1
    assert any("Z/M" in p for p in lap.peringatan)
    from geo.store import db

    con = db.koneksi(data_demo.referensi, baca_saja=True)
    sah, z, luas = con.execute(
        "SELECT ST_IsValid(geom), ST_HasZ(geom), luas_ha FROM wilayah WHERE kode = '98.01.02.2003'"
    ).fetchone()
    con.close()
    # the bow-tie becomes two triangles of a quarter cell each: half a cell in all
    assert sah and not z and luas == pytest.approx(_luas_ha_sel(0) / 2, rel=5e-3)


def test_geometri_kosong_dan_kode_ganda_disebut(data_demo, tmp_path):
    g = gdf_desa()
    g.loc[2, "geometry"] = None
    g.loc[3, "kode"] = g.loc[0, "kode"]
    with pytest.raises(KesalahanInput) as e:
        muat_batas(tulis_vektor(g, tmp_path, "geojson"), OpsiBatas(), data_demo)
    assert [(m.lokasi, m.kolom) for m in e.value.masalah] == [("fitur 3", "geometry")]
    g.loc[2, "geometry"] = Point(110.01, -7.01).buffer(0.001)
    with pytest.raises(KesalahanInput) as e:
        muat_batas(tulis_vektor(g, tmp_path / "b", "geojson"), OpsiBatas(), data_demo)
    assert [(m.lokasi, m.kolom, m.nilai) for m in e.value.masalah] == [("fitur 1, 4", "kode", "98.01.01.2001")]


def test_kode_tak_berpola(data_demo, tmp_path):
    g = gdf_desa()
    g.loc[0, "kode"] = "98.1.01.2001"
    with pytest.raises(KesalahanInput) as e:
        muat_batas(tulis_vektor(g, tmp_path, "geojson"), OpsiBatas(), data_demo)
    assert e.value.masalah[0].kolom == "kode"


@pytest.mark.lambat  # integration run: in make test, out of the everyday tier
def test_gagal_tidak_mengubah_dan_ulang_idempoten(data_demo, tmp_path):
    path = tulis_vektor(gdf_desa(), tmp_path, "geojson")
    muat_batas(path, OpsiBatas(), data_demo)
    sekali = demo.sidik_tabel(data_demo.referensi)
    muat_batas(path, OpsiBatas(), data_demo)
    assert demo.sidik_tabel(data_demo.referensi) == sekali
    g = gdf_desa()
    g.loc[0, "geometry"] = None
    with pytest.raises(KesalahanInput):
        muat_batas(tulis_vektor(g, tmp_path / "rusak", "geojson"), OpsiBatas(), data_demo)
    assert demo.sidik_tabel(data_demo.referensi) == sekali


@pytest.mark.lambat  # integration run: in make test, out of the everyday tier
def test_crosswalk_bps_dan_resolusi(data_demo, tmp_path):
    """BPS-coded boundaries of the same desa (shifted a little, one renamed) get a crosswalk."""
    muat_batas(tulis_vektor(gdf_desa(), tmp_path / "k", "geojson"), OpsiBatas(), data_demo)
    b = gdf_desa()
    b["geometry"] = b.geometry.translate(xoff=0.0008)  # ~90 m shift
    b["kode"] = ["9801010001", "9801010002", "9801020001", "9801020002"]
    b["nama"] = ["SUKAMAJU", "TEGALREJO", "MEKARSARI", "KOTALAMA"]
    b.loc[3, "geometry"] = Point(110.03, -7.0).buffer(0.002)  # does not overlap its namesake
    lap = muat_batas(tulis_vektor(b, tmp_path / "b", "geojson"), OpsiBatas(kolom_nama="nama"), data_demo)
    assert lap.rincian["skema kode"] == "bps"
    assert lap.baris_keluar == 3 and list(lap.tak_cocok["kode_sumber"]) == ["9801020002"]
    con = duckdb.connect(str(data_demo.referensi), read_only=True)
    cw = dict(con.execute("SELECT kode_sumber, kode FROM crosswalk_kode WHERE skema = 'bps'").fetchall())
    assert cw == {"9801010001": "98.01.01.2001", "9801010002": "98.01.01.2002", "9801020001": "98.01.02.2001"}
    assert con.execute("SELECT kode_bps FROM wilayah WHERE kode = '98.01.01.2002'").fetchone()[0] == "9801010002"
    con.close()
    resolusi = tmp_path / "resolusi.csv"
    resolusi.write_text("kode_sumber,kode\n9801020002,98.01.02.1002\n")
    lap = muat_batas(tulis_vektor(b, tmp_path / "b2", "geojson"), OpsiBatas(resolusi=resolusi), data_demo)
    assert lap.baris_keluar == 4 and lap.tak_cocok.empty
    # the decision is stored: the next load without the file still applies it
    lap = muat_batas(tulis_vektor(b, tmp_path / "b3", "geojson"), OpsiBatas(), data_demo)
    assert lap.baris_keluar == 4 and lap.rincian["cara cocok"]["manual"] == 1


def test_bps_tanpa_desa_kemendagri_ditolak(data_demo, tmp_path):
    b = gdf_desa().assign(kode=["9801010001", "9801010002", "9801020001", "9801020002"])
    with pytest.raises(KesalahanInput, match="muat dulu batas desa Kemendagri"):
        muat_batas(tulis_vektor(b, tmp_path, "geojson"), OpsiBatas(), data_demo)


def test_batas_hanya_nama(data_demo, tmp_path):
    """A file with names only (no codes) is matched the same way and stored as a 'nama' crosswalk."""
    muat_batas(tulis_vektor(gdf_desa(), tmp_path / "k", "geojson"), OpsiBatas(), data_demo)
    n = gdf_desa().drop(columns="kode")
    n["nama"] = ["SUKAMAJU", "Tegal Rejo", "Mekar Sari", "Kota Lama"]
    lap = muat_batas(tulis_vektor(n, tmp_path / "n", "geojson"), OpsiBatas(kolom_nama="nama"), data_demo)
    assert lap.rincian["skema kode"] == "nama" and lap.baris_keluar == 4
    con = duckdb.connect(str(data_demo.referensi), read_only=True)
    assert con.execute(
        "SELECT kode FROM crosswalk_kode WHERE skema = 'nama' AND kode_sumber = 'barat|tegalrejo'"
    ).fetchone() == ("98.01.01.2002",)
    con.close()


def test_muat_referensi_tidak_menyentuh_data_kerja(data_demo, tmp_path):
    sebelum = demo.sidik_tabel(data_demo.kerja)
    muat_batas(tulis_vektor(gdf_desa(), tmp_path, "geojson"), OpsiBatas(), data_demo)
    assert demo.sidik_tabel(data_demo.kerja) == sebelum
