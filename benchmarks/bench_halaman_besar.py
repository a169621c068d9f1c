"""Forum, Usulan, Prioritas and Kesesuaian with 100,000 usulan: server CPU to a ready page (issue 11).

The demo kabupaten's 2027 usulan are copied (same desa, points moved a few metres) up to
``N`` rows; conformity results are computed once beforehand (as after a forum's first visit).
Each page is opened with Streamlit's AppTest (the same script run the server does, without a
browser) as a logged-in Bappeda account, and the process CPU time of the run is printed next to
wall time. There is no plain-geopandas baseline for "a page": the figure to compare is the
target (≤ 3 s) and the same run at demo size. Ten sessions at once (half Forum, half Usulan)
are opened in Chromium on one real server process (:func:`serentak`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(AKAR))

import duckdb

N = int(os.environ.get("BENCH_N", "100000"))
HALAMAN = ("forum", "usulan", "prioritas", "kesesuaian")


def siapkan(folder: Path, n: int) -> None:
    from geo.services import kesesuaian as layanan_ks
    from geo.settings import berkas_data
    from geo.store.db import Gudang
    from pipelines import demo
    from tests.akun import siapkan_akun_uji

    berkas = berkas_data(folder)
    demo.bangun_demo(berkas)
    siapkan_akun_uji(berkas)
    if n:
        con = duckdb.connect(str(berkas.kerja))
        ada = con.execute("SELECT count(*) FROM usulan WHERE tahun = 2027").fetchone()[0]
        kali = max(0, -(-(n - ada) // ada))
        kolom = [
            r[0]
            for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'usulan'"
            ).fetchall()
        ]
        lain = [k for k in kolom if k not in ("id", "geom", "kode_sumber")]
        con.execute(
            f"""
            INSERT INTO usulan (id, kode_sumber, geom, {", ".join(lain)})
            SELECT (SELECT max(id) FROM usulan) + row_number() OVER (), NULL, geom, {", ".join(lain)}
            FROM usulan u, range(?) r WHERE u.tahun = 2027
            LIMIT ?
            """,
            [kali, n - ada],
        )
        con.close()
    g = Gudang(berkas)
    a = time.process_time()
    jumlah = layanan_ks.periksa_dan_simpan(g, "99.01", 2027)
    g.tutup()
    print(f"  {jumlah:,} verdik kesesuaian dihitung sekali ({time.process_time() - a:.1f} s CPU)")


def ukur(folder: Path, halaman: str) -> tuple[float, float]:
    os.environ["PETARENCANA_DATA"] = str(folder)
    from tests.pages.bantu import app_masuk

    at = app_masuk(default_timeout=900)
    at.switch_page(f"pages/halaman/{halaman}.py")
    a, c = time.perf_counter(), time.process_time()
    at.run()
    t, cpu = time.perf_counter() - a, time.process_time() - c
    assert not at.exception, [e.value for e in at.exception]
    a2, c2 = time.perf_counter(), time.process_time()
    at.run()  # a rerun (e.g. after a widget change), caches warm
    return cpu, time.process_time() - c2, t, time.perf_counter() - a2


def setelah_keputusan(folder: Path) -> None:
    """One decision on one usulan, then a new visitor to Forum: only the changed row is read again."""
    os.environ["PETARENCANA_DATA"] = str(folder)
    from geo.services import forum as layanan_forum
    from pages.akses.inti import gudang
    from tests.akun import pelaku

    ukur(folder, "forum")  # the shared caches hold the current state
    r = (
        gudang()
        .df("SELECT id, versi FROM kerja.usulan WHERE tahun = 2027 AND status = 'diajukan' ORDER BY id DESC LIMIT 1")
        .iloc[0]
    )
    layanan_forum.putuskan_usulan(gudang(), int(r["id"]), "ditunda", "tolok ukur", pelaku("bappeda"), int(r["versi"]))
    cpu, _, t, _ = ukur(folder, "forum")
    print(f"  forum, pengunjung pertama setelah satu keputusan: {cpu:6.2f} s CPU ({t:6.2f} s dinding)")


def serentak(folder: Path, jumlah: int = 10) -> None:
    """``jumlah`` browser sessions (half Forum, half Usulan) opened at once on one real server.

    A real ``python -m pages`` process and Debian Chromium, one browser with a context (own login
    cookie) per session: each session's time from navigation to its page ready (map drawn, the
    app idle) is compared with the same page opened alone on the same (warm) server, and the
    server process's peak memory (VmHWM) is read from /proc. AppTest cannot stand in here:
    its sessions share one test runtime, which is not thread-safe.
    """
    import asyncio

    from bench_peramban import _port, _token
    from playwright.async_api import async_playwright

    from pages.akses.akun import KUE

    port = _port()
    proses = subprocess.Popen(
        [sys.executable, "-m", "pages", "--server.port", str(port), "--server.headless", "true"],
        cwd=AKAR,
        env={**os.environ, "PETARENCANA_DATA": str(folder)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://localhost:{port}"
    for _ in range(180):
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.5)
    token = _token(folder, "99.01")
    halaman = [("forum", "usulan")[i % 2] for i in range(jumlah)]

    async def buka(b, nama: str) -> float:
        k = await b.new_context(viewport={"width": 1366, "height": 900})
        await k.add_cookies([{"name": KUE, "value": token, "url": url}])
        pg = await k.new_page()
        a = time.perf_counter()
        await pg.goto(f"{url}/{nama}?kab=99.01", timeout=600_000)
        await pg.wait_for_timeout(300)
        await pg.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=600_000)
        t = time.perf_counter() - a
        if await pg.locator('[data-testid="stException"]').count():
            raise RuntimeError(f"{nama}: halaman menampilkan galat")
        await k.close()
        return t

    async def jalankan() -> tuple[dict, list, float]:
        async with async_playwright() as pw:
            b = await pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            await buka(b, "forum")  # server warm (as after the first visitor), then each page alone
            sendiri = {n: await buka(b, n) for n in ("forum", "usulan")}
            a = time.perf_counter()
            waktu = await asyncio.gather(*(buka(b, n) for n in halaman))
            total = time.perf_counter() - a
            await b.close()
            return sendiri, list(waktu), total

    try:
        sendiri, waktu, total = asyncio.run(jalankan())
        puncak = next(b for b in Path(f"/proc/{proses.pid}/status").read_text().splitlines() if b.startswith("VmHWM"))
        lebih = max(w - sendiri[n] for w, n in zip(waktu, halaman, strict=True))
        print(
            f"  sendiri: forum {sendiri['forum']:.1f} s, usulan {sendiri['usulan']:.1f} s (peramban, server hangat)\n"
            f"  {jumlah} sesi peramban serentak (Forum + Usulan): semua siap dalam {total:5.1f} s "
            f"(tercepat {min(waktu):.1f} s, terlambat {max(waktu):.1f} s; paling lama {lebih:.1f} s di atas "
            f"waktu sendiri); puncak memori server {int(puncak.split()[1]) / 2**20:.2f} GB"
        )
    finally:
        proses.terminate()
        proses.wait(timeout=30)


def main() -> None:
    for n in (0, N):
        folder = Path(tempfile.mkdtemp()) / "data"
        print(f"\n{'demo' if not n else f'{n:,} usulan'}:")
        siapkan(folder, n)
        if n:
            serentak(folder)  # first: cold caches, as after a server start
        for h in HALAMAN:
            cpu, cpu2, t, t2 = ukur(folder, h)
            print(
                f"  {h:<12} pertama {cpu:6.2f} s CPU ({t:6.2f} s dinding) · "
                f"rerun {cpu2:6.2f} s CPU ({t2:6.2f} s dinding)"
            )
        if n:
            setelah_keputusan(folder)
        shutil.rmtree(folder.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
