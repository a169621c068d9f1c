"""Use case of the conformity check: check the usulan whose result is missing or stale, store the results."""

from __future__ import annotations

import json

import pandas as pd

from geo.domain.kesesuaian import LapisanTataRuang, periksa
from geo.store import kesesuaian as simpanan
from geo.store.db import Gudang


def periksa_dan_simpan(
    gudang: Gudang,
    kode_kabupaten: str,
    tahun: int | None = None,
    ids: list[int] | None = None,
    semua: bool = False,
    lapisan: LapisanTataRuang | None = None,
) -> int:
    """Check the usulan whose result is missing or stale, and store the results.

    A result is stale when the usulan changed since (its ``versi``) or the zoning data
    was reloaded (:func:`geo.store.kesesuaian.versi_tata_ruang`). ``semua=True`` re-checks every usulan.

    Returns
    -------
    int
        How many usulan were checked now.
    """
    lapisan = lapisan or simpanan.muat_lapisan(gudang, kode_kabupaten)
    u = simpanan.usulan_periksa(gudang, kode_kabupaten, ids, tahun, None if semua else lapisan.versi)
    if u.empty:
        return 0
    hasil = periksa(u, lapisan)
    hasil["versi_usulan"] = u["versi"].to_numpy()
    hasil["versi_tata_ruang"] = lapisan.versi
    hasil["zona"] = hasil["zona"].map(lambda z: json.dumps(z, default=str))
    hasil = hasil.rename(columns={"id": "usulan_id"})
    hasil["dihitung_pada"] = pd.Timestamp.now().floor("s")
    simpanan.simpan_hasil(gudang, hasil)
    return len(hasil)
