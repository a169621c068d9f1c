"""``load indikator``: a BPS/sector table (CSV/XLSX, long or wide) as desa indicators.

Long tables have columns ``indikator``, ``tahun``, ``nilai``. Wide tables have one column
per indicator (year from ``--tahun``) or per year (``2019``, ``t_2019``; the indicator from
``--indikator``). Rows are tied to Kemendagri desa by code, by the stored BPS crosswalk,
or by kecamatan + desa names (unmatched rows reported by name, not loaded). Numbers follow
the column's convention (``1.234,5`` or ``11.00``); ``-``, ``…``, ``NA`` and blanks are
missing, never zero. Indicator metadata (unit, extensive/intensive, weight, source) is
recorded for correct aggregation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import duckdb
import numpy as np
import pandas as pd

from geo.errors import KesalahanInput, Masalah
from geo.store import referensi
from pipelines import kode as kd
from pipelines.angka import deteksi_konvensi, parse_angka
from pipelines.baca import Tabel
from pipelines.muat.inti import BacaanTabel, Hasil, Muatan, OpsiTabel, PemuatTabel
from pipelines.muat.kolom import (
    KOLOM_ABAI,
    KOLOM_DESA,
    KOLOM_KEC,
    KOLOM_KODE,
    baca_resolusi,
    cari_kolom,
    simpan_cocok,
    skema_kolom,
)

_TAHUN = re.compile(r"(?:^|[_\s-])((?:19|20)\d{2})(?:$|[_\s-]|sm\d|s\d)", re.IGNORECASE)

_KATA_INTENSIF = (
    "persen",
    "pct",
    "rasio",
    "rjk",
    "density",
    "kepadatan",
    "pertumb",
    "prevalensi",
    "angka",
    "ipm",
    "dist",
    "rata",
    "indeks",
    "jarak",
)


@dataclass(kw_only=True)
class OpsiIndikator(OpsiTabel):
    """Options of ``load indikator``.

    Location: ``kolom_kode``/``kolom_nama``/``kolom_induk`` (code, desa name, kecamatan
    name; default detected), ``kabupaten`` (for name matching), ``resolusi`` (manual
    matches). Values: ``tahun``, ``indikator``, ``kolom`` (``col=indikator@tahun`` specs).
    Metadata: ``nama_indikator``, ``satuan``, ``jenis_indikator``, ``bobot``, ``sumber``.
    """

    kolom_kode: str | None = None
    kolom_nama: str | None = None
    kolom_induk: str | None = None
    kabupaten: str | None = None
    resolusi: Path | None = None
    tahun: int | None = None
    indikator: str | None = None
    kolom: list[str] = field(default_factory=list)
    nama_indikator: str | None = None
    satuan: str | None = None
    jenis_indikator: Literal["ekstensif", "intensif"] | None = None
    bobot: str | None = None
    sumber: str | None = None


@dataclass
class _Nilai:
    """Parsed values: one row per (table row, indicator, year)."""

    tabel: Tabel
    catatan: list[str]
    baris: pd.DataFrame  # i, indikator, tahun, nilai
    baru: pd.DataFrame  # manual decisions from --resolusi


def _tebak_jenis(kode: str) -> str:
    k = kode.lower()
    if any(w in k for w in _KATA_INTENSIF):
        return "intensif"
    return "ekstensif"


def _spesifikasi_kolom(tabel: Tabel, opsi: OpsiIndikator, abai: set[str], judul: str) -> list[tuple[str, str, int]]:
    """Return (column, indicator code, year) for every value column."""
    kolom = [c for c in tabel.data.columns if c not in abai and c.lower() not in KOLOM_ABAI]
    hasil, masalah = [], []
    if opsi.kolom:
        kolom_ada = {c.lower(): c for c in tabel.data.columns}
        for spek in opsi.kolom:
            c, _, sisa = spek.partition("=")
            ind, _, th = sisa.partition("@")
            if c.lower() not in kolom_ada:
                masalah.append(
                    Masalah(
                        "opsi --kolom", c, spek, f"kolom yang ada: {', '.join(tabel.data.columns)}", "periksa ejaan"
                    )
                )
                continue
            c = kolom_ada[c.lower()]
            m = _TAHUN.search(c)
            tahun = int(th) if th else (int(m.group(1)) if m else opsi.tahun)
            kode_ind = (ind or opsi.indikator or (_TAHUN.sub("", c) if m else c)).strip("_ ").lower()
            hasil.append((c, kode_ind, tahun))
    else:
        for c in kolom:
            m = _TAHUN.search(c)
            tahun = int(m.group(1)) if m else opsi.tahun
            kode_ind = opsi.indikator if (opsi.indikator and m) else (_TAHUN.sub("_", c).strip("_ ") if m else c)
            hasil.append((c, re.sub(r"\W+", "_", kode_ind.lower()).strip("_"), tahun))
    for c, _ind, tahun in hasil:
        if tahun is None:
            masalah.append(
                Masalah(
                    "berkas",
                    c,
                    c,
                    "tahun data (kolom bernama mis. 2020 atau t_2020, atau opsi --tahun)",
                    "tambahkan opsi --tahun 2024, atau --kolom 'kolom=indikator@2024'",
                )
            )
    if not hasil:
        masalah.append(
            Masalah(
                "berkas",
                "",
                ", ".join(tabel.data.columns),
                "minimal satu kolom nilai",
                "tambahkan kolom angka indikator",
            )
        )
    if masalah:
        raise KesalahanInput(judul, masalah)
    return hasil


def _baca_nilai(tabel: Tabel, opsi: OpsiIndikator, judul: str) -> pd.DataFrame:
    """Parse every value of a long or wide table, raising one report with every bad cell."""
    df = tabel.data
    lower = {c.lower(): c for c in df.columns}
    masalah: list[Masalah] = []
    baris = []
    if {"indikator", "tahun", "nilai"} <= set(lower):
        kolom_nilai = lower["nilai"]
        konv = deteksi_konvensi(df[kolom_nilai])
        for i, r in df.iterrows():
            no = tabel.nomor_baris(int(i))
            th = r[lower["tahun"]].strip()
            if not th.isdigit():
                masalah.append(Masalah(f"baris {no}", lower["tahun"], th, "tahun 4 angka", "isi tahun, mis. 2024"))
                continue
            try:
                v = parse_angka(r[kolom_nilai], konv)
            except ValueError as e:
                masalah.append(Masalah(f"baris {no}", kolom_nilai, r[kolom_nilai], "angka (mis. 1.234,5)", str(e)))
                continue
            baris.append((i, r[lower["indikator"]].strip().lower(), int(th), v))
    else:
        lokasi = {c for c in (opsi.kolom_kode, opsi.kolom_nama, opsi.kolom_induk) if c}
        lokasi |= {lower[c] for c in (*KOLOM_KODE, *KOLOM_DESA, *KOLOM_KEC) if c in lower}
        for c, ind, th in _spesifikasi_kolom(tabel, opsi, lokasi, judul):
            konv = deteksi_konvensi(df[c])
            for i, sel in df[c].items():
                try:
                    v = parse_angka(sel, konv)
                except ValueError as e:
                    masalah.append(
                        Masalah(
                            f"baris {tabel.nomor_baris(int(i))}",
                            c,
                            sel,
                            "angka (mis. 1.234,5) atau '-' bila tidak ada data",
                            str(e),
                        )
                    )
                    continue
                baris.append((i, ind, th, v))
    if masalah:
        raise KesalahanInput(judul, masalah)
    return pd.DataFrame(baris, columns=["i", "indikator", "tahun", "nilai"])


def _kode_bps_terpisah(con, df: pd.DataFrame, lower: dict, opsi: OpsiIndikator, judul: str, catatan: list[str]):
    """BPS desa codes built from separate kdprov/kdkab/kdkec/kddesa columns."""
    if "kdprov" in lower and "kdkab" in lower:
        prefiks = df[lower["kdprov"]].str.zfill(2) + df[lower["kdkab"]].str.zfill(2)
    elif opsi.kabupaten:
        kab = kd.titikkan(opsi.kabupaten)
        dari_cw = referensi.awalan_bps_kabupaten(con, kab)
        prefiks = dari_cw or kab.replace(".", "")
        if not dari_cw:
            catatan.append(
                f"kode BPS kabupaten dianggap {prefiks} (sama dengan Kemendagri {kab}); bila berbeda "
                "(mis. Kuantan Singingi BPS 1401 = Kemendagri 14.09) muat dulu batas desa BPS-nya"
            )
    else:
        raise KesalahanInput(
            judul,
            [
                Masalah(
                    "berkas",
                    "kdkec, kddesa",
                    "kode terpisah",
                    "opsi --kabupaten",
                    "sebut kabupaten Kemendagri-nya, mis. --kabupaten 33.01",
                )
            ],
        )
    kode_bps = [
        f"{p}{int(a):03d}{int(b):03d}" if a.isdigit() and b.isdigit() else None
        for p, a, b in zip(pd.Series(prefiks, index=df.index), df[lower["kdkec"]], df[lower["kddesa"]], strict=True)
    ]
    return pd.Series(kode_bps, index=df.index, dtype=object)


def _lokasi_tabel(
    con: duckdb.DuckDBPyConnection, tabel: Tabel, opsi: OpsiIndikator, baru: pd.DataFrame, judul: str
) -> tuple[pd.Series, pd.DataFrame, dict, list[str]]:
    """Map each table row to a Kemendagri desa code (None when unmatched).

    Returns the codes, the unmatched report, the method counts and notes.
    """
    df = tabel.data
    kolom = list(df.columns)
    lower = {c.lower(): c for c in kolom}
    catatan: list[str] = []
    k_kode = cari_kolom(kolom, opsi.kolom_kode, KOLOM_KODE, judul, "kode", wajib=False)
    k_desa = cari_kolom(kolom, opsi.kolom_nama, KOLOM_DESA, judul, "nama desa", wajib=False)
    k_kec = cari_kolom(kolom, opsi.kolom_induk, KOLOM_KEC, judul, "nama kecamatan", wajib=False)
    kode_bps = pd.Series([None] * len(df), index=df.index, dtype=object)
    hasil = pd.Series([None] * len(df), index=df.index, dtype=object)
    skema = None
    if k_kode:
        nilai = df[k_kode].str.strip()
        skema = skema_kolom([v for v in nilai if v], k_kode, judul)
        if skema == "kemendagri":
            hasil = nilai.map(lambda v: kd.titikkan(v) if v else None)
        else:
            kode_bps = nilai
    elif "kdkec" in lower and "kddesa" in lower:
        skema = "bps"
        kode_bps = _kode_bps_terpisah(con, df, lower, opsi, judul, catatan)
    if skema == "bps":
        cw = referensi.crosswalk(con, "bps")
        hasil = kode_bps.map(lambda v: cw.get(v) if v else None)
    metode = {"kode langsung" if skema == "kemendagri" else "crosswalk tersimpan": int(hasil.notna().sum())}
    tak = pd.DataFrame(columns=["kode_sumber", "nama", "nama_induk", "alasan", "calon"])
    sisa = hasil.isna()
    if sisa.any():
        if not k_desa:
            raise KesalahanInput(
                judul,
                [
                    Masalah(
                        f"baris {tabel.nomor_baris(int(i))}",
                        k_kode or "kode",
                        str(kode_bps.get(i) or ""),
                        "kode yang ada di crosswalk, atau kolom nama desa dan kecamatan",
                        "tambahkan kolom nama desa/kecamatan, atau muat batas desa BPS agar crosswalk terbentuk",
                    )
                    for i in np.flatnonzero(sisa.values)[:25]
                ],
            )
        kab = kd.titikkan(opsi.kabupaten) if opsi.kabupaten else None
        if kab is None:
            dikenal = hasil.dropna()
            if dikenal.empty:
                raise KesalahanInput(
                    judul,
                    [
                        Masalah(
                            "berkas",
                            k_desa,
                            "nama saja",
                            "opsi --kabupaten",
                            "sebut kabupaten Kemendagri-nya, mis. --kabupaten 33.01",
                        )
                    ],
                )
            kab = dikenal.iloc[0][:5]
        target = referensi.desa_target(con, None, kab + ".").drop(columns="geometry")
        if target.empty:
            raise KesalahanInput(
                judul,
                [
                    Masalah(
                        "opsi --kabupaten",
                        "kabupaten",
                        kab,
                        "kabupaten yang batas desanya sudah dimuat",
                        "muat dulu batas desa Kemendagri kabupaten itu",
                    )
                ],
            )
        skema_cw = "bps" if skema == "bps" else "nama"
        if skema == "bps":
            kunci = kode_bps
        elif k_kec:
            kunci = df[k_kec].map(kd.normalisasi_nama) + "|" + df[k_desa].map(kd.normalisasi_nama)
        else:
            kunci = df[k_desa].map(kd.normalisasi_nama)
        sumber = pd.DataFrame(
            {
                "kode_sumber": kunci[sisa].values,
                "nama": df.loc[sisa, k_desa].values,
                "nama_induk": df.loc[sisa, k_kec].values if k_kec else "",
            }
        )
        resolusi = referensi.resolusi_kode(con, skema_cw)
        resolusi.update(dict(zip(baru["kode_sumber"], baru["kode"], strict=True)))
        cocok = kd.cocokkan_wilayah(sumber, target, resolusi)
        peta = dict(zip(cocok.pasangan["kode_sumber"], cocok.pasangan["kode"], strict=True))
        hasil[sisa] = kunci[sisa].map(peta)
        metode.update({f"nama: {k}": v for k, v in cocok.metode.items()})
        tak = cocok.tak_cocok
        nama_sumber = dict(zip(sumber["kode_sumber"], sumber["nama"], strict=True))
        simpan_cocok(con, skema_cw, baru, cocok, nama_sumber, tabel.nama)
    # codes that do not exist in wilayah are errors, not silent drops
    ada = referensi.kode_desa(con)
    asing = [i for i, v in zip(df.index, hasil, strict=True) if pd.notna(v) and v not in ada]
    if asing:
        raise KesalahanInput(
            judul,
            [
                Masalah(
                    f"baris {tabel.nomor_baris(int(i))}",
                    k_kode or "kode",
                    str(hasil[i]),
                    "kode desa yang sudah dimuat",
                    "muat batas desa wilayah itu dulu",
                )
                for i in asing[:25]
            ],
        )
    return hasil, tak, metode, catatan


def _simpan_meta(
    con: duckdb.DuckDBPyConnection, data: pd.DataFrame, opsi: OpsiIndikator, sumber: str, berkas: str
) -> list[str]:
    """Record metadata of new indicators (and of one indicator given options); return guessed kinds."""
    ditebak = []
    semua = sorted(data["indikator"].unique())
    satu = len(semua) == 1
    for ind in semua:
        lama = referensi.meta_indikator(con, ind)
        jenis = opsi.jenis_indikator if (opsi.jenis_indikator and satu) else None
        if lama is None or jenis or (satu and (opsi.satuan or opsi.nama_indikator)):
            if jenis is None:
                jenis = lama["jenis"] if lama is not None else _tebak_jenis(ind)
                if lama is None:
                    ditebak.append(f"{ind}={jenis}")
            referensi.simpan_meta_indikator(
                con,
                ind,
                opsi.nama_indikator if satu and opsi.nama_indikator else ind.replace("_", " "),
                opsi.satuan if satu and opsi.satuan else (lama["satuan"] if lama is not None else "-"),
                jenis,
                opsi.bobot if jenis == "intensif" else None,
                sumber,
                f"dimuat dari {berkas}",
            )
    return ditebak


class PemuatIndikator(PemuatTabel[OpsiIndikator]):
    """Desa indicators from a BPS/sector table, tied to Kemendagri desa by code, crosswalk or names."""

    jenis = "indikator"
    deskripsi = "tabel BPS/sektoral per desa (CSV/XLSX, lebar atau panjang)"
    Opsi = OpsiIndikator

    def periksa(self, m: Muatan, opsi: OpsiIndikator, b: BacaanTabel) -> _Nilai:
        """Parse every value (and the manual-match file); every bad cell in one report."""
        baris = _baca_nilai(b.tabel, opsi, m.judul)
        baru = baca_resolusi(opsi.resolusi, m.judul) if opsi.resolusi else pd.DataFrame(columns=["kode_sumber", "kode"])
        return _Nilai(b.tabel, list(b.catatan), baris, baru)

    def tulis(self, m: Muatan, opsi: OpsiIndikator, b: _Nilai, con: duckdb.DuckDBPyConnection) -> Hasil:
        """Match rows to desa, reject duplicates, replace values and record metadata."""
        judul, tabel, catatan = m.judul, b.tabel, b.catatan
        n_masuk = len(tabel.data)
        m.kemajuan(0.6, "mencocokkan wilayah")
        kode, tak, metode, cat2 = _lokasi_tabel(con, tabel, opsi, b.baru, judul)
        catatan += cat2
        data = b.baris.assign(kode_wilayah=b.baris["i"].map(kode))
        data = data[data["kode_wilayah"].notna()]
        masalah = []
        ganda = data[data.duplicated(["kode_wilayah", "tahun", "indikator"], keep=False)]
        for (kw, th, ind), g in list(ganda.groupby(["kode_wilayah", "tahun", "indikator"]))[:25]:
            nomor = ", ".join(str(tabel.nomor_baris(int(i))) for i in g["i"])
            masalah.append(
                Masalah(
                    f"baris {nomor}",
                    ind,
                    kw,
                    f"satu nilai per desa, tahun {th}, indikator",
                    "hapus baris ganda, atau periksa nama desa yang tertukar",
                )
            )
        if masalah:
            raise KesalahanInput(judul, masalah)
        m.kemajuan(0.75, "menulis basis data")
        sumber = opsi.sumber or f"berkas {m.nama}"
        data = data.assign(sumber=sumber)[["kode_wilayah", "tahun", "indikator", "nilai", "sumber"]]
        referensi.ganti_indikator(con, data)
        ditebak = _simpan_meta(con, data, opsi, sumber, m.nama)
        if ditebak:
            catatan.append(
                "jenis agregasi ditebak dari nama kolom (periksa; ubah dengan --jenis): " + ", ".join(ditebak)
            )
        if len(tak):
            catatan.append(f"{len(tak)} baris tidak cocok dengan desa mana pun dan tidak dimuat (lihat daftar)")
        n_desa = data["kode_wilayah"].nunique()
        return Hasil(
            n_masuk,
            len(data),
            catatan,
            {
                "desa tercocok": f"{n_desa} dari {n_masuk} baris",
                "cara cocok": metode,
                "indikator": sorted(data["indikator"].unique()),
            },
            tak,
        )
