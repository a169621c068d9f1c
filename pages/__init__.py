"""The data-access layer: besides the page scripts, the only code that imports Streamlit.

It holds cached handles and values, the shared sidebar, and the single place where
user-facing errors are shown; the code lives in ``pages/akses/`` (inti, cakupan, forum,
ruang) and this module re-exports what pages call as ``akses_data.<name>``. It lives in
``pages/`` and the page scripts in
``pages/halaman/`` so that ``pages/`` holds no page script of its own: Streamlit treats
every ``pages/*.py`` as a legacy (v1) page on a fresh server, which would let a deep link
such as ``/data`` run a page without the frame of ``app.py``.
"""

from __future__ import annotations

from geo.settings import atur_log
from pages.akses.cakupan import (
    Pilihan,
    berkas_cetak,
    daftar_indikator,
    fasilitas,
    kerangka,
    label_cakupan,
    label_kecamatan,
    lapisan_beranda,
    muat_berkas,
    ringkasan,
    ringkasan_wilayah,
    riwayat_dan_isi,
    sidebar,
    tematik,
)
from pages.akses.forum import (
    batalkan_keputusan,
    bawa_ke_tahun_depan,
    berita_acara,
    bobot_forum,
    daftar_slide,
    hapus_slide,
    kamus_usulan,
    kebutuhan_desa,
    keputusan_forum,
    lokasi_usulan,
    metode_forum,
    pagu,
    pagu_terpakai,
    pindahkan_slide,
    putuskan,
    putuskan_massal,
    riwayat_usulan,
    simpan_bobot,
    simpan_suara,
    simpan_usulan,
    tambah_slide,
    ubah_usulan,
    usulan_peta,
)
from pages.akses.inti import (
    berhasil_lalu_muat_ulang,
    gudang,
    lupakan_versi,
    tabel,
    tampilkan_galat,
    tampilkan_konflik,
    tampilkan_pesan_berhasil,
    tangani_kesalahan,
    versi_dibuka,
    wilayah,
)
from pages.akses.ruang import (
    cek_lokasi,
    hasil_kesesuaian,
    lapisan_tata_ruang,
    periksa_usulan_baru,
    ruang_dan_kesiapan,
)

atur_log()

__all__ = [
    "Pilihan",
    "batalkan_keputusan",
    "bawa_ke_tahun_depan",
    "berhasil_lalu_muat_ulang",
    "berita_acara",
    "berkas_cetak",
    "bobot_forum",
    "cek_lokasi",
    "daftar_indikator",
    "daftar_slide",
    "fasilitas",
    "gudang",
    "hapus_slide",
    "hasil_kesesuaian",
    "kamus_usulan",
    "kebutuhan_desa",
    "keputusan_forum",
    "kerangka",
    "label_cakupan",
    "label_kecamatan",
    "lapisan_beranda",
    "lapisan_tata_ruang",
    "lokasi_usulan",
    "lupakan_versi",
    "metode_forum",
    "muat_berkas",
    "pagu",
    "pagu_terpakai",
    "periksa_usulan_baru",
    "pindahkan_slide",
    "putuskan",
    "putuskan_massal",
    "ringkasan",
    "ringkasan_wilayah",
    "riwayat_dan_isi",
    "riwayat_usulan",
    "ruang_dan_kesiapan",
    "sidebar",
    "simpan_bobot",
    "simpan_suara",
    "simpan_usulan",
    "tabel",
    "tambah_slide",
    "tampilkan_galat",
    "tampilkan_konflik",
    "tampilkan_pesan_berhasil",
    "tangani_kesalahan",
    "tematik",
    "ubah_usulan",
    "usulan_peta",
    "versi_dibuka",
    "wilayah",
]
