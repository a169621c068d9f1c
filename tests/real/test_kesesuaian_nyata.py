"""Conformity on real public data (../shared/data): RTRWP Jawa Barat pola ruang of Kota
Bandung/Bogor, the Kota Yogyakarta ITBX matrix, and the Kota Singkawang LP2B polygons.
Expected values are read from the source files themselves, not from the store."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geo.domain import definitions
from geo.domain import kesesuaian as ks
from geo.domain.lahan import verdik_kelas
from geo.settings import berkas_data
from geo.store import db
from geo.store import kesesuaian as simpanan_ks
from pipelines import demo
from pipelines.muat import (
    OpsiItbx,
    OpsiOverlay,
    OpsiPadanan,
    OpsiPolaRuang,
    OpsiZonasi,
    muat_itbx,
    muat_overlay,
    muat_padanan,
    muat_pola_ruang,
    muat_zonasi,
)
from tests.conftest import SHARED_DATA, wajib_atau_lewati

pytestmark = pytest.mark.real
RTRWP = SHARED_DATA / "rtrwp-jabar-2022-polaruang" / "clipped"
ITBX = SHARED_DATA / "itbx-kota-yogyakarta"
LP2B = SHARED_DATA / "lp2b-sawah-kota-singkawang" / "geojson" / "SINGKAWANG_LP2B_3.geojson"


@pytest.fixture(scope="module")
def berkas(tmp_path_factory):
    wajib_atau_lewati(SHARED_DATA.exists(), f"data nyata tidak ada di {SHARED_DATA}")
    b = berkas_data(tmp_path_factory.mktemp("kesesuaian-nyata"))
    demo.bangun_demo(b)
    return b


def _lapisan(berkas, geoms) -> ks.LapisanTataRuang:
    g = db.Gudang(berkas)
    try:
        kotak = tuple(shapely.bounds(shapely.union_all(geoms)).tolist())
        return simpanan_ks.muat_lapisan(g, batas=kotak)
    finally:
        g.tutup()


def _usulan(geoms, kelas) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"id": range(1, len(geoms) + 1), "kelas_kegiatan": kelas, "status_lahan": "milik_pemda"},
        geometry=geoms,
        crs=4326,
    )


@pytest.mark.parametrize("kota", ["Bogor", "Bandung"])
def test_pola_ruang_dan_atribut_khusus_di_lokasi_diketahui(berkas, kota):
    path = RTRWP / f"polaruang_Kota_{kota}.geojson"
    muat_pola_ruang(path, OpsiPolaRuang(), berkas)
    fitur = [
        {"properties": r.drop("geometry").to_dict(), "geom": r.geometry} for _, r in gpd.read_file(path).iterrows()
    ]
    ada = lambda v: pd.notna(v) and str(v).strip() not in ("", "Tidak Ada")  # noqa: E731
    # one feature of each kind found in the file: a plain class, and each special attribute present
    pilih = {
        "polos": next(f for f in fitur if not any(ada(f["properties"].get(a)) for a in ("KRB_03", "KKOP_1", "KP2B_2")))
    }
    for a in ("KRB_03", "KKOP_1", "KP2B_2"):
        f = next((f for f in fitur if ada(f["properties"].get(a))), None)
        if f is not None:
            pilih[a] = f
    assert len(pilih) >= 2, "berkas harus memuat sedikitnya satu atribut khusus"
    titik = [shapely.force_2d(f["geom"]).buffer(0).representative_point() for f in pilih.values()]
    hasil = ks.periksa(_usulan(titik, ["pendidikan"] * len(titik)), _lapisan(berkas, titik))
    for (nama, f), (_, r) in zip(pilih.items(), hasil.iterrows(), strict=True):
        p = f["properties"]
        kelas = {z["nama"] for z in r["zona"] if z["lapisan"] == "pola_ruang"}
        assert p["NAMOBJ"] in kelas, (nama, kelas)
        overlay = {(z["kode"], str(z["nama"])) for z in r["zona"] if z["lapisan"] == "overlay"}
        for atr, jenis in (("KRB_03", "rawan_bencana"), ("KKOP_1", "kkop"), ("KP2B_2", "lp2b")):
            if ada(p.get(atr)):
                assert (jenis, f"{atr} dari {path.name}") in overlay, (nama, overlay)
                assert any(
                    jenis in a.lower() or {"rawan_bencana": "rawan", "kkop": "KKOP", "lp2b": "LP2B"}[jenis] in a
                    for a in r["alasan"]
                )
        if p["NAMOBJ"] == "Badan Air":
            assert r["verdik"] == "tidak_sesuai" and r["lindung"]


def test_itbx_yogyakarta_pada_zona_uji(berkas, tmp_path):
    muat_itbx(ITBX / "itbx_kota_yogyakarta_long.csv", OpsiItbx(matriks="RDTR Kota Yogyakarta"), berkas)
    lebar = pd.read_csv(ITBX / "itbx_kota_yogyakarta_wide.csv")
    zona = [c for c in lebar.columns if c not in ("zonasi_kelompok", "kegiatan")]
    # a test layer: one 200 m square per zone code, in a row west of Kota Yogyakarta
    kotak = [shapely.box(110.30 + 0.003 * k, -7.80, 110.302 + 0.003 * k, -7.798) for k in range(len(zona))]
    path = tmp_path / "zona_yogya.geojson"
    gpd.GeoDataFrame({"kode_zona": zona}, geometry=kotak, crs=4326).to_file(path)
    muat_zonasi(path, OpsiZonasi(matriks="RDTR Kota Yogyakarta"), berkas)
    padanan = tmp_path / "padanan.csv"
    pd.DataFrame(
        {"kelas_kegiatan": ["pendidikan", "kesehatan"], "kegiatan": ["Pendidikan Dasar", "Puskesmas, Pustu"]}
    ).to_csv(padanan, index=False)
    muat_padanan(padanan, OpsiPadanan(matriks="RDTR Kota Yogyakarta"), berkas)
    titik = [k.centroid for k in kotak]
    hasil = ks.periksa(
        _usulan(titik * 3, ["pendidikan"] * len(zona) + ["kesehatan"] * len(zona) + ["pasar"] * len(zona)),
        _lapisan(berkas, kotak),
    )
    sel = lebar.set_index("kegiatan")
    harap = [sel.at["Pendidikan Dasar", z] for z in zona] + [sel.at["Puskesmas, Pustu", z] for z in zona]
    verdik = {"I": "sesuai", "T": "terbatas", "B": "bersyarat", "X": "tidak_sesuai"}
    assert hasil["verdik"].tolist()[: 2 * len(zona)] == [verdik.get(v, "perlu_kajian") for v in harap]
    # "pasar" has no row in this padanan and is not a Yogyakarta activity: perlu kajian everywhere
    assert set(hasil["verdik"].tolist()[2 * len(zona) :]) == {"perlu_kajian"}
    assert "tidak ada di matriks ITBX RDTR Kota Yogyakarta" in hasil["alasan"].iloc[-1][0]


def test_lp2b_singkawang_bagian_luas(berkas):
    muat_overlay(LP2B, OpsiOverlay(jenis_overlay="lp2b", kolom_kelas="Int_Tanam"), berkas)
    sawah = gpd.read_file(LP2B).sort_values("Luas_Ha", ascending=False).iloc[0].geometry.buffer(0)
    sawah = shapely.force_2d(sawah)
    # a square whose west half covers the east edge of the largest LP2B polygon
    minx, miny, maxx, maxy = sawah.bounds
    s = min(maxx - minx, maxy - miny) / 3
    cy = sawah.representative_point().y
    usulan = shapely.box(maxx - s, cy - s / 2, maxx + s, cy + s / 2)
    # expected share in each LP2B polygon (they overlap in the source), computed independently in UTM 49N
    u = gpd.GeoSeries([usulan], crs=4326).to_crs(32649).iloc[0]
    lp2b = gpd.read_file(LP2B).geometry.buffer(0).to_crs(32649)
    harap = sorted(g.intersection(u).area / u.area for g in lp2b if g.intersection(u).area > 0)
    hasil = ks.periksa(_usulan([usulan, usulan], ["pasar", "irigasi"]), _lapisan(berkas, [usulan]), crs="EPSG:32649")
    pasar, irigasi = hasil.iloc[0], hasil.iloc[1]
    dapat = sorted(z["bagian"] for z in pasar["zona"] if z["kode"] == "lp2b")
    assert dapat == pytest.approx(harap, rel=1e-3, abs=1e-4)
    assert pasar["verdik"] == "tidak_sesuai" and pasar["lindung"]
    assert irigasi["verdik"] == "tidak_ada_data"  # LP2B allows irrigation; no pola ruang/RDTR loaded there


@pytest.mark.parametrize("kota", ["Bogor", "Bandung"])
def test_kelas_rawan_bencana_nyata_dipetakan(kota):
    """Every real KRB_03 hazard string maps: any 'Tinggi' hazard → bersyarat; 'Tidak Ada'/'Sedang'/'Rendah' → sesuai."""
    import pyogrio

    wajib_atau_lewati(RTRWP.exists(), f"data nyata tidak ada di {RTRWP}")
    kelas = pyogrio.read_dataframe(RTRWP / f"polaruang_Kota_{kota}.geojson", read_geometry=False)["KRB_03"]
    aturan = dict(definitions.ATURAN_OVERLAY["rawan_bencana"].per_kelas)
    for teks in kelas.dropna().unique():
        harap = "bersyarat" if "tinggi" in teks.lower() and not teks.lower().startswith("tidak") else "sesuai"
        assert verdik_kelas(aturan, teks, "sesuai") == harap, teks
