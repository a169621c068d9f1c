"""The store: migrations, spatial extension, geometry round trip, errors users can act on."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import duckdb
import pytest
import shapely
from shapely.geometry import LineString, Point, Polygon

from geo.errors import BasisDataSibuk, KesalahanBasisData
from geo.store import db, skema
from pipelines import demo


def test_ekstensi_spasial_dari_paket_pypi():
    path = db.path_ekstensi_spasial()
    assert "duckdb_extension_spatial" in str(path) and duckdb.__version__ in str(path)
    con = db.koneksi()
    # 2 x 3 rectangle: area 6, perimeter 10 (worked out by hand)
    luas, keliling = con.execute(
        "SELECT ST_Area(g), ST_Perimeter(g) FROM (SELECT ST_GeomFromText('POLYGON((0 0,2 0,2 3,0 3,0 0))') g)"
    ).fetchone()
    assert (luas, keliling) == (6.0, 10.0)


def test_migrasi_idempoten(tmp_path):
    con = db.koneksi(tmp_path / "r.duckdb")
    assert db.terapkan_migrasi(con, "referensi") == [v for v, _, _ in skema.MIGRASI["referensi"]]
    tabel = con.execute("SELECT count(*) FROM duckdb_tables()").fetchone()[0]
    assert db.terapkan_migrasi(con, "referensi") == []
    assert db.terapkan_migrasi(con, "referensi") == []
    assert con.execute("SELECT count(*) FROM duckdb_tables()").fetchone()[0] == tabel
    assert db.versi_skema(con) == skema.versi_terbaru("referensi")
    con2 = db.koneksi(tmp_path / "k.duckdb")
    db.terapkan_migrasi(con2, "kerja")
    assert db.terapkan_migrasi(con2, "kerja") == []


def test_geometri_bolak_balik(tmp_path):
    """Point, line and polygon-with-hole survive WKB -> DuckDB GEOMETRY -> WKB exactly."""
    con = db.koneksi(tmp_path / "r.duckdb")
    db.terapkan_migrasi(con, "referensi")
    geoms = [
        Point(109.123456789, -7.5),
        LineString([(109.1, -7.4), (109.2, -7.41), (109.25, -7.39)]),
        Polygon([(0, 0), (4, 0), (4, 4), (0, 4)], [[(1, 1), (2, 1), (2, 2), (1, 2)]]),
    ]
    for i, g in enumerate(geoms, start=1):
        con.execute(
            "INSERT INTO lahan VALUES (?, 'aset_pemda', NULL, 'tes', ST_GeomFromWKB(?))", [i, shapely.to_wkb(g)]
        )
    keluar = [
        shapely.from_wkb(bytes(r[0])) for r in con.execute("SELECT ST_AsWKB(geom) FROM lahan ORDER BY id").fetchall()
    ]
    for a, b in zip(geoms, keluar, strict=True):
        assert a.equals_exact(b, 0)
    # area of the holed square in DuckDB: 16 - 1 = 15
    assert con.execute("SELECT ST_Area(geom) FROM lahan WHERE id = 3").fetchone()[0] == 15.0


def test_berkas_rusak_menyebut_berkas_dan_perintah(data_demo):
    data_demo.referensi.write_bytes(b"bukan basis data" * 1000)
    g = db.Gudang(data_demo)
    with pytest.raises(KesalahanBasisData) as e:
        g.df("SELECT 1")
    pesan = str(e.value)
    assert str(data_demo.referensi) in pesan and "python -m pipelines" in pesan


@pytest.mark.parametrize(("versi", "kata"), [(0, "pipelines siapkan"), (99, "lebih baru"), (None, "bukan basis data")])
def test_skema_tidak_cocok(data_demo, versi, kata):
    con = duckdb.connect(str(data_demo.kerja))
    if versi is None:
        con.execute("DROP TABLE skema_migrasi")
    else:
        con.execute("DELETE FROM skema_migrasi")
        if versi:
            con.execute("INSERT INTO skema_migrasi VALUES (?, 'kerja', 'masa depan', now())", [versi])
    con.close()
    with pytest.raises(KesalahanBasisData) as e:
        db.Gudang(data_demo).df("SELECT count(*) FROM kerja.usulan")
    assert kata in str(e.value) and str(data_demo.kerja) in str(e.value)


def test_migrasi_baru_diterapkan_di_tempat(data_demo, monkeypatch):
    """A file one version behind is upgraded in place by `pipelines siapkan`; rows stay."""
    baru = [*skema.MIGRASI["kerja"], (99, "tes: kolom catatan", "ALTER TABLE usulan ADD COLUMN catatan VARCHAR")]
    monkeypatch.setitem(skema.MIGRASI, "kerja", baru)
    g = db.Gudang(data_demo)
    with pytest.raises(KesalahanBasisData, match="pipelines siapkan"):
        g.df("SELECT 1 FROM kerja.usulan")
    g.tutup()  # as when the user runs the CLI in another process
    n = duckdb.connect(str(data_demo.kerja)).execute("SELECT count(*) FROM usulan").fetchone()[0]
    from pipelines.siapkan import siapkan

    assert any("migrasi [99]" in baris for baris in siapkan(data_demo))
    df = db.Gudang(data_demo).df("SELECT count(*) n, count(catatan) c FROM kerja.usulan")
    assert (df["n"][0], df["c"][0]) == (n, 0)


def test_skema_rusak_tidak_kehilangan(data_demo):
    """A working file whose migration record was lost: migration refuses cleanly; rows stay."""
    con = duckdb.connect(str(data_demo.kerja))
    n = con.execute("SELECT count(*) FROM usulan").fetchone()[0]
    con.execute("DELETE FROM skema_migrasi")  # pretend: version 0 with data
    con.close()
    # version 1 creates tables that already exist: the migration must fail cleanly...
    with pytest.raises(KesalahanBasisData, match="dibatalkan"):
        db.migrasi_di_tempat(data_demo.kerja, "kerja")
    con = duckdb.connect(str(data_demo.kerja))
    assert con.execute("SELECT count(*) FROM usulan").fetchone()[0] == n  # ...and lose nothing
    con.close()


def test_ganti_atomik_gagal_tidak_mengubah_apa_pun(data_demo):
    sebelum = demo.sidik_tabel(data_demo.referensi)
    with pytest.raises(RuntimeError), db.ganti_atomik(data_demo.referensi, "referensi") as con:
        con.execute("DELETE FROM wilayah")
        raise RuntimeError("gagal di tengah muat")
    assert demo.sidik_tabel(data_demo.referensi) == sebelum
    assert sorted(p.name for p in data_demo.folder.iterdir() if p.suffix == ".duckdb") == [
        "kerja.duckdb",
        "referensi.duckdb",
    ]


def test_gudang_melihat_referensi_baru_setelah_ditukar(data_demo):
    g = db.Gudang(data_demo)
    assert g.df("SELECT count(*) n FROM ref.wilayah")["n"][0] == 129
    versi = g.versi_referensi()
    with db.ganti_atomik(data_demo.referensi, "referensi") as con:
        con.execute("DELETE FROM wilayah WHERE tingkat = 'desa'")
    assert g.df("SELECT count(*) n FROM ref.wilayah")["n"][0] == 9
    assert g.versi_referensi() != versi


def test_dua_penulis_tidak_saling_menimpa(tmp_path):
    target = tmp_path / "referensi.duckdb"
    with (
        db.kunci_berkas(target),
        pytest.raises(BasisDataSibuk, match="tidak ada yang ditimpa"),
        db.kunci_berkas(target, tunggu=0.3),
    ):
        pass


def test_kunci_proses_lain_jadi_pesan_jelas(data_demo):
    """Another process holding the working file gives a clear message, then things resume."""
    skrip = textwrap.dedent(f"""
        import duckdb, sys, time
        con = duckdb.connect({str(data_demo.kerja)!r})
        print("siap", flush=True)
        sys.stdin.readline()
    """)
    p = subprocess.Popen([sys.executable, "-c", skrip], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert p.stdout.readline().strip() == "siap"
        g = db.Gudang(data_demo, tunggu=0.5)
        t = time.monotonic()
        with pytest.raises(BasisDataSibuk, match="sedang dipakai proses lain"):
            g.df("SELECT count(*) FROM kerja.usulan")
        assert time.monotonic() - t >= 0.5  # it waited before giving up
    finally:
        p.communicate("selesai\n", timeout=30)
    assert g.df("SELECT count(*) n FROM kerja.usulan")["n"][0] > 0


def test_pipeline_tidak_menyentuh_data_kerja(data_demo):
    """Rebuilding reference data while the app serves keeps what users wrote."""
    g = db.Gudang(data_demo)
    sebelum = g.df("SELECT count(*) n FROM kerja.audit_log")["n"][0]  # the test accounts' rows
    with g.sesi(tulis=True) as con:
        con.execute("UPDATE kerja.usulan SET status = 'ditolak', versi = versi + 1 WHERE id = 1")
        con.execute(
            "INSERT INTO kerja.audit_log (waktu, oleh, tabel, kunci, aksi, alasan) "
            "VALUES (now(), 'operator', 'usulan', '1', 'ubah', 'tes')"
        )
    demo.bangun_demo(data_demo, benih=99)  # a different region, same files
    df = g.df("SELECT status, versi FROM kerja.usulan WHERE id = 1")
    assert (df["status"][0], df["versi"][0]) == ("ditolak", 2)
    assert g.df("SELECT count(*) n FROM kerja.audit_log")["n"][0] == sebelum + 1


def test_transaksi_gagal_digulung_balik(data_demo):
    g = db.Gudang(data_demo)
    sebelum = g.df("SELECT count(*) n FROM kerja.usulan")["n"][0]
    with pytest.raises(RuntimeError), g.sesi(tulis=True) as con:
        con.execute("DELETE FROM kerja.usulan")
        raise RuntimeError("batal")
    assert g.df("SELECT count(*) n FROM kerja.usulan")["n"][0] == sebelum


def test_nik_lama_yang_terbuka_disamarkan_saat_siapkan(data_demo):
    """A NIK stored in clear by an older version is replaced by its keyed hash when the folder is prepared."""
    from geo.store import rahasia
    from pipelines.siapkan import siapkan

    con = duckdb.connect(str(data_demo.kerja))
    con.execute("UPDATE usulan SET nik_pengusul = '3301010101010001' WHERE id IN (1, 2)")
    con.close()
    pesan = siapkan(data_demo)
    assert any("2 NIK" in p for p in pesan)
    con = duckdb.connect(str(data_demo.kerja), read_only=True)
    nilai = {r[0] for r in con.execute("SELECT nik_pengusul FROM usulan WHERE id IN (1, 2)").fetchall()}
    con.close()
    assert nilai == {rahasia.sidik_nik(data_demo.folder, "3301010101010001")}
    assert next(iter(nilai)).startswith("hmac-sha256:")
    assert not any("NIK" in p for p in siapkan(data_demo))  # nothing left to do
