"""Command line: ``python -m pipelines <perintah>``.

Errors meant for users (:class:`geo.errors.KesalahanPetaRencana`) are printed in
Indonesian with exit code 2; anything else is a bug and propagates.
"""

from __future__ import annotations

import argparse
import sys
import time

from geo.errors import KesalahanPetaRencana
from geo.settings import berkas_data
from pipelines import demo, siapkan


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m pipelines", description="Pipeline data PetaRencana.")
    sub = p.add_subparsers(dest="perintah", required=True)
    d = sub.add_parser("demo", help="bangun Kabupaten Contoh (data sintetis)")
    d.add_argument("--benih", type=int, default=demo.BENIH_BAKU, help="benih acak (default %(default)s)")
    d.add_argument(
        "--ulang", action="store_true", help="bangun ulang juga data kerja (yang lama disimpan sebagai cadangan .bak)"
    )
    sub.add_parser("siapkan", help="bangun data demo bila belum ada basis data, lalu migrasi skema")
    sub.add_parser("status", help="tampilkan isi basis data dan riwayat muat")
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit code."""
    args = _parser().parse_args(argv)
    berkas = berkas_data()
    try:
        if args.perintah == "demo":
            t = time.perf_counter()
            jumlah = demo.bangun_demo(berkas, benih=args.benih, ulang_kerja=args.ulang)
            print(
                f"Kabupaten Contoh (data sintetis) dibangun di {berkas.folder} dalam {time.perf_counter() - t:.1f} s:"
            )
            for k, v in jumlah.items():
                print(f"  {k:<12} {v:>7} baris")
        elif args.perintah == "siapkan":
            for baris in siapkan.siapkan(berkas):
                print(baris)
        elif args.perintah == "status":
            print(siapkan.laporan_status(berkas))
    except KesalahanPetaRencana as e:
        print(f"GAGAL: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
