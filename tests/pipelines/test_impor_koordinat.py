"""Usulan imports locate rows by their coordinates, the way the capture form does: an empty
``kode_desa`` takes the desa (and kecamatan) of the point or line, a location just outside a
desa edge takes the nearest desa within 50 m, one farther out is refused, and a row whose
point lies in another desa than it names is flagged."""

from __future__ import annotations

import duckdb
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geo.errors import KesalahanInput
from pipelines.muat import KesalahanTakCocok, OpsiBatas, OpsiUsulan, muat_batas, muat_usulan, templat_usulan
from pipelines.muat.usulan import TOLERANSI_LOKASI_M
from tests.conftest import SHARED_DATA, wajib_atau_lewati
from tests.pipelines.berkas_uji import gdf_desa, tulis_vektor

KEMENDAGRI = SHARED_DATA / "kemendagri-boundaries-cahyadsn" / "geojson"

#: 0.0002° of longitude at 7° S ≈ 22 m; 0.0006° ≈ 66 m (1° = 111 320 m × cos 7.015°).
DEKAT, LEWAT = 0.0002, 0.0006


@pytest.fixture
def dengan_desa(data_demo, tmp_path):
    """The demo store plus the four hand-made desa of kabupaten 98.01 (0.01° squares at 110.00–110.02 E)."""
    muat_batas(tulis_vektor(gdf_desa(), tmp_path / "batas", "geojson"), OpsiBatas(), data_demo)
    return data_demo


def _usulan(tmp_path, baris: list[dict]):
    """An import file: the template row, once per entry of ``baris`` with those fields changed."""
    dasar = templat_usulan().iloc[0].to_dict()
    df = pd.DataFrame([{**dasar, "kode_sumber": f"K-{i}", "kode_desa": "", **b} for i, b in enumerate(baris)])
    path = tmp_path / "usulan.csv"
    df.to_csv(path, index=False)
    return path


def _tersimpan(berkas) -> dict[str, tuple[str, str]]:
    con = duckdb.connect(str(berkas.kerja), read_only=True)
    try:
        rows = con.execute(
            "SELECT kode_sumber, kode_desa, kode_kecamatan FROM usulan WHERE starts_with(kode_sumber, 'K-')"
        ).fetchall()
    finally:
        con.close()
    return {k: (d, c) for k, d, c in rows}


def test_desa_dan_kecamatan_dari_lokasi(dengan_desa, tmp_path):
    path = _usulan(
        tmp_path,
        [
            {"lintang": -7.005, "bujur": 110.015},  # inside Mekarsari (3 decimals: degrees, not thousands)
            {"lintang": -7.015, "bujur": 110.02 + DEKAT},  # ~22 m east of Kota Lama, outside every desa
            {"lintang": "", "bujur": "", "wkt": "LINESTRING (110.002 -7.005, 110.012 -7.005)"},  # 80 % in Sukamaju
            {"kode_desa": "98.01.01.2001", "lintang": -7.005, "bujur": 110.015},  # names Sukamaju, lies in Mekarsari
        ],
    )
    lap = muat_usulan(path, OpsiUsulan(), dengan_desa)
    assert lap.baris_keluar == 4
    assert _tersimpan(dengan_desa) == {
        "K-0": ("98.01.02.2001", "98.01.02"),
        "K-1": ("98.01.02.1002", "98.01.02"),
        "K-2": ("98.01.01.2001", "98.01.01"),
        "K-3": ("98.01.01.2001", "98.01.01"),  # the row's own desa is kept, as on the form …
    }
    assert lap.rincian["desa dari koordinat"] == "3 baris tanpa kode_desa"
    # … and flagged, as on the form
    assert any(
        p.startswith("baris 5: lokasi berada di Mekarsari (98.01.02.2001), bukan di desa 98.01.01.2001")
        for p in lap.peringatan
    ), lap.peringatan
    jarak = [p for p in lap.peringatan if p.startswith("baris 3:")]
    assert len(jarak) == 1 and "m di luar batas desa Kota Lama (98.01.02.1002)" in jarak[0]
    assert 18 <= float(jarak[0].split("lokasi ")[1].split(" m")[0]) <= 26


@pytest.mark.parametrize(
    ("bujur", "kode_desa"),
    [(110.02 + LEWAT, ""), (110.03, ""), (110.03, "98.01.02.1002")],
    ids=["66-m", "1-km", "1-km-dengan-kode"],
)
def test_di_luar_toleransi_ditolak(dengan_desa, tmp_path, bujur, kode_desa):
    path = _usulan(
        tmp_path, [{"lintang": -7.005, "bujur": 110.005}, {"lintang": -7.015, "bujur": bujur, "kode_desa": kode_desa}]
    )
    with pytest.raises(KesalahanTakCocok) as e:
        muat_usulan(path, OpsiUsulan(), dengan_desa)
    (m,) = e.value.masalah
    assert (m.lokasi, m.kolom, m.nilai) == ("baris 3", "lintang/bujur", f"-7.015000, {bujur:.6f}")
    assert f"toleransi {TOLERANSI_LOKASI_M:.0f} m" in m.harapan
    assert ("kabupaten 98.01" if kode_desa else "kabupaten yang dimuat") in m.harapan
    assert "lintang/bujur tertukar" in m.perbaikan and "--lewati-tak-cocok" in m.perbaikan
    assert _tersimpan(dengan_desa) == {}


def test_koma_desimal_dan_koordinat_di_luar_rentang(dengan_desa, tmp_path):
    assert muat_usulan(_usulan(tmp_path, [{"lintang": "-7,005", "bujur": "110,015"}]), OpsiUsulan(), dengan_desa)
    assert _tersimpan(dengan_desa) == {"K-0": ("98.01.02.2001", "98.01.02")}
    path = _usulan(tmp_path, [{"lintang": -95.5, "bujur": 110.015, "kode_sumber": "K-9"}])
    with pytest.raises(KesalahanInput) as e:
        muat_usulan(path, OpsiUsulan(), dengan_desa)
    assert [(m.lokasi, m.kolom, m.nilai) for m in e.value.masalah] == [("baris 2", "lintang/bujur", "-95.5, 110.015")]


@pytest.mark.real
def test_desa_nyata_sama_dengan_contains_shapely(data_demo, tmp_path):
    """Kota Bandung (Kemendagri desa/kelurahan, ../shared/data): every derived desa is the one that
    contains the point in the source file, found independently with shapely."""
    sumber = KEMENDAGRI / "wilayah_boundaries_kel_32.73.geojson"
    wajib_atau_lewati(sumber.exists(), f"data nyata tidak ada di {sumber}")
    muat_batas(sumber, OpsiBatas(), data_demo)
    desa = gpd.read_file(sumber)
    # one point inside each desa, plus random points over the city's extent
    rng = np.random.default_rng(12)
    minx, miny, maxx, maxy = desa.total_bounds
    acak = shapely.points(rng.uniform(minx, maxx, 300), rng.uniform(miny, maxy, 300))
    titik = np.concatenate([desa.geometry.representative_point().values, acak])
    # the independent answer: the desa whose file geometry contains the point (points in no desa,
    # or in two overlapping simplified polygons, are left out: they have no single answer)
    isi_titik, isi_desa = shapely.STRtree(desa.geometry.values).query(titik, predicate="within")
    per_titik = pd.Series(isi_desa).groupby(isi_titik).agg(list)
    tunggal = {int(i): desa["kode"].iloc[d[0]] for i, d in per_titik.items() if len(d) == 1}
    assert len(tunggal) > 250
    path = _usulan(tmp_path, [{"lintang": titik[i].y, "bujur": titik[i].x, "kode_sumber": f"K-{i}"} for i in tunggal])
    lap = muat_usulan(path, OpsiUsulan(), data_demo)
    assert lap.baris_keluar == len(tunggal)
    tersimpan = _tersimpan(data_demo)
    salah = {i: (tersimpan[f"K-{i}"][0], k) for i, k in tunggal.items() if tersimpan[f"K-{i}"][0] != k}
    assert not salah
    assert all(kec == d[:8] for d, kec in tersimpan.values())
