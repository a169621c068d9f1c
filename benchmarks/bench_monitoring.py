"""Monitoring at 5,000 and 50,000 funded activities × 12 months (issue 14): changing the quarter.

Two measurements per size, CPU time next to wall time (median of 5 for the sums):

1. *Sums*: what a quarter change recomputes — each activity's state at the month (deviation,
   kontrak kritis, over pagu), achievement per kecamatan, desa and OPD in RKPD bands, and the
   kabupaten kurva S — with :mod:`geo.domain.monitoring`, against a plain pandas baseline doing the
   same sums in the same run (one ``merge`` + vectorised rules + ``groupby().sum()`` per level and
   per month). Both results are checked equal before the times are printed.
2. *Page*: the Monitoring page in Streamlit's AppTest (the script the server runs, no browser) as
   a Bappeda account, on a demo copy whose 2026 funded activities and their monthly rows are copied
   up to ``N``; the server time of the rerun after the quarter radio moves from III to I.

Run: ``.venv/bin/python benchmarks/bench_monitoring.py`` (``BENCH_N=5000,50000``).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(AKAR))

import duckdb
import numpy as np
import pandas as pd

UKURAN = [int(x) for x in os.environ.get("BENCH_N", "5000,50000").split(",")]


def sintetis(n: int, benih: int = 14) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``n`` activities in 30 kecamatan / 600 desa / 40 OPD, 12 cumulative monthly rows each, ~8 % months missing."""
    rng = np.random.default_rng(benih)
    desa = rng.integers(0, 600, n)
    keg = pd.DataFrame(
        {
            "id": np.arange(1, n + 1),
            "pagu": rng.uniform(5e7, 2e9, n).round(-3),
            "kode_desa": [f"99.01.{d // 20:02d}.{2000 + d:04d}" for d in desa],
            "kode_kecamatan": [f"99.01.{d // 20:02d}" for d in desa],
            "opd": [f"Dinas {i:02d}" for i in rng.integers(0, 40, n)],
        }
    )
    rencana = np.array([2, 5, 12, 20, 30, 40, 52, 65, 78, 88, 95, 100], dtype=float)
    telat = rng.choice([0.0, 4.0, 9.0, 16.0], n, p=[0.45, 0.3, 0.15, 0.1])
    bulan = np.tile(np.arange(1, 13), n)
    uid = np.repeat(keg["id"].to_numpy(), 12)
    rf = np.tile(rencana, n)
    real = np.maximum(rf - np.repeat(telat, 12) * bulan / 9, 0)
    hilang = rng.random(n * 12) < 0.08
    real = np.where(hilang, np.nan, real)
    pagu = np.repeat(keg["pagu"].to_numpy(), 12)
    rfk = pd.DataFrame(
        {
            "usulan_id": uid,
            "bulan": bulan,
            "rencana_fisik": rf,
            "realisasi_fisik": real,
            "rencana_keuangan": (pagu * rf / 100).round(-3),
            "realisasi_keuangan": (pagu * np.maximum(real - 3, 0) / 100).round(-3),
            "kendala": None,
            "tindak_lanjut": None,
            "catatan_verifikator": None,
        }
    )
    return keg, rfk


def petarencana(keg: pd.DataFrame, rfk: pd.DataFrame, bulan: int) -> dict:
    from geo.domain import monitoring as mon

    k = mon.keadaan_bulan(keg, rfk, bulan)
    return {
        "kritis": int(k["kritis"].sum()),
        **{lv: mon.capaian_kelompok(k, lv)["capaian"] for lv in ("kode_kecamatan", "kode_desa", "opd")},
        "kurva": mon.kurva_s(keg[["id", "pagu"]], rfk)[["rencana_fisik", "realisasi_fisik", "realisasi_keuangan"]],
    }


def baseline(keg: pd.DataFrame, rfk: pd.DataFrame, bulan: int) -> dict:
    """The same sums the plain pandas way: merge, vectorised rules, groupby-sum."""
    m = keg.merge(rfk[rfk["bulan"] == bulan], how="left", left_on="id", right_on="usulan_id")
    lapor = m["realisasi_fisik"].notna()
    lag = m["rencana_fisik"] - m["realisasi_fisik"]
    kritis = lapor & np.where(m["rencana_fisik"] <= 70, lag > 10, lag > 5)
    m["wr"] = (m["pagu"] * m["rencana_fisik"]).where(lapor, 0.0)
    m["wa"] = (m["pagu"] * m["realisasi_fisik"]).where(lapor, 0.0)
    m["n"] = lapor.astype(int)
    hasil = {"kritis": int(kritis.sum())}
    for lv in ("kode_kecamatan", "kode_desa", "opd"):
        g = m.groupby(lv)[["wr", "wa", "n"]].sum()
        hasil[lv] = (g["wa"] / g["wr"].where(g["wr"] > 0) * 100).where(g["n"] > 0).rename("capaian")
    r = rfk.merge(keg[["id", "pagu"]], left_on="usulan_id", right_on="id")
    ada = r["realisasi_fisik"].notna()
    r["pr"] = r["pagu"]
    r["pa"] = r["pagu"].where(ada, 0.0)
    r["rf"] = r["pagu"] * r["rencana_fisik"]
    r["af"] = (r["pagu"] * r["realisasi_fisik"]).where(ada, 0.0)
    r["ak"] = r["realisasi_keuangan"].where(ada, 0.0)
    g = r.groupby("bulan")[["pr", "pa", "rf", "af", "ak"]].sum()
    pa = g["pa"].where(g["pa"] > 0)
    hasil["kurva"] = pd.DataFrame(
        {"rencana_fisik": g["rf"] / g["pr"], "realisasi_fisik": g["af"] / pa, "realisasi_keuangan": g["ak"] / pa * 100}
    )
    return hasil


def waktu(f, *args, ulang: int = 5) -> tuple[float, float, object]:
    dinding, cpu, hasil = [], [], None
    for _ in range(ulang):
        a, c = time.perf_counter(), time.process_time()
        hasil = f(*args)
        dinding.append(time.perf_counter() - a)
        cpu.append(time.process_time() - c)
    return statistics.median(dinding), statistics.median(cpu), hasil


def sama(a: dict, b: dict) -> None:
    assert a["kritis"] == b["kritis"], (a["kritis"], b["kritis"])
    for k in ("kode_kecamatan", "kode_desa", "opd"):
        pd.testing.assert_series_equal(a[k], b[k], check_names=False, check_index_type=False)
    pd.testing.assert_frame_equal(a["kurva"], b["kurva"], check_names=False, check_index_type=False)


def siapkan_demo(folder: Path, n: int) -> None:
    from geo.settings import berkas_data
    from pipelines import demo
    from tests.akun import siapkan_akun_uji

    berkas = berkas_data(folder)
    demo.bangun_demo(berkas)
    siapkan_akun_uji(berkas)
    con = duckdb.connect(str(berkas.kerja))
    syarat = "tahun = 2026 AND tahap = 'kabupaten' AND status = 'diterima'"
    ada = con.execute(f"SELECT count(*) FROM usulan WHERE {syarat}").fetchone()[0]
    kali = -(-(n - ada) // ada)
    kolom = [
        r[0]
        for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'usulan'"
        ).fetchall()
        if r[0] not in ("id", "geom", "kode_sumber")
    ]
    con.execute(
        f"""
        CREATE TEMP TABLE salin AS
        SELECT (SELECT max(id) FROM usulan) + row_number() OVER () AS baru, u.id AS lama
        FROM usulan u, range(?) r WHERE {syarat.replace("tahun", "u.tahun")} LIMIT ?
        """,
        [kali, n - ada],
    )
    con.execute(
        f"INSERT INTO usulan (id, kode_sumber, geom, {', '.join(kolom)}) "
        f"SELECT s.baru, NULL, u.geom, {', '.join('u.' + k for k in kolom)} FROM salin s JOIN usulan u ON u.id = s.lama"
    )
    con.execute(
        "INSERT INTO realisasi SELECT s.baru, r.* EXCLUDE (usulan_id) "
        "FROM salin s JOIN realisasi r ON r.usulan_id = s.lama"
    )
    con.close()


def ukur_halaman(folder: Path) -> tuple[float, float, float, float]:
    os.environ["PETARENCANA_DATA"] = str(folder)
    from tests.pages.bantu import app_masuk

    at = app_masuk(default_timeout=1800)
    at.session_state["mon_tahun"] = 2026
    at.switch_page("pages/halaman/monitoring.py")
    a, c = time.perf_counter(), time.process_time()
    at.run()
    pertama = (time.perf_counter() - a, time.process_time() - c)
    assert not at.exception, [e.value for e in at.exception]
    at.radio(key="mon_triwulan").set_value(1)
    a, c = time.perf_counter(), time.process_time()
    at.run()
    ganti = (time.perf_counter() - a, time.process_time() - c)
    assert not at.exception, [e.value for e in at.exception]
    return (*pertama, *ganti)


def main() -> None:
    print("| kegiatan | langkah | PetaRencana: dinding · CPU | baseline pandas: dinding · CPU | rasio CPU |")
    print("| --- | --- | --- | --- | --- |")
    for n in UKURAN:
        keg, rfk = sintetis(n)
        for bulan in (3, 12):
            w1, c1, h1 = waktu(petarencana, keg, rfk, bulan)
            w0, c0, h0 = waktu(baseline, keg, rfk, bulan)
            sama(h1, h0)
            print(
                f"| {n:,} | jumlah bulan {bulan} + kurva S kabupaten "
                f"| {w1 * 1000:.0f} ms · {c1 * 1000:.0f} ms "
                f"| {w0 * 1000:.0f} ms · {c0 * 1000:.0f} ms | {c1 / c0:.2f}× |"
            )
    for n in UKURAN:
        with tempfile.TemporaryDirectory(prefix="bench-monitoring-") as tmp:
            siapkan_demo(Path(tmp), n)
            w0, c0, w1, c1 = ukur_halaman(Path(tmp))
            print(
                f"| {n:,} | halaman (AppTest): pertama · ganti triwulan III→I | {w0:.2f} s · {c0:.2f} s CPU "
                f"| {w1:.2f} s · {c1:.2f} s CPU | |"
            )


if __name__ == "__main__":
    main()
