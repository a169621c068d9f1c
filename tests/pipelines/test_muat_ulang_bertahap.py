"""Reloading a boundary file re-checks and rewrites only the kabupaten whose features changed (issue 11)."""

from __future__ import annotations

import pandas as pd
import pytest
import shapely

from pipelines.muat import OpsiBatas, muat_batas
from tests.pipelines.berkas_uji import gdf_desa, tulis_vektor


def _dua_kabupaten():
    a = gdf_desa()
    b = gdf_desa()
    b["kode"] = b["kode"].str.replace("98.01", "98.02", regex=False)
    b["geometry"] = b.geometry.translate(xoff=0.05)  # a neighbour 5 km east
    return pd.concat([a, b], ignore_index=True).set_crs(4326, allow_override=True)


@pytest.mark.lambat
def test_hanya_kabupaten_yang_berubah_ditulis_ulang(data_demo, tmp_path):
    from geo.store import db

    semua = _dua_kabupaten()
    semua["nama_kecamatan"] = (
        semua["kode"]
        .str[:8]
        .map({"98.01.01": "Barat", "98.01.02": "Timur", "98.02.01": "Utara", "98.02.02": "Selatan"})
    )
    muat_batas(tulis_vektor(semua, tmp_path / "a", "geojson"), OpsiBatas(), data_demo)
    g = db.Gudang(data_demo)
    sebelum = g.df("SELECT kode, nama, ST_AsText(geom) g, ST_AsText(geom_tampil) gt FROM ref.wilayah").set_index("kode")
    g.tutup()

    # the same file again: nothing is rewritten
    lap = muat_batas(tulis_vektor(semua, tmp_path / "b", "geojson"), OpsiBatas(), data_demo)
    assert lap.baris_keluar == 0 and any("2 kabupaten/kota tidak berubah" in p for p in lap.peringatan)

    # one desa of 98.02 grows 20 % eastward: only 98.02 is checked and written; its kecamatan is derived again
    ubah = semua.copy()
    i = ubah.index[ubah["kode"] == "98.02.02.2001"][0]
    x0, y0, x1, y1 = ubah.geometry[i].bounds
    ubah.loc[i, "geometry"] = shapely.box(x0, y0, x1 + 0.002, y1)
    lap = muat_batas(tulis_vektor(ubah, tmp_path / "c", "geojson"), OpsiBatas(), data_demo)
    assert any(
        "1 kabupaten/kota tidak berubah sejak muat sebelumnya dan dilewati; 1 diperiksa" in p for p in lap.peringatan
    )
    assert lap.baris_keluar == 4  # the four desa of 98.02
    g = db.Gudang(data_demo)
    sesudah = g.df("SELECT kode, nama, ST_AsText(geom) g, ST_AsText(geom_tampil) gt FROM ref.wilayah").set_index("kode")
    kec = g.df("SELECT ST_Area(geom) a FROM ref.wilayah WHERE kode = '98.02.02'")["a"][0]
    desa = g.df(
        "SELECT sum(ST_Area(geom)) a FROM ref.wilayah WHERE tingkat = 'desa' AND starts_with(kode, '98.02.02.')"
    )["a"][0]
    g.tutup()
    tetap = [k for k in sebelum.index if k.startswith("98.01")]
    assert sesudah.loc[tetap].equals(sebelum.loc[tetap])  # 98.01 untouched, to the vertex
    assert sesudah.loc["98.02.02.2001", "g"] != sebelum.loc["98.02.02.2001", "g"]
    assert abs(kec - desa) < 1e-12 and kec > 0  # the kecamatan is the union of its new desa
    assert sesudah.loc["98.02.02", "nama"] == "Selatan"  # and keeps its name
