"""Usulan, forum decisions, prioritisation and projector slide sets: thin wrappers over geo/services and geo/store."""

from __future__ import annotations

import shapely

from geo.domain.akses import saring_baca
from geo.errors import KesalahanInput, KonflikVersi
from geo.render.berita_acara import pdf_berita_acara
from geo.services import forum as layanan_forum
from geo.services import prioritas as layanan_prioritas
from geo.services import slide as layanan_slide
from geo.services import usulan as layanan_usulan
from geo.services.berita_acara import data_berita_acara
from geo.store import audit as simpanan_audit
from geo.store import kueri
from geo.store import prioritas as simpanan_prioritas
from geo.store import slide as simpanan_slide
from geo.store import usulan as simpanan_usulan
from pages.akses.akun import pengguna
from pages.akses.inti import _baca_referensi, _hasil_atau_pesan, gudang, tangani_kesalahan


def daftar_slide(kode_kab: str) -> list[dict]:
    """Saved slide sets of the kabupaten (working data: not cached)."""
    with tangani_kesalahan():
        return simpanan_slide.daftar_set(gudang(), kode_kab)


def tambah_slide(kode_kab: str, nama: str, baru, set_terlihat: dict | None) -> tuple[int, int]:
    """Append a slide to a set; a version conflict is shown as a message, never a silent overwrite."""
    with tangani_kesalahan():
        return layanan_slide.tambah_slide(gudang(), kode_kab, nama, baru, pengguna(), set_terlihat)


def putuskan(usulan_id: int, keputusan: str, alasan: str, versi: int, alasan_pengecualian: str | None = None):
    """Record a forum decision: (new position, None) or (None, problems or conflict message)."""
    return _hasil_atau_pesan(
        layanan_forum.putuskan_usulan, usulan_id, keputusan, alasan, pengguna(), versi, alasan_pengecualian
    )


def batalkan_keputusan(usulan_id: int, versi: int, alasan: str):
    """Undo the latest decision on an usulan: (new position, None) or (None, problems or conflict)."""
    return _hasil_atau_pesan(layanan_forum.batalkan_keputusan, usulan_id, versi, alasan, pengguna())


def keputusan_forum(kode_kab: str, tahun: int, tahap: str):
    """The latest decision at a tier per usulan (undone decisions excluded; working data: not cached)."""
    with tangani_kesalahan():
        return kueri.keputusan_forum(gudang(), kode_kab, tahun, tahap)


def riwayat_usulan(usulan_id: int):
    """Audit history of one usulan."""
    with tangani_kesalahan():
        return simpanan_usulan.riwayat_usulan(gudang(), usulan_id)


def kamus_usulan():
    """The kamus usulan (cached until the reference file changes)."""
    return _baca_referensi("kamus")


def lokasi_usulan(wkt: str, kode_kab: str):
    """Desa and kecamatan under a geometry (WKT), or None outside the kabupaten."""
    with tangani_kesalahan():
        return simpanan_usulan.lokasi_usulan(gudang(), shapely.from_wkt(wkt), kode_kab)


def simpan_usulan(data: dict, wkt: str | None, kode_kab: str, abaikan_duplikat: bool, ambang_deviasi: float):
    """Save a captured usulan: (HasilSimpan, None) or (None, problems)."""
    geom = shapely.from_wkt(wkt) if wkt else None
    return _hasil_atau_pesan(
        layanan_usulan.simpan_usulan,
        data,
        geom,
        kode_kab,
        pengguna(),
        abaikan_duplikat=abaikan_duplikat,
        ambang_deviasi=ambang_deviasi,
    )


def ubah_usulan(usulan_id: int, perubahan: dict, versi: int, alasan: str):
    """Edit an usulan with a version check: (new version, None) or (None, problems or conflict)."""
    return _hasil_atau_pesan(layanan_usulan.ubah_usulan, usulan_id, perubahan, versi, alasan, pengguna())


def usulan_peta(kode_kab: str, tahun: int, tahap: str | None = None, kode_kec: str | None = None, ids=None, batas=None):
    """Usulan the account may read, with geometry and names (working data: never cached; no personal data).

    ``batas``: only the newest that many (read in SQL, not filtered after reading everything).
    """
    with tangani_kesalahan():
        return saring_baca(pengguna(), kueri.usulan_gdf(gudang(), kode_kab, tahun, tahap, kode_kec, ids, batas))


def jumlah_usulan(kode_kab: str, tahun: int, kode_kec: str | None = None) -> int:
    """How many usulan the kabupaten (or kecamatan) has for the year."""
    with tangani_kesalahan():
        return kueri.jumlah_usulan(gudang(), kode_kab, tahun, kode_kec)


def pagu(tahun: int, jenis: str | None) -> dict[str, float]:
    """Pagu indikatif of one kind for a year."""
    with tangani_kesalahan():
        return kueri.pagu(gudang(), tahun, jenis)


def bobot_forum(tahun: int, tahap: str, kode_forum: str):
    """Saved weights of a forum: (bobot, indikator, versi)."""
    with tangani_kesalahan():
        return simpanan_prioritas.baca_bobot(gudang(), tahun, tahap, kode_forum)


def simpan_bobot(
    tahun: int, tahap: str, kode_forum: str, bobot: dict, indikator: str | None, versi: int, metode: str = "greedy"
):
    """Save a forum's weights and selection rule: (new version, None) or (None, problems or conflict)."""
    return _hasil_atau_pesan(
        layanan_prioritas.simpan_bobot, tahun, tahap, kode_forum, bobot, indikator, versi, pengguna(), metode
    )


def metode_forum(tahun: int, tahap: str, kode_forum: str) -> str:
    """The forum's saved selection rule within the pagu (greedy unless saved otherwise)."""
    with tangani_kesalahan():
        return simpanan_prioritas.baca_metode(gudang(), tahun, tahap, kode_forum)


def simpan_suara(tahap: str, suara: dict[int, int]):
    """Save forum vote tallies: (changed count, None) or (None, problems)."""
    return _hasil_atau_pesan(layanan_prioritas.simpan_suara, tahap, suara, pengguna())


def kebutuhan_desa(kode_kab: str, indikator: str | None, tahun: int):
    """Latest desa values of the need indicator (cached until the reference file changes)."""
    return _baca_referensi("kebutuhan_desa", kode_kab, indikator, tahun)


def putuskan_massal(keputusan: list[tuple[int, str, str, int]]):
    """Record many forum decisions all or nothing: (positions, None) or (None, problems or conflict)."""
    return _hasil_atau_pesan(layanan_forum.putuskan_massal, keputusan, pengguna())


def bawa_ke_tahun_depan(ids: list[int]):
    """Carry deferred usulan to next year: ({old: new}, None) or (None, problems)."""
    return _hasil_atau_pesan(layanan_usulan.bawa_ke_tahun_depan, ids, pengguna())


def berita_acara(kode_kab: str, tahun: int, tahap: str, kode_forum: str) -> bytes:
    """The forum's berita acara as PDF bytes."""
    with tangani_kesalahan():
        return pdf_berita_acara(data_berita_acara(gudang(), kode_kab, tahun, tahap, kode_forum))


def pagu_terpakai(kode_kab: str, tahun: int, tahap: str) -> dict[str, float]:
    """Pagu already committed at a tier, per forum (working data: not cached)."""
    with tangani_kesalahan():
        return kueri.pagu_terpakai(gudang(), kode_kab, tahun, tahap)


# --- usulan form & projector (issue 18) ---
def _tulis_set_slide(fungsi, *args) -> tuple[object | None, object | None]:
    """Run a slide-set write: (result, None), or (None, input problems or the conflict message).

    Unlike a page stop, a version conflict comes back as text so the projector can show it
    and go on drawing the latest version of the set.
    """
    try:
        with tangani_kesalahan():
            try:
                return fungsi(gudang(), *args, pengguna()), None
            except KonflikVersi as e:
                return None, str(e)
    except KesalahanInput as e:
        return None, e


def pindahkan_slide(kode_kab: str, set_terlihat: dict, indeks: int, langkah: int):
    """Move a slide of the set the user saw: (new version, None) or (None, problems or conflict)."""
    return _tulis_set_slide(layanan_slide.pindahkan_slide, kode_kab, set_terlihat, indeks, langkah)


def hapus_slide(kode_kab: str, set_terlihat: dict, indeks: int):
    """Delete a slide of the set the user saw: (new version, None) or (None, problems or conflict)."""
    return _tulis_set_slide(layanan_slide.hapus_slide, kode_kab, set_terlihat, indeks)


def pilihan_audit() -> dict[str, list[str]]:
    """People, tables and actions in the audit log, for the Audit page's filters."""
    with tangani_kesalahan():
        return simpanan_audit.pilihan_audit(gudang())


def baca_audit(tabel, kunci, oleh, aksi, dari, sampai):
    """Audit rows for the Audit page (working data: never cached)."""
    with tangani_kesalahan():
        return simpanan_audit.baca_audit(gudang(), tabel, kunci, oleh, aksi, dari, sampai)
