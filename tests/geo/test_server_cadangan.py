"""Server mode backup: ``pg_dump -Fc`` then ``pg_restore`` into an empty database gives identical tables (README)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from geo.settings import BerkasData
from geo.store import db, pindah, server
from tests.conftest import basis_data_baru, hapus_basis_data, wajib_atau_lewati

pytestmark = pytest.mark.lambat

_BIN = Path("/usr/lib/postgresql/15/bin")


def _alat(nama: str) -> str:
    jalur = _BIN / nama
    if jalur.exists():
        return str(jalur)
    ada = shutil.which(nama)
    wajib_atau_lewati(ada is not None, f"{nama} (paket postgresql-client-15) tidak terpasang")
    return str(ada)


@pytest.fixture
def data_demo(data_backend):
    return data_backend


def test_pg_dump_lalu_pulihkan_sama_persis(data_demo, tmp_path):
    if not data_demo.server:
        pytest.skip("cadangan pg_dump hanya untuk mode server")
    # a write after the template copy, so the backup holds this session's work too
    g = db.Gudang(data_demo)
    with g.sesi(tulis=True) as con:
        con.execute("UPDATE kerja.usulan SET alamat = 'RT 05 sebelum cadangan' WHERE id = 1")
    g.tutup()
    berkas = tmp_path / "petarencana.dump"
    subprocess.run([_alat("pg_dump"), "-Fc", "-f", str(berkas), "-d", data_demo.server], check=True)
    pulih = basis_data_baru()
    try:
        subprocess.run([_alat("pg_restore"), "--no-owner", "-d", pulih, str(berkas)], check=True)
        con = db.koneksi(":memory:")
        try:
            server.sambung(con, data_demo.server, data_demo.folder, katalog={"referensi": "a_ref", "kerja": "a_kerja"})
            server.sambung(con, pulih, data_demo.folder)
            server.periksa_versi(con, pulih)
            dibanding = 0
            for asal, tujuan in (("a_ref", "ref"), ("a_kerja", "kerja")):
                for tabel in pindah._tabel(con, asal):
                    kolom = pindah._kolom(con, asal, tabel)
                    assert pindah.sidik(con, asal, tabel, kolom) == pindah.sidik(con, tujuan, tabel, kolom), tabel
                    dibanding += 1
            assert dibanding > 40
            assert con.execute("SELECT alamat FROM kerja.usulan WHERE id = 1").fetchone()[0] == "RT 05 sebelum cadangan"
        finally:
            con.close()
        # the restored database serves the app (sequences restored too: a new id follows the old ones)
        g = db.Gudang(BerkasData(data_demo.folder, pulih))
        with g.sesi(tulis=True) as con:
            assert (
                server.nomor_baru(con, "usulan_id")[0] > con.execute("SELECT max(id) FROM kerja.usulan").fetchone()[0]
            )
        g.tutup()
    finally:
        hapus_basis_data(pulih)
