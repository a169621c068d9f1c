"""Usulan map layer: server time and HTML bytes to build a map of N usulan points.

Compared in the same run with
* the old way, one ``folium.CircleMarker`` with its own tooltip and popup per usulan, and
* the best plain folium way, one ``folium.GeoJson`` with ``marker=CircleMarker`` and
  ``GeoJsonTooltip``/``GeoJsonPopup`` (what a competent folium user would write),
against PetaRencana's ``peta_usulan.tambah_usulan`` (one GeoJSON layer, style/tooltip/popup
built in the browser from properties). Reports wall and process CPU time (median of 5).

Run: ``.venv/bin/python benchmarks/bench_peta_usulan.py``
"""

from __future__ import annotations

import statistics
import sys
import time
from html import escape
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import shapely

AKAR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(AKAR))

from geo.domain.format import angka
from geo.render import maps, peta_usulan


def _usulan(n: int) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(1)
    return gpd.GeoDataFrame(
        {
            "id": np.arange(1, n + 1),
            "uraian": [f"Rabat beton jalan lingkungan RT {i % 20} dusun {i % 7}" for i in range(n)],
            "desa": [f"Desa {i % 120}" for i in range(n)],
            "biaya": rng.uniform(5e7, 9e8, n).round(-3),
            "status": rng.choice(["diajukan", "diterima", "ditolak"], n),
        },
        geometry=shapely.points(rng.uniform(109.0, 109.6, n), rng.uniform(-7.6, -7.1, n)),
        crs=4326,
    )


WARNA = {"diajukan": "#377eb8", "diterima": "#1b9e77", "ditolak": "#d62728"}


def lama(u: gpd.GeoDataFrame) -> str:
    m = maps.peta_dasar(tuple(u.total_bounds))
    fg = folium.FeatureGroup(name="Usulan")
    for r in u.itertuples():
        folium.CircleMarker(
            [r.geometry.y, r.geometry.x], radius=6, color="#ffffff", weight=1, fill=True,
            fill_color=WARNA[r.status], fill_opacity=0.95, tooltip=f"#{r.id} {escape(r.uraian)} ({r.status})",
            popup=folium.Popup(f"<b>#{r.id}</b> {escape(r.uraian)}<br>{escape(r.desa)}"),
        ).add_to(fg)  # fmt: skip
    fg.add_to(m)
    return m.get_root().render()


def folium_geojson(u: gpd.GeoDataFrame) -> str:
    m = maps.peta_dasar(tuple(u.total_bounds))
    data = u.assign(warna=u["status"].map(WARNA))
    folium.GeoJson(
        data,
        marker=folium.CircleMarker(radius=6, weight=1, fill=True, fill_opacity=0.95),
        style_function=lambda f: {"fillColor": f["properties"]["warna"], "color": "#ffffff"},
        tooltip=folium.GeoJsonTooltip(["id", "uraian", "status"]),
        popup=folium.GeoJsonPopup(["id", "uraian", "desa"]),
    ).add_to(m)
    return m.get_root().render()


def petarencana(u: gpd.GeoDataFrame) -> str:
    m = maps.peta_dasar(tuple(u.total_bounds))
    peta_usulan.tambah_usulan(m, u, u["status"].map(WARNA), u["status"], klaster=False)
    return m.get_root().render()


def ukur(f, u) -> tuple[float, float, int]:
    dinding, cpu = [], []
    for _ in range(5):
        a, c = time.perf_counter(), time.process_time()
        html = f(u)
        dinding.append(time.perf_counter() - a)
        cpu.append(time.process_time() - c)
    return statistics.median(dinding), statistics.median(cpu), len(html.encode())


def main() -> None:
    print("| usulan | cara | dinding (s) | CPU (s) | HTML (byte) | rasio CPU vs cara lama |")
    print("| --- | --- | --- | --- | --- | --- |")
    for n in (400, 2000, 8000):
        u = _usulan(n)
        hasil = {nama: ukur(f, u) for nama, f in (("CircleMarker per usulan (lama)", lama),
                                                   ("folium.GeoJson + GeoJsonTooltip/Popup", folium_geojson),
                                                   ("PetaRencana: satu lapisan GeoJSON", petarencana))}  # fmt: skip
        dasar = hasil["CircleMarker per usulan (lama)"][1]
        for nama, (w, c, b) in hasil.items():
            print(f"| {angka(n)} | {nama} | {angka(w, 3)} | {angka(c, 3)} | {angka(b)} | {angka(dasar / c, 1)}× |")


if __name__ == "__main__":
    main()
