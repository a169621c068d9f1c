"""``load buku-alamat`` (issue 16): every problem reported by row and field, a clean file added, scope kept."""

from __future__ import annotations

import pytest

from geo.errors import KesalahanAkses, KesalahanInput
from geo.store.db import Gudang
from pipelines.muat import OpsiBukuAlamat, muat
from tests.akun import pelaku


def _csv(tmp_path, teks: str):
    p = tmp_path / "buku.csv"
    p.write_text(teks, encoding="utf-8")
    return p


def _jumlah(berkas) -> int:
    g = Gudang(berkas)
    try:
        return int(g.df("SELECT count(*) AS n FROM kerja.buku_alamat")["n"].iloc[0])
    finally:
        g.tutup()


def test_masalah_per_baris_dan_tidak_ada_yang_ditulis(data_demo, tmp_path):
    awal = _jumlah(data_demo)
    berkas = _csv(
        tmp_path,
        "nama,kategori,jenis_kelamin,kontak,kode_desa\n"
        "Siti Uji,perempuan,P,0800-1,99.01.01.1001\n"
        ",opd,L,,\n"
        "Budi Uji,wartawan,X,,\n"
        "Ani Uji,Pemuda (Karang Taruna),p,,99.99.99.9999\n",
    )
    with pytest.raises(KesalahanInput) as e:
        muat("buku-alamat", berkas, OpsiBukuAlamat(kabupaten="99.01"), data_demo)
    assert [(m.lokasi, m.kolom) for m in e.value.masalah] == [
        ("baris 3", "nama"),
        ("baris 4", "kategori"),
        ("baris 4", "jenis_kelamin"),
    ]
    assert _jumlah(data_demo) == awal
    # the row problems fixed, the unknown desa is reported at the write step
    baik = _csv(tmp_path, "nama,kategori,jenis_kelamin,kode_desa\nAni Uji,Pemuda (Karang Taruna),p,99.99.99.9999\n")
    with pytest.raises(KesalahanInput) as e:
        muat("buku-alamat", baik, OpsiBukuAlamat(kabupaten="99.01"), data_demo)
    assert [(m.lokasi, m.kolom) for m in e.value.masalah] == [("baris 2", "kode_desa")]


@pytest.mark.lambat
def test_berkas_bersih_ditambahkan(data_demo, tmp_path):
    awal = _jumlah(data_demo)
    berkas = _csv(
        tmp_path,
        "Nama;Lembaga;Kategori;Jenis_Kelamin;Kontak;Kode_Desa\n"
        "Siti Uji;PKK;kader;P;0800-1;9901011001\n"
        "Budi Uji;Dinas PU;Perangkat daerah (OPD);L;;\n",
    )
    lap = muat("buku-alamat", berkas, OpsiBukuAlamat(), data_demo)  # one kabupaten in the demo: no option needed
    assert _jumlah(data_demo) == awal + 2 and "Siti" not in lap.teks()
    g = Gudang(data_demo)
    try:
        baru = g.df("SELECT * FROM kerja.buku_alamat ORDER BY id DESC LIMIT 2").sort_values("id")
    finally:
        g.tutup()
    assert baru["kategori"].tolist() == ["kader", "opd"] and baru["kode_desa"].tolist()[0] == "99.01.01.1001"


def test_akun_desa_hanya_desanya(data_demo, tmp_path):
    berkas = _csv(tmp_path, "nama,kategori,kode_desa\nWarga Lain,masyarakat,99.01.02.2001\n")
    with pytest.raises(KesalahanAkses):
        muat("buku-alamat", berkas, OpsiBukuAlamat(kabupaten="99.01", pelaku=pelaku("desa")), data_demo)
    with pytest.raises(KesalahanAkses):
        muat("buku-alamat", berkas, OpsiBukuAlamat(kabupaten="99.01", pelaku=pelaku("admin")), data_demo)
