"""Forum outputs: the berita acara PDF, the SIPD XLSX, and the tier map (clustered, offline)."""

from __future__ import annotations

import io
import itertools
import re

import pandas as pd
import pytest

from geo.render import maps, peta_usulan
from geo.render.berita_acara import pdf_berita_acara
from geo.render.ekspor import KOLOM_SIPD, xlsx_sipd
from geo.services.berita_acara import data_berita_acara
from geo.services.forum import putuskan_usulan
from geo.store import kueri
from tests.akun import pelaku

KAB = "99.01"


@pytest.fixture
def g(gudang_demo):
    return gudang_demo


def test_berita_acara_terbuka_dan_memuat_usulan_yang_diharapkan(g):
    import pypdf

    kec = "99.01.02"
    # decide two usulan waiting at this kecamatan now: one accepted, one rejected
    tunggu = g.df(
        "SELECT id, versi FROM kerja.usulan WHERE tahun = 2027 AND tahap = 'kecamatan' AND status = 'diajukan' "
        "AND kode_kecamatan = ? ORDER BY id LIMIT 2",
        [kec],
    )
    terima, tolak = (int(i) for i in tunggu["id"])
    putuskan_usulan(g, terima, "diterima", "prioritas forum", pelaku(nama="uji"), int(tunggu["versi"][0]))
    putuskan_usulan(g, tolak, "ditolak", "bukan kewenangan", pelaku(nama="uji"), int(tunggu["versi"][1]))
    # expected lists, computed independently from the decision table
    kep = g.df(
        """
        SELECT k.usulan_id, arg_max(k.status, k.waktu) s
        FROM kerja.keputusan k JOIN kerja.usulan u ON u.id = k.usulan_id
        WHERE k.tahap = 'kecamatan' AND u.kode_kecamatan = ? AND u.tahun = 2027 GROUP BY 1
        """,
        [kec],
    )
    diterima = set(kep.loc[kep["s"] == "diterima", "usulan_id"])
    masih = set(
        g.df(
            "SELECT id FROM kerja.usulan WHERE tahun = 2027 AND tahap = 'kecamatan' AND kode_kecamatan = ? "
            "AND status = 'diajukan'",
            [kec],
        )["id"]
    )
    belum = set(kep.loc[kep["s"] != "diterima", "usulan_id"]) | masih
    data = data_berita_acara(g, KAB, 2027, "kecamatan", kec)
    assert set(data.prioritas["id"]) == diterima and set(data.belum["id"]) == belum
    assert terima in diterima and tolak in belum

    pdf = pypdf.PdfReader(io.BytesIO(pdf_berita_acara(data)))
    teks = [h.extract_text() for h in pdf.pages]
    semua = "\n".join(teks)
    assert "BERITA ACARA" in teks[0] and "Musrenbang Kecamatan" in teks[0]
    # this sitting's decisions apart from the cumulative figures, each labelled
    sidang = teks[0][teks[0].index("Keputusan sidang ini") : teks[0].index("Kumulatif")]
    assert "Diterima: 1 usulan" in sidang and "Ditolak: 1 usulan" in sidang
    assert f"Usulan prioritas disepakati: {len(diterima)} usulan" in teks[0][teks[0].index("Kumulatif") :]
    assert _kotak_teks_bertumpuk(pdf) == []
    pagu = kueri.pagu(g, 2027, "kecamatan")[kec]
    from geo.domain.format import rupiah

    assert f"Pagu indikatif: {rupiah(pagu)}" in teks[0]
    assert f"{rupiah(data.prioritas['biaya'].sum())}" in teks[0]
    lamp1 = semua[semua.index("Lampiran 1") : semua.index("Lampiran 2")]
    lamp2 = semua[semua.index("Lampiran 2") :]
    assert {int(x) for x in re.findall(r"#(\d+)", lamp1)} == diterima
    assert {int(x) for x in re.findall(r"#(\d+)", lamp2)} == belum
    # grouped by OPD: every OPD of the agreed list is a heading in Lampiran 1
    for opd in data.prioritas["opd"].unique():
        assert opd in lamp1
    assert "Peta usulan" in teks[-1]
    assert "bukan kewenangan" in lamp2


def test_ekspor_sipd_berkolom_lengkap(g):
    u = kueri.usulan_gdf(g, KAB, 2027, "kecamatan")
    isi = pd.read_excel(io.BytesIO(xlsx_sipd(u, "uji")), sheet_name=None)
    tabel = isi["Usulan"]
    assert list(tabel.columns) == list(KOLOM_SIPD.values())
    assert len(tabel) == len(u) and set(tabel["ID Usulan"]) == set(u["id"])
    assert set(tabel["Tahap Saat Ini"]) == {"Musrenbang Kecamatan"}
    garis = tabel[tabel["Geometri (WKT)"].notna()]
    assert (
        len(garis) == int((u.geom_type == "LineString").sum())
        and garis["Geometri (WKT)"].str.startswith("LINESTRING").all()
    )
    assert tabel["Perkiraan Biaya (Rp)"].sum() == pytest.approx(u["biaya"].sum())


def test_peta_usulan_berklaster_dan_luring(g):
    u = kueri.usulan_gdf(g, KAB, 2027)
    m = maps.peta_dasar(tuple(u.total_bounds))
    peta_usulan.tambah_usulan(
        m, u, u["status"].map({"diajukan": "#377eb8"}).fillna("#999999"), u["status"], klaster=True
    )
    html = m.get_root().render()
    assert "L.markerClusterGroup" in html and "/app/static/vendor/markercluster/leaflet.markercluster.js" in html
    assert not re.search(r"(src|href)=\"https?://", html), "tidak boleh ada aset dari internet"
    # one GeoJSON layer: every usulan is a feature whose id becomes its marker class and link
    fitur = peta_usulan.geojson_usulan(u, pd.Series("#377eb8", index=u.index), u["status"])["features"]
    assert sorted(f["properties"]["usulan_id"] for f in fitur) == sorted(u["id"].tolist())
    assert all(f'"usulan_id": {i},' in html for i in u["id"])
    assert '"pr-usulan pr-usulan-" + p.usulan_id' in html and html.count("L.geoJSON(") == 1
    assert "/usulan?id=" in html
    sedikit = u.head(5)
    m2 = maps.peta_dasar(tuple(u.total_bounds))
    peta_usulan.tambah_usulan(m2, sedikit, pd.Series("#000", index=sedikit.index), sedikit["status"])
    assert "markerClusterGroup" not in m2.get_root().render()


def test_peta_usulan_tanpa_jquery():
    """Popups must not need jQuery (folium's Popup does; offline maps do not load it)."""
    import geopandas as gpd
    from shapely.geometry import LineString, Point

    u = gpd.GeoDataFrame(
        {"id": [1, 2], "uraian": ["a", "b"], "desa": ["x", "y"], "biaya": [1.0, 2.0]},
        geometry=[Point(110, -7), LineString([(110, -7), (110.01, -7)])],
        crs=4326,
    )
    m = maps.peta_dasar((109.9, -7.1, 110.1, -6.9))
    peta_usulan.tambah_usulan(m, u, pd.Series(["#f00", "#0f0"]), pd.Series(["p", "q"]))
    html = m.get_root().render()
    assert "$(" not in html and "bindPopup" in html and '"usulan_id": 1,' in html
    assert '"pr-usulan pr-usulan-" + p.usulan_id' in html


def test_peta_usulan_teks_pengguna_tidak_dieksekusi():
    """User text travels as JSON data and is escaped in the browser before it reaches HTML."""
    import geopandas as gpd
    from shapely.geometry import Point

    jahat = "<img src=x onerror=alert(1)></script><script>alert(2)</script>"
    u = gpd.GeoDataFrame(
        {"id": [1], "uraian": [jahat], "desa": [jahat], "biaya": [1.0]}, geometry=[Point(110, -7)], crs=4326
    )
    m = maps.peta_dasar((109.9, -7.1, 110.1, -6.9))
    peta_usulan.tambah_usulan(m, u, pd.Series(["#f00"]), pd.Series([jahat]))
    html = m.get_root().render()
    assert "<img src=x" not in html and "</script><script>alert(2)" not in html
    assert "function esc(s)" in html and "esc(p.uraian)" in html and "esc(p.desa)" in html


def test_xlsx_untuk_manusia_dan_rumus_tetap_teks():
    """Exports: bold, frozen, filterable header; wrapped long text; the title row; formula-looking text is text."""
    import openpyxl

    from geo.render.ekspor import xlsx_dengan_keterangan

    jahat = '=HYPERLINK("http://contoh.invalid","klik")'
    tabel = pd.DataFrame({"Usulan": [jahat, "x" * 120], "Biaya (Rp)": [1_250_000.0, None], "ID": [1, 2]})
    wb = openpyxl.load_workbook(
        io.BytesIO(xlsx_dengan_keterangan(tabel, "Data", ["Judul — Kecamatan Sukamaju, Kabupaten Contoh"], True))
    )
    ws = wb["Data"]
    assert ws["A1"].value == "Judul — Kecamatan Sukamaju, Kabupaten Contoh" and "Diekspor" in ws["A2"].value
    assert ws["A4"].value == "Usulan" and ws["A4"].font.bold and ws.freeze_panes == "A5" and ws.auto_filter.ref
    assert ws["A5"].value == jahat and ws["A5"].data_type == "s"  # text, never a live formula
    assert ws["A6"].alignment.wrap_text and ws.column_dimensions["A"].width >= 40
    assert ws["B5"].value == 1_250_000 and ws["C6"].value == 2
    # the SIPD export keeps its header on row 1 for SIPD's importer
    ws2 = openpyxl.load_workbook(io.BytesIO(xlsx_dengan_keterangan(tabel, "Usulan", ["x"])))["Usulan"]
    assert ws2["A1"].value == "Usulan" and ws2["A2"].data_type == "s"


def _kotak_teks_bertumpuk(pdf) -> list[tuple]:
    """Text runs on the same line whose boxes overlap (width estimated low: 0,45 em per character)."""
    bertumpuk = []
    for n, hal in enumerate(pdf.pages, start=1):
        kotak = []

        def lihat(teks, cm, tm, font, ukuran, kotak=kotak):
            if not teks.strip():
                return
            skala = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5 or 1.0
            x = tm[4] * cm[0] + cm[4] if cm[0] else tm[4]
            y = tm[5] * cm[3] + cm[5] if cm[3] else tm[5]
            lebar = len(teks.strip()) * ukuran * skala * 0.45
            kotak.append((round(y, 1), x, x + lebar, teks.strip()[:30]))

        hal.extract_text(visitor_text=lihat)
        kotak.sort()
        for a, b in itertools.pairwise(kotak):
            if abs(a[0] - b[0]) < 1.0 and b[1] < a[2] - 1.0:
                bertumpuk.append((n, a[3], b[3]))
    return bertumpuk


def test_deteksi_tumpang_tindih_bekerja():
    """The overlap check itself: two strings drawn at the same place are caught."""
    import pypdf
    from fpdf import FPDF

    doc = FPDF()
    doc.add_page()
    doc.set_font("helvetica", size=11)
    doc.text(20, 30, "Rabat beton jalan lingkungan")
    doc.text(40, 30, "250 m")  # on top of the first
    doc.text(20, 50, "terpisah")
    doc.text(120, 50, "rapi")
    assert len(_kotak_teks_bertumpuk(pypdf.PdfReader(io.BytesIO(bytes(doc.output()))))) == 1


def test_xlsx_nilai_kosong_nullable_dan_angka_numpy():
    import openpyxl

    from geo.render.ekspor import xlsx_dengan_keterangan

    tabel = pd.DataFrame(
        {"Penerima": pd.array([5, None], dtype="Int32"), "Waktu": pd.to_datetime(["2027-01-02", None])}
    )
    ws = openpyxl.load_workbook(io.BytesIO(xlsx_dengan_keterangan(tabel, "Data", ["x"])))["Data"]
    assert ws["A2"].value == 5 and ws["A2"].data_type == "n"
    assert ws["A3"].value is None and ws["B3"].value is None  # never "<NA>" or "NaT"
