"""Backups and recovery that lose nothing (issue 13 §6)."""

from __future__ import annotations

import os
import time

import duckdb
import pytest

from geo.errors import KesalahanBasisData
from geo.services import forum as layanan_forum
from geo.store import cadangan, db
from pipelines import demo
from pipelines.__main__ import main
from pipelines.muat import OpsiBatas, muat_batas
from tests.akun import pelaku
from tests.pipelines.berkas_uji import gdf_desa, tulis_vektor


def _jumlah_keputusan(berkas) -> int:
    con = duckdb.connect(str(berkas.kerja), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM keputusan").fetchone()[0]
    finally:
        con.close()


def test_kerja_rusak_dipulihkan_dari_cadangan_otomatis(data_demo, capsys):
    g = db.Gudang(data_demo)
    u = g.df("SELECT id, versi FROM kerja.usulan WHERE status = 'diajukan' AND tahap = 'desa' LIMIT 1").iloc[0]
    layanan_forum.putuskan_usulan(
        g, int(u["id"]), "ditolak", "bukan kewenangan desa", pelaku(nama="ani"), int(u["versi"])
    )
    g.tutup()
    n = _jumlah_keputusan(data_demo)
    assert cadangan.cadangan_harian(data_demo) is not None  # the app takes this as it starts
    assert cadangan.cadangan_harian(data_demo) is None  # …once a day
    data_demo.kerja.write_bytes(b"bukan basis data" * 1000)  # damaged
    with pytest.raises(KesalahanBasisData) as e:
        db.Gudang(data_demo).df("SELECT 1 FROM kerja.usulan")
    assert "pulihkan" in str(e.value) and "demo --ulang" not in str(e.value)
    # the CLI lists the backups, then restores the newest copy of the working data
    assert main(["pulihkan"]) == 0
    daftar = capsys.readouterr().out
    nama = next(c.nama for c in cadangan.daftar_cadangan(data_demo) if c.berkas == "kerja")
    assert nama in daftar
    assert main(["pulihkan", nama]) == 0
    assert _jumlah_keputusan(data_demo) == n  # nothing lost
    # the damaged file was kept too (a restore can itself be undone)
    assert any(c.alasan == "sebelum-pulihkan" for c in cadangan.daftar_cadangan(data_demo)) or list(
        data_demo.folder.glob("kerja.duckdb.rusak-*")
    )


def test_pulihkan_nama_tak_dikenal_pesan_jelas(data_demo, capsys):
    assert main(["pulihkan", "tidak-ada.duckdb"]) == 2
    assert "tidak ditemukan" in capsys.readouterr().err


@pytest.mark.lambat  # integration run: in make test, out of the everyday tier
def test_demo_ulang_menolak_mengganti_data_muatan_sendiri(data_demo, tmp_path, capsys):
    muat_batas(tulis_vektor(gdf_desa(), tmp_path / "b", "geojson"), OpsiBatas(), data_demo)
    with pytest.raises(KesalahanBasisData, match="--paksa"):
        demo.bangun_demo(data_demo, ulang_kerja=True)
    assert main(["demo", "--ulang"]) == 2 and "--paksa" in capsys.readouterr().err
    sebelum = {c.nama for c in cadangan.daftar_cadangan(data_demo)}
    assert main(["demo", "--ulang", "--paksa"]) == 0
    baru = [c for c in cadangan.daftar_cadangan(data_demo) if c.nama not in sebelum]
    assert {c.berkas for c in baru} == {"referensi", "kerja"}  # both replaced files were kept


def test_cadangan_berotasi_dan_sisa_yatim_dibersihkan(data_demo):
    for _ in range(cadangan.SIMPAN["kerja"] + 3):
        cadangan.buat_cadangan(data_demo, "kerja", "uji")
    assert len([c for c in cadangan.daftar_cadangan(data_demo) if c.berkas == "kerja"]) == cadangan.SIMPAN["kerja"]
    yatim = data_demo.folder / ".referensi-abc123.duckdb"
    yatim.write_bytes(b"x")
    lama = time.time() - 3600
    os.utime(yatim, (lama, lama))
    baru = data_demo.folder / ".referensi-def456.duckdb"  # a load running now: left alone
    baru.write_bytes(b"x")
    assert cadangan.bersihkan_sisa(data_demo) == [yatim]
    assert not yatim.exists() and baru.exists()


def test_muat_data_kerja_membuat_cadangan(data_demo, tmp_path):
    from pipelines.muat import OpsiPagu, muat_pagu
    from tests.pipelines.berkas_uji import tulis_csv

    path = tulis_csv(
        tmp_path / "pagu.csv", [["tahun", "jenis", "kode", "nilai"], ["2027", "kecamatan", "99.01.01", "1000000"]], ","
    )
    muat_pagu(path, OpsiPagu(), data_demo)
    assert any(c.alasan == "sebelum-impor" for c in cadangan.daftar_cadangan(data_demo))


def test_pulihkan_cadangan_tertua_tidak_hilang(data_demo):
    """Restoring the oldest copy: the backup of the current file must not rotate the chosen copy away first."""
    for _ in range(cadangan.SIMPAN["referensi"]):
        cadangan.buat_cadangan(data_demo, "referensi", "uji")
    tertua = [c for c in cadangan.daftar_cadangan(data_demo) if c.berkas == "referensi"][-1]
    assert main(["pulihkan", tertua.nama]) == 0
    assert data_demo.referensi.exists()
