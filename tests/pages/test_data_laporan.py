"""AppTest: the Data page after a load — "Lewati unit yang tak cocok" changes the outcome, a refused
load offers its unmatched units as CSV, and the report's lists (review, outside, merged, provisional
codes) appear as tables with downloads.

AppTest cannot upload a file, so ``st.file_uploader`` is replaced for the page's uploader only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import streamlit as st

from pipelines.muat import OpsiBatas, muat_batas
from pipelines.muat.inti import DAFTAR_LAPORAN
from tests.pages import bantu
from tests.pipelines.berkas_uji import gdf_desa, tulis_vektor
from tests.pipelines.test_laporan_daftar import _berkas_nama


@dataclass
class _Unggahan:
    """What the page reads of an uploaded file."""

    name: str
    isi: bytes

    def getvalue(self) -> bytes:
        return self.isi


@pytest.fixture
def unggah(monkeypatch):
    """Put a file in the Data page's uploader: ``unggah(path)``."""
    asli = st.file_uploader
    berkas: dict[str, _Unggahan] = {}

    def palsu(label, *args, key=None, **kwargs):
        if key == "berkas_muat" and "isi" in berkas:
            return berkas["isi"]
        return asli(label, *args, key=key, **kwargs)

    monkeypatch.setattr(st, "file_uploader", palsu)

    def _unggah(path: Path) -> None:
        berkas["isi"] = _Unggahan(path.name, path.read_bytes())

    return _unggah


def _unduhan(at) -> list[str]:
    return [e.proto.label for e in at.get("download_button")]


def _subjudul(at) -> list[str]:
    return [s.value for s in at.subheader]


@pytest.fixture
def dengan_desa(data_demo, tmp_path):
    muat_batas(tulis_vektor(gdf_desa(), tmp_path / "kemendagri", "geojson"), OpsiBatas(), data_demo)
    return data_demo


def test_lewati_tak_cocok_mengubah_hasil(dengan_desa, tmp_path, unggah):
    path = tmp_path / "miskin.csv"
    path.write_text(
        "nama_kecamatan,nama_desa,penduduk_miskin_2024\nBarat,Sukamaju,120\nTimur,Desa Hantu,33\n"
        "Timur,Mekarsari,75\nAntah,Berantah,9\n",
        encoding="utf-8",
    )
    unggah(path)
    at = bantu.buka("data", jenis_muat="indikator", o_kabupaten="98.01")
    assert not at.checkbox(key="o_lewati_tak_cocok").value
    at.button(key="tombol_muat").click().run()
    assert not at.exception, [e.value for e in at.exception]
    # refused: every problem listed, and the units offered as the CSV to fill in for --resolusi
    assert at.error and "2 masalah ditemukan" in at.error[0].value
    assert "Unit yang tak cocok (2)" in _subjudul(at)
    assert "Unduh tak_cocok-miskin.csv" in _unduhan(at)
    tabel = next(d.value for d in at.dataframe if "calon" in d.value.columns)
    assert tabel["nama"].tolist() == ["Desa Hantu", "Berantah"] and set(tabel["kode"]) == {""}

    at.checkbox(key="o_lewati_tak_cocok").check()
    at.button(key="tombol_muat").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error
    assert at.success and "2 baris tersimpan dari 4" in at.success[0].value
    assert "Unit belum cocok (2)" in _subjudul(at)


def test_daftar_laporan_tampil_dengan_unduhan(dengan_desa, tmp_path, unggah):
    unggah(_berkas_nama(tmp_path))
    at = bantu.buka("data", jenis_muat="batas")
    at.button(key="tombol_muat").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success, [e.value for e in at.error]
    for kunci in ("tinjau", "di_luar", "digabung"):
        assert f"{DAFTAR_LAPORAN[kunci][0]} (1)" in _subjudul(at)
        assert f"Unduh {kunci}-desa.csv" in _unduhan(at)
    tinjau = next(d.value for d in at.dataframe if "kode_alternatif" in d.value.columns)
    assert tinjau["nama"].tolist() == ["Sukamaju"]


def test_kode_sementara_dari_halaman(data_demo, tmp_path, unggah):
    unggah(tulis_vektor(gdf_desa().drop(columns="kode"), tmp_path / "nama", "geojson"))
    at = bantu.buka("data", jenis_muat="batas", o_kabupaten="98.01", o_nama_kabupaten="Contoh Dua")
    at.button(key="tombol_muat").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success, [e.value for e in at.error]
    assert any(w.value.startswith("KODE SEMENTARA") for w in at.warning)
    assert f"{DAFTAR_LAPORAN['kode_sementara'][0]} (4)" in _subjudul(at)
    assert "Unduh kode_sementara-desa.csv" in _unduhan(at)
    # the table of loads names the provisional code list
    riwayat = next(d.value for d in at.dataframe if "versi_kode" in d.value.columns)
    assert riwayat["versi_kode"].iloc[0].startswith("kode sementara — ")
