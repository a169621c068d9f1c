"""Loads respect the acting account: its role (who may load what) and, for usulan, its wilayah (issue 13)."""

from __future__ import annotations

import pytest

from geo.domain.akses import Pengguna
from geo.errors import KesalahanAkses, KesalahanInput
from pipelines.__main__ import main
from pipelines.muat import OpsiBatas, OpsiUsulan, muat_batas, muat_usulan
from tests.pipelines.berkas_uji import gdf_desa, tulis_vektor
from tests.pipelines.test_impor_koordinat import _tersimpan, _usulan
from tests.pipelines.test_impor_koordinat import dengan_desa as dengan_desa

SUKAMAJU = Pengguna("op.sukamaju", "Op", "desa", "98.01.01.2001")  # the hand-made desa west of 110.01 E


def test_usulan_di_luar_desa_operator_ditolak_semua(dengan_desa, tmp_path):
    path = _usulan(
        tmp_path,
        [
            {"lintang": -7.005, "bujur": 110.005},  # in Sukamaju: the operator's own desa
            {"lintang": -7.005, "bujur": 110.015},  # in Mekarsari (98.01.02.2001): another desa
        ],
    )
    with pytest.raises(KesalahanInput) as e:
        muat_usulan(path, OpsiUsulan(pelaku=SUKAMAJU), dengan_desa)
    luar = [m for m in e.value.masalah if "wilayah akun" in m.harapan]
    assert [(m.lokasi, m.nilai) for m in luar] == [("baris 3", "98.01.02.2001")]
    assert _tersimpan(dengan_desa) == {}  # all or nothing
    lap = muat_usulan(
        _usulan(tmp_path, [{"lintang": -7.005, "bujur": 110.005}]), OpsiUsulan(pelaku=SUKAMAJU), dengan_desa
    )
    assert lap.baris_keluar == 1 and _tersimpan(dengan_desa) == {"K-0": ("98.01.01.2001", "98.01.01")}


@pytest.mark.parametrize("peran", ["lihat", "desa", "tapd", "opd"])
def test_muat_batas_hanya_bappeda_dan_admin(data_demo, tmp_path, peran):
    berkas = tulis_vektor(gdf_desa(), tmp_path / "b", "geojson")
    wilayah = {"desa": "99.01.01.1001", "opd": "99.01"}.get(peran, "99.01")
    with pytest.raises(KesalahanAkses, match="memuat data"):
        muat_batas(berkas, OpsiBatas(pelaku=Pengguna("x", "X", peran, wilayah, "Dinas Kesehatan")), data_demo)
    lap = muat_batas(berkas, OpsiBatas(pelaku=Pengguna("b", "B", "bappeda", "99.01")), data_demo)
    assert lap.baris_keluar > 0


def test_cli_oleh_akun(data_demo, tmp_path, capsys):
    berkas = tulis_vektor(gdf_desa(), tmp_path / "b", "geojson")
    assert main(["load", "batas", str(berkas), "--oleh", "tidak.ada"]) == 2
    assert "akun aktif" in capsys.readouterr().err
    assert main(["load", "batas", str(berkas), "--oleh", "uji.lihat"]) == 2
    assert "Akses ditolak" in capsys.readouterr().err
    assert main(["load", "batas", str(berkas), "--oleh", "uji.bappeda"]) == 0
    import duckdb

    con = duckdb.connect(str(data_demo.referensi), read_only=True)
    assert con.execute("SELECT oleh FROM riwayat_muat ORDER BY id DESC LIMIT 1").fetchone()[0] == "uji.bappeda"
    con.close()


def test_tapd_memuat_pagu_tetapi_bukan_batas(data_demo, tmp_path):
    from pipelines.muat import OpsiPagu, muat_pagu
    from tests.pipelines.berkas_uji import tulis_csv

    tapd = Pengguna("t", "T", "tapd", "99.01")
    path = tulis_csv(
        tmp_path / "pagu.csv", [["tahun", "jenis", "kode", "nilai"], ["2027", "kecamatan", "99.01.01", "1000000"]], ","
    )
    assert muat_pagu(path, OpsiPagu(pelaku=tapd), data_demo).baris_keluar == 1
    with pytest.raises(KesalahanAkses, match="menetapkan pagu"):
        muat_pagu(path, OpsiPagu(pelaku=Pengguna("d", "D", "desa", "99.01.01.1001")), data_demo)
    with pytest.raises(KesalahanAkses, match="memuat data"):
        muat_batas(tulis_vektor(gdf_desa(), tmp_path / "b", "geojson"), OpsiBatas(pelaku=tapd), data_demo)
