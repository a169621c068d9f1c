"""Conformity benchmark: 100,000 usulan (points and lines) against 50,000 RDTR zone polygons
plus pola ruang, overlays (LP2B, hazard, river setbacks) and land parcels.

Compared in the same run:

* the full verdict (:func:`geo.domain.kesesuaian.periksa`: shares, ITBX lookup, pola ruang,
  overlays, reasons, land status, access);
* a plain ``geopandas.sjoin`` (intersects) of the same usulan with the same zone polygons —
  the target is at most 5× its time, and under 10 s on 2 cores;
* a naive loop: for each usulan, test every zone polygon (measured on a sample and scaled).

Peak memory of each step is read from ``/proc/self/status`` (VmHWM, reset before the step).
"""

from __future__ import annotations

import contextlib
import dataclasses
import statistics
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

AKAR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(AKAR))

from geo.domain import definitions
from geo.domain import kesesuaian as ks

N_USULAN, N_ZONA = 100_000, 50_000
KODE_ZONA = ["R-2", "R-3", "K-1", "K-2", "SPU", "KT", "P", "RTH-1"]
KELAS = [k for k in definitions.KELAS_KEGIATAN]


def _rss() -> tuple[int, int]:
    teks = Path("/proc/self/status").read_text()
    ambil = lambda k: int(next(b for b in teks.splitlines() if b.startswith(k)).split()[1]) * 1024  # noqa: E731
    return ambil("VmRSS:"), ambil("VmHWM:")


def _reset_puncak() -> None:
    with contextlib.suppress(OSError):  # not Linux: the peak is then the process peak so far
        Path("/proc/self/clear_refs").write_text("5")


def bangun(benih: int = 21):
    """Zones: a jittered 250 × 200 grid of ~200 m cells around 110° E, 7° S; overlays and usulan on top."""
    rng = np.random.default_rng(benih)
    nx, ny, sel = 250, 200, 0.0018  # ~200 m
    x0, y0 = 110.0, -7.5
    xs, ys = np.meshgrid(np.arange(nx), np.arange(ny))
    xs, ys = xs.ravel()[:N_ZONA], ys.ravel()[:N_ZONA]
    zona = gpd.GeoDataFrame(
        {
            "id": np.arange(1, N_ZONA + 1),
            "kode_zona": rng.choice(KODE_ZONA, N_ZONA),
            "nama_zona": "zona",
            "matriks": "M",
        },
        geometry=shapely.box(x0 + xs * sel, y0 + ys * sel, x0 + (xs + 1) * sel, y0 + (ys + 1) * sel),
        crs=4326,
    )
    lebar_x, lebar_y = nx * sel, ny * sel
    # pola ruang: 2,000 blocks; a fifth lindung
    px, py = np.meshgrid(np.arange(50), np.arange(40))
    bx, by = lebar_x / 50, lebar_y / 40
    lindung = rng.uniform(size=2000) < 0.2
    pola = gpd.GeoDataFrame(
        {
            "id": np.arange(1, 2001),
            "namobj": np.where(lindung, "Kawasan Hutan Lindung", "Kawasan Permukiman"),
            "kodkws": np.where(lindung, "HL", "PK"),
            "kawasan": np.where(lindung, "lindung", "budi daya"),
        },
        geometry=shapely.box(
            x0 + px.ravel() * bx, y0 + py.ravel() * by, x0 + (px.ravel() + 1) * bx, y0 + (py.ravel() + 1) * by
        ),
        crs=4326,
    )
    # overlays: 3,000 LP2B patches, 500 hazard patches, 40 river lines (buffered by the rule)
    n_lp, n_rb = 3000, 500
    cx, cy = x0 + rng.uniform(0, lebar_x, n_lp + n_rb), y0 + rng.uniform(0, lebar_y, n_lp + n_rb)
    r = rng.uniform(0.001, 0.004, n_lp + n_rb)
    sungai = [
        shapely.LineString(
            np.column_stack([np.linspace(x0, x0 + lebar_x, 30), y0 + k * lebar_y / 40 + rng.normal(0, 0.002, 30)])
        )
        for k in range(40)
    ]
    overlay = gpd.GeoDataFrame(
        {
            "id": np.arange(1, n_lp + n_rb + 41),
            "jenis": ["lp2b"] * n_lp + ["rawan_bencana"] * n_rb + ["sempadan"] * 40,
            "kelas": ["LP2B"] * n_lp + list(rng.choice(["tinggi", "sedang"], n_rb)) + ["sungai"] * 40,
            "nama": "overlay",
        },
        geometry=list(shapely.box(cx - r, cy - r, cx + r, cy + r)) + sungai,
        crs=4326,
    )
    n_lh = 10_000
    lx, ly = x0 + rng.uniform(0, lebar_x, n_lh), y0 + rng.uniform(0, lebar_y, n_lh)
    lahan = gpd.GeoDataFrame(
        {"id": np.arange(1, n_lh + 1), "status": rng.choice(list(definitions.STATUS_LAHAN_PETA), n_lh)},
        geometry=shapely.box(lx, ly, lx + 0.0005, ly + 0.0005),
        crs=4326,
    )
    itbx = pd.DataFrame(
        [
            ("M", k, z, str(rng.choice(["I", "I", "T", "B", "X"])))
            for k in KELAS
            for z in KODE_ZONA
            if rng.uniform() > 0.03
        ],
        columns=["matriks", "kode_kegiatan", "kode_zona", "nilai"],
    )
    lapisan = ks.LapisanTataRuang(pola=pola, zonasi=zona, overlay=overlay, lahan=lahan, itbx=itbx, versi="bench")
    # usulan: 70 % points, 30 % lines of 100–1,500 m
    n_garis = N_USULAN * 3 // 10
    ux, uy = x0 + rng.uniform(0, lebar_x, N_USULAN), y0 + rng.uniform(0, lebar_y, N_USULAN)
    geom = list(shapely.points(ux[n_garis:], uy[n_garis:]))
    panjang = rng.uniform(100, 1500, n_garis) / 111_000
    sudut = rng.uniform(0, np.pi, n_garis)
    geom = [
        shapely.LineString(
            [(ux[i], uy[i]), (ux[i] + panjang[i] * np.cos(sudut[i]), uy[i] + panjang[i] * np.sin(sudut[i]))]
        )
        for i in range(n_garis)
    ] + geom
    usulan = gpd.GeoDataFrame(
        {
            "id": np.arange(1, N_USULAN + 1),
            "kelas_kegiatan": rng.choice(KELAS, N_USULAN),
            "status_lahan": rng.choice(list(definitions.STATUS_LAHAN_USULAN), N_USULAN),
        },
        geometry=geom,
        crs=4326,
    )
    return usulan, lapisan


def _ukur(label, f):
    rss0, _ = _rss()
    _reset_puncak()
    a, c = time.perf_counter(), time.process_time()
    hasil = f()
    t, cpu = time.perf_counter() - a, time.process_time() - c
    _, puncak = _rss()
    print(f"{label:<66} {t:7.2f} s dinding {cpu:7.2f} s CPU   puncak +{(puncak - rss0) / 2**20:6.0f} MB")
    return cpu, hasil


def main() -> None:
    a = time.perf_counter()
    usulan, lapisan = bangun()
    print(
        f"data: {len(usulan):,} usulan ({int((usulan.geom_type == 'LineString').sum()):,} garis), "
        f"{len(lapisan.zonasi):,} zona RDTR, {len(lapisan.pola):,} pola ruang, {len(lapisan.overlay):,} overlay, "
        f"{len(lapisan.lahan):,} bidang ({time.perf_counter() - a:.1f} s)"
    )
    crs = "EPSG:32749"
    t_sjoin, sj = _ukur(
        "baseline geopandas.sjoin(usulan, zona, intersects)",
        lambda: gpd.sjoin(usulan, lapisan.zonasi, predicate="intersects"),
    )
    # the same job needs all three planning layers: a competent geopandas user sjoins each of them
    t_sjoin3, _ = _ukur(
        "baseline 3 sjoin: zona RDTR + pola ruang + overlay",
        lambda: [gpd.sjoin(usulan, g, predicate="intersects") for g in (lapisan.zonasi, lapisan.pola, lapisan.overlay)],
    )
    dingin = dataclasses.replace(lapisan, siap={})
    t_kita, hasil = _ukur(
        "verdik lengkap, lapisan belum disiapkan (proyeksi+potong+indeks)",
        lambda: ks.periksa(usulan, dingin, crs=crs, lahan=False, akses=False),
    )
    t_hangat, _ = _ukur(
        "verdik lengkap, lapisan sudah disiapkan (versi data sama)",
        lambda: ks.periksa(usulan, dingin, crs=crs, lahan=False, akses=False),
    )
    t_semua, _ = _ukur(
        "verdik + status lahan + jarak akses (kelayakan), disiapkan", lambda: ks.periksa(usulan, dingin, crs=crs)
    )
    # one location check while an usulan is captured: first on fresh layers, then on prepared ones
    satu = usulan.iloc[[N_USULAN // 2]]
    segar = dataclasses.replace(lapisan, siap={})
    a = time.perf_counter()
    ks.periksa_satu(satu.geometry.iloc[0], str(satu["kelas_kegiatan"].iloc[0]), "tanah_desa", segar)
    t_satu_dingin = time.perf_counter() - a
    waktu = []
    for g in usulan.geometry.iloc[:: N_USULAN // 50]:
        a = time.perf_counter()
        ks.periksa_satu(g, "jalan", "tanah_desa", segar)
        waktu.append(time.perf_counter() - a)
    print(
        f"satu titik (periksa_satu): pertama {t_satu_dingin * 1000:,.0f} ms (menyiapkan lapisan), "
        f"berikutnya median {statistics.median(waktu) * 1000:.1f} ms (target ≤ 50 ms)"
    )
    print(
        f"rasio verdik/sjoin: dingin {t_kita / t_sjoin:.1f}×, hangat {t_hangat / t_sjoin:.1f}× (target ≤ 5×); "
        f"dengan lahan+akses: {t_semua / t_sjoin:.1f}×; hangat thd. 3 sjoin (semua lapisan yang dibaca verdik): "
        f"{t_hangat / t_sjoin3:.1f}×"
    )
    # a shared machine makes one pair of timings noisy: five more pairs, interleaved, and their median
    rasio = []
    for _ in range(5):
        c = time.process_time()
        gpd.sjoin(usulan, lapisan.zonasi, predicate="intersects")
        c1 = time.process_time()
        ks.periksa(usulan, dingin, crs=crs, lahan=False, akses=False)
        rasio.append((time.process_time() - c1) / (c1 - c))
    print(
        f"rasio verdik hangat/sjoin, median 5 pasang berselang-seling: {statistics.median(rasio):.1f}× "
        f"(rentang {min(rasio):.1f}–{max(rasio):.1f}×)"
    )
    print("sebaran verdik:", hasil["verdik"].value_counts().to_dict())
    # the pairs the verdict saw equal the sjoin pairs
    pasangan = sum(1 for z in hasil["zona"] for x in z if x["lapisan"] == "zonasi")
    print(f"pasangan usulan×zona: verdik {pasangan:,}, sjoin {len(sj):,}")


if __name__ == "__main__":
    main()
