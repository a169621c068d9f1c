"""Real public data from ../shared/data (see each PROVENANCE.md): load it all through the
same loaders as the CLI and check counts, repairs, the crosswalk and known values."""

from __future__ import annotations

import json

import duckdb
import geopandas as gpd
import pandas as pd
import pytest

from geo.services import indikator as layanan_indikator
from geo.settings import berkas_data
from pipelines import demo
from pipelines.muat import (
    OpsiBatas,
    OpsiIndikator,
    OpsiItbx,
    OpsiOverlay,
    OpsiPolaRuang,
    muat_batas,
    muat_indikator,
    muat_itbx,
    muat_overlay,
    muat_pola_ruang,
)
from tests.conftest import SHARED_DATA, wajib_atau_lewati

pytestmark = pytest.mark.real
KEMENDAGRI = SHARED_DATA / "kemendagri-boundaries-cahyadsn" / "geojson"
VERSI = "Kepmendagri 300.2.2-2430/2025 (cahyadsn)"


@pytest.fixture(scope="module")
def nyata(tmp_path_factory):
    wajib_atau_lewati(SHARED_DATA.exists(), f"data nyata tidak ada di {SHARED_DATA}")
    berkas = berkas_data(tmp_path_factory.mktemp("nyata"))
    demo.bangun_demo(berkas)
    lap = {}
    for kunci, nama, awalan in (
        ("kec33", "wilayah_boundaries_kec_33.geojson", "33.01"),
        ("kec14", "wilayah_boundaries_kec_14.geojson", "14.09"),
        ("cilacap", "wilayah_boundaries_kel_33.01.geojson", None),
        ("bandung", "wilayah_boundaries_kel_32.73.geojson", None),
        ("bogor", "wilayah_boundaries_kel_32.71.geojson", None),
        ("kuansing", "wilayah_boundaries_kel_14.09.geojson", None),
    ):
        lap[kunci] = muat_batas(KEMENDAGRI / nama, OpsiBatas(awalan=awalan, versi_kode=VERSI), berkas)
    return berkas, lap


def _q(berkas, sql, params=None, file="referensi"):
    con = duckdb.connect(str(berkas.referensi if file == "referensi" else berkas.kerja), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def test_batas_kemendagri(nyata):
    berkas, lap = nyata
    jumlah = dict(
        _q(
            berkas,
            "SELECT left(kode, 5), count(*) FROM wilayah WHERE tingkat = 'desa' "
            "AND NOT starts_with(kode, '99.') GROUP BY 1",
        )
    )
    assert jumlah == {"33.01": 284, "32.73": 151, "32.71": 68, "14.09": 229}
    # PROVENANCE: kec_33 has 5 invalid polygons, kec_14 has 3, desa files none
    assert lap["kec33"].rincian["geometri diperbaiki"] == 5
    assert lap["kec14"].rincian["geometri diperbaiki"] == 3
    assert all(lap[k].rincian["geometri diperbaiki"] == 0 for k in ("cilacap", "bandung", "bogor", "kuansing"))
    assert _q(berkas, "SELECT nama, jenis, kode_induk FROM wilayah WHERE kode = '33.01.01.2001'") == [
        ("Tambakreja", "desa", "33.01.01")
    ]
    assert _q(berkas, "SELECT count(*) FROM wilayah WHERE tingkat = 'kecamatan' AND starts_with(kode, '33.01.')") == [
        (24,)
    ]
    # kecamatan names come from the kecamatan file, the kota are typed as kota
    assert _q(berkas, "SELECT jenis FROM wilayah WHERE kode = '32.73'") == [("kota",)]
    assert _q(berkas, "SELECT versi_kode FROM wilayah WHERE kode = '33.01.01.2001'") == [(VERSI,)]


def test_crosswalk_kuantan_singingi(nyata):
    """BPS 1401 = Kemendagri 14.09 (not 14.01, which is Kampar): matched by overlap and names."""
    berkas, _ = nyata
    lap = muat_batas(
        SHARED_DATA / "bps-desa-boundaries-kuansing-1401" / "desa.geojson", OpsiBatas(kolom_induk="nmkec"), berkas
    )
    assert lap.rincian["skema kode"] == "bps"
    assert lap.baris_masuk == 229 and lap.baris_keluar >= 220
    assert len(lap.tak_cocok) == 229 - lap.baris_keluar
    cw = dict(
        _q(
            berkas,
            "SELECT kode_sumber, kode FROM crosswalk_kode WHERE skema = 'bps' AND starts_with(kode_sumber, '1401')",
        )
    )
    assert all(k.startswith("14.09.") for k in cw.values())
    assert cw["1401030027"] == "14.09.02.2027"  # TITIAN MODANG KOPAH
    assert _q(berkas, "SELECT nama FROM wilayah WHERE kode_bps = '1401030027'") == [("Titian Modang Kopah",)]


def test_statistik_desa_cilacap(nyata):
    berkas, _ = nyata
    data = SHARED_DATA / "bps-desa-stats-cilacap-3301"
    lap = muat_indikator(
        data / "data_infras.csv",
        OpsiIndikator(
            kabupaten="33.01",
            kolom=["t_2020sm1=jumlah_penduduk@2020", "jml_sd=jumlah_sd@2020", "posyandu=jumlah_posyandu@2020"],
            sumber="BPS Kab. Cilacap",
        ),
        berkas,
    )
    cocok = 284 - len(lap.tak_cocok)
    assert cocok >= 278
    assert set(lap.tak_cocok["nama"]) <= set(pd.read_csv(data / "data_infras.csv", dtype=str)["namadesa"])
    total = dict(
        _q(
            berkas,
            "SELECT indikator, sum(nilai) FROM indikator WHERE tahun = 2020 "
            "AND starts_with(kode_wilayah, '33.01.') GROUP BY 1",
        )
    )
    if cocok == 284:  # PROVENANCE totals: population mid-2020, SD, posyandu
        assert total == {"jumlah_penduduk": 1_945_220, "jumlah_sd": 1_218, "jumlah_posyandu": 2_091}
    # the spelling variants are matched inside the same kecamatan (Purwadadi/Purwodadi)
    pasangan = _q(
        berkas,
        """SELECT c.nama_sumber, w.nama, k.nama FROM crosswalk_kode c
                             JOIN wilayah w ON w.kode = c.kode JOIN wilayah k ON k.kode = w.kode_induk
                             WHERE c.skema = 'bps' AND c.kode_sumber IN ('3301200009', '3301090003')
                             ORDER BY c.kode_sumber""",
    )
    kec = dict(
        _q(berkas, "SELECT DISTINCT kdkec, namakec FROM read_csv(?, all_varchar=true)", [str(data / "data_geo.csv")])
    )
    from pipelines.kode import kunci_longgar

    for (bps, kemendagri, nama_kec), kd in zip(pasangan, ("090", "200"), strict=True):
        assert bps != kemendagri and kunci_longgar(bps) == kunci_longgar(kemendagri)  # a/o variant
        assert nama_kec.lower() == kec[kd].lower()  # ...inside the same kecamatan
    # loading the population table by year columns: one indicator, five years
    kolom = [f"t_{t}=jumlah_penduduk@{t}" for t in range(2016, 2020)]
    muat_indikator(
        data / "jml_pddk.csv", OpsiIndikator(kabupaten="33.01", indikator="jumlah_penduduk", kolom=kolom), berkas
    )
    assert _q(
        berkas,
        "SELECT count(DISTINCT tahun) FROM indikator WHERE indikator = 'jumlah_penduduk' "
        "AND starts_with(kode_wilayah, '33.01.')",
    ) == [(5,)]


@pytest.mark.parametrize(
    ("kota", "n", "diperbaiki", "kelas"),
    [
        ("Bogor", 764, 4, {"Kawasan Permukiman": 578, "Badan Air": 186}),
        ("Bandung", 561, 8, {"Kawasan Permukiman": 548, "Kawasan Konservasi": 7, "Badan Air": 6}),
    ],
)
def test_pola_ruang_rtrwp_jabar(nyata, kota, n, diperbaiki, kelas):
    berkas, _ = nyata
    path = SHARED_DATA / "rtrwp-jabar-2022-polaruang" / "clipped" / f"polaruang_Kota_{kota}.geojson"
    lap = muat_pola_ruang(path, OpsiPolaRuang(), berkas)
    assert (lap.baris_masuk, lap.baris_keluar, lap.rincian["geometri diperbaiki"]) == (n, n, diperbaiki)
    assert lap.rincian["kelas"] == kelas
    assert any("Z/M" in p for p in lap.peringatan)  # 4-member coordinates [x, y, 0, null]
    # hazard/KKOP/LP2B attributes, counted independently from the file itself
    mentah = json.loads(path.read_text())["features"]
    ada = lambda v: v not in (None, "", "Tidak Ada")  # noqa: E731
    atribut = (("KRB_03", "rawan_bencana"), ("KKOP_1", "kkop"), ("KP2B_2", "lp2b"), ("CAGBUD", "cagar_budaya"))
    harap = {j: sum(ada(f["properties"].get(a)) for f in mentah) for a, j in atribut}
    sumber = f"{path.name} (atribut)"
    got = dict(_q(berkas, "SELECT jenis, count(*) FROM overlay WHERE sumber = ? GROUP BY 1", [sumber]))
    assert got == {k: v for k, v in harap.items() if v}
    assert _q(
        berkas,
        "SELECT DISTINCT kawasan FROM pola_ruang WHERE sumber = ? AND namobj = 'Kawasan Permukiman'",
        [path.name],
    ) == [("budi daya",)]


def test_pola_ruang_zip_terlarut(nyata):
    berkas, _ = nyata
    lap = muat_pola_ruang(
        SHARED_DATA / "rtrwp-jabar-2022-polaruang" / "original" / "RTRWP Kota Bandung.zip", OpsiPolaRuang(), berkas
    )
    assert lap.baris_keluar == 6 and "Kawasan Peruntukan Industri" in lap.rincian["kelas"]


def test_itbx_yogyakarta(nyata):
    berkas, _ = nyata
    lap = muat_itbx(SHARED_DATA / "itbx-kota-yogyakarta" / "itbx_kota_yogyakarta_long.csv", OpsiItbx(), berkas)
    assert (lap.baris_masuk, lap.baris_keluar) == (2205, 2200)
    assert lap.rincian["kegiatan"] == 147 and lap.rincian["zona"] == 15
    assert lap.rincian["nilai"] == {"X": 912, "I": 853, "B": 295, "T": 140}
    assert sum("sel kosong" in p for p in lap.peringatan) == 5
    assert _q(berkas, "SELECT nilai FROM itbx WHERE kode_kegiatan = 'taman_lingkungan' AND kode_zona = 'SC'") == [
        ("I",)
    ]
    # the JSON of the same matrix gives the same cells
    lap2 = muat_itbx(SHARED_DATA / "itbx-kota-yogyakarta" / "itbx_kota_yogyakarta_skrk.json", OpsiItbx(), berkas)
    assert lap2.rincian["nilai"] == lap.rincian["nilai"]


def test_lp2b_singkawang(nyata):
    berkas, _ = nyata
    path = SHARED_DATA / "lp2b-sawah-kota-singkawang" / "geojson" / "SINGKAWANG_LP2B_3.geojson"
    lap = muat_overlay(path, OpsiOverlay(jenis_overlay="lp2b", kolom_kelas="Int_Tanam"), berkas)
    assert (lap.baris_keluar, lap.rincian["geometri diperbaiki"]) == (429, 1)
    from geo.store import db

    con = db.koneksi(berkas.referensi, baca_saja=True)
    luas = con.execute(
        "SELECT sum(ST_Area(ST_Transform(geom, 'EPSG:4326', 'EPSG:6933', always_xy := true))) / 1e4 "
        "FROM overlay WHERE sumber = ?",
        [path.name],
    ).fetchone()[0]
    con.close()
    atribut = gpd.read_file(path)["Luas_Ha"].sum()  # PROVENANCE: 2,924 ha
    assert luas == pytest.approx(atribut, rel=0.02)


def test_peta_tematik_cilacap(nyata):
    """A BPS indicator of Cilacap mapped at desa and kecamatan level (issue 4 groundwork)."""
    from geo.domain import tematik
    from geo.render import maps
    from geo.store import db, kueri

    berkas, _ = nyata
    data = SHARED_DATA / "bps-desa-stats-cilacap-3301"
    muat_indikator(
        data / "data_infras.csv",
        OpsiIndikator(
            kabupaten="33.01", kolom=["posyandu=jumlah_posyandu@2020"], satuan="unit", jenis_indikator="ekstensif"
        ),
        berkas,
    )
    g = db.Gudang(berkas)
    meta = kueri.daftar_indikator(g, "33.01").set_index("kode").loc["jumlah_posyandu"].to_dict()
    meta["kode"] = "jumlah_posyandu"
    desa = layanan_indikator.nilai_indikator(g, "33.01", meta, 2020, "desa")
    kec = layanan_indikator.nilai_indikator(g, "33.01", meta, 2020, "kecamatan")
    assert len(desa) == 284 and len(kec) == 24
    # independent: the CSV summed per kecamatan name, joined to the Kemendagri kecamatan names
    csv = pd.read_csv(data / "data_infras.csv", dtype={"kdkec": str})
    harap = csv.groupby("namakec")["posyandu"].sum()
    nama = dict(
        _q(berkas, "SELECT kode, lower(nama) FROM wilayah WHERE tingkat = 'kecamatan' AND starts_with(kode, '33.01.')")
    )
    got = {nama[k]: v for k, v in kec.items()}
    assert sum(got.values()) == 2_091
    assert {k.lower(): float(v) for k, v in harap.items()} == got
    kerangka = maps.kerangka_dari_gdf(kueri.wilayah_gdf(g, "33.01", "kecamatan"))
    kelas = tematik.klasifikasi(kec.reindex(list(kerangka.kode)), "jenks", 5)
    assert sum(kelas.jumlah) == 24
    g.tutup()
