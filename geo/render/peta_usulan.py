"""Usulan on offline maps: one GeoJSON layer for many usulan, and the sketch being drawn on the Usulan page."""

from __future__ import annotations

import json

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from geo.domain.format import rupiah
from geo.render import aset

#: Above this many points an usulan map clusters them (readable on a projector).
BATAS_KLASTER = 150
#: Above this many usulan a map draws one circle per desa (count and breakdown) instead of each usulan:
#: the server aggregates, the browser draws a few hundred shapes, not 100,000.
BATAS_RINCI = 3000


class LapisanUsulan(JSCSSMixin, MacroElement):
    """Usulan as ONE GeoJSON layer: style, tooltip and popup are built in the browser from properties.

    Points become circle markers (clustered with the locally served MarkerCluster when
    asked), lines and polygons shapes. Every text from a user is escaped in the browser
    before it reaches HTML; the link opens the usulan. A click reaches ``st_folium`` as
    ``last_active_drawing`` with the feature's properties (see :func:`usulan_dari_klik`).
    No jQuery, no CDN.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            function esc(s) {
                return String(s === null || s === undefined ? "" : s).replace(/[&<>"']/g, function (c) {
                    return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
                });
            }
            var lapis = L.geoJSON({{ this.data|tojson }}, {
                pointToLayer: function (f, ll) {
                    var p = f.properties;
                    if (p.jumlah) {
                        return L.circleMarker(ll, {radius: Math.min(30, 4 + 2 * Math.sqrt(p.jumlah)),
                            color: "#ffffff", weight: 1, fillColor: p.warna, fillOpacity: 0.8,
                            className: "pr-usulan-agregat"});
                    }
                    return L.circleMarker(ll, {radius: p.sorot ? 10 : 6, color: p.sorot ? "#000000" : "#ffffff",
                        weight: p.sorot ? 3 : 1, fillColor: p.warna, fillOpacity: 0.95,
                        className: "pr-usulan pr-usulan-" + p.usulan_id});
                },
                style: function (f) {
                    var p = f.properties;
                    return {color: p.sorot ? "#000000" : p.warna, fillColor: p.warna, weight: p.sorot ? 7 : 4,
                        fillOpacity: 0.5, className: "pr-usulan pr-usulan-" + p.usulan_id};
                },
                onEachFeature: function (f, layer) {
                    var p = f.properties;
                    if (p.jumlah) {
                        layer.bindTooltip(esc(p.desa) + ": " + p.jumlah + " usulan (" + esc(p.rinci) + ")");
                        return;
                    }
                    layer.bindTooltip("#" + p.usulan_id + " " + esc(p.uraian) + " (" + esc(p.label) + ")");
                    layer.bindPopup("<b>#" + p.usulan_id + "</b> " + esc(p.uraian) + "<br>" + esc(p.desa) + " · "
                        + esc(p.label) + "<br>" + esc(p.biaya) + '<br><a href="/usulan?id=' + p.usulan_id
                        + '" target="_top">Buka usulan #' + p.usulan_id + "</a>", {maxWidth: 320});
                }
            });
            {% if this.klaster %}
            var wadah = L.markerClusterGroup({maxClusterRadius: 40});
            wadah.addLayer(lapis);
            {% else %}
            var wadah = lapis;
            {% endif %}
            wadah.addTo({{ this._parent.get_name() }});
            return wadah;
        })();
        {% endmacro %}
    """)

    def __init__(self, data: dict, klaster: bool):
        super().__init__()
        self._name = "LapisanUsulan"
        self.data = data
        self.klaster = klaster
        self.default_js = aset.JS_CLUSTER if klaster else []
        self.default_css = aset.CSS_CLUSTER if klaster else []


def geojson_usulan(usulan: gpd.GeoDataFrame, warna: pd.Series, label: pd.Series, sorot: int | None = None) -> dict:
    """The usulan as a GeoJSON FeatureCollection carrying only what the map shows.

    Coordinates are rounded to ~1 m; properties: ``usulan_id``, ``uraian``, ``desa``,
    ``label``, ``biaya`` (formatted), ``warna`` and ``sorot``. Never personal data.
    """
    geom = shapely.set_precision(np.asarray(usulan.geometry.values, dtype=object), 1e-5)
    teks = shapely.to_geojson(geom)
    desa = usulan["desa"] if "desa" in usulan else pd.Series("", index=usulan.index)
    fitur = [
        {
            "type": "Feature",
            "geometry": json.loads(g),
            "properties": {
                "usulan_id": int(i),
                "uraian": str(u),
                "desa": "" if pd.isna(d) else str(d),
                "label": str(lb),
                "biaya": rupiah(b),
                "warna": str(w),
                "sorot": sorot is not None and int(i) == sorot,
            },
        }
        for g, i, u, d, lb, b, w in zip(
            teks, usulan["id"], usulan["uraian"], desa, label, usulan["biaya"], warna, strict=True
        )
    ]
    return {"type": "FeatureCollection", "features": fitur}


def geojson_agregat(usulan: gpd.GeoDataFrame, warna: pd.Series, label: pd.Series) -> dict:
    """One point per desa: where its usulan are (mean of their centroids), how many, and per category.

    The circle takes the colour of the desa's most frequent category; ``rinci`` lists every
    category with its count (e.g. ``"12 Diterima, 3 Ditolak"``).
    """
    pusat = shapely.centroid(np.asarray(usulan.geometry.values, dtype=object))
    kunci = usulan["kode_desa"] if "kode_desa" in usulan else usulan.get("desa", pd.Series("", index=usulan.index))
    df = pd.DataFrame(
        {
            "kunci": kunci.to_numpy(),
            "desa": usulan.get("desa", kunci).fillna("").to_numpy(),
            "x": shapely.get_x(pusat),
            "y": shapely.get_y(pusat),
            "warna": np.asarray(warna, dtype=object),
            "label": np.asarray(label, dtype=object),
        }
    )
    per = df.groupby("kunci", sort=True).agg(desa=("desa", "first"), x=("x", "mean"), y=("y", "mean"), n=("x", "size"))
    kategori = df.groupby(["kunci", "label", "warna"]).size().rename("n").reset_index()
    kategori = kategori.sort_values(["kunci", "n", "label"], ascending=[True, False, True])
    rinci = kategori.groupby("kunci").apply(
        lambda g: ", ".join(f"{n} {lb}" for lb, n in zip(g["label"], g["n"], strict=True)), include_groups=False
    )
    warna_utama = kategori.groupby("kunci")["warna"].first()
    fitur = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(float(x), 5), round(float(y), 5)]},
            "properties": {"desa": str(d), "jumlah": int(n), "rinci": rinci[k], "warna": str(warna_utama[k])},
        }
        for k, d, x, y, n in zip(per.index, per["desa"], per["x"], per["y"], per["n"], strict=True)
    ]
    return {"type": "FeatureCollection", "features": fitur}


def tambah_usulan(
    m: folium.Map,
    usulan: gpd.GeoDataFrame,
    warna: pd.Series,
    label: pd.Series,
    klaster: bool | None = None,
    sorot: int | None = None,
) -> folium.Map:
    """Draw usulan coloured per row as one GeoJSON layer, each with a popup linking to the usulan.

    Parameters
    ----------
    m : folium.Map
        The map (or a feature group) to draw on.
    usulan : GeoDataFrame
        ``id``, ``uraian``, ``desa``, ``biaya`` and geometry (EPSG:4326).
    warna, label : Series
        Colour and category label per row (same order as ``usulan``).
    klaster : bool, optional
        Cluster the points; by default when there are more than :data:`BATAS_KLASTER`.
    sorot : int, optional
        Id of an usulan to draw larger, with a black outline.

    More than :data:`BATAS_RINCI` usulan are drawn aggregated per desa (:func:`geojson_agregat`),
    the highlighted one still on its own.
    """
    if len(usulan) > BATAS_RINCI:
        data = geojson_agregat(usulan, warna, label)
        if sorot is not None and (usulan["id"] == sorot).any():
            pilih = (usulan["id"] == sorot).to_numpy()
            satu = geojson_usulan(usulan[pilih], pd.Series(list(warna))[pilih], pd.Series(list(label))[pilih], sorot)
            data["features"] += satu["features"]
        LapisanUsulan(data, False).add_to(m)
        return m
    if klaster is None:
        klaster = int((usulan.geom_type == "Point").sum()) > BATAS_KLASTER
    LapisanUsulan(geojson_usulan(usulan, pd.Series(list(warna)), pd.Series(list(label)), sorot), klaster).add_to(m)
    return m


def usulan_dari_klik(keluar: dict | None) -> int | None:
    """The id of the usulan a user clicked on an ``st_folium`` map (``returned_objects=["last_active_drawing"]``).

    Examples
    --------
    >>> usulan_dari_klik({"last_active_drawing": {"properties": {"usulan_id": 7}}})
    7
    >>> usulan_dari_klik({"last_active_drawing": {"properties": {"kode": "99.01"}}}) is None
    True
    """
    fitur = (keluar or {}).get("last_active_drawing") or {}
    nilai = (fitur.get("properties") or {}).get("usulan_id")
    return int(nilai) if nilai is not None else None


def shapely_geojson(geom) -> dict:
    """GeoJSON geometry dict of a shapely geometry (coordinates rounded to ~1 m)."""
    return json.loads(shapely.to_geojson(shapely.set_precision(geom, 1e-5)))


def tambah_sketsa(m: folium.Map, simpul: list[tuple[float, float]], jenis: str) -> folium.Map:
    """Draw what the operator is placing: a pin, or the vertices and shape of a line/polygon.

    Parameters
    ----------
    m : folium.Map
        The map or feature group to draw on.
    simpul : list of (lon, lat)
        The clicked vertices, in order.
    jenis : {"titik", "garis", "poligon"}
        What is being placed (a point keeps only the last click).
    """
    if not simpul:
        return m
    if jenis != "titik" and len(simpul) >= 2:
        latlon = [[y, x] for x, y in simpul]
        if jenis == "poligon" and len(simpul) >= 3:
            folium.Polygon(latlon, color="#d62728", weight=4, fill=True, fill_opacity=0.3).add_to(m)
        else:
            folium.PolyLine(latlon, color="#d62728", weight=5).add_to(m)
    for i, (x, y) in enumerate(simpul if jenis != "titik" else simpul[-1:]):
        folium.CircleMarker(
            [y, x],
            radius=9 if jenis == "titik" else 5,
            color="#000000",
            weight=2,
            fill=True,
            fill_color="#d62728",
            fill_opacity=1,
            className="pr-pin",
            tooltip="Lokasi usulan" if jenis == "titik" else f"Titik {i + 1}",
        ).add_to(m)
    return m
