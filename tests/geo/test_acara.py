"""Forum events (issue 16), pure rules: tier order of the schedule and inclusion figures on hand-made cases.

Expected values are counted by hand from the small lists below, not computed with the code under test.
"""

from __future__ import annotations

import datetime

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.domain import acara as da
from geo.domain import definitions
from geo.errors import KesalahanInput

T = datetime.datetime


def _f(i, tahap, kode, mulai, status="rencana"):
    return {"id": i, "tahap": tahap, "kode_forum": kode, "nama": f"F{i}", "mulai": mulai, "status": status}


# --- schedule order ------------------------------------------------------------------------------
def test_urutan_benar_tanpa_peringatan():
    forum = [
        _f(1, "desa", "99.01.01.2001", T(2026, 1, 10, 9)),
        _f(2, "desa", "99.01.01.2002", T(2026, 1, 12, 9)),
        _f(3, "desa", "99.01.02.2001", T(2026, 2, 20, 9)),  # another kecamatan: later is fine for 99.01.01
        _f(4, "kecamatan", "99.01.01", T(2026, 2, 3, 9)),
        _f(5, "kecamatan", "99.01.02", T(2026, 2, 21, 9)),
        _f(6, "forum_pd", "99.01", T(2026, 3, 2, 9)),
        _f(7, "kabupaten", "99.01", T(2026, 3, 16, 9)),
    ]
    assert da.periksa_urutan(forum) == []


def test_kecamatan_sebelum_desanya_diperingatkan():
    forum = [
        _f(1, "desa", "99.01.01.2001", T(2026, 1, 10, 9)),
        _f(2, "desa", "99.01.01.2002", T(2026, 2, 5, 9)),  # after its kecamatan forum (Feb 3)
        _f(3, "desa", "99.01.02.2001", T(2026, 2, 5, 9)),  # other kecamatan: not a problem of forum 4
        _f(4, "kecamatan", "99.01.01", T(2026, 2, 3, 9)),
        _f(5, "kecamatan", "99.01.02", T(2026, 2, 6, 9)),
    ]
    p = da.periksa_urutan(forum)
    assert [x.acara_id for x in p] == [4]
    assert "F2" in p[0].pesan and "F1" not in p[0].pesan and "F3" not in p[0].pesan
    assert "05-02-2026" in p[0].pesan and "03-02-2026" in p[0].pesan


def test_waktu_sama_juga_diperingatkan():
    forum = [_f(1, "desa", "99.01.01.2001", T(2026, 2, 3, 9)), _f(2, "kecamatan", "99.01.01", T(2026, 2, 3, 9))]
    assert [x.acara_id for x in da.periksa_urutan(forum)] == [2]


def test_kode_kecamatan_awalan_bukan_induk():
    # 99.01.1 is not the parent of 99.01.10.2001: prefix with the dot
    forum = [_f(1, "desa", "99.01.10.2001", T(2026, 2, 9, 9)), _f(2, "kecamatan", "99.01.1", T(2026, 2, 3, 9))]
    assert da.periksa_urutan(forum) == []


def test_forum_pd_dan_kabupaten():
    forum = [
        _f(1, "kecamatan", "99.01.01", T(2026, 3, 5, 9)),  # after the forum PD (Mar 2) and the kabupaten (Mar 4)
        _f(2, "forum_pd", "99.01", T(2026, 3, 2, 9)),
        _f(3, "kabupaten", "99.01", T(2026, 3, 4, 9)),
    ]
    assert [x.acara_id for x in da.periksa_urutan(forum)] == [2, 3]


def test_kecamatan_belum_digelar():
    forum = [
        _f(1, "kecamatan", "a", T(2026, 2, 1), "terlaksana"),
        _f(2, "kecamatan", "b", T(2026, 2, 2), "ba_ditandatangani"),
        _f(3, "kecamatan", "c", T(2026, 2, 3), "rencana"),
        _f(4, "desa", "d.1", T(2026, 1, 3), "terlaksana"),
    ]
    assert da.kecamatan_belum(["a", "b", "c", "d"], forum) == ["c", "d"]


# --- inclusion figures -------------------------------------------------------------------------------
def _hadir(baris):
    return pd.DataFrame(baris, columns=["jenis_kelamin", "kategori", "datang_sendiri"])


def test_inklusi_dihitung_tangan():
    # 8 attendees: 6 invited + 2 walk-ins; sex recorded for 7 (one unknown); women: 3 of 7
    # vulnerable (perempuan, pemuda, disabilitas, lansia, anak): rows 2, 4, 6, 8 -> 4 of 8
    hadir = _hadir(
        [
            ("L", "kepala_desa", False),
            ("P", "perempuan", False),
            ("L", "tokoh_masyarakat", False),
            ("P", "pemuda", False),
            ("L", "kader", False),
            (None, "disabilitas", False),
            ("P", "masyarakat", True),
            ("L", "lansia", True),
        ]
    )
    i = da.inklusi("desa", 10, hadir)
    assert (i.diundang, i.hadir, i.hadir_diundang) == (10, 8, 6)
    assert i.persen_kehadiran == pytest.approx(60.0)  # 6 of 10 invitations
    assert i.perempuan == 3 and i.persen_perempuan == pytest.approx(300 / 7)
    assert i.rentan == 4 and i.persen_rentan == pytest.approx(50.0)
    # desa tier expects kepala_desa, tokoh_masyarakat, kader, perempuan, anak, pemuda, disabilitas, lansia, masyarakat
    assert i.tidak_terwakili == ("anak",)
    assert i.per_kategori["perempuan"] == 1 and sum(i.per_kategori.values()) == 8


def test_tanpa_perempuan_nol_persen_bukan_kosong():
    hadir = _hadir([("L", "opd", False), ("L", "dprd", False), ("L", "kecamatan", True)])
    i = da.inklusi("kabupaten", 4, hadir)
    assert i.persen_perempuan == 0.0 and i.perempuan == 0
    assert i.persen_rentan == 0.0
    assert i.persen_kehadiran == pytest.approx(50.0)  # 2 invited attendees of 4 invitations


def test_tanpa_daftar_hadir_kosong_bukan_nol():
    i = da.inklusi("kecamatan", 25, _hadir([]))
    assert i.hadir == 0
    assert i.persen_perempuan is None and i.persen_rentan is None and i.persen_kehadiran is None
    assert i.tidak_terwakili == ()  # nothing recorded: no claim about who was missing


def test_tanpa_undangan_kehadiran_kosong():
    i = da.inklusi("desa", 0, _hadir([("P", "masyarakat", True)]))
    assert i.persen_kehadiran is None and i.persen_perempuan == 100.0


def test_usulan_per_kelompok():
    usulan = pd.DataFrame(
        {
            "id": [5, 2, 9, 4, 7, 3, 8],
            "pengusul": [
                "PKK Desa A",
                "RW 03 Desa A",
                "Karang Taruna Desa B",
                "Kelompok Disabilitas B",
                "TP PKK Desa C",
                "Ibu-ibu RT 2",  # recorded as a women's group: the record decides, not the name
                "Pemuda RW 5",  # recorded as RT/RW but named as youth: counted as youth, flagged as guessed
            ],
            "tingkat_pengusul": [
                "PKK",
                "RT/RW",
                "Karang Taruna",
                "Kelompok disabilitas",
                None,
                "Kelompok perempuan",
                "RT/RW",
            ],
        }
    )
    g = da.usulan_per_kelompok(usulan).set_index("kategori")
    assert g.loc["perempuan", "usulan_id"] == [3, 5, 7] and g.loc["perempuan", "ditebak"] == 1  # #7 has no kind
    assert g.loc["masyarakat", "usulan_id"] == [2] and g.loc["masyarakat", "ditebak"] == 0
    assert g.loc["pemuda", "usulan_id"] == [8, 9] and g.loc["pemuda", "ditebak"] == 1
    assert g.loc["disabilitas", "usulan_id"] == [4]
    assert next(iter(g.index)) == "perempuan"  # most usulan first
    # every kind on the usulan form is counted under a known participant category
    assert set(definitions.TINGKAT_PENGUSUL.values()) <= set(da.KATEGORI_PESERTA)


def test_kelompok_kata_utuh():
    assert da.kelompok_pengusul("Kelompok Lansia Sejahtera") == "lansia"
    assert da.kelompok_pengusul("RW 02 Desa Pemudasari") == "masyarakat"  # "pemuda" inside a name is not a group
    assert da.kelompok_pengusul(None) == "masyarakat"


def test_periksa_peserta_semua_masalah():
    with pytest.raises(KesalahanInput) as e:
        da.pastikan_peserta(
            [
                {"nama": "", "kategori": "opd"},
                {"nama": "A", "kategori": "wartawan", "jenis_kelamin": "X"},
                {"nama": "B", "kategori": "dprd", "jenis_kelamin": "P"},
            ]
        )
    assert [(m.lokasi, m.kolom) for m in e.value.masalah] == [
        ("baris 1", "nama"),
        ("baris 2", "kategori"),
        ("baris 2", "jenis_kelamin"),
    ]


def test_kategori_per_tahap_dikenal():
    for tahap, kategori in da.KATEGORI_PER_TAHAP.items():
        assert kategori and set(kategori) <= set(da.KATEGORI_PESERTA), tahap
    assert set(da.KATEGORI_RENTAN) == {"perempuan", "anak", "pemuda", "disabilitas", "lansia"}


def test_nomor_surat_dan_cari_nama():
    assert da.nomor_surat("{no}/{bulan}/{tahun}", 12, datetime.date(2026, 12, 1)) == "012/XII/2026"
    nama = pd.Series(["Siti Aminah", None, "Budi Santoso", "SITI rahayu"])
    assert da.cocok_nama(nama, "siti").tolist() == [True, False, False, True]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["L", "P", None]), st.sampled_from(list(da.KATEGORI_PESERTA)), st.booleans()),
        max_size=40,
    ),
    st.integers(0, 60),
    st.sampled_from(list(da.KATEGORI_PER_TAHAP)),
)
def test_sifat_angka_inklusi(baris, tambahan, tahap):
    hadir = _hadir(baris)
    diundang = int((~hadir["datang_sendiri"].astype(bool)).sum()) + tambahan if baris else tambahan
    i = da.inklusi(tahap, diundang, hadir)
    assert i.hadir == len(baris) == sum(i.per_kategori.values())
    assert 0 <= i.perempuan <= i.hadir and 0 <= i.rentan <= i.hadir
    tercatat = sum(jk in ("L", "P") for jk, _, _ in baris)
    assert (i.persen_perempuan is None) == (tercatat == 0)  # missing only when nobody's sex was recorded
    assert (i.persen_rentan is None) == (len(baris) == 0)
    for p in (i.persen_perempuan, i.persen_rentan, i.persen_kehadiran):
        assert p is None or 0.0 <= p <= 100.0
    assert not set(i.tidak_terwakili) & set(i.per_kategori)
