"""Column vocabularies and the column helpers several loaders share.

Common column names of Indonesian files (Kemendagri, BPS, ATR/BPN) so a file loads
without options, and the helpers that find a column, read a table's first sheet and
parse a numeric column — each reporting every problem with how to fix it.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from geo.errors import KesalahanInput, Masalah
from geo.store import referensi
from pipelines import kode as kd
from pipelines.angka import deteksi_konvensi, parse_angka
from pipelines.baca import Tabel, baca_tabel

#: Region-code columns (Kemendagri and BPS files, dotted or not).
KOLOM_KODE = (
    "kode",
    "kode_wilayah",
    "kode_desa",
    "kd_desa",
    "kdepum",
    "kode_nodot",
    "iddesa",
    "idkec",
    "kode_kec",
    "kdcpum",
    "kode_kab",
    "kdpkab",
    "kode_bps",
)
#: Region-name columns of boundary files (any tier).
KOLOM_NAMA = (
    "nama",
    "nama_wilayah",
    "nama_desa",
    "nmdesa",
    "namadesa",
    "wadmkd",
    "desa",
    "kelurahan",
    "nmkec",
    "namakec",
    "wadmkc",
    "nama_kec",
    "kecamatan",
    "wiadkc",
    "nmkab",
    "wadmkk",
)
#: Kecamatan-name columns of desa boundary files.
KOLOM_INDUK = ("nama_kecamatan", "nmkec", "namakec", "wadmkc", "kecamatan", "nama_kec", "wiadkc")
#: Desa-name columns of tables.
KOLOM_DESA = ("nama_desa", "namadesa", "nmdesa", "desa", "kelurahan", "desa_kelurahan", "nama")
#: Kecamatan-name columns of tables.
KOLOM_KEC = ("nama_kecamatan", "namakec", "nmkec", "kecamatan", "nama_kec", "kec")
#: Identifier columns of tables that are never indicator values.
KOLOM_ABAI = frozenset({"id", "no", "no.", "nomor", "kdprov", "kdkab", "kdkec", "kddesa", "kode_kec", "idkec", "fid"})


def cari_kolom(
    kolom: list[str], diminta: str | None, calon: tuple[str, ...], judul: str, peran: str, wajib: bool = True
) -> str | None:
    """Find a column by the user's name or by common names (case-insensitive).

    Parameters
    ----------
    kolom : list of str
        The file's columns.
    diminta : str, optional
        The name the user gave (an option); must exist when given.
    calon : tuple of str
        Common names, tried in order.
    judul : str
        Title of the error report.
    peran : str
        What the column is for, in messages (``"kode"``, ``"nama kecamatan"``).
    wajib : bool
        Raise when no column is found (else return None).
    """
    peta = {c.lower(): c for c in kolom}
    if diminta:
        if diminta.lower() in peta:
            return peta[diminta.lower()]
        raise KesalahanInput(
            judul,
            [
                Masalah(
                    "berkas",
                    diminta,
                    diminta,
                    f"kolom {peran} yang ada: {', '.join(kolom)}",
                    "periksa ejaan nama kolom pada opsi",
                )
            ],
        )
    for c in calon:
        if c.lower() in peta:
            return peta[c.lower()]
    if wajib:
        raise KesalahanInput(
            judul,
            [
                Masalah(
                    "berkas",
                    peran,
                    ", ".join(kolom[:12]),
                    f"kolom {peran} (mis. {', '.join(calon[:4])})",
                    f"beri nama kolom itu dengan salah satu nama umum, atau sebut dengan opsi kolom {peran}",
                )
            ],
        )
    return None


def kolom_wajib(tabel: Tabel, wajib: tuple[str, ...], judul: str) -> dict[str, str]:
    """Return lower-case name -> column, raising one report naming every missing required column."""
    lower = {c.lower().strip(): c for c in tabel.data.columns}
    hilang = [k for k in wajib if k not in lower]
    if hilang:
        raise KesalahanInput(
            judul,
            [
                Masalah(
                    "berkas",
                    k,
                    "(tidak ada)",
                    f"kolom '{k}'",
                    f"tambahkan kolom '{k}' (lihat templat); kolom yang ada: {', '.join(tabel.data.columns)}",
                )
                for k in hilang
            ],
        )
    return lower


def skema_kolom(kode: list[str], kolom: str, judul: str, masalah: list[Masalah] | None = None) -> str:
    """Detect the coding scheme of a code column, or raise one report with every problem so far."""
    try:
        return kd.deteksi_skema(kode)
    except ValueError as e:
        raise KesalahanInput(
            judul,
            [
                *(masalah or []),
                Masalah(
                    "berkas",
                    kolom,
                    ", ".join(kode[:3]),
                    "kode Kemendagri (33.01.01.2001 / 3301012001) atau BPS (3301010001)",
                    str(e),
                ),
            ],
        ) from None


def tabel_pertama(
    path: Path, lembar: str | None, judul: str, kata_kunci: tuple[str, ...] | None = None
) -> tuple[Tabel, list[str]]:
    """Read the first sheet with data (or ``lembar``); notes name the other sheets."""
    tabel = baca_tabel(path, lembar, kata_kunci) if kata_kunci else baca_tabel(path, lembar)
    if not tabel:
        raise KesalahanInput(judul, [Masalah("berkas", "", "kosong", "tabel berisi data", "periksa isi berkas")])
    catatan = []
    if len(tabel) > 1:
        catatan.append(
            f"berkas berisi {len(tabel)} lembar berdata; yang dimuat: '{tabel[0].nama}' "
            f"(pilih lain dengan --lembar: {', '.join(t.nama for t in tabel[1:])})"
        )
    return tabel[0], catatan


def angka_baris(
    df: pd.DataFrame, kolom: str, tabel: Tabel, masalah: list[Masalah], wajib: bool = True, positif: bool = False
) -> pd.Series:
    """Parse a numeric column (its own convention: ``1.234,5`` or ``1,234.5``); problems go to ``masalah``."""
    konv = deteksi_konvensi(df[kolom])
    out = []
    for i, v in df[kolom].items():
        try:
            x = parse_angka(v, konv)
        except ValueError as e:
            masalah.append(Masalah(f"baris {tabel.nomor_baris(int(i))}", kolom, v, "angka", str(e)))
            out.append(None)
            continue
        if x is None and wajib:
            masalah.append(
                Masalah(f"baris {tabel.nomor_baris(int(i))}", kolom, v or "(kosong)", "angka", "isi nilainya")
            )
        elif x is not None and positif and x <= 0:
            masalah.append(
                Masalah(f"baris {tabel.nomor_baris(int(i))}", kolom, v, "angka lebih dari 0", "periksa nilainya")
            )
        out.append(x)
    return pd.Series(out, index=df.index, dtype=float)


def baca_resolusi(path: Path, judul: str) -> pd.DataFrame:
    """Read a ``--resolusi`` file (the ``tak_cocok-*.csv`` report with column ``kode`` filled in).

    Returns
    -------
    DataFrame
        kode_sumber, kode (dotted Kemendagri); rows left blank are dropped.
    """
    t = baca_tabel(Path(path), kata_kunci=("kode",))[0]
    kolom = {c.lower(): c for c in t.data.columns}
    if "kode_sumber" not in kolom or "kode" not in kolom:
        raise KesalahanInput(
            judul,
            [
                Masalah(
                    f"berkas {Path(path).name}",
                    "kode_sumber, kode",
                    ", ".join(t.data.columns),
                    "kolom kode_sumber dan kode",
                    "isi kolom 'kode' pada berkas tak_cocok-*.csv yang dibuat laporan",
                )
            ],
        )
    baru = t.data.rename(columns={kolom["kode_sumber"]: "kode_sumber", kolom["kode"]: "kode"})
    baru = baru[baru["kode"].str.strip() != ""][["kode_sumber", "kode"]]
    baru["kode"] = baru["kode"].map(kd.titikkan)
    return baru


def simpan_cocok(
    con: duckdb.DuckDBPyConnection,
    skema: str,
    baru: pd.DataFrame,
    hasil: kd.HasilCocok,
    nama_sumber: dict[str, str],
    berkas: str,
) -> None:
    """Store the manual decisions ``baru`` and the matching outcome (crosswalk and unmatched units)."""
    referensi.simpan_resolusi(con, skema, baru, berkas)
    pasangan = hasil.pasangan.assign(nama_sumber=hasil.pasangan["kode_sumber"].map(nama_sumber))
    referensi.simpan_crosswalk(con, skema, pasangan, hasil.tak_cocok, berkas)
