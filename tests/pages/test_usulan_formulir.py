"""AppTest: the usulan form guides — the kamus item sets the shape, the drawing sets the volume,
and after a save the form is empty with the confirmation and the next forum next to the button."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from geo.domain.crs import crs_utm
from geo.store import db, kueri
from tests.pages.bantu import buka

GARIS, TITIK = "K-JLN-01", "K-KES-01"  # rabat beton (m, garis), posyandu (unit, titik)


def _desa(data_demo, i: int = 11):
    g = db.Gudang(data_demo)
    desa = kueri.wilayah_gdf(g, "99.01", "desa", tampil=False).set_index("kode")
    g.tutup()
    kode = desa.index[i]
    return kode, desa.at[kode, "nama"], desa.at[kode, "geometry"].representative_point()


def _garis_250_m(p: shapely.Point) -> list[tuple[float, float]]:
    """An L-shaped 250 m line starting at ``p``, built in UTM and sent as lon/lat like the map does."""
    asal = gpd.GeoDataFrame(geometry=[p], crs="EPSG:4326")
    utm = crs_utm(asal)
    x, y = asal.to_crs(utm).geometry.iloc[0].coords[0]
    garis = gpd.GeoSeries([shapely.LineString([(x, y), (x + 150, y), (x + 150, y + 100)])], crs=utm)
    return [(round(lon, 7), round(lat, 7)) for lon, lat in garis.to_crs("EPSG:4326").iloc[0].coords]


def test_item_kamus_menentukan_bentuk(data_demo):
    at = buka("usulan", kamus_usulan=TITIK)
    assert at.radio(key="jenis_lokasi").value == "titik"
    at.selectbox(key="kamus_usulan").set_value(GARIS).run()
    assert at.radio(key="jenis_lokasi").value == "garis"
    # the user may still override the shape
    at.radio(key="jenis_lokasi").set_value("poligon").run()
    assert at.radio(key="jenis_lokasi").value == "poligon"
    at.selectbox(key="kamus_usulan").set_value(TITIK).run()
    assert at.radio(key="jenis_lokasi").value == "titik"


@pytest.mark.lambat
def test_volume_dari_panjang_garis_dan_selisih_ditandai(data_demo):
    _, _, p = _desa(data_demo)
    at = buka("usulan", kamus_usulan=GARIS, jenis_lokasi="garis", simpul_usulan=_garis_250_m(p))
    assert at.number_input(key="volume_usulan").value == pytest.approx(250, rel=0.01)
    assert any("Panjang gambar di peta" in c.value for c in at.caption)
    assert not any("berbeda" in w.value for w in at.warning)
    # editable; a volume more than 10 % away from the drawing is flagged, not blocked
    at.number_input(key="volume_usulan").set_value(400.0).run()
    assert at.number_input(key="volume_usulan").value == 400.0
    assert any("berbeda" in w.value and "dari gambar di peta" in w.value for w in at.warning)


def test_simpan_lalu_formulir_kosong_dengan_tautan_dan_forum_berikutnya(data_demo):
    kode, nama, p = _desa(data_demo)
    at = buka("usulan", kamus_usulan=TITIK, simpul_usulan=[(p.x, p.y)])
    assert any("Musrenbang Desa/Kelurahan" in c.value for c in at.caption)
    at.text_area(key="masalah_usulan").set_value("Posyandu menumpang di rumah warga")
    at.text_area(key="uraian_usulan").set_value("Gedung posyandu dusun krajan")
    at.text_area(key="alamat_usulan").set_value("Dusun Krajan RT 02")
    at.text_input(key="pengusul_usulan").set_value("RW 01 Sumberkerta")
    at.text_input(key="nik_usulan").set_value("3399010101010009")
    at.number_input(key="penerima_perempuan").set_value(80)
    at.slider(key="urgensi").set_value(5)
    at.button(key="simpan_usulan").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    g = db.Gudang(data_demo)
    uid, kode_tersimpan = g.df("SELECT id, kode_desa FROM kerja.usulan ORDER BY id DESC LIMIT 1").iloc[0]
    uid = int(uid)
    assert kode_tersimpan == kode
    g.tutup()
    # the confirmation with its link and the next forum
    assert len(at.success) == 1 and f"/usulan?id={uid}" in at.success[0].value and nama in at.success[0].value
    assert any(f"Musrenbang Desa/Kelurahan {nama}" in i.value and "Musrenbang Kecamatan" in i.value for i in at.info)
    # …and an empty form for the next usulan
    for k in ("masalah_usulan", "uraian_usulan", "alamat_usulan"):
        assert at.text_area(key=k).value == ""
    for k in ("pengusul_usulan", "nik_usulan"):
        assert at.text_input(key=k).value == ""
    assert at.number_input(key="penerima_perempuan").value == 0
    assert at.slider(key="urgensi").value == 3
    assert at.selectbox(key="desa_usulan").value is None
    assert at.session_state["simpul_usulan"] == []
    # the message is shown once; the next run is a plain empty form
    at.run()
    assert not at.success


@pytest.mark.lambat
def test_simpan_dua_kali_masalah_tidak_berulang(data_demo):
    _, _, p = _desa(data_demo)
    at = buka("usulan", kamus_usulan=TITIK, simpul_usulan=[(p.x, p.y)])
    for _ in range(2):
        at.button(key="simpan_usulan").click().run()
        assert len(at.error) == 1, [e.value for e in at.error]
        assert at.error[0].value.count("disimpan") == 1  # not "belum dapat disimpan … belum disimpan"
        masalah = at.dataframe[0].value
        assert not masalah.duplicated().any()
        assert {"masalah", "uraian", "pengusul"} <= set(masalah["Kolom"])
