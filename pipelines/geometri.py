"""Geometry helpers shared by the pipelines: coverages from seed points, adjacency."""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import MultiPoint, Polygon


def geser_berliku(koordinat: np.ndarray, fase: np.ndarray, amplitudo: float) -> np.ndarray:
    """Displace coordinates by a smooth two-scale sine field (borders that meander).

    The field's gradient stays below 1 (``amplitudo`` ≤ 200 m), so the map is one-to-one
    and a valid coverage stays valid.
    """
    x, y = koordinat[:, 0], koordinat[:, 1]
    a1, l1, a2, l2 = amplitudo, 3200.0, amplitudo * 0.14, 380.0
    dx = a1 * np.sin(2 * np.pi * y / l1 + fase[0]) + a2 * np.sin(2 * np.pi * y / l2 + fase[1])
    dy = a1 * np.sin(2 * np.pi * x / l1 + fase[2]) + a2 * np.sin(2 * np.pi * x / l2 + fase[3])
    return np.c_[x + dx, y + dy]


def cakupan_voronoi(
    titik: np.ndarray,
    batas: Polygon,
    liku_m: float = 0.0,
    fase: np.ndarray | None = None,
    rapat_m: float = 60.0,
) -> list[Polygon]:
    """Split ``batas`` into one polygon per seed point, with shared borders noded.

    The Voronoi cells are clipped to ``batas`` and the resulting linework is noded and
    re-polygonised, so two neighbouring cells hold *identical* vertices along their
    shared border (a valid coverage, as :func:`shapely.coverage_simplify` needs). With
    ``liku_m > 0`` every edge is densified once and displaced by :func:`geser_berliku`,
    giving natural-looking, vertex-rich borders that are still shared exactly.

    Parameters
    ----------
    titik : ndarray of shape (n, 2)
        Seed coordinates, all inside ``batas``.
    batas : Polygon
        Outer boundary.
    liku_m : float
        Meander amplitude in metres (0 keeps straight Voronoi edges).
    fase : ndarray of shape (4,), optional
        Phases of the meander field (from the caller's random generator).
    rapat_m : float
        Vertex spacing of densified edges.

    Returns
    -------
    list of Polygon
        Cell ``i`` belongs to ``titik[i]``.
    """
    sel = shapely.voronoi_polygons(MultiPoint(titik), extend_to=batas, ordered=True)
    sel = [shapely.intersection(c, batas) for c in sel.geoms]
    garis = shapely.union_all([c.boundary for c in sel])
    if liku_m > 0:
        fase = np.zeros(4) if fase is None else fase
        garis = shapely.transform(shapely.segmentize(garis, rapat_m), lambda k: geser_berliku(k, fase, liku_m))
        titik = geser_berliku(np.asarray(titik, dtype=float), fase, liku_m)
        sel = [shapely.transform(c, lambda k: geser_berliku(k, fase, liku_m)) for c in sel]
    muka = list(shapely.polygonize([garis]).geoms)
    # assign each face to the seed whose clipped cell contains the face's inner point
    # (faces are the polygonised, displaced linework; ``sel`` only votes ownership)
    pohon = shapely.STRtree([shapely.make_valid(c) for c in sel])
    sel = list(pohon.geometries)
    milik: dict[int, list[Polygon]] = {i: [] for i in range(len(sel))}
    for f in muka:
        p = f.point_on_surface()
        kandidat = [int(i) for i in pohon.query(p, predicate="intersects")]
        terbaik = max(kandidat, key=lambda i: sel[i].intersection(f).area)
        milik[terbaik].append(f)
    hasil = []
    for i in range(len(sel)):
        bagian = milik[i]
        g = bagian[0] if len(bagian) == 1 else shapely.coverage_union_all(bagian)
        hasil.append(shapely.normalize(g))
    return hasil


def tetangga(polygon: list[Polygon]) -> list[list[int]]:
    """Return, for each polygon, the indices of polygons sharing a border line with it."""
    pohon = shapely.STRtree(polygon)
    hasil: list[list[int]] = []
    for i, p in enumerate(polygon):
        dekat = [int(j) for j in pohon.query(p, predicate="intersects") if j != i]
        hasil.append(sorted(j for j in dekat if p.intersection(polygon[j]).length > 0))
    return hasil


def kelompokkan_wilayah(pusat: np.ndarray, tetangga_: list[list[int]], benih: list[int]) -> list[int]:
    """Grow contiguous groups from seed polygons over the adjacency graph.

    At each step the smallest group takes its unassigned neighbour nearest to its seed,
    so groups stay contiguous and balanced.

    Parameters
    ----------
    pusat : ndarray of shape (n, 2)
        A representative point per polygon.
    tetangga_ : list of list of int
        Adjacency (from :func:`tetangga`).
    benih : list of int
        One starting polygon per group.

    Returns
    -------
    list of int
        Group number of every polygon.
    """
    n = len(pusat)
    grup = [-1] * n
    anggota: list[list[int]] = []
    for g, b in enumerate(benih):
        grup[b] = g
        anggota.append([b])
    sisa = n - len(benih)
    while sisa:
        maju = False
        for g in sorted(range(len(benih)), key=lambda g: (len(anggota[g]), g)):
            calon = sorted({j for i in anggota[g] for j in tetangga_[i] if grup[j] < 0})
            if not calon:
                continue
            j = min(calon, key=lambda j: (float(np.hypot(*(pusat[j] - pusat[benih[g]]))), j))
            grup[j] = g
            anggota[g].append(j)
            sisa -= 1
            maju = True
            break
        if not maju:
            raise ValueError("graf ketetanggaan tidak terhubung")
    return grup
