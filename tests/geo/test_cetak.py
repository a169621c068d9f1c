"""Print exports: open the produced PNG and PDF and check size and page count."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from PIL import Image

from geo.domain import tematik
from geo.render import cetak
from geo.services import indikator as layanan_indikator
from geo.store import db, kueri


@pytest.mark.lambat
def test_png_pdf_dan_buku_peta(data_demo):
    g = db.Gudang(data_demo)
    meta = kueri.daftar_indikator(g, "99.01").set_index("kode").loc["prevalensi_stunting"].to_dict()
    meta["kode"] = "prevalensi_stunting"
    desa = kueri.wilayah_gdf(g, "99.01", "desa")
    kec = kueri.wilayah_gdf(g, "99.01", "kecamatan")
    nilai = layanan_indikator.nilai_indikator(g, "99.01", meta, 2024, "desa").reindex(desa["kode"].values)
    kelas = tematik.klasifikasi(pd.Series(nilai.values), "kuantil", 5, satuan="%")
    assert (kelas.kelas < 0).sum() > 0  # the demo has desa without stunting data in 2024
    png = cetak.png(cetak.gambar_peta(desa, list(kelas.kelas), kelas, "Stunting 2024", meta["sumber"], label=kec))
    gambar = Image.open(io.BytesIO(png))
    assert gambar.size == (round(11.69 * 200), round(8.27 * 200))  # A4 landscape at 200 dpi
    pdf = cetak.pdf([cetak.gambar_peta(desa, list(kelas.kelas), kelas, "Stunting 2024", meta["sumber"])])
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type /Page\b", pdf)) == 1
    buku = cetak.buku_peta(desa, kec, list(kelas.kelas), kelas, "Stunting 2024", meta["sumber"])
    assert len(re.findall(rb"/Type /Page\b", buku)) == 1 + len(kec)  # kabupaten + one page per kecamatan
    g.tutup()
