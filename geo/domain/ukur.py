"""Measuring a drawn usulan in the unit of its kamus item: length (m, km) or area (m², ha).

The form proposes the measured length or area as the volume of a road, a channel or a
plot; the user may change it, and a volume far from the drawing is flagged (never
blocked). Geometries arrive in EPSG:4326 and are measured in the local UTM zone
(:func:`geo.domain.crs.crs_utm`), never in degrees.
"""

from __future__ import annotations

import re
from typing import Literal

import geopandas as gpd
import shapely

from geo.domain.crs import crs_utm

Besaran = Literal["panjang", "luas"]

#: Unit spellings found in kamus files -> (quantity, metres or square metres per unit).
SATUAN_UKUR: dict[str, tuple[Besaran, float]] = {
    "m": ("panjang", 1.0),
    "m'": ("panjang", 1.0),  # meter lari in RAB tables
    "meter": ("panjang", 1.0),
    "meterlari": ("panjang", 1.0),
    "km": ("panjang", 1000.0),
    "kilometer": ("panjang", 1000.0),
    "m2": ("luas", 1.0),
    "meterpersegi": ("luas", 1.0),
    "ha": ("luas", 10_000.0),
    "hektar": ("luas", 10_000.0),
    "hektare": ("luas", 10_000.0),
    "km2": ("luas", 1_000_000.0),
    "kilometerpersegi": ("luas", 1_000_000.0),
}

#: A volume differing from the drawn measure by more than this share is flagged.
AMBANG_SELISIH = 0.10


def satuan_ukur(satuan: str | None) -> tuple[Besaran, float] | None:
    """Read a kamus unit as a length or an area.

    Parameters
    ----------
    satuan : str or None
        The unit as written in the kamus (``"m"``, ``"km"``, ``"m2"``, ``"m²"``, ``"ha"``…).

    Returns
    -------
    (str, float) or None
        ``("panjang", metres per unit)`` or ``("luas", square metres per unit)``; None for
        units that are not a length or an area (``"unit"``, ``"paket"``, ``"titik"``) and
        for unknown spellings.

    Examples
    --------
    >>> satuan_ukur("km")
    ('panjang', 1000.0)
    >>> satuan_ukur(" M² ")
    ('luas', 1.0)
    >>> satuan_ukur("Ha.")
    ('luas', 10000.0)
    >>> satuan_ukur("unit") is None
    True
    """
    if not satuan:
        return None
    kunci = satuan.strip().lower().replace("²", "2").replace("^2", "2")
    kunci = re.sub(r"[\s.]", "", kunci)
    return SATUAN_UKUR.get(kunci)


def volume_dari_geometri(geom: shapely.Geometry | None, satuan: str | None) -> float | None:
    """The drawn length or area of ``geom`` (EPSG:4326) in the kamus unit ``satuan``.

    A line gives its length for a length unit; a polygon gives its area for an area unit.
    Any other pairing (a point, a line with an area unit, a polygon with a length unit, a
    count unit such as ``"unit"``) gives None: there is nothing to propose.

    Parameters
    ----------
    geom : shapely.Geometry or None
        The drawn geometry, lon/lat.
    satuan : str or None
        The unit of the kamus item.

    Returns
    -------
    float or None
        The measure in ``satuan``, computed in the UTM zone of the geometry.

    Examples
    --------
    >>> garis = shapely.LineString([(110.0, -7.0), (110.0, -7.001)])
    >>> round(volume_dari_geometri(garis, "m"))
    111
    >>> volume_dari_geometri(garis, "unit") is None
    True
    >>> volume_dari_geometri(shapely.Point(110.0, -7.0), "m") is None
    True
    """
    ukur = satuan_ukur(satuan)
    if geom is None or geom.is_empty or ukur is None:
        return None
    besaran, faktor = ukur
    dimensi = shapely.get_dimensions(geom)
    if (besaran, dimensi) not in (("panjang", 1), ("luas", 2)):
        return None
    gdf = gpd.GeoDataFrame(geometry=[geom], crs="EPSG:4326")
    metrik = gdf.to_crs(crs_utm(gdf)).geometry.iloc[0]
    nilai = metrik.length if besaran == "panjang" else metrik.area
    return float(nilai) / faktor


def selisih_ukur(volume: float, terukur: float | None) -> float | None:
    """Relative difference of an entered volume from the drawn measure (None: nothing to compare).

    Examples
    --------
    >>> selisih_ukur(110.0, 100.0)
    0.1
    >>> selisih_ukur(5.0, None) is None
    True
    """
    if terukur is None or terukur <= 0:
        return None
    return abs(float(volume) - terukur) / terukur
