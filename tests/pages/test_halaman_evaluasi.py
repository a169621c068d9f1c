"""AppTest of the Evaluasi page: figures from the data, equity view, OPD achievement, exports."""

from __future__ import annotations

import pytest

from geo.domain import evaluasi as ev
from geo.services.evaluasi import evaluasi
from geo.store.db import Gudang
from pipelines.demo import TAHUN_BERJALAN, TAHUN_USULAN
from tests.akun import pelaku
from tests.pages.bantu import buka


def _metrik(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_evaluasi_tahun_usulan(data_demo):
    at = buka("evaluasi", peran="bappeda", ev_tahun=TAHUN_USULAN)
    g = Gudang(data_demo)
    try:
        data = evaluasi(g, "99.01", TAHUN_USULAN, "persen_miskin", pelaku("bappeda", "uji.bappeda"))
    finally:
        g.tutup()
    total = ev.total_rekap(data.rekap_desa)
    m = _metrik(at)
    assert m["Usulan diajukan"] == f"{int(total['diusulkan'])}" and int(total["diusulkan"]) > 100
    assert m["Didanai (diterima kabupaten)"] == f"{int(total['didanai'])}"
    teks = " ".join(e.value for e in at.markdown)
    partisipasi = next(d.value for d in at.dataframe if "Kelompok rentan" in d.value.columns)  # issue 16: per forum
    assert len(partisipasi) > 100 and (partisipasi["Kelompok rentan"] == "—").any()  # not recorded: "—", never 0 %
    prioritas = ev.paling_butuh_paling_sedikit(data.ekuitas)
    assert len(prioritas) > 0 and all(n in teks for n in prioritas["nama"])
    assert len(at.get("download_button")) >= 4
    assert "Belum ada laporan realisasi" in " ".join(e.value for e in at.info)  # 2027: nothing reported yet


@pytest.mark.parametrize("peran", ["tapd", "lihat"])
def test_evaluasi_tahun_berjalan_capaian_opd(data_demo, peran):
    at = buka("evaluasi", peran=peran, ev_tahun=TAHUN_BERJALAN)
    tabel = [d.value for d in at.dataframe]
    opd = next(t for t in tabel if "Kategori capaian" in t.columns)
    assert len(opd) >= 3 and opd["Kategori capaian"].notna().all()
    assert len(at.get("download_button")) >= 6
