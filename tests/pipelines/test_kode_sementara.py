"""Name-only boundaries as a kabupaten's wilayah under provisional codes, replaced by Kemendagri codes later.

A name-only desa set (names and kecamatan names, no codes) is loaded with ``--kabupaten 98.01
--nama-kabupaten``; usulan, indicators, a pagu and an account are attached to its provisional
codes; then the Kemendagri desa of the same geometry are loaded: every one of them keeps its
desa under the real code (working data moved in one audited transaction after a backup), and a
provisional desa that matches nothing is reported and kept, never dropped.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest
from shapely.geometry import box

from geo.errors import KesalahanInput
from geo.services import akun
from geo.store import cadangan
from geo.store.db import Gudang
from geo.store.prioritas import tulis_bobot
from pipelines import kode as kd
from pipelines.muat import (
    OpsiBatas,
    OpsiIndikator,
    OpsiPagu,
    OpsiUsulan,
    muat_batas,
    muat_indikator,
    muat_pagu,
    muat_usulan,
    templat_usulan,
)
from tests.pipelines.berkas_uji import X0, Y0, D, gdf_desa, tulis_csv, tulis_vektor

#: Provisional codes the four desa of ``berkas_uji`` get (kecamatan and desa numbered by name).
SEMENTARA = {
    "98.01.S1.S001": "98.01.01.2001",  # Barat: Sukamaju
    "98.01.S1.S002": "98.01.01.2002",  # Barat: Tegalreja
    "98.01.S2.S001": "98.01.02.1002",  # Timur: Kota Lama
    "98.01.S2.S002": "98.01.02.2001",  # Timur: Mekarsari
}


def _nama_saja(tambahan: list[tuple[str, str, int, int]] | None = None):
    """The four desa without codes (names and kecamatan names only), plus extra (nama, kecamatan, column, row)."""
    g = gdf_desa().drop(columns="kode")
    for nama, kec, c, r in tambahan or []:
        baris = g.iloc[[0]].assign(nama=nama, nama_kecamatan=kec)
        baris = baris.set_geometry([box(X0 + c * D, Y0 + r * D, X0 + (c + 1) * D, Y0 + (r + 1) * D)])
        g = pd.concat([g, baris], ignore_index=True)
    return g


def _baca(berkas, sql: str, par: list | None = None, kerja: bool = False) -> list[tuple]:
    con = duckdb.connect(str(berkas.kerja if kerja else berkas.referensi), read_only=True)
    try:
        return con.execute(sql, par or []).fetchall()
    finally:
        con.close()


def _lampirkan(berkas, tmp_path, desa_hantu: str | None = None) -> None:
    """An indicator table by names, usulan by code and by location, a kecamatan pagu and a desa account."""
    tulis_csv(
        tmp_path / "penduduk.csv",
        [
            ["nama_kecamatan", "nama_desa", "penduduk_2024"],
            ["Barat", "Sukamaju", "1200"],
            ["Barat", "Tegalrejo", "800"],
            ["Timur", "Mekarsari", "950"],
            ["Timur", "Kota Lama", "3000"],
        ],
    )
    lap = muat_indikator(tmp_path / "penduduk.csv", OpsiIndikator(kabupaten="98.01"), berkas)
    assert lap.baris_keluar == 4
    dasar = templat_usulan().iloc[0].to_dict()
    mekarsari = _baca(berkas, "SELECT kode FROM wilayah WHERE nama = 'Mekarsari' AND starts_with(kode, '98.')")[0][0]
    baris = [
        {**dasar, "kode_sumber": "S-0", "kode_desa": mekarsari, "lintang": -7.005, "bujur": 110.015},
        {**dasar, "kode_sumber": "S-1", "kode_desa": "", "lintang": -7.005, "bujur": 110.005},  # in Sukamaju
    ]
    if desa_hantu:
        baris.append({**dasar, "kode_sumber": "S-2", "kode_desa": desa_hantu, "lintang": -7.005, "bujur": 110.035})
    pd.DataFrame(baris).to_csv(tmp_path / "usulan.csv", index=False)
    assert muat_usulan(tmp_path / "usulan.csv", OpsiUsulan(), berkas).baris_keluar == len(baris)
    tulis_csv(tmp_path / "pagu.csv", [["tahun", "jenis", "kode", "nilai"], ["2027", "kecamatan", "98.01.S1", "7000"]])
    assert muat_pagu(tmp_path / "pagu.csv", OpsiPagu(), berkas).baris_keluar == 1
    g = Gudang(berkas)
    try:
        akun.buat_akun(g, akun.pelaku_cli(), "uji.sementara", "Uji Sementara", "desa", mekarsari, None)
        with g.sesi(tulis=True) as con:
            tulis_bobot(con, 2027, "kecamatan", "98.01.S1", {"urgensi": 1.0}, None, 0, "uji")
    finally:
        g.tutup()


def _usulan(berkas) -> dict[str, tuple[str, str, int]]:
    rows = _baca(
        berkas,
        "SELECT kode_sumber, kode_desa, kode_kecamatan, versi FROM usulan WHERE starts_with(kode_sumber, 'S-')",
        kerja=True,
    )
    return {k: (d, c, v) for k, d, c, v in rows}


def _penduduk(berkas) -> dict[str, float]:
    return dict(
        _baca(berkas, "SELECT kode_wilayah, nilai FROM indikator WHERE indikator = 'penduduk' AND tahun = 2024")
    )


def test_batas_nama_saja_dimuat_dengan_kode_sementara(data_demo, tmp_path):
    path = tulis_vektor(_nama_saja(), tmp_path / "nama", "geojson")
    with pytest.raises(KesalahanInput) as e:  # without a kabupaten there is nothing to match a name-only file to
        muat_batas(path, OpsiBatas(), data_demo)
    assert "--nama-kabupaten" in e.value.masalah[0].perbaikan
    with pytest.raises(KesalahanInput) as e:
        muat_batas(path, OpsiBatas(nama_kabupaten="Contoh Dua"), data_demo)
    assert e.value.masalah[0].lokasi == "opsi --kabupaten"

    lap = muat_batas(path, OpsiBatas(kabupaten="98.01", nama_kabupaten="Contoh Dua"), data_demo)
    assert lap.baris_keluar == 4
    assert sorted(lap.daftar["kode_sementara"]["kode"]) == sorted(SEMENTARA)
    assert any(p.startswith("KODE SEMENTARA") for p in lap.peringatan)
    wil = {
        k: (n, t, v)
        for k, n, t, v in _baca(
            data_demo, "SELECT kode, nama, tingkat, versi_kode FROM wilayah WHERE starts_with(kode, '98.')"
        )
    }
    assert wil["98.01"][:2] == ("Contoh Dua", "kabupaten")
    assert (wil["98.01.S1"][0], wil["98.01.S2"][0]) == ("Barat", "Timur")
    assert wil["98.01.S2.S001"][0] == "Kota Lama"
    # every row of the set is marked provisional, and so is the load in the history
    assert all(kd.PENANDA_SEMENTARA in v for _, _, v in wil.values())
    riwayat = _baca(data_demo, "SELECT versi_kode FROM riwayat_muat ORDER BY id DESC LIMIT 1")
    assert kd.PENANDA_SEMENTARA in riwayat[0][0]
    # a second load of the same file keeps every code (usulan and indicators never move)
    lap2 = muat_batas(path, OpsiBatas(kabupaten="98.01", nama_kabupaten="Contoh Dua"), data_demo)
    assert lap2.daftar["kode_sementara"]["kode"].tolist() == lap.daftar["kode_sementara"]["kode"].tolist()
    # a kabupaten that already has Kemendagri desa is matched instead, never given provisional codes
    with pytest.raises(KesalahanInput) as e:
        muat_batas(path, OpsiBatas(kabupaten="99.01", nama_kabupaten="Contoh"), data_demo)
    assert "tanpa --nama-kabupaten" in e.value.masalah[0].perbaikan


@pytest.mark.lambat  # integration run: in make test, out of the everyday tier
def test_kode_kemendagri_mengganti_kode_sementara_tanpa_kehilangan_data(data_demo, tmp_path):
    muat_batas(
        tulis_vektor(_nama_saja(), tmp_path / "nama", "geojson"),
        OpsiBatas(kabupaten="98.01", nama_kabupaten="Contoh Dua"),
        data_demo,
    )
    _lampirkan(data_demo, tmp_path)
    assert _usulan(data_demo) == {
        "S-0": ("98.01.S2.S002", "98.01.S2", 1),
        "S-1": ("98.01.S1.S001", "98.01.S1", 1),
    }
    sebelum = _penduduk(data_demo)
    assert sebelum == {"98.01.S1.S001": 1200, "98.01.S1.S002": 800, "98.01.S2.S001": 3000, "98.01.S2.S002": 950}
    n_cadangan = len(cadangan.daftar_cadangan(data_demo))

    lap = muat_batas(tulis_vektor(gdf_desa(), tmp_path / "kemendagri", "geojson"), OpsiBatas(), data_demo)

    ganti = lap.daftar["ganti_kode"]
    assert dict(zip(ganti["kode_sementara"], ganti["kode"], strict=True)) == SEMENTARA
    assert set(ganti["metode"]) == {"nama+spasial"}
    assert lap.tak_cocok is not None and lap.tak_cocok.empty
    # usulan keep their desa under the real codes (a new version, so an open form cannot write the old code back)
    assert _usulan(data_demo) == {
        "S-0": ("98.01.02.2001", "98.01.02", 2),
        "S-1": ("98.01.01.2001", "98.01.01", 2),
    }
    assert _penduduk(data_demo) == {SEMENTARA[k]: v for k, v in sebelum.items()}
    assert _baca(
        data_demo, "SELECT kode, nilai FROM pagu WHERE tahun = 2027 AND starts_with(kode, '98.')", kerja=True
    ) == [("98.01.01", 7000.0)]
    assert _baca(data_demo, "SELECT kode_wilayah FROM pengguna WHERE nama_pengguna = 'uji.sementara'", kerja=True) == [
        ("98.01.02.2001",)
    ]
    assert lap.rincian["data kerja pindah ke kode Kemendagri"] == {
        "usulan": 2,
        "pagu": 1,
        "bobot_forum": 1,
        "pengguna": 1,
        "bentrok": 0,
    }
    # audited, after a backup of the working data
    audit = _baca(
        data_demo, "SELECT tabel, kunci, lama, baru, alasan FROM audit_log WHERE aksi = 'ganti_kode'", kerja=True
    )
    assert sorted(r[0] for r in audit) == ["bobot_forum", "pagu", "pengguna", "usulan", "usulan"]
    assert _baca(
        data_demo, "SELECT versi FROM bobot_forum WHERE tahun = 2027 AND kode_forum = '98.01.01'", kerja=True
    ) == [(2,)]
    assert all("kode wilayah sementara diganti kode Kemendagri" in r[4] for r in audit)
    assert any('"98.01.S2.S002"' in r[2] and '"98.01.02.2001"' in r[3] for r in audit if r[0] == "usulan")
    baru = cadangan.daftar_cadangan(data_demo)[: len(cadangan.daftar_cadangan(data_demo)) - n_cadangan]
    assert any(c.berkas == "kerja" and c.alasan == "sebelum-ganti-kode" for c in baru)
    # nothing provisional is left; the kabupaten keeps its name under the real code list
    assert _baca(data_demo, "SELECT count(*) FROM wilayah WHERE regexp_matches(kode, '[A-Z]')") == [(0,)]
    assert _baca(data_demo, "SELECT nama, versi_kode FROM wilayah WHERE kode = '98.01'")[0][0] == "Contoh Dua"
    assert kd.PENANDA_SEMENTARA not in _baca(data_demo, "SELECT versi_kode FROM wilayah WHERE kode = '98.01'")[0][0]
    # the pairs are kept as crosswalk 'sementara'; loading again changes nothing more
    assert len(_baca(data_demo, "SELECT * FROM crosswalk_kode WHERE skema = 'sementara'")) == 4
    lap2 = muat_batas(tulis_vektor(gdf_desa(), tmp_path / "kemendagri2", "geojson"), OpsiBatas(), data_demo)
    assert "ganti_kode" not in lap2.daftar and "data kerja pindah ke kode Kemendagri" not in lap2.rincian
    assert _usulan(data_demo)["S-0"] == ("98.01.02.2001", "98.01.02", 2)


@pytest.mark.lambat
def test_desa_sementara_tak_cocok_dilaporkan_dan_tetap_disimpan(data_demo, tmp_path):
    muat_batas(
        tulis_vektor(_nama_saja([("Desa Hantu", "Timur", 3, 1)]), tmp_path / "nama", "geojson"),
        OpsiBatas(kabupaten="98.01", nama_kabupaten="Contoh Dua"),
        data_demo,
    )
    hantu = _baca(data_demo, "SELECT kode FROM wilayah WHERE nama = 'Desa Hantu'")[0][0]
    assert kd.adalah_sementara(hantu) and hantu.startswith("98.01.S2.")
    _lampirkan(data_demo, tmp_path, desa_hantu=hantu)

    kemendagri = tulis_vektor(gdf_desa(), tmp_path / "kemendagri", "geojson")
    lap = muat_batas(kemendagri, OpsiBatas(), data_demo)

    # reported: in the unmatched list (the CSV to decide with --resolusi), in the store and in the warnings
    assert lap.tak_cocok["kode_sumber"].tolist() == [hantu]
    assert lap.tak_cocok["nama"].tolist() == ["Desa Hantu"]
    assert _baca(data_demo, "SELECT kode_sumber FROM kode_tak_cocok WHERE skema = 'sementara'") == [(hantu,)]
    assert any("TETAP disimpan" in p for p in lap.peringatan)
    # kept, with its kecamatan, and its usulan still on it; the others moved
    assert _baca(data_demo, "SELECT nama FROM wilayah WHERE kode = ?", [hantu]) == [("Desa Hantu",)]
    assert _baca(data_demo, "SELECT count(*) FROM wilayah WHERE kode = '98.01.S2'") == [(1,)]
    u = _usulan(data_demo)
    assert u["S-2"][:2] == (hantu, "98.01.S2") and u["S-0"][0] == "98.01.02.2001"

    # a person decides (the report's CSV with column kode filled in) and the same file is loaded again
    keputusan = lap.tak_cocok.assign(kode="98.01.02.2001")
    keputusan.to_csv(tmp_path / "tak_cocok-desa.csv", index=False)
    lap2 = muat_batas(kemendagri, OpsiBatas(resolusi=tmp_path / "tak_cocok-desa.csv"), data_demo)
    assert lap2.daftar["ganti_kode"][["kode_sementara", "kode", "metode"]].values.tolist() == [
        [hantu, "98.01.02.2001", "manual"]
    ]
    assert _usulan(data_demo)["S-2"][:2] == ("98.01.02.2001", "98.01.02")
    assert _baca(data_demo, "SELECT count(*) FROM wilayah WHERE regexp_matches(kode, '[A-Z]')") == [(0,)]
    assert _baca(data_demo, "SELECT count(*) FROM kode_tak_cocok WHERE skema = 'sementara'") == [(0,)]
