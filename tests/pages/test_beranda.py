"""AppTest: every page runs on the demo database, and errors reach the user in Indonesian."""

from __future__ import annotations

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from geo.domain.format import angka
from tests.conftest import AKAR
from tests.pages import bantu

APP = str(AKAR / "app.py")


def _jalankan(**pilihan) -> AppTest:
    """Run the app once. Sidebar choices go in through session state before the first run:
    AppTest drops elements drawn by the st.navigation frame (app.py) on a rerun."""
    at = bantu.app_masuk(default_timeout=120)
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


@pytest.mark.lambat
def test_basis_data_dibangun_bila_tidak_ada(tmp_path, monkeypatch):
    monkeypatch.setenv("PETARENCANA_DATA", str(tmp_path / "kosong"))
    at = bantu.app_masuk(peran=None)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "PetaRencana — Masuk"  # logged out: the login page only
    assert (tmp_path / "kosong" / "referensi.duckdb").exists()
    con = duckdb.connect(str(tmp_path / "kosong" / "kerja.duckdb"), read_only=True)
    akun = dict(con.execute("SELECT nama_pengguna, wajib_ganti FROM pengguna").fetchall())
    con.close()
    assert akun == {f"demo.{p}": True for p in ("desa", "kecamatan", "opd", "bappeda", "tapd", "admin", "lihat")}


def test_basis_data_rusak_pesan_jelas(data_demo):
    at = bantu.app_masuk()
    data_demo.referensi.write_bytes(b"rusak" * 2000)
    at.run()  # no exception, no traceback
    assert not at.exception, [e.value for e in at.exception]
    assert at.error, "harus ada pesan galat"
    pesan = at.error[0].value
    assert str(data_demo.referensi) in pesan and "python -m pipelines" in pesan
