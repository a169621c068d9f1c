"""Forum decisions respect the pagu and the spatial plan; a decision can be undone (issue 18).

Hand-built forums with independently worked-out answers, then the same rules through the store.
"""

from __future__ import annotations

import itertools
import json

import numpy as np
import pandas as pd
import pytest

from geo.domain import prioritas as pr
from geo.domain.forum import rencana_n_teratas, syarat_pengecualian
from geo.errors import KesalahanInput
from geo.services import forum as layanan_forum
from geo.store import kueri
from tests.akun import pelaku


@pytest.fixture
def data_demo(data_backend):
    """Every test of this module runs on both backends: the DuckDB files and the PostgreSQL server."""
    return data_backend


KAB = "99.01"


def _hasil(baris: list[tuple[int, str, int, float, bool]]) -> pd.DataFrame:
    return pd.DataFrame(baris, columns=["id", "forum", "peringkat", "biaya", "didanai"]).assign(versi=1)


def test_n_teratas_hanya_yang_muat_dalam_sisa_pagu():
    # Forum A, remaining pagu 100, greedy by rank: #1 (60) fits → 40 left; #2 (50) does not; #3 (30) fits → 10;
    # #4 (10) fits → 0. So didanai = {1, 3, 4}; with N = 2 the forum accepts #1 and #3 only.
    # Forum B has two usulan, only #5 fits its pagu.
    hasil = _hasil(
        [
            (1, "A", 1, 60.0, True),
            (2, "A", 2, 50.0, False),
            (3, "A", 3, 30.0, True),
            (4, "A", 4, 10.0, True),
            (5, "B", 1, 70.0, True),
            (6, "B", 2, 40.0, False),
        ]
    )
    r = rencana_n_teratas(hasil, 2).set_index("id")
    assert r["keputusan"].to_dict() == {
        1: "diterima",
        2: "ditunda",
        3: "diterima",
        4: "ditunda",
        5: "diterima",
        6: "ditunda",
    }
    assert "tidak muat dalam sisa pagu" in r.at[2, "sebab"] and "di luar 2 prioritas" in r.at[4, "sebab"]
    # a forum without a pagu is ranked, not capped
    r2 = rencana_n_teratas(hasil, 2, forum_berpagu={"A"}).set_index("id")
    assert r2.at[6, "keputusan"] == "diterima"
    # a non-conforming usulan is never accepted in bulk: it waits for its own decision
    r3 = rencana_n_teratas(hasil, 2, pd.Series({1: "tidak_sesuai", 3: "sesuai"})).set_index("id")
    assert pd.isna(r3.at[1, "keputusan"])
    assert r3.at[3, "keputusan"] == "diterima" and r3.at[4, "keputusan"] == "diterima"


def _usulan_buatan() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    n = 9
    return pd.DataFrame(
        {
            "id": np.arange(1, n + 1),
            "versi": 1,
            "kode_kecamatan": "K1",
            "kode_desa": [f"D{i % 3}" for i in range(n)],
            "urgensi": rng.integers(1, 6, n),
            "dampak": rng.integers(1, 6, n),
            "selaras_rpjmd": rng.integers(1, 6, n),
            "penerima_laki": rng.integers(10, 200, n),
            "penerima_perempuan": rng.integers(10, 200, n),
            "penerima_rentan": rng.integers(0, 30, n),
            "status_lahan": "tanah_desa",
            "sertifikat": True,
            "gambar_teknis": False,
            "rab": True,
            "biaya": rng.integers(1, 9, n) * 100e6,  # whole Rp 100 juta: no rounding in the knapsack
            "suara": rng.integers(0, 20, n),
        }
    )


@pytest.mark.parametrize("metode", ["greedy", "knapsack"])
def test_n_teratas_memakai_aturan_tersimpan(metode):
    """With N above the forum size, the accepted set is the pagu-feasible set of the rule (checked by brute force)."""
    u = _usulan_buatan()
    pagu, terpakai = {"K1": 2_000e6}, {"K1": 500e6}  # Rp 1,5 miliar left
    hasil = pr.hitung_forum(u, "kecamatan", pr.BOBOT_BAKU, None, pagu, metode, terpakai)
    terima = set(rencana_n_teratas(hasil, 99).query("keputusan == 'diterima'")["id"])
    skor = dict(zip(hasil["id"], hasil["skor"], strict=True))
    biaya = dict(zip(hasil["id"], hasil["biaya"], strict=True))
    sisa = 1_500e6
    if metode == "greedy":
        harapan, s = set(), sisa
        for i in hasil.sort_values(["peringkat", "id"])["id"]:  # plain loop over the ranks
            if biaya[i] <= s:
                harapan.add(i)
                s -= biaya[i]
    else:
        semua = [
            set(c)
            for k in range(len(u) + 1)
            for c in itertools.combinations(u["id"], k)
            if sum(biaya[i] for i in c) <= sisa
        ]
        terbaik = max(sum(skor[i] for i in c) for c in semua)
        harapan = next(c for c in semua if abs(sum(skor[i] for i in c) - terbaik) < 1e-12)
        assert abs(sum(skor[i] for i in terima) - terbaik) < 1e-9  # same best total (ties may pick another set)
        harapan = terima if abs(sum(skor[i] for i in harapan) - sum(skor[i] for i in terima)) < 1e-9 else harapan
    assert terima == harapan
    assert sum(biaya[i] for i in terima) <= sisa


def test_syarat_pengecualian():
    assert syarat_pengecualian("sesuai", 10.0, 10.0) == []
    assert syarat_pengecualian("perlu_kajian", 1.0, None) == ["kesesuaian ruang: perlu kajian"]
    assert syarat_pengecualian(None, 11.0, 10.0)[0].startswith("melebihi sisa pagu")


# --- through the store -----------------------------------------------------------------------


def _menunggu(g, kec: str) -> pd.DataFrame:
    return g.df(
        "SELECT id, versi, biaya FROM kerja.usulan WHERE tahun = 2027 AND tahap = 'kecamatan' AND status = 'diajukan' "
        "AND kode_kecamatan = ? ORDER BY biaya",
        [kec],
    )


def _set_pagu(g, kec: str, nilai: float) -> None:
    with g.sesi(tulis=True) as con:
        con.execute(
            "UPDATE kerja.pagu SET nilai = ? WHERE tahun = 2027 AND jenis = 'kecamatan' AND kode = ?", [nilai, kec]
        )


def test_terima_melebihi_pagu_atau_tidak_sesuai_perlu_alasan(gudang_demo):
    g = gudang_demo
    kec = "99.01.02"
    u = _menunggu(g, kec)
    assert len(u) >= 3
    terpakai = kueri.pagu_terpakai(g, KAB, 2027, "kecamatan").get(kec, 0.0)
    a, b = u.iloc[0], u.iloc[1]
    _set_pagu(g, kec, terpakai + float(a["biaya"]) - 1.0)  # a does not fit by Rp 1
    with pytest.raises(KesalahanInput, match="alasan_pengecualian") as e:
        layanan_forum.putuskan_usulan(
            g, int(a["id"]), "diterima", "prioritas warga", pelaku(nama="uji"), int(a["versi"])
        )
    assert "melebihi sisa pagu" in str(e.value)
    assert g.df("SELECT status FROM kerja.usulan WHERE id = ?", [int(a["id"])])["status"][0] == "diajukan"
    layanan_forum.putuskan_usulan(
        g, int(a["id"]), "diterima", "prioritas warga", pelaku(nama="uji"), int(a["versi"]), "jalan putus, darurat"
    )
    audit = g.df(
        "SELECT alasan FROM kerja.audit_log WHERE tabel = 'usulan' AND kunci = ? AND aksi = 'diterima'",
        [str(int(a["id"]))],
    )
    assert "pengecualian: jalan putus, darurat" in audit["alasan"][0] and "melebihi sisa pagu" in audit["alasan"][0]
    # a non-conforming verdict needs a reason too, even within the pagu
    _set_pagu(g, kec, 1e15)
    with g.sesi(tulis=True) as con:
        con.execute(
            "INSERT OR REPLACE INTO kerja.hasil_kesesuaian VALUES (?, ?, 'x', 'tidak_sesuai', ['LP2B'], '[]', true, "
            "NULL, NULL, NULL, NULL, current_localtimestamp())",
            [int(b["id"]), int(b["versi"])],
        )
    with pytest.raises(KesalahanInput, match="tidak sesuai"):
        layanan_forum.putuskan_usulan(g, int(b["id"]), "diterima", "disepakati", pelaku(nama="uji"), int(b["versi"]))
    # deferring or rejecting needs no exception reason
    layanan_forum.putuskan_usulan(g, int(b["id"]), "ditunda", "kaji ulang lokasi", pelaku(nama="uji"), int(b["versi"]))


def test_massal_ditolak_bila_melebihi_pagu_di_tengah_batch(gudang_demo):
    g = gudang_demo
    kec = "99.01.03"
    u = _menunggu(g, kec).head(3)
    terpakai = kueri.pagu_terpakai(g, KAB, 2027, "kecamatan").get(kec, 0.0)
    _set_pagu(g, kec, terpakai + float(u["biaya"].iloc[:2].sum()))  # the first two fit, the third does not
    batch = [(int(r.id), "diterima", "teratas", int(r.versi)) for r in u.itertuples()]
    with pytest.raises(KesalahanInput, match="melebihi sisa pagu"):
        layanan_forum.putuskan_massal(g, batch, pelaku(nama="uji"))
    assert set(g.df("SELECT status FROM kerja.usulan WHERE list_contains(?, id)", [list(u["id"])])["status"]) == {
        "diajukan"
    }
    hasil = layanan_forum.putuskan_massal(g, batch[:2], pelaku(nama="uji"))
    assert {p.tahap for p in hasil.values()} == {"forum_pd"}


def test_batalkan_memulihkan_dan_meninggalkan_dua_baris_audit(gudang_demo):
    g = gudang_demo
    kec = "99.01.02"
    _set_pagu(g, kec, 1e15)
    u = _menunggu(g, kec).iloc[0]
    uid, versi = int(u["id"]), int(u["versi"])
    sebelum = kueri.pagu_terpakai(g, KAB, 2027, "kecamatan").get(kec, 0.0)
    layanan_forum.putuskan_usulan(g, uid, "diterima", "disepakati", pelaku(nama="ani"), versi)
    assert kueri.pagu_terpakai(g, KAB, 2027, "kecamatan")[kec] == pytest.approx(sebelum + float(u["biaya"]))
    with pytest.raises(KesalahanInput, match="alasan"):
        layanan_forum.batalkan_keputusan(g, uid, versi + 1, "", pelaku(nama="ani"))
    posisi = layanan_forum.batalkan_keputusan(g, uid, versi + 1, "salah klik", pelaku(nama="ani"))
    assert (posisi.tahap, posisi.status) == ("kecamatan", "diajukan")
    r = g.df("SELECT tahap, status, versi FROM kerja.usulan WHERE id = ?", [uid]).iloc[0]
    assert (r["tahap"], r["status"], int(r["versi"])) == ("kecamatan", "diajukan", versi + 2)
    audit = g.df(
        "SELECT aksi, lama, baru FROM kerja.audit_log WHERE tabel = 'usulan' AND kunci = ? ORDER BY id", [str(uid)]
    )
    assert audit["aksi"].tolist()[-2:] == ["diterima", "batal"]
    assert (
        json.loads(audit["baru"].iloc[-1])["tahap"] == "kecamatan"
        and json.loads(audit["lama"].iloc[-1])["tahap"] == "forum_pd"
    )
    assert g.df("SELECT status FROM kerja.keputusan WHERE usulan_id = ? ORDER BY waktu", [uid])["status"].tolist()[
        -2:
    ] == [
        "diterima",
        "dibatalkan",
    ]
    assert kueri.pagu_terpakai(g, KAB, 2027, "kecamatan").get(kec, 0.0) == pytest.approx(sebelum)
    assert uid not in set(kueri.keputusan_forum(g, KAB, 2027, "kecamatan")["id"])
    # nothing left to undo; and a decision the usulan has moved on from cannot be undone
    with pytest.raises(KesalahanInput, match="tidak dapat dibatalkan"):
        layanan_forum.batalkan_keputusan(g, uid, versi + 2, "lagi", pelaku(nama="ani"))
    layanan_forum.putuskan_usulan(g, uid, "diterima", "disepakati lagi", pelaku(nama="ani"), versi + 2)
    layanan_forum.putuskan_usulan(g, uid, "ditolak", "tidak prioritas OPD", pelaku(nama="budi"), versi + 3)
    layanan_forum.batalkan_keputusan(
        g, uid, versi + 4, "penolakan OPD ditinjau", pelaku(nama="budi")
    )  # undoes the forum_pd one
    with pytest.raises(KesalahanInput, match="tidak dapat dibatalkan"):
        layanan_forum.batalkan_keputusan(g, uid, versi + 5, "batalkan kecamatan juga", pelaku(nama="ani"))


def test_dikembalikan_tidak_lagi_memakai_pagu_dan_aturan_tahap_pertama(gudang_demo):
    g = gudang_demo
    kec = "99.01.02"
    _set_pagu(g, kec, 1e15)
    u = _menunggu(g, kec).iloc[0]
    uid, versi = int(u["id"]), int(u["versi"])
    sebelum = kueri.pagu_terpakai(g, KAB, 2027, "kecamatan").get(kec, 0.0)
    layanan_forum.putuskan_usulan(g, uid, "diterima", "disepakati", pelaku(nama="ani"), versi)
    layanan_forum.putuskan_usulan(g, uid, "dikembalikan", "perlu dilengkapi RAB", pelaku(nama="budi"), versi + 1)
    # back at the kecamatan, waiting again: its cost is no longer committed there
    assert kueri.pagu_terpakai(g, KAB, 2027, "kecamatan").get(kec, 0.0) == pytest.approx(sebelum)
    # the first tier cannot send anything back
    desa = g.df("SELECT id, versi FROM kerja.usulan WHERE tahap = 'desa' AND status = 'diajukan' LIMIT 1").iloc[0]
    with pytest.raises(KesalahanInput, match="tahap pertama"):
        layanan_forum.putuskan_usulan(g, int(desa["id"]), "dikembalikan", "x", pelaku(nama="ani"), int(desa["versi"]))


def test_tunda_yang_sudah_dibawa_tidak_dapat_dibatalkan(gudang_demo):
    from geo.services.usulan import bawa_ke_tahun_depan

    g = gudang_demo
    u = _menunggu(g, "99.01.02").iloc[0]
    uid, versi = int(u["id"]), int(u["versi"])
    layanan_forum.putuskan_usulan(g, uid, "ditunda", "pagu habis", pelaku(nama="ani"), versi)
    baru = bawa_ke_tahun_depan(g, [uid], pelaku(nama="ani"))[uid]
    with pytest.raises(KesalahanInput, match=f"#{baru}"):
        layanan_forum.batalkan_keputusan(g, uid, versi + 1, "salah", pelaku(nama="ani"))
