"""Server mode under load: 20 processes editing and deciding usulan at once on one PostgreSQL database.

Worked out independently of the code: 20 workers, 5 usulan decided by 4 workers each from
the SAME version (read before a barrier) -> per usulan exactly 1 decision is stored and 3
are refused with KonflikVersi; then each worker edits a DIFFERENT usulan (20 rows) -> all
20 edits are stored (writers on different rows never refuse each other). The audit log
gains exactly 5 + 20 rows, and every refused write was reported to its worker.
"""

from __future__ import annotations

import multiprocessing as mp
import shutil
from pathlib import Path

import pytest

from geo.settings import BerkasData
from tests.conftest import basis_data_baru, hapus_basis_data

PEKERJA = 20
DIPUTUSKAN = 5

pytestmark = pytest.mark.lambat


def _kerja(url: str, folder: str, i: int, target: int, versi: int, sendiri: int, versi_sendiri: int, pintu, hasil):
    """One worker process: a decision raced on a shared usulan, then an edit of its own usulan."""
    from geo.errors import KonflikVersi
    from geo.services.forum import putuskan_usulan
    from geo.services.usulan import ubah_usulan
    from geo.store.db import Gudang
    from tests.akun import pelaku

    g = Gudang(BerkasData(Path(folder), url))
    keluar = {"i": i}
    try:
        pintu.wait(timeout=120)
        try:
            putuskan_usulan(g, target, "diterima", "prioritas desa", pelaku(nama=f"p{i}"), versi)
            keluar["putus"] = "ok"
        except KonflikVersi as e:
            keluar["putus"] = "konflik"
            keluar["pesan"] = str(e)
        try:
            ubah_usulan(g, sendiri, {"alamat": f"RT {i:02d}"}, versi_sendiri, "uji serentak", pelaku(nama=f"p{i}"))
            keluar["ubah"] = "ok"
        except KonflikVersi:
            keluar["ubah"] = "konflik"
    except Exception as e:  # every outcome is reported to the parent: nothing is silently lost
        keluar["galat"] = f"{type(e).__name__}: {e}"
    finally:
        g.tutup()
        hasil.put(keluar)


def test_dua_puluh_proses_tanpa_update_hilang(demo_server, tmp_path):
    from geo.store.db import Gudang

    template, folder_tpl = demo_server
    url = basis_data_baru(template)
    folder = tmp_path / "data"
    shutil.copytree(folder_tpl, folder)
    try:
        g = Gudang(BerkasData(folder, url))
        desa = g.df(
            "SELECT id, versi FROM kerja.usulan WHERE tahun = 2027 AND tahap = 'desa' AND status = 'diajukan' "
            "ORDER BY id LIMIT ?",
            [DIPUTUSKAN + PEKERJA],
        )
        assert len(desa) == DIPUTUSKAN + PEKERJA
        bersama, sendiri = desa.iloc[:DIPUTUSKAN], desa.iloc[DIPUTUSKAN:]
        audit_awal = int(g.df("SELECT count(*) AS n FROM kerja.audit_log")["n"][0])
        g.tutup()

        ctx = mp.get_context("spawn")
        pintu, hasil = ctx.Barrier(PEKERJA), ctx.Queue()
        proses = []
        for i in range(PEKERJA):
            b, s = bersama.iloc[i % DIPUTUSKAN], sendiri.iloc[i]
            p = ctx.Process(
                target=_kerja,
                args=(url, str(folder), i, int(b["id"]), int(b["versi"]), int(s["id"]), int(s["versi"]), pintu, hasil),
            )
            p.start()
            proses.append(p)
        laporan = [hasil.get(timeout=300) for _ in range(PEKERJA)]
        for p in proses:
            p.join(timeout=60)

        assert [r for r in laporan if "galat" in r] == []
        per_usulan: dict[int, list[str]] = {}
        for r in laporan:
            per_usulan.setdefault(int(bersama.iloc[r["i"] % DIPUTUSKAN]["id"]), []).append(r["putus"])
        # per shared usulan: exactly one stored decision, the three others refused and told so
        assert {k: sorted(v) for k, v in per_usulan.items()} == {
            int(u): ["konflik", "konflik", "konflik", "ok"] for u in bersama["id"]
        }
        assert all("diubah" in r["pesan"] for r in laporan if r["putus"] == "konflik")
        assert sorted(r["ubah"] for r in laporan) == ["ok"] * PEKERJA

        g = Gudang(BerkasData(folder, url))
        akhir = g.df(
            "SELECT id, versi, tahap, alamat FROM kerja.usulan WHERE id IN (SELECT unnest(?))", [list(desa["id"])]
        )
        akhir = akhir.set_index("id")
        for _, b in bersama.iterrows():
            assert int(akhir.at[int(b["id"]), "versi"]) == int(b["versi"]) + 1
            assert akhir.at[int(b["id"]), "tahap"] == "kecamatan"
        for i, (_, s) in enumerate(sendiri.iterrows()):
            assert akhir.at[int(s["id"]), "alamat"] == f"RT {i:02d}"
        audit = g.df("SELECT tabel, kunci, aksi, oleh FROM kerja.audit_log ORDER BY id OFFSET ?", [audit_awal])
        g.tutup()
        # the audit log is complete: one row per stored decision and per stored edit, none for a refusal
        assert (audit["aksi"] == "diterima").sum() == DIPUTUSKAN
        assert len(audit[audit["aksi"] != "diterima"]) == PEKERJA
        assert sorted(audit.loc[audit["aksi"] != "diterima", "kunci"].astype(int)) == sorted(sendiri["id"].astype(int))
    finally:
        hapus_basis_data(url)
