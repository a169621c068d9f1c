"""Choosing a metric CRS for distances, lengths and simplification anywhere in Indonesia."""

from __future__ import annotations

import geopandas as gpd


def crs_utm(gdf: gpd.GeoDataFrame) -> str:
    """Return the UTM zone CRS (EPSG:326xx/327xx) at the centre of ``gdf`` (in EPSG:4326)."""
    minx, miny, maxx, maxy = gdf.total_bounds
    lon, lat = (minx + maxx) / 2, (miny + maxy) / 2
    zona = int((lon + 180) // 6) + 1
    return f"EPSG:{(32700 if lat < 0 else 32600) + zona}"


def crs_metrik(gdf: gpd.GeoDataFrame) -> str:
    """Return a metric CRS for distances and simplification.

    The UTM zone when the data spans at most 6° of longitude, else World Mercator
    (scale error ≤ 2 % inside Indonesia).
    """
    minx, _, maxx, _ = gdf.total_bounds
    return crs_utm(gdf) if maxx - minx <= 6 else "EPSG:3395"
