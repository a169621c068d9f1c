"""The report's lists beside ``tak_cocok-*.csv``: matches to review, features outside the kabupaten,
merged features and provisional codes, written by the CLI as ``<list>-<file>.csv`` and carried by
:class:`~pipelines.muat.LaporanMuat` for the Data page."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from pipelines.__main__ import main
from pipelines.muat import OpsiBatas, muat_batas
from pipelines.muat.inti import DAFTAR_LAPORAN
from tests.pipelines.berkas_uji import X0, Y0, D, gdf_desa, tulis_vektor


def _kotak(c: float, r: float, lebar: float = 1.0):
    return box(X0 + c * D, Y0 + r * D, X0 + (c + lebar) * D, Y0 + (r + 1) * D)


def _nama_saja(baris: list[tuple]) -> gpd.GeoDataFrame:
    """A name-only boundary file: (nama, kecamatan, geometry) per feature, no code column."""
    return gpd.GeoDataFrame(
        {"nama": [b[0] for b in baris], "nama_kecamatan": [b[1] for b in baris]},
        geometry=[b[2] for b in baris],
        crs="EPSG:4326",
    )


def _berkas_nama(tmp_path):
    """Names only: Sukamaju drawn mostly over Tegalreja (review), Mekarsari in two touching halves (merged),
    Kota Lama as it is, and a desa of the neighbouring kabupaten far east (outside)."""
    return tulis_vektor(
        _nama_saja(
            [
                ("Sukamaju", "Barat", box(X0, Y0 + 0.3 * D, X0 + D, Y0 + 1.3 * D)),
                ("Mekarsari", "Timur", _kotak(1, 1, 0.5)),
                ("MEKARSARI", "Timur", _kotak(1.5, 1, 0.5)),
                ("Kota Lama", "Timur", _kotak(1, 0)),
                ("Tetangga", "Timur", _kotak(6, 0)),
            ]
        ),
        tmp_path / "nama",
        "geojson",
    )


@pytest.mark.lambat  # integration run: in make test, out of the everyday tier
def test_cli_menulis_daftar_tinjau_di_luar_dan_digabung(data_demo, tmp_path, capsys):
    muat_batas(tulis_vektor(gdf_desa(), tmp_path / "kemendagri", "geojson"), OpsiBatas(), data_demo)
    path = _berkas_nama(tmp_path)
    assert main(["load", "batas", str(path)]) == 0
    keluar = capsys.readouterr().out
    folder = data_demo.folder
    tinjau = pd.read_csv(folder / "tinjau-desa.csv", keep_default_na=False, dtype=str)
    assert tinjau[["nama", "kode", "kode_alternatif"]].values.tolist() == [
        ["Sukamaju", "98.01.01.2001", "98.01.01.2002"]
    ]
    di_luar = pd.read_csv(folder / "di_luar-desa.csv", keep_default_na=False, dtype=str)
    assert di_luar["nama"].tolist() == ["Tetangga"] and set(di_luar["kode"]) == {""}
    digabung = pd.read_csv(folder / "digabung-desa.csv", keep_default_na=False, dtype=str)
    assert digabung[["nama", "fitur"]].values.tolist() == [["Mekarsari", "2, 3"]]
    for kunci in ("tinjau", "di_luar", "digabung"):
        assert f"{DAFTAR_LAPORAN[kunci][0]} (1 baris) ditulis ke {folder / f'{kunci}-desa.csv'}" in keluar
    # the same lists reach the page through the report
    lap = muat_batas(path, OpsiBatas(), data_demo)
    assert set(lap.daftar) == {"tinjau", "di_luar", "digabung"}
    assert lap.daftar["tinjau"]["nama"].tolist() == ["Sukamaju"]


@pytest.mark.lambat  # integration run: in make test, out of the everyday tier
def test_cli_kode_sementara_dan_daftar_kodenya(data_demo, tmp_path, capsys):
    path = tulis_vektor(gdf_desa().drop(columns="kode"), tmp_path / "nama", "geojson")
    assert main(["load", "batas", str(path), "--kabupaten", "98.01", "--nama-kabupaten", "Contoh Dua"]) == 0
    keluar = capsys.readouterr().out
    assert "KODE SEMENTARA" in keluar and "kode_sementara-desa.csv" in keluar
    daftar = pd.read_csv(data_demo.folder / "kode_sementara-desa.csv", dtype=str)
    assert daftar["kode"].tolist() == ["98.01.S1.S001", "98.01.S1.S002", "98.01.S2.S001", "98.01.S2.S002"]
    assert daftar["nama_kecamatan"].tolist() == ["Barat", "Barat", "Timur", "Timur"]
    # the Kemendagri set replaces them: the replaced codes are listed too
    assert main(["load", "batas", str(tulis_vektor(gdf_desa(), tmp_path / "k", "geojson"))]) == 0
    ganti = pd.read_csv(data_demo.folder / "ganti_kode-desa.csv", dtype=str)
    assert dict(zip(ganti["kode_sementara"], ganti["kode"], strict=True))["98.01.S2.S001"] == "98.01.02.1002"
    assert "data kerja pindah ke kode Kemendagri" not in capsys.readouterr().out  # nothing was attached
