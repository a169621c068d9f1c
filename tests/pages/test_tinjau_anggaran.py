"""AppTest of second-read fixes on the DIPA & Renja page: a DPA change made on an older version is refused."""

from __future__ import annotations

import pytest

from pipelines.demo import TAHUN_BERJALAN
from tests.pages.bantu import buka

pytestmark = pytest.mark.apptest


@pytest.mark.lambat
def test_pergeseran_dari_versi_lama_ditolak_di_halaman(data_demo):
    """TAPD opens DPA version 1 while version 2 is in force: saving a change says so and writes nothing."""
    at = buka("anggaran", peran="tapd", ag_tahun=TAHUN_BERJALAN, ag_versi_dpa=1)
    alasan = next(t for t in at.text_input if t.label == "Alasan perubahan")
    alasan.set_value("geser dari layar lama")
    next(b for b in at.button if b.label.startswith("Simpan sebagai versi DPA")).click().run()
    assert not at.exception, [e.value for e in at.exception]
    pesan = " ".join(str(e.value) for e in [*at.error, *at.warning])
    assert "kini versi 2" in pesan, pesan
    assert not any("versi 3" in str(s.value) for s in at.success)


def _kolom_tanggal(at) -> str:
    jalur = next(d for d in at.dataframe if "Tahap" in d.value.columns)
    return str(jalur.proto.columns)


@pytest.mark.lambat
def test_lacak_tanggal_berbentuk_indonesia(data_demo):
    """The trace's decision dates read 05-02-2025, not 2025-02-05 (app page and public Lacak Usulan)."""
    from streamlit.testing.v1 import AppTest

    from tests.conftest import AKAR

    at = buka("anggaran", peran="bappeda", ag_tahun=TAHUN_BERJALAN, ag_lacak=1)
    assert "DD-MM-YYYY" in _kolom_tanggal(at)
    pub = AppTest.from_file(str(AKAR / "pages" / "publik" / "lacak.py"), default_timeout=120)
    pub.run()
    pub.text_input(key="nomor").set_value("1").run()
    assert not pub.exception, [e.value for e in pub.exception]
    assert "DD-MM-YYYY" in _kolom_tanggal(pub)


@pytest.mark.lambat
def test_sinkronisasi_skor_dan_jarak_berbentuk_indonesia(data_demo):
    """The priority score of the usulan that fall out reads 0,834 (decimal comma), not 0.834."""
    from pipelines.demo import TAHUN_USULAN

    at = buka("sinkronisasi", peran="tapd", sk_tahun=TAHUN_USULAN)
    keluar = next(d.value for d in at.dataframe if "Skor prioritas" in d.value.columns)
    assert len(keluar) and keluar["Skor prioritas"].map(lambda v: isinstance(v, str) and "," in v).all()
    assert not keluar["Skor prioritas"].astype(str).str.contains(r"\d\.\d{3}$").any()
    assert list(keluar.columns[:4]) == ["No.", "Perangkat daerah", "Nilai", "Skor prioritas"]  # key columns first
