"""``load nomenklatur``, ``load opd`` and ``load plafon``: the budget chain's reference lists and ceilings.

The nomenclature (urusan → bidang → program → kegiatan → sub-kegiatan, with the sub-kegiatan's
output indicator and unit) and the OPD list are reference data, replaced code by code. The
kamus → sub-kegiatan mapping travels with the kamus (optional column ``kode_sub_kegiatan`` of
``load kamus``). Ceilings (plafon KUA-PPAS) are working data written through the service, so a
ceiling below what contracts already bind is refused the same way as when typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from geo.domain.anggaran import induk_kode, periksa_nomenklatur, periksa_plafon, tingkat_kode
from geo.errors import KesalahanInput, Masalah
from geo.store import anggaran as simpanan
from pipelines.angka import kosong
from pipelines.muat.inti import BacaanTabel, Hasil, Muatan, OpsiTabel, PemuatTabel
from pipelines.muat.kolom import angka_baris, kolom_wajib


@dataclass
class _Baris:
    rows: pd.DataFrame
    n_masuk: int
    catatan: list[str]
    nomor: list[str] | None = None


def _teks(df: pd.DataFrame, kolom: str) -> pd.Series:
    if kolom not in df:
        return pd.Series([None] * len(df), index=df.index, dtype=object)
    return df[kolom].map(lambda v: None if kosong(v) else str(v).strip())


# --------------------------------------------------------------------------- nomenklatur
@dataclass(kw_only=True)
class OpsiNomenklatur(OpsiTabel):
    """Options of ``load nomenklatur``: only the common ones."""


class PemuatNomenklatur(PemuatTabel[OpsiNomenklatur]):
    """The national nomenclature; every code's shape and parent checked; rows with the same code replaced."""

    jenis = "nomenklatur"
    deskripsi = "nomenklatur urusan/bidang/program/kegiatan/sub-kegiatan (indikator keluaran, satuan)"
    Opsi = OpsiNomenklatur

    def periksa(self, m: Muatan, opsi: OpsiNomenklatur, b: BacaanTabel) -> _Baris:
        """Code shape, parent present (in the file or loaded), unique codes, indicator + unit of a sub-kegiatan."""
        tabel = b.tabel
        lower = kolom_wajib(tabel, ("kode", "nama"), m.judul)
        df = tabel.data.rename(columns={v: k for k, v in lower.items()})
        rows = pd.DataFrame(
            {
                "kode": df["kode"].astype(str).str.strip(),
                "nama": _teks(df, "nama"),
                "indikator": _teks(df, "indikator"),
                "satuan": _teks(df, "satuan"),
            }
        )
        nomor = [f"baris {tabel.nomor_baris(int(i))}" for i in df.index]
        # a parent may be loaded already: that part of the check runs against the store in tulis
        masalah = [x for x in periksa_nomenklatur(rows, nomor, None) if not x.harapan.startswith("induk ")]
        if masalah:
            raise KesalahanInput(m.judul, masalah)
        rows["tingkat"] = rows["kode"].map(tingkat_kode)
        rows["kode_induk"] = rows["kode"].map(induk_kode)
        rows["sumber"] = m.nama
        return _Baris(rows, len(df), list(b.catatan), nomor)

    def tulis(self, m: Muatan, opsi: OpsiNomenklatur, b: _Baris, con: duckdb.DuckDBPyConnection) -> Hasil:
        """Check each parent against the file and what is loaded, then replace the codes of this file."""
        masalah = periksa_nomenklatur(b.rows, b.nomor, simpanan.kode_nomenklatur(con))
        if masalah:
            raise KesalahanInput(m.judul, masalah)
        simpanan.ganti_nomenklatur(
            con, b.rows[["kode", "tingkat", "nama", "kode_induk", "indikator", "satuan", "sumber"]]
        )
        per = b.rows["tingkat"].value_counts()
        return Hasil(b.n_masuk, len(b.rows), b.catatan, {t: int(per.get(t, 0)) for t in ("program", "sub_kegiatan")})


# --------------------------------------------------------------------------- opd
@dataclass(kw_only=True)
class OpsiOpd(OpsiTabel):
    """Options of ``load opd``: only the common ones."""


class PemuatOpd(PemuatTabel[OpsiOpd]):
    """The list of perangkat daerah (code, name as used in usulan and kamus, short name)."""

    jenis = "opd"
    deskripsi = "daftar perangkat daerah (kode SKPD, nama, singkatan)"
    Opsi = OpsiOpd

    def periksa(self, m: Muatan, opsi: OpsiOpd, b: BacaanTabel) -> _Baris:
        """Code and name on every row, both unique."""
        tabel = b.tabel
        lower = kolom_wajib(tabel, ("kode", "nama"), m.judul)
        df = tabel.data.rename(columns={v: k for k, v in lower.items()})
        rows = pd.DataFrame({"kode": _teks(df, "kode"), "nama": _teks(df, "nama"), "singkatan": _teks(df, "singkatan")})
        masalah: list[Masalah] = []
        for i, r in zip(df.index, rows.itertuples(), strict=True):
            no = f"baris {tabel.nomor_baris(int(i))}"
            for k in ("kode", "nama"):
                v = getattr(r, k)
                if v is None:
                    masalah.append(Masalah(no, k, "(kosong)", f"{k} terisi", f"isi {k} perangkat daerah"))
                elif (rows[k] == v).sum() > 1:
                    masalah.append(Masalah(no, k, v, f"{k} unik", "hapus baris ganda"))
        if masalah:
            raise KesalahanInput(m.judul, masalah)
        rows["sumber"] = m.nama
        return _Baris(rows, len(df), list(b.catatan))

    def tulis(self, m: Muatan, opsi: OpsiOpd, b: _Baris, con: duckdb.DuckDBPyConnection) -> Hasil:
        """Replace the OPD with these codes."""
        simpanan.ganti_opd(con, b.rows)
        return Hasil(b.n_masuk, len(b.rows), b.catatan)


# --------------------------------------------------------------------------- plafon
@dataclass(kw_only=True)
class OpsiPlafon(OpsiTabel):
    """Options of ``load plafon``: the kabupaten the ceilings belong to (``--kabupaten``).

    Without it, a ``kode_kabupaten`` column in the file, or the kabupaten of the account that
    loads (``--oleh``, or the Data page) decides; a file that names none of these is refused.
    """

    kabupaten: str | None = None


class PemuatPlafon(PemuatTabel[OpsiPlafon]):
    """Plafon KUA-PPAS per OPD (and programme): tahun, opd, kode_program (empty = whole OPD), nilai, terkontrak."""

    jenis = "plafon"
    deskripsi = "plafon anggaran sementara (KUA-PPAS) per OPD dan program"
    Opsi = OpsiPlafon
    data = "kerja"

    def periksa(self, m: Muatan, opsi: OpsiPlafon, b: BacaanTabel) -> _Baris:
        """Year, OPD, programme code shape, non-negative value not below what is contracted."""
        tabel = b.tabel
        lower = kolom_wajib(tabel, ("tahun", "opd", "nilai"), m.judul)
        df = tabel.data.rename(columns={v: k for k, v in lower.items()})
        masalah: list[Masalah] = []
        nilai = angka_baris(df, "nilai", tabel, masalah)
        kontrak = angka_baris(df, "terkontrak", tabel, masalah, wajib=False) if "terkontrak" in df else None
        prog = _teks(df, "kode_program").fillna("")
        nomor = [f"baris {tabel.nomor_baris(int(i))}" for i in df.index]
        for no, i in zip(nomor, df.index, strict=True):
            if not str(df.at[i, "tahun"]).strip().isdigit():
                masalah.append(Masalah(no, "tahun", str(df.at[i, "tahun"]), "tahun 4 angka", "isi tahun"))
            if kosong(df.at[i, "opd"]):
                masalah.append(Masalah(no, "opd", "(kosong)", "nama OPD", "isi nama perangkat daerah"))
            if prog[i] and tingkat_kode(prog[i]) != "program":
                masalah.append(Masalah(no, "kode_program", prog[i], "kode program seperti 1.03.10", "perbaiki kode"))
        akun = opsi.pelaku.kode_wilayah if opsi.pelaku is not None and opsi.pelaku.kode_wilayah else None
        if "kode_kabupaten" in df:
            kab = _teks(df, "kode_kabupaten").fillna(opsi.kabupaten or akun or "")
        else:
            kab = pd.Series(opsi.kabupaten or (akun[:5] if akun else ""), index=df.index)
        for no, i in zip(nomor, df.index, strict=True):
            k = str(kab[i])
            if not re.fullmatch(r"\d{2}\.\d{2}", k):
                masalah.append(
                    Masalah(
                        no,
                        "kode_kabupaten",
                        k or "(kosong)",
                        "kode Kemendagri kabupaten, mis. 33.01",
                        "tambah kolom kode_kabupaten, atau muat dengan --kabupaten 33.01",
                    )
                )
            elif akun and not (akun == k or akun.startswith(k + ".") or k.startswith(akun + ".")):
                masalah.append(Masalah(no, "kode_kabupaten", k, f"kabupaten akun Anda ({akun[:5]})", "periksa kodenya"))
        rows = pd.DataFrame(
            {
                "kode_kabupaten": kab.astype(str),
                "tahun": pd.to_numeric(df["tahun"], errors="coerce"),
                "opd": _teks(df, "opd"),
                "kode_program": prog,
                "nilai": nilai,
                "terkontrak": np.nan_to_num(np.asarray(kontrak, dtype=float)) if kontrak is not None else 0.0,
            }
        )
        if not masalah:
            masalah += periksa_plafon(rows, nomor)
        if masalah:
            raise KesalahanInput(m.judul, masalah)
        rows["tahun"] = rows["tahun"].astype(int)
        return _Baris(rows, len(df), list(b.catatan))

    def tulis(self, m: Muatan, opsi: OpsiPlafon, b: _Baris, con: duckdb.DuckDBPyConnection) -> Hasil:
        """Replace the ceilings with the same key, one audit row each."""
        n = simpanan.tulis_plafon(con, b.rows, opsi.oleh, f"dimuat dari {m.nama}")
        return Hasil(b.n_masuk, n, b.catatan)
