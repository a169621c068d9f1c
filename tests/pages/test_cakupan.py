"""The scope (one kecamatan) chosen in the sidebar is honoured by every page: titles, counts, maps, URL."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import sebagian_lambat
from tests.pages import bantu
from tests.pages.bantu import buka

KEC = "99.01.02"  # Kecamatan Sukamaju


def _teks(at: AppTest) -> str:
    bagian = [e.value for jenis in ("title", "markdown", "caption", "subheader") for e in getattr(at, jenis)]
    return " ".join(str(b) for b in bagian)


def _angka(at: AppTest) -> tuple:
    """What a page counts: its metric cards and the sizes of its tables."""
    return tuple(m.value for m in at.metric) + tuple(len(d.value) for d in at.dataframe)


@pytest.mark.parametrize(
    "halaman", sebagian_lambat(["beranda", "data_dasar", "prioritas", "forum", "kesesuaian", "kelayakan"])
)
def test_halaman_mengikuti_cakupan_kecamatan(data_demo, halaman):
    kab = buka(halaman)
    kec = buka(halaman, kecamatan=KEC)
    assert "Sukamaju" in _teks(kec) and "Kecamatan Sukamaju" not in _teks(kab)
    assert _angka(kec) != _angka(kab), "angka dan tabel harus menghitung cakupan, bukan seluruh kabupaten"


@pytest.mark.parametrize("halaman", sebagian_lambat(["usulan", "proyektor", "data"]))
def test_halaman_lain_terbuka_di_cakupan_kecamatan(data_demo, halaman):
    at = buka(halaman, kecamatan=KEC)
    assert not at.error, [e.value for e in at.error]


def test_beranda_kecamatan_menghitung_desanya(data_demo, gudang_demo):
    at = buka("beranda", kecamatan=KEC)
    n_desa = int(
        gudang_demo.df(
            "SELECT count(*) n FROM ref.wilayah WHERE tingkat = 'desa' AND starts_with(kode, ?)", [KEC + "."]
        )["n"][0]
    )
    kartu = {m.label: m.value for m in at.metric}
    assert kartu["Desa/Kelurahan"] == str(n_desa) and kartu["Kecamatan"] == "1"
    assert at.title[0].value == "Kecamatan Sukamaju, Kabupaten Contoh"


def test_tautan_membawa_cakupan(data_demo):
    """The URL carries the scope both ways: a link with ?kec= opens that kecamatan; choosing one updates the URL."""
    at = bantu.app_masuk(default_timeout=120)
    at.query_params["kec"] = KEC
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["kecamatan"] == KEC and at.title[0].value.startswith("Kecamatan Sukamaju")
    at2 = buka("beranda")
    at2.selectbox(key="kecamatan").set_value("99.01.03").run()
    assert at2.query_params["kec"] == ["99.01.03"] or at2.query_params["kec"] == "99.01.03"
    assert at2.query_params["kab"] in (["99.01"], "99.01")
