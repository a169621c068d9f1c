"""Display geometry: coverage-preserving simplification and light GeoJSON.

Run once in the pipeline (``geom_tampil``), never on a page rerun.
"""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import shapely

from geo.settings import CRS_SIMPAN, GRID_TAMPIL_DERAJAT


def sederhanakan_cakupan(
    geoms: gpd.GeoSeries, crs_metrik: str, toleransi_m: float, grid: float = GRID_TAMPIL_DERAJAT
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
    sederhana = shapely.coverage_simplify(metrik.values, toleransi_m)
    hasil = gpd.GeoSeries(sederhana, index=geoms.index, crs=crs_metrik).to_crs(CRS_SIMPAN)
    dibulatkan = shapely.set_precision(hasil.values, grid, mode="pointwise")
    return gpd.GeoSeries(dibulatkan, index=geoms.index, crs=CRS_SIMPAN)


def _bulatkan(koordinat, desimal: int):
    if isinstance(koordinat, (list, tuple)) and koordinat and isinstance(koordinat[0], (int, float)):
        return [round(float(c), desimal) for c in koordinat]
    return [_bulatkan(k, desimal) for k in koordinat]


def geojson_dari_gdf(gdf: gpd.GeoDataFrame, kolom: list[str], desimal: int = 5) -> str:
    """Serialise a GeoDataFrame to a compact GeoJSON FeatureCollection string.

    Only ``kolom`` are kept as properties; coordinates are rounded to ``desimal``
    decimals (5 ≈ 1 m) and written without spaces, which is what makes a map payload light.

    Parameters
    ----------
    gdf : GeoDataFrame
        In EPSG:4326.
    kolom : list of str
        Property columns to keep.
    desimal : int
        Decimals of the coordinates.

    Returns
    -------
    str
        GeoJSON text.
    """
    fitur = []
    nilai = gdf[kolom].to_dict("records") if kolom else [{}] * len(gdf)
    for geom, props in zip(gdf.geometry.values, nilai, strict=True):
        gi = shapely.geometry.mapping(geom)
        gi = {"type": gi["type"], "coordinates": _bulatkan(gi["coordinates"], desimal)}
        props = {k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in props.items()}
        fitur.append({"type": "Feature", "properties": props, "geometry": gi})
    return json.dumps({"type": "FeatureCollection", "features": fitur}, separators=(",", ":"))
