"""Folium map builders that work with no internet.

:class:`PetaLuring` points Leaflet's JS/CSS at the copies served by the app
(:mod:`geo.render.aset`), never at a CDN, and has no tile layer unless asked. Builders are plain
functions returning a :class:`folium.Map`; tests render their HTML.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import escape

import folium
import geopandas as gpd
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from geo.domain import definitions
from geo.domain.format import angka
from geo.domain.tematik import WARNA_TANPA_DATA
from geo.render import aset, peta_usulan
from geo.render.display import geojson_dari_gdf

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


class SkalaMetrik(MacroElement):
    """Leaflet's scale bar in metres/kilometres only (folium's ``control_scale`` adds miles/feet)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        L.control.scale({metric: true, imperial: false}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)


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
        control_scale=False,  # metric only, below
        prefer_canvas=False,
    )
    SkalaMetrik().add_to(m)
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
    data["_w"] = data[kolom_warna].map(lambda v: warna.get(v, "#cccccc"))
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
    _tambah_label(m, lapisan.label, 13, 160)
    return m


def _tambah_label(m: folium.Map, label: tuple[tuple[str, float, float], ...], ukuran_px: int, lebar: int) -> None:
    """Write names at points (non-interactive DivIcons) with a white halo for legibility."""
    for teks, lat, lon in label:
        folium.Marker(
            [lat, lon],
            icon=folium.DivIcon(
                html=f'<div class="pr-label">{escape(teks)}</div>',
                icon_size=(lebar, ukuran_px + 10),
                icon_anchor=(lebar // 2, (ukuran_px + 10) // 2),
            ),
            interactive=False,
        ).add_to(m)
    if label:
        m.get_root().header.add_child(
            folium.Element(
                f"<style>.pr-label{{font:700 {ukuran_px}px sans-serif;color:#111;text-align:center;"
                "text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 4px #fff;white-space:nowrap;pointer-events:none}</style>"
            )
        )


_SRC = re.compile(r'<script src="(/app/static/[^"]+)"></script>')
_HREF = re.compile(r'<link rel="stylesheet" href="(/app/static/[^"]+)"/>')


def html_mandiri(m: folium.Map) -> str:
    """Render a map as one self-contained HTML file (assets inlined, works offline)."""
    html = m.get_root().render()
    html = _SRC.sub(lambda r: f"<script>{aset.berkas_aset(r.group(1)).read_text()}</script>", html)
    return _HREF.sub(lambda r: f"<style>{aset.berkas_aset(r.group(1)).read_text()}</style>", html)


@dataclass(frozen=True)
class Kerangka:
    """Display geometry serialised once per feature.

    A new indicator or class scheme then only rewrites the properties, never the geometry.
    """

    kode: tuple[str, ...]
    nama: tuple[str, ...]
    geometri: tuple[str, ...]  # GeoJSON geometry objects as text, coordinates rounded
    batas: tuple[float, float, float, float]


def kerangka_dari_gdf(gdf: gpd.GeoDataFrame, desimal: int = 5) -> Kerangka:
    """Build a :class:`Kerangka` from display polygons (``kode``, ``nama``, EPSG:4326)."""
    fc = json.loads(geojson_dari_gdf(gdf[["kode", "geometry"]], [], desimal))
    geometri = tuple(json.dumps(f["geometry"], separators=(",", ":")) for f in fc["features"])
    return Kerangka(tuple(gdf["kode"]), tuple(gdf["nama"]), geometri, tuple(float(v) for v in gdf.total_bounds))


def geojson_tematik(kerangka: Kerangka, properti: list[dict]) -> str:
    """Assemble a FeatureCollection from pre-serialised geometry and fresh properties.

    Text properties are HTML-escaped (folium's tooltip inserts them with ``innerHTML``).
    """
    bagian = [
        f'{{"type":"Feature","properties":'
        f"{json.dumps({k: escape(v) if isinstance(v, str) else v for k, v in p.items()}, separators=(',', ':'))},"
        f'"geometry":{g}}}'
        for p, g in zip(properti, kerangka.geometri, strict=True)
    ]
    return '{"type":"FeatureCollection","features":[' + ",".join(bagian) + "]}"


def geojson_kerangka(kerangka: Kerangka) -> str:
    """The frame's geometry with position ``i``, name and code, as a FeatureCollection sent to a browser once."""
    bagian = [
        f'{{"type":"Feature","properties":{json.dumps({"i": i, "nama": n, "kode": k}, separators=(",", ":"))},'
        f'"geometry":{g}}}'
        for i, (g, n, k) in enumerate(zip(kerangka.geometri, kerangka.nama, kerangka.kode, strict=True))
    ]
    return '{"type":"FeatureCollection","features":[' + ",".join(bagian) + "]}"


def data_tematik(
    kerangka: Kerangka,
    properti: list[dict],
    legenda: str,
    url_geometri: str,
    label: tuple[tuple[str, float, float], ...] = (),
    kontras_tinggi: bool = False,
) -> dict:
    """What the data-driven map needs on a rerun: colours, tooltips, legend and labels — not geometry.

    Geometry travels once, as the file at ``url_geometri`` (:func:`geojson_kerangka`); a new
    indicator or class scheme sends only these arrays. Tooltip text is plain text (the browser
    inserts it as text, never as HTML); the legend is HTML built here with every label escaped.
    """
    warna = sorted({p["_w"] for p in properti})
    indeks = {w: i for i, w in enumerate(warna)}
    return {
        "url": url_geometri,
        "batas": list(kerangka.batas),
        "palet": warna,  # the few colours in use; each feature sends its index (-1 = no data, dashed)
        "kelas": [indeks[p["_w"]] if p["_k"] >= 0 else -1 - indeks[p["_w"]] for p in properti],
        "nilai": [p["nilai"] for p in properti],
        "peringkat": [p["peringkat"] for p in properti],
        "legenda": legenda,
        "label": [list(x) for x in label],
        "kontras": kontras_tinggi,
    }


def properti_tematik(kerangka: Kerangka, nilai: pd.Series, kelas, desimal: int, satuan: str) -> list[dict]:
    """Per-feature properties of a choropleth: name, code, formatted value, rank, colour.

    ``kelas`` must come from values in ``kerangka.kode`` order (``nilai.reindex(kerangka.kode)``).
    """
    v = nilai.reindex(list(kerangka.kode))
    peringkat = v.rank(ascending=False, method="min")
    n = int(v.notna().sum())
    u = f" {satuan}" if satuan and satuan != "-" else ""
    props = []
    for i, (kode, nama) in enumerate(zip(kerangka.kode, kerangka.nama, strict=True)):
        x = v.iloc[i]
        k = int(kelas.kelas[i])
        props.append(
            {
                "nama": nama,
                "kode": kode,
                "nilai": "tidak ada data" if pd.isna(x) else f"{angka(float(x), desimal)}{u}",
                "peringkat": "–" if pd.isna(x) else f"{int(peringkat.iloc[i])} dari {n}",
                "_w": WARNA_TANPA_DATA if k < 0 else kelas.warna[k],
                "_k": k,
            }
        )
    return props


def legenda_html(judul: str, kelas, ukuran_px: int = 13) -> str:
    """HTML legend: one swatch per class plus a hatched grey "tidak ada data" swatch."""
    baris = [f'<div style="font-weight:700;margin-bottom:4px">{escape(judul)}</div>']
    kotak = (
        f"display:inline-block;width:{ukuran_px * 1.6:.0f}px;height:{ukuran_px:.0f}px;"
        "border:1px solid #333;vertical-align:middle;margin-right:6px"
    )
    for w, label, n in zip(kelas.warna, kelas.label, kelas.jumlah, strict=True):
        baris.append(f'<div><span style="{kotak};background:{w}"></span>{escape(label)} ({n})</div>')
    tanpa = int((kelas.kelas < 0).sum())
    if tanpa:
        arsir = f"background:repeating-linear-gradient(45deg,{WARNA_TANPA_DATA} 0 3px,#ffffff 3px 6px)"
        baris.append(f'<div><span style="{kotak};{arsir}"></span>tidak ada data ({tanpa})</div>')
    return (
        f'<div class="pr-legenda" style="background:rgba(255,255,255,.92);padding:8px 10px;'
        f'font:{ukuran_px}px sans-serif;border:1px solid #999;border-radius:4px">' + "".join(baris) + "</div>"
    )


def peta_tematik(
    kerangka: Kerangka,
    properti: list[dict],
    legenda: str,
    basemap: bool = False,
    label: tuple[tuple[str, float, float], ...] = (),
    kontras_tinggi: bool = False,
    ukuran_label_px: int = 13,
) -> PetaLuring:
    """Draw a choropleth from :func:`properti_tematik` with the legend on the map.

    Features without data are grey with a dashed outline (the legend shows them hatched),
    never a colour of the scale. ``kontras_tinggi`` (projector) draws black outlines;
    ``label`` writes names (e.g. kecamatan) at the given points.
    """
    m = peta_dasar(kerangka.batas, basemap=basemap)
    garis, tebal = ("#000000", 1.4) if kontras_tinggi else ("#444444", 0.7)
    folium.GeoJson(
        geojson_tematik(kerangka, properti),
        name="Tematik",
        style_function=lambda f: {
            "fillColor": f["properties"]["_w"],
            "color": garis,
            "weight": tebal,
            "fillOpacity": 0.9 if kontras_tinggi else 0.85,
            "dashArray": "3 3" if f["properties"]["_k"] < 0 else None,
        },
        highlight_function=lambda f: {"weight": 3, "color": "#000000"},
        tooltip=folium.GeoJsonTooltip(
            ["nama", "kode", "nilai", "peringkat"], aliases=["Nama", "Kode", "Nilai", "Peringkat"], sticky=True
        ),
    ).add_to(m)
    _tambah_label(m, label, ukuran_label_px, 220)
    Legenda(legenda).add_to(m)
    return m


#: Facility kinds -> marker colour.
WARNA_FASILITAS = {"sekolah": "#1f78b4", "posyandu": "#e31a1c", "puskesmas": "#6a3d9a"}


def tambah_fasilitas(m: folium.Map, titik: gpd.GeoDataFrame) -> folium.Map:
    """Add facility points (``kelas``, ``nama``) as small circles in a layer of their own."""
    lapis = folium.FeatureGroup(name="Fasilitas")
    for kelas, nama, p in zip(titik["kelas"], titik["nama"], titik.geometry, strict=True):
        folium.CircleMarker(
            [p.y, p.x],
            radius=4,
            color="#ffffff",
            weight=1,
            fill=True,
            fill_opacity=0.95,
            fill_color=WARNA_FASILITAS.get(kelas, "#333333"),
            tooltip=f"{escape(str(nama))} ({escape(str(kelas))})",
        ).add_to(lapis)
    lapis.add_to(m)
    return m


class Legenda(MacroElement):
    """A legend as a Leaflet control.

    Being part of the map script, it is drawn by st_folium too (which renders only that).
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: "bottomright"});
        {{ this.get_name() }}.onAdd = function (map) {
            var div = L.DomUtil.create("div", "pr-legenda-kontrol");
            div.innerHTML = {{ this.html|tojson }};
            L.DomEvent.disableClickPropagation(div);
            return div;
        };
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, html: str):
        super().__init__()
        self._name = "Legenda"
        self.html = html


def legenda_kategori_html(pasangan: list[tuple[str, str]]) -> str:
    """Inline legend of colour swatches: ``[(warna, nama), ...]``."""
    return " ".join(
        f'<span style="display:inline-block;margin:2px 6px 2px 0">'
        f'<span style="display:inline-block;width:14px;height:14px;background:{w};'
        f'border:1px solid #333;vertical-align:middle"></span> {escape(str(n))}</span>'
        for w, n in pasangan
    )


#: How each planning layer is drawn: (property columns, tooltip labels, Leaflet style).
GAYA_TATA_RUANG: dict[str, tuple[list[str], list[str], dict]] = {
    "pola": (
        ["namobj", "kodkws", "kawasan", "_w"],
        ["Pola ruang", "Kode", "Kawasan"],
        {"fillColor": "#cccccc", "color": "#777777", "weight": 0.4, "fillOpacity": 0.45},
    ),
    "zonasi": (
        ["kode_zona", "nama_zona"],
        ["Zona", "Nama"],
        {"fillOpacity": 0, "color": "#3f51b5", "weight": 1, "dashArray": "4 3"},
    ),
    "overlay": (
        ["jenis", "kelas", "nama"],
        ["Overlay", "Kelas", "Nama"],
        {"fillOpacity": 0.12, "fillColor": "#e65100", "color": "#e65100", "weight": 1.2},
    ),
}
_NAMA_LAPISAN = {"pola": "Pola ruang RTRW", "zonasi": "Zona RDTR", "overlay": "Overlay khusus"}


def _lapisan_tampil(lapisan) -> dict[str, gpd.GeoDataFrame]:
    """The planning layers as drawn: display-simplified (≈5 m), pola ruang with its class colour."""
    warna = {k.kodkws: k.warna for k in definitions.POLA_RUANG}

    def ringkas(gdf):
        return gdf.assign(geometry=gdf.geometry.simplify(0.00005))

    hasil = {}
    if len(lapisan.pola):
        hasil["pola"] = ringkas(lapisan.pola).assign(_w=lapisan.pola["kodkws"].map(warna).fillna("#cccccc"))
    if len(lapisan.zonasi):
        hasil["zonasi"] = ringkas(lapisan.zonasi)
    ov = lapisan.overlay[lapisan.overlay.geom_type.isin(["Polygon", "MultiPolygon"])] if len(lapisan.overlay) else []
    if len(ov):
        hasil["overlay"] = ringkas(ov)
    return hasil


def geojson_tata_ruang(lapisan) -> dict[str, str]:
    """Display GeoJSON of each non-empty planning layer, computed once per data version by the caller.

    Text properties are left as they are: the data-driven map (:mod:`pages.akses.peta_data`) inserts
    them with ``textContent``.
    """
    return {
        k: geojson_dari_gdf(gdf, GAYA_TATA_RUANG[k][0], escape_teks=False)
        for k, gdf in _lapisan_tampil(lapisan).items()
    }


def ruang_data(url: dict[str, str]) -> list[dict]:
    """The planning layers for the data-driven map: URL of each static file, its style and tooltip fields."""
    hasil = []
    for jenis in ("pola", "zonasi", "overlay"):
        if jenis in url:
            kolom, label, gaya = GAYA_TATA_RUANG[jenis]
            hasil.append({"url": url[jenis], "gaya": gaya, "label": [list(x) for x in zip(kolom, label, strict=False)]})
    return hasil


def sorot_zona(lapisan, sorot: list[dict] | None) -> dict | None:
    """The zones the selected usulan touches, as a small GeoJSON (drawn thick and black), or ``None``."""
    sumber = {"zonasi": lapisan.zonasi, "pola_ruang": lapisan.pola, "overlay": lapisan.overlay}
    fitur = []
    for z in sorot or []:
        gdf = sumber.get(z["lapisan"])
        if gdf is None or not len(gdf):
            continue
        pilih = gdf[gdf["id"] == z["id"]]
        if len(pilih):
            fitur.append(
                {
                    "type": "Feature",
                    "geometry": peta_usulan.shapely_geojson(pilih.geometry.iloc[0]),
                    "properties": {"t": f"{z['kode']} {z['nama']}: {round(z['bagian'] * 100)} %"},
                }
            )
    return {"type": "FeatureCollection", "features": fitur} if fitur else None
