"""AppTest: every page runs on the demo database, and errors reach the user in Indonesian."""

from __future__ import annotations

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from geo.domain.format import angka
from tests.conftest import AKAR

APP = str(AKAR / "app.py")


def _jalankan(**pilihan) -> AppTest:
    """Run the app once. Sidebar choices go in through session state before the first run:
    AppTest drops elements drawn by the st.navigation frame (app.py) on a rerun."""
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in pilihan.items():
        at.session_state[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("tingkat", ["desa", "kecamatan", "kabupaten"])
def test_beranda_tiap_tingkat(data_demo, tingkat):
    at = _jalankan(tingkat=tingkat)
    assert at.radio(key="tingkat").value == tingkat
    assert at.title[0].value == "Kabupaten Contoh"
    assert any("sintetis" in i.value.lower() for i in at.info)
    assert at.toggle(key="basemap").value is False  # offline by default


def test_angka_utama_dihitung_sendiri(data_demo):
    """Headline figures equal counts computed here, independently, with plain DuckDB."""
    con = duckdb.connect(str(data_demo.kerja), read_only=True)
    n_usulan = con.execute("SELECT count(*) FROM usulan WHERE tahun = 2027").fetchone()[0]
    per_tahap = dict(con.execute("SELECT tahap, count(*) FROM usulan WHERE tahun = 2027 GROUP BY 1").fetchall())
    con.close()
    at = _jalankan()
    metrik = {m.label: m.value for m in at.metric}
    assert metrik["Desa/Kelurahan"] == "120"
    assert metrik["Kecamatan"] == "8"
    assert metrik["Usulan 2027"] == angka(n_usulan)
    tabel = at.dataframe[0].value
    assert dict(zip(tabel["Tahap"], tabel["Usulan"], strict=True)) == {
        "Musrenbang Desa/Kelurahan": angka(per_tahap["desa"]),
        "Musrenbang Kecamatan": angka(per_tahap["kecamatan"]),
        "Forum Perangkat Daerah": angka(per_tahap["forum_pd"]),
        "Musrenbang Kabupaten/Kota": angka(per_tahap["kabupaten"]),
    }
    # another budget year changes the figures
    at = _jalankan(tahun=2026)
    assert {m.label: m.value for m in at.metric}["Usulan 2026"] != angka(n_usulan)


def test_basis_data_dibangun_bila_tidak_ada(tmp_path, monkeypatch):
    monkeypatch.setenv("PETARENCANA_DATA", str(tmp_path / "kosong"))
    at = _jalankan()
    assert at.title[0].value == "Kabupaten Contoh"
    assert (tmp_path / "kosong" / "referensi.duckdb").exists()


def test_basis_data_rusak_pesan_jelas(data_demo):
    data_demo.referensi.write_bytes(b"rusak" * 2000)
    at = _jalankan()  # no exception, no traceback
    assert at.error, "harus ada pesan galat"
    pesan = at.error[0].value
    assert str(data_demo.referensi) in pesan and "python -m pipelines" in pesan
