"""A map that keeps its geometry in the browser: only colours, tooltips, legend and labels travel on a rerun.

A Streamlit custom component (v2, no iframe): the page's first visit fetches the layer's
geometry once from a static file named by its content hash (:func:`geo.render.aset.simpan_lapisan`);
a change of indicator, class scheme or palette sends a few kilobytes of arrays and restyles the
polygons already drawn. Leaflet comes from the app's own static folder: nothing leaves the machine.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo.domain import definitions
from geo.render import aset, maps
from geo.render import peta_usulan as pu

_CSS = """
.pr-peta-data { width: 100%; border: 1px solid #ddd; border-radius: 4px; }
.pr-legenda-besar .pr-legenda, .pr-legenda-besar .pr-legenda div { font-size: 24px !important; line-height: 1.35; }
.pr-legenda-besar .pr-legenda span { width: 34px !important; height: 22px !important; }
.pr-label { font: 700 13px sans-serif; color: #111; text-align: center; white-space: nowrap; pointer-events: none;
            text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 4px #fff; }
"""

_peta = st.components.v2.component(
    "petarencana_peta_data",
    html='<div class="pr-peta-data"></div>',
    css=_CSS,
    js=(Path(__file__).with_suffix(".js")).read_text(),
    isolate_styles=False,
)


#: Geometry hash -> URL of its static file (a process-wide memo: the file is written once).
_URL: dict[int, str] = {}


def _url_geometri(kerangka: maps.Kerangka) -> str:
    kunci = hash((kerangka.geometri, kerangka.nama, kerangka.kode))  # the file carries names and codes too
    if kunci not in _URL or not aset.pakai(_URL[kunci]):  # a file removed as unused is written again
        _URL[kunci] = aset.simpan_lapisan(maps.geojson_kerangka(kerangka))
    return _URL[kunci]


def peta_tematik(
    kerangka: maps.Kerangka,
    properti: list[dict],
    legenda: str,
    label: tuple[tuple[str, float, float], ...] = (),
    tinggi: int | str = 560,
    key: str = "peta-data",
    teks: list[str] | None = None,
    basemap: bool = False,
    kontras: bool = False,
    ukuran_label: int | None = None,
) -> None:
    """Draw (or restyle) the thematic map of ``kerangka`` with the colours and tooltips of ``properti``.

    ``teks`` replaces the tooltip of each feature (plain text); ``basemap`` adds OpenStreetMap
    tiles (needs internet; off unless the user turns it on); ``kontras`` is the projector view:
    darker outlines, stronger fills and a legend in 24 px text. ``tinggi`` is pixels or a CSS length
    (e.g. ``"calc(100vh - 215px)"``: the map follows the screen); ``ukuran_label`` the names' size in px.
    """
    url = _url_geometri(kerangka)
    data = maps.data_tematik(kerangka, properti, legenda, url, label, kontras_tinggi=kontras)
    data["tinggi"] = tinggi
    data["basemap"] = bool(basemap)
    data["ukuran_label"] = ukuran_label
    if teks is not None:
        data["teks"] = list(teks)
    _peta(data=data, key=key, height=tinggi + 4 if isinstance(tinggi, int) else "content")


#: Fingerprint of an usulan layer -> URL of its static file (process-wide memo).
_URL_USULAN: dict[int, str] = {}


def _url_usulan(usulan: gpd.GeoDataFrame, warna: pd.Series, label: pd.Series) -> str:
    """URL of the usulan layer's static file, written once per content (a removed file is written again)."""
    sidik = pu.sidik_usulan(usulan, warna, label)
    if sidik not in _URL_USULAN or not aset.pakai(_URL_USULAN[sidik]):
        _URL_USULAN[sidik] = aset.simpan_lapisan(pu.berkas_usulan(usulan, warna, label))
    return _URL_USULAN[sidik]


def peta_usulan(
    latar: tuple,
    usulan: gpd.GeoDataFrame,
    warna: pd.Series,
    label: pd.Series,
    legenda: str,
    key: str,
    tinggi: int = 560,
    klaster: bool | None = None,
    sorot: int | None = None,
    ruang: list[dict] | None = None,
    sorot_zona: dict | None = None,
    saat_klik: Callable[[int], None] | None = None,
) -> int | None:
    """Draw usulan over the wilayah (and planning layers); return the id of an usulan just clicked.

    With ``saat_klik`` the clicked id is handed to it in the component's callback, before the
    script runs, so that run already shows the selection (no second run from ``st.rerun``).

    ``latar`` is what :func:`pages.akses.cakupan.peta_beranda` returns (frame, properties, tooltip
    text, labels, …), drawn lightly under the usulan. The usulan geometry and texts go once into a
    static file (:func:`geo.render.peta_usulan.berkas_usulan`, named by content hash); a rerun that
    changes colours or the selection sends only a colour index per usulan. ``ruang`` lists planning
    layers by URL (:func:`pages.akses.ruang.lapisan_ruang_peta`); ``sorot_zona`` is a small GeoJSON
    drawn thick and black. Above :data:`geo.render.peta_usulan.BATAS_RINCI` usulan the map draws one
    circle per desa.
    """
    kerangka, properti, teks, label_peta = latar[:4]
    if not isinstance(usulan, gpd.GeoDataFrame):  # a frame with shapely geometries (e.g. monitoring activities)
        usulan = gpd.GeoDataFrame(usulan, geometry="geometry", crs="EPSG:4326")
    url = _url_geometri(kerangka)
    data = maps.data_tematik(kerangka, properti, legenda, url, label_peta)
    if klaster is None:
        klaster = int((usulan.geom_type == "Point").sum()) > pu.BATAS_KLASTER
    data.update(
        tinggi=tinggi,
        basemap=False,
        latar=True,
        teks=list(teks),
        usulan={
            **pu.gaya_usulan(usulan, warna, label, sorot),
            "url": _url_usulan(usulan, warna, label),
            "klaster": bool(klaster) and len(usulan) <= pu.BATAS_RINCI,
        },
        ruang=ruang or [],
        sorot_zona=sorot_zona,
    )

    def _pada_klik() -> None:
        k = (st.session_state.get(key) or {}).get("klik")
        if k is not None and saat_klik is not None:
            saat_klik(int(k))

    hasil = _peta(data=data, key=key, height=tinggi + 4, on_klik_change=_pada_klik)
    klik = getattr(hasil, "klik", None)
    return int(klik) if klik is not None else None


def peta_tangkap(
    latar: tuple,
    usulan_lain: gpd.GeoDataFrame,
    ruang: list[dict],
    simpul: list[tuple[float, float]],
    jenis: str,
    key: str = "peta-usulan",
    tinggi: int = 520,
    basemap: bool = False,
    saat_klik: Callable[[tuple[float, float]], None] | None = None,
) -> tuple[float, float] | None:
    """The map an usulan is drawn on; return ``(lon, lat)`` of a click just made, else ``None``.

    With ``saat_klik`` the click is handed to it in the component's callback, before the script
    runs, so the run that follows already draws the new sketch: one script run per click, not
    a second one from ``st.rerun`` (the return value is then for information only).

    Desa (``latar``, filled by kecamatan), the planning layers (off until ticked in the layer
    switch, then fetched once from their static files) and this year's other usulan (grey) come
    from static files; the sketch (``simpul`` of a ``jenis`` "titik"/"garis"/"poligon") travels
    with each rerun, so a click never rebuilds the map. The zoom range stays useful
    (:data:`geo.render.peta_usulan.ZOOM_TANGKAP`).
    """
    kerangka, properti, teks = latar[:3]
    url = _url_geometri(kerangka)
    data = maps.data_tematik(kerangka, properti, "", url, ())
    abu = pd.Series(pu.WARNA_USULAN_LAIN, index=usulan_lain.index)
    if "status" in usulan_lain:
        label = usulan_lain["status"].map(definitions.STATUS_USULAN).fillna("usulan")
    else:
        label = pd.Series("usulan", index=usulan_lain.index)
    data.update(
        tinggi=tinggi,
        basemap=bool(basemap),
        latar=True,
        isi=0.2 if basemap else 0.6,
        teks=list(teks),
        usulan={
            **pu.gaya_usulan(usulan_lain, abu, label),
            "url": _url_usulan(usulan_lain, abu, label),
            "klaster": False,
        },
        ruang=ruang,
        kontrol={"ruang": "Tata ruang (RTRW/RDTR)", "usulan": f"Usulan lain tahun ini ({len(usulan_lain)})"},
        sketsa={"simpul": [list(p) for p in simpul], "jenis": jenis},
        tangkap=list(pu.ZOOM_TANGKAP),
    )

    def _pada_titik() -> None:
        t = (st.session_state.get(key) or {}).get("titik")
        if t and saat_klik is not None:
            saat_klik((float(t[0]), float(t[1])))

    hasil = _peta(data=data, key=key, height=tinggi + 4, on_titik_change=_pada_titik)
    titik = getattr(hasil, "titik", None)
    return (float(titik[0]), float(titik[1])) if titik else None
