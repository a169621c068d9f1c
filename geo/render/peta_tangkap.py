"""The map an usulan is drawn on: desa, the spatial plan and this year's other usulan as layers.

Offline by default (no tile layer unless asked), with a zoom range that stays useful: a
kabupaten fits at the lowest level and one wheel gesture cannot dive to a 10 m scale on a
flat fill. The spatial plan and the other usulan are overlays the user toggles in the
layer control; the sketch being drawn is passed to ``st_folium`` separately so a click
does not rebuild the map.
"""

from __future__ import annotations

import folium
import geopandas as gpd
import pandas as pd

from geo.domain import definitions
from geo.render import maps, peta_usulan

#: Zoom range of the capture map: a whole kabupaten … a house plot.
ZOOM_MIN, ZOOM_MAKS = 9, 18
#: Warna usulan lain (grey: context, not the thing being drawn).
WARNA_USULAN_LAIN = "#7f7f7f"


def atur_zoom(m: folium.Map, minimum: int = ZOOM_MIN, maksimum: int = ZOOM_MAKS) -> folium.Map:
    """Limit a map's zoom range and slow wheel zoom to about one level per wheel notch."""
    m.options.update(min_zoom=minimum, max_zoom=maksimum, wheel_px_per_zoom_level=120)
    return m


def peta_tangkap(
    lapisan: maps.LapisanWilayah,
    tata_ruang=None,
    usulan_lain: gpd.GeoDataFrame | None = None,
    basemap: bool = False,
) -> maps.PetaLuring:
    """Build the capture map.

    Parameters
    ----------
    lapisan : LapisanWilayah
        Desa polygons (from :func:`geo.render.maps.lapisan_wilayah`).
    tata_ruang : geo.domain.kesesuaian.LapisanTataRuang, optional
        Zoning layers; drawn as one overlay, off until the user ticks it.
    usulan_lain : GeoDataFrame, optional
        Existing usulan (``id``, ``uraian``, ``desa``, ``biaya``, optional ``status``, geometry),
        drawn grey.
    basemap : bool
        Add the OpenStreetMap tiles (needs internet); desa are then filled lightly.

    Returns
    -------
    PetaLuring
    """
    m = atur_zoom(maps.peta_dasar(lapisan.batas, basemap=basemap))
    isi = 0.2 if basemap else 0.6
    folium.GeoJson(
        lapisan.geojson,
        name="Desa/Kelurahan",
        control=False,
        style_function=lambda f: {
            "fillColor": f["properties"]["_w"],
            "color": "#333333",
            "weight": 0.8,
            "fillOpacity": isi,
        },
        tooltip=folium.GeoJsonTooltip(
            ["nama", "kode", "nama_kecamatan"], aliases=["Desa/Kelurahan", "Kode", "Kecamatan"], sticky=True
        ),
    ).add_to(m)
    if tata_ruang is not None:
        grup = folium.FeatureGroup(name="Tata ruang (RTRW/RDTR)", show=False)
        maps.tambah_tata_ruang(grup, tata_ruang)
        grup.add_to(m)
    if usulan_lain is not None and len(usulan_lain):
        grup = folium.FeatureGroup(name=f"Usulan lain tahun ini ({len(usulan_lain)})", show=True)
        warna = pd.Series(WARNA_USULAN_LAIN, index=usulan_lain.index)
        if "status" in usulan_lain:
            label = usulan_lain["status"].map(definitions.STATUS_USULAN).fillna("usulan")
        else:
            label = pd.Series("usulan", index=usulan_lain.index)
        peta_usulan.tambah_usulan(grup, usulan_lain, warna, label, klaster=False)  # small grey marks, no bubbles
        grup.add_to(m)
    if tata_ruang is not None or (usulan_lain is not None and len(usulan_lain)):
        folium.LayerControl(collapsed=False, position="topright").add_to(m)
    return m
