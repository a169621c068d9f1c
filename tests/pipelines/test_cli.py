"""The CLI prints Indonesian reports and exits 2 on a user-facing error."""

import pytest

from pipelines.__main__ import main


def test_status(data_demo, capsys):
    assert main(["status"]) == 0
    keluar = capsys.readouterr().out
    from geo.store.skema import versi_terbaru

    assert "wilayah" in keluar and "riwayat muat" in keluar
    assert f"referensi.duckdb (skema versi {versi_terbaru('referensi')})" in keluar


@pytest.mark.lambat
def test_siapkan_membangun_bila_kosong(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PETARENCANA_DATA", str(tmp_path / "baru"))
    assert main(["siapkan"]) == 0
    assert "data demo dibangun" in capsys.readouterr().out
    assert main(["siapkan"]) == 0
    assert "skema sudah terbaru" in capsys.readouterr().out


def test_berkas_rusak_keluar_2(data_demo, capsys):
    data_demo.kerja.write_bytes(b"\0" * 4096)
    assert main(["status"]) == 2
    galat = capsys.readouterr().err
    assert "GAGAL" in galat and "kerja.duckdb" in galat and "python -m pipelines" in galat
