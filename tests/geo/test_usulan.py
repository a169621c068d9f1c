"""Usulan rules on hand-made cases: transitions, scoring, greedy and knapsack selection."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from geo.domain.forum import Posisi, putuskan
from geo.domain.prioritas import pilih_knapsack
from geo.errors import KesalahanInput
from tests.akun import pelaku
from tests.geo.oracle import pilih_greedy, skor


@pytest.fixture
def data_demo(data_backend):
    """Every test of this module runs on both backends: the DuckDB files and the PostgreSQL server."""
    return data_backend


def test_alur_tahap_sah():
    p = Posisi("desa", "diajukan")
    for tahap in ("kecamatan", "forum_pd", "kabupaten"):
        p = putuskan(p, "diterima", "disepakati")
        assert p == Posisi(tahap, "diajukan")
    assert putuskan(p, "diterima", "masuk RKPD") == Posisi("kabupaten", "diterima")
    assert putuskan(Posisi("kecamatan", "diajukan"), "dikembalikan", "RAB belum ada") == Posisi("desa", "diajukan")
    assert putuskan(Posisi("forum_pd", "diajukan"), "ditunda", "melebihi pagu") == Posisi("forum_pd", "ditunda", True)


@pytest.mark.parametrize(
    ("posisi", "keputusan", "alasan", "kolom"),
    [
        (Posisi("kecamatan", "ditolak"), "diterima", "ubah pikiran", ["status"]),
        (Posisi("desa", "diajukan"), "disetujui", "x", ["keputusan"]),
        (Posisi("desa", "diajukan"), "ditolak", "  ", ["alasan"]),
        (Posisi("kabupaten", "diterima"), "ditolak", "", ["status", "alasan"]),
    ],
)
def test_transisi_terlarang(posisi, keputusan, alasan, kolom):
    with pytest.raises(KesalahanInput) as e:
        putuskan(posisi, keputusan, alasan)
    assert [m.kolom for m in e.value.masalah] == kolom


def test_skor_dengan_rincian():
    k = pd.DataFrame({"urgensi": [3, 1, 2], "penerima": [100, 300, 200]}, index=["A", "B", "C"])
    s = skor(k, {"urgensi": 3, "penerima": 1})
    # normalised: urgensi A=1, B=0, C=0.5; penerima A=0, B=1, C=0.5; weights 0.75 / 0.25
    assert s["skor"].round(6).to_dict() == {"A": 0.75, "B": 0.25, "C": 0.5}
    assert s["peringkat"].to_dict() == {"A": 1, "C": 2, "B": 3}
    assert s.loc["C", "urgensi"] == pytest.approx(0.375)


def test_greedy_melewati_yang_tidak_muat():
    biaya = np.array([60, 50, 30, 20.0])
    s = np.array([4, 3, 2, 1.0])
    # by score: 60 fits (40 left), 50 does not, 30 fits (10 left), 20 does not
    assert pilih_greedy(biaya, s, 100).tolist() == [True, False, True, False]


def test_knapsack_optimal_dibanding_semua_kombinasi():
    rng = np.random.default_rng(3)
    for _ in range(20):
        n = 8
        biaya = rng.integers(1, 20, n).astype(float) * 1e6
        s = rng.uniform(0, 10, n)
        pagu = float(rng.integers(10, 60)) * 1e6
        terbaik = max(
            sum(s[list(c)])
            for r in range(n + 1)
            for c in itertools.combinations(range(n), r)
            if biaya[list(c)].sum() <= pagu
        )
        pilih = pilih_knapsack(biaya, s, pagu)
        assert biaya[pilih].sum() <= pagu and s[pilih].sum() == pytest.approx(terbaik)
        assert s[pilih].sum() >= s[pilih_greedy(biaya, s, pagu)].sum() - 1e-9


KAMUS = {"K-JLN-01": {"satuan": "m", "harga_satuan": 950_000.0}}
BAIK = {
    "pengusul": "RW 01",
    "kode_desa": "99.01.02.2001",
    "kode_kamus": "K-JLN-01",
    "masalah": "jalan rusak",
    "uraian": "rabat beton",
    "volume": 100.0,
    "satuan": "m",
    "sumber_dana": "APBD Kabupaten",
    "status_lahan": "tanah_desa",
    "biaya": 95_000_000.0,
}


def test_periksa_usulan():
    from geo.domain.usulan import periksa_usulan

    assert periksa_usulan(BAIK, KAMUS) == ([], [])
    # 30 % above volume x unit cost: flagged; without a reason it also blocks
    mahal = {**BAIK, "biaya": 123_500_000.0}
    masalah, tanda = periksa_usulan(mahal, KAMUS)
    assert [m.kolom for m in masalah] == ["alasan_biaya"] and "30 %" in tanda[0]
    assert periksa_usulan({**mahal, "alasan_biaya": "medan sulit"}, KAMUS)[0] == []
    buruk = {**BAIK, "volume": -1.0, "satuan": "unit", "kode_kamus": "K-TIDAK", "pengusul": ""}
    assert sorted(m.kolom for m in periksa_usulan(buruk, KAMUS)[0]) == ["kode_kamus", "pengusul", "volume"]


def test_duplikat_harus_dan_tidak_boleh_cocok():
    from shapely.geometry import Point

    from geo.domain.usulan import cari_duplikat

    # 0.001 deg of latitude is about 110 m
    lama = pd.DataFrame(
        {
            "id": [1, 2, 3],
            "kode_kamus": ["K-JLN-01", "K-JLN-01", "K-DRN-01"],
            "uraian": [
                "Rabat beton jalan lingkungan RT 02",
                "Rabat beton jalan dusun Krajan",
                "Rabat beton jalan lingkungan RT 02",
            ],
            "geometry": [Point(109.3, -7.4), Point(109.3, -7.41), Point(109.3, -7.4)],
        }
    )
    baru = pd.DataFrame(
        {
            "id": [10, 11],
            "kode_kamus": ["K-JLN-01", "K-JLN-01"],
            "uraian": ["rabat beton jalan lingkungan RT 02 dusun", "Pengaspalan jalan poros"],
            "geometry": [Point(109.3, -7.401), Point(109.3005, -7.4)],
        }
    )
    hasil = cari_duplikat(baru, lama)
    # 10 ~ 1: same item, ~110 m apart, same words -> must match
    # 10 vs 2: 1.1 km apart -> no; 10 vs 3: another kamus item -> no; 11 vs 1: 55 m but other text -> no
    assert hasil[["id_baru", "id_lama"]].values.tolist() == [[10, 1]]
    assert 100 < hasil["jarak_m"].iloc[0] < 120


def test_keputusan_tersimpan_dengan_audit_dan_cek_versi(data_demo):
    import json

    from geo.errors import KonflikVersi
    from geo.services.forum import putuskan_usulan
    from geo.store import db
    from geo.store.usulan import riwayat_usulan

    g = db.Gudang(data_demo)
    uid, versi = g.df(
        "SELECT id, versi FROM kerja.usulan WHERE tahun = 2027 AND tahap = 'desa' "
        "AND status = 'diajukan' ORDER BY id LIMIT 1"
    ).iloc[0]
    uid, versi = int(uid), int(versi)
    assert putuskan_usulan(g, uid, "diterima", "prioritas desa", pelaku(nama="ani"), versi) == Posisi(
        "kecamatan", "diajukan"
    )
    # Budi opened the same usulan before Ani saved: his decision must not overwrite hers
    with pytest.raises(KonflikVersi, match="diubah orang lain"):
        putuskan_usulan(g, uid, "ditolak", "bukan prioritas", pelaku(nama="budi"), versi)
    putuskan_usulan(g, uid, "dikembalikan", "gambar teknis belum ada", pelaku(nama="camat"), versi + 1)
    h = riwayat_usulan(g, uid)
    assert list(h["oleh"]) == ["ani", "camat"] and list(h["aksi"]) == ["diterima", "dikembalikan"]
    assert json.loads(h["lama"].iloc[1])["tahap"] == "kecamatan" and json.loads(h["baru"].iloc[1])["tahap"] == "desa"
    r = g.df("SELECT tahap, status, versi FROM kerja.usulan WHERE id = ?", [uid]).iloc[0]
    assert (r["tahap"], r["status"], int(r["versi"])) == ("desa", "diajukan", versi + 2)
    assert len(g.df("SELECT * FROM kerja.keputusan WHERE usulan_id = ? AND oleh IN ('ani', 'camat')", [uid])) == 2
    g.tutup()
