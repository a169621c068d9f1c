"""Synthetic national-scale boundaries for the pipeline benchmark.

A grid of desa whose shared borders meander (each border generated once, so neighbours
share every vertex exactly), ~120 vertices per desa, grouped 4 × 4 into kecamatan,
5 × 5 kecamatan into kabupaten, 3 × 2 kabupaten into provinces. Written twice: with
Kemendagri codes, and with BPS codes and upper-case names (for the crosswalk).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

LON0, LAT0 = 100.0, -8.0


def batas_nasional(
    nx: int = 300, ny: int = 280, sel: float = 0.05, titik_per_sisi: int = 30, benih: int = 1
) -> gpd.GeoDataFrame:
    """Return ``nx * ny`` desa polygons (EPSG:4326) with Kemendagri and BPS codes."""
    rng = np.random.default_rng(benih)
    # lattice corners, jittered
    sx, sy = np.meshgrid(np.arange(nx + 1) * sel + LON0, np.arange(ny + 1) * sel + LAT0, indexing="ij")
    jit = rng.uniform(-0.12, 0.12, (nx + 1, ny + 1, 2)) * sel
    jit[0, :, 0] = jit[-1, :, 0] = 0
    jit[:, 0, 1] = jit[:, -1, 1] = 0
    sudut = np.stack([sx, sy], axis=-1) + jit
    t = np.linspace(0, 1, titik_per_sisi + 1)[:, None]

    def sisi(a: np.ndarray, b: np.ndarray, n_sisi: int) -> np.ndarray:
        """Meandering edges from a to b, shape (n, titik_per_sisi + 1, 2)."""
        d = b - a
        normal = np.stack([-d[..., 1], d[..., 0]], axis=-1)
        fase = rng.uniform(0, 2 * np.pi, (n_sisi, 1))
        amp = rng.uniform(0.01, 0.04, (n_sisi, 1)) * sel
        # sin² envelope: zero with zero slope at both corners, so edges meeting at a corner never cross
        gel = amp * (np.sin(np.pi * t.T * 3 + fase) * np.sin(np.pi * t.T) ** 2)
        unit = normal / np.linalg.norm(normal, axis=-1, keepdims=True)
        garis = a[:, None, :] + t[None] * d[:, None, :] + gel[..., None] * unit[:, None, :]
        # exact corners: a + 1.0 * (b - a) can differ from b in the last bit, and neighbours
        # must share every vertex exactly
        garis[:, 0], garis[:, -1] = a, b
        return garis

    a = sudut[:-1, :, :].reshape(-1, 2)
    b = sudut[1:, :, :].reshape(-1, 2)
    horiz = sisi(a, b, len(a)).reshape(nx, ny + 1, titik_per_sisi + 1, 2)  # horiz[i, j]: (i,j) -> (i+1,j)
    a = sudut[:, :-1, :].reshape(-1, 2)
    b = sudut[:, 1:, :].reshape(-1, 2)
    vert = sisi(a, b, len(a)).reshape(nx + 1, ny, titik_per_sisi + 1, 2)  # vert[i, j]: (i,j) -> (i,j+1)
    ii, jj = np.meshgrid(np.arange(nx), np.arange(ny), indexing="ij")
    ii, jj = ii.ravel(), jj.ravel()
    cincin = np.concatenate(
        [
            horiz[ii, jj][:, :-1],  # bottom, west -> east
            vert[ii + 1, jj][:, :-1],  # right, south -> north
            horiz[ii, jj + 1][:, ::-1][:, :-1],  # top, east -> west
            vert[ii, jj][:, ::-1],  # left, north -> south, closes the ring
        ],
        axis=1,
    )
    geom = shapely.polygons(cincin)
    kec_i, kec_j = ii // 4, jj // 4
    kab_i, kab_j = kec_i // 5, kec_j // 5
    prov = 11 + (kab_i // 3) * ((ny // 4 // 5 + 1) // 2 + 1) + kab_j // 2
    kab = 1 + (kab_i % 3) * 2 + kab_j % 2
    kec = 1 + (kec_i % 5) * 5 + kec_j % 5
    desa = 2001 + (ii % 4) * 4 + jj % 4
    kode = [f"{p:02d}.{k:02d}.{c:02d}.{d}" for p, k, c, d in zip(prov, kab, kec, desa, strict=True)]
    bps = [f"{p:02d}{k:02d}{c * 10:03d}{d - 2000:03d}" for p, k, c, d in zip(prov, kab, kec, desa, strict=True)]
    nama = [f"Desa {i}-{j}" for i, j in zip(ii, jj, strict=True)]
    return gpd.GeoDataFrame(
        {"kode": kode, "kode_bps": bps, "nama": nama, "nama_kecamatan": [f"Kecamatan {k[:8]}" for k in kode]},
        geometry=geom,
        crs="EPSG:4326",
    )


if __name__ == "__main__":  # quick look
    g = batas_nasional(40, 40)
    print(len(g), shapely.coverage_is_valid(g.geometry.values), shapely.get_num_coordinates(g.geometry.values).mean())
    print(pd.Series(g["kode"]).duplicated().sum(), g.head(3))
