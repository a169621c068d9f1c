"""The crosswalk as a global assignment, and messy source boundary sets (issue 12, items 1 and 3).

Hand-built squares of 0.01° (~1.1 km) near 110° E, 7° S. Overlaps below are worked out on the
squares by hand (IoU of two unit squares shifted by d along one axis = (1 - d) / (1 + d));
the UTM projection the crosswalk measures in changes them by well under 1 %.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely import box

from geo.errors import KesalahanInput
from pipelines.batas_sumber import gabung_fitur_sama, pisahkan_di_luar
from pipelines.cocok import cocokkan_wilayah
from pipelines.muat import OpsiBatas, muat_batas
from tests.pipelines.berkas_uji import gdf_desa, tulis_vektor

X0, Y0, D = 110.0, -7.0, 0.01


def kotak(x: float, y: float = 0.0, lebar: float = 1.0, tinggi: float = 1.0):
    """A square in grid units (1 = 0.01°) with its lower-left corner at (x, y)."""
    return box(X0 + x * D, Y0 + y * D, X0 + (x + lebar) * D, Y0 + (y + tinggi) * D)


def target(*desa: tuple[str, str, object], induk: str = "Barat") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kode": [d[0] for d in desa],
            "nama": [d[1] for d in desa],
            "nama_induk": induk,
            "geometry": [d[2] for d in desa],
        }
    )


def sumber(*desa: tuple[str, str, object], induk: str = "BARAT") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kode_sumber": [d[0] for d in desa],
            "nama": [d[1] for d in desa],
            "nama_induk": induk,
            "geometry": [d[2] for d in desa],
        }
    )


def pasangan(h) -> dict[str, str]:
    return dict(zip(h.pasangan["kode_sumber"], h.pasangan["kode"], strict=True))


# --------------------------------------------------------------------------- same name vs overlap
def test_nama_sama_menang_atas_tumpang_tindih_tetangga():
    """SUKAMAJU overlaps Sukamaju by IoU 0.4/1.6 = 0.25 and Cibodas by 0.6/1.4 = 0.43: the name wins."""
    t = target(("33.01.01.2001", "Sukamaju", kotak(0)), ("33.01.01.2002", "Cibodas", kotak(1)))
    h = cocokkan_wilayah(sumber(("3301010001", "SUKAMAJU", kotak(0.6))), t)
    assert pasangan(h) == {"3301010001": "33.01.01.2001"}
    assert h.pasangan["metode"].tolist() == ["nama+spasial"]
    assert h.pasangan["skor"].iloc[0] == pytest.approx(0.25, abs=0.01)
    assert h.tinjau.empty and h.tak_cocok.empty


def test_tumpang_tindih_besar_menang_tetapi_ditinjau():
    """Overwhelming overlap (Cibodas IoU 0.95/1.05 = 0.90, Sukamaju 0): overlap wins, listed for review."""
    t = target(("33.01.01.2001", "Sukamaju", kotak(0)), ("33.01.01.2002", "Cibodas", kotak(1)))
    h = cocokkan_wilayah(sumber(("3301010001", "SUKAMAJU", kotak(1.05))), t)
    assert pasangan(h) == {"3301010001": "33.01.01.2002"}
    assert h.pasangan["metode"].tolist() == ["spasial"]
    assert h.tinjau[["kode_sumber", "kode", "nama_target", "kode_alternatif"]].values.tolist() == [
        ["3301010001", "33.01.01.2002", "Cibodas", "33.01.01.2001"]
    ]
    assert "ada desa bernama Sukamaju" in h.tinjau["alasan"].iloc[0]


# --------------------------------------------------------------------------- swaps of similar names
KALER_KIDUL = target(("33.01.01.2001", "Sukamaju Kaler", kotak(0)), ("33.01.01.2002", "Sukamaju Kidul", kotak(1)))


def test_tukar_penuh_dua_nama_mirip_tidak_diam_diam():
    """Geometry fully swapped (IoU 1 across, 0 straight): 2 × 1.0 beats 2 × 0.8, but both are listed."""
    s = sumber(("3301010001", "SUKAMAJU KALER", kotak(1)), ("3301010002", "SUKAMAJU KIDUL", kotak(0)))
    h = cocokkan_wilayah(s, KALER_KIDUL)
    assert pasangan(h) == {"3301010001": "33.01.01.2002", "3301010002": "33.01.01.2001"}
    tinjau = h.tinjau.set_index("kode_sumber")
    assert sorted(tinjau.index) == ["3301010001", "3301010002"]
    assert tinjau.loc["3301010001", "kode_alternatif"] == "33.01.01.2001"  # its namesake
    assert tinjau.loc["3301010002", "kode_alternatif"] == "33.01.01.2002"
    # a person's decision settles it: manual pairs, nothing left to review
    h = cocokkan_wilayah(s, KALER_KIDUL, {"3301010001": "33.01.01.2001", "3301010002": "33.01.01.2002"})
    assert pasangan(h) == {"3301010001": "33.01.01.2001", "3301010002": "33.01.01.2002"}
    assert set(h.pasangan["metode"]) == {"manual"} and h.tinjau.empty


@pytest.mark.parametrize(("nama_a", "nama_b"), [("Sukamaju Kaler", "Sukamaju Kidul"), ("Sukamaju", "Sukamaju Jaya")])
def test_tukar_sebagian_nama_menang_dan_ditinjau(nama_a, nama_b):
    """Half-swapped: A at x 0.75 (IoU with A 0.25/1.75 = 0.14, with B 0.75/1.25 = 0.6), B at x -0.25.

    Straight: (0.14 + 0.8) + (0 + 0.8) = 1.74; swapped: 0.6 + 0.6 = 1.2 (a similar name earns
    nothing while the namesake exists). The names win, both listed because the overlap disagrees.
    """
    t = target(("33.01.01.2001", nama_a, kotak(0)), ("33.01.01.2002", nama_b, kotak(1)))
    s = sumber(("3301010001", nama_a.upper(), kotak(0.75)), ("3301010002", nama_b.upper(), kotak(-0.25)))
    h = cocokkan_wilayah(s, t)
    assert pasangan(h) == {"3301010001": "33.01.01.2001", "3301010002": "33.01.01.2002"}
    assert dict(zip(h.pasangan["kode_sumber"], h.pasangan["metode"], strict=True)) == {
        "3301010001": "nama+spasial",
        "3301010002": "nama",
    }
    assert sorted(h.tinjau["kode_sumber"]) == ["3301010001", "3301010002"]
    assert dict(zip(h.tinjau["kode_sumber"], h.tinjau["kode_alternatif"], strict=True)) == {
        "3301010001": "33.01.01.2002",
        "3301010002": "33.01.01.2001",
    }


# --------------------------------------------------------------------------- leftovers and ambiguity
def test_tanpa_pasangan_ke_tak_cocok():
    t = target(("33.01.01.2001", "Sukamaju", kotak(0)), ("33.01.01.2002", "Cibodas", kotak(1)))
    s = sumber(("3301010001", "SUKAMAJU", kotak(0)), ("3301010009", "CIBURUY", kotak(5)))
    h = cocokkan_wilayah(s, t)
    assert pasangan(h) == {"3301010001": "33.01.01.2001"}
    assert h.tak_cocok[["kode_sumber", "alasan"]].values.tolist() == [
        ["3301010009", "tidak ada desa bernama mirip yang belum dipakai di kecamatan yang sama"]
    ]


def test_nama_ganda_tanpa_geometri_tidak_ditebak():
    """Two Sukamaju in one kecamatan and no geometry: neither source is guessed; Cibodas still matches."""
    t = pd.DataFrame(
        {"kode": ["33.01.01.2001", "33.01.01.2002", "33.01.01.2003"], "nama": ["Sukamaju", "Sukamaju", "Cibodas"]}
    ).assign(nama_induk="Barat")
    s = pd.DataFrame({"kode_sumber": ["barat|sukamaju", "barat|cibodas"], "nama": ["Sukamaju", "Cibodas"]}).assign(
        nama_induk="Barat"
    )
    h = cocokkan_wilayah(s, t)
    assert pasangan(h) == {"barat|cibodas": "33.01.01.2003"}
    assert h.tak_cocok["kode_sumber"].tolist() == ["barat|sukamaju"]
    assert "lebih dari satu" in h.tak_cocok["alasan"].iloc[0]


def test_seri_di_antara_dua_senama_tidak_ditebak():
    """SUKAMAJU half on each of two Sukamaju (IoU 0.5/1.5 = 0.33 each): an exact tie is not broken by code order."""
    t = target(("33.01.01.2001", "Sukamaju", kotak(0)), ("33.01.01.2002", "Sukamaju", kotak(1)))
    h = cocokkan_wilayah(sumber(("3301010001", "SUKAMAJU", kotak(0.5))), t)
    assert h.pasangan.empty
    assert "lebih dari satu" in h.tak_cocok["alasan"].iloc[0]


# --------------------------------------------------------------------------- messy boundary sets
def test_desa_terbelah_digabung():
    """Sukamaju in two halves 11 m apart (two codes) and Cibodas touching it: one Sukamaju."""
    s = sumber(
        ("3301010001", "SUKAMAJU", kotak(0, lebar=0.5)),
        ("3301010003", "Sukamaju", kotak(0.51, lebar=0.49)),  # gap 0.0001° ≈ 11 m
        ("3301010002", "CIBODAS", kotak(1)),
        ("3301010004", "CIBODAS", kotak(5)),  # same name 4 km away: a different unit, not merged
    )
    g = gabung_fitur_sama(s.iloc[:3], berkode=True)
    assert g.sumber[["kode_sumber", "fitur"]].values.tolist() == [["3301010001", [1, 2]], ["3301010002", [3]]]
    assert g.alias == {"3301010003": "3301010001"} and g.ganda == {}
    assert g.digabung[["kode_sumber", "jumlah_fitur", "kode_digabung"]].values.tolist() == [
        ["3301010001", 2, "3301010001, 3301010003"]
    ]
    assert 5 <= g.digabung["jarak_m"].iloc[0] <= 20
    h = cocokkan_wilayah(
        g.sumber, target(("33.01.01.2001", "Sukamaju", kotak(0)), ("33.01.01.2002", "Cibodas", kotak(1)))
    )
    assert pasangan(h) == {"3301010001": "33.01.01.2001", "3301010002": "33.01.01.2002"}
    assert h.pasangan["skor"].tolist()[0] == pytest.approx(0.99, abs=0.01)  # the merged halves cover it
    jauh = gabung_fitur_sama(s.iloc[2:], berkode=True)
    assert len(jauh.sumber) == 2 and jauh.digabung.empty


def test_angka_romawi_tidak_digabung_dan_dibedakan():
    """Sukamaju I and Sukamaju II touch but are two desa: never merged, each matched to its own."""
    s = sumber(("3301010001", "SUKAMAJU I", kotak(0.1)), ("3301010002", "SUKAMAJU II", kotak(1.1)))
    assert gabung_fitur_sama(s, berkode=True).digabung.empty
    t = target(("33.01.01.2001", "Sukamaju I", kotak(0)), ("33.01.01.2002", "Sukamaju II", kotak(1)))
    assert pasangan(cocokkan_wilayah(s, t)) == {"3301010001": "33.01.01.2001", "3301010002": "33.01.01.2002"}
    tanpa_geometri = cocokkan_wilayah(s.drop(columns="geometry"), t.drop(columns="geometry"))
    assert pasangan(tanpa_geometri) == {"3301010001": "33.01.01.2001", "3301010002": "33.01.01.2002"}
    assert set(tanpa_geometri.pasangan["metode"]) == {"nama"}


def test_di_luar_tanpa_kolom_kabupaten():
    """Without a kabupaten field: a feature with < 20 % of its area inside the target desa is set aside."""
    t = target(("33.01.01.2001", "Sukamaju", kotak(0)), ("33.01.01.2002", "Cibodas", kotak(1)))
    s = sumber(("1", "SUKAMAJU", kotak(0)), ("2", "TETANGGA", kotak(1.9)), ("3", "SEBAGIAN", kotak(1.7)))
    dalam, luar = pisahkan_di_luar(s, t)
    assert dalam["kode_sumber"].tolist() == ["1", "3"]  # "3" has 30 % inside
    assert luar["kode_sumber"].tolist() == ["2"] and luar["bagian_di_dalam"].iloc[0] == pytest.approx(0.1, abs=0.01)
    dalam, luar = pisahkan_di_luar(s, t, tetap={"2"})  # a manual decision keeps it
    assert luar.empty


def _muat_kemendagri(berkas, tmp_path):
    muat_batas(tulis_vektor(gdf_desa(), tmp_path / "kemendagri", "geojson"), OpsiBatas(), berkas)


def _crosswalk(berkas) -> dict[str, tuple[str, str]]:
    con = duckdb.connect(str(berkas.referensi), read_only=True)
    try:
        return {
            k: (v, m)
            for k, v, m in con.execute(
                "SELECT kode_sumber, kode, metode FROM crosswalk_kode WHERE skema = 'bps'"
            ).fetchall()
        }
    finally:
        con.close()


def test_muat_batas_tetangga_di_luar_dan_desa_terbelah(data_demo, tmp_path):
    """End to end: our 4 desa (Sukamaju in two features) and 2 desa of the neighbouring kabupaten."""
    _muat_kemendagri(data_demo, tmp_path)
    b = gdf_desa()
    b["kode"] = ["9801010001", "9801010002", "9801020001", "9801020002"]
    b["nmkab"] = "CONTOH"
    barat, timur = b.geometry.iloc[0].bounds[0], b.geometry.iloc[0].bounds[2]
    utara, selatan = b.geometry.iloc[0].bounds[3], b.geometry.iloc[0].bounds[1]
    tengah = (barat + timur) / 2
    belahan = b.iloc[[0]].assign(geometry=[box(tengah, selatan, timur, utara)])
    b.loc[0, "geometry"] = box(barat, selatan, tengah, utara)
    tetangga = b.iloc[[2, 3]].assign(
        kode=["9802010001", "9802010002"],
        nama=["Jati", "Karang"],
        nmkab="TETANGGA",
        geometry=[
            g.buffer(0) for g in b.geometry.iloc[[2, 3]].translate(xoff=0.0102)
        ],  # ~1 km east, outside every desa
    )
    berkas = tulis_vektor(pd.concat([b, belahan, tetangga], ignore_index=True), tmp_path / "bps", "geojson")
    lap = muat_batas(berkas, OpsiBatas(kolom_nama="nama"), data_demo)
    assert (lap.baris_masuk, lap.baris_keluar) == (7, 4)
    assert lap.tak_cocok.empty
    assert "9802010001 Jati" in lap.rincian["di luar kabupaten"] and "9802010002" in lap.rincian["di luar kabupaten"]
    assert lap.rincian["fitur digabung"].startswith("1 desa dari 2 fitur")
    assert {k: v for k, (v, _) in _crosswalk(data_demo).items()} == {
        "9801010001": "98.01.01.2001",
        "9801010002": "98.01.01.2002",
        "9801020001": "98.01.02.2001",
        "9801020002": "98.01.02.1002",
    }
    # --resolusi works for a row of the outside list: the feature is kept and matched by hand
    resolusi = tmp_path / "resolusi.csv"
    resolusi.write_text("kode_sumber,kode\n9802010002,98.01.02.1002\n")
    tanpa_kota_lama = pd.concat([b.iloc[:3], belahan, tetangga], ignore_index=True)
    lap = muat_batas(
        tulis_vektor(tanpa_kota_lama, tmp_path / "bps2", "geojson"), OpsiBatas(resolusi=resolusi), data_demo
    )
    assert _crosswalk(data_demo)["9802010002"] == ("98.01.02.1002", "manual")
    assert "9802010002" not in lap.rincian["di luar kabupaten"] and "9802010001" in lap.rincian["di luar kabupaten"]


def test_muat_batas_kode_ganda_berjauhan_ditolak(data_demo, tmp_path):
    _muat_kemendagri(data_demo, tmp_path)
    b = gdf_desa()
    b["kode"] = ["9801010001", "9801010001", "9801020001", "9801020002"]  # Sukamaju's code on Tegalreja too
    with pytest.raises(KesalahanInput, match="satu kode BPS per desa"):
        muat_batas(tulis_vektor(b, tmp_path / "bps", "geojson"), OpsiBatas(kolom_nama="nama"), data_demo)


# --------------------------------------------------------------------------- properties
GESER = [-0.5, -0.25, 0.0, 0.25, 0.5]
NAMA = ["Sukamaju", "Sukamaju Jaya", "Sukamaju Kaler", "Sukamaju Kidul", "Cibodas", "Cibodas", "Mekarsari"]


@st.composite
def kasus(draw):
    """A 3 × 3 grid of target desa with names from a small, clashing vocabulary, and a source per cell.

    Each source is its cell shifted by up to half a cell, named like its cell, like another
    cell, or anew; some cells have no source. Sources may overlap each other (messy files).
    """
    n = 9
    nama_t = draw(st.lists(st.sampled_from(NAMA), min_size=n, max_size=n))
    t = target(*[(f"33.01.01.{2001 + k}", nama_t[k], kotak(k % 3, k // 3)) for k in range(n)])
    baris = []
    for k in range(n):
        if draw(st.booleans()) and draw(st.booleans()):
            continue  # no source for this cell
        # shifts in quarter cells: equal overlaps (ties) are common
        dx, dy = draw(st.sampled_from(GESER)), draw(st.sampled_from(GESER))
        nama = draw(st.sampled_from([nama_t[k].upper(), nama_t[k].upper(), *[x.upper() for x in NAMA], "BARU"]))
        baris.append((f"33010100{k:02d}", nama, kotak(k % 3 + dx, k // 3 + dy)))
    return t, sumber(*baris) if baris else sumber(("3301010099", "KOSONG", kotak(9)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kasus(), st.randoms(use_true_random=False))
def test_satu_lawan_satu_dan_stabil_bila_diacak(data, acak):
    t, s = data
    h = cocokkan_wilayah(s, t)
    p = pasangan(h)
    # one-to-one; every source either matched or left open, never both
    assert h.pasangan["kode"].is_unique and h.pasangan["kode_sumber"].is_unique
    assert set(p) | set(h.tak_cocok["kode_sumber"]) == set(s["kode_sumber"])
    assert not set(p) & set(h.tak_cocok["kode_sumber"])
    # the review list only holds accepted pairs
    assert all(p.get(k) == v for k, v in zip(h.tinjau["kode_sumber"], h.tinjau["kode"], strict=True))
    # stable under row order, both sides
    urut_s, urut_t = list(range(len(s))), list(range(len(t)))
    acak.shuffle(urut_s)
    acak.shuffle(urut_t)
    h2 = cocokkan_wilayah(s.iloc[urut_s], t.iloc[urut_t])
    assert pasangan(h2) == p
    assert sorted(h2.tinjau["kode_sumber"]) == sorted(h.tinjau["kode_sumber"])
    assert sorted(h2.tak_cocok["kode_sumber"]) == sorted(h.tak_cocok["kode_sumber"])
