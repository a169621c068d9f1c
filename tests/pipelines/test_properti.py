"""Hypothesis properties: Indonesian numbers round-trip; reloading a file is idempotent."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.domain.format import angka
from geo.settings import BerkasData, berkas_data
from geo.store import db
from pipelines import demo
from pipelines.angka import deteksi_konvensi, parse_angka
from pipelines.muat import OpsiBatas, OpsiIndikator, muat_batas, muat_indikator
from tests.pipelines.berkas_uji import gdf_desa, tulis_csv, tulis_vektor

nilai_st = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False)


@given(st.lists(nilai_st, min_size=1, max_size=20), st.integers(min_value=0, max_value=3))
def test_angka_indonesia_bolak_balik(nilai, desimal):
    teks = [angka(v, desimal) for v in nilai]
    konv = deteksi_konvensi(teks)
    kembali = [parse_angka(t, konv) for t in teks]
    assert kembali == [float(t.replace(".", "").replace(",", ".")) for t in teks]
    for v, k in zip(nilai, kembali, strict=True):
        assert abs(k - v) <= 0.5 * 10**-desimal + abs(v) * 1e-15


@given(st.sampled_from(["", "-", "–", "…", "NA", "n/a", " "]))
def test_penanda_kosong_bukan_nol(teks):
    assert parse_angka(teks) is None


KODE = ["98.01.01.2001", "98.01.01.2002", "98.01.02.2001", "98.01.02.1002"]


def _gudang_kosong(folder: Path) -> BerkasData:
    """A fresh, empty store (both files migrated, no data): one per Hypothesis example."""
    berkas = berkas_data(folder)
    for path, jenis in ((berkas.referensi, "referensi"), (berkas.kerja, "kerja")):
        with db.ganti_atomik(path, jenis, dari_awal=True):
            pass
    return berkas


@pytest.mark.lambat
@settings(max_examples=20, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(KODE), st.one_of(st.none(), nilai_st)),
        min_size=1,
        max_size=4,
        unique_by=lambda r: r[0],
    ),
    st.sampled_from([",", ";"]),
)
def test_muat_ulang_idempoten(baris, pemisah):
    """Loading the same indicator file twice leaves the reference data byte-identical (fresh store per example)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        berkas = _gudang_kosong(folder / "data")
        muat_batas(tulis_vektor(gdf_desa(), folder / "b", "geojson"), OpsiBatas(), berkas)
        isi = [["kode_desa", "nilai_uji_2024"]] + [
            [k, "-" if v is None else (angka(v, 2) if pemisah == ";" else repr(v))] for k, v in baris
        ]
        path = tulis_csv(folder / "t.csv", isi, pemisah)
        muat_indikator(path, OpsiIndikator(), berkas)
        sekali = demo.sidik_tabel(berkas.referensi)
        assert len(sekali) > 0
        muat_indikator(path, OpsiIndikator(), berkas)
        assert demo.sidik_tabel(berkas.referensi) == sekali
