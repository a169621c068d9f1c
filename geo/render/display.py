"""Display geometry: coverage-preserving simplification and light GeoJSON.

Run once in the pipeline (``geom_tampil``), never on a page rerun.
"""

from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor
from html import escape

import geopandas as gpd
import numpy as np
import shapely

from geo.settings import CRS_SIMPAN, GRID_TAMPIL_DERAJAT, TOLERANSI_TAMPIL_M


def sederhanakan_cakupan(
    geoms: gpd.GeoSeries,
    crs_metrik: str,
    toleransi_m: float,
    grid: float = GRID_TAMPIL_DERAJAT,
    kelompok: np.ndarray | None = None,
) -> gpd.GeoSeries:
    """Simplify a polygon coverage for display, keeping shared borders shared.

    Parameters
    ----------
    geoms : GeoSeries
        Polygons forming a coverage (shared borders with identical vertices), any CRS.
    crs_metrik : str
        Projected CRS in which ``toleransi_m`` is measured.
    toleransi_m : float
        Simplification tolerance in metres (passed to :func:`shapely.coverage_simplify`).
    grid : float
        Output coordinates are rounded to this grid in degrees (``1e-5`` ≈ 1.1 m).
        Rounding is point-wise, so a vertex shared by two polygons stays shared.
    kelompok : ndarray, optional
        Grouping key for the parallel split of very large coverages (see
        :func:`sederhanakan_paralel`).

    Returns
    -------
    GeoSeries
        Simplified polygons in EPSG:4326, same index.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> s = gpd.GeoSeries([box(0, 0, 1, 1), box(1, 0, 2, 1)], crs="EPSG:32749")
    >>> out = sederhanakan_cakupan(s, "EPSG:32749", 10)
    >>> bool(out.crs == "EPSG:4326")
    True
    """
    metrik = geoms.to_crs(crs_metrik)
    sederhana = sederhanakan_paralel(metrik.values, toleransi_m, kelompok)
    hasil = gpd.GeoSeries(sederhana, index=geoms.index, crs=crs_metrik).to_crs(CRS_SIMPAN)
    return gpd.GeoSeries(_bulatkan_sah(hasil.values, grid), index=geoms.index, crs=CRS_SIMPAN)


#: Above this many polygons the simplification is split over the CPU cores.
AMBANG_PARALEL = 20_000


def _bagi_kelompok(n: int, kelompok: np.ndarray | None, pekerja: int) -> list[np.ndarray]:
    """Positions split into about ``pekerja`` parts of similar size; a ``kelompok`` key never spans two parts."""
    kunci = np.asarray(kelompok if kelompok is not None else np.arange(n) * pekerja // n)
    urut = np.argsort(kunci, kind="stable")
    batas_kunci = np.flatnonzero(np.r_[True, kunci[urut][1:] != kunci[urut][:-1]])
    potong = [
        batas_kunci[np.searchsorted(batas_kunci, n * k // pekerja)]
        for k in range(1, pekerja)
        if np.searchsorted(batas_kunci, n * k // pekerja) < len(batas_kunci)
    ]
    return [b for b in np.split(urut, sorted(set(potong))) if len(b)]


def cakupan_sah(geoms: np.ndarray, kelompok: np.ndarray | None = None, pekerja: int | None = None) -> bool:
    """:func:`shapely.coverage_is_valid`, checked in parallel parts for very large coverages.

    Coverage validity is a property of each polygon and of each pair of neighbours (no
    overlap, shared edges match). So the parts along ``kelompok`` (e.g. kabupaten) are
    checked on separate cores (GEOS releases the GIL), and then the *seam*: every polygon
    whose bounding box meets one of another part, checked together, so no pair of
    neighbours across parts escapes. Valid overall exactly when every part and the seam are.

    Examples
    --------
    >>> kotak = [shapely.box(x, 0, x + 1, 1) for x in range(4)]
    >>> cakupan_sah(np.array(kotak, dtype=object), pekerja=2)
    True
    """
    pekerja = pekerja or min(4, os.cpu_count() or 1)
    if len(geoms) < AMBANG_PARALEL or pekerja < 2:
        return bool(shapely.coverage_is_valid(geoms))
    bagian = _bagi_kelompok(len(geoms), kelompok, pekerja)
    milik = np.empty(len(geoms), dtype=np.int64)
    for k, b in enumerate(bagian):
        milik[b] = k
    i, j = shapely.STRtree(geoms).query(geoms)  # bounding boxes only: cheap
    lintas = milik[i] != milik[j]
    jahitan = np.unique(np.concatenate([i[lintas], j[lintas]]))
    with ThreadPoolExecutor(len(bagian) + 1) as ex:
        return all(ex.map(lambda b: bool(shapely.coverage_is_valid(geoms[b])), [*bagian, jahitan]))


def sederhanakan_paralel(
    geoms: np.ndarray, toleransi: float, kelompok: np.ndarray | None = None, pekerja: int | None = None
) -> np.ndarray:
    """:func:`shapely.coverage_simplify`, split over threads for very large coverages.

    Small coverages are simplified in one call. A large one is cut into ``pekerja`` parts
    along ``kelompok`` (e.g. kabupaten codes, so most borders stay inside a part); each part
    is simplified with ``simplify_boundary=False``, which keeps every part's outline
    exactly as it is, so borders between parts stay shared. GEOS releases the GIL, so the
    parts run on separate cores. The price: the outline of each part (and of the whole
    coverage) keeps its full detail.

    Parameters
    ----------
    geoms : ndarray of Geometry
        A valid polygon coverage in a metric CRS.
    toleransi : float
        Tolerance in the CRS unit.
    kelompok : ndarray, optional
        A key per polygon; parts never split a key.
    pekerja : int, optional
        Number of parts (default: the number of CPUs, at most 4).

    Returns
    -------
    ndarray of Geometry
    """
    pekerja = pekerja or min(4, os.cpu_count() or 1)
    if len(geoms) < AMBANG_PARALEL or pekerja < 2:
        return shapely.coverage_simplify(geoms, toleransi)
    bagian = _bagi_kelompok(len(geoms), kelompok, pekerja)
    hasil = np.empty(len(geoms), dtype=object)
    with ThreadPoolExecutor(len(bagian)) as ex:
        for idx, out in zip(
            bagian,
            ex.map(lambda i: shapely.coverage_simplify(geoms[i], toleransi, simplify_boundary=False), bagian),
            strict=True,
        ):
            hasil[idx] = out
    return hasil


def _bulatkan_sah(geoms, grid: float):
    """Round coordinates point-wise to ``grid``; repair the rare polygon rounding made invalid."""
    hasil = shapely.set_precision(geoms, grid, mode="pointwise")
    rusak = ~shapely.is_valid(hasil)
    if rusak.any():  # "structure" keeps polygons polygonal (no collection with stray lines)
        hasil[rusak] = shapely.make_valid(hasil[rusak], method="structure", keep_collapsed=False)
    return hasil


def _bagian_poligon(geom):
    """The polygonal parts of a collection (a MultiPolygon), or its first part when it has none."""
    bagian = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    if bagian:
        return shapely.union_all(bagian)
    return shapely.get_parts(geom)[0] if not geom.is_empty else shapely.Point()


def _bulatkan(koordinat, desimal: int):
    if isinstance(koordinat, (list, tuple)) and koordinat and isinstance(koordinat[0], (int, float)):
        return [round(float(c), desimal) for c in koordinat]
    return [_bulatkan(k, desimal) for k in koordinat]


def geojson_dari_gdf(gdf: gpd.GeoDataFrame, kolom: list[str], desimal: int = 5, escape_teks: bool = True) -> str:
    """Serialise a GeoDataFrame to a compact GeoJSON FeatureCollection string.

    Only ``kolom`` are kept as properties; coordinates are rounded to ``desimal``
    decimals (5 ≈ 1 m) and written without spaces, which is what makes a map payload light.
    Text properties are HTML-escaped: folium's tooltips insert them with ``innerHTML``, and a
    name from a loaded file (``<img onerror=…>``) must show as text, never run.

    Parameters
    ----------
    gdf : GeoDataFrame
        In EPSG:4326.
    kolom : list of str
        Property columns to keep.
    desimal : int
        Decimals of the coordinates.
    escape_teks : bool
        HTML-escape text properties (for folium tooltips); False for layers whose script inserts
        text with ``textContent`` only (the data-driven map, :mod:`pages.akses.peta_data`).

    Returns
    -------
    str
        GeoJSON text.
    """
    fitur = []
    nilai = gdf[kolom].to_dict("records") if kolom else [{}] * len(gdf)
    for geom, props in zip(gdf.geometry.values, nilai, strict=True):
        if geom is not None and geom.geom_type == "GeometryCollection":  # e.g. a repaired polygon with a stray line
            geom = _bagian_poligon(geom)
        gi = shapely.geometry.mapping(geom)
        gi = {"type": gi["type"], "coordinates": _bulatkan(gi["coordinates"], desimal)}
        props = {
            k: (
                None if isinstance(v, float) and np.isnan(v) else escape(v) if isinstance(v, str) and escape_teks else v
            )
            for k, v in props.items()
        }
        fitur.append({"type": "Feature", "properties": props, "geometry": gi})
    return json.dumps({"type": "FeatureCollection", "features": fitur}, separators=(",", ":"))


def geometri_tampil(
    geoms: gpd.GeoSeries, crs_metrik: str, toleransi_m: float | None = None, kelompok: np.ndarray | None = None
) -> tuple[gpd.GeoSeries, list[str]]:
    """Display geometry for polygons from a real file, which may not be a clean coverage.

    A valid coverage is simplified with :func:`sederhanakan_cakupan`. Otherwise (real
    boundary files often have slivers, gaps and unmatched vertices) it is first cleaned
    with :func:`shapely.coverage_clean` (gaps narrower than 5 m closed, overlaps merged);
    if that still is not a coverage, each polygon is simplified on its own. Non-polygons
    are passed through.

    Returns
    -------
    (GeoSeries, list of str)
        Display geometry (EPSG:4326) and notes for the load report.
    """
    tol = TOLERANSI_TAMPIL_M if toleransi_m is None else toleransi_m
    catatan: list[str] = []
    poligonal = shapely.get_type_id(geoms.values) >= 3
    if not poligonal.all():
        return geoms.to_crs(CRS_SIMPAN), catatan
    metrik = geoms.to_crs(crs_metrik)
    nilai = metrik.values
    if not cakupan_sah(nilai, kelompok):
        bersih = shapely.coverage_clean(nilai, gap_width=5.0)
        kosong = shapely.is_empty(bersih) | ~shapely.is_valid(bersih)
        if kosong.any() or not shapely.coverage_is_valid(bersih):
            catatan.append("batas bukan cakupan rapi dan tidak dapat dirapikan: disederhanakan per poligon")
            hasil = shapely.simplify(nilai, tol, preserve_topology=True)
            out = gpd.GeoSeries(hasil, index=geoms.index, crs=crs_metrik).to_crs(CRS_SIMPAN)
            return gpd.GeoSeries(
                _bulatkan_sah(out.values, GRID_TAMPIL_DERAJAT), index=geoms.index, crs=CRS_SIMPAN
            ), catatan
        catatan.append("batas dirapikan (coverage_clean: celah < 5 m ditutup, tumpang tindih digabung) untuk tampilan")
        metrik = gpd.GeoSeries(bersih, index=geoms.index, crs=crs_metrik)
    return sederhanakan_cakupan(metrik, crs_metrik, tol, kelompok=kelompok), catatan
