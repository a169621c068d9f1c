"""Unmatched units: every one reported in one problem report (nothing written), or skipped and
counted with ``--lewati-tak-cocok``; and broken files of every kind end in exit code 2 with the
report, never a traceback."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from geo.settings import berkas_data
from geo.store import ringkas
from pipelines.__main__ import main
from pipelines.muat import (
    JENIS_MUAT,
    KesalahanTakCocok,
    OpsiBatas,
    OpsiIndikator,
    OpsiUsulan,
    muat_batas,
    muat_indikator,
    muat_usulan,
    templat_usulan,
)
from tests.conftest import AKAR, sebagian_lambat
from tests.pipelines.berkas_uji import X0, Y0, gdf_desa, tulis_csv, tulis_vektor


@pytest.fixture
def dengan_desa(data_demo, tmp_path):
    """The demo store plus the four hand-made desa of kabupaten 98.01."""
    muat_batas(tulis_vektor(gdf_desa(), tmp_path / "batas", "geojson"), OpsiBatas(), data_demo)
    return data_demo


def _keadaan(berkas) -> tuple:
    """Fingerprints of both files and the load-history lengths."""
    return (
        ringkas.sidik_tabel(berkas.referensi),
        ringkas.sidik_tabel(berkas.kerja),
        len(ringkas.ringkas_berkas(berkas.referensi, "referensi").riwayat),
        len(ringkas.ringkas_berkas(berkas.kerja, "kerja").riwayat),
    )


def _indikator(berkas, ind: str) -> dict:
    """Values of one indicator in kabupaten 98.01 (the demo kabupaten has its own)."""
    con = duckdb.connect(str(berkas.referensi), read_only=True)
    try:
        rows = con.execute(
            "SELECT kode_wilayah, nilai FROM indikator WHERE indikator = ? AND starts_with(kode_wilayah, '98.') "
            "ORDER BY 1",
            [ind],
        ).fetchall()
    finally:
        con.close()
    return dict(rows)


def _tabel_dua_tak_cocok(tmp_path):
    """Two desa of 98.01 found by name, two that are not there (one in an unknown kecamatan)."""
    return tulis_csv(
        tmp_path / "miskin.csv",
        [
            ["nama_kecamatan", "nama_desa", "penduduk_miskin_2024"],
            ["Barat", "Sukamaju", "120"],
            ["Timur", "Desa Hantu", "33"],
            ["Timur", "Mekarsari", "75"],
            ["Antah", "Berantah", "9"],
        ],
    )


# --------------------------------------------------------------------------- indicators
def test_indikator_dua_tak_cocok_satu_laporan_tanpa_menulis(dengan_desa, tmp_path):
    path = _tabel_dua_tak_cocok(tmp_path)
    sebelum = _keadaan(dengan_desa)
    with pytest.raises(KesalahanTakCocok) as e:
        muat_indikator(path, OpsiIndikator(kabupaten="98.01"), dengan_desa)
    assert [(m.lokasi, m.kolom, m.nilai) for m in e.value.masalah] == [
        ("baris 3", "nama_desa", "Desa Hantu (kec. Timur)"),
        ("baris 5", "nama_desa", "Berantah (kec. Antah)"),
    ]
    # the reason and the candidates are in the report; the units are kept for --resolusi
    assert "calon: Kota Lama (98.01.02.1002" in e.value.masalah[0].perbaikan
    assert "nama kecamatan tidak dikenal" in e.value.masalah[1].harapan
    assert list(e.value.tak_cocok["nama"]) == ["Desa Hantu", "Berantah"]
    assert _keadaan(dengan_desa) == sebelum


def test_indikator_tak_cocok_lewat_cli_keluar_2(dengan_desa, tmp_path, capsys):
    path = _tabel_dua_tak_cocok(tmp_path)
    sebelum = _keadaan(dengan_desa)
    assert main(["load", "indikator", str(path), "--kabupaten", "98.01"]) == 2
    keluar = capsys.readouterr()
    assert "GAGAL, tidak ada yang diubah" in keluar.err and "2 masalah ditemukan" in keluar.err
    assert "Desa Hantu" in keluar.err and "Berantah" in keluar.err and "--lewati-tak-cocok" in keluar.err
    assert "Traceback" not in keluar.err
    assert _keadaan(dengan_desa) == sebelum
    # the units to decide by hand are written next to the store, for --resolusi
    daftar = pd.read_csv(dengan_desa.folder / "tak_cocok-miskin.csv", keep_default_na=False)
    assert list(daftar["nama"]) == ["Desa Hantu", "Berantah"] and set(daftar["kode"]) == {""}


def test_lewati_tak_cocok_memuat_yang_cocok_saja(dengan_desa, tmp_path, capsys):
    path = _tabel_dua_tak_cocok(tmp_path)
    assert main(["load", "indikator", str(path), "--kabupaten", "98.01", "--lewati-tak-cocok"]) == 0
    keluar = capsys.readouterr().out
    assert "baris masuk 4, tersimpan 2" in keluar
    assert "dilewati (tak cocok): 2 baris, 2 unit" in keluar
    assert _indikator(dengan_desa, "penduduk_miskin") == {"98.01.01.2001": 120.0, "98.01.02.2001": 75.0}


def test_opsi_lewati_dari_halaman(dengan_desa, tmp_path):
    """The Data page passes the same option field."""
    lap = muat_indikator(
        _tabel_dua_tak_cocok(tmp_path), OpsiIndikator(kabupaten="98.01", lewati_tak_cocok=True), dengan_desa
    )
    assert (lap.baris_masuk, lap.baris_keluar) == (4, 2)
    assert lap.rincian["dilewati (tak cocok)"] == "2 baris, 2 unit"
    assert any("dilewati" in p for p in lap.peringatan)
    assert list(lap.tak_cocok["nama"]) == ["Desa Hantu", "Berantah"]


def test_kode_belum_dimuat_dan_bps_tanpa_crosswalk(dengan_desa, tmp_path):
    """Codes are units too: a Kemendagri code not loaded, a BPS code not in the crosswalk."""
    path = tulis_csv(
        tmp_path / "k.csv", [["kode_desa", "x_2024"], ["98.01.01.2001", "1"], ["98.01.07.2001", "2"], ["", "3"]]
    )
    with pytest.raises(KesalahanTakCocok) as e:
        muat_indikator(path, OpsiIndikator(), dengan_desa)
    assert [(m.lokasi, m.nilai) for m in e.value.masalah] == [("baris 3", "98.01.07.2001"), ("baris 4", "(kosong)")]
    lap = muat_indikator(path, OpsiIndikator(lewati_tak_cocok=True), dengan_desa)
    assert lap.baris_keluar == 1 and _indikator(dengan_desa, "x") == {"98.01.01.2001": 1.0}
    path = tulis_csv(tmp_path / "b.csv", [["kode_bps", "y_2024"], ["9801010001", "1"], ["9801010002", "2"]])
    with pytest.raises(KesalahanTakCocok) as e:
        muat_indikator(path, OpsiIndikator(), dengan_desa)
    assert [m.lokasi for m in e.value.masalah] == ["baris 2", "baris 3"]
    assert "crosswalk" in e.value.masalah[0].harapan


# --------------------------------------------------------------------------- usulan
def _titik(berkas, kode: str) -> tuple[float, float]:
    from geo.store import db

    con = db.koneksi(berkas.referensi, baca_saja=True)
    try:
        return con.execute(
            "SELECT ST_X(ST_PointOnSurface(geom)), ST_Y(ST_PointOnSurface(geom)) FROM wilayah WHERE kode = ?", [kode]
        ).fetchone()
    finally:
        con.close()


@pytest.mark.lambat
def test_usulan_tak_cocok_dilaporkan_atau_dilewati(data_demo, tmp_path):
    x, y = _titik(data_demo, "99.01.02.2001")
    baik = templat_usulan().assign(kode_desa="99.01.02.2001", lintang=y, bujur=x)
    df = pd.concat(
        [
            baik,
            baik.assign(kode_sumber="T-1", kode_desa="99.01.77.2001"),  # not loaded; its point names a candidate
            baik.assign(kode_sumber="T-2", kode_desa="", lintang=-6.2, bujur=106.8),  # Jakarta: outside
        ],
        ignore_index=True,
    )
    path = tmp_path / "usulan.csv"
    df.to_csv(path, index=False)
    sebelum = _keadaan(data_demo)
    with pytest.raises(KesalahanTakCocok) as e:
        muat_usulan(path, OpsiUsulan(), data_demo)
    assert [(m.lokasi, m.kolom) for m in e.value.masalah] == [("baris 3", "kode_desa"), ("baris 4", "lintang/bujur")]
    assert "(99.01.02.2001) di titik lokasinya" in e.value.masalah[0].perbaikan
    assert e.value.masalah[1].nilai == "-6.200000, 106.800000"
    assert _keadaan(data_demo) == sebelum
    lap = muat_usulan(path, OpsiUsulan(lewati_tak_cocok=True), data_demo)
    assert (lap.baris_masuk, lap.baris_keluar) == (3, 1)
    assert lap.rincian["dilewati (tak cocok)"] == "2 baris"
    assert list(lap.tak_cocok["kode_sumber"]) == ["T-1", "T-2"]


# --------------------------------------------------------------------------- broken files, every kind
def _tabel_sampah(t, _berkas):
    path = t / "sampah.csv"
    path.write_bytes(bytes(range(256)) * 20)  # no text encoding reads it
    return path


def _vektor_sampah(t, _berkas):
    path = t / "sampah.geojson"
    path.write_bytes(bytes(range(256)) * 20)
    return path


def _xlsx_palsu(t, _berkas):
    path = t / "palsu.xlsx"
    path.write_text("bukan buku kerja", encoding="utf-8")
    return path


def _tabel_kolom_asing(t, _berkas):
    return tulis_csv(t / "asing.csv", [["foo", "bar"], ["1", "2"]])


def _vektor_kolom_asing(t, _berkas):
    g = gpd.GeoDataFrame({"foo": ["a"]}, geometry=[box(X0, Y0, X0 + 0.01, Y0 + 0.01)], crs="EPSG:4326")
    return tulis_vektor(g, t / "asing", "geojson")


def _usulan_dua(t, berkas, **ubah):
    """Two usulan rows in demo desa 99.01.02.2001; ``ubah`` changes the second."""
    x, y = _titik(berkas, "99.01.02.2001")
    df = pd.concat([templat_usulan()] * 2, ignore_index=True).assign(kode_desa="99.01.02.2001", lintang=y, bujur=x)
    for k, v in ubah.items():
        df.loc[1, k] = v
    df.to_csv(t / "usulan.csv", index=False)
    return t / "usulan.csv"


_KEPALA_RFK = [
    "usulan_id",
    "tahun",
    "bulan",
    "rencana_fisik",
    "realisasi_fisik",
    "rencana_keuangan",
    "realisasi_keuangan",
]
_KEPALA_KAMUS = ["kode", "nama", "satuan", "harga_satuan", "bidang", "opd", "kelas_kegiatan", "jenis_geometri"]

#: breakage -> kind -> file maker ``(tmp_path, berkas) -> path``, where the kind has keys or units.
_RUSAK = {
    "ganda": {
        "batas": lambda t, _b: tulis_vektor(gdf_desa().assign(kode="98.01.01.2001"), t / "g", "geojson"),
        "indikator": lambda t, _b: tulis_csv(
            t / "g.csv", [["kode_desa", "x_2024"], ["99.01.01.1001", "1"], ["9901011001", "2"]]
        ),
        "itbx": lambda t, _b: tulis_csv(t / "g.csv", [["kegiatan", "kode_zona", "itbx"], ["Pasar", "R-1", "I"]] * 2),
        "padanan-kegiatan": lambda t, _b: tulis_csv(
            t / "g.csv", [["kelas_kegiatan", "kegiatan"], ["jalan", "Pasar"]] * 2
        ),
        "kamus": lambda t, _b: tulis_csv(
            t / "g.csv", [_KEPALA_KAMUS, ["K-1", "a", "m", "1", "b", "o", "jalan", "garis"]] * 2
        ),
        "usulan": _usulan_dua,  # the same kode_sumber twice
        "pagu": lambda t, _b: tulis_csv(
            t / "g.csv", [["tahun", "jenis", "kode", "nilai"], ["2027", "kecamatan", "99.01.01", "1"]] * 2
        ),
        "realisasi": lambda t, _b: tulis_csv(t / "g.csv", [_KEPALA_RFK, ["1", "2026", "1", "10", "5", "1", "1"]] * 2),
    },
    "tak cocok": {
        "indikator": lambda t, _b: tulis_csv(
            t / "t.csv", [["nama_kecamatan", "nama_desa", "x_2024"], ["Antah", "Berantah", "1"], ["Entah", "Ke", "2"]]
        ),
        "usulan": lambda t, b: _usulan_dua(t, b, kode_sumber="X-2", kode_desa="99.01.77.2001"),
        "realisasi": lambda t, _b: tulis_csv(t / "t.csv", [_KEPALA_RFK, ["999999", "2026", "1", "10", "5", "1", "1"]]),
    },
}
_VEKTOR = {"batas", "pola-ruang", "zonasi", "overlay", "lahan"}
#: Options a kind needs before it reads anything.
_OPSI = {
    "indikator": ["--tahun", "2024", "--kabupaten", "99.01"],
    "overlay": ["--jenis-overlay", "rawan_bencana", "--kolom-kelas", "kelas"],
}


def _kasus():
    for jenis in JENIS_MUAT:
        if jenis in _VEKTOR:
            yield pytest.param(jenis, _vektor_sampah, id=f"{jenis}-tak-terbaca")
            yield pytest.param(jenis, _vektor_kolom_asing, id=f"{jenis}-kolom-hilang")
        else:
            yield pytest.param(jenis, _tabel_sampah, id=f"{jenis}-pengodean")
            yield pytest.param(jenis, _xlsx_palsu, id=f"{jenis}-xlsx-rusak")
            yield pytest.param(jenis, _tabel_kolom_asing, id=f"{jenis}-kolom-hilang")
        for rusak, pembuat in _RUSAK.items():
            if jenis in pembuat:
                yield pytest.param(jenis, pembuat[jenis], id=f"{jenis}-{rusak.replace(' ', '-')}")


def _keadaan_satu(berkas, data: str) -> tuple:
    """Fingerprint and load-history length of the one file a kind writes."""
    path = berkas.referensi if data == "referensi" else berkas.kerja
    return ringkas.sidik_tabel(path), len(ringkas.ringkas_berkas(path, data).riwayat)


@functools.cache
def _keadaan_demo(folder: Path, data: str) -> tuple:
    """:func:`_keadaan_satu` of the session's demo folder (every ``data_demo`` starts as a copy of it)."""
    return _keadaan_satu(berkas_data(folder), data)


@pytest.mark.parametrize(("jenis", "buat"), sebagian_lambat(_kasus()))
def test_berkas_rusak_keluar_2_tanpa_traceback(folder_demo, data_demo, tmp_path, capsys, jenis, buat):
    path = buat(tmp_path, data_demo)
    assert main(["load", jenis, str(path), *_OPSI.get(jenis, [])]) == 2
    galat = capsys.readouterr().err
    assert "GAGAL" in galat and "masalah ditemukan" in galat and "Traceback" not in galat, galat
    data = JENIS_MUAT[jenis].pemuat.data
    assert _keadaan_satu(data_demo, data) == _keadaan_demo(folder_demo, data)


@pytest.mark.parametrize(
    ("jenis", "buat"),
    sebagian_lambat(
        [("indikator", _RUSAK["tak cocok"]["indikator"]), ("kamus", _tabel_sampah), ("pagu", _RUSAK["ganda"]["pagu"])]
    ),
)
def test_python_m_pipelines_tanpa_traceback(data_demo, tmp_path, jenis, buat):
    """The real command line, in its own process: exit 2, the report on stderr, no traceback."""
    r = subprocess.run(
        [sys.executable, "-m", "pipelines", "load", jenis, str(buat(tmp_path, data_demo)), *_OPSI.get(jenis, [])],
        cwd=AKAR,
        env={**os.environ, "PETARENCANA_DATA": str(data_demo.folder)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 2, r.stderr
    assert "masalah ditemukan" in r.stderr and "Traceback" not in r.stderr, r.stderr
