"""Demo accounts: one per role, each with a one-time password printed once (never in code or docs)."""

from __future__ import annotations

from geo.domain.definitions import PERAN
from geo.errors import KesalahanInput
from geo.services import akun
from geo.settings import BerkasData
from geo.store import kueri
from geo.store.db import Gudang


def buat_akun_demo(berkas: BerkasData, kode_kabupaten: str = "99.01") -> list[str]:
    """Create ``demo.<peran>`` for every role in the demo kabupaten; return printable lines.

    The first kecamatan and its first desa scope the kecamatan and desa accounts; the OPD
    account takes the first OPD of the kamus. Accounts that already exist are left alone.
    """
    g = Gudang(berkas)
    try:
        kec = kueri.wilayah_gdf(g, kode_kabupaten, "kecamatan").sort_values("kode")
        desa = kueri.wilayah_gdf(g, kode_kabupaten, "desa").sort_values("kode")
        kec0 = str(kec["kode"].iloc[0])
        desa0 = str(desa[desa["kode"].str.startswith(kec0 + ".")]["kode"].iloc[0])
        opd = str(sorted(kueri.kamus(g)["opd"].dropna().unique())[0])
        wilayah = {"desa": desa0, "kecamatan": kec0, "kabupaten": kode_kabupaten, "opd": kode_kabupaten}
        pelaku = akun.pelaku_cli()
        baris = ["Akun demo (kata sandi sekali pakai; wajib diganti saat pertama masuk):"]
        for kode, peran in PERAN.items():
            nama = f"demo.{kode}"
            try:
                sandi = akun.buat_akun(
                    g,
                    pelaku,
                    nama,
                    f"Demo {peran.label}",
                    kode,
                    None if peran.tingkat is None else wilayah[peran.tingkat],
                    opd if peran.tingkat == "opd" else None,
                )
            except KesalahanInput:  # an existing demo account is kept as it is
                continue
            lingkup = "" if peran.tingkat is None else f" · {wilayah[peran.tingkat]}"
            baris.append(f"  {nama:<16} {sandi}   ({peran.label}{lingkup})")
        return baris if len(baris) > 1 else []
    finally:
        g.tutup()
