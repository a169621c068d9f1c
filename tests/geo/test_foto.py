"""Activity photos: only images are kept, re-encoded without metadata (no GPS), by the account that may report."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from geo.domain import foto
from geo.domain.akses import Pengguna
from geo.errors import KesalahanAkses, KesalahanInput
from geo.services import foto as layanan_foto
from tests.akun import pelaku


def _jpeg_dengan_gps(lebar: int = 400, tinggi: int = 200) -> bytes:
    """A JPEG whose EXIF holds a GPS position, a device name and orientation 6 (rotate 90° to view)."""
    gambar = Image.new("RGB", (lebar, tinggi), (200, 30, 30))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: the camera was turned
    exif[0x0110] = "Ponsel Rahasia X"  # model
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "S", (7.0, 30.0, 12.5), "E", (110.0, 25.0, 3.0)
    keluar = io.BytesIO()
    gambar.save(keluar, format="JPEG", exif=exif)
    return keluar.getvalue()


def test_foto_dibersihkan_dari_metadata_dan_ditegakkan():
    asli = _jpeg_dengan_gps()
    assert b"Ponsel Rahasia X" in asli and Image.open(io.BytesIO(asli)).getexif().get_ifd(0x8825)
    bersih = foto.bersihkan_foto(asli)
    g = Image.open(io.BytesIO(bersih))
    assert g.format == "JPEG" and g.size == (200, 400)  # turned upright from its orientation
    assert len(g.getexif()) == 0 and b"Ponsel Rahasia X" not in bersih and b"Exif" not in bersih


def test_foto_besar_diperkecil():
    keluar = io.BytesIO()
    Image.new("RGB", (4000, 3000), (10, 120, 10)).save(keluar, format="PNG")
    g = Image.open(io.BytesIO(foto.bersihkan_foto(keluar.getvalue())))
    assert max(g.size) == foto.SISI_MAKS and g.size == (1600, 1200)


@pytest.mark.parametrize(
    "isi",
    [
        b"bukan gambar sama sekali",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
    ],
)
def test_bukan_foto_ditolak_dengan_pesan(isi):
    with pytest.raises(KesalahanInput) as e:
        foto.bersihkan_foto(isi, "bukti.jpg")
    assert e.value.masalah[0].lokasi == "bukti.jpg" and e.value.masalah[0].kolom == "foto"


def test_foto_terlalu_besar_ditolak(monkeypatch):
    monkeypatch.setattr(foto, "UKURAN_MAKS_MB", 0.001)
    with pytest.raises(KesalahanInput, match="Foto tidak disimpan"):
        foto.bersihkan_foto(_jpeg_dengan_gps())


def test_simpan_foto_menurut_hak_dan_tercatat(gudang_demo):
    g = gudang_demo
    keg = g.df(
        "SELECT id, kode_desa, coalesce(opd_akhir, opd_awal) AS opd FROM kerja.usulan "
        "WHERE status = 'diterima' AND tahap = 'kabupaten' ORDER BY id LIMIT 1"
    ).iloc[0]
    uid = int(keg["id"])
    lain = Pengguna("uji.opd.lain", "OPD lain", "opd", "99.01", "Dinas Yang Lain")
    with pytest.raises(KesalahanAkses):
        layanan_foto.simpan_foto(g, uid, 2026, 3, _jpeg_dengan_gps(), "a.jpg", lain)
    with pytest.raises(KesalahanInput):  # not a photo: nothing written
        layanan_foto.simpan_foto(g, uid, 2026, 3, b"x", "a.jpg", pelaku("bappeda"))
    assert layanan_foto.baca_foto(g, uid, 2026, 3) is None
    opd = Pengguna("uji.opd.ini", "OPD ini", "opd", "99.01", str(keg["opd"]))
    ukuran = layanan_foto.simpan_foto(g, uid, 2026, 3, _jpeg_dengan_gps(), "a.jpg", opd)
    tersimpan = layanan_foto.baca_foto(g, uid, 2026, 3)
    assert tersimpan is not None and len(tersimpan) == ukuran and b"Ponsel Rahasia X" not in tersimpan
    layanan_foto.simpan_foto(g, uid, 2026, 3, _jpeg_dengan_gps(300, 300), "b.jpg", opd)  # replaced, not a second row
    audit = g.df("SELECT aksi, oleh FROM kerja.audit_log WHERE tabel = 'realisasi_foto' ORDER BY waktu")
    assert list(audit["aksi"]) == ["tambah", "ubah"] and set(audit["oleh"]) == {"uji.opd.ini"}
    assert g.df("SELECT count(*) AS n FROM kerja.realisasi_foto")["n"][0] == 1
