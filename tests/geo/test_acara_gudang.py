"""Forum events (issue 16) against a store: access per tier, personal data rule, removal keeps counts, documents."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader

from geo.errors import KesalahanAkses, KesalahanInput, KonflikVersi
from geo.render.berita_acara import pdf_berita_acara
from geo.render.ekspor import xlsx_sipd
from geo.services import acara as sa
from geo.services import peserta as sp
from geo.services.berita_acara import data_berita_acara
from geo.store import kueri
from tests.akun import DESA_UJI, pelaku
from tests.conftest import AKAR


@pytest.fixture
def data_demo(data_backend):
    """Every test of this module runs on both backends: the DuckDB files and the PostgreSQL server."""
    return data_backend


KAB, TAHUN = "99.01", 2027
BAPPEDA = pelaku("bappeda")
#: Distinctive personal data: a name and contacts that appear nowhere else.
RAHASIA = {"nama": "Zulkarnain Pribadiuji", "kontak": "0899-7777-1234", "lembaga": "Paguyuban Ujicoba"}
T = datetime.datetime


def _teks_pdf(pdf: bytes) -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]


def _forum(g, tahap: str, kode: str) -> dict:
    """A forum of the demo schedule (every desa and kecamatan, one forum PD, one kabupaten forum)."""
    j = sa.jadwal(g, KAB, TAHUN).acara
    return sa.baca(g, int(j[(j["tahap"] == tahap) & (j["kode_forum"] == kode)]["id"].iloc[0]))


def test_akses_per_tahap_dan_wilayah(gudang_demo):
    g = gudang_demo
    desa, kec = pelaku("desa"), pelaku("kecamatan")
    a = _forum(g, "desa", DESA_UJI)
    sa.simpan_acara(
        g, desa, KAB, TAHUN, {**a, "tempat": "Balai Desa (pindah)"}, acara_id=a["id"], versi=int(a["versi"])
    )
    sa.tambah_fasilitator(g, desa, a["id"], "Rina", "Pemerintah Desa", "notulis")  # its own desa: allowed
    forum_kec = _forum(g, "kecamatan", "99.01.01")
    with pytest.raises(KesalahanAkses):
        sa.tambah_fasilitator(g, desa, forum_kec["id"], "Rina", "Pemerintah Desa", "notulis")
    sa.tambah_notulen(g, kec, forum_kec["id"], "isu", "Jalan lingkar")  # kecamatan: its own forum
    with pytest.raises(KesalahanAkses):
        sa.tambah_notulen(g, kec, _forum(g, "kecamatan", "99.01.02")["id"], "isu", "x")
    with pytest.raises(KesalahanAkses):
        sa.simpan_acara(
            g, kec, KAB, TAHUN, {"tahap": "kabupaten", "kode_forum": KAB, "mulai": T(2026, 3, 20, 9), "tempat": "x"}
        )
    with pytest.raises(KesalahanAkses):
        sp.buku_alamat(g, pelaku("lihat"), KAB)
    # a desa account sees its desa's contacts and the kabupaten-wide ones, not other desa's
    buku = sp.buku_alamat(g, desa, KAB)
    assert set(buku["kode_desa"].dropna()) == {DESA_UJI}
    assert len(buku) < len(sp.buku_alamat(g, BAPPEDA, KAB))


def test_jadwal_peringatan_dan_konflik_versi(gudang_demo):
    g = gudang_demo
    a = _forum(g, "kecamatan", "99.01.01")
    # move the kecamatan forum before its desa forums: the warning names it
    _, peringatan = sa.simpan_acara(
        g,
        BAPPEDA,
        KAB,
        TAHUN,
        {**a, "mulai": T(2026, 1, 6, 9), "status": "rencana"},
        acara_id=a["id"],
        versi=int(a["versi"]),
    )
    assert peringatan and peringatan[0].acara_id == a["id"] and "Musrenbang Kecamatan" in peringatan[0].pesan
    with pytest.raises(KonflikVersi):
        sa.ubah_status(g, BAPPEDA, a["id"], "terlaksana", int(a["versi"]))  # the version seen before the move
    with pytest.raises(KesalahanInput, match="sudah dijadwalkan"):  # one forum per tier and wilayah
        sa.simpan_acara(g, BAPPEDA, KAB, TAHUN, {**a, "acara_id": None})
    with pytest.raises(KesalahanInput) as e:
        sa.simpan_acara(g, BAPPEDA, KAB, TAHUN, {"tahap": "desa", "kode_forum": "88.01.01.2001", "mulai": "besok"})
    assert {m.kolom for m in e.value.masalah} == {"kode_forum", "mulai", "tempat"}


def _dengan_rahasia(g) -> tuple[dict, int]:
    """The demo's first kecamatan forum (attendance recorded) with a distinctive invitee who came."""
    a = _forum(g, "kecamatan", "99.01.01")
    (kid,) = sp.tambah_kontak(g, BAPPEDA, KAB, [{**RAHASIA, "kategori": "lansia", "jenis_kelamin": "P"}])
    assert sp.undang(g, BAPPEDA, a["id"], [kid]) == 1
    baris = sp.undangan(g, BAPPEDA, a["id"]).query("kontak_id == @kid").iloc[0].to_dict()
    assert sp.tandai_hadir(g, BAPPEDA, a, baris) and not sp.tandai_hadir(g, BAPPEDA, a, baris)  # a second tick: no-op
    return a, kid


def test_hapus_atas_permintaan_jumlah_tetap(gudang_demo):
    g = gudang_demo
    a, kid = _dengan_rahasia(g)
    sebelum = sa.tabel_inklusi(g, KAB, TAHUN).set_index("acara_id").loc[a["id"]]
    sp.hapus_data_pribadi(g, BAPPEDA, KAB, "permintaan lisan ybs. 1 Des 2026", kontak_id=kid)
    sesudah = sa.tabel_inklusi(g, KAB, TAHUN).set_index("acara_id").loc[a["id"]]
    pd.testing.assert_series_equal(sebelum, sesudah)
    hadir = sp.daftar_hadir(g, BAPPEDA, a["id"]).query("kontak_id == @kid")
    assert len(hadir) == 1 and hadir["nama"].isna().all() and hadir["kategori"].iloc[0] == "lansia"
    assert hadir["jenis_kelamin"].iloc[0] == "P"
    assert kid not in set(sp.buku_alamat(g, BAPPEDA, KAB)["id"])
    # nothing of the person is left anywhere in the working file, the audit log included
    semua = g.df("SELECT * FROM kerja.audit_log").to_csv() + g.df("SELECT * FROM kerja.buku_alamat").to_csv()
    semua += g.df("SELECT * FROM kerja.hadir").to_csv() + g.df("SELECT * FROM kerja.undangan").to_csv()
    for nilai in RAHASIA.values():
        assert nilai not in semua
    with pytest.raises(KesalahanInput):
        sp.hapus_data_pribadi(g, BAPPEDA, KAB, " ", kontak_id=kid)  # a removal needs its request recorded


@pytest.mark.lambat  # XLSX and PDF round trips
def test_data_pribadi_tidak_di_ekspor_umum(gudang_demo):
    g = gudang_demo
    a, _ = _dengan_rahasia(g)
    sa.tambah_notulen(g, BAPPEDA, a["id"], "keputusan", "Prioritas disepakati", [])
    ekspor = []
    with zipfile.ZipFile(io.BytesIO(xlsx_sipd(kueri.usulan_gdf(g, KAB, TAHUN), "Uji"))) as z:
        ekspor += [z.read(n).decode("utf-8", "ignore") for n in z.namelist()]
    ba = data_berita_acara(g, KAB, TAHUN, "kecamatan", a["kode_forum"])
    teks_ba = "\n".join(_teks_pdf(pdf_berita_acara(ba, datetime.date(2026, 2, 3))))
    ekspor += [teks_ba, sa.tabel_inklusi(g, KAB, TAHUN).to_csv()]
    inkl, kelompok = sa.inklusi_forum(g, a)
    ekspor += [repr(inkl), kelompok.to_csv()]
    for teks in ekspor:
        for nilai in RAHASIA.values():
            assert nilai not in teks
    assert "Prioritas disepakati" in teks_ba  # the minutes and the inclusion figures are in the berita acara
    assert "Perempuan" in teks_ba


def test_publik_tidak_menyentuh_tabel_data_pribadi():
    # the public entry point reads only through geo.store.publik; neither names a table holding personal data
    for berkas in [AKAR / "geo" / "store" / "publik.py", *sorted((AKAR / "pages" / "publik").glob("*.py"))]:
        teks = Path(berkas).read_text()
        for tabel in ("buku_alamat", "hadir", "undangan", "fasilitator", "notulen", "geo.services.peserta"):
            assert not re.search(rf"\b{re.escape(tabel)}\b", teks), (berkas, tabel)


@pytest.mark.lambat
def test_impor_hadir_semua_atau_tidak(gudang_demo):
    g = gudang_demo
    a = _forum(g, "kecamatan", "99.01.03")  # held, invitations recorded, attendance not entered
    assert sp.daftar_hadir(g, BAPPEDA, a["id"]).empty
    undangan = sp.undangan(g, BAPPEDA, a["id"])
    satu = undangan.iloc[0]
    buruk = pd.DataFrame(
        {"Nama": [satu["nama"].upper(), "Pak Warga", ""], "kategori": [satu["kategori"], "masyarakat", "tamu"]}
    )
    with pytest.raises(KesalahanInput) as e:
        sp.impor_hadir(g, BAPPEDA, a["id"], buruk)
    assert [(m.lokasi, m.kolom) for m in e.value.masalah] == [("baris 4", "nama"), ("baris 4", "kategori")]
    assert sp.daftar_hadir(g, BAPPEDA, a["id"]).empty  # nothing written
    n = sp.impor_hadir(g, BAPPEDA, a["id"], buruk.iloc[:2].assign(jenis_kelamin=["l", "P"]))
    hadir = sp.daftar_hadir(g, BAPPEDA, a["id"])
    assert n == 2 and hadir["datang_sendiri"].tolist() == [False, True]
    assert int(hadir["kontak_id"].iloc[0]) == int(satu["kontak_id"])  # matched to the invitation (case ignored)
    i = sa.inklusi_forum(g, a)[0]
    assert (i.hadir, i.hadir_diundang, i.perempuan) == (2, 1, 1)


@pytest.mark.lambat
def test_surat_undangan_satu_per_penerima(gudang_demo):
    g = gudang_demo
    a = _forum(g, "forum_pd", KAB)
    ubah = {"mulai": T(2026, 3, 2, 9, 30), "tempat": "Aula Bappeda Lantai 2", "agenda": "Penyelarasan Renja"}
    sa.simpan_acara(g, BAPPEDA, KAB, TAHUN, {**a, **ubah}, acara_id=a["id"], versi=int(a["versi"]))
    a = sa.baca(g, a["id"])
    nama = ["Ayu Uji Satu", "Bagus Uji Dua", '=HYPERLINK("x")']
    ids = sp.tambah_kontak(
        g, BAPPEDA, KAB, [{"nama": n, "kategori": "opd", "kontak": f"0800-0{j}"} for j, n in enumerate(nama)]
    )
    assert sp.undang(g, BAPPEDA, a["id"], ids, "005/{no}/Bappeda/{bulan}/{tahun}", datetime.date(2026, 2, 20)) == 3
    pdf, csv = sp.surat_undangan(g, BAPPEDA, a["id"])
    halaman = _teks_pdf(pdf)
    tanggal = "Senin, 2 Maret 2026"  # 2 March 2026 is a Monday
    assert len(halaman) == 3  # one letter (page) per invitee
    for teks, n, no in zip(halaman, nama, ("001", "002", "003"), strict=True):
        assert n in teks and tanggal in teks and "pukul 09.30" in teks and "Aula Bappeda Lantai 2" in teks
        assert f"005/{no}/Bappeda/II/2026" in teks
    baris = csv.decode("utf-8-sig").splitlines()
    assert len(baris) == 4 and "'=HYPERLINK" in baris[3] and tanggal in baris[1]
    lembar = "\n".join(_teks_pdf(sp.lembar_hadir(g, BAPPEDA, a["id"])))
    assert all(n in lembar for n in nama[:2]) and "Tanda tangan" in lembar
    # removed on request: no letter, no CSV row, not on the sheet; the invitation still counts
    sp.hapus_data_pribadi(g, BAPPEDA, KAB, "permintaan tertulis", kontak_id=ids[0])
    pdf, csv = sp.surat_undangan(g, BAPPEDA, a["id"])
    assert len(_teks_pdf(pdf)) == 2 and nama[0] not in csv.decode("utf-8-sig")
    assert nama[0] not in "\n".join(_teks_pdf(sp.lembar_hadir(g, BAPPEDA, a["id"])))
    assert sa.inklusi_forum(g, a)[0].diundang >= 3
