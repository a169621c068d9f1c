"""AppTest: add an usulan through the Usulan form, import a file, edit with a version check,
then move it up the tiers on the Forum page and read its history."""

from __future__ import annotations

import shapely
from streamlit.testing.v1 import AppTest

from geo.store import db, kueri
from tests.akun import pelaku
from tests.pages.bantu import buka


def _isi_form(at: AppTest, uraian: str) -> None:
    at.text_area(key="masalah_usulan").set_value("Jalan tanah becek saat hujan")
    at.text_area(key="uraian_usulan").set_value(uraian)
    at.text_input(key="pengusul_usulan").set_value("RW 02")
    at.text_input(key="nik_usulan").set_value("3399010101010009")
    at.number_input(key="penerima_perempuan").set_value(80)


def test_tambah_usulan_lewat_formulir_lalu_naik_tahap(data_demo):
    g = db.Gudang(data_demo)
    desa = kueri.wilayah_gdf(g, "99.01", "desa", tampil=False).set_index("kode")
    kode = desa.index[11]
    p = desa.at[kode, "geometry"].representative_point()
    n_awal = int(g.df("SELECT count(*) n FROM kerja.usulan")["n"][0])
    at = buka("usulan", simpul_usulan=[(p.x, p.y)])
    # the desa derived from the pin is shown before saving
    assert any(desa.at[kode, "nama"] in m.value and "dari peta" in m.value for m in at.markdown)
    _isi_form(at, "Pengerasan jalan usaha tani blok sawah timur")
    at.button(key="simpan_usulan").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success and desa.at[kode, "nama"] in at.success[0].value
    baru = g.df("SELECT * FROM kerja.usulan ORDER BY id DESC LIMIT 1").iloc[0]
    assert int(g.df("SELECT count(*) n FROM kerja.usulan")["n"][0]) == n_awal + 1
    assert (baru["kode_desa"], baru["tahap"], baru["status"]) == (kode, "desa", "diajukan")
    assert shapely.from_wkb(
        bytes(g.df("SELECT ST_AsWKB(geom) w FROM kerja.usulan WHERE id = ?", [int(baru["id"])])["w"][0])
    ).equals_exact(p, 1e-6)
    uid = int(baru["id"])

    # the same usulan entered again nearby is held back as a likely duplicate, with a link
    at2 = buka("usulan", simpul_usulan=[(p.x + 0.0003, p.y)])
    _isi_form(at2, "Pengerasan jalan usaha tani blok sawah timur")
    at2.button(key="simpan_usulan").click().run()
    assert not at2.success and at2.warning and "usulan serupa" in at2.warning[0].value
    tautan = at2.dataframe[0].value["Usulan lain"].tolist()
    assert f"/usulan?id={uid}" in tautan
    assert int(g.df("SELECT count(*) n FROM kerja.usulan")["n"][0]) == n_awal + 1

    # move it through desa and kecamatan forums; the history lists creation and both decisions
    for tahap in ("desa", "kecamatan"):
        at3 = buka("forum", tahap_forum=tahap, usulan_forum=uid)
        at3.radio(key="keputusan_forum").set_value("diterima")
        at3.text_input(key="alasan_forum").set_value(f"sepakat {tahap}")
        at3.get("form_submit_button")[0].click().run()
        assert at3.success, [e.value for e in at3.error]
    at4 = buka("usulan", mode_usulan="cari", usulan_dipilih=uid)
    riwayat = next(d.value for d in at4.dataframe if "aksi" in d.value.columns)
    assert list(riwayat["aksi"]) == ["buat", "diterima", "diterima"]
    assert list(riwayat["alasan"])[1:] == ["sepakat desa", "sepakat kecamatan"]
    assert g.df("SELECT tahap FROM kerja.usulan WHERE id = ?", [uid])["tahap"][0] == "forum_pd"
    # the NIK typed in the form is stored but shown nowhere on the page
    halaman = " ".join(str(e.value) for e in at4.markdown) + " ".join(d.value.to_string() for d in at4.dataframe)
    assert "3399010101010009" not in halaman
    g.tutup()


def test_usulan_di_luar_kabupaten_ditolak(data_demo):
    at = buka("usulan", simpul_usulan=[(112.0, -7.0)])
    assert at.error and "di luar kabupaten" in at.error[0].value
    _isi_form(at, "Usulan di luar wilayah")
    at.button(key="simpan_usulan").click().run()
    assert any("masalah ditemukan" in e.value for e in at.error)
    masalah = at.dataframe[0].value
    assert "lokasi" in masalah["Kolom"].tolist()


def test_ubah_usulan_dengan_versi_dan_riwayat(data_demo):
    g = db.Gudang(data_demo)
    uid = int(g.df("SELECT min(id) i FROM kerja.usulan WHERE tahun = 2027")["i"][0])
    at = buka("usulan", mode_usulan="cari", usulan_dipilih=uid)
    at.text_input(key=f"alasan_ubah_{uid}").set_value("survei ulang")
    form = at.get("form")[0]
    form.text_input[0].set_value("Uraian hasil survei ulang")
    # someone else saves a change before this form is submitted
    from geo.services.usulan import ubah_usulan

    versi = int(g.df("SELECT versi FROM kerja.usulan WHERE id = ?", [uid])["versi"][0])
    ubah_usulan(g, uid, {"masalah": "diubah orang lain"}, versi, "koreksi", pelaku(nama="orang lain"))
    at.get("form_submit_button")[0].click().run()
    assert at.error and "diubah orang lain" in at.error[0].value
    # the page stays usable and offers to load the latest version (it is not stopped)
    assert at.button(key=f"muat_ulang_usulan-{uid}").label == "Muat versi terbaru"
    r = g.df("SELECT uraian, masalah FROM kerja.usulan WHERE id = ?", [uid]).iloc[0]
    assert r["masalah"] == "diubah orang lain" and r["uraian"] != "Uraian hasil survei ulang"
    # reopened (new version), the edit goes through and shows in the history
    at = buka("usulan", mode_usulan="cari", usulan_dipilih=uid)
    at.text_input(key=f"alasan_ubah_{uid}").set_value("survei ulang")
    at.get("form")[0].text_input[0].set_value("Uraian hasil survei ulang")
    at.get("form_submit_button")[0].click().run()
    assert not at.exception and at.success, [e.value for e in at.error]
    assert g.df("SELECT uraian FROM kerja.usulan WHERE id = ?", [uid])["uraian"][0] == "Uraian hasil survei ulang"
    riwayat = next(d.value for d in at.dataframe if "aksi" in d.value.columns)
    assert riwayat["alasan"].iloc[-1] == "survei ulang"
    g.tutup()


def test_impor_massal_dan_templat(data_demo, tmp_path):
    at = buka("usulan", mode_usulan="impor")
    assert len(at.get("download_button")) == 3
    assert at.get("file_uploader")
