"""Server-mode benchmark (issue 17): the same operations on the DuckDB files and on PostgreSQL/PostGIS.

Run ``PETARENCANA_UJI_PG=postgresql://… .venv/bin/python benchmarks/bench_server.py [desa]``
(``source .ci/postgres.sh`` starts a throw-away server). For each backend: building the demo
(a reference load of ``desa`` boundaries plus its working data, one transaction on the
server), the heaviest page reads (desa polygons, the usulan map layer, the home figures),
the spatial-conformity run over every usulan, and write throughput (usulan edits with the
version check) with 1, 5 and 20 concurrent writer processes. Medians of 3; nothing asserts a
time. The printed table is copied into the README ("Mode server").
"""

from __future__ import annotations

import multiprocessing as mp
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.settings import BerkasData
from geo.store import db, kueri, server
from pipelines.demo.tulis import Ukuran, bangun_demo


def _median(f, ulang: int = 3) -> float:
    w = []
    for _ in range(ulang):
        t = time.perf_counter()
        f()
        w.append(time.perf_counter() - t)
    return statistics.median(w)


def _penulis(folder: str, url: str | None, ids: list[int], pintu, hasil) -> None:
    """Edit each usulan once; a busy DuckDB file (another process writing) is retried and counted."""
    from geo.errors import BasisDataSibuk, KonflikVersi
    from geo.services.usulan import ubah_usulan
    from geo.store.db import Gudang
    from tests.akun import pelaku

    ok = konflik = sibuk = 0
    t0 = t1 = 0.0
    try:
        g = Gudang(BerkasData(Path(folder), url), tunggu=0.5)
        g.df("SELECT 1")  # connected and schema checked before the clock starts
        pintu.wait(timeout=300)
        t0 = time.perf_counter()
        for uid in ids:
            while True:
                try:
                    versi = int(g.df("SELECT versi FROM kerja.usulan WHERE id = ?", [uid])["versi"][0])
                    ubah_usulan(g, uid, {"alamat": f"RT {uid % 99:02d}"}, versi, "bench", pelaku())
                    ok += 1
                    break
                except KonflikVersi:
                    konflik += 1
                    break
                except BasisDataSibuk:
                    sibuk += 1
        t1 = time.perf_counter()
        g.tutup()
    finally:
        hasil.put((ok, konflik, sibuk, t0, t1))


def _tulis_serentak(berkas: BerkasData, n: int, per: int = 10) -> tuple[float, int, int]:
    g = db.Gudang(berkas)
    ids = [int(i) for i in g.df("SELECT id FROM kerja.usulan ORDER BY id LIMIT ?", [n * per])["id"]]
    g.tutup()
    ctx = mp.get_context("spawn")
    q, pintu = ctx.Queue(), ctx.Barrier(n)
    ps = [
        ctx.Process(target=_penulis, args=(str(berkas.folder), berkas.server, ids[i * per : (i + 1) * per], pintu, q))
        for i in range(n)
    ]
    for p in ps:
        p.start()
    hasil = [q.get(timeout=900) for _ in ps]
    for p in ps:
        p.join()
    dt = max(h[4] for h in hasil) - min(h[3] for h in hasil)  # from the barrier to the last write: no start-up
    return sum(h[0] for h in hasil) / dt, sum(h[1] for h in hasil), sum(h[2] for h in hasil)


def _ukur(berkas: BerkasData, ukuran: Ukuran) -> dict[str, str]:
    """Every measured operation on one backend."""
    from geo.services.kesesuaian import periksa_dan_simpan
    from tests.akun import siapkan_akun_uji

    r: dict[str, str] = {}
    t = time.perf_counter()
    bangun_demo(berkas, ukuran=ukuran, ulang_kerja=True)
    r["bangun demo (muat batas + data kerja)"] = f"{time.perf_counter() - t:.2f} s"
    siapkan_akun_uji(berkas)
    g = db.Gudang(berkas)
    kab = kueri.daftar_kabupaten(g)[0].kode
    tahun = max(kueri.tahun_usulan(g))
    n_usulan = kueri.jumlah_usulan(g, kab, tahun)
    r["poligon desa (wilayah_gdf)"] = f"{_median(lambda: kueri.wilayah_gdf(g, kab, 'desa')) * 1000:.0f} ms"
    r[f"lapisan usulan peta ({n_usulan} usulan)"] = f"{_median(lambda: kueri.usulan_gdf(g, kab, tahun)) * 1000:.0f} ms"
    r["angka beranda (ringkasan)"] = f"{_median(lambda: kueri.ringkasan(g, kab, tahun)) * 1000:.0f} ms"
    r["kesesuaian ruang semua usulan"] = f"{_median(lambda: periksa_dan_simpan(g, kab, semua=True), 1):.2f} s"
    g.tutup()
    for n in (1, 5, 20):
        laju, konflik, sibuk = _tulis_serentak(berkas, n)
        r[f"tulis serentak {n} proses (ubah usulan)"] = (
            f"{laju:.1f}/s" + (f", {konflik} konflik" if konflik else "") + (f", {sibuk}x sibuk" if sibuk else "")
        )
    return r


def main(desa: int = 1200) -> None:
    """Print the table for both backends."""
    url0 = os.environ.get("PETARENCANA_UJI_PG", "").strip()
    if not url0:
        sys.exit("PETARENCANA_UJI_PG tidak diset: jalankan `source .ci/postgres.sh` dulu")
    ukuran = Ukuran(desa=desa, kecamatan=max(8, desa // 15), sel_pola_ruang=48, radius_m=19000.0 * (desa / 120) ** 0.5)
    baris: dict[str, dict[str, str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for nama in ("DuckDB (berkas)", "PostgreSQL/PostGIS"):
            if nama.startswith("Post"):
                db_nama = f"bench_{uuid.uuid4().hex[:8]}"
                server.kelola_basis_data(url0, f"CREATE DATABASE {db_nama}")
                berkas = BerkasData(Path(tmp) / "pg", server.url_basis_data(url0, db_nama))
            else:
                berkas = BerkasData(Path(tmp) / "duck")
            try:
                baris[nama] = _ukur(berkas, ukuran)
            finally:
                if berkas.server:
                    server.kelola_basis_data(url0, f"DROP DATABASE IF EXISTS {db_nama} WITH (FORCE)")
    kunci = list(next(iter(baris.values())))
    print(f"{'operasi (' + str(desa) + ' desa)':<44}" + "".join(f"{k:>22}" for k in baris))
    for k in kunci:
        print(f"{k:<44}" + "".join(f"{baris[b].get(k, '-'):>22}" for b in baris))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1200)
