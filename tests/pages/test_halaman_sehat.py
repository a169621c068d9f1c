"""The health page (``/?sehat``) names the store and the schema versions, on both backends, without a login."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from geo.store import skema
from tests.conftest import AKAR


@pytest.fixture
def data_demo(data_backend):
    return data_backend


def test_halaman_sehat_tanpa_masuk(data_demo):
    at = AppTest.from_file(str(AKAR / "app.py"), default_timeout=60)
    at.query_params["sehat"] = ""
    at.run()
    assert not at.exception
    teks = at.code[0].value
    assert ("PostgreSQL/PostGIS" if data_demo.server else "DuckDB (berkas)") in teks
    assert f"Skema kerja: versi {skema.versi_terbaru('kerja')}" in teks
    assert at.success[0].value == "Status: SEHAT"
    assert "uji_" not in teks or data_demo.server  # only the database name, never a password
    assert "***" not in teks and "sandi" not in teks.lower()
