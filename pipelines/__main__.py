"""Command line: ``python -m pipelines <perintah>``.

Errors meant for users (:class:`geo.errors.KesalahanPetaRencana`) are printed in
Indonesian with exit code 2; anything else is a bug and propagates.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

from geo.domain import definitions
from geo.errors import KesalahanInput, KesalahanPetaRencana
from geo.services.cadangan import pulihkan
from geo.settings import berkas_data
from geo.store.cadangan import daftar_cadangan, folder_cadangan
from pipelines import demo, muat, siapkan


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="petarencana" if sys.argv[0].endswith("petarencana") else "python -m pipelines",
        description="Pipeline data PetaRencana.",
    )
    sub = p.add_subparsers(dest="perintah", required=True)
    d = sub.add_parser("demo", help="bangun Kabupaten Contoh (data sintetis)")
    d.add_argument("--benih", type=int, default=demo.BENIH_BAKU, help="benih acak (default %(default)s)")
    d.add_argument(
        "--ulang", action="store_true", help="bangun ulang juga data kerja (yang lama disimpan di folder cadangan)"
    )
    d.add_argument(
        "--paksa",
        action="store_true",
        help="ganti juga basis data referensi yang berisi data muatan sendiri (disimpan dulu sebagai cadangan)",
    )
    pl = sub.add_parser(
        "pulihkan",
        help="tampilkan cadangan otomatis, atau pulihkan satu (berkas sekarang disimpan dulu)",
    )
    pl.add_argument("nama", nargs="?", help="nama berkas cadangan dari daftar; tanpa nama: tampilkan daftar")
    sub.add_parser("siapkan", help="bangun data demo bila belum ada basis data, lalu migrasi skema")
    sub.add_parser("status", help="tampilkan isi basis data dan riwayat muat")
    m = sub.add_parser(
        "load",
        aliases=["muat"],
        help="muat berkas data (lihat jenis di bawah)",
        description="Jenis: " + "; ".join(f"{k} = {v.deskripsi}" for k, v in muat.JENIS_MUAT.items()),
    )
    m.add_argument("jenis", choices=list(muat.JENIS_MUAT))
    m.add_argument("path", type=Path)
    m.add_argument("--crs", help="CRS bila berkas tidak menyebutnya, mis. EPSG:4326")
    m.add_argument("--kolom-kode", dest="kolom_kode")
    m.add_argument("--kolom-nama", dest="kolom_nama")
    m.add_argument("--kolom-induk", dest="kolom_induk", help="kolom nama kecamatan")
    m.add_argument("--awalan", help="hanya kode berawalan ini, mis. 33.01")
    m.add_argument("--versi-kode", dest="versi_kode", help="versi daftar kode, mis. 'Kepmendagri 300.2.2-2430/2025'")
    m.add_argument("--resolusi", type=Path, help="CSV keputusan manual (kode_sumber,kode) dari laporan tak cocok")
    m.add_argument("--lembar", help="nama lembar XLSX")
    m.add_argument("--tahun", type=int)
    m.add_argument("--indikator", help="kode indikator untuk tabel berkolom tahun")
    m.add_argument("--nama-indikator", dest="nama_indikator")
    m.add_argument("--satuan")
    m.add_argument(
        "--jenis",
        dest="jenis_indikator",
        choices=["ekstensif", "intensif"],
        help="ekstensif (jumlah, dijumlahkan) atau intensif (laju, dirata-rata berbobot)",
    )
    m.add_argument("--bobot", help="indikator pembobot untuk indikator intensif, mis. jumlah_penduduk")
    m.add_argument("--sumber")
    m.add_argument("--kabupaten", help="kode Kemendagri kabupaten untuk pencocokan nama, mis. 33.01")
    m.add_argument("--kolom", action="append", default=[], help="'kolom=indikator@tahun' (boleh berulang)")
    m.add_argument("--jenis-overlay", dest="jenis_overlay", choices=list(definitions.JENIS_OVERLAY))
    m.add_argument("--kolom-kelas", dest="kolom_kelas")
    m.add_argument("--kolom-zona", dest="kolom_zona")
    m.add_argument("--matriks", help="nama matriks ITBX (itbx: default nama berkas; zonasi: matriks yang berlaku)")
    m.add_argument("--kolom-status", dest="kolom_status")
    return p


def _bilah(fraksi: float, pesan: str) -> None:
    """Progress bar on stderr (only when it is a terminal or CI log)."""
    isi = int(fraksi * 30)
    print(
        f"\r[{'#' * isi}{'.' * (30 - isi)}] {fraksi * 100:3.0f}% {pesan:<40}",
        end="" if fraksi < 1 else "\n",
        file=sys.stderr,
        flush=True,
    )


#: Arguments of ``load`` that are not options of a loader.
_BUKAN_OPSI = frozenset({"perintah", "jenis", "path"})


def _opsi_muat(args: argparse.Namespace, bendera: dict[str, str]) -> muat.OpsiDasar:
    """Build the options of the kind's own class; flags that kind does not use are named on stderr."""
    kelas = muat.JENIS_MUAT[args.jenis].opsi
    bidang = {f.name for f in dataclasses.fields(kelas)}
    diberi = {k: v for k, v in vars(args).items() if k not in _BUKAN_OPSI and v is not None and v != []}
    abai = sorted(bendera.get(k, k) for k in diberi if k not in bidang)
    if abai:
        print(
            f"catatan: opsi {', '.join(abai)} tidak berlaku untuk jenis '{args.jenis}' dan diabaikan", file=sys.stderr
        )
    return kelas(**{k: v for k, v in diberi.items() if k in bidang})


def _jalankan_muat(args, berkas, bendera: dict[str, str]) -> int:
    opsi = _opsi_muat(args, bendera)
    try:
        lap = muat.muat(args.jenis, args.path, opsi, berkas, _bilah)
    except KesalahanInput as e:
        print(file=sys.stderr)
        print(f"GAGAL, tidak ada yang diubah. {e}", file=sys.stderr)
        return 2
    print(lap.teks())
    if lap.tak_cocok is not None and len(lap.tak_cocok):
        keluar = berkas.folder / f"tak_cocok-{Path(lap.berkas).stem}.csv"
        lap.tak_cocok.assign(kode="").to_csv(keluar, index=False)
        print(
            f"Daftar unit belum cocok ditulis ke {keluar}: isi kolom 'kode' (Kemendagri) lalu muat ulang "
            f"dengan --resolusi {keluar}"
        )
    return 0


def _bendera(p: argparse.ArgumentParser) -> dict[str, str]:
    """Option dest -> its flag on the ``load`` command (for messages)."""
    sub = next(a for a in p._actions if isinstance(a, argparse._SubParsersAction))
    return {a.dest: a.option_strings[0] for a in sub.choices["load"]._actions if a.option_strings}


def _pulihkan(berkas, nama: str | None) -> None:
    if nama is None:
        daftar = daftar_cadangan(berkas)
        if not daftar:
            print(f"Belum ada cadangan di {folder_cadangan(berkas)}.")
        for c in daftar:
            print(f"{c.nama:<60} {c.waktu:%d-%m-%Y %H:%M}  {c.berkas:<9} {c.alasan}")
        return
    dipulihkan, sebelum = pulihkan(berkas, nama)
    print(f"{dipulihkan.name} dipulihkan dari {nama}.")
    if sebelum is not None:
        print(f"Berkas sebelumnya disimpan sebagai {sebelum.name} (dapat dipulihkan lagi).")
    for baris in siapkan.siapkan(berkas):  # an older schema is migrated now
        print(baris)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    berkas = berkas_data()
    try:
        if args.perintah == "demo":
            t = time.perf_counter()
            jumlah = demo.bangun_demo(berkas, benih=args.benih, ulang_kerja=args.ulang, paksa=args.paksa)
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
        elif args.perintah == "pulihkan":
            _pulihkan(berkas, args.nama)
        elif args.perintah in ("load", "muat"):
            return _jalankan_muat(args, berkas, _bendera(parser))
    except KesalahanPetaRencana as e:
        print(f"GAGAL: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
