"""``python -m pipelines pengguna …``: accounts from the server's command line.

Whoever has a shell on the server (and write access to the data folder) administers the
app, so these commands act as :func:`geo.services.akun.pelaku_cli` (role ``admin``,
audited as ``cli:<login name>``). This is how the first administrator is created: the
command prints a one-time password that must be changed at the first login — there is no
default password anywhere.
"""

from __future__ import annotations

import argparse

from geo.settings import BerkasData


def tambah_perintah(sub) -> None:
    """Add the ``pengguna`` command and its sub-commands to the CLI's sub-parsers."""
    from geo.domain.definitions import PERAN  # noqa: PLC0415 - light (no pandas)

    p = sub.add_parser("pengguna", help="kelola akun pengguna (akun admin pertama dibuat di sini)")
    s = p.add_subparsers(dest="aksi_pengguna", required=True)
    t = s.add_parser("tambah", help="buat akun; mencetak kata sandi sekali pakai")
    t.add_argument("nama", help="nama pengguna (huruf kecil, angka, titik, garis bawah, tanda hubung)")
    t.add_argument(
        "--peran", required=True, choices=list(PERAN), help="; ".join(f"{k} = {v.label}" for k, v in PERAN.items())
    )
    t.add_argument("--wilayah", help="kode desa/kecamatan/kabupaten wilayah kerja, mis. 33.01.01 (tidak untuk admin)")
    t.add_argument("--opd", help="nama perangkat daerah (peran opd)")
    t.add_argument("--nama-lengkap", dest="nama_lengkap", help="nama pemilik akun (default: nama pengguna)")
    t.add_argument("--email", help="e-mail untuk masuk lewat penyedia identitas (OIDC)")
    s.add_parser("daftar", help="tampilkan akun (tanpa kata sandi)")
    a = s.add_parser("atur-ulang", help="beri kata sandi sekali pakai baru dan buka kunci akun")
    a.add_argument("nama")
    a.add_argument("--alasan", default="atur ulang dari baris perintah")
    for aksi, bantuan in (("nonaktif", "nonaktifkan akun (sesi berjalan diakhiri)"), ("aktif", "aktifkan lagi akun")):
        n = s.add_parser(aksi, help=bantuan)
        n.add_argument("nama")
        n.add_argument("--alasan", required=True, help="dicatat di log audit")


def jalankan(args: argparse.Namespace, berkas: BerkasData) -> int:
    """Run a ``pengguna`` sub-command; errors for users propagate as :class:`~geo.errors.KesalahanPetaRencana`."""
    from geo.services import akun  # noqa: PLC0415 - see pipelines.__main__
    from geo.store.db import Gudang  # noqa: PLC0415

    g = Gudang(berkas)
    pelaku = akun.pelaku_cli()
    try:
        if args.aksi_pengguna == "tambah":
            sandi = akun.buat_akun(
                g, pelaku, args.nama, args.nama_lengkap or args.nama, args.peran, args.wilayah, args.opd, args.email
            )
            print(f"Akun {args.nama.strip().lower()} dibuat. Kata sandi sekali pakai: {sandi}")
            print("Sampaikan langsung kepada pemilik akun; ia wajib menggantinya saat pertama masuk.")
        elif args.aksi_pengguna == "atur-ulang":
            sandi = akun.atur_ulang_sandi(g, pelaku, args.nama, args.alasan)
            print(f"Kata sandi sekali pakai baru untuk {args.nama}: {sandi}")
        elif args.aksi_pengguna == "daftar":
            daftar = akun.daftar_akun(g, pelaku)
            if daftar.empty:
                print("Belum ada akun. Buat admin pertama: python -m pipelines pengguna tambah NAMA --peran admin")
            for r in daftar.itertuples():
                tanda = "" if r.aktif else "  [nonaktif]"
                tanda += "  [sandi sekali pakai]" if r.wajib_ganti else ""
                print(f"{r.nama_pengguna:<24} {r.peran:<10} {r.kode_wilayah or '-':<16} {r.opd or ''}{tanda}")
        else:
            baris = akun.daftar_akun(g, pelaku).set_index("nama_pengguna")
            nama = args.nama.strip().lower()
            if nama not in baris.index:
                from geo.errors import KesalahanInput, Masalah  # noqa: PLC0415

                raise KesalahanInput(
                    "Akun tidak diubah",
                    [
                        Masalah(
                            "akun", "nama pengguna", nama, "akun yang ada", "lihat: python -m pipelines pengguna daftar"
                        )
                    ],
                )
            akun.ubah_akun(
                g, pelaku, nama, int(baris.loc[nama, "versi"]), {"aktif": args.aksi_pengguna == "aktif"}, args.alasan
            )
            print(f"Akun {nama} {'diaktifkan' if args.aksi_pengguna == 'aktif' else 'dinonaktifkan'}.")
    finally:
        g.tutup()
    return 0
