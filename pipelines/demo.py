"""Deterministic generator of the demo region "Kabupaten Contoh" (*data sintetis*).

Province code 99 is used by no real region. The same seed gives byte-identical tables
(see :func:`sidik_tabel`). Boundaries form an exact coverage: desa polygons are noded
Voronoi cells of the kabupaten outline; kecamatan are contiguous groups of desa.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import LineString, Point, Polygon, box

from geo.domain import definitions
from geo.render.display import sederhanakan_cakupan
from geo.settings import CRS_METRIK_DEMO, CRS_SIMPAN, TOLERANSI_TAMPIL_M, BerkasData
from geo.store import db
from pipelines import fixture_demo
from pipelines.geometri import cakupan_voronoi, kelompokkan_wilayah, tetangga

BENIH_BAKU = 2027
KODE_KABUPATEN = "99.01"
NAMA_KABUPATEN = "Kabupaten Contoh"
VERSI_KODE = "demo-2026 (data sintetis)"
SUMBER = "data sintetis PetaRencana"
PUSAT_LONLAT = (109.30, -7.45)
TAHUN_INDIKATOR = (2024, 2025)
TAHUN_USULAN = 2027
TAHUN_BERJALAN = 2026

NAMA_KECAMATAN = (
    "Kota Contoh",
    "Sukamaju",
    "Mekarsari",
    "Sidorejo",
    "Karanganyar",
    "Tanjungsari",
    "Wonosari",
    "Cibening",
)
_AWALAN = (
    "Suka",
    "Mekar",
    "Sido",
    "Karang",
    "Tanjung",
    "Wono",
    "Sumber",
    "Jati",
    "Banjar",
    "Pager",
    "Tegal",
    "Kali",
    "Gunung",
    "Ciwaru",
    "Rawa",
    "Purwa",
    "Sela",
    "Kedung",
)
_AKHIRAN = (
    "maju",
    "sari",
    "rejo",
    "mulyo",
    "jaya",
    "asih",
    "harjo",
    "makmur",
    "agung",
    "wangi",
    "kerta",
    "tengah",
    "lor",
    "kidul",
    "wetan",
    "kulon",
    "mukti",
    "rahayu",
)


@dataclass(frozen=True)
class Ukuran:
    """Size of the generated region."""

    desa: int = 120
    kecamatan: int = 8
    sel_pola_ruang: int = 48
    radius_m: float = 19_000.0


def _garis_luar(rng: np.random.Generator, pusat: tuple[float, float], r: float) -> Polygon:
    fase = rng.uniform(0, 2 * math.pi, 3)
    t = np.linspace(0, 2 * math.pi, 97)[:-1]
    rr = r * (1 + 0.14 * np.sin(3 * t + fase[0]) + 0.07 * np.sin(5 * t + fase[1]) + 0.04 * np.sin(9 * t + fase[2]))
    return Polygon(np.c_[pusat[0] + rr * np.cos(t), pusat[1] + 0.85 * rr * np.sin(t)])


def _sebar_titik(rng, batas: Polygon, n: int, pusat, jarak_min: float, padat_kota: bool) -> np.ndarray:
    minx, miny, maxx, maxy = batas.bounds
    titik: list[tuple[float, float]] = []
    percobaan = 0
    while len(titik) < n:
        percobaan += 1
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if not batas.contains(Point(x, y)):
            continue
        d = math.hypot(x - pusat[0], y - pusat[1])
        jm = jarak_min * (0.45 if (padat_kota and d < 4500) else 1.0)
        if padat_kota and d >= 4500 and rng.uniform() < 0.15:
            continue
        if any(math.hypot(x - a, y - b) < jm for a, b in titik) and percobaan < 200_000:
            continue
        titik.append((x, y))
    return np.array(titik)


def _titik_dalam(rng, poly: Polygon) -> Point:
    minx, miny, maxx, maxy = poly.bounds
    while True:
        p = Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        if poly.contains(p):
            return p


def _garis_dalam(rng, poly: Polygon, panjang: float) -> LineString:
    """A 2–4 segment line of about ``panjang`` metres fully inside ``poly``."""
    for _ in range(200):
        awal = _titik_dalam(rng, poly)
        n = int(rng.integers(2, 5))
        arah = rng.uniform(0, 2 * math.pi)
        pts = [awal]
        for _ in range(n):
            arah += rng.uniform(-0.6, 0.6)
            p = pts[-1]
            pts.append(Point(p.x + panjang / n * math.cos(arah), p.y + panjang / n * math.sin(arah)))
        g = LineString(pts)
        if poly.contains(g):
            return g
        panjang *= 0.9
    return LineString([awal, Point(awal.x + 1, awal.y)])  # pragma: no cover


def _nama_desa(rng, n: int) -> list[str]:
    semua = [a + b.lower() if a[-1] != b[0] else a + b[1:] for a in _AWALAN for b in _AKHIRAN]
    idx = rng.permutation(len(semua))[:n]
    return [semua[i] for i in idx]


def bangun_wilayah(benih: int = BENIH_BAKU, ukuran: Ukuran = Ukuran()) -> gpd.GeoDataFrame:
    """Generate the kabupaten, kecamatan and desa polygons (metric CRS).

    Parameters
    ----------
    benih : int
        Random seed.
    ukuran : Ukuran
        Counts and radius.

    Returns
    -------
    GeoDataFrame
        Columns kode, nama, tingkat, jenis, kode_induk, kode_bps; CRS EPSG:32749.
    """
    rng = np.random.default_rng(benih)
    pusat = gpd.GeoSeries([Point(PUSAT_LONLAT)], crs=CRS_SIMPAN).to_crs(CRS_METRIK_DEMO)[0]
    pusat = (round(pusat.x), round(pusat.y))
    luar = _garis_luar(rng, pusat, ukuran.radius_m)
    jarak = math.sqrt(luar.area / ukuran.desa) * 0.55
    titik = _sebar_titik(rng, luar, ukuran.desa, pusat, jarak, padat_kota=True)
    desa = cakupan_voronoi(titik, luar, liku_m=170.0, fase=rng.uniform(0, 2 * math.pi, 4))
    ttg = tetangga(desa)
    pusat_desa = np.array([[p.x, p.y] for p in (d.point_on_surface() for d in desa)])
    # seeds: the desa nearest the centre (the town), then farthest-point sampling
    benih_kec = [int(np.argmin(np.hypot(*(pusat_desa - pusat).T)))]
    while len(benih_kec) < ukuran.kecamatan:
        d = np.min([np.hypot(*(pusat_desa - pusat_desa[b]).T) for b in benih_kec], axis=0)
        benih_kec.append(int(np.argmax(d)))
    grup = kelompokkan_wilayah(pusat_desa, ttg, benih_kec)
    # number kecamatan: the town first, then clockwise from north
    sudut = [math.atan2(pusat_desa[b][0] - pusat[0], pusat_desa[b][1] - pusat[1]) % (2 * math.pi) for b in benih_kec]
    urutan = [0, *sorted(range(1, len(benih_kec)), key=lambda g: sudut[g])]
    nomor_kec = {g: i + 1 for i, g in enumerate(urutan)}
    nama = _nama_desa(rng, len(desa))
    baris = []
    for g in urutan:
        k = nomor_kec[g]
        kode_kec = f"{KODE_KABUPATEN}.{k:02d}"
        anggota = sorted(
            (i for i in range(len(desa)) if grup[i] == g),
            key=lambda i: (-round(pusat_desa[i][1]), round(pusat_desa[i][0])),
        )
        kota = g == 0
        for n, i in enumerate(anggota, start=1):
            baris.append(
                {
                    "kode": f"{kode_kec}.{(1000 if kota else 2000) + n}",
                    "nama": nama[i],
                    "tingkat": "desa",
                    "jenis": "kelurahan" if kota else "desa",
                    "kode_induk": kode_kec,
                    "kode_bps": f"9901{k * 10:03d}{n:03d}",
                    "geometry": desa[i],
                }
            )
        baris.append(
            {
                "kode": kode_kec,
                "nama": NAMA_KECAMATAN[k - 1],
                "tingkat": "kecamatan",
                "jenis": "kecamatan",
                "kode_induk": KODE_KABUPATEN,
                "kode_bps": f"9901{k * 10:03d}",
                "geometry": shapely.coverage_union_all([desa[i] for i in anggota]),
            }
        )
    baris.append(
        {
            "kode": KODE_KABUPATEN,
            "nama": NAMA_KABUPATEN,
            "tingkat": "kabupaten",
            "jenis": "kabupaten",
            "kode_induk": "99",
            "kode_bps": "9901",
            "geometry": shapely.coverage_union_all(desa),
        }
    )
    gdf = gpd.GeoDataFrame(baris, crs=CRS_METRIK_DEMO)
    return gdf.sort_values("kode", kind="stable").reset_index(drop=True)


def _wilayah_untuk_simpan(wil: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Add luas_ha, storage geometry and display geometry.

    Only the desa coverage is simplified; kecamatan and kabupaten display polygons are
    unions of simplified desa, so the three tiers nest exactly on the map too.
    """
    out = wil.copy()
    out["luas_ha"] = (out.geometry.area / 10_000).round(2)
    out["versi_kode"] = VERSI_KODE
    simpan = out.geometry.to_crs(CRS_SIMPAN)
    desa = out["tingkat"] == "desa"
    tampil_desa = sederhanakan_cakupan(simpan[desa], CRS_METRIK_DEMO, TOLERANSI_TAMPIL_M)
    tampil = []
    for i, r in out.iterrows():
        if r["tingkat"] == "desa":
            tampil.append(tampil_desa[i])
        else:
            induk = out["kode"].str.startswith(r["kode"] + ".") & desa
            tampil.append(shapely.coverage_union_all(tampil_desa[induk[induk].index].values))
    out = out.set_geometry(simpan)
    out["geom_tampil"] = gpd.GeoSeries(tampil, index=out.index, crs=CRS_SIMPAN)
    return out


def bangun_indikator(wil: gpd.GeoDataFrame, benih: int) -> pd.DataFrame:
    """Generate plausible BPS-like desa indicators for two years (some values missing)."""
    rng = np.random.default_rng(benih + 1)
    desa = wil[wil["tingkat"] == "desa"]
    pusat = desa.geometry.union_all().centroid
    baris = []
    for _, d in desa.iterrows():
        km2 = d.geometry.area / 1e6
        jauh = d.geometry.centroid.distance(pusat) / 20_000  # 0 (town) .. ~1 (edge)
        kota = d["jenis"] == "kelurahan"
        penduduk = km2 * (rng.uniform(3500, 8000) if kota else rng.uniform(350, 1100))
        miskin = np.clip(rng.normal(0.05 + 0.17 * jauh, 0.03), 0.02, 0.35)
        stunting = np.clip(rng.normal(0.12 + 0.18 * jauh, 0.04), 0.05, 0.45)
        jalan_km = km2 * rng.uniform(1.2, 2.5) + (8 if kota else 2)
        rusak = np.clip(rng.normal(0.15 + 0.35 * jauh, 0.08), 0.02, 0.8)
        hilang_stunting = rng.uniform() < 0.04
        for t, tahun in enumerate(TAHUN_INDIKATOR):
            pdd = round(penduduk * (1 + 0.011 * t))
            balita = round(pdd * rng.uniform(0.07, 0.09))
            pm = round(pdd * miskin * (1 - 0.06 * t))
            nilai = {
                "jumlah_penduduk": pdd,
                "jumlah_balita": balita,
                "penduduk_miskin": pm,
                "persen_miskin": round(100 * pm / pdd, 2),
                "prevalensi_stunting": None
                if (hilang_stunting and t == 0)
                else round(100 * stunting * (1 - 0.08 * t), 2),
                "jumlah_sekolah": int(pdd // 1800 + 1),
                "jumlah_posyandu": int(pdd // 900 + 1),
                "panjang_jalan": round(jalan_km, 2),
                "persen_jalan_rusak": round(100 * rusak * (1 - 0.1 * t), 2),
            }
            for ind, v in nilai.items():
                baris.append(
                    {
                        "kode_wilayah": d["kode"],
                        "tahun": tahun,
                        "indikator": ind,
                        "nilai": None if v is None else float(v),
                        "sumber": SUMBER,
                    }
                )
    return pd.DataFrame(baris).sort_values(["kode_wilayah", "tahun", "indikator"]).reset_index(drop=True)


def _sungai(luar: Polygon, rng) -> LineString:
    minx, miny, maxx, maxy = luar.bounds
    ys = np.linspace(miny - 2000, maxy + 2000, 40)
    xs = (
        (minx + maxx) / 2
        + 2500 * np.sin(np.linspace(0, 3 * math.pi, 40) + rng.uniform(0, 1))
        + np.linspace(-4000, 4000, 40)
    )
    return LineString(np.c_[xs, ys]).intersection(luar)


def bangun_tata_ruang(wil: gpd.GeoDataFrame, benih: int, ukuran: Ukuran) -> dict[str, gpd.GeoDataFrame]:
    """Generate RTRW pola ruang, RDTR zones (town kecamatan), overlays (metric CRS)."""
    rng = np.random.default_rng(benih + 2)
    luar = wil.loc[wil["tingkat"] == "kabupaten"].geometry.iloc[0]
    kota = wil.loc[wil["kode"] == f"{KODE_KABUPATEN}.01"].geometry.iloc[0]
    pusat = kota.centroid
    _minx, miny, _maxx, maxy = luar.bounds
    titik = _sebar_titik(
        rng,
        luar,
        ukuran.sel_pola_ruang,
        (pusat.x, pusat.y),
        math.sqrt(luar.area / ukuran.sel_pola_ruang) * 0.5,
        padat_kota=False,
    )
    sel = cakupan_voronoi(titik, shapely.buffer(luar, 1000))
    sel = [shapely.intersection(c, luar) for c in sel]
    kelas = {k.kodkws: k for k in definitions.POLA_RUANG}
    kode_sel = []
    for c in sel:
        p = c.centroid
        if p.y < miny + 0.22 * (maxy - miny):
            kode_sel.append("HL" if rng.uniform() < 0.65 else "HP")
        elif p.distance(pusat) < 4500:
            kode_sel.append("PK")
        else:
            kode_sel.append(str(rng.choice(["P", "P", "P", "KP", "KP", "PK"])))
    # one industrial cell: the nearest non-town cell east of the town
    timur = [i for i, c in enumerate(sel) if c.centroid.x > pusat.x + 4000 and kode_sel[i] in ("P", "KP")]
    if timur:
        kode_sel[min(timur, key=lambda i: sel[i].centroid.distance(pusat))] = "KI"
    sungai = _sungai(luar, rng)
    sempadan = sungai.buffer(100).intersection(luar)
    rth = pusat.buffer(450).intersection(luar)
    khusus = shapely.union_all([sempadan, rth])
    pr = []
    for c, k in zip(sel, kode_sel, strict=True):
        g = c.difference(khusus)
        if not g.is_empty:
            pr.append((k, g))
    pr += [("SS", sempadan), ("RTH", rth)]
    # dissolve by class so a class is one (multi)polygon per contiguous area
    pola = gpd.GeoDataFrame({"kodkws": [k for k, _ in pr]}, geometry=[g for _, g in pr], crs=CRS_METRIK_DEMO)
    pola = pola.dissolve("kodkws", as_index=False).explode(index_parts=False)
    pola = pola[pola.geometry.area > 1].sort_values(["kodkws"], kind="stable").reset_index(drop=True)
    pola["namobj"] = pola["kodkws"].map(lambda k: kelas[k].namobj)
    pola["kawasan"] = pola["kodkws"].map(lambda k: kelas[k].kawasan)
    pola = _urut_geom(pola, ["kodkws"])

    # RDTR zones: a 900 m grid over the town kecamatan
    zona = []
    kminx, kminy, kmaxx, kmaxy = kota.bounds
    for x in np.arange(kminx, kmaxx, 900):
        for y in np.arange(kminy, kmaxy, 900):
            g = box(x, y, x + 900, y + 900).intersection(kota)
            if g.area < 1000:
                continue
            d = g.centroid.distance(pusat)
            if g.intersects(rth.centroid):
                kz = "RTH-1"
            elif d < 1200:
                kz = "K-1"
            elif d < 2200:
                kz = str(rng.choice(["K-2", "R-2", "SPU"]))
            elif d < 4000:
                kz = str(rng.choice(["R-2", "R-3", "R-3", "SPU", "KT"]))
            else:
                kz = str(rng.choice(["R-3", "P", "P"]))
            zona.append((kz, g))
    zonasi = gpd.GeoDataFrame({"kode_zona": [k for k, _ in zona]}, geometry=[g for _, g in zona], crs=CRS_METRIK_DEMO)
    zonasi["nama_zona"] = zonasi["kode_zona"].map(definitions.ZONA_RDTR)
    zonasi = _urut_geom(zonasi, ["kode_zona"])

    # overlays: LP2B inside farmland, flood hazard along the river, protected forest
    ov = []
    for _, r in pola[pola["kodkws"] == "P"].iterrows():
        if rng.uniform() < 0.6:
            g = r.geometry.buffer(-60)
            if not g.is_empty:
                ov.append(("lp2b", "LP2B", "Lahan Pertanian Pangan Berkelanjutan", g))
    tinggi = sungai.buffer(350).intersection(luar)
    sedang = sungai.buffer(900).intersection(luar).difference(tinggi)
    ov.append(("rawan_bencana", "tinggi", "Rawan banjir tinggi", tinggi))
    ov.append(("rawan_bencana", "sedang", "Rawan banjir sedang", sedang))
    ov.append(("sempadan", "sungai", "Sempadan sungai 100 m", sempadan))
    hutan = shapely.union_all(list(pola[pola["kodkws"].isin(["HL", "HP"])].geometry))
    if not hutan.is_empty:
        ov.append(("kawasan_hutan", "hutan", "Kawasan hutan", hutan))
    overlay = gpd.GeoDataFrame(
        {"jenis": [o[0] for o in ov], "kelas": [o[1] for o in ov], "nama": [o[2] for o in ov]},
        geometry=[o[3] for o in ov],
        crs=CRS_METRIK_DEMO,
    )
    overlay = _urut_geom(overlay, ["jenis", "kelas"])
    return {
        "pola_ruang": pola,
        "zonasi": zonasi,
        "overlay": overlay,
        "sungai": gpd.GeoDataFrame(geometry=[sungai], crs=CRS_METRIK_DEMO),
    }


def bangun_fasilitas(wil: gpd.GeoDataFrame, indikator: pd.DataFrame, benih: int) -> gpd.GeoDataFrame:
    """Facility points (schools, posyandu) inside each desa, as many as its 2025 counts (metric CRS)."""
    rng = np.random.default_rng(benih + 6)
    desa = wil[wil["tingkat"] == "desa"].set_index("kode")
    n = indikator[indikator["tahun"] == TAHUN_INDIKATOR[-1]].pivot(
        index="kode_wilayah", columns="indikator", values="nilai"
    )
    baris = []
    for kode, d in desa.iterrows():
        for kelas, kolom, awalan in (
            ("sekolah", "jumlah_sekolah", "SD Negeri"),
            ("posyandu", "jumlah_posyandu", "Posyandu"),
        ):
            for i in range(int(n.at[kode, kolom])):
                baris.append(
                    {"kelas": kelas, "nama": f"{awalan} {d['nama']} {i + 1}", "geometry": _titik_dalam(rng, d.geometry)}
                )
    return gpd.GeoDataFrame(baris, crs=CRS_METRIK_DEMO)


def _urut_geom(gdf: gpd.GeoDataFrame, kolom: list[str]) -> gpd.GeoDataFrame:
    """Sort deterministically (by columns, then position) and number rows from 1."""
    gdf = gdf.copy()
    gdf["_y"] = -gdf.geometry.representative_point().y.round(1)
    gdf["_x"] = gdf.geometry.representative_point().x.round(1)
    gdf = gdf.sort_values([*kolom, "_y", "_x"], kind="stable").drop(columns=["_y", "_x"])
    gdf = gdf.reset_index(drop=True)
    gdf.insert(0, "id", np.arange(1, len(gdf) + 1))
    return gdf


#: Demo ITBX matrix: activity class -> zone -> cell. Missing pairs are deliberate
#: ("perlu kajian": the conformity check must not allow them silently).
#: Name of the demo's ITBX matrix (the RDTR of the town kecamatan uses it).
MATRIKS_DEMO = "RDTR Kota Contoh (sintetis)"

ITBX_DEMO: dict[str, dict[str, str]] = {
    "jalan": {"RTH-1": "T", "R-2": "I", "R-3": "I", "K-1": "I", "K-2": "I", "SPU": "I", "KT": "I", "P": "B"},
    "drainase": {"RTH-1": "T", "R-2": "I", "R-3": "I", "K-1": "I", "K-2": "I", "SPU": "I", "KT": "I", "P": "I"},
    "irigasi": {"R-2": "X", "R-3": "T", "K-1": "X", "K-2": "X", "SPU": "X", "P": "I"},
    "pendidikan": {"RTH-1": "X", "R-2": "B", "R-3": "I", "K-1": "T", "K-2": "I", "SPU": "I", "KT": "X", "P": "X"},
    "kesehatan": {"RTH-1": "X", "R-2": "I", "R-3": "I", "K-1": "B", "K-2": "I", "SPU": "I", "KT": "X", "P": "B"},
    "pasar": {"RTH-1": "X", "R-2": "TB", "R-3": "T", "K-1": "I", "K-2": "I", "SPU": "X", "KT": "B"},
    "air_bersih": {"RTH-1": "B", "R-2": "I", "R-3": "I", "K-1": "I", "K-2": "I", "SPU": "I", "KT": "I", "P": "I"},
    "ruang_terbuka": {"RTH-1": "I", "R-2": "I", "R-3": "I", "K-1": "I", "K-2": "I", "SPU": "I", "KT": "T", "P": "T"},
    "nonfisik": {z: "I" for z in definitions.ZONA_RDTR},
}


def _tahap_dan_status(rng) -> tuple[str, str]:
    u = rng.uniform()
    if u < 0.22:
        return "desa", str(rng.choice(["diajukan", "ditolak", "ditunda"], p=[0.4, 0.3, 0.3]))
    if u < 0.55:
        return "kecamatan", str(
            rng.choice(["diajukan", "diterima", "ditolak", "ditunda", "dikembalikan"], p=[0.3, 0.1, 0.25, 0.25, 0.1])
        )
    if u < 0.78:
        return "forum_pd", str(rng.choice(["diajukan", "diterima", "ditolak", "ditunda"], p=[0.3, 0.2, 0.3, 0.2]))
    return "kabupaten", str(rng.choice(["diterima", "ditolak", "ditunda"], p=[0.7, 0.15, 0.15]))


_MASALAH = {
    "jalan": "Jalan rusak dan berlubang, sulit dilalui saat hujan",
    "drainase": "Genangan air saat hujan karena saluran tidak memadai",
    "irigasi": "Saluran irigasi bocor, sawah kekurangan air",
    "pendidikan": "Ruang kelas rusak dan tidak layak pakai",
    "kesehatan": "Pelayanan kesehatan ibu dan anak belum memadai",
    "pasar": "Los pasar rusak, pedagang berjualan di bahu jalan",
    "air_bersih": "Warga kesulitan air bersih pada musim kemarau",
    "ruang_terbuka": "Tidak ada ruang bermain anak dan ruang publik",
    "nonfisik": "Kapasitas warga dan gizi balita perlu ditingkatkan",
}


def bangun_usulan(
    wil: gpd.GeoDataFrame, benih: int, tahun: int, per_desa: tuple[int, int], hanya_didanai: bool = False
) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Generate usulan (metric CRS) with their per-tier decisions."""
    rng = np.random.default_rng(benih + 3 + tahun)
    kamus = list(fixture_demo.KAMUS_DEMO)
    desa = wil[wil["tingkat"] == "desa"].reset_index(drop=True)
    awal = datetime(tahun - 1, 1, 8, 9, 0)
    tanggal_tahap = {"desa": 0, "kecamatan": 35, "forum_pd": 55, "kabupaten": 75}
    urut_tahap = list(definitions.TAHAP_FORUM)
    baris, keputusan = [], []
    for _, d in desa.iterrows():
        for _ in range(int(rng.integers(per_desa[0], per_desa[1] + 1))):
            item = kamus[int(rng.integers(len(kamus)))]
            if item.jenis_geometri == "garis":
                panjang = float(rng.uniform(150, 1200))
                geom = _garis_dalam(rng, d.geometry, panjang)
                volume = float(round(geom.length))
            else:
                geom = _titik_dalam(rng, d.geometry)
                volume = (
                    float(rng.integers(1, 4))
                    if item.satuan in ("unit", "ruang", "titik")
                    else float(rng.integers(1, 3))
                )
                if item.satuan == "titik":
                    volume = float(rng.integers(5, 25))
            biaya = volume * item.harga_satuan
            alasan = None
            if rng.uniform() < 0.08:
                biaya = round(biaya * rng.uniform(1.15, 1.45), -3)
                alasan = "Medan sulit, biaya angkut material lebih tinggi"
            tahap, status = ("kabupaten", "diterima") if hanya_didanai else _tahap_dan_status(rng)
            no = len(baris) + 1
            dibuat = awal + timedelta(days=int(rng.integers(0, 20)), minutes=int(rng.integers(0, 600)))
            pend = int(rng.integers(50, 2500))
            baris.append(
                {
                    "tahun": tahun,
                    "jenis_usulan": "musrenbang",
                    "pengusul": f"RW {int(rng.integers(1, 12)):02d} {d['nama']}",
                    "tingkat_pengusul": "RT/RW",
                    "nik_pengusul": None,
                    "tahap_asal": "desa",
                    "kode_desa": d["kode"],
                    "kode_kecamatan": d["kode_induk"],
                    "alamat": f"{d['jenis'].title()} {d['nama']}",
                    "kode_kamus": item.kode,
                    "masalah": _MASALAH[item.kelas_kegiatan],
                    "uraian": f"{item.nama} di {d['jenis']} {d['nama']}",
                    "volume": volume,
                    "satuan": item.satuan,
                    "harga_satuan": item.harga_satuan,
                    "biaya": float(biaya),
                    "alasan_biaya": alasan,
                    "bidang": item.bidang,
                    "opd_awal": item.opd,
                    "opd_akhir": item.opd if urut_tahap.index(tahap) >= 2 else None,
                    "sumber_dana": "APBD Kabupaten",
                    "penerima_laki": pend // 2,
                    "penerima_perempuan": pend - pend // 2,
                    "penerima_rentan": int(pend * rng.uniform(0.05, 0.2)),
                    "status_lahan": str(rng.choice(list(definitions.STATUS_LAHAN_USULAN), p=[0.35, 0.3, 0.2, 0.15])),
                    "sertifikat": bool(rng.uniform() < 0.4),
                    "gambar_teknis": bool(rng.uniform() < 0.5),
                    "rab": bool(rng.uniform() < 0.6),
                    "tahap": tahap,
                    "status": status,
                    "lanjut_tahun_depan": status in ("ditunda",) and tahap != "desa",
                    "versi": 1,
                    "dibuat_oleh": "demo",
                    "dibuat_pada": dibuat,
                    "diubah_pada": dibuat,
                    "geometry": geom,
                }
            )
            for t in urut_tahap[: urut_tahap.index(tahap) + 1]:
                if t == tahap and status == "diajukan":
                    break
                st = "diterima" if t != tahap else status
                keputusan.append(
                    {
                        "usulan_id": no,
                        "tahap": t,
                        "status": st,
                        "alasan": {
                            "diterima": "Disepakati forum sebagai prioritas",
                            "ditolak": "Bukan kewenangan kabupaten / di luar prioritas",
                            "ditunda": "Melebihi pagu, diusulkan tahun berikutnya",
                            "dikembalikan": "Dokumen kesiapan belum lengkap",
                        }[st],
                        "nilai_rekomendasi": float(biaya) if st == "diterima" else None,
                        "oleh": f"demo ({definitions.TAHAP_FORUM[t]})",
                        "waktu": awal + timedelta(days=tanggal_tahap[t] + 25, hours=no % 8),
                    }
                )
    gdf = gpd.GeoDataFrame(baris, crs=CRS_METRIK_DEMO)
    # forum assessments (1..5) from their own generator, so earlier fields stay as they were
    rng_nilai = np.random.default_rng(benih + 7 + tahun)
    for k in ("urgensi", "dampak", "selaras_rpjmd"):
        gdf[k] = rng_nilai.integers(1, 6, len(gdf))
    return gdf, pd.DataFrame(keputusan)


def bangun_lahan(usulan: gpd.GeoDataFrame, pola: gpd.GeoDataFrame, benih: int) -> gpd.GeoDataFrame:
    """Small land parcels under physical usulan points, with a mapped land status."""
    rng = np.random.default_rng(benih + 4)
    titik = usulan[usulan.geometry.geom_type == "Point"].geometry
    hutan = shapely.union_all(list(pola[pola["kodkws"].isin(["HL", "HP"])].geometry))
    dipilih: list[Point] = []
    for p in titik:
        if all(p.distance(q) > 250 for q in dipilih):
            dipilih.append(p)
    baris = []
    for p in dipilih:
        w, h = rng.uniform(25, 80, 2)
        dx, dy = rng.uniform(-0.4, 0.4, 2)
        g = box(p.x - w * (0.5 + dx), p.y - h * (0.5 + dy), p.x + w * (0.5 - dx), p.y + h * (0.5 - dy))
        if hutan.contains(p):
            status = "kawasan_hutan"
        else:
            status = str(rng.choice(["aset_pemda", "tanah_desa", "milik_warga", "sengketa"], p=[0.4, 0.3, 0.24, 0.06]))
        baris.append({"status": status, "keterangan": None, "geometry": g})
    gdf = gpd.GeoDataFrame(baris, crs=CRS_METRIK_DEMO)
    return _urut_geom(gdf, ["status"])


def bangun_realisasi(usulan_lalu: pd.DataFrame, benih: int) -> pd.DataFrame:
    """Quarterly RFK of last year's funded usulan: Q1–Q3 reported, Q4 planned only."""
    rng = np.random.default_rng(benih + 5)
    rencana = [12.0, 40.0, 78.0, 100.0]
    baris = []
    for _, u in usulan_lalu.iterrows():
        telat = rng.choice([0, 4, 9, 16], p=[0.45, 0.3, 0.15, 0.1])
        for q in range(1, 5):
            rf = rencana[q - 1]
            real = None if q == 4 else float(max(0.0, round(rf - telat * q / 3 - rng.uniform(0, 3), 1)))
            baris.append(
                {
                    "usulan_id": int(u["id"]),
                    "tahun": TAHUN_BERJALAN,
                    "triwulan": q,
                    "rencana_fisik": rf,
                    "realisasi_fisik": real,
                    "rencana_keuangan": round(u["biaya"] * rf / 100, -3),
                    "realisasi_keuangan": None if real is None else round(u["biaya"] * max(real - 3, 0) / 100, -3),
                    "masalah": "Keterlambatan pengadaan material" if (telat >= 9 and q == 3) else None,
                    "catatan_verifikator": None,
                }
            )
    return pd.DataFrame(baris)


def bangun_pagu(usulan: pd.DataFrame, wil: pd.DataFrame) -> pd.DataFrame:
    """Pagu indikatif per kecamatan and per OPD: 70 % of what reached kecamatan, rounded."""
    lanjut = usulan[usulan["tahap"] != "desa"]
    baris = []
    for kec in wil.loc[wil["tingkat"] == "kecamatan", "kode"]:
        total = lanjut.loc[lanjut["kode_kecamatan"] == kec, "biaya"].sum()
        baris.append({"tahun": TAHUN_USULAN, "jenis": "kecamatan", "kode": kec, "nilai": float(round(total * 0.7, -7))})
    for opd, total in lanjut.groupby("opd_awal")["biaya"].sum().sort_index().items():
        baris.append({"tahun": TAHUN_USULAN, "jenis": "opd", "kode": opd, "nilai": float(round(total * 0.6, -7))})
    return pd.DataFrame(baris)


def _ke_4326(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return gdf.to_crs(CRS_SIMPAN)


def isi_referensi(con, benih: int = BENIH_BAKU, ukuran: Ukuran = Ukuran()) -> dict:
    """Fill an empty reference database with the demo kabupaten.

    Returns
    -------
    dict
        The generated frames (metric CRS) that :func:`isi_kerja` needs.
    """
    wil = bangun_wilayah(benih, ukuran)
    simpan = _wilayah_untuk_simpan(wil)
    kol = ["kode", "nama", "tingkat", "jenis", "kode_induk", "kode_bps", "versi_kode", "luas_ha"]
    df = pd.DataFrame(simpan[kol])
    df["geom"] = simpan.geometry.values
    df["geom_tampil"] = simpan["geom_tampil"].values
    db.sisipkan(con, "wilayah", df, ("geom", "geom_tampil"))

    meta = pd.DataFrame([m.__dict__ for m in fixture_demo.INDIKATOR_DEMO])
    db.sisipkan(con, "indikator_meta", meta)
    ind = bangun_indikator(wil, benih)
    db.sisipkan(con, "indikator", ind)

    tr = bangun_tata_ruang(wil, benih, ukuran)
    for tabel, kol_data in (
        ("pola_ruang", ["id", "namobj", "kodkws", "kawasan"]),
        ("zonasi", ["id", "kode_zona", "nama_zona"]),
        ("overlay", ["id", "jenis", "kelas", "nama"]),
    ):
        g = _ke_4326(tr[tabel])
        df = pd.DataFrame(g[kol_data])
        df["sumber"] = SUMBER
        if tabel == "pola_ruang":
            df["atribut"] = [
                json.dumps({"NAMOBJ": n, "KODKWS": k}) for n, k in zip(g["namobj"], g["kodkws"], strict=True)
            ]
        if tabel == "zonasi":
            df["matriks"] = MATRIKS_DEMO
        df["geom"] = g.geometry.values
        db.sisipkan(con, tabel, df, ("geom",))
    fas = _ke_4326(bangun_fasilitas(wil, ind, benih))
    mulai = con.execute("SELECT max(id) FROM overlay").fetchone()[0]
    db.sisipkan(
        con,
        "overlay",
        pd.DataFrame(
            {
                "id": range(mulai + 1, mulai + 1 + len(fas)),
                "jenis": "fasilitas",
                "kelas": fas["kelas"].values,
                "nama": fas["nama"].values,
                "sumber": SUMBER,
                "geom": fas.geometry.values,
            }
        ),
        ("geom",),
    )

    db.sisipkan(
        con, "kelas_kegiatan", pd.DataFrame([{"kode": k, "nama": v} for k, v in definitions.KELAS_KEGIATAN.items()])
    )
    db.sisipkan(
        con,
        "itbx",
        pd.DataFrame(
            [
                {
                    "matriks": MATRIKS_DEMO,
                    "kode_kegiatan": k,
                    "kode_zona": z,
                    "nilai": v,
                    "catatan": None,
                    "sumber": SUMBER,
                }
                for k, sel in ITBX_DEMO.items()
                for z, v in sel.items()
            ]
        ),
    )
    kamus = pd.DataFrame([k.__dict__ for k in fixture_demo.KAMUS_DEMO])
    kamus["tahun_harga"] = TAHUN_USULAN
    kamus["sumber"] = "SSH/HSPK sintetis"
    db.sisipkan(con, "kamus_usulan", kamus)

    usulan, kep = bangun_usulan(wil, benih, TAHUN_USULAN, (2, 5))
    lahan = _ke_4326(bangun_lahan(usulan, tr["pola_ruang"], benih))
    df = pd.DataFrame(lahan[["id", "status", "keterangan"]])
    df["sumber"] = SUMBER
    df["geom"] = lahan.geometry.values
    db.sisipkan(con, "lahan", df, ("geom",))
    jumlah = sum(
        con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("wilayah", "indikator", "pola_ruang", "zonasi", "overlay", "itbx", "lahan", "kamus_usulan")
    )
    db.catat_muat(
        con, "demo", f"pipelines.demo benih={benih}", _hash_benih(benih), 0, jumlah, [], VERSI_KODE, "pipelines demo"
    )
    return {"wilayah": wil, "usulan": usulan, "keputusan": kep}


def _hash_benih(benih: int) -> str:
    return hashlib.sha256(f"petarencana-demo:{benih}".encode()).hexdigest()


def isi_kerja(con, hasil_ref: dict, benih: int = BENIH_BAKU) -> None:
    """Fill an empty working database: usulan, decisions, pagu and realisasi."""
    wil = hasil_ref["wilayah"]
    lalu, _ = bangun_usulan(wil, benih, TAHUN_BERJALAN, (0, 1), hanya_didanai=True)
    usulan = pd.concat([lalu, hasil_ref["usulan"]], ignore_index=True)
    kep = hasil_ref["keputusan"].copy()
    kep["usulan_id"] = kep["usulan_id"] + len(lalu)
    usulan = _ke_4326(gpd.GeoDataFrame(usulan, crs=CRS_METRIK_DEMO))
    df = pd.DataFrame(usulan.drop(columns="geometry"))
    df.insert(0, "id", np.arange(1, len(df) + 1))
    df["geom"] = usulan.geometry.values
    db.sisipkan(con, "usulan", df, ("geom",))
    # keep the id sequence ahead of the generated ids
    con.execute("SELECT max(nextval('usulan_id')) FROM range(?)", [len(df)])
    db.sisipkan(con, "keputusan", kep)
    # vote tallies at the kecamatan forums still in session
    rng_suara = np.random.default_rng(benih + 8)
    sidang = df[(df["tahap"] == "kecamatan") & (df["status"] == "diajukan")]
    db.sisipkan(
        con,
        "suara",
        pd.DataFrame(
            {
                "usulan_id": sidang["id"].to_numpy(),
                "tahap": "kecamatan",
                "jumlah": rng_suara.integers(0, 40, len(sidang)),
                "oleh": "demo",
                "waktu": datetime(TAHUN_USULAN - 1, 2, 20, 10, 0),
            }
        ),
    )
    db.sisipkan(con, "pagu", bangun_pagu(df.iloc[len(lalu) :], wil))
    didanai = df.iloc[: len(lalu)]
    db.sisipkan(con, "realisasi", bangun_realisasi(didanai, benih))
    slide = [
        {
            "indikator": "persen_miskin",
            "tahun": 2025,
            "tingkat": "desa",
            "skema": "kuantil",
            "k": 5,
            "palet": "YlOrRd",
            "judul": "Persentase penduduk miskin per desa, 2025",
        },
        {
            "indikator": "prevalensi_stunting",
            "tahun": 2025,
            "tingkat": "desa",
            "skema": "jenks",
            "k": 5,
            "palet": "Purples",
            "judul": "Prevalensi balita stunting per desa, 2025",
        },
        {
            "indikator": "persen_jalan_rusak",
            "tahun": 2025,
            "tingkat": "kecamatan",
            "skema": "interval_sama",
            "k": 4,
            "palet": "Blues",
            "judul": "Jalan desa rusak per kecamatan, 2025",
        },
    ]
    con.execute(
        "INSERT INTO slide_set (nama, kode_kabupaten, slide, dibuat_oleh, diubah_pada) "
        "VALUES ('Musrenbang Kecamatan 2027', ?, ?, 'demo', TIMESTAMP '2026-01-20 08:00:00')",
        [KODE_KABUPATEN, json.dumps(slide)],
    )
    db.catat_muat(
        con, "demo", f"pipelines.demo benih={benih}", _hash_benih(benih), 0, len(df), [], VERSI_KODE, "pipelines demo"
    )


def bangun_demo(
    berkas: BerkasData, benih: int = BENIH_BAKU, ulang_kerja: bool = False, ukuran: Ukuran = Ukuran()
) -> dict[str, int]:
    """Build the demo reference database, and the working one if absent or ``ulang_kerja``.

    The reference file is written to a temporary copy and swapped in atomically; an
    existing working file (users' usulan, decisions, realisasi) is kept unless
    ``ulang_kerja``, in which case it is first saved as ``kerja.duckdb.bak-<time>``.

    Parameters
    ----------
    berkas : BerkasData
        Target data folder.
    benih : int
        Random seed.
    ulang_kerja : bool
        Rebuild the working database too.
    ukuran : Ukuran
        Size of the region.

    Returns
    -------
    dict
        Row counts of the main tables.
    """
    berkas.folder.mkdir(parents=True, exist_ok=True)
    with db.ganti_atomik(berkas.referensi, "referensi", dari_awal=True) as con:
        hasil = isi_referensi(con, benih, ukuran)
        jumlah = {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("wilayah", "indikator", "pola_ruang", "zonasi", "overlay", "lahan")
        }
    if ulang_kerja or not berkas.kerja.exists():
        if berkas.kerja.exists():
            cadangan = berkas.kerja.with_name(f"kerja.duckdb.bak-{datetime.now():%Y%m%d-%H%M%S}")
            berkas.kerja.rename(cadangan)
        with db.ganti_atomik(berkas.kerja, "kerja", dari_awal=True) as con:
            isi_kerja(con, hasil, benih)
            jumlah["usulan"] = con.execute("SELECT count(*) FROM usulan").fetchone()[0]
    return jumlah


def sidik_tabel(path: Path) -> dict[str, str]:
    """Return a sha256 per data table (rows in key order, geometries as WKB).

    Load-lineage and migration tables carry timestamps and are left out.
    """
    con = db.koneksi(path, baca_saja=True)
    try:
        tabel = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
                "AND table_name NOT IN ('riwayat_muat', 'skema_migrasi') ORDER BY table_name"
            ).fetchall()
        ]
        hasil = {}
        for t in tabel:
            kolom = con.execute(
                "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? "
                "AND database_name = current_database() ORDER BY column_index",
                [t],
            ).fetchall()
            pilih = ", ".join(f"ST_AsHEXWKB({k})" if tipe == "GEOMETRY" else k for k, tipe in kolom)
            h = hashlib.sha256()
            for baris in con.execute(f"SELECT {pilih} FROM {t} ORDER BY ALL").fetchall():
                h.update(repr(baris).encode())
            hasil[t] = h.hexdigest()
        return hasil
    finally:
        con.close()
