"""AppTest: the Data Dasar page with every classification scheme and tier on the demo data."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from geo.tematik import SKEMA_KLASIFIKASI
from tests.conftest import AKAR


@pytest.mark.parametrize("skema", list(SKEMA_KLASIFIKASI))
@pytest.mark.parametrize("tingkat", ["desa", "kecamatan"])
def test_data_dasar(data_demo, skema, tingkat):
    at = AppTest.from_file(str(AKAR / "app.py"), default_timeout=120)
    at.session_state["skema"] = skema
    at.session_state["tingkat"] = tingkat
    at.session_state["indikator"] = "persen_miskin"
    at.switch_page("pages/halaman/data_dasar.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    peringkat = at.dataframe[0].value
    assert len(peringkat) == (120 if tingkat == "desa" else 8)
    nilai = peringkat["Nilai"].dropna()
    assert list(nilai) == sorted(nilai, reverse=True) and peringkat["Peringkat"].iloc[0] == "1"
    assert "abu-abu berarsir" in at.caption[-2].value
