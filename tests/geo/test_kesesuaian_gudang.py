"""Conformity on the demo store: DuckDB vs geopandas shares, stored results, staleness, loaders."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geo.domain import kesesuaian as ks
from geo.domain import potong
from geo.services import kesesuaian as layanan_ks
from geo.store import db
from geo.store import kesesuaian as simpanan_ks
from pipelines.muat import OpsiItbx, OpsiPadanan, OpsiZonasi, muat_itbx, muat_padanan, muat_zonasi
from tests.akun import pelaku
from tests.pipelines.berkas_uji import tulis_csv

KAB = "99.01"


@pytest.fixture
def g(gudang_demo):
    return gudang_demo


def test_bagian_zona_duckdb_sama_dengan_geopandas(g):
    lap = simpanan_ks.muat_lapisan(g, KAB)
    z = lap.zonasi
    # lines and polygons laid across the RDTR grid, plus the demo usulan inside it
    rng = np.random.default_rng(4)
    minx, miny, maxx, maxy = z.total_bounds
    geoms = []
    for _ in range(60):
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        geoms.append(shapely.LineString([(x, y), (x + rng.uniform(-0.02, 0.02), y + rng.uniform(-0.02, 0.02))]))
        geoms.append(shapely.box(x, y, x + rng.uniform(0.002, 0.012), y + rng.uniform(0.002, 0.012)))
    u = gpd.GeoDataFrame({"id": range(1, len(geoms) + 1)}, geometry=geoms, crs=4326)
    crs = "EPSG:32749"
    pasangan = potong.bagian(
        np.asarray(u.geometry.array),
        np.asarray(z.geometry.array),
        np.asarray(u.to_crs(crs).geometry.array),
        np.asarray(z.to_crs(crs).geometry.array),
    )
    gp = pd.DataFrame(
        {
            "id": u["id"].to_numpy()[pasangan["i"]],
            "zona_id": z["id"].to_numpy()[pasangan["j"]],
            "bagian": pasangan["bagian"],
        }
    )
    dk = simpanan_ks.bagian_zona_duckdb(g, u, crs)
    dk = dk[dk["bagian"] > 1e-9]
    gabung = gp.merge(dk, on=["id", "zona_id"], how="outer", suffixes=("_gp", "_dk"), indicator=True)
    assert (gabung["_merge"] == "both").all(), gabung[gabung["_merge"] != "both"]
    assert len(gabung) > 150  # many multi-zone shares were compared
    beda = (gabung["bagian_gp"] - gabung["bagian_dk"]).abs()
    assert (beda <= 0.001 * np.maximum(gabung["bagian_gp"], 1e-3)).all(), beda.max()


def test_hasil_tersimpan_dan_menjadi_usang(g, data_demo, tmp_path):
    from geo.services.usulan import ubah_usulan

    n = layanan_ks.periksa_dan_simpan(g, KAB)
    total = int(g.df("SELECT count(*) n FROM kerja.usulan WHERE starts_with(kode_desa, '99.01.')")["n"][0])
    assert n == total and layanan_ks.periksa_dan_simpan(g, KAB) == 0 and simpanan_ks.jumlah_usang(g, KAB, 2027) == 0
    verdik = g.df("SELECT verdik, count(*) n FROM kerja.hasil_kesesuaian GROUP BY 1").set_index("verdik")["n"]
    assert set(verdik.index) <= set(ks.d.VERDIK) and verdik.get("tidak_sesuai", 0) > 0 and verdik.get("sesuai", 0) > 0
    # every stored reason list is non-empty and every conflict names what it conflicts with
    r = g.df("SELECT alasan FROM kerja.hasil_kesesuaian WHERE verdik = 'tidak_sesuai'")
    assert all(
        len(a) > 0 and any(("LP2B" in x or "lindung" in x or "= X" in x or "sempadan" in x or "hutan" in x) for x in a)
        for a in r["alasan"]
    )
    # editing an usulan makes only its result stale
    u = g.df("SELECT id, versi FROM kerja.usulan WHERE tahun = 2027 ORDER BY id LIMIT 1").iloc[0]
    ubah_usulan(g, int(u["id"]), {"status_lahan": "belum_jelas"}, int(u["versi"]), "uji", pelaku(nama="uji"))
    assert simpanan_ks.jumlah_usang(g, KAB, 2027) == 1 and layanan_ks.periksa_dan_simpan(g, KAB) == 1
    # reloading zoning data makes every result stale
    zona = gpd.GeoDataFrame({"kode_zona": ["R-2"]}, geometry=[shapely.box(110.5, -7.6, 110.51, -7.59)], crs=4326)
    path = tmp_path / "zona.geojson"
    zona.to_file(path)
    g.tutup()
    muat_zonasi(path, OpsiZonasi(), data_demo)
    g2 = db.Gudang(data_demo)
    assert simpanan_ks.jumlah_usang(g2, KAB, 2027) == int(
        g2.df("SELECT count(*) n FROM kerja.usulan WHERE tahun = 2027")["n"][0]
    )
    assert layanan_ks.periksa_dan_simpan(g2, KAB, tahun=2027) > 0 and simpanan_ks.jumlah_usang(g2, KAB, 2027) == 0
    g2.tutup()


def test_matriks_per_rdtr_dan_padanan(data_demo, tmp_path):
    # a second city's matrix with the same zone code no longer overwrites the demo's cells
    path = tulis_csv(tmp_path / "itbx_kota_b.csv", [["kegiatan", "R-2"], ["Sekolah Dasar", "X"], ["Jalan Lokal", "I"]])
    lap = muat_itbx(path, OpsiItbx(matriks="RDTR Kota B"), data_demo)
    assert lap.rincian["matriks"] == "RDTR Kota B"
    con = db.koneksi(data_demo.referensi, baca_saja=True)
    assert con.execute(
        "SELECT nilai FROM itbx WHERE matriks <> 'RDTR Kota B' AND kode_kegiatan = 'pendidikan' AND kode_zona = 'R-2'"
    ).fetchone() == ("B",)
    con.close()
    # activity classes of the kamus mapped to that matrix's activities; unknown names are refused
    buruk = tulis_csv(
        tmp_path / "padanan.csv",
        [["kelas_kegiatan", "kegiatan"], ["pendidikan", "Sekolah Dasar"], ["kapal", "Dermaga"]],
    )
    from geo.errors import KesalahanInput

    with pytest.raises(KesalahanInput) as e:
        muat_padanan(buruk, OpsiPadanan(matriks="RDTR Kota B"), data_demo)
    assert sorted((m.lokasi, m.kolom) for m in e.value.masalah) == [
        ("baris 3", "kegiatan"),
        ("baris 3", "kelas_kegiatan"),
    ]
    baik = tulis_csv(
        tmp_path / "padanan.csv",
        [["kelas_kegiatan", "kegiatan"], ["pendidikan", "Sekolah Dasar"], ["jalan", "Jalan Lokal"]],
    )
    assert muat_padanan(baik, OpsiPadanan(matriks="RDTR Kota B"), data_demo).baris_keluar == 2
    # zones of city B use its matrix: a school there is X, a road I, a clinic "perlu kajian"
    zona = gpd.GeoDataFrame({"kode_zona": ["R-2"]}, geometry=[shapely.box(110.5, -7.6, 110.51, -7.59)], crs=4326)
    zona.to_file(tmp_path / "zona_b.geojson")
    muat_zonasi(tmp_path / "zona_b.geojson", OpsiZonasi(matriks="RDTR Kota B"), data_demo)
    g = db.Gudang(data_demo)
    lap = simpanan_ks.muat_lapisan(g, KAB)
    lap.zonasi = lap.zonasi.iloc[0:0]  # the kabupaten filter excludes city B: read it directly
    zb = g.df(
        "SELECT id, kode_zona, nama_zona, matriks, ST_AsWKB(geom) wkb FROM ref.zonasi WHERE matriks = 'RDTR Kota B'"
    )
    lap.zonasi = gpd.GeoDataFrame(
        zb.drop(columns="wkb"), geometry=gpd.GeoSeries.from_wkb(zb["wkb"].map(bytes)), crs=4326
    )
    p = shapely.Point(110.505, -7.595)
    u = gpd.GeoDataFrame(
        {"id": [1, 2, 3], "kelas_kegiatan": ["pendidikan", "jalan", "kesehatan"], "status_lahan": "tanah_desa"},
        geometry=[p, p, p],
        crs=4326,
    )
    assert ks.periksa(u, lap)["verdik"].tolist() == ["tidak_sesuai", "sesuai", "perlu_kajian"]
    g.tutup()


def test_baca_hasil_bertahap_sama_dengan_baca_penuh(g):
    """After a decision, reading only what changed and merging gives what a full read gives."""
    from geo.services import forum as layanan_forum
    from tests.akun import pelaku

    layanan_ks.periksa_dan_simpan(g, KAB, 2027)
    lama = simpanan_ks.baca_hasil(g, KAB, 2027)
    sejak = max(lama["diubah_pada"].max(), lama["dihitung_pada"].max())
    r = g.df("SELECT id, versi FROM kerja.usulan WHERE tahun = 2027 AND status = 'diajukan' ORDER BY id LIMIT 1")
    r = r.iloc[0]
    layanan_forum.putuskan_usulan(g, int(r["id"]), "ditolak", "uji bertahap", pelaku("bappeda"), int(r["versi"]))
    baru = simpanan_ks.baca_hasil(g, KAB, 2027, sejak=sejak)
    assert list(baru["id"]) == [int(r["id"])]  # only what changed
    gabung = simpanan_ks.gabung_hasil(lama, baru)
    penuh = simpanan_ks.baca_hasil(g, KAB, 2027)
    kolom = ["id", "status", "tahap", "verdik", "diubah_pada"]
    pd.testing.assert_frame_equal(gabung[kolom].reset_index(drop=True), penuh[kolom].reset_index(drop=True))
    assert gabung.set_index("id").at[int(r["id"]), "status"] != "diajukan"
