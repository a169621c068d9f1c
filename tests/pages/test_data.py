"""AppTest: the Data page renders for every kind of data and shows the load history."""

from __future__ import annotations

import pytest

from pipelines.muat import JENIS_MUAT
from tests.pages import bantu


@pytest.mark.parametrize("jenis", list(JENIS_MUAT))
def test_halaman_data(data_demo, jenis):
    at = bantu.app_masuk(default_timeout=120)
    at.session_state["jenis_muat"] = jenis
    at.switch_page("pages/halaman/data.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Data"
    assert at.button(key="tombol_muat").disabled  # nothing uploaded yet
    riwayat = at.dataframe[0].value
    assert "demo" in set(riwayat["jenis"])
    isi = at.dataframe[1].value.set_index("tabel")["baris"]
    assert isi["wilayah"] == 129 and isi["usulan"] > 400
