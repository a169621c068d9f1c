"""Laporan triwulan: the PDF names the quarter, OPD bands, critical activities with kendala; unreported stays so."""

from __future__ import annotations

import io

import geopandas as gpd
import openpyxl
import pandas as pd
from pypdf import PdfReader
from shapely.geometry import box

from geo.domain.monitoring import capaian_kelompok, keadaan_bulan, kurva_s
from geo.render.laporan_triwulan import pdf_laporan_triwulan, xlsx_laporan_triwulan


def _data():
    keg = pd.DataFrame(
        {
            "id": [1, 2, 3],
            "pagu": [100.0, 100.0, 200.0],
            "kode_kecamatan": ["99.01.01", "99.01.01", "99.01.02"],
            "uraian": ["Jalan Desa Maju", "Posyandu", "Irigasi"],
            "desa": ["Maju", "Maju", "Jaya"],
            "kecamatan": ["Satu", "Satu", "Dua"],
            "opd": ["Dinas PU", "Dinas Kesehatan", "Dinas PU"],
        }
    )
    r = pd.DataFrame(
        {
            "usulan_id": [1, 2, 3],
            "bulan": [6, 6, 6],
            "rencana_fisik": [40.0, 40.0, 40.0],
            "realisasi_fisik": [20.0, 40.0, None],
            "rencana_keuangan": [40.0, 40.0, 80.0],
            "realisasi_keuangan": [20.0, 40.0, None],
            "kendala": ["Hujan deras berkepanjangan", None, None],
            "tindak_lanjut": ["Tambah regu kerja", None, None],
            "catatan_verifikator": [None, None, None],
        }
    )
    k = keadaan_bulan(keg, r, 6)
    kec = gpd.GeoDataFrame(
        {"kode": ["99.01.01", "99.01.02"], "nama": ["Satu", "Dua"]},
        geometry=[box(110.0, -7.0, 110.1, -6.9), box(110.1, -7.0, 110.2, -6.9)],
        crs=4326,
    )
    return keg, r, k, kec


def test_pdf_dan_xlsx_laporan_triwulan():
    keg, r, k, kec = _data()
    total = capaian_kelompok(k.assign(s=1), "s").iloc[0]
    per_opd = capaian_kelompok(k, "opd")
    per_kec = capaian_kelompok(k, "kode_kecamatan")
    pdf = pdf_laporan_triwulan("Kabupaten Contoh 2026", 2, k, total, per_opd, per_kec, kec, kurva_s(keg, r))
    teks = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Laporan Triwulan II" in teks
    assert "Hujan deras berkepanjangan" in teks and "Tambah regu kerja" in teks
    assert "Dinas Kesehatan" in teks and "Sangat tinggi" in teks  # 40/40 = 100 %
    assert "1 tidak melapor" in teks  # activity 3: unreported, not 0 %
    wb = openpyxl.load_workbook(io.BytesIO(xlsx_laporan_triwulan("Kab", 2, k, total, per_opd)))
    nilai = [c.value for row in wb.worksheets[0].iter_rows() for c in row]
    assert "Dinas PU" in nilai and "Sangat rendah (≤ 50 %)" in nilai
