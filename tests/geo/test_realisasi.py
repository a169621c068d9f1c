"""Recording monthly realisasi: scope of the account, update-with-audit, version conflicts, all-or-nothing files."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.errors import KesalahanAkses, KesalahanInput, KonflikVersi
from geo.services.realisasi import data_monitoring, simpan_realisasi
from pipelines.muat import OpsiRealisasi, muat_realisasi
from tests.akun import OPD_UJI, pelaku
from tests.pipelines.berkas_uji import tulis_csv


@pytest.fixture
def data_demo(data_backend):
    """Every test of this module runs on both backends: the DuckDB files and the PostgreSQL server."""
    return data_backend


TAHUN = 2026


def _kegiatan(gudang, opd_sama: bool) -> pd.Series:
    keg = data_monitoring(gudang, "99.01", TAHUN, pelaku("bappeda")).kegiatan
    pilih = keg[(keg["opd"] == OPD_UJI) == opd_sama]
    assert len(pilih), "demo has funded activities of this OPD and of others"
    return pilih.iloc[0]


def _baris(uid: int, bulan: int = 11, fisik: float = 90.0, **isi) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "lokasi": f"usulan {uid} bulan {bulan}",
                "usulan_id": uid,
                "bulan": bulan,
                "rencana_fisik": 95.0,
                "realisasi_fisik": fisik,
                "rencana_keuangan": 1000.0,
                "realisasi_keuangan": 900.0,
                "kendala": None,
                "tindak_lanjut": None,
                "catatan_verifikator": None,
                **isi,
            }
        ]
    )


def _audit(gudang, uid: int) -> int:
    return int(
        gudang.df("SELECT count(*) n FROM kerja.audit_log WHERE tabel = 'realisasi' AND kunci LIKE ?", [f"{uid}|%"])[
            "n"
        ].iloc[0]
    )


def test_opd_hanya_kegiatan_opd_sendiri(gudang_demo):
    lain = _kegiatan(gudang_demo, opd_sama=False)
    with pytest.raises(KesalahanAkses, match=r"uji\.opd"):
        simpan_realisasi(gudang_demo, TAHUN, _baris(int(lain["id"])), {}, pelaku("opd"))
    sendiri = _kegiatan(gudang_demo, opd_sama=True)
    assert (
        simpan_realisasi(gudang_demo, TAHUN, _baris(int(sendiri["id"])), {(int(sendiri["id"]), 11): 1}, pelaku("opd"))
        == 1
    )
    # Bappeda: every activity of its kabupaten; a desa account: none
    assert (
        simpan_realisasi(gudang_demo, TAHUN, _baris(int(lain["id"])), {(int(lain["id"]), 11): 1}, pelaku("bappeda"))
        == 1
    )
    with pytest.raises(KesalahanAkses):
        simpan_realisasi(gudang_demo, TAHUN, _baris(int(lain["id"])), {}, pelaku("desa"))


def test_bulan_dilaporkan_dua_kali_adalah_ubah_dengan_audit(gudang_demo):
    uid = int(_kegiatan(gudang_demo, opd_sama=True)["id"])
    n_audit = _audit(gudang_demo, uid)
    simpan_realisasi(gudang_demo, TAHUN, _baris(uid, fisik=90.0), {(uid, 11): 1}, pelaku("opd"))
    simpan_realisasi(gudang_demo, TAHUN, _baris(uid, fisik=92.0), {(uid, 11): 2}, pelaku("opd"))
    baris = gudang_demo.df(
        "SELECT realisasi_fisik, versi, oleh FROM kerja.realisasi WHERE usulan_id = ? AND tahun = ? AND bulan = 11",
        [uid, TAHUN],
    )
    assert baris.values.tolist() == [[92.0, 3, "uji.opd"]]
    assert _audit(gudang_demo, uid) == n_audit + 2
    # saving what is stored changes nothing and adds no audit row
    assert simpan_realisasi(gudang_demo, TAHUN, _baris(uid, fisik=92.0), {(uid, 11): 3}, pelaku("opd")) == 0
    assert _audit(gudang_demo, uid) == n_audit + 2
    # someone saved in between: the version the user saw is refused
    with pytest.raises(KonflikVersi):
        simpan_realisasi(gudang_demo, TAHUN, _baris(uid, fisik=93.0), {(uid, 11): 2}, pelaku("opd"))


def test_melebihi_pagu_ditolak_menyebut_baris_dan_kolom(gudang_demo):
    keg = _kegiatan(gudang_demo, opd_sama=True)
    uid = int(keg["id"])
    with pytest.raises(KesalahanInput) as e:
        simpan_realisasi(gudang_demo, TAHUN, _baris(uid, realisasi_keuangan=float(keg["pagu"]) + 1), {}, pelaku("opd"))
    assert [(m.lokasi, m.kolom) for m in e.value.masalah] == [(f"usulan {uid} bulan 11", "realisasi_keuangan")]


def _keadaan(berkas) -> tuple:
    from geo.store.db import Gudang

    g = Gudang(berkas)  # a second handle, as another process would read it (DuckDB file or server)
    try:
        with g.sesi() as con:
            return (
                con.execute(
                    "SELECT count(*), sum(versi), sum(coalesce(realisasi_fisik, -1)) FROM kerja.realisasi"
                ).fetchone(),
                con.execute("SELECT count(*) FROM kerja.audit_log").fetchone(),
            )
    finally:
        g.tutup()


_KEPALA = ["usulan_id", "tahun", "bulan", "rak", "realisasi_anggaran", "realisasi_fisik", "permasalahan"]


def test_berkas_rfk_ditolak_tidak_mengubah_apa_pun(data_demo, tmp_path):
    sebelum = _keadaan(data_demo)
    path = tulis_csv(
        tmp_path / "rfk.csv",
        [
            _KEPALA,
            ["1", "2026", "10", "1000", "900", "90", ""],  # fine on its own
            ["1", "2026", "11", "1000", "900", "101", ""],  # above 100 %
            ["1", "2026", "12", "1000", "900", "5", ""],  # lower than November without a reason
        ],
    )
    with pytest.raises(KesalahanInput) as e:
        muat_realisasi(path, OpsiRealisasi(), data_demo)
    assert sorted((m.lokasi, m.kolom) for m in e.value.masalah) == [
        ("baris 3", "realisasi_fisik"),
        ("baris 4", "realisasi_fisik"),
    ]
    assert _keadaan(data_demo) == sebelum
    # the same file with the problems fixed: loaded, and loading it again changes nothing
    tulis_csv(
        path,
        [
            _KEPALA,
            ["1", "2026", "10", "1000", "900", "90", ""],
            ["1", "2026", "11", "1000", "900", "80", "Opname ulang"],
        ],
    )
    assert muat_realisasi(path, OpsiRealisasi(), data_demo).baris_keluar == 2
    assert muat_realisasi(path, OpsiRealisasi(), data_demo).baris_keluar == 0


def test_migrasi_triwulan_ke_bulan_akhir_triwulan():
    from geo.store import db, skema

    con = db.koneksi()
    for versi, _, sql in skema.MIGRASI["kerja"]:
        if versi == 8:
            con.execute(
                "INSERT INTO realisasi VALUES (5, 2026, 2, 40, 35.5, 400, 300, 'Hujan', 'cek'), "
                "(5, 2026, 4, 100, NULL, 1000, NULL, NULL, NULL)"
            )
        con.execute(sql)
    rows = con.execute(
        "SELECT bulan, rencana_fisik, realisasi_fisik, kendala, catatan_verifikator, versi "
        "FROM realisasi ORDER BY bulan"
    ).fetchall()
    assert rows == [(6, 40.0, 35.5, "Hujan", "cek", 1), (12, 100.0, None, None, None, 1)]
