"""Table loads: BPS tables in CSV/XLSX, kamus, usulan, pagu, realisasi, ITBX, overlays, land."""

from __future__ import annotations

import dataclasses

import duckdb
import pandas as pd
import pytest

from geo.errors import KesalahanInput
from pipelines import demo
from pipelines.muat import (
    OpsiBatas,
    OpsiIndikator,
    OpsiItbx,
    OpsiKamus,
    OpsiLahan,
    OpsiOverlay,
    OpsiPagu,
    OpsiPolaRuang,
    OpsiRealisasi,
    OpsiUsulan,
    muat_batas,
    muat_indikator,
    muat_itbx,
    muat_kamus,
    muat_lahan,
    muat_overlay,
    muat_pagu,
    muat_pola_ruang,
    muat_realisasi,
    muat_usulan,
    templat_usulan,
)
from tests.pipelines.berkas_uji import gdf_desa, tulis_csv, tulis_vektor, tulis_xlsx_bps


@pytest.fixture
def dengan_desa(data_demo, tmp_path):
    muat_batas(tulis_vektor(gdf_desa(), tmp_path / "batas", "geojson"), OpsiBatas(), data_demo)
    return data_demo


def _indikator(berkas, ind):
    con = duckdb.connect(str(berkas.referensi), read_only=True)
    df = con.execute(
        "SELECT kode_wilayah, tahun, nilai FROM indikator WHERE indikator = ? "
        "AND starts_with(kode_wilayah, '98.') ORDER BY ALL",
        [ind],
    ).df()
    con.close()
    return {(r.kode_wilayah, r.tahun): (None if pd.isna(r.nilai) else r.nilai) for r in df.itertuples()}


@pytest.mark.parametrize("pemisah", [",", ";"])
def test_csv_kode_kemendagri(dengan_desa, tmp_path, pemisah):
    path = tulis_csv(
        tmp_path / "t.csv",
        [
            ["kode_desa", "penduduk_miskin"],
            ["98.01.01.2001", "1.234,5" if pemisah == ";" else "1234.5"],
            ["9801012002", "NA"],
            ["98.01.02.2001", "-"],
            ["98.01.02.1002", "12"],
        ],
        pemisah,
    )
    lap = muat_indikator(path, OpsiIndikator(tahun=2024), dengan_desa)
    assert lap.baris_keluar == 4
    assert _indikator(dengan_desa, "penduduk_miskin") == {
        ("98.01.01.2001", 2024): 1234.5,
        ("98.01.01.2002", 2024): None,
        ("98.01.02.1002", 2024): 12.0,
        ("98.01.02.2001", 2024): None,
    }


def test_xlsx_gaya_bps(dengan_desa, tmp_path):
    """Header on row 3–4 under a title, merged year header, footnotes, two sheets, name matching."""
    path = tulis_xlsx_bps(tmp_path / "bps.xlsx")
    lap = muat_indikator(
        path,
        OpsiIndikator(kabupaten="98.01", indikator="jumlah_penduduk", satuan="jiwa", jenis_indikator="ekstensif"),
        dengan_desa,
    )
    assert lap.baris_masuk == 4 and lap.tak_cocok.empty
    assert any("lembar" in p for p in lap.peringatan)  # the second sheet is named
    assert _indikator(dengan_desa, "jumlah_penduduk") == {
        ("98.01.01.2001", 2023): 1234.0,
        ("98.01.01.2001", 2024): 1250.0,
        ("98.01.01.2002", 2023): 2001.0,
        ("98.01.01.2002", 2024): None,
        ("98.01.02.1002", 2023): None,
        ("98.01.02.1002", 2024): 3456.0,
        ("98.01.02.2001", 2023): 987.0,
        ("98.01.02.2001", 2024): 1002.0,
    }
    con = duckdb.connect(str(dengan_desa.referensi), read_only=True)
    assert con.execute("SELECT satuan, jenis FROM indikator_meta WHERE kode = 'jumlah_penduduk'").fetchone() == (
        "jiwa",
        "ekstensif",
    )
    con.close()
    lap = muat_indikator(path, OpsiIndikator(kabupaten="98.01", lembar="Sekolah", tahun=2024), dengan_desa)
    assert _indikator(dengan_desa, "jumlah_sd") == {("98.01.01.2001", 2024): 3.0}


def test_format_panjang_dan_bps_terpisah(dengan_desa, tmp_path):
    path = tulis_csv(
        tmp_path / "p.csv",
        [
            ["kdkec", "namakec", "kddesa", "namadesa", "indikator", "tahun", "nilai"],
            ["010", "Barat", "001", "Sukamaju", "prevalensi_stunting", "2024", "21,5"],
            ["010", "Barat", "002", "Tegal Rejo", "prevalensi_stunting", "2024", "18"],
            ["020", "Timur", "009", "Desa Hantu", "prevalensi_stunting", "2024", "30"],
        ],
        ";",
    )
    opsi = OpsiIndikator(kabupaten="98.01", jenis_indikator="intensif", bobot="jumlah_balita")
    sebelum = demo.sidik_tabel(dengan_desa.referensi)
    with pytest.raises(KesalahanInput) as e:  # an unmatched desa refuses the file, naming it with candidates
        muat_indikator(path, opsi, dengan_desa)
    assert [(m.lokasi, m.nilai) for m in e.value.masalah] == [("baris 4", "Desa Hantu (kec. Timur)")]
    assert "calon: Kota Lama" in e.value.masalah[0].perbaikan
    assert demo.sidik_tabel(dengan_desa.referensi) == sebelum
    lap = muat_indikator(path, dataclasses.replace(opsi, lewati_tak_cocok=True), dengan_desa)
    assert lap.baris_keluar == 2
    assert list(lap.tak_cocok["nama"]) == ["Desa Hantu"]  # reported by name, not loaded
    assert _indikator(dengan_desa, "prevalensi_stunting") == {
        ("98.01.01.2001", 2024): 21.5,
        ("98.01.01.2002", 2024): 18.0,
    }
    con = duckdb.connect(str(dengan_desa.referensi), read_only=True)
    assert con.execute("SELECT jenis, bobot FROM indikator_meta WHERE kode = 'prevalensi_stunting'").fetchone() == (
        "intensif",
        "jumlah_balita",
    )
    # the BPS codes built from kdkec/kddesa are now in the crosswalk
    assert con.execute("SELECT kode FROM crosswalk_kode WHERE kode_sumber = '9801010002'").fetchone() == (
        "98.01.01.2002",
    )
    con.close()


def test_angka_salah_disebut_baris_dan_kolom(dengan_desa, tmp_path):
    path = tulis_csv(
        tmp_path / "s.csv",
        [
            ["kode_desa", "jumlah_sekolah", "jumlah_posyandu"],
            ["98.01.01.2001", "3", "2"],
            ["98.01.01.2002", "tiga", "1"],
            ["98.01.02.2001", "4", "1,2.5"],
        ],
        ";",
    )
    sebelum = demo.sidik_tabel(dengan_desa.referensi)
    with pytest.raises(KesalahanInput) as e:
        muat_indikator(path, OpsiIndikator(tahun=2024), dengan_desa)
    assert [(m.lokasi, m.kolom, m.nilai) for m in e.value.masalah] == [
        ("baris 3", "jumlah_sekolah", "tiga"),
        ("baris 4", "jumlah_posyandu", "1,2.5"),
    ]
    assert demo.sidik_tabel(dengan_desa.referensi) == sebelum


def test_tanpa_tahun_dan_kode_asing(dengan_desa, tmp_path):
    path = tulis_csv(tmp_path / "t.csv", [["kode_desa", "x"], ["98.01.01.2001", "1"]])
    with pytest.raises(KesalahanInput, match="--tahun"):
        muat_indikator(path, OpsiIndikator(), dengan_desa)
    path = tulis_csv(tmp_path / "k.csv", [["kode_desa", "x_2024"], ["98.01.01.2001", "1"], ["98.01.07.2001", "2"]])
    with pytest.raises(KesalahanInput) as e:
        muat_indikator(path, OpsiIndikator(), dengan_desa)
    assert [(m.lokasi, m.nilai) for m in e.value.masalah] == [("baris 3", "98.01.07.2001")]


def test_baris_ganda(dengan_desa, tmp_path):
    path = tulis_csv(tmp_path / "g.csv", [["kode_desa", "x_2024"], ["98.01.01.2001", "1"], ["9801012001", "2"]])
    with pytest.raises(KesalahanInput) as e:
        muat_indikator(path, OpsiIndikator(), dengan_desa)
    assert e.value.masalah[0].lokasi == "baris 2, 3"


# ---- ITBX, overlay, land
def test_itbx_lebar_dan_sel_salah(dengan_desa, tmp_path):
    path = tulis_csv(
        tmp_path / "itbx.csv",
        [["kegiatan", "R-1", "K-1"], ["Posyandu", "I", "T"], ["Pasar", "x", ""], ["Gudang", "B", "Z"]],
    )
    with pytest.raises(KesalahanInput) as e:
        muat_itbx(path, OpsiItbx(), dengan_desa)
    assert [(m.lokasi, m.kolom, m.nilai) for m in e.value.masalah] == [("baris 4", "K-1", "Z")]
    tulis_csv(path, [["kegiatan", "R-1", "K-1"], ["Posyandu", "I", "T"], ["Pasar", "x", ""]])
    lap = muat_itbx(path, OpsiItbx(), dengan_desa)
    assert lap.baris_keluar == 3 and any("Pasar × K-1" in p for p in lap.peringatan)


def test_overlay_dan_lahan(dengan_desa, tmp_path):
    g = gdf_desa()
    with pytest.raises(KesalahanInput, match="lp2b"):
        muat_overlay(tulis_vektor(g, tmp_path / "o", "geojson"), OpsiOverlay(jenis_overlay="banjir"), dengan_desa)
    lap = muat_overlay(
        tulis_vektor(g.assign(kelas="tinggi"), tmp_path / "o2", "geojson"),
        OpsiOverlay(jenis_overlay="rawan_bencana"),
        dengan_desa,
    )
    assert lap.baris_keluar == 4 and not any("tidak dikenal" in p for p in lap.peringatan)
    # a class text naming no known hazard word is reported (with its count), not silently defaulted
    lap = muat_overlay(
        tulis_vektor(g.assign(kelas=["Tinggi", "Zona Merah", "Zona Merah", "Tidak Ada"]), tmp_path / "o3", "geojson"),
        OpsiOverlay(jenis_overlay="rawan_bencana"),
        dengan_desa,
    )
    assert [p for p in lap.peringatan if "tidak dikenal" in p] == [
        "kelas rawan_bencana tidak dikenal: 'Zona Merah' (2 fitur) — dipakai verdik baku overlay ini; "
        "kata kelas yang dikenal: tinggi, sedang, rendah, 1, 2, 3, i, ii, iii (definitions.KELAS_OVERLAY_DIKENAL)"
    ]
    g["status"] = ["Tanah Kas Desa", "aset pemda", "SHM warga", "tidak tahu"]
    with pytest.raises(KesalahanInput) as e:
        muat_lahan(tulis_vektor(g, tmp_path / "l", "geojson"), OpsiLahan(), dengan_desa)
    assert [(m.lokasi, m.kolom, m.nilai) for m in e.value.masalah] == [("fitur 4", "status", "tidak tahu")]
    g.loc[3, "status"] = "sengketa"
    lap = muat_lahan(tulis_vektor(g, tmp_path / "l2", "geojson"), OpsiLahan(), dengan_desa)
    assert lap.rincian["status"] == {"tanah_desa": 1, "aset_pemda": 1, "milik_warga": 1, "sengketa": 1}


def test_pola_ruang_di_luar_daftar_baku_dilaporkan(dengan_desa, tmp_path):
    g = gdf_desa().assign(
        NAMOBJ=["Kawasan Permukiman", "Kawasan Pariwisata", "Kawasan Cagar Alam Lindung", "Kawasan Pariwisata"]
    )
    lap = muat_pola_ruang(tulis_vektor(g, tmp_path / "p", "geojson"), OpsiPolaRuang(), dengan_desa)
    assert lap.baris_keluar == 4
    pesan = [p for p in lap.peringatan if "di luar daftar baku" in p]
    assert pesan == [
        "2 kelas pola ruang di luar daftar baku: 'Kawasan Pariwisata' (2 fitur), 'Kawasan Cagar Alam Lindung' "
        "(1 fitur) — digolongkan dari kata kuncinya (1 sebagai lindung, sisanya budi daya); periksa golongan ini "
        "di halaman Kesesuaian Ruang"
    ]


# ---- kamus and working data
def test_kamus(dengan_desa, tmp_path):
    path = tulis_csv(
        tmp_path / "kamus.csv",
        [
            ["kode", "nama", "satuan", "harga_satuan", "bidang", "opd", "kelas_kegiatan", "jenis_geometri"],
            ["K-X-01", "Sumur resapan", "unit", "12.500.000", "Infrastruktur", "Dinas PUPR", "drainase", "titik"],
            ["K-X-02", "Jalan usaha tani", "m", "0", "Ekonomi", "Dinas Pertanian", "jalan", "garis"],
            ["K-X-01", "Ganda", "unit", "1", "", "Dinas PUPR", "jalan", "kotak"],
        ],
        ";",
    )
    with pytest.raises(KesalahanInput) as e:
        muat_kamus(path, OpsiKamus(), dengan_desa)
    assert sorted((m.lokasi, m.kolom) for m in e.value.masalah) == [
        ("baris 2", "kode"),
        ("baris 3", "harga_satuan"),
        ("baris 4", "bidang"),
        ("baris 4", "jenis_geometri"),
        ("baris 4", "kode"),
    ]
    tulis_csv(
        path,
        [
            ["kode", "nama", "satuan", "harga_satuan", "bidang", "opd", "kelas_kegiatan", "jenis_geometri"],
            ["K-X-01", "Sumur resapan", "unit", "12.500.000", "Infrastruktur", "Dinas PUPR", "drainase", "titik"],
        ],
        ";",
    )
    lap = muat_kamus(path, OpsiKamus(tahun=2027), dengan_desa)
    con = duckdb.connect(str(dengan_desa.referensi), read_only=True)
    assert con.execute("SELECT harga_satuan, tahun_harga FROM kamus_usulan WHERE kode = 'K-X-01'").fetchone() == (
        12_500_000.0,
        2027,
    )
    con.close()
    assert lap.baris_keluar == 1


def _templat(tmp_path, **ubah):
    df = templat_usulan()
    df.loc[0, "kode_desa"] = "99.01.02.2001"
    for k, v in ubah.items():
        df.loc[0, k] = v
    return df


def _titik_desa(berkas, kode):
    from geo.store import db

    con = db.koneksi(berkas.referensi, baca_saja=True)
    x, y = con.execute(
        "SELECT ST_X(ST_PointOnSurface(geom)), ST_Y(ST_PointOnSurface(geom)) FROM wilayah WHERE kode = ?", [kode]
    ).fetchone()
    con.close()
    return x, y


def test_usulan_semua_atau_tidak_sama_sekali(data_demo, tmp_path):
    x, y = _titik_desa(data_demo, "99.01.02.2001")
    baik = _templat(tmp_path, lintang=y, bujur=x)
    dua = pd.concat([baik, baik.assign(kode_sumber="SIPD-2027-0002", volume=100)], ignore_index=True)
    path = tmp_path / "usulan.xlsx"
    dua.to_excel(path, index=False)
    con = duckdb.connect(str(data_demo.kerja), read_only=True)
    n0 = con.execute("SELECT count(*) FROM usulan").fetchone()[0]
    con.close()
    lap = muat_usulan(path, OpsiUsulan(), data_demo)
    assert lap.baris_keluar == 2
    con = duckdb.connect(str(data_demo.kerja), read_only=True)
    r = con.execute(
        "SELECT biaya, tahap, status, kode_kecamatan FROM usulan WHERE kode_sumber = 'SIPD-2027-0002'"
    ).fetchone()
    assert r == (100 * 950_000.0, "desa", "diajukan", "99.01.02")
    assert con.execute("SELECT count(*) FROM audit_log WHERE aksi = 'impor'").fetchone()[0] == 2
    con.close()
    # the same file again adds nothing
    assert muat_usulan(path, OpsiUsulan(), data_demo).baris_keluar == 0
    # several bad rows: every row and field named, nothing imported
    buruk = pd.concat(
        [
            baik.assign(kode_sumber="A"),
            baik.assign(kode_sumber="B", volume=-5),
            baik.assign(kode_sumber="C", kode_kamus="K-TIDAK-ADA"),
            baik.assign(kode_sumber="D", lintang=-6.2, bujur=106.8),  # Jakarta: outside the kabupaten
            baik.assign(kode_sumber="E", biaya=1),
            baik.assign(kode_sumber="F", pengusul=""),
        ],
        ignore_index=True,
    )
    path = tmp_path / "buruk.csv"
    buruk.to_csv(path, index=False)
    with pytest.raises(KesalahanInput) as e:
        muat_usulan(path, OpsiUsulan(), data_demo)
    assert sorted((m.lokasi, m.kolom) for m in e.value.masalah) == [
        ("baris 3", "volume"),
        ("baris 4", "kode_kamus"),
        ("baris 5", "lintang/bujur"),
        ("baris 6", "alasan_biaya"),
        ("baris 7", "pengusul"),
    ]
    con = duckdb.connect(str(data_demo.kerja), read_only=True)
    assert con.execute("SELECT count(*) FROM usulan").fetchone()[0] == n0 + 2
    con.close()


def test_impor_usulan_mirip_diberi_peringatan(data_demo, tmp_path):
    x, y = _titik_desa(data_demo, "99.01.02.2001")
    _templat(tmp_path, lintang=y, bujur=x).to_csv(tmp_path / "a.csv", index=False)
    muat_usulan(tmp_path / "a.csv", OpsiUsulan(), data_demo)
    con = duckdb.connect(str(data_demo.kerja), read_only=True)
    lama = con.execute("SELECT id FROM usulan WHERE kode_sumber = 'SIPD-2027-0001'").fetchone()[0]
    con.close()
    # another SIPD code, same kamus item and text, ~30 m away: imported, but named as a likely duplicate
    _templat(tmp_path, lintang=y + 0.0003, bujur=x, kode_sumber="SIPD-2027-0099").to_csv(
        tmp_path / "b.csv", index=False
    )
    lap = muat_usulan(tmp_path / "b.csv", OpsiUsulan(), data_demo)
    assert lap.baris_keluar == 1
    assert any(p.startswith("baris 2 mirip usulan #" + str(lama)) for p in lap.peringatan), lap.peringatan


def test_pagu_dan_realisasi(data_demo, tmp_path):
    path = tulis_csv(
        tmp_path / "pagu.csv",
        [
            ["tahun", "jenis", "kode", "nilai"],
            ["2027", "kecamatan", "99.01.01", "5.000.000.000"],
            ["2027", "desa", "99.01.02", "1"],
        ],
        ";",
    )
    with pytest.raises(KesalahanInput) as e:
        muat_pagu(path, OpsiPagu(), data_demo)
    assert [(m.lokasi, m.kolom) for m in e.value.masalah] == [("baris 3", "jenis")]
    tulis_csv(path, [["tahun", "jenis", "kode", "nilai"], ["2027", "kecamatan", "990101", "5.000.000.000"]], ";")
    assert muat_pagu(path, OpsiPagu(), data_demo).baris_keluar == 1
    con = duckdb.connect(str(data_demo.kerja), read_only=True)
    assert con.execute(
        "SELECT nilai FROM pagu WHERE tahun = 2027 AND jenis = 'kecamatan' AND kode = '99.01.01'"
    ).fetchone() == (5e9,)
    con.close()
    path = tulis_csv(
        tmp_path / "rfk.csv",
        [
            [
                "usulan_id",
                "tahun",
                "bulan",
                "rencana_fisik",
                "realisasi_fisik",
                "rencana_keuangan",
                "realisasi_keuangan",
            ],
            ["1", "2026", "4", "100", "97,5", "1.000.000", "950.000"],
            ["1", "2026", "13", "100", "120", "1", "1"],
            ["999999", "2026", "1", "10", "", "1", ""],
        ],
        ";",
    )
    with pytest.raises(KesalahanInput) as e:
        muat_realisasi(path, OpsiRealisasi(), data_demo)
    assert sorted((m.lokasi, m.kolom) for m in e.value.masalah) == [
        ("baris 3", "bulan"),
        ("baris 3", "realisasi_fisik"),
        ("baris 4", "usulan_id"),
    ]


def test_realisasi_diganti_per_kunci(data_demo, tmp_path):
    kepala = [
        "usulan_id",
        "tahun",
        "bulan",
        "rencana_fisik",
        "realisasi_fisik",
        "rencana_keuangan",
        "realisasi_keuangan",
    ]
    path = tulis_csv(tmp_path / "rfk.csv", [kepala, ["1", "2026", "4", "100", "97,5", "1.000.000", "950.000"]], ";")
    assert muat_realisasi(path, OpsiRealisasi(), data_demo).baris_keluar == 1
    tulis_csv(path, [kepala, ["1", "2026", "4", "100", "99", "1.000.000", "990.000"]], ";")
    muat_realisasi(path, OpsiRealisasi(), data_demo)
    con = duckdb.connect(str(data_demo.kerja), read_only=True)
    assert con.execute(
        "SELECT realisasi_fisik, realisasi_keuangan FROM realisasi WHERE usulan_id = 1 AND tahun = 2026 AND bulan = 4"
    ).fetchall() == [(99.0, 990_000.0)]
    con.close()
