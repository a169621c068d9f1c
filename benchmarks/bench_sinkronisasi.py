"""Sinkronisasi what-if at province size (issue 15): 40 kabupaten × 2,000 agreed usulan, 60 OPD ceilings each.

What one ceiling change costs, CPU time next to wall time (median over 40 random changes):

1. *Recompute*: :meth:`geo.domain.sinkronisasi.Simulasi.ubah` on the province-wide simulation (80,000
   usulan, 2,400 OPD ceilings and 4,800 programme ceilings), then the kept/out flags of every usulan.
2. *Redraw*: what the page rebuilds for the changed kabupaten after that — DIPA lines' status, losses per
   desa and kecamatan, and the map payload (colours, tooltips, legend of 2,000 features;
   :func:`geo.render.dipa.properti_whatif` + :func:`geo.render.maps.data_tematik`); geometry is not resent.
3. *Baseline, same run*: re-running the full selection from scratch the plain pandas way — sort by OPD and
   priority, ``groupby("opd").apply`` a greedy walk over each OPD's rows — and, for reference, building a
   fresh :class:`Simulasi` from scratch. The baseline's result is checked equal to the incremental one.

4. *Page*: the Sinkronisasi page in Streamlit's AppTest (the script the server runs, no browser) as a
   Bappeda account, on a demo copy whose agreed 2027 usulan are copied up to ``BENCH_USULAN`` (one
   kabupaten-sized case): the first visit, and the server time of the rerun after one OPD's ceiling is
   changed in "Bagaimana jika…".

Run: ``.venv/bin/python benchmarks/bench_sinkronisasi.py`` (``BENCH_KAB=40``, ``BENCH_USULAN=2000``;
``BENCH_HALAMAN=0`` skips the page).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(AKAR))

import duckdb
import numpy as np
import pandas as pd

N_KAB = int(os.environ.get("BENCH_KAB", "40"))
N_USULAN = int(os.environ.get("BENCH_USULAN", "2000"))
N_OPD = 60
N_UBAH = 40


def sintetis(benih: int = 15) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Agreed usulan, ceilings (85 % of each OPD's value; two programmes per OPD at 80 %) and DIPA lines."""
    rng = np.random.default_rng(benih)
    n = N_KAB * N_USULAN
    kab = np.repeat(np.arange(N_KAB), N_USULAN)
    opd = rng.integers(0, N_OPD, n)
    desa = rng.integers(0, 300, n)
    prog = rng.integers(0, 3, n)
    sub = rng.integers(0, 4, n)
    u = pd.DataFrame(
        {
            "id": np.arange(1, n + 1),
            "kab": kab,
            "opd": [f"{k:02d}|Dinas {o:02d}" for k, o in zip(kab, opd, strict=True)],
            "kode_program": [f"1.{o % 9:02d}.{p:02d}" for o, p in zip(opd, prog, strict=True)],
            "kode_sub_kegiatan": [
                f"1.{o % 9:02d}.{p:02d}.2.01.{s:04d}" for o, p, s in zip(opd, prog, sub, strict=True)
            ],
            "nilai": rng.uniform(5e7, 2e9, n).round(-3),
            "skor": rng.random(n).round(4),
            "kode_desa": [f"99.{k:02d}.{d // 20:02d}.{2000 + d:04d}" for k, d in zip(kab, desa, strict=True)],
            "kode_kecamatan": [f"99.{k:02d}.{d // 20:02d}" for k, d in zip(kab, desa, strict=True)],
            "uraian": "Rehabilitasi jalan lingkungan",
            "desa": [f"Desa {d}" for d in desa],
        }
    )
    per_opd = u.groupby("opd")["nilai"].sum()
    per_prog = u.groupby(["opd", "kode_program"])["nilai"].sum()
    pilih_prog = per_prog.groupby(level=0).head(2)
    plafon = pd.concat(
        [
            pd.DataFrame({"opd": per_opd.index, "kode_program": "", "nilai": (per_opd * 0.85).to_numpy()}),
            pd.DataFrame(
                {
                    "opd": pilih_prog.index.get_level_values(0),
                    "kode_program": pilih_prog.index.get_level_values(1),
                    "nilai": (pilih_prog * 0.8).to_numpy(),
                }
            ),
        ],
        ignore_index=True,
    )
    baris = (
        u.sort_values("id")
        .groupby(["kab", "opd", "kode_sub_kegiatan"])
        .agg(usulan_id=("id", list), pagu=("nilai", "sum"))
        .reset_index()
    )
    return u, plafon, baris


def baseline(u: pd.DataFrame, plafon: pd.DataFrame) -> pd.Series:
    """The plain pandas way, from scratch: sort, then a greedy walk per OPD with ``groupby().apply``."""
    opd_cap = plafon[plafon["kode_program"] == ""].set_index("opd")["nilai"]
    prog_cap = plafon[plafon["kode_program"] != ""].set_index(["opd", "kode_program"])["nilai"]

    def walk(g: pd.DataFrame) -> pd.Series:
        sisa = opd_cap.get(g.name, np.inf)
        sisa_p: dict[str, float] = {}
        hasil = []
        for r in g.itertuples():
            sp = sisa_p.get(r.kode_program, prog_cap.get((g.name, r.kode_program), np.inf))
            ok = r.nilai <= sisa and r.nilai <= sp
            if ok:
                sisa -= r.nilai
                sisa_p[r.kode_program] = sp - r.nilai
            hasil.append(ok)
        return pd.Series(hasil, index=g["id"].to_numpy())

    urut = u.sort_values(["opd", "skor", "id"], ascending=[True, False, True])
    hasil = urut.groupby("opd", group_keys=False)[["id", "kode_program", "nilai"]].apply(walk)
    return hasil.reindex(u["id"].to_numpy())


def _ukur(f, *args) -> tuple[float, float, object]:
    a, c = time.perf_counter(), time.process_time()
    hasil = f(*args)
    return time.perf_counter() - a, time.process_time() - c, hasil


def siapkan_demo(folder: Path, n: int) -> None:
    """A demo copy whose agreed 2027 usulan (tier kabupaten, diterima) are copied up to ``n``."""
    from geo.settings import berkas_data
    from pipelines import demo
    from tests.akun import siapkan_akun_uji

    berkas = berkas_data(folder)
    demo.bangun_demo(berkas)
    siapkan_akun_uji(berkas)
    con = duckdb.connect(str(berkas.kerja))
    syarat = "tahun = 2027 AND tahap = 'kabupaten' AND status = 'diterima'"
    ada = con.execute(f"SELECT count(*) FROM usulan WHERE {syarat}").fetchone()[0]
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
        [-(-(n - ada) // ada), n - ada],
    )
    con.execute(
        f"INSERT INTO usulan (id, kode_sumber, geom, {', '.join(kolom)}) "
        f"SELECT s.baru, NULL, u.geom, {', '.join('u.' + k for k in kolom)} FROM salin s JOIN usulan u ON u.id = s.lama"
    )
    con.close()


def ukur_halaman(folder: Path) -> tuple[float, float, float, float]:
    """AppTest of the Sinkronisasi page: first visit, then one OPD's ceiling halved in "Bagaimana jika…"."""
    os.environ["PETARENCANA_DATA"] = str(folder)
    from tests.pages.bantu import app_masuk

    at = app_masuk(default_timeout=1800)
    at.session_state["sk_tahun"] = 2027
    at.switch_page("pages/halaman/sinkronisasi.py")
    a, c = time.perf_counter(), time.process_time()
    at.run()
    pertama = (time.perf_counter() - a, time.process_time() - c)
    assert not at.exception, [e.value for e in at.exception]
    assert at.metric[0].value.replace(".", "") == str(N_USULAN), at.metric[0].value  # the copies are there
    opd = "Dinas Pekerjaan Umum dan Penataan Ruang"
    at.selectbox(key="sk_coba_opd").set_value(opd).run()  # shows the number box at the current ceiling
    kotak = at.number_input(key=f"sk_coba_{opd}")
    kotak.set_value(kotak.value / 2)
    a, c = time.perf_counter(), time.process_time()
    at.run()
    ganti = (time.perf_counter() - a, time.process_time() - c)
    assert not at.exception, [e.value for e in at.exception]
    return (*pertama, *ganti)


def main() -> None:
    from geo.domain import sinkronisasi as sk
    from geo.render import dipa as keluaran
    from geo.render import maps

    u, plafon, baris = sintetis()
    print(
        f"{N_KAB} kabupaten × {N_USULAN} usulan = {len(u):,} usulan; {len(plafon):,} plafon; {len(baris):,} baris DIPA"
    )
    kolom = ["id", "opd", "kode_program", "nilai", "skor"]
    d_bangun, c_bangun, sim = _ukur(sk.Simulasi, u[kolom], plafon)
    per_kab = {k: g.index.to_numpy() for k, g in u.groupby("kab")}
    baris_kab = {k: g for k, g in baris.groupby("kab")}
    kerangka = {
        k: maps.Kerangka(
            tuple(u["id"].iloc[ix].astype(str)), tuple(u["uraian"].iloc[ix]), ("{}",) * len(ix), (0, 0, 1, 1)
        )
        for k, ix in per_kab.items()
    }
    nilai = u.set_index("id")["nilai"]
    rng = np.random.default_rng(1)
    opd_semua = sorted(set(plafon.loc[plafon["kode_program"] == "", "opd"]))
    ubah, gambar = [], []
    for _ in range(N_UBAH):
        opd = opd_semua[int(rng.integers(len(opd_semua)))]
        baru = float(sim.plafon_opd[opd]) * float(rng.uniform(0.3, 1.2))
        a, c = time.perf_counter(), time.process_time()
        sim.ubah(opd, "", baru)
        tetap = sim.tetap
        ubah.append((time.perf_counter() - a, time.process_time() - c))
        a, c = time.perf_counter(), time.process_time()
        k = int(opd[:2])
        ix = per_kab[k]
        uk = u.iloc[ix]
        tk = tetap[ix]
        ids = set(uk["id"][tk])
        sk.status_baris(baris_kab[k], ids, nilai)
        sk.rekap_wilayah(uk, tk, "kode_desa")
        sk.rekap_wilayah(uk, tk, "kode_kecamatan")
        props, _teks, legenda = keluaran.properti_whatif(kerangka[k], uk, pd.Series(tk, index=uk["id"].to_numpy()))
        maps.data_tematik(kerangka[k], props, legenda, "/app/static/lapisan/x.geojson")
        gambar.append((time.perf_counter() - a, time.process_time() - c))

    akhir = pd.DataFrame(
        [{"opd": o, "kode_program": "", "nilai": v} for o, v in sim.plafon_opd.items()]
        + [{"opd": o, "kode_program": p, "nilai": v} for o, d in sim.plafon_prog.items() for p, v in d.items()]
    )
    d_base, c_base, hasil_base = _ukur(baseline, u, akhir)
    d_baru, c_baru, sim_baru = _ukur(sk.Simulasi, u[kolom], akhir)
    assert (hasil_base.to_numpy() == sim.tetap).all() and (sim_baru.tetap == sim.tetap).all(), "hasil berbeda"

    def med(xs: list[tuple[float, float]], i: int) -> float:
        return statistics.median(x[i] for x in xs) * 1000

    print(f"bangun Simulasi sekali            : {d_bangun * 1000:8.1f} ms dinding, {c_bangun * 1000:8.1f} ms CPU")
    print(
        f"satu plafon berubah: hitung ulang : {med(ubah, 0):8.2f} ms dinding, {med(ubah, 1):8.2f} ms CPU "
        f"(median {N_UBAH})"
    )
    print(f"  + gambar ulang (1 kabupaten)    : {med(gambar, 0):8.2f} ms dinding, {med(gambar, 1):8.2f} ms CPU")
    total = med(ubah, 1) + med(gambar, 1)
    print(f"  = per perubahan                 : {med(ubah, 0) + med(gambar, 0):8.2f} ms dinding, {total:8.2f} ms CPU")
    print(f"baseline pandas dari awal         : {d_base * 1000:8.1f} ms dinding, {c_base * 1000:8.1f} ms CPU")
    print(f"Simulasi baru dari awal           : {d_baru * 1000:8.1f} ms dinding, {c_baru * 1000:8.1f} ms CPU")
    print(f"rasio baseline ÷ (hitung + gambar), CPU: {c_base * 1000 / total:.0f}×  (hasil sama: ya)")
    if os.environ.get("BENCH_HALAMAN", "1") != "0":
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            siapkan_demo(Path(tmp), N_USULAN)
            d1, c1, d2, c2 = ukur_halaman(Path(tmp))
        print(
            f"halaman Sinkronisasi ({N_USULAN} usulan disepakati), kunjungan pertama: "
            f"{d1:.2f} s dinding, {c1:.2f} s CPU"
        )
        print(f"halaman Sinkronisasi, satu plafon OPD diubah: {d2:.2f} s dinding, {c2:.2f} s CPU")


if __name__ == "__main__":
    main()
