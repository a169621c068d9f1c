"""Which polygons each usulan touches and what share of it lies in each: the measuring step of conformity.

:func:`bagian` pairs usulan with polygons (a point counts whole; a line by length; an area by
area); :func:`siapkan_lapisan` prepares a layer once per data version (large polygons cut into
grid pieces, metric copies prepared, the tree built) and :func:`bagian_lapisan` measures against it.

Lines are measured without an overlay per pair (:func:`bagian_panjang`).

The conformity check needs, for every (usulan line, zone) pair that is not wholly inside, the
share of the line's length inside the zone. A GEOS overlay per pair (``intersection`` then
``length``) costs a noding and a graph per pair; here all pairs are done at once with arrays:
each segment of the line is split where it crosses (or runs along) an edge of the polygon, and
each piece is classified by whether its midpoint is in the polygon (boundary included, as the
overlay does). Pairs whose segment × edge count is very large go to the overlay instead.

The result equals ``length(intersection(line, polygon)) / length(line)`` up to rounding (tested
against GEOS on random lines, holes, multipolygons and lines drawn along edges), except that a
line drawn back over itself counts each pass, where the overlay dissolves the repeated part.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.settings import CRS_SIMPAN

#: Above this many segment × edge tests a pair is measured with a GEOS overlay instead.
BATAS_PASANGAN = 50_000
#: Segment × edge tests per chunk of pairs (bounds the memory of the arrays).
BATAS_POTONGAN = 2_000_000
_EPS = 1e-12


def _segmen(geom: np.ndarray) -> tuple[np.ndarray, ...]:
    """Segments of each geometry's linework (a polygon's rings): x0, y0, x1, y1, first index and count per geometry."""
    tipe = shapely.get_type_id(geom)
    if np.isin(tipe, (1, 3)).all():  # no multi-part geometries: skip the split
        bagian, asal = geom, np.arange(len(geom))
    else:
        bagian, asal = shapely.get_parts(geom, return_index=True)
    poli = shapely.get_type_id(bagian) == 3
    if poli.any():
        cincin, ai = shapely.get_rings(bagian[poli], return_index=True)
        bagian = np.concatenate([bagian[~poli], cincin])
        asal = np.concatenate([asal[~poli], asal[poli][ai]])
    xy, ci = shapely.get_coordinates(bagian, return_index=True)
    s = np.flatnonzero(ci[1:] == ci[:-1])  # consecutive coordinates of one part make a segment
    milik = asal[ci[s]]
    urut = np.argsort(milik, kind="stable")
    s, milik = s[urut], milik[urut]
    jumlah = np.bincount(milik, minlength=len(geom))
    mulai = np.concatenate([[0], np.cumsum(jumlah)[:-1]]).astype(np.int64)
    return xy[s, 0], xy[s, 1], xy[s + 1, 0], xy[s + 1, 1], mulai, jumlah


def _ulang(n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For counts ``n``: the owner of each expanded item and its position within the owner."""
    milik = np.repeat(np.arange(len(n)), n)
    awal = np.concatenate([[0], np.cumsum(n)[:-1]]).astype(np.int64)
    return milik, np.arange(int(n.sum())) - awal[milik]


def _panjang_di_dalam(garis: np.ndarray, poligon: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Length of ``garis[i]`` inside ``poligon[j]`` per pair, by edge crossings (one chunk)."""
    ug, ui = np.unique(i, return_inverse=True)
    pg, pj = np.unique(j, return_inverse=True)
    sx0, sy0, sx1, sy1, sm, sn = _segmen(garis[ug])
    ex0, ey0, ex1, ey1, em, en = _segmen(poligon[pg])
    q_pasang, q_lok = _ulang(sn[ui])  # (pair, segment) items
    q_seg = sm[ui][q_pasang] + q_lok
    r_q, r_lok = _ulang(en[pj][q_pasang])  # (pair, segment, edge) items
    s = q_seg[r_q]
    e = em[pj][q_pasang][r_q] + r_lok
    px, py = sx0[s], sy0[s]
    rx, ry = sx1[s] - px, sy1[s] - py
    wx, wy = ex0[e] - px, ey0[e] - py
    tx, ty = ex1[e] - ex0[e], ey1[e] - ey0[e]
    pembagi = rx * ty - ry * tx
    lr = np.hypot(rx, ry)
    sejajar = np.abs(pembagi) <= 1e-10 * lr * np.hypot(tx, ty)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = (wx * ty - wy * tx) / pembagi
        u = (wx * ry - wy * rx) / pembagi
    potong = ~sejajar & (t > _EPS) & (t < 1 - _EPS) & (u >= -1e-9) & (u <= 1 + 1e-9)
    # an edge on the segment's own line: its end points split the segment
    rr = np.maximum(lr * lr, 1e-300)
    segaris = sejajar & (np.abs(wx * ry - wy * rx) <= 1e-9 * lr * np.maximum(np.hypot(wx, wy), 1.0))
    semua_q = np.arange(len(q_pasang))
    nilai_t, milik_q = [np.zeros(len(q_pasang)), np.ones(len(q_pasang)), t[potong]], [semua_q, semua_q, r_q[potong]]
    for tt in ((wx * rx + wy * ry) / rr, ((ex1[e] - px) * rx + (ey1[e] - py) * ry) / rr):
        m = segaris & (tt > _EPS) & (tt < 1 - _EPS)
        nilai_t.append(tt[m])
        milik_q.append(r_q[m])
    tq, qq = np.concatenate(nilai_t), np.concatenate(milik_q)
    urut = np.lexsort((tq, qq))
    tq, qq = tq[urut], qq[urut]
    k = np.flatnonzero(qq[1:] == qq[:-1])  # consecutive breakpoints of one segment bound a piece
    dt = tq[k + 1] - tq[k]
    k = k[dt > 0]
    q = qq[k]
    tm = (tq[k] + tq[k + 1]) / 2
    seg = q_seg[q]
    dx, dy = sx1[seg] - sx0[seg], sy1[seg] - sy0[seg]
    panjang = (tq[k + 1] - tq[k]) * np.hypot(dx, dy)
    pasang = q_pasang[q]
    di_dalam = shapely.intersects_xy(poligon[j[pasang]], sx0[seg] + tm * dx, sy0[seg] + tm * dy)
    return np.bincount(pasang, weights=panjang * di_dalam, minlength=len(i))


def bagian_panjang(garis: np.ndarray, poligon: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Share of the length of ``garis[i]`` inside ``poligon[j]`` (boundary included), per pair.

    Parameters
    ----------
    garis : ndarray of LineString / MultiLineString
        Lines in a metric CRS.
    poligon : ndarray of Polygon / MultiPolygon
        Polygons in the same CRS (prepared polygons make the midpoint test faster).
    i, j : ndarray of int
        The pairs to measure.

    Returns
    -------
    ndarray of float
        Shares in [0, 1].

    Examples
    --------
    >>> g = np.array([shapely.LineString([(0, 5), (20, 5)])], dtype=object)
    >>> p = np.array([shapely.box(0, 0, 10, 10), shapely.box(10, 0, 30, 10)], dtype=object)
    >>> bagian_panjang(g, p, np.array([0, 0]), np.array([0, 1])).round(3).tolist()
    [0.5, 0.5]
    """
    i, j = np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64)
    hasil = np.zeros(len(i))
    if len(i) == 0:
        return hasil
    n_seg = shapely.get_num_coordinates(garis[i]).astype(np.int64)
    n_tepi = shapely.get_num_coordinates(poligon[j]).astype(np.int64)
    beban = n_seg * n_tepi
    besar = beban > BATAS_PASANGAN
    if besar.any():  # very detailed pairs: one overlay each
        b = np.flatnonzero(besar)
        hasil[b] = shapely.length(shapely.intersection(garis[i[b]], poligon[j[b]]))
    kecil = np.flatnonzero(~besar)
    batas = np.searchsorted(np.cumsum(beban[kecil]), np.arange(BATAS_POTONGAN, int(beban[kecil].sum()), BATAS_POTONGAN))
    for bagian_ in np.split(kecil, batas):
        if len(bagian_):
            hasil[bagian_] = _panjang_di_dalam(garis, poligon, i[bagian_], j[bagian_])
    return np.clip(hasil / np.maximum(shapely.length(garis[i]), 1e-12), 0.0, 1.0)


def bagian(
    usulan: np.ndarray,
    poligon: np.ndarray,
    usulan_m: np.ndarray | None = None,
    poligon_m: np.ndarray | None = None,
    pohon: shapely.STRtree | None = None,
) -> pd.DataFrame:
    """Pairs (usulan, polygon) that intersect, with the share of the usulan in the polygon.

    Whether they intersect is decided on the geometry as stored (so a point drawn exactly on
    a border stays on it); shares are measured on the metric copies when given.

    Parameters
    ----------
    usulan, poligon : ndarray of shapely geometries
        As stored (EPSG:4326).
    usulan_m, poligon_m : ndarray of shapely geometries, optional
        The same in a metric CRS, for lengths and areas.
    pohon : shapely.STRtree, optional
        A tree already built on ``poligon`` (reused across calls).

    Returns
    -------
    DataFrame
        ``i`` (usulan position), ``j`` (polygon position), ``bagian``: 1 for a point
        (a point on a border is in both polygons), else the share of length (lines) or
        area (polygons) inside the polygon.
    """
    if len(usulan) == 0 or len(poligon) == 0:
        return pd.DataFrame({"i": np.array([], int), "j": np.array([], int), "bagian": np.array([], float)})
    i, j = (pohon or shapely.STRtree(poligon)).query(usulan, predicate="intersects")
    usulan = usulan if usulan_m is None else usulan_m
    poligon = poligon if poligon_m is None else poligon_m
    jenis = shapely.get_type_id(usulan[i])
    nilai = np.ones(len(i))
    garis = np.isin(jenis, (1, 5))  # LineString, MultiLineString
    luas = np.isin(jenis, (3, 6))  # Polygon, MultiPolygon
    if garis.any() or luas.any():
        # a geometry wholly inside the polygon has share 1: skip the (costly) intersection
        shapely.prepare(poligon)
        dalam = np.zeros(len(i), dtype=bool)
        sebagian = np.flatnonzero(garis | luas)
        dalam[sebagian] = shapely.contains_properly(poligon[j[sebagian]], usulan[i[sebagian]])
        garis &= ~dalam
        luas &= ~dalam
    if garis.any():  # lines: from their crossings with the polygon's edges, no overlay per pair
        nilai[garis] = bagian_panjang(usulan, poligon, i[garis], j[garis])
    if luas.any():
        potong = _potong(usulan[i[luas]], poligon[j[luas]])
        nilai[luas] = shapely.area(potong) / np.maximum(shapely.area(usulan[i[luas]]), 1e-12)
    hasil = pd.DataFrame({"i": i, "j": j, "bagian": np.clip(nilai, 0, 1)})
    # a line that only touches a polygon along its border has share 0 there: not in the polygon
    return hasil[(hasil["bagian"] > 1e-9) | ~(garis | luas)].reset_index(drop=True)


def _potong(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pairwise intersection, split over threads (GEOS releases the GIL) when there are many pairs."""
    n_utas = min(4, os.cpu_count() or 1)
    if len(a) < 20_000 or n_utas == 1:
        return shapely.intersection(a, b)
    batas = np.linspace(0, len(a), n_utas + 1).astype(int)
    with ThreadPoolExecutor(n_utas) as ex:
        bagian_ = list(
            ex.map(
                lambda k: shapely.intersection(a[batas[k] : batas[k + 1]], b[batas[k] : batas[k + 1]]), range(n_utas)
            )
        )
    return np.concatenate(bagian_)


#: Polygons whose bounding box is larger than this (degrees, ~2 km) are cut into grid pieces
#: before indexing: one long river setback or a forest polygon with thousands of vertices
#: would otherwise be a candidate (and a costly intersection) for every usulan in its box.
UKURAN_PECAH = 0.02


def _pecah(asli: np.ndarray, metrik: np.ndarray, crs: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cut large polygons into grid pieces; return (pieces as stored, pieces metric, original index)."""
    if len(asli) == 0:
        return asli, metrik, np.arange(0)
    b = shapely.bounds(asli)
    besar = np.flatnonzero(((b[:, 2] - b[:, 0]) > UKURAN_PECAH) | ((b[:, 3] - b[:, 1]) > UKURAN_PECAH))
    besar = besar[np.isin(shapely.get_type_id(asli[besar]), (3, 6))]
    if len(besar) == 0:
        return asli, metrik, np.arange(len(asli))
    kecil = np.setdiff1d(np.arange(len(asli)), besar)
    potong, asal = [], []
    for k in besar:
        x0, y0, x1, y1 = b[k]
        xs = np.arange(x0, x1, UKURAN_PECAH)
        ys = np.arange(y0, y1, UKURAN_PECAH)
        gx, gy = np.meshgrid(xs, ys)
        sel = shapely.box(gx.ravel(), gy.ravel(), gx.ravel() + UKURAN_PECAH, gy.ravel() + UKURAN_PECAH)
        shapely.prepare(asli[k])
        sel = sel[shapely.intersects(asli[k], sel)]
        bagian_ = shapely.intersection(asli[k], sel)
        bagian_ = bagian_[~shapely.is_empty(bagian_) & (shapely.area(bagian_) > 0)]
        potong.append(bagian_)
        asal.append(np.full(len(bagian_), k))
    pa = np.concatenate([asli[kecil], *potong])
    idx = np.concatenate([kecil, *asal])
    pm = np.concatenate(
        [
            metrik[kecil],
            np.asarray(gpd.GeoSeries(np.concatenate(potong), crs=CRS_SIMPAN).to_crs(crs).array, dtype=object),
        ]
    )
    return pa, pm, idx


def siapkan_lapisan(asli: np.ndarray, metrik: np.ndarray, crs: str) -> tuple:
    """A layer ready for many checks: large polygons cut, metric pieces prepared, the tree built.

    Returns
    -------
    (pieces as stored, pieces metric, original index, STRtree on the pieces, number of originals)
    """
    pa, pm, idx = _pecah(asli, metrik, crs)
    if len(pm):
        shapely.prepare(pm)
    return pa, pm, idx, shapely.STRtree(pa) if len(pa) else None, len(asli)


def bagian_lapisan(ua: np.ndarray, ug: np.ndarray, siap: tuple) -> pd.DataFrame:
    """:func:`bagian` against a layer prepared by :func:`siapkan_lapisan`; shares summed per original polygon."""
    pa, pm, idx, pohon, asli_len = siap
    p = bagian(ua, pa, ug, pm, pohon)
    if len(pa) == asli_len or p.empty:
        return p.assign(j=idx[p["j"].to_numpy()]) if len(p) else p
    p["j"] = idx[p["j"].to_numpy()]
    p = p.groupby(["i", "j"], as_index=False, sort=False)["bagian"].sum()
    p["bagian"] = p["bagian"].clip(upper=1.0)  # a point on a cut line is in two pieces of one polygon
    return p


def geom_metrik(gdf: gpd.GeoDataFrame, crs: str, titik: bool = True) -> np.ndarray:
    """The geometries of ``gdf`` in the metric CRS ``crs``, as an object array.

    With ``titik=False`` points are left as stored (for :func:`bagian`, which measures only lines
    and areas: a point's share is 1), saving the reprojection of most usulan.
    """
    if not len(gdf):
        return np.array([], dtype=object)
    if titik:
        return np.asarray(gdf.geometry.to_crs(crs).array, dtype=object)
    hasil = geom_asli(gdf).copy()
    bukan = np.flatnonzero(~np.isin(shapely.get_type_id(hasil), (0, 4)))
    if len(bukan):
        hasil[bukan] = np.asarray(gdf.geometry.iloc[bukan].to_crs(crs).array, dtype=object)
    return hasil


def geom_asli(gdf: gpd.GeoDataFrame) -> np.ndarray:
    """The geometries of ``gdf`` as stored (EPSG:4326), as an object array."""
    return np.asarray(gdf.geometry.array, dtype=object) if len(gdf) else np.array([], dtype=object)
