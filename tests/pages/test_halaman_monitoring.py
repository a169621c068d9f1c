"""AppTest of the Monitoring page: maps, problem table, kurva S, and the monthly entry table."""

from __future__ import annotations

import pytest

from tests.pages.bantu import buka

pytestmark = pytest.mark.apptest


def _teks(at) -> str:
    return " ".join(str(getattr(e, "value", "")) for e in [*at.markdown, *at.caption, *at.metric, *at.subheader])


def test_monitoring_bappeda(data_demo):
    at = buka("monitoring", peran="bappeda", mon_tahun=2026)
    assert at.title[0].value == "Monitoring realisasi"
    assert [m.label for m in at.metric][:3] == ["Kegiatan", "Melapor", "Kontrak kritis"]
    teks = _teks(at)
    assert "Kegiatan bermasalah" in teks and "Kurva S" in teks and "Isi realisasi bulanan" in teks
    # laporan triwulan (PDF, XLSX), problem table (XLSX) and kurva S (PNG)
    assert len(at.get("download_button")) == 6  # reports, problem table, kurva S, the two map prints
    # quarter IV: nobody reported December yet — "tidak melapor", never a 0 % achievement
    at.radio(key="mon_triwulan").set_value(4).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.metric[3].value == "tidak melapor"
    assert at.metric[1].value.startswith("0 dari")


def test_monitoring_opd_isi_realisasi(data_demo):
    at = buka("monitoring", peran="opd", mon_tahun=2026)
    assert at.selectbox(key="isi_opd").options == ["Dinas Kesehatan"]
    assert not at.exception


def test_monitoring_peninjau_tanpa_isian(data_demo):
    at = buka("monitoring", peran="lihat", mon_tahun=2026)
    assert "Isi realisasi bulanan" not in _teks(at)


@pytest.mark.lambat
def test_monitoring_padat_per_desa(data_demo, monkeypatch):
    """Above the detail limit the deviation map draws one circle per desa (the province case)."""
    from geo.render import peta_usulan

    monkeypatch.setattr(peta_usulan, "BATAS_RINCI", 10)
    at = buka("monitoring", peran="bappeda", mon_tahun=2026)
    assert not at.exception, [e.value for e in at.exception]
    assert "kegiatan: peta menggambar satu lingkaran per desa" in _teks(at)
    at.radio(key="mon_triwulan").set_value(1).run()  # another quarter: colours change, the page stays whole
    assert not at.exception, [e.value for e in at.exception]
