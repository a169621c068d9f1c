"""Lacak Usulan: the public subset, the path through the tiers, and the read-only public reader."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from geo.domain import lacak
from geo.domain.usulan import KOLOM_PRIBADI, KOLOM_PUBLIK
from geo.store import rahasia
from geo.store.publik import PembacaPublik
from pipelines.demo import TAHUN_BERJALAN
from pipelines.demo.tabel import kk_sintetis, nik_sintetis


@pytest.fixture
def data_demo(data_backend):
    """Every test of this module runs on both backends: the DuckDB files and the PostgreSQL server."""
    return data_backend


def test_subset_publik_tanpa_data_pribadi_dan_nama_operator():
    assert set(lacak.KOLOM_LACAK) <= set(KOLOM_PUBLIK)
    assert not set(lacak.KOLOM_LACAK) & (KOLOM_PRIBADI | {"dibuat_oleh", "pengusul", "versi"})
    assert "oleh" not in lacak.KOLOM_KEPUTUSAN_LACAK
    assert not {"oleh", "catatan_verifikator", "kendala"} & set(lacak.KOLOM_REALISASI_LACAK)


def _k(baris):
    return pd.DataFrame(baris, columns=["tahap", "status", "alasan", "waktu"]).assign(
        waktu=lambda d: pd.to_datetime(d["waktu"], format="ISO8601")
    )


def test_keputusan_yang_dibatalkan_tidak_tampil():
    k = _k(
        [
            ("desa", "diterima", "Prioritas desa", "2026-01-10"),
            ("kecamatan", "ditolak", "Salah tolak", "2026-02-01"),
            ("kecamatan", "dibatalkan", "Keliru dicatat", "2026-02-01 10:00"),
            ("kecamatan", "diterima", "Prioritas kecamatan", "2026-02-02"),
        ]
    )
    jalur = lacak.jalur_usulan("forum_pd", "diajukan", k)
    assert jalur["Keputusan"].tolist() == [
        "Diterima",
        "Diterima",
        "Menunggu pembahasan",
        "Belum sampai tahap ini",
    ]
    assert jalur["Alasan"].tolist()[:2] == ["Prioritas desa", "Prioritas kecamatan"]
    assert "Salah tolak" not in jalur["Alasan"].tolist() and "Keliru dicatat" not in jalur["Alasan"].tolist()


def test_ditolak_di_kecamatan_dengan_alasan():
    k = _k([("desa", "diterima", "A", "2026-01-10"), ("kecamatan", "ditolak", "Di luar kewenangan", "2026-02-01")])
    jalur = lacak.jalur_usulan("kecamatan", "ditolak", k)
    assert jalur["Keputusan"].tolist() == ["Diterima", "Ditolak", "Belum sampai tahap ini", "Belum sampai tahap ini"]
    assert jalur.loc[1, "Alasan"] == "Di luar kewenangan"


def test_progres_terakhir_melewati_bulan_tanpa_laporan():
    r = pd.DataFrame(
        {
            "tahun": [2026] * 4,
            "bulan": [1, 2, 3, 4],
            "rencana_fisik": [2, 5, 12, 20.0],
            "realisasi_fisik": [1, None, 9, None],
        }
    )
    assert lacak.progres_terakhir(r) == {"tahun": 2026, "bulan": 3, "rencana_fisik": 12.0, "realisasi_fisik": 9.0}
    assert lacak.progres_terakhir(r.assign(realisasi_fisik=None)) is None


def test_demo_menyimpan_nik_dan_kk_sintetis_sebagai_hmac(folder_demo):
    from geo.settings import BerkasData

    data_demo = BerkasData(folder_demo)  # the file itself is searched for the numbers in clear (DuckDB only)
    con = duckdb.connect(str(data_demo.kerja), read_only=True)
    kode_desa, nik, kk = con.execute("SELECT kode_desa, nik_pengusul, kk_pengusul FROM usulan WHERE id = 1").fetchone()
    kosong = con.execute("SELECT count(*) FROM usulan WHERE nik_pengusul IS NULL OR kk_pengusul IS NULL").fetchone()[0]
    con.close()
    for asli, tersimpan in (
        (nik_sintetis(kode_desa, 1, TAHUN_BERJALAN), nik),
        (kk_sintetis(kode_desa, 1, TAHUN_BERJALAN), kk),
    ):
        assert len(asli) == 16 and asli.startswith("99")  # province 99: synthetic
        assert tersimpan == rahasia.sidik_nik(data_demo.folder, asli) and asli not in tersimpan
    assert kosong == 0
    isi = data_demo.kerja.read_bytes()  # neither number in clear anywhere in the file
    assert nik_sintetis(kode_desa, 1, TAHUN_BERJALAN).encode() not in isi
    assert kk_sintetis(kode_desa, 1, TAHUN_BERJALAN).encode() not in isi


@pytest.fixture
def pembaca(data_demo):
    p = PembacaPublik(data_demo)
    yield p
    p.tutup()


def test_pembaca_publik_tidak_dapat_menulis(pembaca):
    for sql in (
        "UPDATE kerja.usulan SET uraian = 'x' WHERE id = 1",
        "INSERT INTO kerja.keputusan VALUES (1, 'desa', 'diterima', 'x', NULL, 'x', now())",
        "DELETE FROM ref.wilayah",
        "CREATE TABLE kerja.baru (a INTEGER)",
    ):
        with pembaca.sesi() as con, pytest.raises(duckdb.Error, match=r"(?i)read.only"):
            con.execute(sql)
    assert pembaca.usulan(1)["uraian"] != "x"


def test_pembaca_publik_hanya_kolom_publik(pembaca):
    u = pembaca.usulan(1)
    assert set(u) == {*lacak.KOLOM_LACAK, "desa", "kecamatan", "opd"}
    assert list(pembaca.keputusan(1).columns) == list(lacak.KOLOM_KEPUTUSAN_LACAK)
    assert list(pembaca.realisasi(1).columns) == list(lacak.KOLOM_REALISASI_LACAK)
    kegiatan = pembaca.kegiatan_didanai("99.01", TAHUN_BERJALAN)
    assert len(kegiatan) > 20 and not {"nik_pengusul", "kk_pengusul", "dibuat_oleh", "pengusul"} & set(kegiatan.columns)
    assert kegiatan["realisasi_fisik"].notna().any()


def test_pembaca_tidak_menahan_kunci_tulis(pembaca, data_demo):
    pembaca.usulan(1)
    con = duckdb.connect(str(data_demo.kerja))  # the working app / CLI can write between two public reads
    con.close()
