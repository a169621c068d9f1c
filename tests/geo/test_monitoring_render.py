"""Monitoring drawings: unreported units hatched (never a band colour), kurva S PNG with gaps, problem table."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.domain.monitoring import capaian_kelompok, keadaan_bulan, kurva_s
from geo.render import monitoring as gambar
from geo.render.maps import Kerangka


def _keadaan():
    keg = pd.DataFrame(
        {
            "id": [1, 2],
            "pagu": [100.0, 100.0],
            "kode_kecamatan": ["99.01.01", "99.01.02"],
            "uraian": ["Jalan", '=HYPERLINK("x")'],
            "desa": ["A", "B"],
            "kecamatan": ["K1", "K2"],
            "opd": ["Dinas PU", "Dinas PU"],
        }
    )
    r = pd.DataFrame(
        {
            "usulan_id": [1, 2],
            "bulan": [3, 3],
            "rencana_fisik": [40.0, 12.0],
            "realisasi_fisik": [20.0, None],
            "rencana_keuangan": [40.0, 12.0],
            "realisasi_keuangan": [20.0, None],
            "kendala": ["Hujan", None],
            "tindak_lanjut": [None, None],
            "catatan_verifikator": [None, None],
        }
    )
    return keg, r


def test_choropleth_tidak_melapor_diarsir_bukan_nol():
    keg, r = _keadaan()
    cap = capaian_kelompok(keadaan_bulan(keg, r, 3), "kode_kecamatan")
    kr = Kerangka(("99.01.01", "99.01.02", "99.01.03"), ("K1", "K2", "K3"), ("{}", "{}", "{}"), (0, 0, 1, 1))
    props, teks, legenda = gambar.properti_capaian(kr, cap, "Capaian")
    assert props[0]["_k"] == 0 and props[0]["_w"] == "#d7191c"  # 50 % -> sangat rendah
    assert [p["_k"] for p in props[1:]] == [-1, -1]  # hatched, not a band
    assert "tidak melapor" in teks[1] and "tidak ada kegiatan" in teks[2]
    assert "repeating-linear-gradient" in legenda


def test_kurva_s_png_dan_tabel_masalah():
    keg, r = _keadaan()
    png = gambar.png_kurva_s(kurva_s(keg[["id", "pagu"]], r), "Kurva S uji", "uji")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    t = gambar.tabel_masalah(keadaan_bulan(keg, r, 3))
    assert t["No. usulan"].tolist() == [1, 2]
    assert t["Masalah"].tolist() == ["kritis (terlambat 20,0 poin)", "tidak melapor"]
    assert t["Kendala"].tolist()[0] == "Hujan"
    assert np.isnan(t["Realisasi fisik (%)"].iloc[1])


def test_cetak_peta_dua_halaman_dengan_legenda():
    """The printed monitoring maps: activities by deviation, kecamatan by band; unreported hatched, counted."""
    import io

    import geopandas as gpd
    import pypdf
    import shapely

    from geo.render import cetak

    keg, r = _keadaan()
    keadaan = keadaan_bulan(keg, r, 3)
    wil = gpd.GeoDataFrame(
        {"kode": ["99.01.01", "99.01.02"], "nama": ["K1", "K2"]},
        geometry=[shapely.box(110.0, -7.1, 110.1, -7.0), shapely.box(110.1, -7.1, 110.2, -7.0)],
        crs=4326,
    )
    titik = gpd.GeoDataFrame(
        {"id": [1, 2]}, geometry=[shapely.Point(110.05, -7.05), shapely.LineString([(110.12, -7.05), (110.18, -7.05)])]
    ).set_crs(4326)
    halaman = gambar.cetak_peta(titik, keadaan, wil, capaian_kelompok(keadaan, "kode_kecamatan"), "Uji", "uji")
    assert len(halaman) == 2
    teks = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(cetak.pdf(halaman))).pages]
    assert "Deviasi fisik kegiatan" in teks[0] and "Capaian fisik" in teks[1]
    # activity 2 did not report: one hatched activity on page 1; kecamatan K2 hatched on page 2
    assert "Tidak melapor (1)" in teks[0] or "tidak melapor (1)" in teks[0].lower()
    assert "Tidak melapor / tidak ada kegiatan (1)" in teks[1]
    assert cetak.png(halaman[1])[:8] == b"\x89PNG\r\n\x1a\n"
