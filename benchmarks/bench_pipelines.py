"""Pipeline benchmark: a synthetic national set (~84,000 desa) through the same CLI.

Measured in one run, each step in its own process (wall time and peak RSS from
``os.wait4``): the baseline ``geopandas.read_file`` + ``to_file`` of the same file, the
full Kemendagri boundary load (validation, repair, equal-area areas, coverage-simplified
display geometry, derived kecamatan/kabupaten, atomic swap, lineage), and the crosswalk
load of the BPS-coded version of the same desa. Ratios are against the baseline.

Usage: ``.venv/bin/python benchmarks/bench_pipelines.py [nx ny]`` (default 300 280 = 84,000).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(AKAR))
sys.path.insert(0, str(AKAR / "benchmarks"))


def _ukur(argumen: list[str], env: dict | None = None) -> tuple[float, float, list[str], float]:
    """Run a command; return (seconds, peak RSS in MB, output tail, CPU seconds of the process)."""
    t = time.perf_counter()
    p = subprocess.Popen(
        argumen,
        cwd=AKAR,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    keluaran = p.stdout.read()
    _, status, pakai = os.wait4(p.pid, 0)
    detik = time.perf_counter() - t
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"gagal: {' '.join(argumen)}\n{keluaran[-3000:]}")
    return detik, pakai.ru_maxrss / 1024, keluaran.strip().splitlines()[-12:], pakai.ru_utime + pakai.ru_stime


def main() -> None:
    """Generate the data, run the three measurements, print the table."""
    import shapely
    from sintetis import batas_nasional

    nx, ny = (int(sys.argv[1]), int(sys.argv[2])) if len(sys.argv) == 3 else (300, 280)
    with tempfile.TemporaryDirectory(prefix="bench-pipelines-") as tmp:
        tmp = Path(tmp)
        t = time.perf_counter()
        g = batas_nasional(nx, ny)
        kem = tmp / "desa_kemendagri.gpkg"
        g[["kode", "nama", "nama_kecamatan", "geometry"]].to_file(kem, driver="GPKG")
        bps = tmp / "desa_bps.gpkg"
        # the BPS frame is a different source: its own simplification and a ~30 m offset, like real data
        b = g.assign(nama=g["nama"].str.upper(), geometry=g.geometry.simplify(0.0003).translate(0.0003, -0.0002))
        b[["kode_bps", "nama", "nama_kecamatan", "geometry"]].rename(columns={"kode_bps": "iddesa"}).to_file(
            bps, driver="GPKG"
        )
        n_titik = int(shapely.get_num_coordinates(g.geometry.values).sum())
        print(
            f"data sintetis: {len(g):,} desa, {n_titik:,} titik, {kem.stat().st_size / 1e6:.0f} MB GPKG "
            f"(dibuat dalam {time.perf_counter() - t:.0f} s, tidak diukur)"
        )
        # the same national file with one kabupaten changed (one desa renamed): a routine reload
        kab = sorted(g["kode"].str[:5].unique())[len(g["kode"].str[:5].unique()) // 2]
        pilih = g.index[g["kode"].str.startswith(kab + ".")][0]
        g.loc[pilih, "nama"] = g.loc[pilih, "nama"] + " Baru"
        kem2 = tmp / "desa_kemendagri_ubah.gpkg"
        g[["kode", "nama", "nama_kecamatan", "geometry"]].to_file(kem2, driver="GPKG")
        del g
        py = sys.executable
        dasar = _ukur(
            [
                py,
                "-c",
                "import geopandas as gpd, sys; g = gpd.read_file(sys.argv[1]); g.to_file(sys.argv[2], driver='GPKG')",
                str(kem),
                str(tmp / "salin.gpkg"),
            ]
        )
        env = {"PETARENCANA_DATA": str(tmp / "data")}
        _ukur([py, "-m", "pipelines", "demo"], env)
        muat = _ukur([py, "-m", "pipelines", "load", "batas", str(kem), "--versi-kode", "sintetis"], env)
        cw = _ukur([py, "-m", "pipelines", "load", "batas", str(bps), "--kolom-induk", "nama_kecamatan"], env)
        ulang = _ukur([py, "-m", "pipelines", "load", "batas", str(kem2), "--versi-kode", "sintetis"], env)
        print(f"\n{'langkah':<62}{'waktu':>9}{'CPU':>9}{'puncak RSS':>12}{'rasio':>8}")
        for label, (d, m, _, c) in (
            ("baseline: geopandas.read_file + to_file (GPKG)", dasar),
            ("load batas Kemendagri (validasi, perbaikan, tampilan, induk)", muat),
            ("load batas BPS -> crosswalk ke Kemendagri", cw),
            ("muat ulang berkas nasional, satu kabupaten berubah", ulang),
        ):
            print(f"{label:<62}{d:>8.1f}s{c:>8.1f}s{m:>9.0f} MB{d / dasar[0]:>7.2f}x")
        total = muat[0] + cw[0]
        print(f"{'muat + crosswalk':<58}{total:>8.1f}s{max(muat[1], cw[1]):>9.0f} MB{total / dasar[0]:>7.2f}x")
        print("\nkeluaran load batas:\n  " + "\n  ".join(muat[2]))
        print("keluaran crosswalk:\n  " + "\n  ".join(cw[2]))
        print("keluaran muat ulang:\n  " + "\n  ".join(ulang[2]))


if __name__ == "__main__":
    main()
