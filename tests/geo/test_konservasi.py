"""Aggregation conserves totals: for every extensive indicator, sum over desa = kecamatan = kabupaten."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.domain.tematik import agregasi
from geo.services import indikator as layanan_indikator
from geo.store import kueri

KAB = "99.01"


def test_total_terjaga_di_setiap_tingkat(gudang_demo):
    daftar = kueri.daftar_indikator(gudang_demo, KAB)
    ekstensif = daftar[daftar["jenis"] == "ekstensif"]
    assert len(ekstensif) >= 3
    for _, meta in ekstensif.iterrows():
        tahun = int(meta["tahun"][0])
        m = meta.to_dict()
        desa = layanan_indikator.nilai_indikator(gudang_demo, KAB, m, tahun, "desa")
        kec = layanan_indikator.nilai_indikator(gudang_demo, KAB, m, tahun, "kecamatan")
        kab = layanan_indikator.nilai_indikator(gudang_demo, KAB, m, tahun, "kabupaten")
        if desa.isna().any():  # a partial total is unknown, never understated
            assert kab.isna().all(), meta["kode"]
            continue
        assert kec.sum() == pytest.approx(desa.sum(), rel=1e-12), meta["kode"]
        assert float(kab.iloc[0]) == pytest.approx(desa.sum(), rel=1e-12), meta["kode"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(min_value=0, max_value=1e9, allow_nan=False), min_size=1, max_size=40),
    st.integers(min_value=1, max_value=6),
)
def test_agregasi_ekstensif_kekal(nilai, n_induk):
    """Any split of desa into parents: the parents' sum is the desa sum."""
    idx = [f"d{i}" for i in range(len(nilai))]
    d = pd.DataFrame({"nilai": nilai}, index=idx)
    induk = pd.Series([f"k{i % n_induk}" for i in range(len(nilai))], index=idx)
    hasil = agregasi(d, {"jenis": "ekstensif"}, induk)
    assert float(hasil.sum()) == pytest.approx(float(np.sum(nilai)), rel=1e-9, abs=1e-6)
    assert float(agregasi(d, {"jenis": "ekstensif"}, induk.map(lambda _: "kab")).iloc[0]) == pytest.approx(
        float(hasil.sum()), rel=1e-9, abs=1e-6
    )


def test_meta_dari_tabel_dengan_nan_tetap_jalan(gudang_demo):
    """A metadata row read from a frame has NaN for empty fields; aggregation must treat them as absent."""
    daftar = kueri.daftar_indikator(gudang_demo, KAB).set_index("kode")
    for kode in daftar.index:
        meta = {"kode": kode, **daftar.loc[kode].to_dict()}  # as the pages build it: NaN for empty fields
        tahun = int(meta["tahun"][0])
        kec = layanan_indikator.nilai_indikator(gudang_demo, KAB, meta, tahun, "kecamatan")
        assert len(kec) > 0, kode
