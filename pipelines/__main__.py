"""Command line: ``python -m pipelines <perintah>``.

Errors meant for users (:class:`geo.errors.KesalahanPetaRencana`) are printed in
Indonesian with exit code 2; anything else is a bug and propagates.

Heavy modules (pandas, DuckDB, geopandas, the loaders) are imported inside the command
that needs them, so ``--help`` and ``status`` start quickly; only ``load`` imports the
loaders, and it builds its options from them.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from geo.domain import definitions
from geo.errors import KesalahanInput, KesalahanPetaRencana
from geo.settings import BerkasData, berkas_data
from pipelines import pengguna, pindah

if TYPE_CHECKING:
    from pipelines import muat

#: Commands that load files (the only ones that import the loaders).
_PERINTAH_MUAT = ("load", "muat")


def _perintah(argv: list[str]) -> str | None:
    """The command word of ``argv`` (the first argument that is not an option), if any."""
    return next((a for a in argv if not a.startswith("-")), None)


def _parser(dengan_muat: bool = True) -> argparse.ArgumentParser:
    """The argument parser; ``dengan_muat=False`` leaves out the loaders' options (and their imports)."""
    p = argparse.ArgumentParser(
        prog="petarencana" if sys.argv[0].endswith("petarencana") else "python -m pipelines",
        description="Pipeline data PetaRencana.",
    )
    sub = p.add_subparsers(dest="perintah", required=True)
    d = sub.add_parser("demo", help="bangun Kabupaten Contoh (data sintetis)")
    d.add_argument("--benih", type=int, help="benih acak (default: benih baku data demo)")
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
    pengguna.tambah_perintah(sub)
    pindah.tambah_perintah(sub)
    sub.add_parser("sehat", help="periksa penyimpanan (DuckDB/PostgreSQL) dan versi skema; kode keluar 0 bila sehat")
    sub.add_parser("status", help="tampilkan isi basis data dan riwayat muat")
    if not dengan_muat:
        sub.add_parser("load", aliases=list(_PERINTAH_MUAT[1:]), help="muat berkas data (lihat jenis di bawah)")
        return p
    from pipelines import muat  # noqa: PLC0415 - the loaders (pandas, DuckDB, geopandas) only for `load`

    m = sub.add_parser(
        "load",
        aliases=list(_PERINTAH_MUAT[1:]),
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
    m.add_argument(
        "--oleh",
        dest="oleh_akun",
        help="nama pengguna yang memuat: peran dan wilayah akun itu berlaku dan tercatat di audit "
        "(tanpa opsi ini: administrator server, dicatat dengan nama login sistem)",
    )
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
    m.add_argument(
        "--nama-kabupaten",
        dest="nama_kabupaten",
        help="batas bernama saja (tanpa kode) sebagai wilayah kabupaten --kabupaten yang belum punya desa "
        "Kemendagri: desa dan kecamatannya diberi kode sementara, diganti saat batas Kemendagri dimuat",
    )
    m.add_argument("--kolom", action="append", default=[], help="'kolom=indikator@tahun' (boleh berulang)")
    m.add_argument("--jenis-overlay", dest="jenis_overlay", choices=list(definitions.JENIS_OVERLAY))
    m.add_argument("--kolom-kelas", dest="kolom_kelas")
    m.add_argument("--kolom-zona", dest="kolom_zona")
    m.add_argument("--matriks", help="nama matriks ITBX (itbx: default nama berkas; zonasi: matriks yang berlaku)")
    m.add_argument("--kolom-status", dest="kolom_status")
    m.add_argument(
        "--lewati-tak-cocok",
        dest="lewati_tak_cocok",
        action="store_true",
        default=None,  # None, not False: the flag is "given" only when used (see _opsi_muat)
        help="muat hanya baris yang cocok dengan desa yang dimuat; yang tak cocok dilewati dan dihitung "
        "(tanpa opsi ini: berkas ditolak dan semua unit tak cocok disebut)",
    )
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
_BUKAN_OPSI = frozenset({"perintah", "jenis", "path", "oleh_akun"})


def _opsi_muat(args: argparse.Namespace, bendera: dict[str, str]) -> muat.OpsiDasar:
    """Build the options of the kind's own class; flags that kind does not use are named on stderr."""
    from pipelines import muat  # noqa: PLC0415 - see the module docstring

    kelas = muat.JENIS_MUAT[args.jenis].opsi
    bidang = {f.name for f in dataclasses.fields(kelas)}
    diberi = {k: v for k, v in vars(args).items() if k not in _BUKAN_OPSI and v is not None and v != []}
    abai = sorted(bendera.get(k, k) for k in diberi if k not in bidang)
    if abai:
        print(
            f"catatan: opsi {', '.join(abai)} tidak berlaku untuk jenis '{args.jenis}' dan diabaikan", file=sys.stderr
        )
    return kelas(**{k: v for k, v in diberi.items() if k in bidang})


def _tulis_tak_cocok(berkas: BerkasData, nama: str, tak, opsi: muat.OpsiDasar) -> None:
    """Write the unmatched units for manual decisions, when the kind takes them back (``--resolusi``)."""
    if tak is None or not len(tak) or "resolusi" not in {f.name for f in dataclasses.fields(opsi)}:
        return
    keluar = berkas.folder / f"tak_cocok-{Path(nama).stem}.csv"
    tak.assign(kode="").to_csv(keluar, index=False)
    print(
        f"Daftar unit belum cocok ditulis ke {keluar}: isi kolom 'kode' (Kemendagri) lalu muat ulang "
        f"dengan --resolusi {keluar}"
    )


def _tulis_daftar(berkas: BerkasData, lap: muat.LaporanMuat) -> None:
    """Write the report's other lists (review, outside the kabupaten, merged, codes) beside ``tak_cocok-*.csv``."""
    from pipelines.muat.inti import DAFTAR_LAPORAN  # noqa: PLC0415 - see the module docstring

    for kunci, tabel in lap.daftar.items():
        keluar = berkas.folder / f"{kunci}-{Path(lap.berkas).stem}.csv"
        tabel.to_csv(keluar, index=False)
        judul, guna = DAFTAR_LAPORAN.get(kunci, (kunci, ""))
        print(f"{judul} ({len(tabel)} baris) ditulis ke {keluar}" + (f": {guna}" if guna else ""))


def _jalankan_muat(args: argparse.Namespace, berkas: BerkasData, bendera: dict[str, str]) -> int:
    from pipelines import muat  # noqa: PLC0415 - see the module docstring

    opsi = _opsi_muat(args, bendera)
    if getattr(args, "oleh_akun", None):
        from geo.services import akun  # noqa: PLC0415

        opsi.pelaku = akun.pengguna_aktif(berkas, args.oleh_akun)
    try:
        lap = muat.muat(args.jenis, args.path, opsi, berkas, _bilah)
    except KesalahanInput as e:
        print(file=sys.stderr)
        print(f"GAGAL, tidak ada yang diubah. {e}", file=sys.stderr)
        if isinstance(e, muat.KesalahanTakCocok):
            _tulis_tak_cocok(berkas, Path(args.path).name, e.tak_cocok, opsi)
            print(
                "Atau muat hanya baris yang cocok (yang lain dilewati dan dihitung) dengan --lewati-tak-cocok.",
                file=sys.stderr,
            )
        return 2
    print(lap.teks())
    _tulis_tak_cocok(berkas, lap.berkas, lap.tak_cocok, opsi)
    _tulis_daftar(berkas, lap)
    return 0


def _bendera(p: argparse.ArgumentParser) -> dict[str, str]:
    """Option dest -> its flag on the ``load`` command (for messages)."""
    sub = next(a for a in p._actions if isinstance(a, argparse._SubParsersAction))
    return {a.dest: a.option_strings[0] for a in sub.choices["load"]._actions if a.option_strings}


def _pulihkan(berkas: BerkasData, nama: str | None) -> None:
    from geo.services.cadangan import pulihkan  # noqa: PLC0415 - see the module docstring
    from geo.store.cadangan import daftar_cadangan, folder_cadangan  # noqa: PLC0415
    from pipelines import siapkan  # noqa: PLC0415

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
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = _parser(dengan_muat=_perintah(argv) in _PERINTAH_MUAT)
    args = parser.parse_args(argv)
    berkas = berkas_data()
    try:
        if args.perintah == "demo":
            from pipelines import demo  # noqa: PLC0415 - see the module docstring

            t = time.perf_counter()
            benih = demo.BENIH_BAKU if args.benih is None else args.benih
            jumlah = demo.bangun_demo(berkas, benih=benih, ulang_kerja=args.ulang, paksa=args.paksa)
            print(
                f"Kabupaten Contoh (data sintetis) dibangun di {berkas.folder} dalam {time.perf_counter() - t:.1f} s:"
            )
            for k, v in jumlah.items():
                print(f"  {k:<12} {v:>7} baris")
        elif args.perintah == "siapkan":
            from pipelines import siapkan  # noqa: PLC0415

            for baris in siapkan.siapkan(berkas):
                print(baris)
        elif args.perintah == "status":
            from pipelines import siapkan  # noqa: PLC0415

            print(siapkan.laporan_status(berkas))
        elif args.perintah == "pulihkan":
            _pulihkan(berkas, args.nama)
        elif args.perintah == "pengguna":
            return pengguna.jalankan(args, berkas)
        elif args.perintah == "pindah":
            return pindah.jalankan(args, berkas)
        elif args.perintah == "sehat":
            from geo.services import kesehatan  # noqa: PLC0415 - see the module docstring

            hasil = kesehatan.periksa(berkas)
            print("\n".join(hasil.teks()))
            return 0 if hasil.sehat else 2
        elif args.perintah in _PERINTAH_MUAT:
            return _jalankan_muat(args, berkas, _bendera(parser))
    except KesalahanPetaRencana as e:
        print(f"GAGAL: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
