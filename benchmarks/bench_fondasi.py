"""Foundation benchmark: demo build time and home-map payload before/after simplification.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/bench_fondasi.py``). Every figure
is printed next to a baseline measured in the same run, as a ratio, because machines are
noisy; nothing here asserts a time.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.render import maps
from geo.settings import TOLERANSI_TAMPIL_M, berkas_data
from geo.store import db, kueri
from pipelines import demo


def _median(fungsi, ulang: int) -> float:
    waktu = []
    for _ in range(ulang):
        t = time.perf_counter()
        fungsi()
        waktu.append(time.perf_counter() - t)
    return statistics.median(waktu)


def main(ulang: int = 3) -> None:
    """Print the benchmark table."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        n = iter(range(100))
        t_bangun = _median(lambda: demo.bangun_demo(berkas_data(tmp / f"b{next(n)}")), ulang)
        # baseline: writing the same generated wilayah polygons to a GeoPackage with geopandas
        wil = demo.bangun_wilayah()
        t_dasar = _median(lambda: wil.to_file(tmp / f"w{next(n)}.gpkg", engine="pyogrio"), ulang)
        print(
            f"Bangun basis data demo: {t_bangun:.2f} s (median {ulang}x); "
            f"baseline geopandas.to_file wilayah saja: {t_dasar:.3f} s; rasio {t_bangun / t_dasar:.1f}x"
        )

        berkas = berkas_data(tmp / "b0")
        g = db.Gudang(berkas)
        print("\nPayload peta beranda (tingkat desa, 120 desa):")
        print(f"{'varian':<52}{'byte GeoJSON':>14}{'byte skrip peta':>17}{'rasio':>8}{'waktu bangun':>14}")
        varian = []
        for label, tampil, ringkas in (
            ("geometri penuh, GeoDataFrame.to_json (semua kolom)", False, False),
            ("geometri penuh, GeoJSON ringkas (5 desimal)", False, True),
            (f"geometri tampil (coverage_simplify {TOLERANSI_TAMPIL_M:g} m), ringkas", True, True),
        ):
            desa = kueri.wilayah_gdf(g, "99.01", "desa", tampil=tampil)
            warna = maps.warna_kategori(list(desa["kode_kecamatan"]))

            def bangun(desa=desa, warna=warna, ringkas=ringkas):
                lap = maps.lapisan_wilayah(desa, warna)
                if not ringkas:
                    data = desa.assign(_w=desa["kode_kecamatan"].map(warna))
                    lap = maps.LapisanWilayah(gpd.GeoDataFrame(data).to_json(), lap.batas, lap.label, lap.jumlah)
                return lap

            t = _median(bangun, 5)
            lap = bangun()
            skrip = maps.peta_wilayah(lap).get_root().render()
            varian.append((label, len(lap.geojson.encode()), len(skrip.encode()), t))
        dasar = varian[0][1]
        for label, b, s, t in varian:
            print(f"{label:<52}{b:>14,}{s:>17,}{dasar / b:>7.1f}x{t * 1000:>11.1f} ms")
        g.tutup()


if __name__ == "__main__":
    main()
