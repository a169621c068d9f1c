"""The CLI starts fast: ``--help`` (and every command but ``load``) imports no heavy library."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import AKAR

#: Libraries that take most of a second to import; only ``load`` (and the commands that touch
#: the store) may pay for them.
BERAT = ("geopandas", "duckdb", "pandas", "shapely", "pyogrio", "openpyxl", "pipelines.muat")

_PROGRAM = """
import runpy, sys
sys.argv = ["pipelines", *{argv!r}]
try:
    runpy.run_module("pipelines", run_name="__main__", alter_sys=True)
except SystemExit as e:
    kode = e.code
print("KELUAR", kode)
print("BERAT", ",".join(m for m in {berat!r} if m in sys.modules))
"""


def _jalankan(*argv: str) -> dict[str, str]:
    r = subprocess.run(
        [sys.executable, "-c", _PROGRAM.format(argv=list(argv), berat=BERAT)],
        cwd=AKAR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    baris = dict(
        b.split(" ", 1) if " " in b else (b, "") for b in r.stdout.splitlines() if b.startswith(("KELUAR", "BERAT"))
    )
    return {**baris, "out": r.stdout, "err": r.stderr}


def test_bantuan_tanpa_pustaka_berat():
    hasil = _jalankan("--help")
    assert hasil["KELUAR"] == "0", hasil["err"]
    assert "load" in hasil["out"] and "status" in hasil["out"]
    assert hasil["BERAT"] == "", f"--help mengimpor {hasil['BERAT']}"


def test_bantuan_load_menyebut_jenis_dan_opsi_baru():
    """``load --help`` builds its options from the loaders (and may import them)."""
    hasil = _jalankan("load", "--help")
    assert hasil["KELUAR"] == "0", hasil["err"]
    assert "indikator" in hasil["out"] and "--lewati-tak-cocok" in hasil["out"]
