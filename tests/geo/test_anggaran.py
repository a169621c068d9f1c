"""Budget chain rules (issue 15) on hand-built cases: nomenclature codes, the what-if by ceilings in the forum's
priority order (answers worked out by hand), overlap across OPDs, and the bad-input checks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point

from geo.domain import anggaran as ang
from geo.domain import sinkronisasi as sk


def test_bentuk_kode_dan_induk():
    assert [ang.tingkat_kode(k) for k in ("1", "1.03", "1.03.10", "1.03.10.2.01", "1.03.10.2.01.0001")] == list(
        ang.TINGKAT
    )
    assert ang.tingkat_kode("1.03.10.2.1") is None and ang.tingkat_kode("5.1.02.01.01.0024") is None
    assert ang.induk_kode("1.03.10.2.01") == "1.03.10"  # a kegiatan's parent is the program


def test_periksa_nomenklatur_menyebut_baris_dan_kolom():
    df = pd.DataFrame(
        {
            "kode": ["1", "1.03", "1.03.10", "1.03.10.2.01.0001", "1.3", "1.03"],
            "nama": ["U", "B", "P", "S", "X", "B lagi"],
            "indikator": [None, None, None, None, None, None],
            "satuan": [None, None, None, "m", None, None],
        }
    )
    m = {(x.lokasi, x.kolom, x.nilai) for x in ang.periksa_nomenklatur(df)}
    assert ("baris 5", "indikator", "(kosong)") in m  # sub-kegiatan needs an output indicator
    assert ("baris 5", "kode", "1.03.10.2.01.0001") in m  # its kegiatan 1.03.10.2.01 is missing
    assert ("baris 6", "kode", "1.3") in m  # not a code shape
    assert ("baris 7", "kode", "1.03") in m and ("baris 3", "kode", "1.03") in m  # duplicate


# --- what-if: a hand-worked case -------------------------------------------------------------------
#  id opd prog  nilai skor
#   1  A  P1    30   .9   P1 50 -> 20 left, A 100 -> 70       stays
#   2  A  P1    30   .8   P1 has 20 left                       OUT
#   3  A  P2    40   .7   A 70 -> 30                           stays
#   4  A  P1    20   .6   P1 20 -> 0, A 30 -> 10               stays
#   5  A  P2    15   .5   A has 10 left                        OUT
#   6  A  P2    10   .4   A 10 -> 0                            stays
#   7  B  P3   500   .1   B has no ceiling                     stays
U = pd.DataFrame(
    {
        "id": [1, 2, 3, 4, 5, 6, 7],
        "opd": ["A"] * 6 + ["B"],
        "kode_program": ["P1", "P1", "P2", "P1", "P2", "P2", "P3"],
        "nilai": [30.0, 30, 40, 20, 15, 10, 500],
        "skor": [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.1],
    }
)
PLAFON = pd.DataFrame({"opd": ["A", "A"], "kode_program": ["", "P1"], "nilai": [100.0, 50.0]})


def test_whatif_kasus_tangan():
    sim = sk.Simulasi(U.sample(frac=1, random_state=3).reset_index(drop=True), PLAFON)  # input order is irrelevant
    tetap = dict(zip(sim.usulan["id"], sim.tetap, strict=True))
    assert [tetap[i] for i in range(1, 8)] == [True, False, True, True, False, True, True]


def test_whatif_ubah_satu_plafon():
    sim = sk.Simulasi(U, PLAFON)
    # A down to 60: 1 (A 30 left, P1 20), 2 out (P1), 3 out (40 > 30), 4 stays (A 10, P1 0), 5 out, 6 stays
    berubah = sim.ubah("A", "", 60.0)
    assert sim.tetap.tolist() == [True, False, False, True, False, True, True]
    assert berubah.tolist() == [2]  # row of usulan 3 only
    # programme ceiling removed: 1 and 2 fill A's 60, the rest falls out
    sim.ubah("A", "P1", None)
    assert sim.tetap.tolist() == [True, True, False, False, False, False, True]
    # B gets a ceiling below its only usulan
    sim.ubah("B", "", 100.0)
    assert not sim.tetap[6]


def _rujukan(u: pd.DataFrame, plafon: pd.DataFrame) -> np.ndarray:
    """An independent, plain-pandas statement of the rule (sort, then walk each OPD)."""
    opd = {r.opd: r.nilai for r in plafon.itertuples() if r.kode_program == ""}
    prog = {(r.opd, r.kode_program): r.nilai for r in plafon.itertuples() if r.kode_program != ""}
    hasil = pd.Series(False, index=u.index)
    for o, g in u.sort_values(["skor", "id"], ascending=[False, True]).groupby("opd", sort=False):
        sisa = opd.get(o, np.inf)
        sisa_p = {p: v for (oo, p), v in prog.items() if oo == o}
        for i, r in g.iterrows():
            if r.nilai <= sisa and r.nilai <= sisa_p.get(r.kode_program, np.inf):
                sisa -= r.nilai
                if r.kode_program in sisa_p:
                    sisa_p[r.kode_program] -= r.nilai
                hasil[i] = True
    return hasil.to_numpy()


def test_whatif_bertahap_sama_dengan_dari_awal():
    rng = np.random.default_rng(7)
    n = 400
    u = pd.DataFrame(
        {
            "id": np.arange(1, n + 1),
            "opd": rng.choice(list("ABCDE"), n),
            "kode_program": rng.choice(["P1", "P2", "P3"], n),
            "nilai": rng.integers(1, 50, n).astype(float),
            "skor": rng.integers(0, 20, n) / 20,  # ties broken by id
        }
    )
    plafon = pd.DataFrame({"opd": list("ABCD"), "kode_program": "", "nilai": [300.0, 200, 500, 100]})
    sim = sk.Simulasi(u, plafon)
    for _ in range(30):
        o, p = rng.choice(list("ABCDE")), rng.choice(["", "P1", "P2"])
        v = None if rng.uniform() < 0.15 else float(rng.integers(0, 600))
        sim.ubah(str(o), str(p), v)
        rows = [{"opd": k, "kode_program": "", "nilai": x} for k, x in sim.plafon_opd.items()]
        rows += [{"opd": k, "kode_program": pp, "nilai": x} for k, d in sim.plafon_prog.items() for pp, x in d.items()]
        akhir = pd.DataFrame(rows, columns=["opd", "kode_program", "nilai"])
        assert (sim.tetap == _rujukan(u, akhir)).all()
        assert (sim.tetap == sk.Simulasi(u, akhir).tetap).all()


def test_status_baris_dan_rekap_wilayah():
    baris = pd.DataFrame({"kode_dipa": ["x", "y", "z"], "usulan_id": [[1, 2], [3], [4]], "pagu": [60.0, 40, 20]})
    nilai = pd.Series({1: 30.0, 2: 30.0, 3: 40.0, 4: 20.0})
    s = sk.status_baris(baris, {1, 4}, nilai)
    assert s["status"].tolist() == ["terpotong", "keluar", "tetap"] and s["pagu_tetap"].tolist() == [30.0, 0.0, 20.0]
    u = pd.DataFrame({"kode_kecamatan": ["k1", "k1", "k2", "k2"], "nilai": [30.0, 30, 40, 20]})
    r = sk.rekap_wilayah(u, np.array([True, False, False, True]), "kode_kecamatan")
    assert r[["kode_kecamatan", "keluar", "nilai_keluar"]].values.tolist() == [["k2", 1, 40.0], ["k1", 1, 30.0]]


def _titik(dx_m: float) -> Point:
    return Point(110.0 + dx_m / 110_400, -7.0)


def test_tumpang_tindih_antar_opd():
    teks = "Rehabilitasi jalan lingkungan dusun Krajan"
    baris = pd.DataFrame(
        {
            "id": [1, 2, 3, 4, 5, 6],
            "opd": ["X", "Y", "X", "Z", "Z", "Z"],
            "kelas_kegiatan": ["jalan", "jalan", "jalan", "jalan", "drainase", "jalan"],
            "uraian": [teks, teks + " RT 02", teks, teks, teks, "Pembangunan gedung posyandu baru"],
            "geometry": [_titik(0), _titik(50), _titik(60), _titik(2000), _titik(0), _titik(0)],
        }
    )
    hasil = sk.tumpang_tindih(baris)
    # must match: 1–2 and 2–3 (two OPDs, 50 m and 10 m apart, same class, same words)
    # must not: 1–3 (same OPD), 4 (2 km away), 5 (drainase, another activity), 6 (other words)
    assert set(zip(hasil["id_a"], hasil["id_b"], strict=True)) == {(1, 2), (2, 3)}
    assert (hasil["opd_a"] != hasil["opd_b"]).all()


def test_plafon_di_bawah_kontrak_rak_dan_usulan_ganda():
    p = pd.DataFrame(
        {"opd": ["A", "B"], "kode_program": ["", "1.03.10"], "nilai": [5e8, 9e8], "terkontrak": [7e8, 1e8]}
    )
    m = ang.periksa_plafon(p)
    assert [(x.lokasi, x.kolom) for x in m] == [("plafon A", "nilai")]
    rak = pd.DataFrame({"renja_id": [1, 1, 2, 2], "bulan": [3, 13, 6, 12], "nilai": [50.0, 50, 30, 30]})
    m = ang.periksa_rak(rak, pd.Series({1: 100.0, 2: 80.0}))
    assert {(x.lokasi, x.kolom) for x in m} == {("baris DPA 1", "bulan"), ("baris DPA 2", "nilai")}
    b = pd.DataFrame({"id": [10, 11, 12], "usulan_id": [[1, 2], [3], [2, 3]]})
    assert [(x.lokasi, x.kolom, x.nilai) for x in ang.usulan_ganda(b)] == [
        ("baris 12", "usulan_id", "2"),
        ("baris 12", "usulan_id", "3"),
    ]


def test_baris_dipa_tanpa_padanan_didaftar():
    nom = pd.DataFrame(
        {
            "kode": ["1.03.10", "1.03.10.2.01", "1.03.10.2.01.0001"],
            "nama": ["Program Jalan", "Kegiatan Jalan", "Rehabilitasi Jalan"],
            "indikator": [None, None, "Panjang jalan"],
            "satuan": [None, None, "m"],
        }
    )
    u = pd.DataFrame(
        {
            "id": [3, 1, 2, 4],
            "opd": ["PU", "PU", "PU", "PU"],
            "kode_kamus": ["J", "J", "T", "X"],
            "volume": [100.0, 50, 1, 1],
            "satuan": ["m", "m", "unit", "unit"],
            "nilai": [10.0, 5, 7, 9],
            "sumber_dana": ["APBD", "APBD", "APBD", "APBD"],
            "kode_desa": ["d1", "d2", "d1", "d1"],
            "kode_kecamatan": ["k1", "k1", "k1", "k1"],
            "penerima_laki": [40, None, 1, 1],
            "penerima_perempuan": [45, 20, 1, 1],
        }
    )
    baris, tanpa = ang.baris_dipa(u, {"J": "1.03.10.2.01.0001", "X": "9.99.99.9.99.9999"}, nom)
    assert len(baris) == 1 and baris.iloc[0]["usulan_id"] == [1, 3] and baris.iloc[0]["target"] == 150.0
    assert baris.iloc[0]["kode_program"] == "1.03.10" and baris.iloc[0]["lokasi"] == 2
    assert baris.iloc[0]["penerima"] == 105.0  # outcome target: 40 + 45 + 20 (a missing count is not guessed)
    assert sorted(tanpa["id"]) == [2, 4]  # T has no mapping, X maps to an unknown code: listed, never guessed


def test_rak_versi_berlaku():
    versi = ang.versi_berlaku(pd.DataFrame({"versi": [1, 2, 3], "berlaku_bulan": [1, 7, 10]}))
    assert [versi[m] for m in (1, 6, 7, 9, 10, 12)] == [1, 1, 2, 2, 3, 3]


@pytest.mark.parametrize("bulan", [6, 7])
def test_rak_kumulatif_memakai_versi_bulan_itu(bulan):
    r = pd.DataFrame({"versi": [1, 1, 2, 2], "renja_id": [7] * 4, "bulan": [3, 6, 3, 9], "nilai": [50.0] * 4})
    k = ang.rak_kumulatif(r, {m: 1 if m < 7 else 2 for m in range(1, 13)}).set_index("bulan")["rencana_keuangan"]
    assert k[bulan] == {6: 100.0, 7: 50.0}[bulan]


def test_tumpang_tindih_renja_baris_tanpa_lokasi():
    teks = "Rehabilitasi jalan lingkungan dusun Krajan"
    baris = pd.DataFrame(
        {
            "id": [1, 2, 3, 4, 5, 6],
            "opd": ["PU", "Perkim", "PU", "Perkim", "Perkim", "Dinkes"],
            "kelas_kegiatan": ["jalan", "jalan", "jalan", "jalan", "drainase", "jalan"],
            "uraian": [teks, teks + " (pokir)", teks, teks, teks, teks + " (teknokratis)"],
            "kode_wilayah": ["d1", "d1", "d1", "d2", "d1", "d9"],
            "geometry": [_titik(0), None, None, None, None, None],
        }
    )
    hasil = sk.tumpang_tindih_renja(baris)
    # must match: 1–2 (PU line located in d1, Perkim pokir line at d1) and 2–3 (PU and Perkim, both at d1)
    # must not: 1–3 (same OPD), 4 (another desa), 5 (drainase), 6 (d9)
    assert set(zip(hasil["id_a"], hasil["id_b"], strict=True)) == {(1, 2), (2, 3)}
    assert hasil["jarak_m"].isna().all()  # found by wilayah code, not by distance


def test_whatif_plafon_dikurangi_yang_sudah_terkontrak():
    """Ceiling 100 of which 50 is bound by contracts: room 50 (worked by hand)."""
    u = pd.DataFrame(
        {
            "id": [1, 2, 3],
            "opd": ["A"] * 3,
            "kode_program": [""] * 3,
            "nilai": [60.0, 40.0, 10.0],
            "skor": [0.9, 0.8, 0.1],
        }
    )
    p = pd.DataFrame({"opd": ["A"], "kode_program": [""], "nilai": [100.0], "terkontrak": [50.0]})
    # 60 does not fit in 50 and falls out; 40 fits (10 left); 10 fits (0 left)
    assert sk.pilih_plafon(u, p).tolist() == [False, True, True]
    assert sk.pilih_plafon(u, p.assign(terkontrak=0.0)).tolist() == [True, True, False]  # room 100: 60 + 40
