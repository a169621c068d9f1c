"""Demo geometry: the kabupaten, kecamatan and desa coverage, spatial plans, facility points.

Boundaries form an exact coverage: desa polygons are noded Voronoi cells of the kabupaten
outline; kecamatan are contiguous groups of desa. Everything is built in a metric CRS.
"""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import LineString, Point, Polygon, box

from geo.domain import definitions
from geo.render.display import sederhanakan_cakupan
from geo.settings import CRS_METRIK_DEMO, CRS_SIMPAN, TOLERANSI_TAMPIL_M
from pipelines.demo.dasar import (
    _AKHIRAN,
    _AWALAN,
    BENIH_BAKU,
    KODE_KABUPATEN,
    NAMA_KABUPATEN,
    NAMA_KECAMATAN,
    PUSAT_LONLAT,
    TAHUN_INDIKATOR,
    UKURAN_BAKU,
    VERSI_KODE,
    Ukuran,
    sebar_titik,
    titik_dalam,
    urut_geom,
)
from pipelines.geometri import cakupan_voronoi, kelompokkan_wilayah, tetangga


def _garis_luar(rng: np.random.Generator, pusat: tuple[float, float], r: float) -> Polygon:
    fase = rng.uniform(0, 2 * math.pi, 3)
    t = np.linspace(0, 2 * math.pi, 97)[:-1]
    rr = r * (1 + 0.14 * np.sin(3 * t + fase[0]) + 0.07 * np.sin(5 * t + fase[1]) + 0.04 * np.sin(9 * t + fase[2]))
    return Polygon(np.c_[pusat[0] + rr * np.cos(t), pusat[1] + 0.85 * rr * np.sin(t)])


def _nama_desa(rng, n: int) -> list[str]:
    semua = [a + b.lower() if a[-1] != b[0] else a + b[1:] for a in _AWALAN for b in _AKHIRAN]
    idx = rng.permutation(len(semua))[:n]
    return [semua[i] for i in idx]


def bangun_wilayah(benih: int = BENIH_BAKU, ukuran: Ukuran = UKURAN_BAKU) -> gpd.GeoDataFrame:
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
    titik = sebar_titik(rng, luar, ukuran.desa, pusat, jarak, padat_kota=True)
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


def wilayah_untuk_simpan(wil: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
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
    titik = sebar_titik(
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
    pola = urut_geom(pola, ["kodkws"])

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
    zonasi = urut_geom(zonasi, ["kode_zona"])

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
    overlay = urut_geom(overlay, ["jenis", "kelas"])
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
                    {"kelas": kelas, "nama": f"{awalan} {d['nama']} {i + 1}", "geometry": titik_dalam(rng, d.geometry)}
                )
    return gpd.GeoDataFrame(baris, crs=CRS_METRIK_DEMO)
