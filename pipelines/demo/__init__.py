"""Deterministic generator of the demo region "Kabupaten Contoh" (*data sintetis*).

Province code 99 is used by no real region. The same seed gives byte-identical tables
(see :func:`sidik_tabel`). Modules: :mod:`~pipelines.demo.dasar` (constants, size,
helpers), :mod:`~pipelines.demo.wilayah` (boundaries, spatial plans, facilities),
:mod:`~pipelines.demo.tabel` (indicators, ITBX, usulan, land, realisasi, pagu) and
:mod:`~pipelines.demo.tulis` (filling the databases). Indicator metadata and the kamus
are in :mod:`pipelines.fixture_demo`.
"""

from __future__ import annotations

from pipelines.demo.dasar import (
    BENIH_BAKU,
    KODE_KABUPATEN,
    NAMA_KABUPATEN,
    NAMA_KECAMATAN,
    PUSAT_LONLAT,
    SUMBER,
    TAHUN_BERJALAN,
    TAHUN_INDIKATOR,
    TAHUN_USULAN,
    UKURAN_BAKU,
    VERSI_KODE,
    Ukuran,
)
from pipelines.demo.tabel import (
    ITBX_DEMO,
    MATRIKS_DEMO,
    bangun_indikator,
    bangun_lahan,
    bangun_pagu,
    bangun_realisasi,
    bangun_usulan,
)
from pipelines.demo.tulis import bangun_demo, isi_kerja, isi_referensi, sidik_tabel
from pipelines.demo.wilayah import bangun_fasilitas, bangun_tata_ruang, bangun_wilayah

__all__ = [
    "BENIH_BAKU",
    "ITBX_DEMO",
    "KODE_KABUPATEN",
    "MATRIKS_DEMO",
    "NAMA_KABUPATEN",
    "NAMA_KECAMATAN",
    "PUSAT_LONLAT",
    "SUMBER",
    "TAHUN_BERJALAN",
    "TAHUN_INDIKATOR",
    "TAHUN_USULAN",
    "UKURAN_BAKU",
    "VERSI_KODE",
    "Ukuran",
    "bangun_demo",
    "bangun_fasilitas",
    "bangun_indikator",
    "bangun_lahan",
    "bangun_pagu",
    "bangun_realisasi",
    "bangun_tata_ruang",
    "bangun_usulan",
    "bangun_wilayah",
    "isi_kerja",
    "isi_referensi",
    "sidik_tabel",
]
