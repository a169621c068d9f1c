"""Formula-looking text from the data stays text in the XLSX exports (issue 13 §5).

A desa named ``+SUM(1,2)`` (from a boundary file) and an usulan whose ``uraian`` is an Excel
``HYPERLINK`` formula (from the edit form) go through the same code the pages use: the SIPD export of
the Forum page and the conformity export of the Kesesuaian Ruang page. Every such cell must be a
string cell holding the text literally; the sheet XML must hold no formula at all.
"""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from geo.render.ekspor import xlsx_sipd
from geo.render.laporan_ruang import xlsx_konflik
from geo.services import kesesuaian as layanan_ks
from geo.services import usulan as layanan_usulan
from geo.store import kesesuaian as simpanan_ks
from geo.store import kueri
from geo.store.db import Gudang
from pipelines.muat import OpsiBatas, muat_batas
from tests.akun import pelaku

KAB, TAHUN = "99.01", 2027
DESA, USULAN = "99.01.01.1002", 61  # usulan 61: Musrenbang Desa, in that desa
DESA_RUMUS = "+SUM(1,2)"
URAIAN_RUMUS = '=HYPERLINK("http://x","klik")'


@pytest.fixture
def gudang_rumus(data_demo, tmp_path):
    """The demo data with the desa renamed by a boundary reload and the usulan edited."""
    g = Gudang(data_demo)
    desa = kueri.wilayah_gdf(g, KAB, "desa", tampil=False)
    g.tutup()
    desa.loc[desa["kode"] == DESA, "nama"] = DESA_RUMUS
    desa[["kode", "nama", "nama_kecamatan", "geometry"]].to_file(tmp_path / "batas.geojson", driver="GeoJSON")
    muat_batas(tmp_path / "batas.geojson", OpsiBatas(), data_demo)
    g = Gudang(data_demo)
    versi = int(kueri.usulan_gdf(g, KAB, TAHUN, ids=[USULAN])["versi"].iloc[0])
    layanan_usulan.ubah_usulan(g, USULAN, {"uraian": URAIAN_RUMUS}, versi, "uji rumus", pelaku())
    yield g
    g.tutup()


def _sel_teks(xlsx: bytes, lembar: str) -> dict[str, openpyxl.cell.Cell]:
    """Every cell of ``lembar`` whose value is one of the two formula texts, by coordinate."""
    ws = openpyxl.load_workbook(io.BytesIO(xlsx))[lembar]
    return {c.coordinate: c for row in ws.iter_rows() for c in row if c.value in (DESA_RUMUS, URAIAN_RUMUS)}


def _tanpa_rumus(xlsx: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        for nama in z.namelist():
            if nama.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(nama) and b"<f " not in z.read(nama), f"rumus di {nama}"


def _periksa(xlsx: bytes, lembar: str) -> None:
    sel = _sel_teks(xlsx, lembar)
    nilai = {c.value for c in sel.values()}
    assert nilai == {DESA_RUMUS, URAIAN_RUMUS}, f"teks rumus tidak tampil apa adanya: {nilai}"
    for koordinat, c in sel.items():
        assert c.data_type == "s", f"{lembar}!{koordinat} = {c.value!r} bukan sel teks ({c.data_type})"
    _tanpa_rumus(xlsx)


def test_ekspor_sipd_menulis_rumus_sebagai_teks(gudang_rumus):
    usulan = kueri.usulan_gdf(gudang_rumus, KAB, TAHUN, "desa")  # what the Forum page exports
    baris = usulan[usulan["id"] == USULAN].iloc[0]
    assert (baris["desa"], baris["uraian"]) == (DESA_RUMUS, URAIAN_RUMUS)
    _periksa(xlsx_sipd(usulan, f"Usulan {TAHUN} di Musrenbang Desa/Kelurahan — seluruh kabupaten"), "Usulan")


def test_ekspor_kesesuaian_menulis_rumus_sebagai_teks(gudang_rumus):
    layanan_ks.periksa_dan_simpan(gudang_rumus, KAB, TAHUN)
    hasil = simpanan_ks.baca_hasil(gudang_rumus, KAB, TAHUN)  # what the Kesesuaian Ruang page exports
    assert URAIAN_RUMUS in set(hasil["uraian"]) and DESA_RUMUS in set(hasil["desa"])
    _periksa(xlsx_konflik(hasil, f"Kesesuaian ruang usulan {TAHUN} — Kabupaten Contoh"), "Kesesuaian")
