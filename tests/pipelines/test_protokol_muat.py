"""The loader protocol: one options class per kind, all-or-nothing writes, SQL only in geo/store."""

from __future__ import annotations

import ast
import dataclasses
import inspect
import re
import sys
from pathlib import Path

import pandas as pd
import pytest

from geo.domain import definitions
from geo.errors import KesalahanInput, Masalah
from geo.store import impor, referensi, ringkas
from pipelines import demo
from pipelines.__main__ import _parser, main
from pipelines.muat import JENIS_MUAT, OpsiBatas, OpsiDasar, OpsiKamus, muat
from pipelines.muat.inti import Hasil, OpsiTabel, Pemuat, jalankan
from tests.conftest import AKAR
from tests.pipelines.berkas_uji import tulis_csv

#: Options every loader of a file type has, used by the shared steps in pipelines/muat/inti.py.
_OPSI_BERSAMA = {"oleh", "crs", "lembar", "pelaku"}  # pelaku: set by the app or --oleh


@pytest.mark.parametrize("jenis", list(JENIS_MUAT))
def test_tiap_jenis_punya_kelas_opsi_sendiri(jenis):
    j = JENIS_MUAT[jenis]
    assert j.pemuat.jenis == jenis and j.opsi is j.pemuat.Opsi and j.deskripsi
    assert dataclasses.is_dataclass(j.opsi) and issubclass(j.opsi, OpsiDasar)
    assert sum(k.opsi is j.opsi for k in JENIS_MUAT.values()) == 1, "kelas opsi dipakai bersama"
    for kelas in (j.opsi, type(j.pemuat)):
        doc = inspect.getdoc(kelas) or ""
        # a dataclass without a docstring gets its signature as __doc__
        assert doc and not doc.startswith(kelas.__name__ + "("), f"{kelas.__name__} tanpa docstring"
    j.opsi()  # the CLI builds options from flags: every field has a default
    # an options class holds only what its loader reads
    sumber = inspect.getsource(sys.modules[type(j.pemuat).__module__])
    for f in dataclasses.fields(j.opsi):
        if f.name not in _OPSI_BERSAMA:
            assert f"opsi.{f.name}" in sumber, f"{j.opsi.__name__}.{f.name} tidak dipakai pemuat {jenis}"


def test_cli_punya_bendera_untuk_tiap_opsi():
    p = _parser()
    sub = next(a for a in p._actions if a.dest == "perintah")
    tujuan = {a.dest for a in sub.choices["load"]._actions}
    for j in JENIS_MUAT.values():
        hilang = {f.name for f in dataclasses.fields(j.opsi)} - tujuan - {"oleh", "pelaku"}
        assert not hilang, (j.pemuat.jenis, hilang)


def test_opsi_salah_kelas_adalah_bug(data_demo, tmp_path):
    with pytest.raises(TypeError, match="OpsiBatas"):
        muat("batas", tmp_path / "x.geojson", OpsiKamus(), data_demo)


def test_jenis_overlay_dari_definitions():
    assert set(definitions.JENIS_OVERLAY) == set(definitions.ATURAN_OVERLAY) | definitions.OVERLAY_INFORMASI
    assert not set(definitions.ATURAN_OVERLAY) & definitions.OVERLAY_INFORMASI
    assert all(definitions.JENIS_OVERLAY.values())


def _keadaan(berkas) -> tuple:
    """Fingerprints of both files and the load-history lengths."""
    return (
        ringkas.sidik_tabel(berkas.referensi),
        ringkas.sidik_tabel(berkas.kerja),
        len(ringkas.ringkas_berkas(berkas.referensi, "referensi").riwayat),
        len(ringkas.ringkas_berkas(berkas.kerja, "kerja").riwayat),
    )


@dataclasses.dataclass(kw_only=True)
class _OpsiUji(OpsiTabel):
    """Options of the test loader."""


class _TulisLaluGagal(Pemuat[_OpsiUji, None]):
    """Writes a row, then finds a problem: nothing may remain."""

    jenis = "uji"
    deskripsi = "uji"
    Opsi = _OpsiUji

    def __init__(self, data):
        self.data = data

    def baca(self, m, opsi):
        return None

    def tulis(self, m, opsi, bacaan, con) -> Hasil:
        if self.data == "referensi":
            kamus = {"kode": "UJI-1", "nama": "uji", "satuan": "m", "harga_satuan": 1.0, "tahun_harga": 2027}
            kamus |= {"bidang": "b", "opd": "o", "kelas_kegiatan": "jalan", "jenis_geometri": "garis", "sumber": "u"}
            referensi.ganti_kamus(con, pd.DataFrame([kamus]))
        else:
            impor.ganti_baris(con, "pagu", pd.DataFrame([{"tahun": 2027, "jenis": "opd", "kode": "X", "nilai": 1.0}]))
        raise KesalahanInput(m.judul, [Masalah("baris 2", "kode", "X", "kode yang ada", "perbaiki")])


@pytest.mark.parametrize("data", ["referensi", "kerja"])
def test_gagal_setelah_menulis_tidak_mengubah_apa_pun(data_demo, tmp_path, data):
    path = tulis_csv(tmp_path / "uji.csv", [["kode"], ["X"]])
    sebelum = _keadaan(data_demo)
    with pytest.raises(KesalahanInput):
        jalankan(_TulisLaluGagal(data), path, _OpsiUji(), data_demo)
    assert _keadaan(data_demo) == sebelum


@pytest.mark.lambat  # integration run: in make test, out of the everyday tier
def test_periksa_gagal_data_referensi_utuh(data_demo, tmp_path):
    path = tulis_csv(
        tmp_path / "kamus.csv",
        [
            ["kode", "nama", "satuan", "harga_satuan", "bidang", "opd", "kelas_kegiatan", "jenis_geometri"],
            ["K-1", "Jalan", "m", "-5", "PU", "DPUPR", "jalan", "garis"],
        ],
    )
    sebelum = _keadaan(data_demo)
    with pytest.raises(KesalahanInput, match="harga_satuan"):
        muat("kamus", path, OpsiKamus(), data_demo)
    assert _keadaan(data_demo) == sebelum


def test_periksa_gagal_data_kerja_utuh(data_demo, tmp_path):
    kolom = ["usulan_id", "tahun", "bulan", "rencana_fisik", "realisasi_fisik"]
    kolom += ["rencana_keuangan", "realisasi_keuangan"]
    path = tulis_csv(tmp_path / "rfk.csv", [kolom, ["999999", "2026", "1", "10", "5", "1000", "500"]])
    sebelum = _keadaan(data_demo)
    with pytest.raises(KesalahanInput, match="usulan_id"):
        muat("realisasi", path, JENIS_MUAT["realisasi"].opsi(), data_demo)
    assert _keadaan(data_demo) == sebelum


def test_cli_berkas_rusak_pesan_indonesia(data_demo, tmp_path, capsys):
    rusak = tmp_path / "desa.geojson"
    rusak.write_text('{"type": "FeatureCollection", "features": [')
    sebelum = demo.sidik_tabel(data_demo.referensi)
    assert main(["load", "batas", str(rusak), "--tahun", "2024"]) == 2
    galat = capsys.readouterr().err
    assert "GAGAL, tidak ada yang diubah" in galat and "Traceback" not in galat
    assert "--tahun tidak berlaku untuk jenis 'batas'" in galat
    assert demo.sidik_tabel(data_demo.referensi) == sebelum


def test_opsi_batas_menolak_bidang_asing():
    with pytest.raises(TypeError):
        OpsiBatas(matriks="RDTR")  # a zonasi option is not a boundary option


# --------------------------------------------------------------------------- SQL only in geo/store
_SQL = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|WITH)\b")
_DIPERIKSA = ["pipelines", "pages", "geo/domain", "geo/services", "geo/render"]


def _docstring(pohon: ast.AST) -> set[int]:
    """ids of the docstring constants of a module, its classes and functions."""
    hasil = set()
    for n in ast.walk(pohon):
        if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and n.body:
            pertama = n.body[0]
            if isinstance(pertama, ast.Expr) and isinstance(pertama.value, ast.Constant):
                hasil.add(id(pertama.value))
    return hasil


def _sql_di(path: Path) -> list[str]:
    pohon = ast.parse(path.read_text(), filename=str(path))
    doc = _docstring(pohon)
    nama = path.relative_to(AKAR) if path.is_relative_to(AKAR) else path
    return [
        f"{nama}:{n.lineno}: {n.value.strip()[:60]!r}"
        for n in ast.walk(pohon)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in doc and _SQL.match(n.value)
    ]


def test_pengenal_sql_menemukan_sql(tmp_path):
    contoh = tmp_path / "contoh.py"
    contoh.write_text(
        '"""SELECT in a docstring is prose."""\n\n\ndef f():\n    """UPDATE too."""\n'
        '    return f"SELECT * FROM {1}", "DELETE FROM t", "select lower case is prose"\n'
    )
    assert sorted(b.split(": ", 1)[1] for b in _sql_di(contoh)) == ["'DELETE FROM t'", "'SELECT * FROM'"]


def test_sql_hanya_di_geo_store():
    berkas = [AKAR / "app.py"] + [p for d in _DIPERIKSA for p in sorted((AKAR / d).rglob("*.py"))]
    pelanggar = [baris for p in berkas for baris in _sql_di(p)]
    assert pelanggar == [], "SQL di luar geo/store:\n" + "\n".join(pelanggar)
