"""A map that keeps its geometry in the browser: only colours, tooltips, legend and labels travel on a rerun.

A Streamlit custom component (v2, no iframe): the page's first visit fetches the layer's
geometry once from a static file named by its content hash (:func:`geo.render.aset.simpan_lapisan`);
a change of indicator, class scheme or palette sends a few kilobytes of arrays and restyles the
polygons already drawn. Leaflet comes from the app's own static folder: nothing leaves the machine.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from geo.render import aset, maps

_CSS = """
.pr-peta-data { width: 100%; border: 1px solid #ddd; border-radius: 4px; }
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
    if kunci not in _URL:
        _URL[kunci] = aset.simpan_lapisan(maps.geojson_kerangka(kerangka))
    return _URL[kunci]


def peta_tematik(
    kerangka: maps.Kerangka,
    properti: list[dict],
    legenda: str,
    label: tuple[tuple[str, float, float], ...] = (),
    tinggi: int = 560,
    key: str = "peta-data",
    teks: list[str] | None = None,
    basemap: bool = False,
) -> None:
    """Draw (or restyle) the thematic map of ``kerangka`` with the colours and tooltips of ``properti``.

    ``teks`` replaces the tooltip of each feature (plain text); ``basemap`` adds OpenStreetMap
    tiles (needs internet; off unless the user turns it on).
    """
    url = _url_geometri(kerangka)
    data = maps.data_tematik(kerangka, properti, legenda, url, label)
    data["tinggi"] = tinggi
    data["basemap"] = bool(basemap)
    if teks is not None:
        data["teks"] = list(teks)
    _peta(data=data, key=key, height=tinggi + 4)
