"""Attach a photo to an activity's monthly report (optional), for the account allowed to report it."""

from __future__ import annotations

from geo.domain.akses import Pengguna, pastikan
from geo.domain.foto import bersihkan_foto
from geo.errors import KesalahanInput, Masalah
from geo.store import foto as simpanan
from geo.store.db import Gudang


def simpan_foto(gudang: Gudang, usulan_id: int, tahun: int, bulan: int, isi: bytes, nama: str, pelaku: Pengguna) -> int:
    """Check, clean (no EXIF/GPS) and store the photo; return its stored size in bytes.

    Raises
    ------
    KesalahanAkses
        The activity is outside the account's OPD or wilayah, or the role may not report.
    KesalahanInput
        Not a usable photo, or no such activity; nothing is written.
    """
    pastikan(pelaku, "realisasi.tulis")
    foto = bersihkan_foto(isi, nama)
    with gudang.sesi(tulis=True) as con:
        keg = simpanan.kegiatan_satu(con, usulan_id)
        if keg is None:
            raise KesalahanInput(
                "Foto tidak disimpan",
                [Masalah(nama, "usulan_id", str(usulan_id), "kegiatan yang ada", "pilih kegiatan")],
            )
        pastikan(pelaku, "realisasi.tulis", kode_desa=keg[0], opd=keg[1])
        simpanan.tulis_foto(con, usulan_id, tahun, bulan, foto, pelaku.nama_pengguna)
    return len(foto)


def baca_foto(gudang: Gudang, usulan_id: int, tahun: int, bulan: int) -> bytes | None:
    """The photo of an activity for a month, or ``None``."""
    with gudang.sesi() as con:
        return simpanan.baca_foto(con, usulan_id, tahun, bulan)
