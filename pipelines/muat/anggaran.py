"""``load pagu`` and ``load realisasi``: budget ceilings and monthly realisation (RFK) (working data).

Both replace the rows with the same key, so a corrected file can be loaded again (realisasi through
the versioned write path: a month loaded again is an update with an audit row).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from geo.errors import KesalahanInput, Masalah
from geo.services.realisasi import terapkan
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
#: Realisasi columns -> names accepted in a file (SIPD's monthly RFK export names included), in order tried.
KOLOM_REALISASI: dict[str, tuple[str, ...]] = {
    "usulan_id": ("usulan_id", "id_usulan", "nomor_usulan"),
    "tahun": ("tahun", "tahun_anggaran"),
    "bulan": ("bulan",),
    "rencana_fisik": ("rencana_fisik", "target_fisik"),
    "realisasi_fisik": ("realisasi_fisik", "fisik"),
    "rencana_keuangan": ("rencana_keuangan", "rak"),
    "realisasi_keuangan": ("realisasi_keuangan", "realisasi_anggaran"),
    "kendala": ("kendala", "permasalahan", "masalah"),
    "tindak_lanjut": ("tindak_lanjut", "solusi"),
    "catatan_verifikator": ("catatan_verifikator",),
}
_WAJIB_REALISASI = ("usulan_id", "tahun", "bulan")


@dataclass(kw_only=True)
class OpsiRealisasi(OpsiTabel):
    """Options of ``load realisasi``: only the common ones (sheet, who loads)."""


@dataclass
class _Realisasi:
    tahun: dict[int, pd.DataFrame]  # budget year -> rows (lokasi, usulan_id, bulan, values)
    n_masuk: int
    catatan: list[str]


def _kolom_realisasi(tabel: Tabel, judul: str) -> dict[str, str]:
    """Column of the file for each realisasi field (first accepted name present); required ones must exist."""
    lower = {c.lower().strip(): c for c in tabel.data.columns}
    pilih = {k: next((lower[n] for n in calon if n in lower), None) for k, calon in KOLOM_REALISASI.items()}
    hilang = [k for k in _WAJIB_REALISASI if pilih[k] is None]
    if pilih["realisasi_fisik"] is None and pilih["realisasi_keuangan"] is None:
        hilang.append("realisasi_fisik")
    if hilang:
        raise KesalahanInput(
            judul,
            [
                Masalah(
                    "berkas",
                    k,
                    "(tidak ada)",
                    f"kolom '{k}' (atau {', '.join(KOLOM_REALISASI[k][1:]) or '-'})",
                    "tambahkan kolomnya; unduh contoh bentuk RFK bulanan di README",
                )
                for k in hilang
            ],
        )
    return {k: v for k, v in pilih.items() if v is not None}


class PemuatRealisasi(PemuatTabel[OpsiRealisasi]):
    """Monthly realisasi (RFK, cumulative) of funded usulan; a month loaded again is an update with an audit row.

    Rows are checked by :func:`geo.domain.monitoring.periksa_realisasi` and written by
    :func:`geo.services.realisasi.terapkan` (scope of ``--oleh``, version and audit): all or nothing.
    """

    jenis = "realisasi"
    deskripsi = "realisasi fisik & keuangan per bulan (RFK)"
    Opsi = OpsiRealisasi
    data = "kerja"
    kata_kunci = ("bulan", "usulan", "fisik")

    def periksa(self, m: Muatan, opsi: OpsiRealisasi, b: BacaanTabel) -> _Realisasi:
        """Required columns, whole numbers for id/year/month, numbers where numbers go (all problems at once)."""
        tabel = b.tabel
        kolom = _kolom_realisasi(tabel, m.judul)
        df = tabel.data.rename(columns={v: k for k, v in kolom.items()})
        masalah: list[Masalah] = []
        rows = pd.DataFrame({"lokasi": [f"baris {tabel.nomor_baris(int(i))}" for i in df.index]}, index=df.index)
        for k in _WAJIB_REALISASI:
            nilai = df[k].astype(str).str.strip()
            bulat = nilai.str.fullmatch(r"\d+")
            for i in df.index[~bulat]:
                masalah.append(Masalah(rows.at[i, "lokasi"], k, df.at[i, k], "bilangan bulat", f"isi {k}"))
            rows[k] = pd.to_numeric(nilai.where(bulat), errors="coerce").astype("Int64")
        for k in KOLOM_REALISASI:
            if k in _WAJIB_REALISASI:
                continue
            if k in ("kendala", "tindak_lanjut", "catatan_verifikator"):
                rows[k] = df[k].where(df[k].astype(str).str.strip() != "", None) if k in df else None
            else:
                rows[k] = angka_baris(df, k, tabel, masalah, wajib=False) if k in df else np.nan
        if masalah:
            raise KesalahanInput(m.judul, masalah)
        rows["usulan_id"] = rows["usulan_id"].astype(int)
        per_tahun = {int(t): g.drop(columns="tahun") for t, g in rows.groupby("tahun")}
        return _Realisasi(per_tahun, len(df), b.catatan)

    def tulis(self, m: Muatan, opsi: OpsiRealisasi, b: _Realisasi, con: duckdb.DuckDBPyConnection) -> Hasil:
        """Check every row against the stored activities and months, then write (one transaction)."""
        masalah: list[Masalah] = []
        for t, g in b.tahun.items():
            dup = g[g.duplicated(["usulan_id", "bulan"], keep="first")]
            masalah += [
                Masalah(
                    r.lokasi,
                    "bulan",
                    str(r.bulan),
                    f"satu baris per usulan dan bulan (tahun {t})",
                    "hapus atau gabungkan baris ganda",
                )
                for r in dup.itertuples()
            ]
        n = 0
        for t, g in sorted(b.tahun.items()):
            try:
                n += terapkan(con, t, g, pelaku=opsi.pelaku, oleh=opsi.oleh, judul=m.judul, aksi="impor")
            except KesalahanInput as e:
                masalah += e.masalah
        if masalah:
            raise KesalahanInput(m.judul, masalah)
        return Hasil(b.n_masuk, n, b.catatan, rincian={"bulan baru atau berubah": n})
