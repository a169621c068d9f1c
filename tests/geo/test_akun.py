"""Accounts: argon2 hashes, one-time passwords, lock-out, idle timeout, logout, audit of every change."""

from __future__ import annotations

import datetime

import pytest

from geo.domain.definitions import ATURAN_AKUN
from geo.errors import KesalahanAkses, KesalahanInput, KesalahanMasuk
from geo.services import akun
from geo.store import db
from tests.akun import SANDI_UJI, pelaku


@pytest.fixture
def data_demo(data_backend):
    """Every test of this module runs on both backends: the DuckDB files and the PostgreSQL server."""
    return data_backend


@pytest.fixture
def g(data_demo):
    gudang = db.Gudang(data_demo)
    yield gudang
    gudang.tutup()


def _baris(g, nama: str) -> dict:
    return g.df("SELECT * FROM kerja.pengguna WHERE nama_pengguna = ?", [nama]).iloc[0].to_dict()


def test_sandi_disimpan_sebagai_argon2_dan_sekali_pakai(g):
    sekali = akun.buat_akun(g, pelaku("admin"), "Operator.Baru", "Operator Baru", "desa", "99.01.01.1002")
    r = _baris(g, "operator.baru")  # names are stored in lower case
    assert r["hash_sandi"].startswith("$argon2id$") and sekali not in r["hash_sandi"]
    assert r["wajib_ganti"]
    hasil = akun.masuk(g, "operator.baru", sekali)
    assert hasil.wajib_ganti and hasil.pengguna.kode_wilayah == "99.01.01.1002"
    with pytest.raises(KesalahanInput, match="minimal"):
        akun.ganti_sandi(g, hasil.pengguna, sekali, "pendek")
    with pytest.raises(KesalahanInput, match="sandi lama"):
        akun.ganti_sandi(g, hasil.pengguna, "salah-salah-salah", "sandi-baru-yang-panjang")
    akun.ganti_sandi(g, hasil.pengguna, sekali, "sandi-baru-yang-panjang")
    assert not akun.masuk(g, "operator.baru", "sandi-baru-yang-panjang").wajib_ganti
    with pytest.raises(KesalahanMasuk):
        akun.masuk(g, "operator.baru", sekali)  # the one-time password is gone


def test_hanya_admin_membuat_akun_dan_data_akun_diperiksa(g):
    for peran in ("bappeda", "desa", "lihat"):
        with pytest.raises(KesalahanAkses):
            akun.buat_akun(g, pelaku(peran), "x.baru", "X", "lihat", "99.01")
    with pytest.raises(KesalahanInput) as e:
        akun.buat_akun(g, pelaku("admin"), "A B", "", "desa", "99.01.01")
    kolom = {m.kolom for m in e.value.masalah}
    assert kolom == {"nama pengguna", "peran", "nama"}
    with pytest.raises(KesalahanInput, match="belum dipakai"):
        akun.buat_akun(g, pelaku("admin"), "uji.desa", "Lagi", "desa", "99.01.01.1001")


def test_kunci_setelah_gagal_berulang(g):
    nama = "uji.kecamatan"
    for i in range(ATURAN_AKUN["gagal_maks"] - 1):
        with pytest.raises(KesalahanMasuk, match="salah"):
            akun.masuk(g, nama, f"tebakan-{i}")
    with pytest.raises(KesalahanMasuk, match="dikunci"):
        akun.masuk(g, nama, "tebakan-terakhir")
    with pytest.raises(KesalahanMasuk, match="terkunci"):
        akun.masuk(g, nama, SANDI_UJI)  # even the right password, while locked
    # the lock ends by itself (moved into the past here) or by an administrator's reset
    with g.sesi(tulis=True) as con:
        con.execute(
            "UPDATE kerja.pengguna SET terkunci_sampai = current_localtimestamp() - INTERVAL 1 MINUTE "
            "WHERE nama_pengguna = ?",
            [nama],
        )
    assert akun.masuk(g, nama, SANDI_UJI).pengguna.nama_pengguna == nama
    aksi = list(g.df("SELECT aksi FROM kerja.audit_log WHERE kunci = ? ORDER BY id", [nama])["aksi"])
    batas = ATURAN_AKUN["gagal_maks"]
    assert aksi[-(batas + 2) :] == ["gagal_masuk"] * batas + ["terkunci", "masuk"]


def test_nama_tidak_dikenal_dan_sandi_salah_pesannya_sama(g):
    with pytest.raises(KesalahanMasuk) as a:
        akun.masuk(g, "tidak.ada", "apa-saja-apa-saja")
    with pytest.raises(KesalahanMasuk) as b:
        akun.masuk(g, "uji.tapd", "apa-saja-apa-saja")
    assert str(a.value) == str(b.value) == "Nama pengguna atau kata sandi salah."


def test_sesi_berakhir_bila_diam_terlalu_lama_atau_keluar(g):
    token = akun.masuk(g, "uji.bappeda", SANDI_UJI).token
    assert akun.sesi_aktif(g, token)[0].peran == "bappeda"
    assert akun.sesi_aktif(g, "token-palsu") is None
    diam = ATURAN_AKUN["batas_diam_menit"] + 1
    with g.sesi(tulis=True) as con:
        con.execute(f"UPDATE kerja.sesi_masuk SET aktif_terakhir = current_localtimestamp() - INTERVAL {diam} MINUTE")
    assert akun.sesi_aktif(g, token) is None
    assert akun.sesi_aktif(g, token) is None  # closed for good
    token = akun.masuk(g, "uji.bappeda", SANDI_UJI).token
    akun.keluar(g, token, pelaku("bappeda"))
    assert akun.sesi_aktif(g, token) is None
    # the database keeps only the token's hash
    assert token not in set(g.df("SELECT token_hash FROM kerja.sesi_masuk")["token_hash"])


def test_nonaktif_dan_atur_ulang_mengakhiri_sesi_dan_tercatat(g):
    token = akun.masuk(g, "uji.lihat", SANDI_UJI).token
    versi = int(_baris(g, "uji.lihat")["versi"])
    with pytest.raises(KesalahanInput, match="alasan"):
        akun.ubah_akun(g, pelaku("admin"), "uji.lihat", versi, {"aktif": False}, "")
    akun.ubah_akun(g, pelaku("admin"), "uji.lihat", versi, {"aktif": False}, "pindah tugas")
    assert akun.sesi_aktif(g, token) is None
    with pytest.raises(KesalahanMasuk, match="dinonaktifkan"):
        akun.masuk(g, "uji.lihat", SANDI_UJI)
    sandi = akun.atur_ulang_sandi(g, pelaku("admin"), "uji.desa", "lupa sandi")
    assert akun.masuk(g, "uji.desa", sandi).wajib_ganti
    log = g.df(
        "SELECT oleh, aksi, lama, baru, alasan FROM kerja.audit_log WHERE tabel = 'pengguna' "
        "AND kunci IN ('uji.lihat', 'uji.desa') AND oleh = 'uji.admin' ORDER BY id"
    )
    assert list(log["aksi"]) == ["ubah", "atur_ulang_sandi"]
    assert list(log["alasan"]) == ["pindah tugas", "lupa sandi"]
    assert '"aktif": false' in log["baru"][0] and '"aktif": true' in log["lama"][0]
    assert "argon2" not in " ".join(map(str, log["lama"])) + " ".join(map(str, log["baru"]))
    assert "(rahasia)" in log["baru"][1]


def test_admin_tidak_menurunkan_dirinya_sendiri(g):
    admin = pelaku("admin")
    versi = int(_baris(g, "uji.admin")["versi"])
    with pytest.raises(KesalahanInput, match="admin lain"):
        akun.ubah_akun(g, admin, "uji.admin", versi, {"aktif": False}, "salah klik")


def test_oidc_memetakan_email_ke_akun(g):
    akun.buat_akun(g, pelaku("admin"), "oidc.ani", "Ani", "bappeda", "99.01", email="Ani@Kab.go.id")
    assert akun.masuk_oidc(g, "ani@kab.go.id").pengguna.nama_pengguna == "oidc.ani"
    with pytest.raises(KesalahanMasuk, match="Belum ada akun"):
        akun.masuk_oidc(g, "orang@lain.id")


def test_log_audit_tidak_bisa_diubah_dari_aplikasi(data_demo):
    """The working file refuses nothing by itself; the guarantee is that no code path writes it (guard test).
    Here: an account change leaves exactly one new audit row and touches no earlier one."""
    g = db.Gudang(data_demo)
    with g.sesi() as con:
        sebelum = con.execute("SELECT * FROM kerja.audit_log ORDER BY id").fetchall()
    akun.atur_ulang_sandi(g, pelaku("admin"), "uji.opd", "uji")
    with g.sesi() as con:
        sesudah = con.execute("SELECT * FROM kerja.audit_log ORDER BY id").fetchall()
    g.tutup()
    assert sesudah[: len(sebelum)] == sebelum and len(sesudah) == len(sebelum) + 1
    assert isinstance(sesudah[-1][1], datetime.datetime)


def test_wilayah_akun_harus_sudah_dimuat(g):
    with pytest.raises(KesalahanInput, match="sudah dimuat"):
        akun.buat_akun(g, pelaku("admin"), "salah.ketik", "X", "kecamatan", "99.01.99")
