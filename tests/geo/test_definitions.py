"""Every domain definition is complete and consistent."""

import re

from geo.domain import definitions as d
from pipelines import fixture_demo
from pipelines.demo import ITBX_DEMO


def test_indikator_lengkap():
    kode = {m.kode: m for m in fixture_demo.INDIKATOR_DEMO}
    assert len(kode) == len(fixture_demo.INDIKATOR_DEMO)
    for m in fixture_demo.INDIKATOR_DEMO:
        assert m.nama and m.satuan and m.sumber
        if m.jenis == "intensif":
            # a rate must say how it aggregates: recomputed from counts, or weighted
            assert (m.pembilang and m.penyebut and m.pengali) or m.bobot, m.kode
            for acuan in (m.pembilang, m.penyebut, m.bobot):
                if acuan:
                    assert kode[acuan].jenis == "ekstensif", (m.kode, acuan)
        else:
            assert not (m.pembilang or m.penyebut or m.bobot), m.kode


def test_kamus_lengkap():
    kode = [k.kode for k in fixture_demo.KAMUS_DEMO]
    assert len(set(kode)) == len(kode)
    for k in fixture_demo.KAMUS_DEMO:
        assert k.kelas_kegiatan in d.KELAS_KEGIATAN, k
        assert k.harga_satuan > 0 and k.satuan and k.opd and k.bidang


def test_pola_ruang_dan_itbx():
    for k in d.POLA_RUANG:
        assert re.fullmatch(r"#[0-9a-f]{6}", k.warna) and k.kawasan in ("lindung", "budi daya")
    assert len({k.kodkws for k in d.POLA_RUANG}) == len(d.POLA_RUANG)
    for kegiatan, sel in ITBX_DEMO.items():
        assert kegiatan in d.KELAS_KEGIATAN
        assert set(sel) <= set(d.ZONA_RDTR) and set(sel.values()) <= set(d.ITBX)


def test_tahap_dan_status():
    assert list(d.TAHAP_FORUM) == ["desa", "kecamatan", "forum_pd", "kabupaten"]
    assert {"diterima", "ditolak", "ditunda", "dikembalikan"} <= set(d.STATUS_USULAN)
    assert list(d.TINGKAT_WILAYAH) == ["desa", "kecamatan", "kabupaten"]
