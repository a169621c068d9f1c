"""Evaluasi: accommodation rates and equity figures against values worked out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.domain import evaluasi as ev


def _usulan():
    # desa A: 4 usulan — stopped at desa (ditolak), waiting at kecamatan, accepted at forum_pd and waiting at
    # kabupaten, funded; desa B: 2 usulan — funded, accepted at kecamatan (status diterima at kecamatan)
    return pd.DataFrame(
        {
            "id": [1, 2, 3, 4, 5, 6],
            "kode_desa": ["A", "A", "A", "A", "B", "B"],
            "kode_kecamatan": ["K", "K", "K", "K", "K", "K"],
            "tahap": ["desa", "kecamatan", "kabupaten", "kabupaten", "kabupaten", "kecamatan"],
            "status": ["ditolak", "diajukan", "diajukan", "diterima", "diterima", "diterima"],
        }
    )


def test_rekap_dan_akomodasi_per_tahap():
    progres = pd.Series({4: 100.0, 5: 62.0})
    r = ev.rekap_tahap(_usulan(), progres, "kode_desa")
    a = r.loc["A"]
    # by hand: desa accepted = ids 2,3,4 (3); kecamatan = 3,4 (2); forum_pd = 3,4 (2); kabupaten = 4 (1)
    assert (a["diusulkan"], a["diterima_desa"], a["diterima_kecamatan"]) == (4, 3, 2)
    assert (a["diterima_forum_pd"], a["diterima_kabupaten"], a["didanai"], a["selesai"]) == (2, 1, 1, 1)
    assert a["akomodasi_desa"] == 75.0 and a["akomodasi_kecamatan"] == 2 / 3 * 100
    assert a["akomodasi_forum_pd"] == 100.0 and a["akomodasi_kabupaten"] == 50.0 and a["akomodasi_total"] == 25.0
    b = r.loc["B"]
    # B: desa 2, kecamatan 2 (id 6 diterima at kecamatan), forum_pd 1, kabupaten 1; 62 % is not completed
    assert [b[f"diterima_{t}"] for t in ev.TAHAP] == [2, 2, 1, 1] and b["selesai"] == 0
    assert b["akomodasi_forum_pd"] == 50.0 and b["akomodasi_kabupaten"] == 100.0
    total = ev.total_rekap(r)
    assert total["diusulkan"] == 6 and total["didanai"] == 2
    assert total["akomodasi_desa"] == 5 / 6 * 100 and total["akomodasi_total"] == 2 / 6 * 100
    per_kec = ev.rekap_tahap(_usulan(), progres, "kode_kecamatan").loc["K"]
    assert per_kec["diterima_kecamatan"] == 4 and per_kec["akomodasi_kecamatan"] == 4 / 5 * 100


def test_tahap_tanpa_usulan_masuk_tidak_dibagi_nol():
    r = ev.rekap_tahap(_usulan().iloc[[0]], pd.Series(dtype=float), "kode_desa")
    assert r.loc["A", "akomodasi_desa"] == 0.0 and np.isnan(r.loc["A", "akomodasi_kecamatan"])


def _ekuitas():
    desa = pd.DataFrame(
        {
            "kode": ["d1", "d2", "d3", "d4", "d5", "d6"],
            "nama": ["Satu", "Dua", "Tiga", "Empat", "Lima", "Enam"],
            "penduduk": [1000, 2000, 500, 4000, 1000, np.nan],
            "kebutuhan": [30.0, 25.0, 10.0, 5.0, 20.0, 15.0],
        }
    )
    didanai = pd.DataFrame({"kode_desa": ["d3", "d3", "d4", "d5", "d6"], "nilai": [50e6, 50e6, 200e6, 10e6, 5e6]})
    return ev.ekuitas(desa, didanai)


def test_ekuitas_per_kapita_dan_kelas():
    e = _ekuitas().set_index("kode")
    # by hand: Rp per person d1 0, d2 0, d3 100e6/500 = 200000, d4 200e6/4000 = 50000, d5 10000, d6 no population
    assert e["nilai"].tolist() == [0, 0, 100e6, 200e6, 10e6, 5e6]
    assert e.loc["d3", "per_kapita"] == 200_000 and e.loc["d4", "per_kapita"] == 50_000
    assert e.loc["d5", "per_kapita"] == 10_000 and np.isnan(e.loc["d6", "per_kapita"])
    # need terciles over [30, 25, 10, 5, 20, 15]: q(1/3) = 13.33, q(2/3) = 21.67 (linear interpolation)
    assert e["kelas_kebutuhan"].tolist() == [3, 3, 1, 1, 2, 2]
    # per-capita terciles over [0, 0, 200000, 50000, 10000]: q(1/3) = 3333.3, q(2/3) = 36666.7
    assert e["kelas_per_kapita"].tolist()[:5] == [1, 1, 3, 3, 2] and np.isnan(e.loc["d6", "kelas_per_kapita"])
    assert e.loc["d1", "warna"] == ev.PALET_BIVARIAT[(3, 1)] and pd.isna(e.loc["d6", "warna"])
    assert e["prioritas"].tolist() == [True, True, False, False, False, False]
    assert ev.paling_butuh_paling_sedikit(_ekuitas())["nama"].tolist() == ["Satu", "Dua"]


def test_korelasi_peringkat_dihitung_dari_peringkat():
    e = _ekuitas()
    d = e.dropna(subset=["per_kapita"])
    # by hand: ranks of need [5, 4, 2, 1, 3]; ranks of Rp per person [1.5, 1.5, 5, 4, 3]
    rn, rp = np.array([5, 4, 2, 1, 3.0]), np.array([1.5, 1.5, 5, 4, 3.0])
    harap = np.corrcoef(rn, rp)[0, 1]
    assert len(d) == 5 and abs(ev.korelasi_peringkat(e) - harap) < 1e-12 and harap < 0


def test_cetak_pemerataan_peta_dan_grafik():
    """Printed equity view: the map legend counts each bivariate class; the desa without data is hatched."""
    import io

    import geopandas as gpd
    import pypdf
    import shapely

    from geo.render import cetak
    from geo.render import evaluasi as keluaran

    e = _ekuitas()
    wil = gpd.GeoDataFrame(
        {"kode": list(e["kode"]), "nama": list(e["nama"])},
        geometry=[shapely.box(110 + 0.01 * i, -7.0, 110.01 + 0.01 * i, -6.99) for i in range(len(e))],
        crs=4326,
    )
    halaman = keluaran.cetak_ekuitas(wil, e, "Penduduk miskin", "%", "Uji", "uji")
    teks = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(cetak.pdf(halaman))).pages]
    assert len(teks) == 2 and "Pemerataan" in teks[0] and "Kebutuhan dan dana per jiwa" in teks[1]
    # d1 and d2: high need, low Rp per person (2); d6 has no population: no data (1)
    assert "kebutuhan tinggi, Rp per jiwa rendah (2)" in teks[0] and "tidak ada data (1)" in teks[0]
    assert "5 desa/kelurahan dengan data" in teks[1]
