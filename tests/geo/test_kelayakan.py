"""Feasibility factors worked out by hand, and their aggregation per area."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.domain import kelayakan as kl


def _data(**ubah) -> pd.DataFrame:
    baku = {
        "verdik": "sesuai",
        "status_lahan": "milik_pemda",
        "status_lahan_peta": "aset_pemda",
        "lahan_cocok": True,
        "jarak_akses_m": 200.0,
        "gambar_teknis": True,
        "rab": True,
        "sertifikat": False,
        "biaya": 100.0,
        "volume": 10.0,
        "harga_satuan": 10.0,
        "kelas_kegiatan": "jalan",
        "kode_desa": "d1",
    }
    n = max((len(v) for v in ubah.values()), default=1)
    return pd.DataFrame({k: ubah.get(k, [v] * n) for k, v in baku.items()})


def test_faktor_dihitung_tangan():
    d = _data(
        verdik=["sesuai", "bersyarat", "tidak_sesuai", "sesuai", "sesuai"],
        status_lahan_peta=["aset_pemda", "milik_warga", "sengketa", None, "aset_pemda"],
        lahan_cocok=[True, False, False, None, True],
        status_lahan=["milik_pemda", "milik_pemda", "milik_pemda", "belum_jelas", "milik_pemda"],
        jarak_akses_m=[200.0, 2000.0, 5000.0, np.nan, np.inf],
        gambar_teknis=[True, True, False, False, True],
        rab=[True, False, False, False, True],
        sertifikat=[False, False, False, False, True],
        biaya=[100.0, 130.0, 100.0, 100.0, 100.0],
    )
    f = kl.faktor(d)
    assert f["f_kesesuaian"].tolist() == ["siap", "perlu perhatian", "belum siap", "siap", "siap"]
    assert f["f_lahan"].tolist() == ["siap", "perlu perhatian", "belum siap", "belum siap", "siap"]
    assert f["f_akses"].tolist() == ["siap", "perlu perhatian", "belum siap", "perlu perhatian", "belum siap"]
    assert f["f_dokumen"].tolist() == ["siap", "perlu perhatian", "belum siap", "belum siap", "siap"]
    assert f["f_biaya"].tolist() == ["siap", "perlu perhatian", "siap", "siap", "siap"]  # 30 % > 25 %
    assert f["kelayakan"].tolist() == ["siap", "perlu perhatian", "belum siap", "belum siap", "belum siap"]
    assert f["skor"].tolist() == [1.0, 0.0, 0.2, 0.4, 0.8]
    assert "perlu pengadaan tanah" in f["catatan"][1] and "2.000 m" in f["catatan"][1]
    # thresholds are configurable: a 5 km access limit makes row 3 only "perlu perhatian"
    assert kl.faktor(d, {"akses_jauh_m": 6000})["f_akses"].tolist()[2] == "perlu perhatian"
    # a non-physical activity needs no land or access
    nf = kl.faktor(
        _data(
            kelas_kegiatan=["nonfisik"], status_lahan_peta=[None], status_lahan=["belum_jelas"], jarak_akses_m=[np.nan]
        )
    )
    assert (nf["f_lahan"].iloc[0], nf["f_akses"].iloc[0]) == ("siap", "siap")


def test_rekap_per_wilayah():
    d = _data(verdik=["sesuai", "tidak_sesuai", "sesuai"], kode_desa=["a", "a", "b"])
    d = pd.concat([d, kl.faktor(d)], axis=1)
    r = kl.rekap(d, "kode_desa").set_index("kode")
    assert r.loc["a", "usulan"] == 2 and r.loc["a", "siap"] == 1 and r.loc["a", "belum siap"] == 1
    assert r.loc["a", "persen_siap"] == 50 and r.loc["b", "persen_siap"] == 100
    assert r.loc["a", "f_kesesuaian"] == 50
