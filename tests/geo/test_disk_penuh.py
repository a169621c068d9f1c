"""Disk full: the message says so and tells the truth about whether the change was kept (issue 13).

The failure is injected where the disk would refuse: at the commit of a write (after or before
the data reached the file) and while a load copies the reference file.
"""

from __future__ import annotations

import errno
import hashlib

import duckdb
import pytest

from geo.errors import KesalahanPenyimpanan
from geo.services import usulan as layanan_usulan
from geo.store import db
from tests.akun import pelaku


def _usulan(g):
    return g.df("SELECT id, versi, alamat FROM kerja.usulan WHERE tahap = 'desa' ORDER BY id LIMIT 1").iloc[0]


def test_galat_setelah_data_tertulis_dilaporkan_tersimpan(data_demo, monkeypatch):
    g = db.Gudang(data_demo)
    u = _usulan(g)

    def komit_lalu_gagal(con):
        con.execute("COMMIT")
        raise duckdb.IOException("IO Error: Could not write file: No space left on device")

    monkeypatch.setattr(db, "_komit", komit_lalu_gagal)
    with pytest.raises(KesalahanPenyimpanan) as e:
        layanan_usulan.ubah_usulan(g, int(u["id"]), {"alamat": "RT 01"}, int(u["versi"]), "uji", pelaku())
    assert e.value.tersimpan is True
    assert (
        "disk penuh" in str(e.value) and "SUDAH tersimpan" in str(e.value) and "jangan menyimpan ulang" in str(e.value)
    )
    monkeypatch.undo()
    baru = _usulan(g)
    assert (baru["versi"], baru["alamat"]) == (u["versi"] + 1, "RT 01")
    g.tutup()


def test_galat_sebelum_tertulis_dilaporkan_tidak_tersimpan(data_demo, monkeypatch):
    g = db.Gudang(data_demo)
    u = _usulan(g)

    def gagal(con):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(db, "_komit", gagal)
    with pytest.raises(KesalahanPenyimpanan) as e:
        layanan_usulan.ubah_usulan(g, int(u["id"]), {"alamat": "RT 02"}, int(u["versi"]), "uji", pelaku())
    assert e.value.tersimpan is False and "TIDAK tersimpan" in str(e.value)
    monkeypatch.undo()
    sama = _usulan(g)
    assert (sama["versi"], sama["alamat"]) == (u["versi"], u["alamat"])
    g.tutup()


def test_muat_saat_disk_penuh_tidak_merusak_referensi(data_demo, monkeypatch, tmp_path, capsys):
    from pipelines.__main__ import main
    from tests.pipelines.berkas_uji import gdf_desa, tulis_vektor

    berkas = tulis_vektor(gdf_desa(), tmp_path / "b", "geojson")
    sidik = hashlib.sha256(data_demo.referensi.read_bytes()).hexdigest()

    def salin_gagal(a, b, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(db.shutil, "copyfile", salin_gagal)
    assert main(["load", "batas", str(berkas)]) == 2
    keluar = capsys.readouterr()
    assert "disk penuh" in keluar.err and "Traceback" not in keluar.err + keluar.out
    assert "Data sebelumnya utuh" in keluar.err
    assert hashlib.sha256(data_demo.referensi.read_bytes()).hexdigest() == sidik
    assert not list(data_demo.folder.glob(".referensi-*"))  # no half-written copy left behind
