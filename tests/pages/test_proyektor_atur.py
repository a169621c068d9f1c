"""AppTest: the projector opens the set chosen in the URL or the one edited last, slides are
moved and deleted through the versioned write (a stale screen is refused), a slide remembers
its kecamatan scope, and there is a visible way out."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from geo.domain.slide import Slide
from geo.render.aset import FOLDER_STATIS
from geo.services import slide
from geo.store import db
from geo.store.slide import daftar_set
from tests.akun import pelaku
from tests.pages import bantu

NAMA_DEMO = "Musrenbang Kecamatan 2027"


def _buka(**query) -> AppTest:
    at = bantu.app_masuk(default_timeout=120)
    at.query_params.update(query)
    at.switch_page("pages/halaman/proyektor.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _peta(at: AppTest) -> dict:
    """What the data-driven map received: geometry file URL, colours, legend HTML, labels."""
    return json.loads(at.get("bidi_component")[0].proto.json)


def _kode_berkas(data: dict) -> set[str]:
    """Codes in the map's static geometry file (the frame the browser fetches)."""
    nama = data["url"].rsplit("/", 1)[1]
    teks = (FOLDER_STATIS / "lapisan" / nama).read_text()
    return {f["properties"]["kode"] for f in json.loads(teks)["features"]}


def _set(g: db.Gudang, nama: str) -> dict:
    return next(s for s in daftar_set(g, "99.01") if s["nama"] == nama)


@pytest.mark.lambat
def test_membuka_set_terakhir_diubah_atau_dari_url(gudang_demo):
    demo = _set(gudang_demo, NAMA_DEMO)
    slide.simpan_set(
        gudang_demo, "99.01", "Forum Sukamaju", [Slide("jumlah_sekolah", 2025, "desa")], pelaku(nama="ani")
    )
    baru = _set(gudang_demo, "Forum Sukamaju")
    assert [s["nama"] for s in daftar_set(gudang_demo, "99.01")] == ["Forum Sukamaju", NAMA_DEMO]
    at = _buka()
    assert at.selectbox(key="set_slide").value == baru["id"]
    assert at.query_params["set"] == str(baru["id"])
    assert any("slide 1 dari 1" in m.value for m in at.markdown)
    # a link names the set (by id or by name)
    at = _buka(set=str(demo["id"]))
    assert at.selectbox(key="set_slide").value == demo["id"]
    assert any("slide 1 dari 3" in m.value for m in at.markdown)
    at = _buka(set=NAMA_DEMO)
    assert at.selectbox(key="set_slide").value == demo["id"]


def test_pindah_dan_hapus_slide_berversi(gudang_demo):
    awal = _set(gudang_demo, NAMA_DEMO)
    urutan = [s.indikator for s in awal["slide"]]
    at = _buka()
    at.button(key="turun_slide_0").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    sesudah = _set(gudang_demo, NAMA_DEMO)
    assert [s.indikator for s in sesudah["slide"]] == [urutan[1], urutan[0], urutan[2]]
    assert sesudah["versi"] == awal["versi"] + 1
    assert at.success and "dipindahkan" in at.success[0].value
    at.button(key="hapus_slide_2").click().run()
    assert not at.error, [e.value for e in at.error]
    sesudah = _set(gudang_demo, NAMA_DEMO)
    assert [s.indikator for s in sesudah["slide"]] == [urutan[1], urutan[0]]
    assert sesudah["versi"] == awal["versi"] + 2
    # the slide on screen (the first, moved to place 2) is still the one shown
    assert any("slide 2 dari 2" in m.value for m in at.markdown)
    # both changes are in the audit log
    audit = gudang_demo.df("SELECT aksi FROM kerja.audit_log WHERE tabel = 'slide_set'")
    assert len(audit) >= 2


def test_versi_basi_ditolak(gudang_demo):
    awal = _set(gudang_demo, NAMA_DEMO)
    at = _buka()
    # someone else saves the set after this screen was drawn
    lain = [*awal["slide"], Slide("jumlah_sekolah", 2025, "kecamatan")]
    slide.simpan_set(gudang_demo, "99.01", NAMA_DEMO, lain, pelaku(nama="budi"), versi=awal["versi"])
    at.button(key="hapus_slide_0").click().run()
    assert at.error and "diubah orang lain" in at.error[0].value
    tersimpan = _set(gudang_demo, NAMA_DEMO)
    assert tersimpan["versi"] == awal["versi"] + 1 and len(tersimpan["slide"]) == 4  # Budi's change kept
    # the screen now shows the latest version; the delete goes through on it
    assert any("slide 1 dari 4" in m.value for m in at.markdown)
    at.button(key="hapus_slide_0").click().run()
    assert not at.error, [e.value for e in at.error]
    assert len(_set(gudang_demo, NAMA_DEMO)["slide"]) == 3


def test_slide_lingkup_kecamatan(gudang_demo, data_demo):
    kec = gudang_demo.df(
        "SELECT kode, nama FROM ref.wilayah WHERE tingkat = 'kecamatan' ORDER BY kode LIMIT 1 OFFSET 1"
    ).iloc[0]
    s = Slide("jumlah_sekolah", 2025, "desa", kode_wilayah=kec["kode"])
    slide.simpan_set(gudang_demo, "99.01", "Kecamatan saja", [s], pelaku(nama="ani"))
    at = _buka()
    assert any(f"Kecamatan {kec['nama']}" in m.value and "<h1" in m.value for m in at.markdown)

    desa = gudang_demo.df("SELECT kode, nama FROM ref.wilayah WHERE tingkat = 'desa'")
    di_kec = desa[desa["kode"].str.startswith(kec["kode"] + ".")]
    # the map holds that kecamatan's desa only, named on the map, and the legend counts them
    data = _peta(at)
    assert _kode_berkas(data) == set(di_kec["kode"]) and len(data["kelas"]) == len(di_kec)
    assert {nama for nama, _lat, _lon in data["label"]} == set(di_kec["nama"])  # desa labels
    jumlah = [int(n) for n in re.findall(r"\((\d+)\)</div>", data["legenda"])]
    assert sum(jumlah) == len(di_kec) and data["kontras"] and data["ukuran_label"] == 16


def test_slide_tingkat_kecamatan_demo_tergambar(data_demo):
    at = _buka()
    for _ in range(2):
        at.button(key="maju").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("slide 3 dari 3" in m.value for m in at.markdown)
    assert "pr-legenda" in _peta(at)["legenda"]


def test_slide_lama_tanpa_lingkup_tetap_terbaca(gudang_demo):
    with gudang_demo.sesi(tulis=True) as con:
        con.execute(
            "UPDATE kerja.slide_set SET slide = ? WHERE nama = ?",
            [json.dumps([{"indikator": "jumlah_sekolah", "tahun": 2025, "tingkat": "desa"}]), NAMA_DEMO],
        )
    assert _set(gudang_demo, NAMA_DEMO)["slide"] == [Slide("jumlah_sekolah", 2025, "desa")]


def test_tombol_keluar(data_demo):
    at = _buka()
    assert at.button(key="keluar_proyektor").label == "Keluar dari mode proyektor"
    at.button(key="keluar_proyektor").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title and at.title[0].value == "Data Dasar"
