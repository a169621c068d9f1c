"""Every page opens without error on a real-looking kabupaten that has boundaries only (no usulan,
no indicators, no zoning) — the state of a freshly loaded kabupaten (issue 12)."""

from __future__ import annotations

import pytest

from geo.store import db
from pipelines.muat import OpsiBatas, muat_batas
from tests.pages import bantu
from tests.pipelines.berkas_uji import gdf_desa, tulis_vektor

HALAMAN = [
    "beranda",
    "data_dasar",
    "proyektor",
    "usulan",
    "prioritas",
    "forum",
    "persiapan",
    "kesesuaian",
    "kelayakan",
    "evaluasi",
    "sinkronisasi",
    "anggaran",
    "data",
    "audit",
]


@pytest.fixture
def hanya_batas(data_demo, tmp_path):
    muat_batas(tulis_vektor(gdf_desa(), tmp_path / "b", "geojson"), OpsiBatas(), data_demo)
    g = db.Gudang(data_demo)
    kab = next(k for k in g.df("SELECT kode FROM ref.wilayah WHERE tingkat = 'kabupaten'")["kode"] if k == "98.01")
    g.tutup()
    return kab


@pytest.mark.lambat  # every page on the real Kota Yogyakarta: tests/real/test_halaman_nyata.py
@pytest.mark.parametrize("halaman", HALAMAN)
def test_halaman_terbuka_tanpa_usulan_dan_indikator(hanya_batas, halaman):
    at = bantu.app_masuk(wilayah=hanya_batas)
    at.query_params["kab"] = hanya_batas  # a link to the new kabupaten
    at.switch_page(f"pages/halaman/{halaman}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["kabupaten"].kode == hanya_batas
