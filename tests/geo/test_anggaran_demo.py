"""The budget chain on the demo (issue 15): traceability both ways, scenario versions, ceilings refused with
row and field, monitoring against the RAK of the DPA version in force, and the DIPA PDF read back."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from pypdf import PdfReader

from geo.domain.jejak import asal_baris, jejak_usulan
from geo.errors import KesalahanAkses, KesalahanInput
from geo.render import dipa as keluaran
from geo.services import anggaran as layanan
from geo.services.realisasi import data_monitoring
from geo.store import renja as simpanan_renja
from geo.store.publik import PembacaPublik
from pipelines.demo import TAHUN_BERJALAN, TAHUN_USULAN
from tests.akun import pelaku

KAB = "99.01"


def _jejak(gudang, uid: int) -> pd.DataFrame:
    u = gudang.df("SELECT tahap, status, coalesce(opd_akhir, opd_awal) AS opd FROM kerja.usulan WHERE id = ?", [uid])
    j = simpanan_renja.jejak_usulan(gudang, uid)
    kep = simpanan_renja.keputusan_usulan(gudang, uid)
    sub = j["sub"]["kode_sub_kegiatan"].iloc[0]
    return jejak_usulan(u["tahap"].iloc[0], u["status"].iloc[0], kep, j, u["opd"].iloc[0], sub)


def test_usulan_dilacak_dari_desa_sampai_realisasi(gudang_demo, data_demo):
    jalur = _jejak(gudang_demo, 1)
    tahap = jalur["Tahap"].tolist()
    for t in (
        "Musrenbang Desa/Kelurahan",
        "Musrenbang Kecamatan",
        "Forum Perangkat Daerah",
        "Musrenbang Kabupaten/Kota",
    ):
        assert t in tahap
    assert tahap[-6:] == ["DIPA Musrenbang", "Renja perangkat daerah", "RKPD", "DPA", "DPA", "Realisasi"]
    langkah = dict(zip(jalur["Tahap"], jalur["Keputusan"], strict=False))
    assert langkah["DIPA Musrenbang"] == "Tercantum"
    assert langkah["Renja perangkat daerah"].startswith("Baris Renja #")
    assert langkah["RKPD"].startswith("Tercantum")
    assert {k for k in jalur[jalur["Tahap"] == "DPA"]["Keputusan"]} == {
        "DPA versi 1 (murni)",
        "DPA versi 2 (pergeseran)",
    }
    assert langkah["Realisasi"].startswith("Fisik ")
    # the public reader gives the same path through the same function
    publik = PembacaPublik(data_demo)
    try:
        j = publik.anggaran(1)
        kep = publik.keputusan(1)
    finally:
        publik.tutup()
    u = gudang_demo.df("SELECT tahap, status, coalesce(opd_akhir, opd_awal) AS opd FROM kerja.usulan WHERE id = 1")
    sama = jejak_usulan("kabupaten", "diterima", kep, j, u["opd"].iloc[0], j["sub"]["kode_sub_kegiatan"].iloc[0])
    pd.testing.assert_frame_equal(sama, jalur)


def test_usulan_belum_didanai_belum_sampai_anggaran(gudang_demo):
    uid = int(
        gudang_demo.df("SELECT min(id) AS i FROM kerja.usulan WHERE tahap = 'desa' AND status = 'diajukan'")["i"][0]
    )
    jalur = _jejak(gudang_demo, uid)
    assert (
        jalur[jalur["Tahap"].isin(["DIPA Musrenbang", "DPA", "Realisasi"])]["Keputusan"] == "Belum sampai tahap ini"
    ).all()


def test_setiap_baris_dpa_tertelusur(gudang_demo):
    for versi in simpanan_renja.versi_dpa(gudang_demo, KAB, TAHUN_BERJALAN)["versi"]:
        d = simpanan_renja.dpa(gudang_demo, KAB, TAHUN_BERJALAN, int(versi))
        assert len(d) > 50
        asal = [asal_baris(a, u) for a, u in zip(d["asal"], d["usulan_id"], strict=True)]
        assert not [a for a in asal if a.startswith("TIDAK TERTELUSUR")]
        assert {"teknokratis", "pokir"} <= set(d["asal"])  # marked as such
        for rid in d["renja_id"].head(5):
            balik = simpanan_renja.usulan_baris(gudang_demo, int(rid))
            assert balik["id"].notna().all() and (balik["tahap"] == "kabupaten").all()


def test_monitoring_memakai_rak_versi_berlaku(gudang_demo):
    mon = data_monitoring(gudang_demo, KAB, TAHUN_BERJALAN, pelaku("bappeda"))
    r = mon.realisasi[mon.realisasi["usulan_id"] == 1].set_index("bulan")["rencana_keuangan"]
    asli = gudang_demo.df("SELECT bulan, rencana_keuangan FROM kerja.realisasi WHERE usulan_id = 1 ORDER BY bulan")
    asli = asli.set_index("bulan")["rencana_keuangan"]
    assert r[9] == asli[9]  # version 1 in force until September
    assert r[10] == r[9] and asli[10] > asli[9]  # version 2 (from October) moved October's cash
    assert r[11] - r[10] == asli[11] - asli[10]
    assert r[12] == asli[12]  # to December: the total is the same pagu


def test_skenario_berversi_versi_lama_tetap_terbaca(gudang_demo):
    data = layanan.dipa(gudang_demo, KAB, TAHUN_USULAN)
    plafon = layanan.plafon(gudang_demo, "99.01", TAHUN_USULAN)
    h1 = layanan.what_if(data, plafon)
    v1 = layanan.simpan_skenario(gudang_demo, KAB, TAHUN_USULAN, "Awal", "KUA-PPAS", plafon, h1, pelaku("tapd"))
    lebih_rendah = plafon.assign(nilai=plafon["nilai"] * 0.5)
    h2 = layanan.what_if(data, lebih_rendah)
    v2 = layanan.simpan_skenario(gudang_demo, KAB, TAHUN_USULAN, "Hemat", "fiskal turun", lebih_rendah, h2, pelaku())
    assert (v1, v2) == (1, 2)
    daftar = layanan.daftar_skenario(gudang_demo, KAB, TAHUN_USULAN).set_index("versi")
    assert daftar.at[1, "tetap"] == sorted(h1.tetap.index[h1.tetap].tolist())
    assert daftar.at[1, "plafon"][0]["nilai"] == float(plafon["nilai"].iloc[0])
    assert len(daftar.at[2, "keluar"]) > len(daftar.at[1, "keluar"]) and daftar.at[2, "oleh"] != daftar.at[1, "oleh"]
    with pytest.raises(KesalahanAkses):
        layanan.simpan_skenario(gudang_demo, KAB, TAHUN_USULAN, "x", "y", plafon, h1, pelaku("opd"))
    with pytest.raises(KesalahanInput):
        layanan.simpan_skenario(gudang_demo, KAB, TAHUN_USULAN, "x", " ", plafon, h1, pelaku())


def test_plafon_diketik_di_bawah_kontrak_ditolak(gudang_demo):
    p = pd.DataFrame({"opd": ["Dinas Kesehatan"], "kode_program": [""], "nilai": [1e8], "terkontrak": [2e8]})
    with pytest.raises(KesalahanInput) as e:
        layanan.simpan_plafon(gudang_demo, "99.01", TAHUN_USULAN, p, "ubah", pelaku("tapd"))
    assert [(m.lokasi, m.kolom) for m in e.value.masalah] == [("plafon Dinas Kesehatan", "nilai")]
    ok = p.assign(nilai=3e8)
    assert layanan.simpan_plafon(gudang_demo, "99.01", TAHUN_USULAN, ok, "ubah", pelaku("tapd")) == 1
    assert layanan.plafon(gudang_demo, "99.01", TAHUN_USULAN).set_index("opd").at["Dinas Kesehatan", "versi"] == 2


def _teks_pdf(pdf: bytes) -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.lambat
def test_pdf_dipa_memuat_setiap_usulan_disepakati(gudang_demo):
    data = layanan.dipa(gudang_demo, KAB, TAHUN_USULAN)
    teks = " ".join(_teks_pdf(keluaran.pdf_dipa(data.baris, data.tanpa_padanan, "DIPA Musrenbang uji")))
    teks = teks.replace("\n", " ")
    for uid in data.usulan["id"]:
        assert f"#{uid}," in teks + "," or f"#{uid} " in teks + " ", uid
    assert "K-RTH-01" in teks  # the unmapped item's usulan are listed apart


@pytest.mark.lambat
def test_pdf_tabel_panjang_mengulang_kepala():
    baris = pd.DataFrame(
        {
            "opd": "Dinas Uji",
            "kode_program": "1.03.10",
            "nama_program": "Program Penyelenggaraan Jalan",
            "kode_kegiatan": "1.03.10.2.01",
            "nama_kegiatan": "Penyelenggaraan Jalan Kabupaten/Kota",
            "kode_sub_kegiatan": [f"1.03.10.2.01.{i:04d}" for i in range(1, 121)],
            "nama_sub_kegiatan": "Rehabilitasi Jalan",
            "indikator": "Panjang jalan yang direhabilitasi",
            "target": 100.0,
            "penerima": 250.0,
            "satuan": "m",
            "lokasi": 1,
            "kecamatan": 1,
            "pagu": 1e8,
            "sumber_dana": "APBD",
            "usulan_id": [[i] for i in range(1, 121)],
        }
    )
    halaman = [" ".join(h.split()) for h in _teks_pdf(keluaran.pdf_dipa(baris, pd.DataFrame(), "DIPA panjang"))]
    assert len(halaman) >= 3
    assert all("sub-kegiatan" in h and "Indikator keluaran" in h and "Pagu indikatif" in h for h in halaman)
    assert "1.03.10.2.01.0120" in halaman[-1]


@pytest.mark.lambat
def test_xlsx_dipa_dan_renja_kolom_sipd(gudang_demo):
    data = layanan.dipa(gudang_demo, KAB, TAHUN_USULAN)
    dipa = pd.read_excel(io.BytesIO(keluaran.xlsx_dipa(data.baris, data.tanpa_padanan, "DIPA uji")), header=None)
    teks = dipa.astype(str).to_string()
    assert all(f"#{i}" in teks for i in data.baris["usulan_id"].explode())
    renja = simpanan_renja.renja(gudang_demo, KAB, TAHUN_BERJALAN)
    xl = pd.read_excel(io.BytesIO(keluaran.xlsx_renja(renja, TAHUN_BERJALAN, "RKPD uji")), sheet_name=None)
    rkpd = xl["RKPD"]
    assert list(rkpd.columns) == list(keluaran.KOLOM_SIPD_RENJA)  # header on row 1: pasteable into SIPD
    assert len(rkpd) == len(renja) and (rkpd["tahun_anggaran"] == TAHUN_BERJALAN).all()
    baris = rkpd[rkpd["kode_sub_giat"] == "1.03.10.2.01.0001"].iloc[0]
    kode = [str(baris[k]) for k in ("kode_urusan", "kode_bidang_urusan", "kode_program", "kode_giat")]
    assert kode == ["1", "1.03", "1.03.10", "1.03.10.2.01"]
    assert set(rkpd["asal_usulan"]) == {"Usulan Musrenbang", "Rencana teknokratis OPD", "Pokok pikiran DPRD"}
    assert rkpd["kode_skpd"].notna().all()


def test_plafon_ganda_ditolak(gudang_demo):
    p = pd.DataFrame({"opd": ["Dinas Kesehatan"] * 2, "kode_program": ["", ""], "nilai": [3e8, 4e8], "terkontrak": 0.0})
    with pytest.raises(KesalahanInput) as e:
        layanan.simpan_plafon(gudang_demo, "99.01", TAHUN_USULAN, p, "ubah", pelaku("tapd"))
    assert [(m.lokasi, m.kolom) for m in e.value.masalah] == [("plafon Dinas Kesehatan", "kode_program")]


def test_rkpd_demo_tumpang_tindih_jalan_yang_sama(gudang_demo):
    from geo.services.renja import tumpang_tindih_rkpd

    tt = tumpang_tindih_rkpd(gudang_demo, KAB, TAHUN_BERJALAN)
    assert len(tt) == 1  # the DPRD pokir line for Perkim repeats a funded PU road in the same desa
    r = tt.iloc[0]
    assert {r["opd_a"], r["opd_b"]} == {
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        "Dinas Perumahan dan Kawasan Permukiman",
    }
    assert r["uraian_b"].startswith(r["uraian_a"])
