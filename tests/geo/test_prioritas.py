"""Prioritisation: criteria, per-forum scores and ranks, selection within each pagu — hand-computed."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from geo.domain import prioritas as pr
from geo.errors import KesalahanInput, KonflikVersi
from geo.services import prioritas as layanan_prioritas
from geo.store.prioritas import baca_bobot
from tests.akun import pelaku


@pytest.fixture
def data_demo(data_backend):
    """Every test of this module runs on both backends: the DuckDB files and the PostgreSQL server."""
    return data_backend


def _usulan(**kolom) -> pd.DataFrame:
    baku = {
        "urgensi": 3,
        "dampak": 3,
        "selaras_rpjmd": 3,
        "penerima_laki": 50,
        "penerima_perempuan": 50,
        "penerima_rentan": 0,
        "status_lahan": "milik_pemda",
        "sertifikat": True,
        "gambar_teknis": True,
        "rab": True,
        "biaya": 100e6,
        "kode_desa": "d1",
        "suara": 0,
    }
    n = max(len(v) for v in kolom.values())
    return pd.DataFrame({k: kolom.get(k, [v] * n) for k, v in baku.items()})


def test_nilai_kriteria_dihitung_tangan():
    u = _usulan(
        penerima_laki=[40, 10],
        penerima_perempuan=[60, 10],
        penerima_rentan=[10, 0],
        status_lahan=["milik_warga", "belum_jelas"],
        sertifikat=[False, False],
        gambar_teknis=[True, False],
        rab=[False, False],
        biaya=[50e6, 20e6],
        kode_desa=["d1", "d9"],
        urgensi=[5, None],
    )
    n = pr.nilai_kriteria(u, pd.Series({"d1": 12.5}))
    # penerima = 40 + 60 + 10 (vulnerable counted again); 10 + 10
    assert n["penerima"].tolist() == [110, 20]
    # readiness = 0.4 × land (milik warga 0.3) + 0.2 per document (1 of 3) = 0.32; nothing = 0
    assert n["kesiapan"].tolist() == pytest.approx([0.32, 0.0])
    # beneficiaries per Rp 1 juta: 100 / 50 = 2; 20 / 20 = 1
    assert n["efektivitas_biaya"].tolist() == [2.0, 1.0]
    # need from data for d1; d9 has no value; a missing assessment stays missing
    assert n["kebutuhan"].iloc[0] == 12.5 and np.isnan(n["kebutuhan"].iloc[1])
    assert np.isnan(n["urgensi"].iloc[1])


def test_peringkat_per_forum_dengan_rincian():
    # two forums; in forum A urgency 1, 3, 5 -> normalised 0, 0.5, 1; votes 10, 0, 0 -> 1, 0, 0
    nilai = pd.DataFrame({"urgensi": [1, 3, 5, 4, 4], "suara": [10, 0, 0, 2, 7]})
    forum = pd.Series(["A", "A", "A", "B", "B"])
    h = pr.peringkat(nilai, {"urgensi": 3, "suara": 1}, forum)
    # contributions: urgency weight 0.75, votes 0.25
    assert h["urgensi"].tolist() == pytest.approx([0, 0.375, 0.75, 0, 0])  # B: one value -> 0
    assert h["suara"].tolist() == pytest.approx([0.25, 0, 0, 0, 0.25])
    assert h["skor"].tolist() == pytest.approx([0.25, 0.375, 0.75, 0, 0.25])
    assert h["peringkat"].tolist() == [3, 2, 1, 2, 1]
    with pytest.raises(KesalahanInput):
        pr.peringkat(nilai, {"urgensi": 0, "suara": 0})
    with pytest.raises(KesalahanInput):
        pr.peringkat(nilai, {"urgensi": -1, "suara": 2})


def test_pilih_dalam_pagu_per_forum_greedy_dan_knapsack():
    # forum A, pagu 7: costs 1, 3, 4, 5 with scores 1, 4, 5, 7 (known optimum: 3 + 4, score 9;
    # greedy by score takes 5 then 1, score 8). Forum B, pagu 2: costs 3, 2 -> greedy skips 3, takes 2.
    # Forum C has no pagu -> nothing funded.
    juta = 1e6  # knapsack works in Rp 1 juta units
    biaya = pd.Series([1, 3, 4, 5, 3, 2, 1], dtype=float) * juta
    skor = pd.Series([1, 4, 5, 7, 9, 1, 5], dtype=float)
    forum = pd.Series(["A", "A", "A", "A", "B", "B", "C"])
    pagu = {"A": 7 * juta, "B": 2 * juta}
    greedy = pr.pilih_dalam_pagu(biaya, skor, forum, pagu, "greedy")
    assert greedy.tolist() == [True, False, False, True, False, True, False]
    knap = pr.pilih_dalam_pagu(biaya, skor, forum, pagu, "knapsack")
    assert knap.tolist() == [False, True, True, False, False, True, False]
    with pytest.raises(ValueError):
        pr.pilih_dalam_pagu(biaya, skor, forum, pagu, "acak")


def test_greedy_massal_sama_dengan_per_forum():
    """The one-pass greedy over many forums equals the per-forum rule applied forum by forum."""
    from tests.geo.oracle import pilih_greedy

    rng = np.random.default_rng(3)
    n = 400
    biaya = pd.Series(rng.integers(1, 50, n).astype(float))
    skor = pd.Series(rng.integers(0, 20, n).astype(float))  # many ties: order by position
    forum = pd.Series(rng.integers(0, 9, n).astype(str))
    pagu = {str(k): float(rng.integers(20, 200)) for k in range(9)}
    massal = pr.pilih_dalam_pagu(biaya, skor, forum, pagu)
    for k, idx in forum.groupby(forum).groups.items():
        satu = pilih_greedy(biaya[idx].to_numpy(), skor[idx].to_numpy(), pagu[k])
        assert massal[idx].tolist() == satu.tolist()


def test_knapsack_pagu_besar_tetap_dalam_pagu():
    # a Rp 1 triliun ceiling with Rp units would need 10^6 columns: units become coarser, never over the pagu
    from geo.domain.prioritas import pilih_knapsack

    rng = np.random.default_rng(5)
    biaya = rng.uniform(1e9, 9e10, 30)
    skor = rng.uniform(0, 1, 30)
    pilih = pilih_knapsack(biaya, skor, 1e12)
    assert biaya[pilih].sum() <= 1e12
    assert not pilih_knapsack(biaya, skor, -5).any()
    # small case against brute force with coarse units: still feasible and at least as good as greedy
    b, s = np.array([4e12, 3e12, 2e12]), np.array([5.0, 4, 3])
    terbaik = max(
        sum(s[list(c)]) for r in range(4) for c in itertools.combinations(range(3), r) if sum(b[list(c)]) <= 5e12
    )
    assert s[pilih_knapsack(b, s, 5e12)].sum() == terbaik


def test_bobot_disimpan_per_forum_dengan_cek_versi(data_demo):
    from geo.store import db

    g = db.Gudang(data_demo)
    bobot, ind, versi = baca_bobot(g, 2027, "kecamatan", "99.01.02")
    assert bobot == pr.BOBOT_BAKU and ind is None and versi == 0
    baru = {**pr.BOBOT_BAKU, "suara": 40}
    assert (
        layanan_prioritas.simpan_bobot(
            g, 2027, "kecamatan", "99.01.02", baru, "prevalensi_stunting", 0, pelaku(nama="uji")
        )
        == 1
    )
    assert baca_bobot(g, 2027, "kecamatan", "99.01.02") == (baru, "prevalensi_stunting", 1)
    # another kecamatan falls back to the tier default, then to the built-in default
    assert baca_bobot(g, 2027, "kecamatan", "99.01.03")[2] == 0
    layanan_prioritas.simpan_bobot(
        g, 2027, "kecamatan", pr.SEMUA_FORUM, {**pr.BOBOT_BAKU, "urgensi": 1}, None, 0, pelaku(nama="uji")
    )
    assert baca_bobot(g, 2027, "kecamatan", "99.01.03")[0]["urgensi"] == 1
    # a second writer who opened version 0 is refused; nothing changes
    with pytest.raises(KonflikVersi, match="versi 1"):
        layanan_prioritas.simpan_bobot(
            g, 2027, "kecamatan", "99.01.02", pr.BOBOT_BAKU, None, 0, pelaku(nama="orang lain")
        )
    assert baca_bobot(g, 2027, "kecamatan", "99.01.02")[0] == baru
    g.tutup()


def test_suara_tersimpan_dan_tercatat(data_demo):
    from geo.store import db

    g = db.Gudang(data_demo)
    uid = int(g.df("SELECT min(id) i FROM kerja.usulan WHERE tahap = 'kecamatan' AND status = 'diajukan'")["i"][0])
    assert layanan_prioritas.simpan_suara(g, "kecamatan", {uid: 33}, pelaku(nama="uji")) == 1
    assert (
        layanan_prioritas.simpan_suara(g, "kecamatan", {uid: 33}, pelaku(nama="uji")) == 0
    )  # unchanged: nothing written
    assert g.df("SELECT jumlah FROM kerja.suara WHERE usulan_id = ?", [uid])["jumlah"][0] == 33
    assert g.df("SELECT count(*) n FROM kerja.audit_log WHERE aksi = 'suara' AND kunci = ?", [str(uid)])["n"][0] == 1
    with pytest.raises(KesalahanInput):
        layanan_prioritas.simpan_suara(g, "kecamatan", {uid: -2}, pelaku(nama="uji"))
    g.tutup()


def test_hitung_forum_memakai_sisa_pagu():
    u = _usulan(urgensi=[5, 4, 3], biaya=[60.0, 50.0, 30.0], kode_desa=["d1", "d1", "d2"])
    u["kode_kecamatan"] = "k1"
    u["id"] = [1, 2, 3]
    # pagu 150 with 70 already committed -> 80 left: greedy takes #1 (60), skips #2 (50), then #3 does not fit (30 > 20)
    h = pr.hitung_forum(u, "kecamatan", {"urgensi": 1}, None, {"k1": 150.0}, "greedy", {"k1": 70.0})
    assert h.set_index("id")["didanai"].to_dict() == {1: True, 2: False, 3: False}
    rekap = pr.rekap_pagu(h, {"k1": 150.0}, {"k1": 70.0}).iloc[0]
    assert (rekap["biaya_didanai"], rekap["terpakai"], rekap["sisa_pagu"]) == (60.0, 70.0, 20.0)
