"""AppTest: the Data Dasar page with every classification scheme and tier on the demo data."""

from __future__ import annotations

import pytest

from geo.domain.tematik import SKEMA_KLASIFIKASI
from tests.conftest import sebagian_lambat
from tests.pages import bantu


@pytest.mark.parametrize("skema", sebagian_lambat(SKEMA_KLASIFIKASI))
@pytest.mark.parametrize("tingkat", ["desa", "kecamatan"])
def test_data_dasar(data_demo, skema, tingkat):
    at = bantu.app_masuk(default_timeout=120)
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
    assert any("abu-abu berarsir" in c.value for c in at.caption)


@pytest.mark.parametrize("tampilan", ["selisih", "persen"])
def test_peta_perubahan(data_demo, tampilan):
    """Change map 2024 -> 2025: the ranking values equal the differences computed here."""
    import duckdb

    at = bantu.app_masuk(default_timeout=120)
    at.session_state["indikator"] = "jumlah_penduduk"
    at.session_state["tahun_data"] = 2025
    at.session_state["tampilan"] = tampilan
    at.session_state["palet"] = "RdYlBu"
    at.switch_page("pages/halaman/data_dasar.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    con = duckdb.connect(str(data_demo.referensi), read_only=True)
    df = con.execute("SELECT kode_wilayah, tahun, nilai FROM indikator WHERE indikator = 'jumlah_penduduk'").df()
    con.close()
    lebar = df.pivot(index="kode_wilayah", columns="tahun", values="nilai")
    harap = lebar[2025] - lebar[2024]
    if tampilan == "persen":
        harap = harap / lebar[2024] * 100
    got = at.dataframe[0].value.set_index("Kode")["Nilai"]
    assert (got - harap.reindex(got.index)).abs().max() < 1e-9


@pytest.mark.lambat
def test_cetak_dari_halaman(data_demo):
    at = bantu.app_masuk(default_timeout=180)
    at.session_state["indikator"] = "prevalensi_stunting"
    at.switch_page("pages/halaman/data_dasar.py")
    at.run()
    at.button(key="siapkan_cetak").click().run()
    assert not at.exception, [e.value for e in at.exception]
    berkas = at.session_state["cetak"]
    assert berkas["png"].startswith(b"\x89PNG") and berkas["pdf"].startswith(b"%PDF")
    assert berkas["buku"].startswith(b"%PDF")
    assert len(at.get("download_button")) == 4  # PNG, PDF, buku peta, HTML luring


def test_berdampingan(data_demo):
    at = bantu.app_masuk(default_timeout=120)
    at.session_state["indikator"] = "persen_miskin"
    at.session_state["berdampingan"] = True
    at.session_state["indikator2"] = "prevalensi_stunting"
    at.switch_page("pages/halaman/data_dasar.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="indikator2").value == "prevalensi_stunting"


@pytest.mark.lambat
def test_lapisan_fasilitas(data_demo):
    """The demo's schools and posyandu (as many as the 2025 counts) can be shown on the map."""
    import duckdb

    con = duckdb.connect(str(data_demo.referensi), read_only=True)
    harap = con.execute(
        "SELECT sum(nilai) FROM indikator WHERE tahun = 2025 AND indikator IN ('jumlah_sekolah', 'jumlah_posyandu')"
    ).fetchone()[0]
    con.close()
    at = bantu.app_masuk(default_timeout=120)
    at.session_state["tampil_fasilitas"] = True
    at.switch_page("pages/halaman/data_dasar.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert f"({int(harap)} titik" in at.toggle(key="tampil_fasilitas").label
