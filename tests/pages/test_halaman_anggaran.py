"""AppTest of the Sinkronisasi and DIPA & Renja pages (issue 15): what-if, versions, DIPA, Renja, DPA, trace."""

from __future__ import annotations

import pytest

from pipelines.demo import TAHUN_BERJALAN, TAHUN_USULAN
from tests.pages.bantu import buka

pytestmark = pytest.mark.apptest


def _teks(at) -> str:
    return " ".join(str(getattr(e, "value", "")) for e in [*at.markdown, *at.caption, *at.metric, *at.text, *at.info])


def test_sinkronisasi_whatif(data_demo):
    """Smoke: the demo ceilings (90 % per OPD) make some usulan fall out; the map, losers and tabs are drawn."""
    at = buka("sinkronisasi", peran="tapd", sk_tahun=TAHUN_USULAN)
    assert at.title[0].value == "Sinkronisasi anggaran"
    m = {x.label: x.value for x in at.metric}
    assert int(m["Keluar"]) > 0 and int(m["Tetap dalam plafon"]) + int(m["Keluar"]) == int(m["Usulan disepakati"])
    assert len(at.tabs) == 5


@pytest.mark.lambat
def test_sinkronisasi_simpan_versi(data_demo):
    at = buka("sinkronisasi", peran="bappeda", sk_tahun=TAHUN_USULAN)
    at.text_input(key="sk_nama").set_value("KUA-PPAS awal")
    at.text_area(key="sk_alasan").set_value("Sesuai kapasitas fiskal")
    next(b for b in at.button if b.label.startswith("Simpan sebagai")).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "versi 1" in " ".join(s.value for s in at.success)
    assert "KUA-PPAS awal" in _teks(at)


def test_peran_halaman_anggaran():
    from geo.domain.definitions import PERAN

    assert "sinkronisasi" in PERAN["bappeda"].halaman and "sinkronisasi" in PERAN["tapd"].halaman
    assert "sinkronisasi" not in PERAN["opd"].halaman and "sinkronisasi" not in PERAN["lihat"].halaman
    assert "anggaran" in PERAN["opd"].halaman and "renja.tulis" in PERAN["opd"].hak
    assert "dpa.tulis" in PERAN["tapd"].hak and "plafon.tulis" in PERAN["tapd"].hak


def test_anggaran_dipa_renja_dpa(data_demo):
    """Smoke: DIPA with downloads and the unmapped kamus item listed; Renja, RKPD and DPA tabs for last year."""
    at = buka("anggaran", peran="bappeda", ag_tahun=TAHUN_BERJALAN, ag_lacak=1)
    assert at.title[0].value == "DIPA & Renja"
    teks = _teks(at)
    assert len(at.get("download_button")) >= 4  # DIPA PDF + XLSX, Renja, RKPD
    assert "K-RTH-01" in str([d.value for d in at.dataframe])  # listed, never guessed
    jalur = next(d.value for d in at.dataframe if "Tahap" in d.value.columns)
    tahap = list(jalur["Tahap"])
    assert tahap[3] == "Musrenbang Kabupaten/Kota" and tahap[-1] == "Realisasi"
    assert tahap[4:7] == ["DIPA Musrenbang", "Renja perangkat daerah", "RKPD"] and tahap.count("DPA") == 2
    assert jalur["Keputusan"].iloc[-1].startswith("Fisik")
    assert "Alasan:" in teks
    tumpang = next(d.value for d in at.dataframe if "Baris A" in d.value.columns)  # RKPD: the demo's same road
    assert len(tumpang) == 1 and tumpang["Jarak"].iloc[0] == "wilayah sama"


@pytest.mark.lambat
def test_anggaran_opd_membuka_renjanya(data_demo):
    at = buka("anggaran", peran="opd", ag_tahun=TAHUN_BERJALAN)
    assert at.selectbox(key="ag_opd").value == "Dinas Kesehatan"


@pytest.mark.lambat
def test_anggaran_susun_renja_dari_skenario(data_demo):
    at = buka("anggaran", peran="bappeda", ag_tahun=TAHUN_USULAN, ag_opd="Dinas Kesehatan")
    assert not [d for d in at.dataframe if "Menjawab usulan" in d.value.columns]  # no Renja for 2027 yet
    next(b for b in at.button if b.label.startswith("Susun baris")).click().run()
    assert not at.exception, [e.value for e in at.exception]
    renja = next(d.value for d in at.dataframe if "Menjawab usulan" in d.value.columns)
    assert len(renja) > 0 and renja["Menjawab usulan"].str.startswith("usulan #").all()


@pytest.mark.lambat
def test_anggaran_tapd_tetapkan_dpa_murni(data_demo):
    from geo.services import renja as layanan_renja
    from geo.store.db import Gudang
    from tests.akun import pelaku

    g = Gudang(data_demo)
    try:
        layanan_renja.renja_dari_skenario(g, "99.01", TAHUN_USULAN, "Dinas Kesehatan", pelaku())
    finally:
        g.tutup()
    at = buka("anggaran", peran="tapd", ag_tahun=TAHUN_USULAN)
    next(b for b in at.button if b.label.startswith("Tetapkan DPA murni")).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="ag_versi_dpa").options == ["Versi 1 (murni, berlaku sejak bulan 1)"]
    assert not at.error  # every RAK sums to its pagu
