"""Roles scoped to a wilayah, enforced in the service functions (called directly, not via a page).

For each role: allowed and refused reads and writes on usulan of its own and of another
wilayah (or OPD). The expected answers are written out by hand from domain §9, not derived
from :data:`geo.domain.definitions.PERAN`.
"""

from __future__ import annotations

import pytest

from geo.domain.akses import Pengguna, di_dalam, pastikan, periksa_peran, saring_baca
from geo.domain.slide import Slide
from geo.errors import KesalahanAkses
from geo.services import forum as layanan_forum
from geo.services import prioritas as layanan_prioritas
from geo.services import slide as layanan_slide
from geo.services import usulan as layanan_usulan
from geo.store import db
from tests.conftest import sebagian_lambat


def test_di_dalam_kode_bertitik():
    assert di_dalam("33.01", "33.01.01.2001")
    assert di_dalam("33.01.01", "33.01.01")
    assert not di_dalam("33.01.01", "33.01.011.2001")  # a prefix of digits is not a parent
    assert not di_dalam("33.01.01.2001", "33.01.01")


def test_periksa_peran_minta_wilayah_yang_sesuai():
    assert periksa_peran("desa", "33.01.01.2001", None) is None
    assert "kode desa" in periksa_peran("desa", "33.01.01", None)
    assert "perangkat daerah" in periksa_peran("opd", "33.01", "")
    assert periksa_peran("admin", None, None) is None
    assert "tidak dikenal" in periksa_peran("raja", "33.01", None)


@pytest.fixture
def kasus(data_demo):
    """The store and usulan picked for the matrix, with accounts scoped around them."""
    g = db.Gudang(data_demo)
    u = g.df(
        "SELECT id, kode_desa, kode_kecamatan, tahap, coalesce(opd_akhir, opd_awal) opd, versi "
        "FROM kerja.usulan WHERE tahun = 2027 AND status = 'diajukan' ORDER BY id"
    )
    di_desa = u[u["tahap"] == "desa"]
    kec = next(k for k, grup in di_desa.groupby("kode_kecamatan") if grup["kode_desa"].nunique() >= 2)
    desa = di_desa[di_desa["kode_kecamatan"] == kec].iloc[0]
    lain_desa = di_desa[(di_desa["kode_kecamatan"] == kec) & (di_desa["kode_desa"] != desa["kode_desa"])].iloc[0]
    lain_kec = di_desa[di_desa["kode_kecamatan"] != kec].iloc[0]
    pd_ = u[u["tahap"] == "forum_pd"].iloc[0]
    pd_lain = u[(u["tahap"] == "forum_pd") & (u["opd"] != pd_["opd"])].iloc[0]
    akun = {
        "desa": Pengguna("a.desa", "A", "desa", desa["kode_desa"]),
        "kecamatan": Pengguna("a.kec", "A", "kecamatan", desa["kode_kecamatan"]),
        "opd": Pengguna("a.opd", "A", "opd", "99.01", pd_["opd"]),
        "bappeda": Pengguna("a.bappeda", "A", "bappeda", "99.01"),
        "bappeda_lain": Pengguna("b.bappeda", "B", "bappeda", "98.01"),
        "tapd": Pengguna("a.tapd", "A", "tapd", "99.01"),
        "admin": Pengguna("a.admin", "A", "admin"),
        "lihat": Pengguna("a.lihat", "A", "lihat", "99.01"),
    }
    yield g, {"desa": desa, "lain_desa": lain_desa, "lain_kec": lain_kec, "pd": pd_, "pd_lain": pd_lain}, akun
    g.tutup()


#: (role, usulan) -> may edit. Desa-tier usulan: its desa, its kecamatan, Bappeda. Forum PD: its OPD, Bappeda.
BOLEH_UBAH = {
    "desa": {"desa"},
    "kecamatan": {"desa", "lain_desa"},
    "opd": {"pd"},
    "bappeda": {"desa", "lain_desa", "lain_kec", "pd", "pd_lain"},
    "bappeda_lain": set(),
    "tapd": set(),
    "admin": set(),
    "lihat": set(),
}
#: (role, usulan) -> may read the full record.
BOLEH_BACA = {
    "desa": {"desa"},
    "kecamatan": {"desa", "lain_desa"},
    "opd": {"pd"},
    "bappeda": {"desa", "lain_desa", "lain_kec", "pd", "pd_lain"},
    "bappeda_lain": set(),
    "tapd": {"desa", "lain_desa", "lain_kec", "pd", "pd_lain"},
    "admin": {"desa", "lain_desa", "lain_kec", "pd", "pd_lain"},
    "lihat": {"desa", "lain_desa", "lain_kec", "pd", "pd_lain"},
}


@pytest.mark.parametrize("peran", sebagian_lambat(BOLEH_UBAH))
def test_ubah_usulan_per_peran(kasus, peran):
    g, u, akun = kasus
    for nama, r in u.items():
        uid, versi = int(r["id"]), int(r["versi"])
        if nama in BOLEH_UBAH[peran]:
            assert (
                layanan_usulan.ubah_usulan(g, uid, {"alamat": f"oleh {peran}"}, versi, "uji", akun[peran]) == versi + 1
            )
            u[nama] = {**r, "versi": versi + 1}
        else:
            with pytest.raises(KesalahanAkses, match="Akses ditolak"):
                layanan_usulan.ubah_usulan(g, uid, {"alamat": f"oleh {peran}"}, versi, "uji", akun[peran])
            assert int(g.df("SELECT versi FROM kerja.usulan WHERE id = ?", [uid])["versi"][0]) == versi


@pytest.mark.parametrize("peran", sebagian_lambat(BOLEH_BACA))
def test_baca_usulan_per_peran(kasus, peran):
    g, u, akun = kasus
    for nama, r in u.items():
        if nama in BOLEH_BACA[peran]:
            rekaman = layanan_usulan.baca_usulan(g, akun[peran], int(r["id"]))
            assert rekaman["id"] == int(r["id"]) and "nik_pengusul" not in rekaman
        else:
            with pytest.raises(KesalahanAkses):
                layanan_usulan.baca_usulan(g, akun[peran], int(r["id"]))
    daftar = layanan_usulan.daftar_usulan(g, akun[peran], "99.01", 2027)
    ids = set(daftar["id"])
    for nama, r in u.items():
        assert (int(r["id"]) in ids) == (nama in BOLEH_BACA[peran]), (peran, nama)


#: who may decide at the desa forum on the picked desa usulan, and at the forum PD on the picked OPD usulan
BOLEH_PUTUS_DESA = {"desa", "kecamatan", "bappeda"}
BOLEH_PUTUS_PD = {"opd", "bappeda"}


@pytest.mark.parametrize("peran", sebagian_lambat(BOLEH_UBAH))
def test_keputusan_forum_per_peran(kasus, peran):
    g, u, akun = kasus
    for nama, boleh in (
        ("desa", peran in BOLEH_PUTUS_DESA),
        ("pd", peran in BOLEH_PUTUS_PD),
        ("pd_lain", peran == "bappeda"),
    ):
        r = u[nama]
        if boleh:
            layanan_forum.putuskan_usulan(g, int(r["id"]), "ditolak", "uji", akun[peran], int(r["versi"]))
        else:
            with pytest.raises(KesalahanAkses):
                layanan_forum.putuskan_usulan(g, int(r["id"]), "ditolak", "uji", akun[peran], int(r["versi"]))
            jumlah = g.df(
                "SELECT count(*) n FROM kerja.keputusan WHERE usulan_id = ? AND oleh = ?",
                [int(r["id"]), akun[peran].nama_pengguna],
            )
            assert jumlah["n"][0] == 0


def test_bobot_suara_slide_per_peran(kasus):
    g, u, akun = kasus
    kec = u["desa"]["kode_kecamatan"]
    bobot = {"urgensi": 1}
    # kecamatan weights: the kecamatan itself and Bappeda; the tier default for all kecamatan: Bappeda only
    assert layanan_prioritas.simpan_bobot(g, 2027, "kecamatan", kec, bobot, None, 0, akun["kecamatan"]) == 1
    for peran in ("desa", "opd", "tapd", "lihat", "admin", "bappeda_lain"):
        with pytest.raises(KesalahanAkses):
            layanan_prioritas.simpan_bobot(g, 2027, "kecamatan", kec, bobot, None, 1, akun[peran])
    with pytest.raises(KesalahanAkses):
        layanan_prioritas.simpan_bobot(g, 2027, "kecamatan", "*", bobot, None, 0, akun["kecamatan"])
    assert layanan_prioritas.simpan_bobot(g, 2027, "kecamatan", "*", bobot, None, 0, akun["bappeda"]) == 1
    # OPD forum weights: that OPD
    opd = u["pd"]["opd"]
    assert layanan_prioritas.simpan_bobot(g, 2027, "forum_pd", opd, bobot, None, 0, akun["opd"]) == 1
    with pytest.raises(KesalahanAkses):
        layanan_prioritas.simpan_bobot(g, 2027, "forum_pd", u["pd_lain"]["opd"], bobot, None, 0, akun["opd"])
    # votes on the desa usulan at the desa forum
    uid = int(u["desa"]["id"])
    assert layanan_prioritas.simpan_suara(g, "desa", {uid: 5}, akun["desa"]) == 1
    with pytest.raises(KesalahanAkses):
        layanan_prioritas.simpan_suara(g, "desa", {int(u["lain_kec"]["id"]): 5}, akun["desa"])
    # slide sets: Bappeda and kecamatan of the kabupaten; not the viewer, not another kabupaten
    s = [Slide("jumlah_sekolah", 2025, "desa")]
    assert layanan_slide.simpan_set(g, "99.01", "Uji akses", s, akun["kecamatan"], 0) == 1
    for peran in ("lihat", "desa", "tapd", "bappeda_lain"):
        with pytest.raises(KesalahanAkses):
            layanan_slide.simpan_set(g, "99.01", "Uji akses 2", s, akun[peran], 0)


def test_bawa_ke_tahun_depan_dalam_wilayah(kasus):
    g, u, akun = kasus
    r = u["lain_kec"]
    layanan_forum.putuskan_usulan(g, int(r["id"]), "ditunda", "pagu habis", akun["bappeda"], int(r["versi"]))
    with pytest.raises(KesalahanAkses):
        layanan_usulan.bawa_ke_tahun_depan(g, [int(r["id"])], akun["kecamatan"])
    assert int(r["id"]) in layanan_usulan.bawa_ke_tahun_depan(g, [int(r["id"])], akun["bappeda"])


def test_pastikan_pesan_menyebut_akun_dan_wilayah():
    p = Pengguna("ani", "Ani", "desa", "99.01.01.1001")
    with pytest.raises(KesalahanAkses) as e:
        pastikan(p, "usulan.tulis", kode_desa="99.01.02.1001", tahap="desa")
    assert "ani" in str(e.value) and "99.01.01.1001" in str(e.value) and "99.01.02.1001" in str(e.value)
    with pytest.raises(KesalahanAkses, match="memuat data"):
        pastikan(p, "muat")


def test_saring_baca_opd_pakai_opd_akhir():
    import pandas as pd

    df = pd.DataFrame({"kode_desa": ["99.01.01.1001"] * 3, "opd_awal": ["A", "A", "B"], "opd_akhir": [None, "B", None]})
    p = Pengguna("x", "X", "opd", "99.01", "B")
    assert list(saring_baca(p, df).index) == [1, 2]
