"""Server mode at scale (issue 17): 100,000 usulan conformity and an 84,000-desa boundary load on both backends.

Run ``PETARENCANA_UJI_PG=postgresql://… .venv/bin/python benchmarks/bench_server_skala.py [usulan] [nx ny]``
(``source .ci/postgres.sh`` starts a throw-away server; defaults 100,000 usulan and 300 × 280 =
84,000 desa). Measured on each backend, in the same run:

* **conformity of every usulan**: the demo's 2027 usulan copied up to ``usulan`` rows (on DuckDB as in
  ``bench_halaman_besar``; the server gets the same installation with ``pindah``, itself timed), then
  :func:`geo.services.kesesuaian.periksa_dan_simpan` with ``semua=True`` — read usulan and planning
  layers from the store, compute the verdicts, write 100,000 results;
* **national boundary load**: ``python -m pipelines load batas`` of a synthetic 84,000-desa GPKG
  (``sintetis.batas_nasional``) into a demo installation, as a child process (wall time, the
  child's CPU and peak RSS from ``wait4``); the baseline is a plain ``geopandas.read_file`` +
  ``to_file`` of the same file.

Nothing asserts a time; the table goes into the README ("Mode server").
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(AKAR))
sys.path.insert(0, str(AKAR / "benchmarks"))

from geo.settings import BerkasData
from geo.store import server


def _anak(argumen: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Run a child process; (wall s, CPU s, peak RSS MB). Exits with its output on failure."""
    a = time.perf_counter()
    p = subprocess.Popen(argumen, cwd=AKAR, env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    keluaran = p.stdout.read().decode(errors="replace") if p.stdout else ""
    _, status, pakai = os.wait4(p.pid, 0)
    detik = time.perf_counter() - a
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"gagal: {' '.join(argumen)}\n{keluaran[-3000:]}")
    return detik, pakai.ru_utime + pakai.ru_stime, pakai.ru_maxrss / 1024


def _db_baru(url0: str) -> str:
    nama = f"bench_{uuid.uuid4().hex[:8]}"
    server.kelola_basis_data(url0, f"CREATE DATABASE {nama}")
    return server.url_basis_data(url0, nama)


def _hapus(url0: str, url: str) -> None:
    server.kelola_basis_data(url0, f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")


def _kesesuaian(berkas: BerkasData) -> tuple[float, float, int]:
    """Every usulan of the demo kabupaten checked again and stored: (wall s, CPU s, how many)."""
    from geo.services.kesesuaian import periksa_dan_simpan
    from geo.store.db import Gudang

    g = Gudang(berkas)
    try:
        a, c = time.perf_counter(), time.process_time()
        n = periksa_dan_simpan(g, "99.01", 2027, semua=True)
        return time.perf_counter() - a, time.process_time() - c, n
    finally:
        g.tutup()


def main() -> None:
    """Print both tables."""
    from bench_halaman_besar import siapkan
    from sintetis import batas_nasional

    from geo.store import pindah

    url0 = os.environ.get("PETARENCANA_UJI_PG", "").strip()
    if not url0:
        sys.exit("PETARENCANA_UJI_PG tidak diset: jalankan `source .ci/postgres.sh` dulu")
    n_usulan = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    nx, ny = (int(sys.argv[2]), int(sys.argv[3])) if len(sys.argv) > 3 else (300, 280)
    baris: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="bench-server-") as tmp:
        tmp_p = Path(tmp)
        # --- conformity of n usulan ------------------------------------------------------------
        duck = BerkasData(tmp_p / "duck")
        siapkan(duck.folder, n_usulan)
        url = _db_baru(url0)
        try:
            pg = BerkasData(tmp_p / "pg", url)
            shutil.copytree(duck.folder, pg.folder, ignore=shutil.ignore_patterns("*.duckdb", "*.wal", "*.lock"))
            a = time.perf_counter()
            pindah.pindah(duck, pg)
            t_pindah = time.perf_counter() - a
            hasil = {nama: _kesesuaian(b) for nama, b in (("duckdb", duck), ("pg", pg))}
            n = hasil["duckdb"][2]
            baris.append(
                (
                    f"kesesuaian {n:,} usulan (baca + verdik + simpan)",
                    f"{hasil['duckdb'][0]:.1f} s ({hasil['duckdb'][1]:.1f} s CPU)",
                    f"{hasil['pg'][0]:.1f} s ({hasil['pg'][1]:.1f} s CPU)",
                )
            )
            baris.append((f"pindah instalasi {n:,} usulan ke server (salin + periksa)", "—", f"{t_pindah:.1f} s"))
        finally:
            _hapus(url0, url)
        shutil.rmtree(duck.folder, ignore_errors=True)
        # --- national boundary load -------------------------------------------------------------
        g = batas_nasional(nx, ny)
        kem = tmp_p / "desa.gpkg"
        g[["kode", "nama", "nama_kecamatan", "geometry"]].to_file(kem, driver="GPKG")
        py = sys.executable
        salin = "import geopandas as gpd, sys; gpd.read_file(sys.argv[1]).to_file(sys.argv[2], driver='GPKG')"
        dasar = _anak([py, "-c", salin, str(kem), str(tmp_p / "salin.gpkg")], {})
        baris.append(
            (f"baseline: read_file + to_file {len(g):,} desa", f"{dasar[0]:.1f} s ({dasar[1]:.1f} s CPU)", "sama")
        )
        del g
        muat = {}
        url = _db_baru(url0)
        try:
            for nama, env in (
                ("duckdb", {"PETARENCANA_DATA": str(tmp_p / "d2"), "PETARENCANA_DB": ""}),
                ("pg", {"PETARENCANA_DATA": str(tmp_p / "p2"), "PETARENCANA_DB": url}),
            ):
                _anak([py, "-m", "pipelines", "demo"], env)
                muat[nama] = _anak([py, "-m", "pipelines", "load", "batas", str(kem), "--versi-kode", "sintetis"], env)
        finally:
            _hapus(url0, url)
        baris.append(
            (
                f"muat batas nasional {nx * ny:,} desa",
                f"{muat['duckdb'][0]:.1f} s ({muat['duckdb'][1]:.1f} s CPU, {muat['duckdb'][2]:.0f} MB)",
                f"{muat['pg'][0]:.1f} s ({muat['pg'][1]:.1f} s CPU klien, {muat['pg'][2]:.0f} MB)",
            )
        )
    print("| operasi | DuckDB (berkas) | PostgreSQL/PostGIS |\n| --- | --- | --- |")
    for b in baris:
        print(f"| {b[0]} | {b[1]} | {b[2]} |")


if __name__ == "__main__":
    main()
