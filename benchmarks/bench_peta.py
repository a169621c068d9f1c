"""Thematic-map benchmark: payload size and server time to rebuild after changing the indicator.

For the demo kabupaten (120 desa) and a synthetic 2,000-desa kabupaten loaded through the
pipeline, against the same map built from the unsimplified geometry in the same run.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

AKAR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(AKAR))
sys.path.insert(0, str(AKAR / "benchmarks"))

from geo.domain import tematik
from geo.render import maps
from geo.services import indikator as layanan_indikator
from geo.settings import berkas_data
from geo.store import db, kueri
from pipelines import demo
from pipelines.muat import OpsiBatas, OpsiIndikator, muat_batas, muat_indikator


def _median(f, n=5):
    t = []
    for _ in range(n):
        a = time.perf_counter()
        f()
        t.append(time.perf_counter() - a)
    return statistics.median(t)


def _ukur(g, kab: str, indikator: list[str], tahun: int) -> dict:
    hasil = {}
    metas = kueri.daftar_indikator(g, kab).set_index("kode")
    for label, tampil in (("tampil", True), ("penuh", False)):
        gdf = kueri.wilayah_gdf(g, kab, "desa", tampil=tampil)
        kerangka = maps.kerangka_dari_gdf(gdf)
        putaran = iter(range(10**6))

        def bangun(kerangka=kerangka, gdf=gdf, tampil=tampil, putaran=putaran):
            ind = indikator[next(putaran) % len(indikator)]
            meta = {"kode": ind, **metas.loc[ind].to_dict()}
            # our path reuses the cached geometry; the baseline re-serialises full geometry every time
            k = kerangka if tampil else maps.kerangka_dari_gdf(gdf)
            nilai = layanan_indikator.nilai_indikator(g, kab, meta, tahun, "desa").reindex(list(k.kode))
            kelas = tematik.klasifikasi(nilai, "kuantil", 5)
            prop = maps.properti_tematik(k, nilai, kelas, 1, meta["satuan"])
            return maps.peta_tematik(k, prop, maps.legenda_html(ind, kelas)).get_root().render(), k

        html, k = bangun()
        geojson = maps.geojson_tematik(k, [{}] * len(k.kode))
        hasil[label] = {"html": len(html.encode()), "geojson": len(geojson.encode()), "waktu": _median(bangun)}
    return hasil


def main() -> None:
    """Print payload and rebuild time for the demo and a 2,000-desa kabupaten."""
    from sintetis import batas_nasional

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        berkas = berkas_data(tmp / "data")
        demo.bangun_demo(berkas)
        # a 2,000-desa kabupaten 98.01: 80 kecamatan of 25 desa
        b = batas_nasional(50, 40)
        ii, jj = np.divmod(np.arange(len(b)), 40)
        kec = (ii // 5) * 8 + jj // 5 + 1
        desa = (ii % 5) * 5 + jj % 5 + 2001
        b["kode"] = [f"98.01.{c:02d}.{d}" for c, d in zip(kec, desa, strict=True)]
        b[["kode", "nama", "geometry"]].to_file(tmp / "b.gpkg", driver="GPKG")
        muat_batas(tmp / "b.gpkg", OpsiBatas(), berkas)
        rng = np.random.default_rng(1)
        pd.DataFrame(
            {
                "kode_desa": b["kode"],
                "uji_a_2025": rng.uniform(1, 40, len(b)).round(2),
                "uji_b_2025": rng.uniform(100, 5000, len(b)).round(0),
            }
        ).to_csv(tmp / "i.csv", index=False)
        muat_indikator(tmp / "i.csv", OpsiIndikator(), berkas)
        g = db.Gudang(berkas)
        baris = [
            ("Kabupaten Contoh (120 desa)", _ukur(g, "99.01", ["persen_miskin", "prevalensi_stunting"], 2025)),
            ("sintetis 98.01 (2.000 desa)", _ukur(g, "98.01", ["uji_a", "uji_b"], 2025)),
        ]
        print(f"{'kabupaten':<30}{'geometri':<9}{'GeoJSON':>12}{'HTML peta':>12}{'bangun ulang':>14}")
        for nama, h in baris:
            for label in ("penuh", "tampil"):
                r = h[label]
                print(f"{nama:<30}{label:<9}{r['geojson']:>12,}{r['html']:>12,}{r['waktu'] * 1000:>11.0f} ms")
            p, t = h["penuh"], h["tampil"]
            print(
                f"{'':<30}{'rasio':<9}{p['geojson'] / t['geojson']:>11.1f}x{p['html'] / t['html']:>11.1f}x"
                f"{p['waktu'] / t['waktu']:>13.1f}x"
            )
        g.tutup()


if __name__ == "__main__":
    main()
