"""Indicator values at any tier and the executive summary of an area (the Data Dasar use cases)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.domain import definitions
from geo.domain.tematik import agregasi
from geo.render.ringkasan import ringkasan_eksekutif
from geo.store import kueri
from geo.store.db import Gudang


def meta_bersih(meta: dict) -> dict:
    """Indicator metadata with missing fields as None (a row read from a frame carries NaN, which is truthy).

    Examples
    --------
    >>> meta_bersih({"kode": "x", "bobot": float("nan"), "pengali": 100.0})
    {'kode': 'x', 'bobot': None, 'pengali': 100.0}
    """
    return {k: None if isinstance(v, float) and np.isnan(v) else v for k, v in meta.items()}


def nilai_indikator(
    gudang: Gudang, kode_kabupaten: str, meta: dict, tahun: int, tingkat: definitions.Tingkat
) -> pd.Series:
    """Return an indicator's values at a tier (code -> value), aggregated per its metadata.

    Parameters
    ----------
    gudang : Gudang
        The store.
    kode_kabupaten : str
        Dotted code of the kabupaten.
    meta : dict
        Row of :func:`geo.store.kueri.daftar_indikator`.
    tahun : int
        Data year.
    tingkat : {"desa", "kecamatan", "kabupaten"}
        Tier.

    Returns
    -------
    Series
        Indexed by wilayah code; NaN = no data.
    """
    meta = meta_bersih(meta)
    perlu = [meta["kode"]] + [meta[k] for k in ("pembilang", "penyebut", "bobot") if meta.get(k)]
    df = kueri.nilai_desa_indikator(gudang, kode_kabupaten, perlu, tahun)
    lebar = df.pivot_table(index="kode", columns="indikator", values="nilai", aggfunc="first", dropna=False)
    desa = df.drop_duplicates("kode").set_index("kode")
    lebar = lebar.reindex(desa.index)
    for k in perlu:
        if k not in lebar:
            lebar[k] = np.nan
    lebar = lebar.rename(columns={meta["kode"]: "nilai"})
    if tingkat == "desa":
        return lebar["nilai"].astype(float)
    induk = desa["kode_induk"] if tingkat == "kecamatan" else desa["kode_induk"].str[:5]
    return agregasi(lebar, meta, induk, desa["luas_ha"]).astype(float)


def ringkasan_wilayah(
    gudang: Gudang,
    kode_kabupaten: str,
    meta: dict,
    tahun: int,
    kode_area: str,
    ambang: float | None = None,
    desimal: int = 1,
) -> list[str]:
    """Executive-summary sentences of one area (the kabupaten or one of its kecamatan).

    Parameters
    ----------
    gudang : Gudang
        The store.
    kode_kabupaten : str
        Kabupaten code.
    meta : dict
        Row of :func:`geo.store.kueri.daftar_indikator` (with ``kode`` and ``tahun``, the available years).
    tahun : int
        Data year; the change is against the latest earlier year with data.
    kode_area : str
        The kabupaten code or a kecamatan code.
    ambang : float, optional
        List the desa above this value.
    desimal : int
        Decimals in the text.

    Returns
    -------
    list of str
    """
    desa = kueri.wilayah_gdf(gudang, kode_kabupaten, "desa")
    desa = desa[desa["kode"].str.startswith(kode_area + ".")]
    nilai = nilai_indikator(gudang, kode_kabupaten, meta, tahun, "desa").reindex(desa["kode"])
    tingkat = "kabupaten" if kode_area.count(".") == 1 else "kecamatan"
    judul = kueri.wilayah_gdf(gudang, kode_kabupaten, tingkat).set_index("kode").at[kode_area, "nama"]
    if tingkat == "kecamatan" and not judul.lower().startswith("kecamatan"):
        judul = f"Kecamatan {judul}"
    lalu = [int(t) for t in meta.get("tahun", []) if int(t) < tahun]
    total = nilai_indikator(gudang, kode_kabupaten, meta, tahun, tingkat).get(kode_area)
    total_lalu = nilai_indikator(gudang, kode_kabupaten, meta, max(lalu), tingkat).get(kode_area) if lalu else None
    return ringkasan_eksekutif(
        judul,
        nilai,
        dict(zip(desa["kode"], desa["nama"], strict=True)),
        meta,
        tahun,
        total,
        total_lalu,
        max(lalu) if lalu else None,
        ambang,
        desimal,
    )
