"""Renja and DPA writes (issue 15): an OPD drafts its Renja from the accepted scenario, bad lines are refused
naming row and field, a DPA perubahan/pergeseran is a new version and the old one reads the same."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.errors import KesalahanAkses, KesalahanInput
from geo.services import anggaran as layanan
from geo.services import renja as layanan_renja
from geo.store import renja as simpanan
from pipelines.demo import TAHUN_BERJALAN, TAHUN_USULAN
from tests.akun import pelaku


@pytest.fixture
def data_demo(data_backend):
    """Every test of this module runs on both backends: the DuckDB files and the PostgreSQL server."""
    return data_backend


KAB = "99.01"
PU = "Dinas Pekerjaan Umum dan Penataan Ruang"


def _baris(**ubah) -> pd.DataFrame:
    b = {
        "opd": PU,
        "kode_sub_kegiatan": "1.03.10.2.01.0001",
        "kode_wilayah": KAB,
        "uraian": "Rehabilitasi ruas jalan kabupaten",
        "target_volume": 500.0,
        "satuan": "m",
        "pagu_indikatif": 475_000_000.0,
        "asal": "teknokratis",
        "usulan_id": [],
    }
    return pd.DataFrame([{**b, **ubah}])


def test_renja_dari_skenario_hanya_usulan_yang_tetap(gudang_demo):
    data = layanan.dipa(gudang_demo, KAB, TAHUN_USULAN)
    plafon = layanan.plafon(gudang_demo, "99.01", TAHUN_USULAN)
    hasil = layanan.what_if(data, plafon)
    layanan.simpan_skenario(gudang_demo, KAB, TAHUN_USULAN, "Awal", "KUA-PPAS", plafon, hasil, pelaku("tapd"))
    tetap_pu = set(data.usulan[(data.usulan["opd"] == PU) & hasil.tetap.reindex(data.usulan["id"]).to_numpy()]["id"])
    tetap_pu &= set(data.usulan[data.usulan["kode_sub_kegiatan"].notna()]["id"])
    ids = layanan_renja.renja_dari_skenario(gudang_demo, KAB, TAHUN_USULAN, PU, pelaku())
    renja = simpanan.renja(gudang_demo, KAB, TAHUN_USULAN, PU)
    assert len(ids) == len(tetap_pu) > 0
    assert {i for u in renja["usulan_id"] for i in u} == tetap_pu and (renja["asal"] == "musrenbang").all()
    assert renja["indikator"].str.len().min() > 0  # from the sub-kegiatan's output indicator
    assert layanan_renja.renja_dari_skenario(gudang_demo, KAB, TAHUN_USULAN, PU, pelaku()) == []  # not twice


def test_renja_ditolak_dengan_baris_dan_kolom(gudang_demo):
    with pytest.raises(KesalahanInput) as e:
        layanan_renja.tambah_renja(
            gudang_demo, KAB, TAHUN_BERJALAN, _baris(kode_sub_kegiatan="1.03.10.2.01.9999"), "uji", pelaku()
        )
    assert [(m.lokasi, m.kolom) for m in e.value.masalah] == [("baris 1", "kode_sub_kegiatan")]
    # usulan 1 is already answered by a 2026 Renja line: counting it again is refused
    with pytest.raises(KesalahanInput) as e:
        layanan_renja.tambah_renja(
            gudang_demo, KAB, TAHUN_BERJALAN, _baris(asal="musrenbang", usulan_id=[1]), "uji", pelaku()
        )
    assert [(m.lokasi, m.kolom, m.nilai) for m in e.value.masalah] == [("baris baru 1", "usulan_id", "1")]
    with pytest.raises(KesalahanInput) as e:
        layanan_renja.tambah_renja(gudang_demo, KAB, TAHUN_BERJALAN, _baris(asal="musrenbang"), "uji", pelaku())
    assert [(m.lokasi, m.kolom) for m in e.value.masalah] == [("baris 1", "usulan_id")]
    with pytest.raises(KesalahanAkses):  # the Dinas Kesehatan account writes only its own lines
        layanan_renja.tambah_renja(gudang_demo, KAB, TAHUN_BERJALAN, _baris(), "uji", pelaku("opd"))
    ids = layanan_renja.tambah_renja(gudang_demo, KAB, TAHUN_BERJALAN, _baris(asal="pokir"), "uji", pelaku())
    r = simpanan.renja(gudang_demo, KAB, TAHUN_BERJALAN).set_index("id").loc[ids[0]]
    assert r["asal"] == "pokir" and r["usulan_id"] == [] and r["indikator"] == "Panjang jalan yang direhabilitasi"


def test_pergeseran_dpa_versi_baru_versi_lama_tetap(gudang_demo):
    lama = simpanan.rak(gudang_demo, KAB, TAHUN_BERJALAN)
    pagu = float(simpanan.dpa(gudang_demo, KAB, TAHUN_BERJALAN, 2).set_index("renja_id").at[5, "pagu"])
    salah = [pagu / 12] * 11 + [0.0]  # sums to 11/12 of the pagu
    with pytest.raises(KesalahanInput) as e:
        layanan_renja.ubah_dpa(
            gudang_demo, KAB, TAHUN_BERJALAN, "pergeseran", 11, "geser", {}, {5: salah}, pelaku("tapd")
        )
    assert [(m.lokasi, m.kolom) for m in e.value.masalah] == [("baris DPA 5", "nilai")]
    with pytest.raises(KesalahanInput) as e:  # version 2 is in force from October: a change cannot start before
        layanan_renja.ubah_dpa(gudang_demo, KAB, TAHUN_BERJALAN, "pergeseran", 9, "geser", {}, {}, pelaku("tapd"))
    assert e.value.masalah[0].kolom == "berlaku_bulan"
    with pytest.raises(KesalahanAkses):
        layanan_renja.ubah_dpa(gudang_demo, KAB, TAHUN_BERJALAN, "pergeseran", 11, "geser", {}, {}, pelaku())
    benar = [0.0] * 10 + [pagu / 2, pagu / 2]
    versi = layanan_renja.ubah_dpa(
        gudang_demo, KAB, TAHUN_BERJALAN, "pergeseran", 11, "kontraktor mundur", {}, {5: benar}, pelaku("tapd")
    )
    assert versi == 3
    baru = simpanan.rak(gudang_demo, KAB, TAHUN_BERJALAN)
    pd.testing.assert_frame_equal(baru[baru["versi"] < 3].reset_index(drop=True), lama.reset_index(drop=True))
    v3 = baru[(baru["versi"] == 3) & (baru["renja_id"] == 5)]
    assert v3["bulan"].tolist() == [11, 12] and v3["nilai"].sum() == pytest.approx(pagu)
    assert len(baru[baru["versi"] == 3]) == len(baru[(baru["versi"] == 2) & (baru["renja_id"] != 5)]) + 2


def test_dpa_murni_dari_renja(gudang_demo):
    from geo.domain import anggaran as ang

    for opd in sorted(set(layanan.dipa(gudang_demo, KAB, TAHUN_USULAN).usulan["opd"])):
        layanan_renja.renja_dari_skenario(gudang_demo, KAB, TAHUN_USULAN, opd, pelaku())
    layanan_renja.tambah_renja(gudang_demo, KAB, TAHUN_USULAN, _baris(), "teknokratis", pelaku())
    with pytest.raises(KesalahanAkses):
        layanan_renja.tetapkan_dpa_murni(gudang_demo, KAB, TAHUN_USULAN, "", pelaku())  # Bappeda: not its document
    assert layanan_renja.tetapkan_dpa_murni(gudang_demo, KAB, TAHUN_USULAN, "Perda APBD", pelaku("tapd")) == 1
    renja = simpanan.renja(gudang_demo, KAB, TAHUN_USULAN)
    dpa = simpanan.dpa(gudang_demo, KAB, TAHUN_USULAN, 1)
    rak = simpanan.rak(gudang_demo, KAB, TAHUN_USULAN)
    rinci = simpanan.rincian(gudang_demo, KAB, TAHUN_USULAN, 1)
    assert set(dpa["renja_id"]) == set(renja["id"])
    assert ang.periksa_rak(rak, dpa.set_index("renja_id")["pagu"]) == []  # every RAK sums to its pagu
    total = rinci.groupby("renja_id")["total"].sum()
    assert (abs(total - dpa.set_index("renja_id")["pagu"]) < 1).all()  # detail rows add up to the pagu
    teknis = renja[renja["asal"] == "teknokratis"]["id"].iloc[0]
    assert rinci[rinci["renja_id"] == teknis]["kode_rekening"].tolist() == ["5.2.04.01.01.0003"]  # jalan: modal
    with pytest.raises(KesalahanInput) as e:  # murni once; changes are new versions
        layanan_renja.tetapkan_dpa_murni(gudang_demo, KAB, TAHUN_USULAN, "lagi", pelaku("tapd"))
    assert e.value.masalah[0].kolom == "versi"
