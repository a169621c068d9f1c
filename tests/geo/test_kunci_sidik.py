"""The NIK/KK hash key: a data folder with another key, or none, is refused before anything is written.

On a server several app machines each have their own data folder; one without the demo's
``rahasia/nik.kunci`` would otherwise create a new key and store hashes that never match the old
ones (duplicate proposers would go unnoticed). Runs on both backends.
"""

from __future__ import annotations

import os

import pytest

from geo.errors import KesalahanBasisData
from geo.services import usulan as entri
from geo.store import kueri, rahasia
from geo.store.db import Gudang
from tests.akun import pelaku

KAB = "99.01"


@pytest.fixture
def data_demo(data_backend):
    return data_backend


@pytest.fixture
def g(data_demo):
    gudang = Gudang(data_demo)
    yield gudang
    gudang.tutup()


def _simpan(g, uraian: str) -> int:
    desa = kueri.wilayah_gdf(g, KAB, "desa", tampil=False)
    p = desa.geometry.iloc[11].representative_point()
    data = {
        "tahun": 2027,
        "kode_kamus": "K-JLN-01",
        "masalah": "Jalan berlubang",
        "uraian": uraian,
        "pengusul": "RW 02",
        "nik_pengusul": "3301010101010002",
        "volume": 50.0,
        "sumber_dana": "APBD Kabupaten",
        "status_lahan": "tanah_desa",
        "penerima_laki": 3,
        "penerima_perempuan": 4,
    }
    return entri.simpan_usulan(g, data, p, KAB, pelaku(nama="uji"), True).id


def _jumlah(g) -> int:
    return int(g.df("SELECT count(*) n FROM kerja.usulan")["n"][0])


def test_kunci_lain_atau_hilang_ditolak_tanpa_menulis(g, data_demo):
    pertama = _simpan(g, "Usulan dengan NIK, kunci asli")  # the first hashing records the key's fingerprint
    tercatat = g.df("SELECT sidik FROM kerja.kunci_sidik")["sidik"].tolist()
    asli = rahasia.path_kunci(data_demo.folder).read_bytes()
    assert len(tercatat) == 1 and asli.hex() not in tercatat[0]  # names the key, does not reveal it
    n = _jumlah(g)

    path = rahasia.path_kunci(data_demo.folder)
    path.unlink()  # a new machine's data folder without the key file
    with pytest.raises(KesalahanBasisData, match=r"nik\.kunci") as e:
        _simpan(g, "Usulan di mesin tanpa kunci")
    assert "tidak ada" in str(e.value) and not path.exists()  # no new key made behind the user's back
    assert _jumlah(g) == n

    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    os.write(fd, os.urandom(32))  # another key
    os.close(fd)
    with pytest.raises(KesalahanBasisData, match="berbeda"):
        _simpan(g, "Usulan dengan kunci lain")
    assert _jumlah(g) == n

    path.write_bytes(asli)  # the right key copied over: saving works, and the hashes match the first one
    kedua = _simpan(g, "Usulan dengan NIK, kunci disalin")
    nik = g.df("SELECT id, nik_pengusul FROM kerja.usulan WHERE id IN (?, ?)", [pertama, kedua])
    assert nik["nik_pengusul"].nunique() == 1
    assert g.df("SELECT count(*) n FROM kerja.kunci_sidik")["n"][0] == 1
