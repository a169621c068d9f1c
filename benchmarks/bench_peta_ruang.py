"""Kesesuaian Ruang map: server CPU and bytes per rerun with 50,000 RDTR zones (issue 11).

Baseline: the map document with the planning layers embedded (``folium.GeoJson`` with a tooltip per
layer, simplified and encoded on each rerun: what the page did before, and what a plain folium user
writes). Measured: the layers written once per data version as static files
(:func:`geo.render.maps.geojson_tata_ruang` + :func:`geo.render.aset.simpan_lapisan`), then each rerun
sends the data-driven map only their URLs, styles and the selection's outline
(:func:`geo.render.maps.ruang_data`, :func:`geo.render.maps.sorot_zona`). Same layers, same run.
Prints CPU next to wall time.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(AKAR))

import folium

from benchmarks.bench_kesesuaian import bangun
from geo.render import aset, maps


def _ukur(label: str, f, ulang: int = 3):
    terbaik = None
    for _ in range(ulang):
        a, c = time.perf_counter(), time.process_time()
        hasil = f()
        t, cpu = time.perf_counter() - a, time.process_time() - c
        terbaik = (t, cpu, hasil) if terbaik is None or cpu < terbaik[1] else terbaik
    t, cpu, hasil = terbaik
    print(f"{label:<62} {t:6.2f} s dinding {cpu:6.2f} s CPU")
    return cpu, hasil


def main() -> None:
    _, lapisan = bangun()
    batas = tuple(lapisan.zonasi.total_bounds)
    print(f"{len(lapisan.zonasi):,} zona RDTR, {len(lapisan.pola):,} blok pola ruang, {len(lapisan.overlay):,} overlay")

    def tertanam() -> int:
        m = maps.peta_dasar(batas)
        for jenis, teks in maps.geojson_tata_ruang(lapisan).items():
            kolom, label, gaya = maps.GAYA_TATA_RUANG[jenis]
            tampil = [k for k in kolom if k != "_w"]
            folium.GeoJson(
                json.loads(teks),
                style_function=lambda f, gaya=gaya: {
                    **gaya,
                    **({"fillColor": f["properties"]["_w"]} if "_w" in f["properties"] else {}),
                },
                tooltip=folium.GeoJsonTooltip(tampil, aliases=label[: len(tampil)]),
            ).add_to(m)
        return len(m.get_root().render().encode())

    tmp = Path(tempfile.mkdtemp())

    def sekali() -> dict[str, str]:
        return {k: aset.simpan_lapisan(v, tmp) for k, v in maps.geojson_tata_ruang(lapisan).items()}

    cpu_dasar, byte_dasar = _ukur("baseline: lapisan tertanam, tiap rerun", tertanam)
    cpu_sekali, url = _ukur("berkas statis, sekali per versi data", sekali, ulang=1)

    sorot = [{"lapisan": "zonasi", "id": int(lapisan.zonasi["id"].iloc[0]), "kode": "Z", "nama": "zona", "bagian": 1.0}]

    def statis() -> int:
        data = {"ruang": maps.ruang_data(url), "sorot_zona": maps.sorot_zona(lapisan, sorot)}
        return len(json.dumps(data).encode())

    cpu_rerun, byte_rerun = _ukur("berkas statis, tiap rerun", statis)
    byte_berkas = sum((tmp / "lapisan" / Path(u).name).stat().st_size for u in url.values())
    print(
        f"\nrerun: {cpu_dasar / max(cpu_rerun, 1e-3):,.0f}× lebih sedikit CPU; dikirim per rerun "
        f"{byte_dasar / 1e6:.1f} MB → {byte_rerun / 1e3:.1f} KB ({byte_rerun / byte_dasar * 100:.2f} %); "
        f"berkas statis {byte_berkas / 1e6:.1f} MB diambil browser sekali (cache); "
        f"biaya sekali {cpu_sekali:.2f} s CPU"
    )


if __name__ == "__main__":
    main()
