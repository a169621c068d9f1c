"""What a user feels, measured in a real browser (Debian Chromium, like the tests).

For the demo kabupaten (120 desa) and a synthetic 2,000-desa kabupaten loaded through the
pipeline: a page's first visit (time until the map is drawn, bytes received over the websocket
and HTTP, server process CPU) and one interaction: on Data Dasar a palette change (the
data-driven map: geometry sent once, only colours travel), on Beranda a tier change (the same
component: the kecamatan frame's geometry file is fetched once, then colours and labels travel).
The usulan pages on the same component, with the demo's usulan and with them copied to 2,000 and
20,000 (above 3,000 the map draws one circle per desa): Prioritas (another selection rule: colours
only), Kesesuaian Ruang (click an usulan: its reasons and its zones outlined), Usulan (click the
capture map: the pin and the desa derived from it), Forum (the status map tab, then clustering off).

Run: ``.venv/bin/python benchmarks/bench_peramban.py`` (needs /usr/bin/chromium).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import numpy as np
import pandas as pd

from geo.domain.akses import Pengguna
from geo.errors import KesalahanInput
from pages.akses.akun import KUE

AKAR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(AKAR))
sys.path.insert(0, str(AKAR / "benchmarks"))

from geo.domain.format import angka
from geo.settings import berkas_data
from pipelines import demo
from pipelines.muat import OpsiBatas, OpsiIndikator, muat_batas, muat_indikator


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cpu(pid: int) -> float:
    """User + system CPU seconds of a process (from /proc)."""
    bagian = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(bagian[11]) + int(bagian[12])) / os.sysconf("SC_CLK_TCK")


def _data(tmp: Path) -> dict[str, Path]:
    """Two data folders: the demo, and the demo plus a 2,000-desa kabupaten 98.01."""
    from sintetis import batas_nasional

    folder = {"demo": tmp / "demo", "2000": tmp / "2000"}
    for f in folder.values():
        demo.bangun_demo(berkas_data(f))
    b = batas_nasional(50, 40)
    ii, jj = np.divmod(np.arange(len(b)), 40)
    kec = (ii // 5) * 8 + jj // 5 + 1
    desa = (ii % 5) * 5 + jj % 5 + 2001
    b["kode"] = [f"98.01.{c:02d}.{d}" for c, d in zip(kec, desa, strict=True)]
    b[["kode", "nama", "geometry"]].to_file(tmp / "b.gpkg", driver="GPKG")
    muat_batas(tmp / "b.gpkg", OpsiBatas(), berkas_data(folder["2000"]))
    rng = np.random.default_rng(1)
    pd.DataFrame({"kode_desa": b["kode"], "uji_a_2025": rng.uniform(1, 40, len(b)).round(2)}).to_csv(
        tmp / "i.csv", index=False
    )
    muat_indikator(tmp / "i.csv", OpsiIndikator(), berkas_data(folder["2000"]))
    return folder


def _token(folder: Path, kab: str) -> str:
    """A logged-in Bappeda session for the kabupaten (the account is created the real way once)."""
    from geo.services import akun
    from geo.store.db import Gudang

    g = Gudang(berkas_data(folder))
    try:
        nama = f"bench.{kab.replace('.', '')}"
        with contextlib.suppress(KesalahanInput):
            sekali = akun.buat_akun(g, akun.pelaku_cli(), nama, "Bench", "bappeda", kab)
            akun.ganti_sandi(g, Pengguna(nama, "Bench", "bappeda", kab), sekali, "sandi-bench-panjang")
        return akun.masuk(g, nama, "sandi-bench-panjang").token
    finally:
        g.tutup()


def _selesai(pg) -> None:
    pg.wait_for_timeout(300)
    pg.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=180_000)


def _aksi_prioritas(pg) -> None:  # another selection rule: the funded set (colours) changes, geometry stays
    pg.get_by_text("Kombinasi terbaik").click()
    _selesai(pg)


def _aksi_kesesuaian(pg) -> None:  # click an usulan (or pick one above 3,000): its reasons, its zones outlined
    titik = pg.locator(".pr-peta-data path.pr-usulan")
    if titik.count():
        titik.first.dispatch_event("click")
    else:  # one circle per desa on the map: the usulan is picked in the list
        pg.get_by_role("combobox", name="Usulan (atau klik di peta)").click()
        pg.get_by_role("option").nth(3).click()
    pg.get_by_text("Status lahan:").first.wait_for(timeout=180_000)
    _selesai(pg)


def _aksi_usulan(pg) -> None:  # click the capture map: the pin and the desa derived from it
    kotak = pg.locator(".pr-peta-data").bounding_box()
    pg.mouse.click(kotak["x"] + kotak["width"] * 0.45, kotak["y"] + kotak["height"] * 0.55)
    pg.get_by_text("Desa/Kelurahan (dari peta):").wait_for(timeout=180_000)
    _selesai(pg)


def _aksi_forum(pg) -> None:  # clustering off: the same file, drawn without clusters
    saklar = pg.get_by_role("switch", name="Kelompokkan titik yang rapat (klaster)")
    saklar.set_checked(not saklar.is_checked(), force=True)
    _selesai(pg)


#: Usulan pages: path -> the interaction measured after the first visit.
AKSI_USULAN = {
    "prioritas": _aksi_prioritas,
    "kesesuaian": _aksi_kesesuaian,
    "usulan": _aksi_usulan,
    "forum": _aksi_forum,
}


def _ukur(folder: Path, kab: str, halaman: str) -> dict:
    from playwright.sync_api import sync_playwright

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
    hasil = {}
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            konteks = b.new_context(viewport={"width": 1366, "height": 900})
            konteks.add_cookies([{"name": KUE, "value": _token(folder, kab), "url": url}])
            pg = konteks.new_page()
            terima = {"ws": 0, "http": 0}

            def ws(soket):
                soket.on("framereceived", lambda muatan: terima.__setitem__("ws", terima["ws"] + len(muatan)))

            def jawab(r):
                if "/app/static/lapisan/" in r.url or "/component/" in r.url:
                    with contextlib.suppress(Exception):  # a cancelled response has no body to count
                        terima["http"] += len(r.body())

            pg.on("websocket", ws)
            pg.on("response", jawab)
            a, c = time.perf_counter(), _cpu(proses.pid)
            pg.goto(f"{url}/{halaman}?kab={kab}")
            if halaman == "forum":
                pg.get_by_role("tab", name="Peta per status").click()
            pg.locator(".pr-peta-data path.leaflet-interactive").first.wait_for(timeout=180_000)
            if halaman in ("prioritas", "kesesuaian", "usulan", "forum"):
                # attached, not visible: a vertical line usulan has a zero-width box, which Playwright calls hidden
                usulan = pg.locator(".pr-peta-data .leaflet-pr-usulan-pane path").first
                usulan.wait_for(state="attached", timeout=180_000)
            pg.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=180_000)
            hasil["pertama_s"] = time.perf_counter() - a
            hasil["pertama_cpu"] = _cpu(proses.pid) - c
            hasil["pertama_byte"] = terima["ws"] + terima["http"]
            pg.wait_for_timeout(1000)
            terima["ws"] = terima["http"] = 0
            a, c = time.perf_counter(), _cpu(proses.pid)
            if halaman == "data_dasar":  # new palette: same geometry, new colours
                awal = pg.locator(".pr-peta-data").get_attribute("data-warna")
                pg.get_by_role("combobox", name="Warna").click()
                pg.get_by_role("option").filter(has_text="Biru").first.click()
                pg.wait_for_function(
                    "a => document.querySelector('.pr-peta-data').dataset.warna !== a", arg=awal, timeout=180_000
                )
            elif halaman in AKSI_USULAN:
                AKSI_USULAN[halaman](pg)
            else:  # Beranda: the kecamatan tier — another frame, so its (small) geometry file is fetched once
                pg.get_by_text("Kecamatan", exact=True).first.click()
                pg.wait_for_timeout(300)
                pg.locator(".pr-peta-data .pr-label").first.wait_for(timeout=180_000)
            pg.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=180_000)
            hasil["ganti_s"] = time.perf_counter() - a
            hasil["ganti_cpu"] = _cpu(proses.pid) - c
            hasil["ganti_byte"] = terima["ws"] + terima["http"]
            b.close()
    finally:
        proses.terminate()
        proses.wait(timeout=30)
    return hasil


def main() -> None:
    from bench_halaman_besar import siapkan

    with tempfile.TemporaryDirectory() as tmp:
        folder = _data(Path(tmp))
        for n in (2000, 20000):  # the demo's 2027 usulan copied up to n, conformity checked once
            folder[f"u{n}"] = Path(tmp) / f"u{n}"
            siapkan(folder[f"u{n}"], n)
        print(
            "| data | halaman, interaksi | pertama: waktu · CPU server · byte "
            "| ganti: waktu · CPU server · byte | byte ganti / pertama |"
        )
        print("| --- | --- | --- | --- | --- |")
        for nama, kab in (("demo (120 desa)", "99.01"), ("2.000 desa", "98.01")):
            f = folder["demo" if kab == "99.01" else "2000"]
            for halaman, aksi in (
                ("data_dasar", "Data Dasar, ganti palet (peta data)"),
                ("", "Beranda, ganti tingkat (peta data)"),
            ):
                h = _ukur(f, kab, halaman)
                print(
                    f"| {nama} | {aksi} | {angka(h['pertama_s'], 2)} s · {angka(h['pertama_cpu'], 2)} s · "
                    f"{angka(h['pertama_byte'])} | {angka(h['ganti_s'], 2)} s · {angka(h['ganti_cpu'], 2)} s · "
                    f"{angka(h['ganti_byte'])} | {angka(h['ganti_byte'] / max(h['pertama_byte'], 1) * 100, 1)} % |"
                )
        for nama, f in (
            ("demo (480 usulan)", folder["demo"]),
            ("2.000 usulan", folder["u2000"]),
            ("20.000 usulan", folder["u20000"]),
        ):
            for halaman in AKSI_USULAN:
                h = _ukur(f, "99.01", halaman)
                print(
                    f"| {nama} | {halaman} | {angka(h['pertama_s'], 2)} s · {angka(h['pertama_cpu'], 2)} s · "
                    f"{angka(h['pertama_byte'])} | {angka(h['ganti_s'], 2)} s · {angka(h['ganti_cpu'], 2)} s · "
                    f"{angka(h['ganti_byte'])} | {angka(h['ganti_byte'] / max(h['pertama_byte'], 1) * 100, 1)} % |"
                )


if __name__ == "__main__":
    main()
