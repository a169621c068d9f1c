"""AppTest of the Persiapan Forum page (issue 16): schedule with warnings, the tabs, door entry, roles."""

from __future__ import annotations

import pytest

from geo.services import acara as sa
from geo.services import peserta as sp
from geo.store.db import Gudang
from tests.akun import pelaku
from tests.pages.bantu import buka


def _forum(berkas, tahap: str, kode: str) -> int:
    g = Gudang(berkas)
    try:
        j = sa.jadwal(g, "99.01", 2027).acara
        return int(j[(j["tahap"] == tahap) & (j["kode_forum"] == kode)]["id"].iloc[0])
    finally:
        g.tutup()


def _teks(at) -> str:
    bagian = [e.value for e in (*at.markdown, *at.caption, *at.warning, *at.info, *at.success, *at.subheader, *at.text)]
    bagian += [d.value.to_csv() for d in at.dataframe] + [b.label for b in at.button]
    return "\n".join(map(str, bagian))


def test_jadwal_peringatan_urutan(data_demo):
    at = buka("persiapan", peran="bappeda")
    peringatan = " ".join(w.value for w in at.warning)
    assert "Musrenbang Kecamatan Cibening" in peringatan and "seharusnya lebih dulu" in peringatan
    assert "belum melaksanakan" in " ".join(c.value for c in at.caption)
    judul = [s.value for s in at.subheader]
    assert any(j.startswith("Musrenbang Desa/Kelurahan (120)") for j in judul)
    assert not any("0800-" in d.value.to_csv() for d in at.dataframe)  # the schedule carries no contacts


@pytest.mark.lambat
@pytest.mark.parametrize("tab", ["Fasilitator & bahan", "Undangan", "Daftar hadir", "Notulen", "Inklusi"])
def test_tab_terbuka(data_demo, tab):
    at = buka("persiapan", peran="bappeda", tab_persiapan=tab, acara_pilih=_forum(data_demo, "kecamatan", "99.01.01"))
    teks = _teks(at)
    harapan = {
        "Fasilitator & bahan": "Moderator",
        "Undangan": "Nomor surat",
        "Daftar hadir": "Buat lembar tanda tangan (PDF)",
        "Notulen": "Usulan prioritas kecamatan disepakati",
        "Inklusi": "Usulan menurut kelompok pengusul",
    }[tab]
    assert harapan in teks


@pytest.mark.lambat
def test_inklusi_tanpa_daftar_hadir_bukan_nol(data_demo):
    at = buka(
        "persiapan", peran="bappeda", tab_persiapan="Inklusi", acara_pilih=_forum(data_demo, "kecamatan", "99.01.03")
    )
    m = {x.label: x.value for x in at.metric}
    assert m["Perempuan"] == "—" and m["Kelompok rentan"] == "—" and m["Hadir"] == "—"
    assert "bukan 0 %" in " ".join(i.value for i in at.info)


@pytest.mark.lambat
def test_pintu_cari_centang_dan_datang_sendiri(data_demo):
    acara_id = _forum(data_demo, "kecamatan", "99.01.03")  # invitations recorded, nobody ticked yet
    g = Gudang(data_demo)
    try:
        satu = sp.undangan(g, pelaku("bappeda"), acara_id).sort_values("kontak_id").iloc[0]
    finally:
        g.tutup()
    kata = satu["nama"].split()[-1].lower()
    at = buka("persiapan", peran="bappeda", tab_persiapan="Daftar hadir", acara_pilih=acara_id, cari_hadir=kata)
    at.button(key=f"hadir_{int(satu['kontak_id'])}").click().run()
    assert f"{satu['nama']} tercatat hadir." in [s.value for s in at.success]
    assert at.text_input(key="cari_hadir").value == ""  # ready for the next person
    assert {m.label: m.value for m in at.metric}["Hadir"] == "1"
    at.text_input(key="walkin_nama").input("Warga Datang Sendiri")
    at.radio(key="walkin_jk").set_value("P")
    at.selectbox(key="walkin_kat").set_value("lansia")
    next(b for b in at.button if b.label == "Tambah peserta").click().run()
    assert {m.label: m.value for m in at.metric}["Datang tanpa undangan"] == "1"
    hadir = next(d.value for d in at.dataframe if "Tanpa undangan" in d.value.columns)
    assert set(hadir["Nama"]) == {satu["nama"], "Warga Datang Sendiri"}


@pytest.mark.lambat
def test_akun_kecamatan_dan_desa(data_demo):
    at = buka(
        "persiapan", peran="kecamatan", tab_persiapan="Undangan", acara_pilih=_forum(data_demo, "kecamatan", "99.01.01")
    )
    assert not at.error and "Nomor surat" in _teks(at)
    # only its own kecamatan's forums (and its desa forums) can be picked
    pilihan = at.selectbox(key="acara_pilih").options
    assert pilihan and all("(kecamatan)" in p or "(desa)" in p for p in pilihan)
    assert len(pilihan) == 1 + 15  # demo kecamatan 99.01.01: its forum and its 15 desa forums
    at = buka("persiapan", peran="desa")
    assert not at.exception
    assert [o for o in at.selectbox(key="baru_tahap").options] == ["Musrenbang Desa/Kelurahan"]


@pytest.mark.lambat
def test_geser_jadwal_menghapus_peringatan(data_demo):
    import datetime

    acara_id = _forum(data_demo, "kecamatan", "99.01.08")  # the demo's forum held before one of its desa forums
    at = buka("persiapan", peran="bappeda", acara_pilih=acara_id)
    assert any("Cibening" in w.value for w in at.warning)
    assert at.get("imgs") or at.get("image")  # the place on its offline map
    at.date_input(key=f"ubah_tgl_{acara_id}").set_value(datetime.date(2026, 2, 27))
    next(b for b in at.button if b.label == "Simpan perubahan jadwal").click().run()
    assert not at.exception
    assert "Urutan tahap sudah benar." in " ".join(s.value for s in at.success)
    assert not at.warning


@pytest.mark.lambat
def test_kontak_tidak_di_halaman_publik(data_demo):
    """Public Lacak Usulan, on an usulan of a forum with a distinctive invitee who came: neither name nor contact."""
    from streamlit.testing.v1 import AppTest

    from tests.conftest import AKAR
    from tests.pages.test_halaman_lacak import _teks

    nama, kontak = "Zubaidah Rahasiauji", "0899-5555-0001"
    acara_id = _forum(data_demo, "kecamatan", "99.01.01")
    g = Gudang(data_demo)
    try:
        a = sa.baca(g, acara_id)
        (kid,) = sp.tambah_kontak(
            g, pelaku("bappeda"), "99.01", [{"nama": nama, "kontak": kontak, "kategori": "lansia"}]
        )
        sp.undang(g, pelaku("bappeda"), acara_id, [kid])
        sp.tandai_hadir(
            g,
            pelaku("bappeda"),
            a,
            sp.undangan(g, pelaku("bappeda"), acara_id).query("kontak_id == @kid").iloc[0].to_dict(),
        )
        nomor = int(sa.usulan_forum(g, a)["id"].iloc[0])
    finally:
        g.tutup()
    at = AppTest.from_file(str(AKAR / "pages" / "publik" / "lacak.py"), default_timeout=120)
    at.run()
    at.text_input(key="nomor").set_value(str(nomor)).run()
    assert not at.exception and at.subheader[0].value.startswith(f"Usulan #{nomor}")
    teks = _teks(at)
    assert nama not in teks and kontak not in teks and "Rahasiauji" not in teks


@pytest.mark.lambat
def test_forum_pd_per_perangkat_daerah(data_demo):
    """The form's list follows the tier at once: kecamatan for a kecamatan forum, OPDs for a forum PD."""
    import datetime

    at = buka("persiapan", peran="bappeda", baru_tahap="kecamatan")
    assert len(at.selectbox(key="baru_wilayah_kecamatan").options) == 8  # the demo's kecamatan, not its desa
    at.selectbox(key="baru_tahap").set_value("forum_pd").run()
    opsi = at.selectbox(key="baru_wilayah_forum_pd").options
    assert opsi[0].startswith("Gabungan seluruh perangkat daerah") and "Dinas Pendidikan dan Kebudayaan" in opsi
    at.selectbox(key="baru_wilayah_forum_pd").set_value("Dinas Pendidikan dan Kebudayaan")
    at.date_input(key="baru_tgl").set_value(datetime.date(2026, 3, 20))
    at.text_input(key="baru_tempat").set_value("Aula Dinas Pendidikan")
    next(b for b in at.get("form_submit_button") if b.label == "Simpan jadwal").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    g = Gudang(data_demo)
    try:
        j = sa.jadwal(g, "99.01", 2027).acara
    finally:
        g.tutup()
    baris = j[(j["tahap"] == "forum_pd") & (j["kode_forum"] == "Dinas Pendidikan dan Kebudayaan")]
    assert len(baris) == 1 and baris["tempat"].iloc[0] == "Aula Dinas Pendidikan"
    assert at.selectbox(key="acara_pilih").value == int(baris["id"].iloc[0])  # the new forum is selected
