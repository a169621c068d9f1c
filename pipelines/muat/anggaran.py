"""``load pagu`` and ``load realisasi``: budget ceilings and quarterly realisation (working data).

Both replace the rows with the same key, so a corrected file can be loaded again.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from geo.errors import KesalahanInput, Masalah
from geo.store import impor
from pipelines import kode as kd
from pipelines.baca import Tabel
from pipelines.muat.inti import BacaanTabel, Hasil, Muatan, OpsiTabel, PemuatTabel
from pipelines.muat.kolom import angka_baris, kolom_wajib


@dataclass
class _Baris:
    rows: pd.DataFrame
    n_masuk: int
    catatan: list[str]


# --------------------------------------------------------------------------- pagu
@dataclass(kw_only=True)
class OpsiPagu(OpsiTabel):
    """Options of ``load pagu``: only the common ones (sheet, who loads)."""


class PemuatPagu(PemuatTabel[OpsiPagu]):
    """Pagu indikatif (tahun, jenis kecamatan/kelurahan/opd, kode, nilai); replaces the same keys."""

    jenis = "pagu"
    deskripsi = "pagu indikatif per kecamatan/kelurahan/OPD"
    Opsi = OpsiPagu
    data = "kerja"

    def periksa(self, m: Muatan, opsi: OpsiPagu, b: BacaanTabel) -> _Baris:
        """Known kind, 4-digit year, non-negative value on every row."""
        tabel = b.tabel
        lower = kolom_wajib(tabel, ("tahun", "jenis", "kode", "nilai"), m.judul)
        df = tabel.data.rename(columns={v: k for k, v in lower.items()})
        masalah: list[Masalah] = []
        nilai = angka_baris(df, "nilai", tabel, masalah)
        for i, r in df.iterrows():
            no = f"baris {tabel.nomor_baris(int(i))}"
            if r["jenis"].strip().lower() not in ("kecamatan", "kelurahan", "opd"):
                masalah.append(Masalah(no, "jenis", r["jenis"], "kecamatan, kelurahan atau opd", "perbaiki jenis pagu"))
            if not r["tahun"].strip().isdigit():
                masalah.append(Masalah(no, "tahun", r["tahun"], "tahun 4 angka", "isi tahun"))
            if not np.isnan(nilai[i]) and nilai[i] < 0:
                masalah.append(Masalah(no, "nilai", r["nilai"], "≥ 0", "periksa nilai"))
        if masalah:
            raise KesalahanInput(m.judul, masalah)
        rows = pd.DataFrame(
            {
                "tahun": df["tahun"].astype(int),
                "jenis": df["jenis"].str.strip().str.lower(),
                "kode": [kd.titikkan(k) if k.replace(".", "").isdigit() else k.strip() for k in df["kode"]],
                "nilai": nilai,
            }
        )
        return _Baris(rows, len(df), b.catatan)

    def tulis(self, m: Muatan, opsi: OpsiPagu, b: _Baris, con: duckdb.DuckDBPyConnection) -> Hasil:
        """Replace the pagu rows with the same (tahun, jenis, kode)."""
        impor.ganti_baris(con, "pagu", b.rows)
        return Hasil(b.n_masuk, len(b.rows), b.catatan)


# --------------------------------------------------------------------------- realisasi
KOLOM_REALISASI = (
    "usulan_id",
    "tahun",
    "triwulan",
    "rencana_fisik",
    "realisasi_fisik",
    "rencana_keuangan",
    "realisasi_keuangan",
)


@dataclass(kw_only=True)
class OpsiRealisasi(OpsiTabel):
    """Options of ``load realisasi``: only the common ones (sheet, who loads)."""


@dataclass
class _Realisasi:
    tabel: Tabel
    df: pd.DataFrame
    angka: dict[str, pd.Series]
    masalah: list[Masalah]
    catatan: list[str]


class PemuatRealisasi(PemuatTabel[OpsiRealisasi]):
    """Quarterly realisasi (RFK) of funded usulan; replaces the same (usulan, tahun, triwulan)."""

    jenis = "realisasi"
    deskripsi = "realisasi fisik & keuangan per triwulan"
    Opsi = OpsiRealisasi
    data = "kerja"

    def periksa(self, m: Muatan, opsi: OpsiRealisasi, b: BacaanTabel) -> _Realisasi:
        """Numbers, physical progress 0–100 %, quarter 1–4 (problems kept for the full report)."""
        tabel = b.tabel
        lower = kolom_wajib(tabel, KOLOM_REALISASI, m.judul)
        df = tabel.data.rename(columns={v: k for k, v in lower.items()})
        masalah: list[Masalah] = []
        angka = {k: angka_baris(df, k, tabel, masalah, wajib=k.startswith("rencana")) for k in KOLOM_REALISASI[3:]}
        for k in ("rencana_fisik", "realisasi_fisik"):
            for i, v in angka[k].items():
                if not np.isnan(v) and not 0 <= v <= 100:
                    masalah.append(
                        Masalah(
                            f"baris {tabel.nomor_baris(int(i))}",
                            k,
                            df.at[i, k],
                            "persen 0–100",
                            "tulis kemajuan kumulatif dalam persen",
                        )
                    )
        for i, r in df.iterrows():
            if r["triwulan"].strip() not in ("1", "2", "3", "4"):
                masalah.append(
                    Masalah(
                        f"baris {tabel.nomor_baris(int(i))}",
                        "triwulan",
                        r["triwulan"],
                        "1, 2, 3 atau 4",
                        "isi nomor triwulan",
                    )
                )
        return _Realisasi(tabel, df, angka, masalah, b.catatan)

    def tulis(self, m: Muatan, opsi: OpsiRealisasi, b: _Realisasi, con: duckdb.DuckDBPyConnection) -> Hasil:
        """Every row must name an existing usulan; then replace the same (usulan, tahun, triwulan)."""
        df, masalah = b.df, b.masalah
        ada = impor.id_usulan(con)
        for i, r in df.iterrows():
            if not r["usulan_id"].strip().isdigit() or int(r["usulan_id"]) not in ada:
                masalah.append(
                    Masalah(
                        f"baris {b.tabel.nomor_baris(int(i))}",
                        "usulan_id",
                        r["usulan_id"],
                        "id usulan yang ada",
                        "periksa id usulan",
                    )
                )
        if masalah:
            raise KesalahanInput(m.judul, masalah)
        rows = pd.DataFrame(
            {
                "usulan_id": df["usulan_id"].astype(int),
                "tahun": df["tahun"].astype(int),
                "triwulan": df["triwulan"].astype(int),
                **b.angka,
                "masalah": df.get("masalah"),
                "catatan_verifikator": df.get("catatan_verifikator"),
            }
        )
        impor.ganti_baris(con, "realisasi", rows)
        return Hasil(len(df), len(rows), b.catatan)
