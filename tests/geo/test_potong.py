"""Length shares of lines in polygons from edge crossings: hand-worked cases and GEOS as an oracle."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from geo.domain import potong


def _g(*geom) -> np.ndarray:
    return np.array(geom, dtype=object)


def _bagian(garis, poligon) -> list[float]:
    i, j = np.repeat(np.arange(len(garis)), len(poligon)), np.tile(np.arange(len(poligon)), len(garis))
    return potong.bagian_panjang(garis, poligon, i, j).round(9).tolist()


def test_kasus_dihitung_tangan():
    kotak = shapely.box(0, 0, 10, 10)
    berlubang = shapely.Polygon([(0, 0), (10, 0), (10, 10), (0, 10)], [[(2, 2), (8, 2), (8, 8), (2, 8)]])
    ganda = shapely.MultiPolygon([shapely.box(0, 0, 2, 10), shapely.box(8, 0, 10, 10)])
    garis = _g(
        shapely.LineString([(-5, 5), (5, 5)]),  # half of its 10 m inside the square
        shapely.LineString([(0, -5), (0, 5)]),  # 5 of 10 m run along the square's left edge: boundary counts
        shapely.LineString([(-10, 5), (5, 5), (5, 20)]),  # 15 + 15 m; inside 5 + 5 m (in, turn, out): 1/3
        shapely.MultiLineString([[(1, 1), (1, 9)], [(20, 0), (20, 8)]]),  # 8 of 16 m inside
    )
    assert _bagian(garis, _g(kotak)) == [0.5, 0.5, round(1 / 3, 9), 0.5]
    # through the ring with a 6 m hole: 10 m line across, 2 + 2 m in the ring
    assert _bagian(_g(shapely.LineString([(0, 5), (10, 5)])), _g(berlubang, ganda)) == [0.4, 0.4]


def _garis_acak(rng, n: int) -> np.ndarray:
    hasil = []
    while len(hasil) < n:
        k = int(rng.integers(2, 9))
        xy = np.cumsum(rng.normal(0, 40, (k, 2)), axis=0) + rng.uniform(0, 400, 2)
        if rng.random() < 0.4:  # drawn on the grid: runs along zone edges and through corners
            xy = np.round(xy / 50) * 50
        g = shapely.LineString(xy)
        # a line drawn back over itself is left out: the overlay dissolves the repeated part
        if g.length > 0 and np.isclose(shapely.union_all([g]).length, g.length):
            hasil.append(g)
    return np.array(hasil, dtype=object)


def _poligon_acak(rng) -> np.ndarray:
    hasil = []
    for x in range(0, 400, 50):
        for y in range(0, 400, 50):
            p = shapely.box(x, y, x + 50, y + 50)
            if rng.random() < 0.3:
                p = p.difference(shapely.box(x + 10, y + 10, x + 30, y + 35))
            elif rng.random() < 0.2:
                p = shapely.Polygon([(x, y), (x + 50, y), (x + 25, y + 50)])
            hasil.append(p)
    hasil.append(shapely.MultiPolygon([shapely.box(10, 10, 40, 40), shapely.box(160, 160, 190, 190)]))
    return np.array(hasil, dtype=object)


@pytest.mark.parametrize("benih", [1, 2, 3])
def test_sama_dengan_overlay_geos(benih):
    rng = np.random.default_rng(benih)
    garis, poligon = _garis_acak(rng, 300), _poligon_acak(rng)
    shapely.prepare(poligon)
    i, j = shapely.STRtree(poligon).query(garis, predicate="intersects")
    geos = shapely.length(shapely.intersection(garis[i], poligon[j])) / shapely.length(garis[i])
    np.testing.assert_allclose(potong.bagian_panjang(garis, poligon, i, j), geos, atol=1e-9)


def test_pasangan_rumit_lewat_overlay_dan_potongan_kecil(monkeypatch):
    rng = np.random.default_rng(7)
    garis, poligon = _garis_acak(rng, 100), _poligon_acak(rng)
    i, j = shapely.STRtree(poligon).query(garis, predicate="intersects")
    biasa = potong.bagian_panjang(garis, poligon, i, j)
    monkeypatch.setattr(potong, "BATAS_POTONGAN", 50)  # many small chunks
    np.testing.assert_allclose(potong.bagian_panjang(garis, poligon, i, j), biasa, atol=1e-12)
    monkeypatch.setattr(potong, "BATAS_PASANGAN", 0)  # every pair through the overlay
    np.testing.assert_allclose(potong.bagian_panjang(garis, poligon, i, j), biasa, atol=1e-9)
