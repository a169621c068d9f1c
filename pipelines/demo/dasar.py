"""Constants, size and small geometry helpers of the demo region "Kabupaten Contoh" (*data sintetis*)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
from shapely.geometry import LineString, Point, Polygon

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


#: The size of the demo everyone builds (tests and benchmarks pass smaller or larger ones).
UKURAN_BAKU = Ukuran()


def sebar_titik(rng, batas: Polygon, n: int, pusat, jarak_min: float, padat_kota: bool) -> np.ndarray:
    """``n`` random points inside ``batas`` at least ``jarak_min`` apart (closer near ``pusat`` in a town)."""
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


def titik_dalam(rng, poly: Polygon) -> Point:
    """A random point inside ``poly``."""
    minx, miny, maxx, maxy = poly.bounds
    while True:
        p = Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        if poly.contains(p):
            return p


def garis_dalam(rng, poly: Polygon, panjang: float) -> LineString:
    """A 2–4 segment line of about ``panjang`` metres fully inside ``poly``."""
    for _ in range(200):
        awal = titik_dalam(rng, poly)
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


def urut_geom(gdf: gpd.GeoDataFrame, kolom: list[str]) -> gpd.GeoDataFrame:
    """Sort deterministically (by columns, then position) and number rows from 1."""
    gdf = gdf.copy()
    gdf["_y"] = -gdf.geometry.representative_point().y.round(1)
    gdf["_x"] = gdf.geometry.representative_point().x.round(1)
    gdf = gdf.sort_values([*kolom, "_y", "_x"], kind="stable").drop(columns=["_y", "_x"])
    gdf = gdf.reset_index(drop=True)
    gdf.insert(0, "id", np.arange(1, len(gdf) + 1))
    return gdf
