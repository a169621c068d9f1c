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
#: Zoom range of the capture map (Usulan page): a whole kabupaten … a house plot.
ZOOM_TANGKAP = (9, 18)
#: Colour of the other usulan on the capture map (grey: context, not the thing being drawn).
WARNA_USULAN_LAIN = "#7f7f7f"


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


# --- the data-driven map (pages.akses.peta_data): geometry in a static file, colours per rerun ---------
def _kategori(warna: pd.Series, label: pd.Series) -> tuple[np.ndarray, list[str], list[str]]:
    """Category index per row, and the colour and name of each category (in order of first use)."""
    pasangan = pd.MultiIndex.from_arrays([np.asarray(warna, dtype=object), np.asarray(label, dtype=object)])
    kode, unik = pd.factorize(pasangan)
    return kode.astype(int), [str(w) for w, _ in unik], [str(n) for _, n in unik]


def _kunci_desa(usulan: gpd.GeoDataFrame) -> pd.Series:
    # the same key as geojson_agregat
    return usulan["kode_desa"] if "kode_desa" in usulan else usulan.get("desa", pd.Series("", index=usulan.index))


def sidik_usulan(usulan: gpd.GeoDataFrame, warna: pd.Series, label: pd.Series) -> int:
    """A cheap fingerprint of what the static usulan file of :func:`berkas_usulan` would hold.

    Individual usulan: ids, texts, cost and geometry (not colours: those travel per rerun).
    Aggregated (more than :data:`BATAS_RINCI`): desa and category per usulan, since the file
    carries the per-category counts.
    """
    if len(usulan) > BATAS_RINCI:
        kode, _, nama = _kategori(warna, label)
        bagian = pd.DataFrame({"k": _kunci_desa(usulan).to_numpy(), "c": np.asarray(nama, dtype=object)[kode]})
    else:
        bagian = pd.DataFrame(
            {
                "id": usulan["id"].to_numpy(),
                "u": usulan["uraian"].astype(str).to_numpy(),
                "d": usulan.get("desa", pd.Series("", index=usulan.index)).fillna("").astype(str).to_numpy(),
                "b": usulan["biaya"].to_numpy(),
                "g": shapely.to_wkb(np.asarray(usulan.geometry.values, dtype=object), output_dimension=2),
            }
        )
    return int(pd.util.hash_pandas_object(bagian, index=False).sum()) ^ len(bagian)


def berkas_usulan(usulan: gpd.GeoDataFrame, warna: pd.Series, label: pd.Series) -> str:
    """The static GeoJSON of the usulan layer: what stays the same while colours and selection change.

    Each feature carries ``i`` (its index in the per-rerun colour array), and either one usulan
    (``id``, ``u`` uraian, ``d`` desa, ``b`` formatted cost) or, above :data:`BATAS_RINCI`
    usulan, one desa (``d``, ``n`` count, ``r`` count per category) at the mean of its usulan.
    Coordinates rounded to ~1 m. Never personal data. Text is inserted in the browser as text.
    """
    if len(usulan) > BATAS_RINCI:
        fc = geojson_agregat(usulan, warna, label)
        fitur = [
            {
                "type": "Feature",
                "geometry": f["geometry"],
                "properties": {
                    "i": i,
                    "d": f["properties"]["desa"],
                    "n": f["properties"]["jumlah"],
                    "r": f["properties"]["rinci"],
                },
            }
            for i, f in enumerate(fc["features"])
        ]
    else:
        geom = shapely.set_precision(np.asarray(usulan.geometry.values, dtype=object), 1e-5)
        desa = usulan["desa"] if "desa" in usulan else pd.Series("", index=usulan.index)
        fitur = [
            {
                "type": "Feature",
                "geometry": json.loads(g),
                "properties": {"i": i, "id": int(uid), "u": str(u), "d": "" if pd.isna(d) else str(d), "b": rupiah(b)},
            }
            for i, (g, uid, u, d, b) in enumerate(
                zip(shapely.to_geojson(geom), usulan["id"], usulan["uraian"], desa, usulan["biaya"], strict=True)
            )
        ]
    return json.dumps({"type": "FeatureCollection", "features": fitur}, ensure_ascii=False, separators=(",", ":"))


def gaya_usulan(usulan: gpd.GeoDataFrame, warna: pd.Series, label: pd.Series, sorot: int | None = None) -> dict:
    """What travels on every rerun of an usulan map: a colour index per feature, the palette and names.

    Above :data:`BATAS_RINCI` usulan the features are desa (in :func:`geojson_agregat` order)
    coloured by their most frequent category, and the selected usulan is added as ``tambahan``
    (a one-feature GeoJSON drawn on top).
    """
    kode, palet, nama = _kategori(warna, label)
    data: dict = {"palet": palet, "nama": nama, "sorot": sorot, "tambahan": None}
    if len(usulan) <= BATAS_RINCI:
        data["kelas"] = kode.tolist()
        return data
    df = pd.DataFrame({"k": _kunci_desa(usulan).to_numpy(), "c": kode, "n": 1})
    hitung = df.groupby(["k", "c"], sort=False)["n"].size().reset_index()
    nama_arr = np.asarray(nama, dtype=object)
    hitung["nama"] = nama_arr[hitung["c"].to_numpy()]
    # the same order as geojson_agregat: per desa, most frequent first, ties by name
    hitung = hitung.sort_values(["k", "n", "nama"], ascending=[True, False, True])
    data["kelas"] = hitung.groupby("k", sort=True)["c"].first().astype(int).tolist()
    if sorot is not None and (usulan["id"] == sorot).any():
        pilih = (usulan["id"] == sorot).to_numpy()
        satu = usulan[pilih]
        fc = json.loads(berkas_usulan(satu, pd.Series(np.asarray(warna)[pilih]), pd.Series(np.asarray(label)[pilih])))
        for f in fc["features"]:
            f["properties"]["i"] = len(data["kelas"])
        data["kelas"] = [*data["kelas"], int(kode[pilih][0])]
        data["tambahan"] = fc
    return data


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
