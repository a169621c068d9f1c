"""Hypothesis properties: Indonesian numbers round-trip; reloading a file is idempotent."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.render.format import angka
from pipelines import demo
from pipelines.angka import deteksi_konvensi, parse_angka
from pipelines.muat import OpsiMuat, muat_batas, muat_indikator
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


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(st.sampled_from(KODE), st.one_of(st.none(), nilai_st)),
        min_size=1,
        max_size=4,
        unique_by=lambda r: r[0],
    ),
    st.sampled_from([",", ";"]),
)
def test_muat_ulang_idempoten(data_demo, tmp_path_factory, baris, pemisah):
    folder = tmp_path_factory.mktemp("prop")
    muat_batas(tulis_vektor(gdf_desa(), folder / "b", "geojson"), OpsiMuat(), data_demo)
    isi = [["kode_desa", "nilai_uji_2024"]] + [
        [k, "-" if v is None else (angka(v, 2) if pemisah == ";" else repr(v))] for k, v in baris
    ]
    path = tulis_csv(folder / "t.csv", isi, pemisah)
    muat_indikator(path, OpsiMuat(), data_demo)
    sekali = demo.sidik_tabel(data_demo.referensi)
    muat_indikator(path, OpsiMuat(), data_demo)
    assert demo.sidik_tabel(data_demo.referensi) == sekali
