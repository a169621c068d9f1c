"""Aggregation and classification, with expected values worked out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo.domain.tematik import agregasi, klasifikasi
from geo.render import maps

INDUK = pd.Series({"a": "K1", "b": "K1", "c": "K2"})


def test_ekstensif_dijumlah_dan_tidak_lengkap_nan():
    d = pd.DataFrame({"nilai": [10.0, 20.0, 5.0]}, index=["a", "b", "c"])
    assert agregasi(d, {"jenis": "ekstensif"}, INDUK).to_dict() == {"K1": 30.0, "K2": 5.0}
    d.loc["b", "nilai"] = np.nan  # a partial total would understate the kecamatan
    hasil = agregasi(d, {"jenis": "ekstensif"}, INDUK)
    assert np.isnan(hasil["K1"]) and hasil["K2"] == 5.0


def test_laju_dihitung_ulang_bukan_rata_rata_naif():
    # a: 10 of 100 poor (10 %), b: 90 of 300 (30 %). Naive mean 20 %, correct 100/400 = 25 %.
    d = pd.DataFrame(
        {"nilai": [10.0, 30.0, 50.0], "miskin": [10, 90, 5], "penduduk": [100, 300, 10]}, index=["a", "b", "c"]
    )
    meta = {"jenis": "intensif", "pembilang": "miskin", "penyebut": "penduduk", "pengali": 100.0}
    hasil = agregasi(d, meta, INDUK)
    assert hasil["K1"] == pytest.approx(25.0) and d.loc[["a", "b"], "nilai"].mean() == 20.0
    assert hasil["K2"] == pytest.approx(50.0)  # a one-desa kecamatan keeps its own rate


def test_laju_berbobot_dan_bobot_luas():
    # stunting 10 % among 50 balita and 40 % among 150: (0.1*50 + 0.4*150) / 200 = 32.5 %
    d = pd.DataFrame({"nilai": [10.0, 40.0, np.nan], "balita": [50, 150, 80]}, index=["a", "b", "c"])
    hasil = agregasi(d, {"jenis": "intensif", "bobot": "balita"}, INDUK)
    assert hasil["K1"] == pytest.approx(32.5) and np.isnan(hasil["K2"])
    # no weight declared: area-weighted (3 ha at 10, 1 ha at 40 -> 17.5)
    hasil = agregasi(d[["nilai"]], {"jenis": "intensif"}, INDUK, pd.Series({"a": 3.0, "b": 1.0, "c": 2.0}))
    assert hasil["K1"] == pytest.approx(17.5)


def test_kuantil_interval_jenks_manual():
    y = pd.Series([1.0, 2, 3, 4, 5, 6, 7, 8])
    # quartiles of 1..8 (linear interpolation): 2.75, 4.5, 6.25, 8
    assert klasifikasi(y, "kuantil", 4).batas == (2.75, 4.5, 6.25, 8.0)
    # equal interval width 7/4 = 1.75: 2.75, 4.5, 6.25, 8
    assert klasifikasi(y, "interval_sama", 4).batas == (2.75, 4.5, 6.25, 8.0)
    # two obvious groups
    kl = klasifikasi(pd.Series([1.0, 2, 3, 10, 11, 12]), "jenks", 2)
    assert kl.batas == (3.0, 12.0) and [int(x) for x in kl.kelas] == [0, 0, 0, 1, 1, 1]
    # manual bounds, the maximum appended
    kl = klasifikasi(y, "manual", batas_manual=[2.0, 5.0])
    assert kl.batas == (2.0, 5.0, 8.0) and kl.jumlah == (2, 3, 3)


def test_simpangan_baku():
    y = pd.Series([2.0, 4, 4, 4, 5, 5, 7, 9])  # mean 5, population sd 2, sample sd 2.138
    kl = klasifikasi(y, "simpangan_baku")
    assert sum(kl.jumlah) == 8 and len(kl.batas) >= 2 and kl.batas[-1] >= 9


def test_tanpa_data_satu_nilai_dan_negatif():
    kl = klasifikasi(pd.Series([np.nan, 3.0, np.nan, 3.0]), "kuantil", 5, satuan="%")
    assert kl.batas == (3.0,) and [int(x) for x in kl.kelas] == [-1, 0, -1, 0] and kl.label == ("3,0 %",)
    html = maps.legenda_html("Uji", kl)
    assert "tidak ada data (2)" in html and "repeating-linear-gradient" in html
    kl = klasifikasi(pd.Series([-5.0, -1, 0, 2, 8]), "interval_sama", 2)
    assert kl.batas == (1.5, 8.0) and kl.label[0].startswith("-5,0")
    kosong = klasifikasi(pd.Series([np.nan, np.nan]), "jenks", 3)
    assert kosong.batas == () and list(kosong.kelas) == [-1, -1]
