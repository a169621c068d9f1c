"""Read queries of the Evaluasi page: where each usulan of a year stands, and the latest reported progress."""

from __future__ import annotations

import pandas as pd

from geo.store.db import Gudang


def usulan_evaluasi(gudang: Gudang, kode_kabupaten: str, tahun: int) -> pd.DataFrame:
    """Every usulan of a kabupaten and year: where it stands and its value (no personal data).

    Returns
    -------
    DataFrame
        ``id``, ``kode_desa``, ``kode_kecamatan``, ``tahap``, ``status``, ``opd`` and ``nilai`` (Rp:
        the value agreed at the kabupaten forum when recorded, else ``biaya``).
    """
    return gudang.df(
        """
        WITH sepakat AS (
            SELECT usulan_id, arg_max(nilai_rekomendasi, waktu) AS nilai
            FROM kerja.keputusan WHERE tahap = 'kabupaten' AND status = 'diterima' GROUP BY usulan_id
        )
        SELECT u.id, u.kode_desa, u.kode_kecamatan, u.tahap, u.status, coalesce(u.opd_akhir, u.opd_awal) AS opd,
               coalesce(s.nilai, u.biaya) AS nilai
        FROM kerja.usulan u LEFT JOIN sepakat s ON s.usulan_id = u.id
        WHERE u.tahun = ? AND starts_with(u.kode_desa, ? || '.')
        ORDER BY u.id
        """,
        [int(tahun), kode_kabupaten],
    )


def progres_terakhir(gudang: Gudang, tahun: int) -> pd.Series:
    """Latest *reported* physical % of each activity of a year (months without a report are skipped)."""
    df = gudang.df(
        "SELECT usulan_id, arg_max(realisasi_fisik, bulan) AS fisik FROM kerja.realisasi "
        "WHERE tahun = ? AND realisasi_fisik IS NOT NULL GROUP BY usulan_id",
        [int(tahun)],
    )
    return pd.Series(df["fisik"].to_numpy(float), index=df["usulan_id"].astype(int))
