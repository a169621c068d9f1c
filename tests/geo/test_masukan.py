"""Input checks: NIK format, control characters, upload type and size (issue 13 §5)."""

from __future__ import annotations

import pytest

from geo.domain.usulan import baris_usulan, periksa_usulan
from geo.errors import KesalahanInput
from pipelines.baca import periksa_unggahan

KAMUS = {"K": {"satuan": "m", "harga_satuan": 1000.0, "bidang": "PU", "opd": "Dinas PU", "nama": "Jalan"}}
DASAR = {
    "tahun": 2027, "pengusul": "RW 1", "kode_desa": "99.01.01.2001", "kode_kamus": "K", "masalah": "m", "uraian": "u",
    "volume": 2.0, "biaya": 2000.0, "sumber_dana": "APBD Kabupaten", "status_lahan": "tanah_desa",
}  # fmt: skip


@pytest.mark.parametrize("kolom", ["nik_pengusul", "kk_pengusul"])
@pytest.mark.parametrize("nik", ["<script>alert(1)</script>", "12345", "33010101010100011", "3301O10101010001"])
def test_nik_dan_kk_harus_16_angka(nik, kolom):
    masalah, _ = periksa_usulan({**DASAR, kolom: nik}, KAMUS)
    m = [x for x in masalah if x.kolom == kolom]
    assert len(m) == 1 and nik not in m[0].nilai  # the message never echoes the number


def test_nik_dan_kk_sah_atau_kosong_diterima():
    for nik in ("3301010101010001", "", None):
        masalah, _ = periksa_usulan({**DASAR, "nik_pengusul": nik, "kk_pengusul": nik}, KAMUS)
        assert not [x for x in masalah if x.kolom in ("nik_pengusul", "kk_pengusul")]


def test_karakter_kendali_dibuang():
    baris = baris_usulan(
        {**DASAR, "uraian": "Rabat\x00 beton\x1b[31m jalan\x7f", "alamat": " \x08 "}, KAMUS["K"], "k", "u"
    )
    assert baris["uraian"] == "Rabat beton[31m jalan" and baris["alamat"] is None


def test_unggahan_jenis_dan_ukuran_diperiksa_di_server():
    periksa_unggahan("desa.geojson", 1000)
    with pytest.raises(KesalahanInput, match="tidak diterima") as e:
        periksa_unggahan("skrip.exe", 1000)
    assert "jenis berkas" in str(e.value)
    with pytest.raises(KesalahanInput) as e:
        periksa_unggahan("besar.gpkg", 300 * 1024 * 1024)
    assert "lewat CLI" in str(e.value)


def test_csv_berpengodean_asing_terbaca_atau_pesan_jelas(tmp_path):
    from pipelines.baca import baca_tabel

    path = tmp_path / "utf16.csv"
    path.write_bytes("kode_desa;nilai\n33.01.01.2001;1,5\n".encode("utf-16"))  # neither UTF-8 nor cp1252
    tabel = baca_tabel(path)[0]
    assert "kode_desa" in [str(k).strip().lstrip("\ufeff") for k in tabel.data.columns]
    biner = tmp_path / "rusak.csv"
    biner.write_bytes(bytes(range(256)) * 40)
    try:
        baca_tabel(biner)
    except KesalahanInput as e:
        assert "rusak.csv" in str(e)
