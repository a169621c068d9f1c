"""The usulan record is declared once: schema, form, import, exports and public queries agree with it."""

from __future__ import annotations

import geopandas as gpd

from geo.domain import usulan as rek
from geo.render.ekspor import tabel_sipd
from geo.store import kueri
from tests.pages.bantu import buka

KAB = "99.01"


def test_skema_sama_dengan_rekaman(gudang_demo):
    kolom = gudang_demo.df(
        "SELECT column_name FROM duckdb_columns() WHERE database_name = 'kerja' AND table_name = 'usulan'"
    )["column_name"]
    assert set(kolom) == set(rek.KOLOM_TERSIMPAN)


def test_rekaman_lengkap_dan_konsisten():
    nama = [k.nama for k in rek.KOLOM]
    assert len(set(nama)) == len(nama)
    assert all(k.label for k in rek.KOLOM)
    assert set(rek.KOLOM_WAJIB) <= set(rek.KOLOM_TERSIMPAN)
    assert set(rek.KOLOM_UBAH) <= set(rek.KOLOM_TERSIMPAN) and not {"tahap", "status", "versi"} & set(rek.KOLOM_UBAH)
    assert {"nik_pengusul", "kk_pengusul"} == rek.KOLOM_PRIBADI == set(rek.KOLOM_SIDIK)
    assert not rek.KOLOM_PRIBADI & (set(rek.KOLOM_PUBLIK) | set(rek.KOLOM_SIPD) | set(rek.KOLOM_IMPOR))
    # every required field can come from the import template or from the map (kode_desa is both)
    assert set(rek.KOLOM_WAJIB) <= set(rek.KOLOM_IMPOR)


def test_kueri_publik_dan_ekspor_sipd_dari_rekaman(gudang_demo):
    u = kueri.usulan_gdf(gudang_demo, KAB, 2027)
    assert set(rek.KOLOM_PUBLIK) <= set(u.columns) and "nik_pengusul" not in u.columns
    tabel = tabel_sipd(gpd.GeoDataFrame(u, geometry="geometry"))
    assert list(tabel.columns) == list(rek.KOLOM_SIPD.values())


def test_baris_usulan_mengisi_setiap_kolom_tersimpan():
    item = {"satuan": "m", "harga_satuan": 1000.0, "bidang": "PU", "opd": "Dinas PU"}
    data = {
        "tahun": 2027, "pengusul": "RW 1", "kode_desa": "99.01.01.2001", "kode_kamus": "K", "masalah": "m",
        "uraian": "u", "volume": 2, "biaya": 2000.0, "sumber_dana": "APBD Kabupaten", "status_lahan": "tanah_desa",
    }  # fmt: skip
    baris = rek.baris_usulan(data, item, "99.01.01", "uji")
    sisa = set(rek.KOLOM_TERSIMPAN) - set(baris)
    assert sisa == {"id", "versi", "dibuat_pada", "diubah_pada", "geom"}


def test_formulir_memakai_label_rekaman(data_demo):
    at = buka("usulan")
    label = {w.label for jenis in ("text_input", "text_area", "selectbox", "number_input", "checkbox", "slider")
             for w in getattr(at, jenis)}  # fmt: skip
    formulir = [k for k in rek.KOLOM if k.ubah or k.wajib or not k.publik]
    formulir = [k for k in formulir if k.nama not in ("tahun", "biaya", "alasan_biaya", "opd_akhir", "geom")]
    for k in formulir:
        assert any(lb.startswith(rek.label(k.nama)) for lb in label), (k.nama, sorted(label))


def test_templat_impor_dari_rekaman():
    from pipelines.muat.usulan import templat_usulan

    t = templat_usulan()
    assert list(t.columns) == list(rek.KOLOM_IMPOR)
    assert t[list(rek.KOLOM_WAJIB)].notna().all(axis=None)  # the example row fills every required field
