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
