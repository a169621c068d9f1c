"""Server mode under bad conditions: unreachable server, a connection dropped inside a write, a newer schema.

Each gives a clear Indonesian message (a :class:`~geo.errors.KesalahanBasisData`) and no partial write remains.
"""

from __future__ import annotations

import pytest

from geo.errors import KesalahanBasisData
from geo.settings import BerkasData
from geo.store import db, keadaan, server, skema
from tests.akun import pelaku

pytestmark = pytest.mark.lambat


@pytest.fixture
def data_server(data_backend):
    if not data_backend.server:
        pytest.skip("hanya mode server")
    return data_backend


def test_server_tidak_terjangkau_pesan_jelas(tmp_path):
    with pytest.raises(KesalahanBasisData, match="tidak dapat dihubungi") as e:
        db.Gudang(BerkasData(tmp_path, "postgresql://uji:rahasia@127.0.0.1:1/tidakada"))
    assert "rahasia" not in str(e.value)  # the password never reaches a message
    assert "Traceback" not in str(e.value)


def test_koneksi_putus_di_tengah_tulis_tanpa_sisa(data_server):
    g = db.Gudang(data_server)
    lain = db.Gudang(data_server)
    sebelum = g.df("SELECT count(*) AS n, max(id) AS m FROM kerja.audit_log").iloc[0]
    uid = int(g.df("SELECT min(id) AS i FROM kerja.usulan")["i"][0])
    alamat = g.df("SELECT alamat FROM kerja.usulan WHERE id = ?", [uid])["alamat"][0]
    with pytest.raises(KesalahanBasisData, match="terputus") as e, g.sesi(tulis=True) as con:
        con.execute("UPDATE kerja.usulan SET alamat = 'SETENGAH' WHERE id = ?", [uid])
        con.execute(
            "INSERT INTO kerja.audit_log (waktu, oleh, tabel, kunci, aksi) "
            "VALUES (current_localtimestamp(), 'uji', 'usulan', ?, 'ubah')",
            [str(uid)],
        )
        pid = con.execute("SELECT * FROM postgres_query('kerja', 'SELECT pg_backend_pid()')").fetchone()[0]
        with lain.sesi() as c2:  # the network drops: the server ends this session's connection
            c2.execute(f"SELECT * FROM postgres_query('kerja', 'SELECT pg_terminate_backend({int(pid)})')").fetchall()
        con.execute("UPDATE kerja.usulan SET versi = versi + 1 WHERE id = ?", [uid])
    assert "TIDAK tersimpan" in str(e.value)
    sesudah = lain.df("SELECT count(*) AS n, max(id) AS m FROM kerja.audit_log").iloc[0]
    assert (int(sesudah["n"]), int(sesudah["m"])) == (int(sebelum["n"]), int(sebelum["m"]))
    assert lain.df("SELECT alamat FROM kerja.usulan WHERE id = ?", [uid])["alamat"][0] == alamat
    # the app carries on: the next operation gets a fresh connection
    from geo.services.usulan import ubah_usulan

    versi = int(g.df("SELECT versi FROM kerja.usulan WHERE id = ?", [uid])["versi"][0])
    ubah_usulan(g, uid, {"alamat": "RT 09"}, versi, "setelah koneksi pulih", pelaku())
    assert lain.df("SELECT alamat FROM kerja.usulan WHERE id = ?", [uid])["alamat"][0] == "RT 09"
    g.tutup()
    lain.tutup()


def test_skema_lebih_baru_ditolak_tanpa_mengubah(data_server):
    baru = skema.versi_terbaru("kerja") + 1
    con = db.koneksi(":memory:")
    try:
        server.sambung(con, data_server.server, data_server.folder)
        con.execute(
            "INSERT INTO kerja.skema_migrasi VALUES (?, 'kerja', 'dari versi aplikasi yang lebih baru', "
            "current_localtimestamp())",
            [baru],
        )
        with pytest.raises(KesalahanBasisData, match="lebih baru"):
            server.terapkan_migrasi(con, "kerja")
    finally:
        con.close()
    with pytest.raises(KesalahanBasisData, match="lebih baru dari yang dikenal"):
        db.Gudang(data_server).df("SELECT 1")
    with pytest.raises(KesalahanBasisData, match="lebih baru"):
        keadaan.migrasi_server(data_server)
    assert keadaan.status_server(data_server)["kerja"] == baru  # nothing was rolled back or rewritten
