"""``load itbx`` and ``load padanan-kegiatan``: the RDTR activity × zone matrix and its class table.

Cells must be I, T, B, X or TB; empty cells are warnings and are not stored, so the
conformity check treats them as "perlu kajian", never as allowed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import duckdb
import pandas as pd

from geo.domain import definitions
from geo.errors import KesalahanInput, Masalah
from geo.store import referensi
from pipelines.baca import Tabel
from pipelines.muat.inti import BacaanTabel, Hasil, Muatan, OpsiTabel, Pemuat, PemuatTabel
from pipelines.muat.kolom import cari_kolom, kolom_wajib, tabel_pertama


def slug(teks: str) -> str:
    """Activity code from its name: lower case, runs of other characters as ``_``."""
    return re.sub(r"[^a-z0-9]+", "_", str(teks).lower()).strip("_")


# --------------------------------------------------------------------------- itbx
@dataclass(kw_only=True)
class OpsiItbx(OpsiTabel):
    """Options of ``load itbx``: the matrix name (default: the file name) and the activity column."""

    matriks: str | None = None
    kolom_nama: str | None = None


@dataclass
class _Matriks:
    """Checked matrix cells (long form) and warnings about empty cells."""

    isi: pd.DataFrame  # kelompok, kegiatan, kode_zona, nilai, letak, kode_kegiatan
    n_masuk: int
    peringatan: list[str]


def _json_panjang(m: Muatan) -> pd.DataFrame:
    """The SIMTARU JSON (``[{Zonasi, Kegiatan, skrk: {zona: nilai}}]``) as long cells."""
    try:
        data = json.loads(m.path.read_text())
        return pd.DataFrame(
            [
                {
                    "kelompok": d.get("Zonasi"),
                    "kegiatan": d["Kegiatan"],
                    "kode_zona": z,
                    "nilai": v,
                    "letak": f"rekaman {k + 1}",
                }
                for k, d in enumerate(data)
                for z, v in d["skrk"].items()
            ]
        )
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        raise KesalahanInput(
            m.judul,
            [
                Masalah(
                    "berkas",
                    "",
                    str(e)[:100],
                    "daftar {Zonasi, Kegiatan, skrk}",
                    "gunakan CSV panjang (kegiatan, kode_zona, itbx) atau lebar",
                )
            ],
        ) from e


def _tabel_panjang(tabel: Tabel, opsi: OpsiItbx, judul: str) -> pd.DataFrame:
    """A long (kegiatan, kode_zona, itbx) or wide (kegiatan + one column per zone) table as long cells."""
    df = tabel.data
    lower = {c.lower(): c for c in df.columns}
    k_keg = cari_kolom(list(df.columns), opsi.kolom_nama, ("kegiatan", "aktivitas", "nama_kegiatan"), judul, "kegiatan")
    k_kel = next((lower[c] for c in ("zonasi_kelompok", "kelompok", "zonasi") if c in lower), None)
    nomor = [f"baris {tabel.nomor_baris(i)}" for i in range(len(df))]
    if {"kode_zona"} <= set(lower) and ({"itbx"} & set(lower) or {"nilai"} & set(lower)):
        k_nilai = lower.get("itbx") or lower["nilai"]
        return pd.DataFrame(
            {
                "kelompok": df[k_kel] if k_kel else None,
                "kegiatan": df[k_keg],
                "kode_zona": df[lower["kode_zona"]],
                "nilai": df[k_nilai],
                "letak": nomor,
            }
        )
    zona = [c for c in df.columns if c not in (k_keg, k_kel)]
    return pd.concat(
        [
            pd.DataFrame(
                {
                    "kelompok": df[k_kel] if k_kel else None,
                    "kegiatan": df[k_keg],
                    "kode_zona": z,
                    "nilai": df[z],
                    "letak": nomor,
                }
            )
            for z in zona
        ]
    )


class PemuatItbx(Pemuat[OpsiItbx, pd.DataFrame]):
    """An ITBX matrix (activity × zone -> I/T/B/X/TB).

    Accepted: a long CSV (kegiatan, kode_zona, itbx), a wide CSV/XLSX (kegiatan + one
    column per zone), or the SIMTARU JSON (``[{Zonasi, Kegiatan, skrk: {zona: nilai}}]``).
    Reloading a matrix of the same name replaces its cells.
    """

    jenis = "itbx"
    deskripsi = "matriks ITBX kegiatan × zona (--matriks: nama matriks, baku nama berkas)"
    Opsi = OpsiItbx

    def baca(self, m: Muatan, opsi: OpsiItbx) -> pd.DataFrame:
        """Read the cells in long form: kelompok, kegiatan, kode_zona, nilai, letak."""
        if m.path.suffix.lower() == ".json":
            return _json_panjang(m)
        tabel, _ = tabel_pertama(m.path, opsi.lembar, m.judul)
        return _tabel_panjang(tabel, opsi, m.judul)

    def periksa(self, m: Muatan, opsi: OpsiItbx, panjang: pd.DataFrame) -> _Matriks:
        """Every cell is I/T/B/X/TB or empty; one value per activity and zone."""
        n = len(panjang)
        panjang = panjang.assign(nilai=panjang["nilai"].fillna("").astype(str).str.strip().str.upper())
        kosong_ = panjang["nilai"] == ""
        salah = ~kosong_ & ~panjang["nilai"].isin(list(definitions.ITBX))
        masalah = [
            Masalah(r.letak, r.kode_zona, r.nilai, "I, T, B, X atau TB", "perbaiki sel matriks")
            for r in panjang[salah].itertuples()
        ]
        if masalah:
            raise KesalahanInput(m.judul, masalah[:50])
        peringatan = [
            f"sel kosong (perlu kajian kasus per kasus): {r.kegiatan} × {r.kode_zona} ({r.letak})"
            for r in panjang[kosong_].itertuples()
        ]
        isi = panjang[~kosong_].copy()
        isi["kode_kegiatan"] = isi["kegiatan"].map(slug)
        ganda = isi[isi.duplicated(["kode_kegiatan", "kode_zona"], keep=False)]
        if len(ganda):
            raise KesalahanInput(
                m.judul,
                [
                    Masalah(r.letak, r.kode_zona, r.kegiatan, "satu nilai per kegiatan dan zona", "hapus baris ganda")
                    for r in ganda.itertuples()
                ][:50],
            )
        return _Matriks(isi, n, peringatan)

    def tulis(self, m: Muatan, opsi: OpsiItbx, b: _Matriks, con: duckdb.DuckDBPyConnection) -> Hasil:
        """Replace the matrix's cells and upsert its activities."""
        isi = b.isi
        matriks = opsi.matriks or m.path.stem
        kegiatan = isi.drop_duplicates("kode_kegiatan")[["kode_kegiatan", "kegiatan", "kelompok"]]
        sel = pd.DataFrame(
            {
                "matriks": matriks,
                "kode_kegiatan": isi["kode_kegiatan"],
                "kode_zona": isi["kode_zona"],
                "nilai": isi["nilai"],
                "catatan": None,
                "sumber": m.nama,
            }
        )
        diganti = referensi.ganti_itbx(con, matriks, sel, kegiatan)
        if diganti:
            b.peringatan.append(f"matriks '{matriks}' dimuat ulang: {diganti} sel lama diganti")
        return Hasil(
            b.n_masuk,
            len(isi),
            b.peringatan,
            {
                "matriks": matriks,
                "kegiatan": len(kegiatan),
                "zona": isi["kode_zona"].nunique(),
                "nilai": isi["nilai"].value_counts().to_dict(),
            },
        )


# --------------------------------------------------------------------------- padanan kegiatan
@dataclass(kw_only=True)
class OpsiPadanan(OpsiTabel):
    """Options of ``load padanan-kegiatan``: the matrix the table belongs to (default: the only one loaded)."""

    matriks: str | None = None


class PemuatPadanan(PemuatTabel[OpsiPadanan]):
    """The activity-class table of one ITBX matrix: kamus ``kelas_kegiatan`` -> matrix activity.

    Columns ``kelas_kegiatan`` and ``kegiatan`` (the activity name or code as in the
    matrix); ``--matriks`` names the matrix (default: the only one loaded). Every class and
    activity must exist; the matrix's earlier table is replaced. A class without a row here
    (and not itself an activity of the matrix) is "perlu kajian" in the check.
    """

    jenis = "padanan-kegiatan"
    deskripsi = "padanan kelas kegiatan kamus → kegiatan matriks ITBX (--matriks)"
    Opsi = OpsiPadanan
    kata_kunci = ("kelas", "kegiatan")

    def periksa(self, m: Muatan, opsi: OpsiPadanan, b: BacaanTabel) -> BacaanTabel:
        """Both columns are required."""
        kolom_wajib(b.tabel, ("kelas_kegiatan", "kegiatan"), m.judul)
        return b

    def tulis(self, m: Muatan, opsi: OpsiPadanan, b: BacaanTabel, con: duckdb.DuckDBPyConnection) -> Hasil:
        """Check every class and activity against the store, then replace the matrix's table."""
        judul = m.judul
        kolom = kolom_wajib(b.tabel, ("kelas_kegiatan", "kegiatan"), judul)
        df = b.tabel.data
        ada = referensi.daftar_matriks(con)
        matriks = opsi.matriks or (ada[0] if len(ada) == 1 else None)
        if matriks not in ada:
            raise KesalahanInput(
                judul,
                [
                    Masalah(
                        "opsi --matriks",
                        "matriks",
                        str(matriks),
                        ", ".join(ada) or "matriks ITBX yang dimuat",
                        "sebut matriksnya",
                    )
                ],
            )
        kelas = referensi.kelas_kamus(con) | set(definitions.KELAS_KEGIATAN)
        keg = referensi.kegiatan_matriks(con, matriks)
        masalah, rows = [], []
        for i, r in df.iterrows():
            no = f"baris {b.tabel.nomor_baris(int(i))}"
            k, g = str(r[kolom["kelas_kegiatan"]]).strip(), slug(r[kolom["kegiatan"]])
            if k not in kelas:
                masalah.append(
                    Masalah(no, "kelas_kegiatan", k, "kelas kegiatan kamus usulan", "pakai kode kelas dari kamus")
                )
            if g not in keg:
                masalah.append(
                    Masalah(
                        no,
                        "kegiatan",
                        str(r[kolom["kegiatan"]]),
                        f"kegiatan di matriks {matriks}",
                        "salin nama kegiatan dari matriks",
                    )
                )
            rows.append({"matriks": matriks, "kelas_kegiatan": k, "kode_kegiatan": g, "sumber": m.nama})
        rows_df = pd.DataFrame(rows)
        ganda = rows_df[rows_df.duplicated("kelas_kegiatan", keep=False)] if len(rows_df) else rows_df
        masalah += [
            Masalah("berkas", "kelas_kegiatan", k, "satu baris per kelas", "hapus baris ganda")
            for k in sorted(set(ganda.get("kelas_kegiatan", [])))
        ]
        if masalah:
            raise KesalahanInput(judul, masalah)
        referensi.ganti_padanan(con, matriks, rows_df)
        return Hasil(len(df), len(rows_df), b.catatan, {"matriks": matriks})
