"""AppTest: login, logout, one-time passwords, idle timeout, pages per role, and the administrator's page."""

from __future__ import annotations

import pytest

from geo.services import akun
from geo.store import db
from tests.akun import SANDI_UJI, pelaku
from tests.conftest import sebagian_lambat
from tests.pages import bantu

JUDUL = {
    "beranda": "Kabupaten Contoh",  # the scope's name: "Kecamatan …, Kabupaten Contoh" for scoped accounts
    "data_dasar": "Data Dasar",
    "usulan": "Usulan",
    "prioritas": "Prioritas",
    "forum": "Forum",
    "kesesuaian": "Kesesuaian Ruang",
    "kelayakan": "Kelayakan",
    "data": "Data",
    "audit": "Audit",
    "pengguna": "Pengguna",
    "persiapan": "Persiapan Forum",
    "sinkronisasi": "Sinkronisasi anggaran",
    "anggaran": "DIPA & Renja",
}

#: Written out by hand from domain §9: which of these pages each role reaches.
HALAMAN_PERAN = {
    "desa": {"beranda", "data_dasar", "usulan", "prioritas", "forum", "persiapan"},
    "kecamatan": {"beranda", "data_dasar", "usulan", "prioritas", "forum", "persiapan", "kesesuaian", "kelayakan"},
    "opd": {"beranda", "data_dasar", "usulan", "prioritas", "forum", "kesesuaian", "kelayakan", "anggaran"},
    "bappeda": {
        "beranda",
        "data_dasar",
        "usulan",
        "prioritas",
        "forum",
        "persiapan",
        "kesesuaian",
        "kelayakan",
        "sinkronisasi",
        "anggaran",
        "data",
        "audit",
    },
    "tapd": {"beranda", "data_dasar", "prioritas", "forum", "kelayakan", "sinkronisasi", "anggaran", "data"},
    "admin": {"beranda", "data_dasar", "data", "audit", "pengguna"},
    "lihat": {"beranda", "data_dasar"},
}


def _buka(at, halaman: str):
    at.switch_page(f"pages/halaman/{halaman}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("halaman", sebagian_lambat(["beranda", "forum", "usulan", "data", "pengguna"]))
def test_belum_masuk_hanya_halaman_masuk(data_demo, halaman):
    at = _buka(bantu.app_masuk(peran=None), halaman)
    assert [t.value for t in at.title] == ["PetaRencana — Masuk"]
    assert not at.selectbox and not at.dataframe  # no scope, no data
    assert at.text_input[1].proto.type == at.text_input[1].proto.PASSWORD


def test_masuk_lewat_formulir_lalu_keluar(data_demo):
    at = bantu.app_masuk(peran=None)
    at.run()
    at.text_input[0].input("uji.bappeda")
    at.text_input[1].input("salah-sandi-nya")
    at.button[0].click().run()  # logged out: the form's button is the only one
    assert "salah" in at.error[0].value and at.title[0].value == "PetaRencana — Masuk"
    at.text_input[1].input(SANDI_UJI)
    at.button[0].click().run()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Kabupaten Contoh"
    assert any("uji.bappeda" in c.value or "Uji bappeda" in c.value for c in at.sidebar.caption)
    at.sidebar.button(key="tombol_keluar").click().run()
    at.run()
    assert at.title[0].value == "PetaRencana — Masuk"
    assert any("keluar" in i.value for i in at.info)


def test_sandi_sekali_pakai_wajib_diganti(data_demo):
    g = db.Gudang(data_demo)
    sekali = akun.buat_akun(g, pelaku("admin"), "baru.masuk", "Baru", "lihat", "99.01")
    g.tutup()
    at = bantu.app_masuk(peran=None)
    at.run()
    at.text_input[0].input("baru.masuk")
    at.text_input[1].input(sekali)
    at.button[0].click().run()
    at.run()
    assert at.title[0].value == "Ganti kata sandi"
    with pytest.raises(ValueError, match=r"akun\.py"):  # nothing else is routed until the password is changed
        _buka(at, "beranda")
    at.text_input[0].input(sekali)
    at.text_input[1].input("sandi-milik-sendiri")
    at.text_input[2].input("sandi-milik-sendiri")
    at.button[0].click().run()  # saved, then straight to the home page
    assert at.title[0].value == "Kabupaten Contoh"


def test_sesi_diam_terlalu_lama_kembali_ke_halaman_masuk(data_demo):
    at = bantu.app_masuk()
    at.run()
    assert at.title[0].value == "Kabupaten Contoh"
    g = db.Gudang(data_demo)
    with g.sesi(tulis=True) as con:
        con.execute("UPDATE kerja.sesi_masuk SET aktif_terakhir = current_localtimestamp() - INTERVAL 2 HOUR")
    g.tutup()
    at.session_state["masuk"]["disentuh"] = 0  # the next run re-checks the session on the server
    at.run()
    assert at.title[0].value == "PetaRencana — Masuk"
    assert any("berakhir" in i.value for i in at.info)


@pytest.mark.parametrize("peran", sebagian_lambat(HALAMAN_PERAN))
def test_tiap_peran_hanya_halamannya(data_demo, peran):
    at = bantu.app_masuk(peran)
    at.run()
    for halaman, judul in JUDUL.items():
        if halaman in HALAMAN_PERAN[peran]:
            _buka(at, halaman)
            assert at.title[0].value.endswith(judul), (peran, halaman, at.title[0].value)
        else:  # not even routed: a deep link to it cannot run it
            with pytest.raises(ValueError, match="Could not find a navigation page"):
                _buka(at, halaman)


def test_cakupan_operator_kecamatan_terkunci(data_demo):
    at = bantu.app_masuk("kecamatan")
    at.run()
    assert len(at.selectbox(key="kecamatan").options) == 1
    assert len(at.selectbox(key="kabupaten").options) == 1
    assert at.session_state["pilihan"].kecamatan == "99.01.01"


def test_admin_membuat_akun_dan_sandi_tampil_sekali(data_demo):
    at = bantu.app_masuk("admin")
    _buka(at, "pengguna")
    assert "uji.bappeda" in list(at.dataframe[0].value["Nama pengguna"])
    assert "hash_sandi" not in at.dataframe[0].value.columns
    at.text_input[0].input("operator.kaliasih")
    at.text_input[1].input("Siti Operator")
    next(b for b in at.button if b.label == "Buat akun").click()  # the default role: operator desa
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    pesan = next(s.value for s in at.success if "operator.kaliasih" in s.value)
    sandi = pesan.split("`")[1]
    g = db.Gudang(data_demo)
    hasil = akun.masuk(g, "operator.kaliasih", sandi)
    g.tutup()
    assert hasil.wajib_ganti and hasil.pengguna.peran == "desa"
    at.run()
    assert not any("operator.kaliasih" in s.value for s in at.success)  # shown once
