"""Conformity golden cases on hand-built geometry; verdicts and shares worked out by hand.

Layout (EPSG:4326, near 110° E, 7° S; 0,01° ≈ 1,1 km): three RDTR zones as vertical strips
A = [110,000; 110,010], B = [110,010; 110,020], C = [110,020; 110,040], all y in [-7,010; -6,990];
a pola ruang budi daya class over them and a kawasan lindung class east of C; an LP2B
square in zone C; a river line north of the strips.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString, Point, box

from geo.domain import kesesuaian as ks

Y0, Y1 = -7.010, -6.990


def _lapisan(**ubah) -> ks.LapisanTataRuang:
    zon = gpd.GeoDataFrame(
        {"id": [1, 2, 3], "kode_zona": ["ZA", "ZB", "ZC"], "nama_zona": ["Zona A", "Zona B", "Zona C"], "matriks": "M"},
        geometry=[box(110.000, Y0, 110.010, Y1), box(110.010, Y0, 110.020, Y1), box(110.020, Y0, 110.040, Y1)],
        crs=4326,
    )
    pola = gpd.GeoDataFrame(
        {
            "id": [10, 11],
            "namobj": ["Kawasan Permukiman", "Kawasan Hutan Lindung"],
            "kodkws": ["PK", "HL"],
            "kawasan": ["budi daya", "lindung"],
        },
        geometry=[box(110.000, Y0, 110.040, Y1), box(110.040, Y0, 110.060, Y1)],
        crs=4326,
    )
    overlay = gpd.GeoDataFrame(
        {"id": [20, 21], "jenis": ["lp2b", "sempadan"], "kelas": ["LP2B", "sungai"], "nama": ["LP2B", "Sungai"]},
        geometry=[box(110.030, -7.000, 110.040, Y1), LineString([(110.000, -6.980), (110.060, -6.980)])],
        crs=4326,
    )
    lahan = gpd.GeoDataFrame(
        {"id": [30], "status": ["milik_warga"]}, geometry=[box(110.001, -7.009, 110.004, -7.006)], crs=4326
    )
    itbx = pd.DataFrame(
        [
            ("M", "jalan", "ZA", "X"),
            ("M", "jalan", "ZB", "I"),
            ("M", "jalan", "ZC", "T"),
            ("M", "pendidikan", "ZA", "B"),
            ("M", "pendidikan", "ZB", "I"),
            ("M", "irigasi", "ZC", "I"),
            ("M", "pasar", "ZC", "I"),
        ],
        columns=["matriks", "kode_kegiatan", "kode_zona", "nilai"],
    )
    data = {"zonasi": zon, "pola": pola, "overlay": overlay, "lahan": lahan, "itbx": itbx}
    data.update(ubah)
    return ks.LapisanTataRuang(**data, nama_kegiatan={"jalan": "Jalan lingkungan", "pendidikan": "Sekolah"})


def _cek(geom, kelas, status_lahan="milik_pemda", **kw) -> pd.Series:
    u = gpd.GeoDataFrame(
        {"id": [1], "kelas_kegiatan": [kelas], "status_lahan": [status_lahan]}, geometry=[geom], crs=4326
    )
    return ks.periksa(u, kw.pop("lapisan", None) or _lapisan(), **kw).iloc[0]


def test_titik_di_satu_zona():
    r = _cek(Point(110.005, -7.005), "pendidikan")
    assert r["verdik"] == "bersyarat"  # ITBX Sekolah × ZA = B
    assert r["alasan"][0].startswith("Zona RDTR ZA Zona A (100 %): ITBX 'Sekolah' = B (bersyarat")
    assert {z["kode"] for z in r["zona"]} == {"ZA", "PK"} and not r["lindung"]


def test_titik_tepat_di_batas_zona():
    # on the A|B border: it belongs to both (declared rule); the stricter cell (A: X) wins
    r = _cek(Point(110.010, -7.005), "jalan")
    assert {z["kode"] for z in r["zona"] if z["lapisan"] == "zonasi"} == {"ZA", "ZB"}
    assert r["verdik"] == "tidak_sesuai"


def test_garis_melintasi_tiga_zona_dengan_bagian_panjang():
    jalan = LineString([(110.005, -7.005), (110.035, -7.005)])  # 0,005 + 0,010 + 0,015 degrees
    r = _cek(jalan, "jalan")
    bagian = {z["kode"]: z["bagian"] for z in r["zona"] if z["lapisan"] == "zonasi"}
    assert bagian == pytest.approx({"ZA": 1 / 6, "ZB": 1 / 3, "ZC": 1 / 2}, rel=1e-3)
    assert r["verdik"] == "tidak_sesuai"  # A (X) holds 17 % >= 10 %
    # with a 20 % threshold A no longer decides: worst of B (I) and C (T)
    assert _cek(jalan, "jalan", aturan={"ambang_bagian": 0.2})["verdik"] == "terbatas"
    assert any("17 %" in a and "ZA" in a for a in r["alasan"])


def test_poligon_sebagian_di_lp2b():
    # 0,010 × 0,010 square in zone C; its north-east quarter [110,030; 110,035] × [-7,000; -6,995] is in LP2B
    pasar = box(110.025, -7.005, 110.035, -6.995)
    r = _cek(pasar, "pasar")
    assert r["verdik"] == "tidak_sesuai" and r["lindung"]
    lp2b = next(z for z in r["zona"] if z["kode"] == "lp2b")
    assert lp2b["bagian"] == pytest.approx(0.25, rel=1e-3)
    assert r["alasan"][0].startswith("Overlay LP2B") and "25 %" in r["alasan"][0]
    # irrigation is the exception in LP2B: zone C allows it
    assert _cek(pasar, "irigasi")["verdik"] == "sesuai"


def test_kegiatan_tidak_ada_di_matriks():
    r = _cek(Point(110.015, -7.005), "kesehatan")
    assert r["verdik"] == "perlu_kajian"
    assert "tidak ada di matriks ITBX M" in r["alasan"][0]
    # an empty cell of a known activity is also "perlu kajian", never allowed
    r = _cek(Point(110.025, -7.005), "pendidikan")
    assert r["verdik"] == "perlu_kajian" and "kosong" in r["alasan"][0]


def test_di_luar_semua_zonasi():
    r = _cek(Point(110.200, -7.200), "jalan")
    assert r["verdik"] == "tidak_ada_data" and r["zona"] == []
    assert r["alasan"][0].startswith("Tidak ada data")


def test_pola_ruang_lindung_sempadan_dan_nonfisik():
    hutan = Point(110.050, -7.005)
    assert _cek(hutan, "pendidikan")["verdik"] == "tidak_sesuai"  # kawasan lindung, no RDTR there
    assert _cek(hutan, "pendidikan")["lindung"]
    assert _cek(hutan, "nonfisik")["verdik"] == "sesuai"
    # the river line is buffered 100 m: 50 m from it is in the sempadan, 200 m is not
    dekat, jauh = Point(110.0150, -6.98045), Point(110.0150, -6.9818)
    assert any("sempadan" in a for a in _cek(dekat, "pendidikan")["alasan"])
    # outside all zoning, but the sempadan rule applies: worse than sesuai, so it decides
    assert _cek(dekat, "pendidikan")["verdik"] == "tidak_sesuai" and _cek(dekat, "pendidikan")["lindung"]
    assert not any("sempadan" in a for a in _cek(jauh, "pendidikan")["alasan"])
    # drainage in a sempadan is only "bersyarat"
    assert _cek(dekat, "drainase")["verdik"] == "bersyarat"


def test_status_lahan_dan_akses():
    di_bidang = Point(110.002, -7.008)
    r = _cek(di_bidang, "pendidikan", status_lahan="milik_pemda")
    assert r["status_lahan_peta"] == "milik_warga" and r["lahan_cocok"] is False
    assert "perlu pengadaan tanah" in r["catatan_lahan"] and "berbeda" in r["catatan_lahan"]
    assert _cek(di_bidang, "pendidikan", status_lahan="milik_warga")["lahan_cocok"] is True
    assert _cek(Point(110.015, -7.005), "jalan")["catatan_lahan"].startswith("tidak ada data")
    # access: inside the permukiman class -> 0 m; in the forest 0,002° east of it -> ~220 m
    assert _cek(Point(110.015, -7.005), "jalan")["jarak_akses_m"] == 0
    assert _cek(Point(110.042, -7.005), "jalan")["jarak_akses_m"] == pytest.approx(221, rel=0.02)


def test_banyak_usulan_sekaligus_sama_dengan_satu_per_satu():
    geoms = [Point(110.005, -7.005), LineString([(110.005, -7.005), (110.035, -7.005)]), Point(110.2, -7.2)]
    kelas = ["pendidikan", "jalan", "jalan"]
    u = gpd.GeoDataFrame(
        {"id": [5, 6, 7], "kelas_kegiatan": kelas, "status_lahan": "tanah_desa"}, geometry=geoms, crs=4326
    )
    sekaligus = ks.periksa(u, _lapisan())
    satu = [_cek(g, k, "tanah_desa")["verdik"] for g, k in zip(geoms, kelas, strict=True)]
    assert sekaligus["verdik"].tolist() == satu == ["bersyarat", "tidak_sesuai", "tidak_ada_data"]
    assert sekaligus["id"].tolist() == [5, 6, 7]
