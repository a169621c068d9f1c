"""Folium map builders that work with no internet.

:class:`PetaLuring` points Leaflet's JS/CSS at the copies served by the app
(:mod:`geo.aset`), never at a CDN, and has no tile layer unless asked. Builders are plain
functions returning a :class:`folium.Map`; tests render their HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

import folium
import geopandas as gpd

from geo import aset
from geo.display import geojson_dari_gdf

#: ColorBrewer Set2 + Dark2 (qualitative, colour-blind friendlier than rainbow palettes).
PALET_KATEGORI = (
    "#66c2a5",
    "#fc8d62",
    "#8da0cb",
    "#e78ac3",
    "#a6d854",
    "#ffd92f",
    "#e5c494",
    "#b3b3b3",
    "#1b9e77",
    "#d95f02",
    "#7570b3",
    "#e7298a",
    "#66a61e",
    "#e6ab02",
    "#a6761d",
    "#666666",
)


class PetaLuring(folium.Map):
    """A :class:`folium.Map` whose Leaflet assets are served locally (offline first)."""

    default_js = aset.JS_LEAFLET
    default_css = aset.CSS_LEAFLET


def peta_dasar(batas: tuple[float, float, float, float], basemap: bool = False) -> PetaLuring:
    """Create an empty offline map fitted to ``batas`` (minx, miny, maxx, maxy in degrees).

    Parameters
    ----------
    batas : tuple of float
        Bounds in EPSG:4326.
    basemap : bool
        Add the OpenStreetMap tile layer (needs internet; off by default).

    Returns
    -------
    PetaLuring
    """
    minx, miny, maxx, maxy = batas
    m = PetaLuring(
        location=[(miny + maxy) / 2, (minx + maxx) / 2],
        tiles=None,
        zoom_start=10,
        control_scale=True,
        prefer_canvas=False,
    )
    if basemap:
        folium.TileLayer("OpenStreetMap", name="Peta dasar OSM (perlu internet)").add_to(m)
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    return m


def warna_kategori(kunci: list[str]) -> dict[str, str]:
    """Assign palette colours to sorted distinct keys (stable across reruns)."""
    return {k: PALET_KATEGORI[i % len(PALET_KATEGORI)] for i, k in enumerate(sorted(set(kunci)))}


@dataclass(frozen=True)
class LapisanWilayah:
    """Display-ready polygons: compact GeoJSON (colour in ``_w``), bounds and labels.

    This is what the app caches: building it is the expensive part, drawing is cheap.
    """

    geojson: str
    batas: tuple[float, float, float, float]
    label: tuple[tuple[str, float, float], ...] = ()  # (text, lat, lon)
    jumlah: int = 0


def lapisan_wilayah(
    gdf: gpd.GeoDataFrame,
    warna: dict[str, str],
    kolom_warna: str = "kode_kecamatan",
    label: gpd.GeoDataFrame | None = None,
) -> LapisanWilayah:
    """Prepare polygons coloured by a category for :func:`peta_wilayah`.

    Parameters
    ----------
    gdf : GeoDataFrame
        Polygons with ``kode``, ``nama``, ``nama_kecamatan`` and ``kolom_warna``, EPSG:4326.
    warna : dict
        Category -> colour; unknown categories are grey.
    kolom_warna : str
        Column holding the category.
    label : GeoDataFrame, optional
        Polygons whose ``nama`` is written at an inner point (e.g. kecamatan names).

    Returns
    -------
    LapisanWilayah
    """
    data = gdf[["kode", "nama", "nama_kecamatan", kolom_warna, "geometry"]].copy()
    data["nama_kecamatan"] = data["nama_kecamatan"].fillna("–")
    data["_w"] = data[kolom_warna].map(warna).fillna("#cccccc")
    teks = ()
    if label is not None:
        titik = label.geometry.representative_point()
        teks = tuple((str(n), round(p.y, 5), round(p.x, 5)) for n, p in zip(label["nama"], titik, strict=True))
    return LapisanWilayah(
        geojson=geojson_dari_gdf(data, ["kode", "nama", "nama_kecamatan", "_w"]),
        batas=tuple(float(v) for v in gdf.total_bounds),
        label=teks,
        jumlah=len(data),
    )


def peta_wilayah(lapisan: LapisanWilayah, basemap: bool = False) -> PetaLuring:
    """Draw a :class:`LapisanWilayah`: filled polygons, names on hover, optional labels.

    Parameters
    ----------
    lapisan : LapisanWilayah
        From :func:`lapisan_wilayah`.
    basemap : bool
        Add an online tile layer.

    Returns
    -------
    PetaLuring
    """
    m = peta_dasar(lapisan.batas, basemap=basemap)
    folium.GeoJson(
        lapisan.geojson,
        name="Wilayah",
        style_function=lambda f: {
            "fillColor": f["properties"]["_w"],
            "color": "#333333",
            "weight": 0.8,
            "fillOpacity": 0.75,
        },
        highlight_function=lambda f: {"weight": 3, "color": "#000000"},
        tooltip=folium.GeoJsonTooltip(
            ["nama", "kode", "nama_kecamatan"], aliases=["Nama", "Kode", "Kecamatan"], sticky=True
        ),
    ).add_to(m)
    for teks, lat, lon in lapisan.label:
        folium.Marker(
            [lat, lon],
            icon=folium.DivIcon(
                html=f'<div class="pr-label">{escape(teks)}</div>', icon_size=(160, 20), icon_anchor=(80, 10)
            ),
            interactive=False,
        ).add_to(m)
    if lapisan.label:
        m.get_root().header.add_child(
            folium.Element(
                "<style>.pr-label{font:600 13px sans-serif;color:#111;text-align:center;"
                "text-shadow:0 0 3px #fff,0 0 3px #fff;white-space:nowrap;pointer-events:none}</style>"
            )
        )
    return m


_SRC = re.compile(r'<script src="(/app/static/[^"]+)"></script>')
_HREF = re.compile(r'<link rel="stylesheet" href="(/app/static/[^"]+)"/>')


def html_mandiri(m: folium.Map) -> str:
    """Render a map as one self-contained HTML file (assets inlined, works offline)."""
    html = m.get_root().render()
    html = _SRC.sub(lambda r: f"<script>{aset.berkas_aset(r.group(1)).read_text()}</script>", html)
    return _HREF.sub(lambda r: f"<style>{aset.berkas_aset(r.group(1)).read_text()}</style>", html)
