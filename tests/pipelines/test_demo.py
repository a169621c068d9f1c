"""The demo generator: an exact coverage, plausible content, byte-identical per seed."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from geo.domain import definitions
from geo.settings import CRS_METRIK_DEMO, berkas_data
from geo.store import db
from pipelines import demo, fixture_demo


def _wilayah(path, kolom="geom"):
    con = db.koneksi(path, baca_saja=True)
    df = con.execute(f"SELECT kode, tingkat, jenis, kode_induk, ST_AsWKB({kolom}) AS g FROM wilayah ORDER BY kode").df()
    con.close()
    g = gpd.GeoSeries.from_wkb(df.pop("g").map(bytes), crs="EPSG:4326").to_crs(CRS_METRIK_DEMO)
    return gpd.GeoDataFrame(df, geometry=g)


@pytest.mark.parametrize("kolom", ["geom", "geom_tampil"])
def test_cakupan_tanpa_celah_atau_tumpang_tindih(folder_demo, kolom):
    w = _wilayah(berkas_data(folder_demo).referensi, kolom)
    desa = w[w["tingkat"] == "desa"]
    kab = w[w["tingkat"] == "kabupaten"].geometry.iloc[0]
    gabung = shapely.union_all(desa.geometry.values)
    assert shapely.coverage_is_valid(desa.geometry.values)
    assert kab.difference(gabung).area < 1.0  # gaps, m²
    assert desa.area.sum() - gabung.area < 1.0  # overlaps, m²
    for _, k in w[w["tingkat"] == "kecamatan"].iterrows():
        anggota = shapely.union_all(desa[desa["kode_induk"] == k["kode"]].geometry.values)
        assert k.geometry.symmetric_difference(anggota).area < 1.0, k["kode"]


def test_geometri_tampil_lebih_ringan(folder_demo):
    path = berkas_data(folder_demo).referensi
    asli = shapely.get_num_coordinates(_wilayah(path).geometry.values).sum()
    tampil = shapely.get_num_coordinates(_wilayah(path, "geom_tampil").geometry.values).sum()
    assert tampil < 0.6 * asli


def test_isi_masuk_akal(folder_demo):
    con = db.koneksi(berkas_data(folder_demo).referensi, baca_saja=True)
    con.execute(f"ATTACH '{berkas_data(folder_demo).kerja}' AS kerja (READ_ONLY)")
    q = lambda sql: con.execute(sql).fetchall()  # noqa: E731
    per_tingkat = dict(q("SELECT tingkat, count(*) FROM wilayah GROUP BY ALL"))
    assert per_tingkat == {"kabupaten": 1, "kecamatan": 8, "desa": 120}
    assert q("SELECT count(*) FROM wilayah WHERE NOT starts_with(kode, '99.')") == [(0,)]
    # kelurahan (segment 1xxx) only in the town kecamatan; desa segment starts with 2
    assert q("SELECT DISTINCT kode_induk FROM wilayah WHERE jenis = 'kelurahan'") == [("99.01.01",)]
    assert q(
        "SELECT count(*) FROM wilayah WHERE tingkat = 'desa' AND "
        "substr(kode, 10, 1) <> CASE jenis WHEN 'kelurahan' THEN '1' ELSE '2' END"
    ) == [(0,)]
    # every desa has every indicator in both years; missing is NULL, never zero
    n_ind = len(fixture_demo.INDIKATOR_DEMO)
    assert q("SELECT count(*) FROM indikator") == [(120 * 2 * n_ind,)]
    assert q("SELECT count(*) FROM indikator WHERE nilai IS NULL")[0][0] > 0
    assert q("SELECT count(*) FROM indikator WHERE nilai = 0") == [(0,)]
    # the rate equals its counts
    assert q("""SELECT max(abs(r.nilai - 100 * m.nilai / p.nilai)) < 0.01 FROM indikator r
                JOIN indikator m USING (kode_wilayah, tahun)
                JOIN indikator p USING (kode_wilayah, tahun)
                WHERE r.indikator = 'persen_miskin' AND m.indikator = 'penduduk_miskin'
                  AND p.indikator = 'jumlah_penduduk'""") == [(True,)]
    # zoning covers the kabupaten; lindung and budi daya both present
    luas = q("""SELECT ST_Area(ST_Union_Agg(p.geom)) / (SELECT ST_Area(geom) FROM wilayah WHERE tingkat = 'kabupaten')
                FROM pola_ruang p""")[0][0]
    assert luas == pytest.approx(1.0, abs=1e-3)
    assert {r[0] for r in q("SELECT DISTINCT kawasan FROM pola_ruang")} == {"lindung", "budi daya"}
    assert {r[0] for r in q("SELECT DISTINCT jenis FROM overlay")} >= {"lp2b", "rawan_bencana", "sempadan"}
    assert q("SELECT count(DISTINCT kode_zona) FROM zonasi")[0][0] >= 5
    assert q("SELECT count(*) FROM itbx")[0][0] > 50
    assert {r[0] for r in q("SELECT DISTINCT status FROM lahan")} >= {"aset_pemda", "tanah_desa", "milik_warga"}
    # about 400 usulan this year, at every tier, points and lines, each inside its desa
    n = q("SELECT count(*) FROM kerja.usulan WHERE tahun = 2027")[0][0]
    assert 350 <= n <= 450
    assert {r[0] for r in q("SELECT DISTINCT tahap FROM kerja.usulan WHERE tahun = 2027")} == set(
        definitions.TAHAP_FORUM
    )
    assert {r[0] for r in q("SELECT DISTINCT ST_GeometryType(geom)::VARCHAR FROM kerja.usulan")} == {
        "POINT",
        "LINESTRING",
    }
    assert q("""SELECT count(*) FROM kerja.usulan u JOIN wilayah w ON w.kode = u.kode_desa
                WHERE NOT ST_Intersects(u.geom, w.geom)""") == [(0,)]
    assert q(
        "SELECT count(*) FROM kerja.usulan WHERE abs(biaya - volume * harga_satuan) > 1 AND alasan_biaya IS NULL"
    ) == [(0,)]
    assert q("SELECT count(*) FROM kerja.pagu WHERE jenis = 'kecamatan'") == [(8,)]
    # realisasi for last year's funded usulan, cumulative and never above 100 %
    assert q("SELECT count(DISTINCT usulan_id) FROM kerja.realisasi")[0][0] > 20
    assert q("SELECT max(realisasi_fisik) <= 100 FROM kerja.realisasi") == [(True,)]
    assert q("""SELECT count(*) FROM kerja.realisasi r JOIN kerja.usulan u ON u.id = r.usulan_id
                WHERE u.tahun <> r.tahun OR u.status <> 'diterima'""") == [(0,)]
    con.close()


@pytest.mark.lambat
def test_deterministik(folder_demo, tmp_path):
    ulang = berkas_data(tmp_path / "ulang")
    demo.bangun_demo(ulang)
    asli = berkas_data(folder_demo)
    assert demo.sidik_tabel(ulang.referensi) == demo.sidik_tabel(asli.referensi)
    # the session's demo folder also holds the test accounts and their open sessions (tests/akun.py)
    akun = ("pengguna", "audit_log", "sesi_masuk")
    kerja_ulang = {k: v for k, v in demo.sidik_tabel(ulang.kerja).items() if k not in akun}
    assert kerja_ulang == {k: v for k, v in demo.sidik_tabel(asli.kerja).items() if k not in akun}
    lain = berkas_data(tmp_path / "lain")
    demo.bangun_demo(lain, benih=7)
    assert demo.sidik_tabel(lain.referensi)["wilayah"] != demo.sidik_tabel(asli.referensi)["wilayah"]


def test_ulang_kerja_menyimpan_cadangan(data_demo):
    demo.bangun_demo(data_demo, ulang_kerja=True)
    kerja = list((data_demo.folder / "cadangan").glob("kerja-*-sebelum-tukar.duckdb"))
    assert len(kerja) == 1
