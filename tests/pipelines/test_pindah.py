"""``pindah``: DuckDB files → PostgreSQL → DuckDB files with identical tables, and nothing half copied on failure."""

from __future__ import annotations

import pytest

from geo.errors import KesalahanBasisData
from geo.settings import BerkasData
from geo.store import db, pindah, server
from pipelines.__main__ import main
from tests.conftest import basis_data_baru, hapus_basis_data

pytestmark = pytest.mark.lambat


@pytest.fixture
def server_kosong():
    url = basis_data_baru()
    yield url
    hapus_basis_data(url)


def _skema_server(url: str) -> list[str]:
    con = db.koneksi(":memory:")
    try:
        con.execute(f"LOAD '{server.path_ekstensi_postgres()}'")
        con.execute(f"ATTACH '{url}' AS s (TYPE postgres)")
        return [
            r[0]
            for r in con.execute(
                "SELECT * FROM postgres_query('s', 'SELECT nspname::text FROM pg_namespace "
                "WHERE nspname IN (''referensi'', ''data_kerja'')')"
            ).fetchall()
        ]
    finally:
        con.close()


def test_bolak_balik_duckdb_server_duckdb_sidik_sama(data_demo, server_kosong, tmp_path, capsys):
    # the CLI on the laptop installation (PETARENCANA_DATA points at data_demo)
    assert main(["pindah", "--ke", server_kosong]) == 0
    keluaran = capsys.readouterr().out
    assert "jumlah baris dan sidik semua tabel sama" in keluaran and "kerja.audit_log" in keluaran
    ke_server = pindah.pindah  # the same copy, server -> a new folder
    balik = BerkasData(tmp_path / "balik")
    hasil_balik = ke_server(BerkasData(data_demo.folder, server_kosong), balik)
    assert all(h.cocok for h in hasil_balik)
    # the files that came back hold exactly the original tables (checked on the files themselves)
    con = db.koneksi(":memory:")
    try:
        con.execute(f"ATTACH '{data_demo.kerja}' AS a (READ_ONLY)")
        con.execute(f"ATTACH '{balik.kerja}' AS b (READ_ONLY)")
        for tabel in ("usulan", "audit_log", "keputusan", "pengguna"):
            kolom = pindah._kolom(con, "a", tabel)
            assert pindah.sidik(con, "a", tabel, kolom) == pindah.sidik(con, "b", tabel, kolom)
            assert pindah.sidik(con, "a", tabel, kolom)[0] > 0
    finally:
        con.close()
    # sequences continue after the copied ids: a new usulan on the server gets a fresh id
    g = db.Gudang(BerkasData(data_demo.folder, server_kosong))
    with g.sesi(tulis=True) as con:
        baru = server.nomor_baru(con, "usulan_id")[0]
        maks = con.execute("SELECT max(id) FROM kerja.usulan").fetchone()[0]
    g.tutup()
    assert baru > maks


def test_gagal_di_tengah_tujuan_kosong_lagi(data_demo, server_kosong, monkeypatch):
    def rusak(*a, **k):
        raise KesalahanBasisData("simulasi: koneksi terputus di tengah salinan")

    monkeypatch.setattr(pindah, "_majukan_urutan", rusak)
    with pytest.raises(KesalahanBasisData, match="simulasi"):
        pindah.pindah(data_demo, BerkasData(data_demo.folder, server_kosong))
    assert _skema_server(server_kosong) == []


def test_tujuan_berisi_ditolak(data_demo, server_kosong):
    pindah.pindah(data_demo, BerkasData(data_demo.folder, server_kosong))
    with pytest.raises(KesalahanBasisData, match="sudah berisi"):
        pindah.pindah(data_demo, BerkasData(data_demo.folder, server_kosong))
    assert sorted(_skema_server(server_kosong)) == ["data_kerja", "referensi"]  # the first copy is untouched
