"""Monitoring rules on hand-made series: kontrak kritis, achievement bands, kurva S, realisasi checks."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from geo.domain.monitoring import (
    capaian_kelompok,
    keadaan_bulan,
    kontrak_kritis,
    kurva_s,
    periksa_realisasi,
    pita_capaian,
    triwulan,
)


@pytest.mark.parametrize(
    ("rencana", "realisasi", "kritis"),
    [
        (50.0, 40.0, False),  # exactly 10 points behind at plan ≤ 70 %: not yet
        (50.0, 39.9, True),  # more than 10 points behind
        (70.0, 60.0, False),  # plan 70 % is still in the 0–70 % band
        (70.0, 59.0, True),
        (80.0, 75.0, False),  # exactly 5 points behind at plan above 70 %
        (80.0, 74.9, True),
        (100.0, 95.0, False),
        (100.0, 94.0, True),
        (0.0, 0.0, False),
        (60.0, 80.0, False),  # ahead of plan
        (60.0, float("nan"), False),  # not reported: "tidak melapor", not critical
    ],
)
def test_kontrak_kritis_di_ambang(rencana, realisasi, kritis):
    assert kontrak_kritis(pd.Series([rencana]), pd.Series([realisasi])).tolist() == [kritis]


@pytest.mark.parametrize(
    ("capaian", "pita"),
    [
        (50, "sangat_rendah"),
        (51, "rendah"),
        (65, "rendah"),
        (66, "sedang"),
        (75, "sedang"),
        (76, "tinggi"),
        (90, "tinggi"),
        (91, "sangat_tinggi"),
        (0, "sangat_rendah"),
        (130, "sangat_tinggi"),
        (float("nan"), "tidak_melapor"),
    ],
)
def test_pita_capaian_di_ambang(capaian, pita):
    assert pita_capaian(pd.Series([capaian])).tolist() == [pita]


def test_triwulan_dari_bulan():
    assert [triwulan(b) for b in range(1, 13)] == [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]


def _rfk(baris):
    kolom = ["usulan_id", "bulan", "rencana_fisik", "realisasi_fisik", "rencana_keuangan", "realisasi_keuangan"]
    df = pd.DataFrame(baris, columns=kolom)
    for k in ("kendala", "tindak_lanjut", "catatan_verifikator"):
        df[k] = None
    return df


def test_kurva_s_dihitung_tangan_bulan_kosong_tetap_kosong():
    keg = pd.DataFrame({"id": [1, 2], "pagu": [100.0, 300.0]})
    r = _rfk(
        [
            (1, 1, 10.0, 8.0, 10.0, 5.0),
            (2, 1, 20.0, 10.0, 60.0, 30.0),
            (1, 2, 30.0, 20.0, 30.0, 15.0),
            (2, 2, 40.0, None, 120.0, None),  # activity 2 did not report in February
            (1, 3, 50.0, None, 50.0, None),  # nobody reported in March
            (2, 3, 60.0, None, 180.0, None),
            (9, 1, 50.0, 50.0, 1.0, 1.0),  # another activity: not in the curve
        ]
    )
    k = kurva_s(keg, r)
    assert list(k.index) == list(range(1, 13))
    # January: plan (100·10 + 300·20) / 400 = 17,5 %; actual (100·8 + 300·10) / 400 = 9,5 %
    assert k.at[1, "rencana_fisik"] == pytest.approx(17.5)
    assert k.at[1, "realisasi_fisik"] == pytest.approx(9.5)
    # financial: Σ Rp ÷ Σ pagu; plan (10 + 60) / 400, actual (5 + 30) / 400
    assert k.at[1, "rencana_keuangan"] == pytest.approx(17.5)
    assert k.at[1, "realisasi_keuangan"] == pytest.approx(8.75)
    assert (k.at[1, "rencana_rp"], k.at[1, "realisasi_rp"]) == (70.0, 35.0)
    # February: only activity 1 reported, so the actual is its own (20 %), not diluted to 5 %
    assert k.at[2, "rencana_fisik"] == pytest.approx((100 * 30 + 300 * 40) / 400)
    assert k.at[2, "realisasi_fisik"] == pytest.approx(20.0)
    assert k.at[2, "realisasi_rp"] == 15.0
    assert k.at[2, "melapor"] == 1
    # March: planned, nobody reported -> a gap (NaN), never zero
    assert k.at[3, "rencana_fisik"] == pytest.approx((100 * 50 + 300 * 60) / 400)
    assert math.isnan(k.at[3, "realisasi_fisik"]) and math.isnan(k.at[3, "realisasi_keuangan"])
    assert math.isnan(k.at[3, "realisasi_rp"])
    assert k.at[3, "melapor"] == 0
    # months without any row: gaps in both lines
    assert k.loc[4:, ["rencana_fisik", "realisasi_fisik"]].isna().all().all()


def test_keadaan_dan_capaian_kelompok_tidak_melapor_bukan_nol():
    keg = pd.DataFrame({"id": [1, 2, 3], "pagu": [100.0, 100.0, 200.0], "kec": ["A", "A", "B"]})
    r = _rfk([(1, 6, 40.0, 20.0, 40.0, 150.0), (2, 6, 40.0, 40.0, 40.0, 40.0), (3, 6, 40.0, None, 80.0, None)])
    k = keadaan_bulan(keg, r, 6)
    assert k["kelas"].tolist() == ["kritis", "sesuai", "tidak_melapor"]
    assert k["lag"].tolist()[:2] == [20.0, 0.0]
    assert k["lebih_pagu"].tolist() == [True, False, False]
    c = capaian_kelompok(k, "kec")
    # A: (100·20 + 100·40) / (100·40 + 100·40) = 75 % -> sedang
    assert c.at["A", "capaian"] == pytest.approx(75.0)
    assert c.at["A", "pita"] == "sedang"
    assert np.isnan(c.at["B", "capaian"]) and c.at["B", "pita"] == "tidak_melapor"
    assert (c.at["B", "kegiatan"], c.at["B", "melapor"]) == (1, 0)


def _baris(**isi):
    dasar = {
        "lokasi": "baris 2",
        "usulan_id": 1,
        "bulan": 5,
        "rencana_fisik": 40.0,
        "realisasi_fisik": 30.0,
        "rencana_keuangan": 400.0,
        "realisasi_keuangan": 300.0,
        "kendala": None,
        "tindak_lanjut": None,
        "catatan_verifikator": None,
    }
    return pd.DataFrame([{**dasar, **isi}])


_TERSIMPAN = pd.DataFrame({"usulan_id": [1, 1], "bulan": [3, 4], "realisasi_fisik": [20.0, 35.0]})
_PAGU = pd.Series({1: 1000.0})


@pytest.mark.parametrize(
    ("isi", "kolom"),
    [
        ({"realisasi_fisik": 101.0}, "realisasi_fisik"),
        ({"rencana_fisik": -1.0, "realisasi_fisik": 40.0}, "rencana_fisik"),
        ({"realisasi_keuangan": 1000.5, "realisasi_fisik": 40.0}, "realisasi_keuangan"),
        ({"rencana_keuangan": 2000.0, "realisasi_fisik": 40.0}, "rencana_keuangan"),
        ({"realisasi_fisik": 30.0}, "realisasi_fisik"),  # below April's 35 % without a reason
        ({"usulan_id": 7, "realisasi_fisik": 40.0}, "usulan_id"),
        ({"bulan": 13, "realisasi_fisik": 40.0}, "bulan"),
    ],
)
def test_periksa_realisasi_tiap_aturan_menyebut_baris_dan_kolom(isi, kolom):
    masalah = periksa_realisasi(_baris(**isi), _TERSIMPAN, _PAGU)
    assert [(m.lokasi, m.kolom) for m in masalah] == [("baris 2", kolom)]


def test_turun_boleh_dengan_alasan_dan_bila_bulan_itu_sendiri_diganti():
    assert periksa_realisasi(_baris(kendala="Koreksi hasil opname"), _TERSIMPAN, _PAGU) == []
    assert periksa_realisasi(_baris(tindak_lanjut="Opname ulang"), _TERSIMPAN, _PAGU) == []
    # April itself corrected from 35 to 30: compared with March (20 %), fine
    assert periksa_realisasi(_baris(bulan=4), _TERSIMPAN, _PAGU) == []
    # exactly the pagu is allowed
    assert periksa_realisasi(_baris(realisasi_keuangan=1000.0, realisasi_fisik=40.0), _TERSIMPAN, _PAGU) == []
