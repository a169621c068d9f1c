"""Every page opens on a real kabupaten/kota nobody prepared (issue 12): Kota Yogyakarta's Kemendagri
kelurahan from ../shared/data (not used by the other tests), first with boundaries only, then with
indicators but still no usulan, no zoning, no pagu."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pipelines.muat import OpsiBatas, OpsiIndikator, muat_batas, muat_indikator
from tests.conftest import SHARED_DATA, wajib_atau_lewati
from tests.pages import bantu
from tests.pages.test_kabupaten_kosong import HALAMAN  # the same pages as the synthetic case

pytestmark = pytest.mark.real
SUMBER = SHARED_DATA / "kemendagri-boundaries-cahyadsn" / "geojson" / "wilayah_boundaries_kel_34.71.geojson"
KOTA = "34.71"


def _semua_halaman_terbuka(kode: str) -> None:
    for h in HALAMAN:
        at = bantu.app_masuk(wilayah=kode)
        at.query_params["kab"] = kode
        at.switch_page(f"pages/halaman/{h}.py")
        at.run()
        assert not at.exception, (h, [e.value for e in at.exception])
        assert at.session_state["kabupaten"].kode == kode, h
        assert not at.error, (h, [e.value for e in at.error])


@pytest.fixture
def kota(data_demo):
    wajib_atau_lewati(SUMBER.exists(), f"data nyata tidak ada di {SUMBER}")
    lap = muat_batas(SUMBER, OpsiBatas(), data_demo)
    assert lap.baris_keluar > 40  # Kota Yogyakarta has 45 kelurahan
    return data_demo


def test_hanya_batas(kota):
    _semua_halaman_terbuka(KOTA)


def test_dengan_indikator_tanpa_usulan(kota, tmp_path):
    import duckdb

    con = duckdb.connect(str(kota.referensi), read_only=True)
    sql = "SELECT kode FROM wilayah WHERE tingkat = 'desa' AND starts_with(kode, '34.71.')"
    kode = [r[0] for r in con.execute(sql).fetchall()]
    con.close()
    rng = np.random.default_rng(3)
    path = tmp_path / "indikator.csv"
    pd.DataFrame({"kode_desa": kode, "penduduk_miskin_2025": rng.integers(50, 900, len(kode))}).to_csv(
        path, index=False
    )
    assert muat_indikator(path, OpsiIndikator(), kota).baris_keluar == len(kode)
    _semua_halaman_terbuka(KOTA)
