"""The public map of funded activities (Lacak Usulan): kecamatan outlines and one layer of activities.

Offline like every map (:class:`geo.render.maps.PetaLuring`). Each activity carries only public
properties — number, what it is, desa, progress — and no link into the working app.
"""

from __future__ import annotations

import json

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import MacroElement
from jinja2 import Template

from geo.domain.format import angka
from geo.domain.lacak import kelas_progres, label_dan_warna_progres
from geo.domain.monitoring import BULAN
from geo.render import maps
from geo.render.display import geojson_dari_gdf


class LapisanKegiatan(MacroElement):
    """Funded activities as ONE GeoJSON layer; every text is escaped in the browser; no popup link."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            function esc(s) {
                return String(s === null || s === undefined ? "" : s).replace(/[&<>"']/g, function (c) {
                    return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
                });
            }
            return L.geoJSON({{ this.data|tojson }}, {
                pointToLayer: function (f, ll) {
                    return L.circleMarker(ll, {radius: 7, color: "#ffffff", weight: 1, fillColor: f.properties.warna,
                        fillOpacity: 0.95, className: "pr-kegiatan"});
                },
                style: function (f) {
                    return {color: f.properties.warna, fillColor: f.properties.warna, weight: 5, fillOpacity: 0.5,
                        className: "pr-kegiatan"};
                },
                onEachFeature: function (f, layer) {
                    var p = f.properties;
                    layer.bindTooltip("#" + p.id + " " + esc(p.uraian) + " — " + esc(p.desa) + ": " + esc(p.progres));
                }
            }).addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
    """)

    def __init__(self, data: dict):
        super().__init__()
        self._name = "LapisanKegiatan"
        self.data = data


def teks_progres(realisasi_fisik: float | None, bulan: float | None) -> str:
    """Progress as a citizen reads it: ``"fisik 62,5 % (Agu)"`` or ``"belum melapor"``.

    >>> teks_progres(62.5, 8), teks_progres(None, None)
    ('fisik 62,5 % (Agu)', 'belum melapor')
    """
    if realisasi_fisik is None or pd.isna(realisasi_fisik):
        return "belum melapor"
    return f"fisik {angka(realisasi_fisik, 1)} % ({BULAN[int(bulan) - 1]})"


def geojson_kegiatan(kegiatan: gpd.GeoDataFrame) -> dict:
    """Activities as a FeatureCollection: ``id``, ``uraian``, ``desa``, ``progres`` (text), ``warna``."""
    warna = {k: w for k, (_, w) in label_dan_warna_progres().items()}
    kelas = kelas_progres(kegiatan["realisasi_fisik"])
    geom = shapely.set_precision(np.asarray(kegiatan.geometry.values, dtype=object), 1e-5)
    fitur = [
        {
            "type": "Feature",
            "geometry": json.loads(g),
            "properties": {
                "id": int(i),
                "uraian": str(u),
                "desa": "" if pd.isna(d) else str(d),
                "progres": teks_progres(r, b),
                "warna": warna[k],
            },
        }
        for g, i, u, d, r, b, k in zip(
            shapely.to_geojson(geom),
            kegiatan["id"],
            kegiatan["uraian"],
            kegiatan["desa"],
            kegiatan["realisasi_fisik"],
            kegiatan["bulan"],
            kelas,
            strict=True,
        )
    ]
    return {"type": "FeatureCollection", "features": fitur}


def peta_kegiatan(kecamatan: gpd.GeoDataFrame, kegiatan: gpd.GeoDataFrame) -> maps.PetaLuring:
    """The public map: kecamatan outlines (name on hover) and the activities coloured by progress.

    Parameters
    ----------
    kecamatan : GeoDataFrame
        ``kode``, ``nama`` and display polygons (EPSG:4326).
    kegiatan : GeoDataFrame
        From :meth:`geo.store.publik.PembacaPublik.kegiatan_didanai`.
    """
    m = maps.peta_dasar(tuple(float(v) for v in kecamatan.total_bounds))  # type: ignore[arg-type]
    folium.GeoJson(
        geojson_dari_gdf(kecamatan, ["nama"]),  # names escaped: they come from a file
        name="Kecamatan",
        style_function=lambda f: {"fillColor": "#f5f5f5", "color": "#555555", "weight": 1, "fillOpacity": 0.4},
        tooltip=folium.GeoJsonTooltip(["nama"], aliases=["Kecamatan"]),
    ).add_to(m)
    LapisanKegiatan(geojson_kegiatan(kegiatan)).add_to(m)
    kelas = kelas_progres(kegiatan["realisasi_fisik"])
    maps.Legenda(
        maps.legenda_kategori_html(
            [(w, f"{lb} ({int((kelas == k).sum())})") for k, (lb, w) in label_dan_warna_progres().items()]
        )
    ).add_to(m)
    return m
