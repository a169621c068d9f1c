"""Capture and edit of one usulan on the demo database: location, validation, duplicates,
version-checked edits, carry-over, and no personal data in lists or exports."""

from __future__ import annotations

import hashlib
import hmac
import io

import pandas as pd
import pytest
import shapely

from geo.errors import KesalahanInput, KonflikVersi
from geo.services import usulan as entri
from geo.store import kueri, rahasia
from geo.store.usulan import lokasi_usulan
from tests.akun import pelaku

KAB = "99.01"


@pytest.fixture
def g(gudang_demo):
    return gudang_demo


@pytest.fixture
def desa(g):
    return kueri.wilayah_gdf(g, KAB, "desa", tampil=False).set_index("kode")


def _data(**lain) -> dict:
    return {
        "tahun": 2027,
        "kode_kamus": "K-JLN-01",
        "masalah": "Jalan berlubang",
        "uraian": "Rabat beton jalan lingkungan uji coba",
        "pengusul": "RW 01",
        "nik_pengusul": "3301010101010001",
        "volume": 100.0,
        "sumber_dana": "APBD Kabupaten",
        "status_lahan": "tanah_desa",
        "penerima_laki": 10,
        "penerima_perempuan": 12,
        **lain,
    }


def _tetangga(desa):
    """Two desa sharing a border, and a point in the middle of that border."""
    for a, b in zip(desa.index[:-1], desa.index[1:], strict=True):
        batas = shapely.intersection(desa.at[a, "geometry"].boundary, desa.at[b, "geometry"].boundary)
        if batas.length > 0:
            return a, b, shapely.line_interpolate_point(shapely.line_merge(batas), 0.5, normalized=True)
    raise AssertionError("tidak ada desa bertetangga")


def test_lokasi_titik_batas_dan_garis(g, desa):
    kode = desa.index[5]
    p = desa.at[kode, "geometry"].representative_point()
    lok = lokasi_usulan(g, p, KAB)
    assert (lok.kode_desa, lok.nama_desa, lok.kode_kecamatan) == (kode, desa.at[kode, "nama"], kode[:8])
    # a point on the border of two desa: the declared rule gives the lower code
    a, b, di_batas = _tetangga(desa)
    assert lokasi_usulan(g, di_batas, KAB).kode_desa == min(a, b)
    # a line from inside a to inside b: the desa holding the larger share of its length
    garis = shapely.LineString(
        [desa.at[a, "geometry"].representative_point(), desa.at[b, "geometry"].representative_point()]
    )
    panjang = {k: shapely.intersection(garis, desa.at[k, "geometry"]).length for k in (a, b)}
    harap = max(panjang, key=panjang.get)
    lok = lokasi_usulan(g, garis, KAB)
    assert lok.kode_desa == harap
    assert lok.bagian == pytest.approx(panjang[harap] / garis.length, rel=1e-6)
    # outside the kabupaten
    assert lokasi_usulan(g, shapely.Point(110.5, -7.0), KAB) is None


def test_simpan_usulan_baru_dengan_audit(g, desa):
    kode = desa.index[7]
    p = desa.at[kode, "geometry"].representative_point()
    hasil = entri.simpan_usulan(g, _data(), p, KAB, pelaku(nama="uji"))
    assert hasil.id is not None and hasil.lokasi.kode_desa == kode
    r = g.df("SELECT * FROM kerja.usulan WHERE id = ?", [hasil.id]).iloc[0]
    harga = g.df("SELECT harga_satuan FROM ref.kamus_usulan WHERE kode = 'K-JLN-01'")["harga_satuan"][0]
    # cost = volume × kamus unit cost; satuan and OPD from the kamus; desa and kecamatan from the map
    assert r["biaya"] == 100 * harga and r["satuan"] == "m"
    assert (r["kode_desa"], r["kode_kecamatan"], r["tahap"], r["status"]) == (kode, kode[:8], "desa", "diajukan")
    assert g.df("SELECT aksi FROM kerja.audit_log WHERE kunci = ?", [str(hasil.id)])["aksi"].tolist() == ["buat"]
    # the kamus says a road is a line: placing a point is flagged, not blocked
    assert any("garis" in t for t in hasil.tanda)


def test_simpan_menolak_dan_menandai(g, desa):
    a, b, _ = _tetangga(desa)
    di_a = desa.at[a, "geometry"].representative_point()
    # outside the kabupaten: blocked, naming the field and the fix
    with pytest.raises(KesalahanInput) as e:
        entri.simpan_usulan(g, _data(), shapely.Point(110.5, -7.0), KAB, pelaku(nama="uji"))
    assert [m.kolom for m in e.value.masalah] == ["lokasi"] and "kabupaten" in e.value.masalah[0].harapan
    # no location, empty text, zero volume: all listed at once
    with pytest.raises(KesalahanInput) as e:
        entri.simpan_usulan(g, _data(uraian="", volume=0.0), None, KAB, pelaku(nama="uji"))
    assert {"lokasi", "uraian", "volume"} <= {m.kolom for m in e.value.masalah}
    # cost 50 % above the kamus: needs a reason (blocked without one), then flagged
    harga = g.df("SELECT harga_satuan FROM ref.kamus_usulan WHERE kode = 'K-JLN-01'")["harga_satuan"][0]
    with pytest.raises(KesalahanInput) as e:
        entri.simpan_usulan(g, _data(biaya=150 * harga), di_a, KAB, pelaku(nama="uji"))
    assert [m.kolom for m in e.value.masalah] == ["alasan_biaya"]
    # pin in desa a while the operator chose desa b: saved for b, flagged
    hasil = entri.simpan_usulan(
        g, _data(biaya=150 * harga, alasan_biaya="tanah labil", kode_desa=b), di_a, KAB, pelaku(nama="uji")
    )
    assert any("bukan di desa yang dipilih" in t for t in hasil.tanda)
    assert any("menyimpang 50 %" in t for t in hasil.tanda)
    assert g.df("SELECT kode_desa FROM kerja.usulan WHERE id = ?", [hasil.id])["kode_desa"][0] == b


def test_duplikat_ditahan_sampai_dikonfirmasi(g, desa):
    p = desa.at[desa.index[3], "geometry"].representative_point()
    pertama = entri.simpan_usulan(g, _data(), p, KAB, pelaku(nama="uji"))
    dekat = shapely.Point(p.x + 0.0005, p.y)  # ~55 m east
    tahan = entri.simpan_usulan(g, _data(uraian="Rabat beton jalan lingkungan uji"), dekat, KAB, pelaku(nama="uji"))
    assert tahan.id is None and tahan.duplikat["id_lama"].tolist() == [pertama.id]
    assert 45 < tahan.duplikat["jarak_m"].iloc[0] < 65
    jauh = shapely.Point(p.x + 0.01, p.y)  # ~1.1 km: not a duplicate
    if lokasi_usulan(g, jauh, KAB):
        assert entri.simpan_usulan(g, _data(), jauh, KAB, pelaku(nama="uji")).id is not None
    simpan = entri.simpan_usulan(
        g, _data(uraian="Rabat beton jalan lingkungan uji"), dekat, KAB, pelaku(nama="uji"), True
    )
    assert simpan.id is not None
    alasan = g.df("SELECT alasan FROM kerja.audit_log WHERE kunci = ?", [str(simpan.id)])["alasan"][0]
    assert f"#{pertama.id}" in alasan


def test_duplikat_dengan_usulan_didanai_tahun_lalu(g):
    lalu = g.df(
        "SELECT id, kode_kamus, uraian, ST_X(ST_Centroid(geom)) x, ST_Y(ST_Centroid(geom)) y FROM kerja.usulan "
        "WHERE tahun = 2026 AND tahap = 'kabupaten' AND status = 'diterima' AND ST_GeometryType(geom) = 'POINT' "
        "ORDER BY id LIMIT 1"
    ).iloc[0]
    kandidat = pd.DataFrame(
        {
            "id": [-1],
            "kode_kamus": [lalu["kode_kamus"]],
            "uraian": [lalu["uraian"]],
            "geometry": [shapely.Point(lalu["x"], lalu["y"])],
        }
    )
    with g.sesi() as con:
        dup = entri.duplikat_usulan(con, kandidat, 2027)
    assert int(lalu["id"]) in dup["id_lama"].tolist()
    with g.sesi() as con:  # funded more than N years ago is not compared
        assert entri.duplikat_usulan(con, kandidat, 2031).empty


def test_ubah_dengan_cek_versi_dan_riwayat(g):
    from geo.store.usulan import riwayat_usulan

    u = g.df("SELECT id, versi, volume, harga_satuan FROM kerja.usulan WHERE tahun = 2027 ORDER BY id LIMIT 1").iloc[0]
    uid, versi = int(u["id"]), int(u["versi"])
    baru = entri.ubah_usulan(g, uid, {"volume": float(u["volume"]) + 1}, versi, "hasil survei ulang", pelaku(nama="A"))
    assert baru == versi + 1
    r = g.df("SELECT volume, biaya FROM kerja.usulan WHERE id = ?", [uid]).iloc[0]
    assert r["biaya"] == pytest.approx((u["volume"] + 1) * u["harga_satuan"])  # cost follows the volume
    # B opened the same version as A: refused, A's change kept
    with pytest.raises(KonflikVersi, match="diubah orang lain"):
        entri.ubah_usulan(g, uid, {"uraian": "versi B"}, versi, "ubah", pelaku(nama="B"))
    assert g.df("SELECT volume FROM kerja.usulan WHERE id = ?", [uid])["volume"][0] == u["volume"] + 1
    with pytest.raises(KesalahanInput) as e:
        entri.ubah_usulan(g, uid, {"status": "diterima", "uraian": "x"}, baru, "", pelaku(nama="A"))
    assert {m.kolom for m in e.value.masalah} == {"status", "alasan"}
    h = riwayat_usulan(g, uid)
    assert h["aksi"].iloc[-1] == "ubah" and h["alasan"].iloc[-1] == "hasil survei ulang"
    assert '"volume"' in h["lama"].iloc[-1]


def test_bawa_ke_tahun_depan_sekali_saja(g):
    ids = g.df("SELECT id FROM kerja.usulan WHERE tahun = 2027 AND lanjut_tahun_depan ORDER BY id LIMIT 2")[
        "id"
    ].tolist()
    hasil = entri.bawa_ke_tahun_depan(g, ids, pelaku(nama="uji"))
    assert sorted(hasil) == sorted(ids)
    baru = g.df(
        "SELECT tahun, status, kode_sumber FROM kerja.usulan WHERE list_contains(?, id)", [list(hasil.values())]
    )
    assert set(baru["tahun"]) == {2028} and set(baru["status"]) == {"diajukan"}
    assert entri.bawa_ke_tahun_depan(g, ids, pelaku(nama="uji")) == {}  # twice adds nothing
    bukan = int(g.df("SELECT min(id) i FROM kerja.usulan WHERE NOT lanjut_tahun_depan")["i"][0])
    with pytest.raises(KesalahanInput):
        entri.bawa_ke_tahun_depan(g, [bukan], pelaku(nama="uji"))


def test_nik_tidak_pernah_tampil_atau_diekspor(g, desa):
    from geo.render.ekspor import xlsx_sipd

    p = desa.at[desa.index[9], "geometry"].representative_point()
    uid = entri.simpan_usulan(g, _data(uraian="Usulan dengan NIK rahasia"), p, KAB, pelaku(nama="uji"), True).id
    tersimpan = g.df("SELECT nik_pengusul FROM kerja.usulan WHERE id = ?", [uid])["nik_pengusul"][0]
    # stored as a keyed hash (geo.store.rahasia): equal NIKs give equal values, the NIK itself is nowhere
    kunci = rahasia.path_kunci(g.berkas.folder)
    harapan = hmac.new(kunci.read_bytes(), b"3301010101010001", hashlib.sha256).hexdigest()
    assert tersimpan == f"hmac-sha256:{harapan}"
    assert kunci.stat().st_mode & 0o077 == 0  # readable by the owner only
    assert b"3301010101010001" not in g.berkas.kerja.read_bytes()
    daftar = kueri.usulan_gdf(g, KAB, 2027)
    assert not {"nik_pengusul", "kk_pengusul"} & set(daftar.columns)
    isi = pd.read_excel(io.BytesIO(xlsx_sipd(daftar, "uji")), sheet_name=None)
    teks = " ".join(df.astype(str).to_string() for df in isi.values())
    assert "3301010101010001" not in teks and "NIK" not in " ".join(isi["Usulan"].columns)
    assert uid in isi["Usulan"]["ID Usulan"].tolist()
