"""PDF documents (fpdf2): full text in wrapping tables, repeated headers, signatures, Unicode, thread safety.

Built from small synthetic frames (no demo database), so the whole module runs in a few seconds.
"""

from __future__ import annotations

import ast
import io
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import geopandas as gpd
import pypdf
import pytest
from shapely.geometry import Point, box

from geo.render.berita_acara import DataBeritaAcara, pdf_berita_acara
from geo.render.laporan_ruang import pdf_konflik

AKAR = Path(__file__).resolve().parents[2]
OPD = ("Dinas Kesehatan", "Dinas Pekerjaan Umum dan Penataan Ruang")
ALASAN_PANJANG = (
    "Ditunda karena lahan ≥ 2 × 3 m belum bersertifikat – menunggu hibah dari pemilik; "
    + "rapat meminta kajian teknis, gambar rencana, dan surat pernyataan warga sebelum diajukan kembali … " * 3
)[:300].strip()


def _wilayah() -> gpd.GeoDataFrame:
    nama = ["Sukamaju", "Sidoarjo", "Karanganyar", "Tegalsari"]
    geom = [
        box(110.0 + 0.02 * (i % 2), -7.0 + 0.02 * (i // 2), 110.02 + 0.02 * (i % 2), -6.98 + 0.02 * (i // 2))
        for i in range(4)
    ]
    return gpd.GeoDataFrame({"kode": [f"99.01.02.200{i}" for i in range(4)], "nama": nama}, geometry=geom, crs=4326)


def _usulan(n: int, mulai: int, keputusan: str, alasan: str) -> gpd.GeoDataFrame:
    wil = _wilayah()
    return gpd.GeoDataFrame(
        {
            "id": range(mulai, mulai + n),
            "uraian": [
                f"Pembangunan jalan lingkungan rabat beton dan saluran drainase di dusun {i} sepanjang gang utama"
                for i in range(n)
            ],
            "desa": [wil["nama"][i % 4] for i in range(n)],
            "opd": [OPD[i % 2] for i in range(n)],
            "volume": [100 + i for i in range(n)],
            "satuan": "meter",
            "biaya": [10_000_000.0 * (i + 1) for i in range(n)],
            "keputusan": keputusan,
            "alasan": alasan,
        },
        geometry=[Point(110.005 + 0.0004 * i, -6.995 + 0.0004 * i) for i in range(n)],
        crs=4326,
    )


def _data(n_prioritas: int = 80) -> DataBeritaAcara:
    belum = _usulan(3, 1000, "ditunda", "belum dibahas")
    belum.loc[belum.index[0], "alasan"] = ALASAN_PANJANG
    return DataBeritaAcara(
        judul="Musrenbang Kecamatan — Kecamatan Sukamaju",
        nama_forum="Kecamatan Sukamaju",
        tahun=2027,
        tahap="kecamatan",
        prioritas=_usulan(n_prioritas, 1, "diterima", "prioritas forum"),
        belum=belum,
        pagu=2_000_000_000.0,
        wilayah=_wilayah(),
    )


def _teks(pdf: bytes) -> list[str]:
    assert pdf.startswith(b"%PDF")
    return [h.extract_text() for h in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def _rapat(teks: str) -> str:
    """Collapse line breaks from wrapping, so a wrapped sentence can be found whole."""
    return " ".join(teks.split())


@pytest.fixture(scope="module")
def halaman_ba() -> list[str]:
    return _teks(pdf_berita_acara(_data()))


def test_alasan_panjang_utuh(halaman_ba):
    assert len(ALASAN_PANJANG) == 300
    assert _rapat(ALASAN_PANJANG) in _rapat("\n".join(halaman_ba))


def test_tabel_panjang_berpindah_halaman_dengan_kepala_berulang(halaman_ba):
    awal = next(i for i, t in enumerate(halaman_ba) if "Lampiran 1" in t)
    akhir = next(i for i, t in enumerate(halaman_ba) if "Lampiran 2" in t)
    lampiran1 = halaman_ba[awal:akhir]
    assert len(lampiran1) >= 3, "80 usulan tidak muat di satu halaman"
    for t in lampiran1:
        assert "Usulan" in t and "Volume" in t and "Biaya (Rp)" in t
    ids = {int(x) for t in lampiran1 for x in re.findall(r"#(\d+)", t)}
    assert ids == set(range(1, 81))
    # usulan text is never cut short
    assert "sepanjang gang utama" in _rapat(lampiran1[-1])
    n = len(halaman_ba)
    assert all(f"Halaman {i} dari {n}" in t for i, t in enumerate(halaman_ba, start=1))


def test_halaman_pertama_keputusan_forum_dan_tanda_tangan(halaman_ba):
    pertama = _rapat(halaman_ba[0])
    assert "BERITA ACARA" in pertama and "Kumulatif Musrenbang Kecamatan sampai" in pertama
    assert "Semua keputusan Musrenbang Kecamatan ini sejak sidang pertama" in pertama
    assert "Usulan prioritas disepakati: 80 usulan" in pertama
    for label in ("Pimpinan sidang", "Notulis", "Wakil peserta", "Nama:", "NIP:", "Tempat:"):
        assert label in pertama, label
    assert "Peta usulan" in halaman_ba[-1]


def test_simbol_unicode_bertahan(halaman_ba):
    semua = "\n".join(halaman_ba)
    for simbol in ("≥", "×", "–", "…", "—"):
        assert simbol in semua, simbol


def _hasil_konflik() -> gpd.GeoDataFrame:
    from geo.domain import definitions as d

    verdik = list(d.VERDIK)
    alasan = [
        "Zona RDTR P Pertanian (100 %): ITBX 'Bangunan pendidikan' = X (tidak diizinkan)",
        "Overlay LP2B: alih fungsi lahan pertanian pangan berkelanjutan dilarang (UU 41/2009) (≥ 50 %) → tidak "
        "sesuai, kecuali untuk kepentingan umum dengan penggantian lahan 3 × luas yang dialihfungsikan – lihat "
        "Pasal 44 dan 46 beserta ketentuan pelaksanaannya",
        "Pola ruang RTRW Kawasan Permukiman (100 %): kawasan budi daya",
    ]
    u = _usulan(40, 500, "diajukan", "")
    return u.assign(
        kecamatan="Sukamaju",
        verdik=[verdik[i % len(verdik)] for i in range(len(u))],
        alasan=[alasan[: 1 + i % 3] for i in range(len(u))],
    )


def test_laporan_konflik_alasan_lengkap():
    wil = _wilayah()
    pola = gpd.GeoDataFrame({"kodkws": ["P", "PK"]}, geometry=[wil.geometry[0], wil.geometry[1]], crs=4326)
    halaman = _teks(pdf_konflik(_hasil_konflik(), wil, pola, "Kesesuaian ruang usulan 2027 — Uji"))
    assert len(halaman) >= 3
    semua = _rapat("\n".join(halaman))
    assert _rapat(_hasil_konflik()["alasan"][2][1]) in semua  # the longest reason, whole
    assert "≥" in semua and "Peringatan dini Musrenbang" in semua
    for t in halaman[1:]:
        assert "Kesesuaian" in t and "Alasan" in t  # header row on every page of the list
    assert {int(x) for x in re.findall(r"#(\d+)", semua)} == set(range(500, 540))


def test_geo_tanpa_pyplot():
    pelanggar = []
    for berkas in sorted((AKAR / "geo").rglob("*.py")):
        pohon = ast.parse(berkas.read_text(encoding="utf-8"))
        for simpul in ast.walk(pohon):
            if isinstance(simpul, ast.Import):
                nama = [a.name for a in simpul.names]
            elif isinstance(simpul, ast.ImportFrom):
                nama = [f"{simpul.module}.{a.name}" for a in simpul.names] + [simpul.module or ""]
            else:
                continue
            if any(n == "matplotlib.pyplot" or n.startswith("matplotlib.pyplot.") for n in nama):
                pelanggar.append(f"{berkas.relative_to(AKAR)}:{simpul.lineno}")
    assert not pelanggar, pelanggar


def test_dua_pdf_bersamaan_dari_dua_thread():
    data = [_data(30), _data(45)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        hasil = list(pool.map(pdf_berita_acara, data))
    for pdf, n in zip(hasil, (30, 45), strict=True):
        halaman = _teks(pdf)
        assert f"Usulan prioritas disepakati: {n} usulan" in _rapat(halaman[0])
        assert "Peta usulan" in halaman[-1]
