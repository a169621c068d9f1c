"""``load nomenklatur``, ``load opd``, ``load plafon`` and the kamus → sub-kegiatan mapping: a good file, and
files with each error refused naming the row and field (issue 15)."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from geo.errors import KesalahanInput
from pipelines.muat import OpsiKamus, OpsiNomenklatur, OpsiOpd, OpsiPlafon, muat
from tests.conftest import sebagian_lambat
from tests.pipelines.berkas_uji import tulis_csv

_KEPALA = ["kode", "nama", "indikator", "satuan"]
_BAIK = [
    _KEPALA,
    ["5", "Urusan Uji", "", ""],
    ["5.01", "Bidang Uji", "", ""],
    ["5.01.02", "Program Uji", "", ""],
    ["5.01.02.2.01", "Kegiatan Uji", "", ""],
    ["5.01.02.2.01.0001", "Sub-kegiatan Uji", "Panjang saluran", "m"],
]


def _ref(berkas, sql: str) -> pd.DataFrame:
    con = duckdb.connect(str(berkas.referensi), read_only=True)
    try:
        return con.execute(sql).df()
    finally:
        con.close()


def _masalah(e: KesalahanInput) -> list[tuple[str, str]]:
    return [(m.lokasi, m.kolom) for m in e.masalah]


def test_nomenklatur_baik(data_demo, tmp_path):
    lap = muat("nomenklatur", tulis_csv(tmp_path / "n.csv", _BAIK), OpsiNomenklatur(), data_demo)
    assert lap.baris_keluar == 5
    df = _ref(
        data_demo, "SELECT kode, tingkat, kode_induk, indikator FROM nomenklatur WHERE kode LIKE '5%' ORDER BY kode"
    )
    assert df["tingkat"].tolist() == ["urusan", "bidang", "program", "kegiatan", "sub_kegiatan"]
    assert df["kode_induk"].tolist()[1:] == ["5", "5.01", "5.01.02", "5.01.02.2.01"]


@pytest.mark.lambat
def test_nomenklatur_xlsx_induk_sudah_dimuat(data_demo, tmp_path):
    muat("nomenklatur", tulis_csv(tmp_path / "n.csv", _BAIK), OpsiNomenklatur(), data_demo)
    # a second file may name a parent loaded earlier; XLSX reads the same way
    xlsx = tmp_path / "n2.xlsx"
    pd.DataFrame([["5.01.02.2.01.0002", "Sub Dua", "Jumlah unit", "unit"]], columns=_KEPALA).to_excel(xlsx, index=False)
    assert muat("nomenklatur", xlsx, OpsiNomenklatur(), data_demo).baris_keluar == 1


@pytest.mark.parametrize(
    ("baris", "diharap"),
    sebagian_lambat(
        [
            (["5.1.02", "Kode salah bentuk", "", ""], ("baris 7", "kode")),  # a code that does not exist (shape)
            (["5.09.02", "Induk tidak ada", "", ""], ("baris 7", "kode")),  # parent 5.09 absent
            (["5.01.02.2.01.0009", "Tanpa indikator", "", "m"], ("baris 7", "indikator")),
            (["5.01.02.2.01.0001", "Ganda", "x", "m"], ("baris 7", "kode")),
            (["5.01.02.2.01.0003", "", "x", "m"], ("baris 7", "nama")),
        ]
    ),
)
def test_nomenklatur_salah_ditolak(data_demo, tmp_path, baris, diharap):
    sebelum = _ref(data_demo, "SELECT count(*) AS n FROM nomenklatur")["n"].iloc[0]
    with pytest.raises(KesalahanInput) as e:
        muat("nomenklatur", tulis_csv(tmp_path / "n.csv", [*_BAIK, baris]), OpsiNomenklatur(), data_demo)
    assert diharap in _masalah(e.value)
    assert _ref(data_demo, "SELECT count(*) AS n FROM nomenklatur")["n"].iloc[0] == sebelum  # nothing written


def test_opd_baik_dan_ganda(data_demo, tmp_path):
    ok = [["kode", "nama", "singkatan"], ["9.99.0.00.0.00.01.0000", "Badan Uji", "BU"]]
    assert muat("opd", tulis_csv(tmp_path / "o.csv", ok), OpsiOpd(), data_demo).baris_keluar == 1
    ganda = [*ok, ["9.99.0.00.0.00.02.0000", "Badan Uji", "BU2"]]
    with pytest.raises(KesalahanInput) as e:
        muat("opd", tulis_csv(tmp_path / "o2.csv", ganda), OpsiOpd(), data_demo)
    assert ("baris 3", "nama") in _masalah(e.value)


def test_kamus_padanan_kode_tidak_ada(data_demo, tmp_path):
    kepala = ["kode", "nama", "satuan", "harga_satuan", "bidang", "opd", "kelas_kegiatan", "jenis_geometri"]
    kepala.append("kode_sub_kegiatan")
    item = ["K-UJI-01", "Item uji", "m", "1000", "Infrastruktur", "Dinas Uji", "jalan", "garis"]
    with pytest.raises(KesalahanInput) as e:
        muat("kamus", tulis_csv(tmp_path / "k.csv", [kepala, [*item, "1.03.10.2.01.9999"]]), OpsiKamus(), data_demo)
    assert _masalah(e.value) == [("baris 2", "kode_sub_kegiatan")]
    # a known code maps; an empty one stays unmapped (listed, never guessed)
    baris = [kepala, [*item, "1.03.10.2.01.0001"], ["K-UJI-02", *item[1:], ""]]
    lap = muat("kamus", tulis_csv(tmp_path / "k2.csv", baris), OpsiKamus(), data_demo)
    assert any("K-UJI-02" in p for p in lap.peringatan)
    pad = _ref(data_demo, "SELECT * FROM padanan_nomenklatur WHERE kode_kamus LIKE 'K-UJI%'")
    assert pad["kode_kamus"].tolist() == ["K-UJI-01"]


def test_plafon_di_bawah_kontrak_ditolak(data_demo, tmp_path):
    kepala = ["tahun", "opd", "kode_program", "nilai", "terkontrak"]
    with pytest.raises(KesalahanInput) as e:
        muat(
            "plafon",
            tulis_csv(tmp_path / "p.csv", [kepala, ["2027", "Dinas Kesehatan", "", "500000000", "700000000"]]),
            OpsiPlafon(kabupaten="99.01"),
            data_demo,
        )
    assert _masalah(e.value) == [("baris 2", "nilai")]
    with pytest.raises(KesalahanInput) as e:
        muat(
            "plafon",
            tulis_csv(tmp_path / "p2.csv", [kepala, ["2027", "Dinas Kesehatan", "1.3", "5", "0"]]),
            OpsiPlafon(kabupaten="99.01"),
            data_demo,
        )
    assert _masalah(e.value) == [("baris 2", "kode_program")]
    lap = muat(
        "plafon",
        tulis_csv(tmp_path / "p3.csv", [kepala, ["2027", "Dinas Kesehatan", "1.02.02", "900000000", "100000000"]]),
        OpsiPlafon(kabupaten="99.01"),
        data_demo,
    )
    assert lap.baris_keluar == 1


def test_plafon_per_kabupaten(data_demo, tmp_path):
    """A file that names no kabupaten is refused; two kabupaten with the same OPD name keep their own ceilings."""
    from geo.services import anggaran as layanan
    from geo.store.db import Gudang

    kepala = ["tahun", "opd", "kode_program", "nilai", "terkontrak"]
    with pytest.raises(KesalahanInput) as e:
        muat(
            "plafon",
            tulis_csv(tmp_path / "a.csv", [kepala, ["2030", "Dinas Kesehatan", "", "5", "0"]]),
            OpsiPlafon(),
            data_demo,
        )
    assert _masalah(e.value) == [("baris 2", "kode_kabupaten")]
    kepala2 = ["kode_kabupaten", *kepala]
    baris = [
        kepala2,
        ["99.01", "2030", "Dinas Kesehatan", "", "100", "0"],
        ["99.02", "2030", "Dinas Kesehatan", "", "200", "0"],
    ]
    assert muat("plafon", tulis_csv(tmp_path / "b.csv", baris), OpsiPlafon(), data_demo).baris_keluar == 2
    g = Gudang(data_demo)
    try:
        assert layanan.plafon(g, "99.01", 2030)["nilai"].tolist() == [100.0]
        assert layanan.plafon(g, "99.02", 2030)["nilai"].tolist() == [200.0]
    finally:
        g.tutup()
