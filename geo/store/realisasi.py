"""SQL of monitoring: funded activities with their pagu, monthly realisasi rows, and their versioned write.

An *activity* (kegiatan) is a funded usulan: accepted at the kabupaten forum. Its pagu is the
value agreed there (``keputusan.nilai_rekomendasi`` of the latest acceptance) or, when none was
recorded, its ``biaya``. Realisasi rows are written only through :func:`tulis_realisasi`
(:func:`geo.store.tulis.tulis_berversi`): a month reported twice is an update with an audit row.
"""

from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd
import shapely

from geo.store.tulis import sama, tulis_berversi

_KEGIATAN = """
WITH sepakat AS (
    SELECT usulan_id, arg_max(nilai_rekomendasi, waktu) AS nilai
    FROM kerja.keputusan WHERE tahap = 'kabupaten' AND status = 'diterima' GROUP BY usulan_id
)
SELECT u.id, u.tahun, u.uraian, u.kode_desa, u.kode_kecamatan, d.nama AS desa, k.nama AS kecamatan,
       coalesce(u.opd_akhir, u.opd_awal) AS opd, u.sumber_dana, u.tahap_asal,
       coalesce(s.nilai, u.biaya) AS pagu, {geom}
FROM kerja.usulan u
LEFT JOIN sepakat s ON s.usulan_id = u.id
LEFT JOIN ref.wilayah d ON d.kode = u.kode_desa
LEFT JOIN ref.wilayah k ON k.kode = u.kode_kecamatan
WHERE u.tahap = 'kabupaten' AND u.status = 'diterima' AND u.tahun = ? AND u.kode_desa LIKE ?
ORDER BY u.id
"""


def kegiatan(
    con: duckdb.DuckDBPyConnection, tahun: int, kode_kabupaten: str | None, geometri: bool = True
) -> pd.DataFrame:
    """Funded activities of a kabupaten (None: every kabupaten) and budget year.

    Returns
    -------
    DataFrame
        ``id``, ``tahun``, ``uraian``, ``kode_desa``, ``kode_kecamatan``, ``desa``, ``kecamatan``,
        ``opd``, ``sumber_dana``, ``tahap_asal``, ``pagu`` and, with ``geometri``, ``geometry``
        (shapely, EPSG:4326, as captured: point, line or polygon).
    """
    sql = _KEGIATAN.format(geom="ST_AsWKB(u.geom) AS wkb" if geometri else "NULL AS wkb")
    df = con.execute(sql, [int(tahun), "%" if kode_kabupaten is None else f"{kode_kabupaten}.%"]).df()
    wkb = df.pop("wkb")
    if geometri:
        df["geometry"] = shapely.from_wkb([bytes(b) for b in wkb]) if len(df) else []
    return df


def tahun_kegiatan(con: duckdb.DuckDBPyConnection, kode_kabupaten: str) -> list[int]:
    """Budget years with funded activities in the kabupaten, newest first."""
    return [
        int(r[0])
        for r in con.execute(
            "SELECT DISTINCT tahun FROM kerja.usulan WHERE tahap = 'kabupaten' AND status = 'diterima' "
            "AND kode_desa LIKE ? ORDER BY tahun DESC",
            [f"{kode_kabupaten}.%"],
        ).fetchall()
    ]


def baris_realisasi(con: duckdb.DuckDBPyConnection, tahun: int, usulan_id: list[int] | None = None) -> pd.DataFrame:
    """Monthly realisasi rows of a year (optionally of some activities), with ``versi``, ``oleh``, ``diubah_pada``."""
    sql = (
        "SELECT usulan_id, bulan, rencana_fisik, realisasi_fisik, rencana_keuangan, realisasi_keuangan, "
        "kendala, tindak_lanjut, catatan_verifikator, versi, oleh, diubah_pada FROM kerja.realisasi WHERE tahun = ?"
    )
    if usulan_id is None:
        return con.execute(sql + " ORDER BY usulan_id, bulan", [int(tahun)]).df()
    con.register("_id_realisasi", pd.DataFrame({"id": [int(i) for i in usulan_id]}, dtype="int64"))
    try:
        return con.execute(
            sql + " AND usulan_id IN (SELECT id FROM _id_realisasi) ORDER BY usulan_id, bulan", [int(tahun)]
        ).df()
    finally:
        con.unregister("_id_realisasi")


def tulis_realisasi(
    con: duckdb.DuckDBPyConnection,
    usulan_id: int,
    tahun: int,
    bulan: int,
    nilai: dict[str, Any],
    versi_terlihat: int | None,
    oleh: str,
    aksi: str,
    alasan: str | None = None,
) -> int:
    """Create or update one month of one activity (version-checked, audited); return the new version.

    ``oleh`` is stored on the row only when a value changes (an unchanged save writes nothing).
    """

    def isi(lama: dict[str, Any] | None) -> dict[str, Any]:
        if lama is not None and all(sama(lama.get(k), v) for k, v in nilai.items()):
            return dict(nilai)
        return {**nilai, "oleh": oleh}

    versi, _ = tulis_berversi(
        con,
        "realisasi",
        {"usulan_id": int(usulan_id), "tahun": int(tahun), "bulan": int(bulan)},
        versi_terlihat,
        isi,
        oleh=oleh,
        aksi=aksi,
        alasan=alasan,
        label=f"Realisasi usulan {usulan_id} bulan {bulan}/{tahun}",
        buat=True,
    )
    return versi


def tanda(con: duckdb.DuckDBPyConnection, tahun: int) -> tuple:
    """Cheap signature of a year's monitoring data (activities, realisasi rows): a cache key changed by every write."""
    return tuple(
        con.execute(
            """
            SELECT (SELECT count(*) FROM kerja.realisasi WHERE tahun = ?),
                   (SELECT coalesce(sum(versi), 0) FROM kerja.realisasi WHERE tahun = ?),
                   (SELECT CAST(max(diubah_pada) AS VARCHAR) FROM kerja.realisasi WHERE tahun = ?),
                   (SELECT count(*) FROM kerja.usulan WHERE tahun = ? AND tahap = 'kabupaten' AND status = 'diterima'),
                   (SELECT coalesce(sum(versi), 0) FROM kerja.usulan WHERE tahun = ? AND tahap = 'kabupaten')
            """,
            [int(tahun)] * 5,
        ).fetchone()
        or ()
    )
