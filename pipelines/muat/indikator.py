"""``load indikator``: a BPS/sector table (CSV/XLSX, long or wide) as desa indicators.

Long tables have columns ``indikator``, ``tahun``, ``nilai``. Wide tables have one column
per indicator (year from ``--tahun``) or per year (``2019``, ``t_2019``; the indicator from
``--indikator``). Rows are tied to Kemendagri desa by code, by the stored BPS crosswalk,
or by kecamatan + desa names. Unmatched and ambiguous units are all reported with their
candidates and the file is refused, or with ``--lewati-tak-cocok`` only the matched rows
are loaded and the skipped ones counted. Numbers follow the column's convention
(``1.234,5`` or ``11.00``); ``-``, ``…``, ``NA`` and blanks are missing, never zero.
Indicator metadata (unit, extensive/intensive, weight, source) is recorded for correct
aggregation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import duckdb
import pandas as pd

from geo.errors import KesalahanInput, Masalah
from geo.store import referensi
from pipelines import kode as kd
from pipelines.angka import deteksi_konvensi, parse_angka
from pipelines.baca import Tabel
from pipelines.muat.inti import BacaanTabel, Hasil, KesalahanTakCocok, Muatan, OpsiTabel, PemuatTabel
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
    ``lewati_tak_cocok``: load the matched rows and skip (and count) the unmatched ones,
    instead of refusing the whole file.
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
    lewati_tak_cocok: bool = False


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

    Returns the codes, the unmatched rows (one per row: ``i``, ``kolom``, ``kode_sumber``,
    ``nama``, ``nama_induk``, ``alasan``, ``calon``), the method counts and notes. Only
    problems of the options (no kabupaten to match names in) raise here.
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
    elif not k_desa:
        raise KesalahanInput(
            judul,
            [
                Masalah(
                    "berkas",
                    "kode, nama desa",
                    ", ".join(kolom[:12]),
                    f"kolom kode desa (mis. {', '.join(KOLOM_KODE[:3])}) atau nama desa "
                    f"(mis. {', '.join(KOLOM_DESA[:3])})",
                    "tambahkan kolom kode desa Kemendagri/BPS, atau kolom nama desa dan kecamatan",
                )
            ],
        )
    if skema == "bps":
        cw = referensi.crosswalk(con, "bps")
        hasil = kode_bps.map(lambda v: cw.get(v) if v else None)
    metode = {"kode langsung" if skema == "kemendagri" else "crosswalk tersimpan": int(hasil.notna().sum())}
    sebab: dict = {}  # row index -> (column, source key, name, kecamatan, reason, candidates)
    sisa = hasil.isna()
    if sisa.any() and not k_desa:
        for i in df.index[sisa]:
            v = str(kode_bps.get(i) or "")
            alasan = (
                "kode BPS tidak ada di crosswalk (muat batas desa BPS-nya agar crosswalk terbentuk)"
                if v
                else "kode kosong"
            )
            sebab[i] = (k_kode or "kode", v, "", "", alasan + "; tidak ada kolom nama desa/kecamatan", "")
    elif sisa.any():
        kab = _kabupaten_cocok(opsi, hasil, k_desa, judul)
        target = referensi.desa_target(con, None, kab + ".").drop(columns="geometry")
        nyata = ~target["kode"].map(kd.adalah_sementara).astype(bool)
        if nyata.any():  # desa left with provisional codes beside Kemendagri ones are not matched by name
            target = target[nyata].reset_index(drop=True)
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
        # one source unit per key: a long table repeats each desa once per indicator and year
        sumber = pd.DataFrame(
            {
                "kode_sumber": kunci[sisa].values,
                "nama": df.loc[sisa, k_desa].values,
                "nama_induk": df.loc[sisa, k_kec].values if k_kec else "",
            }
        ).drop_duplicates("kode_sumber", ignore_index=True)
        resolusi = referensi.resolusi_kode(con, skema_cw)
        resolusi.update(dict(zip(baru["kode_sumber"], baru["kode"], strict=True)))
        cocok = kd.cocokkan_wilayah(sumber, target, resolusi)
        peta = dict(zip(cocok.pasangan["kode_sumber"], cocok.pasangan["kode"], strict=True))
        hasil[sisa] = kunci[sisa].map(peta)
        metode.update({f"nama: {k}": v for k, v in cocok.metode.items()})
        nama_sumber = dict(zip(sumber["kode_sumber"], sumber["nama"], strict=True))
        simpan_cocok(con, skema_cw, baru, cocok, nama_sumber, tabel.nama)
        alasan = {r.kode_sumber: (r.alasan, r.calon) for r in cocok.tak_cocok.itertuples()}
        for i in df.index[hasil.isna()]:
            a, c = alasan.get(kunci[i], (f"tidak cocok dengan desa mana pun di kabupaten {kab}", ""))
            sebab[i] = (k_desa, kunci[i], df.at[i, k_desa], df.at[i, k_kec] if k_kec else "", a, c or "")
    # codes that do not exist in wilayah are unmatched too, never silent drops
    ada = referensi.kode_desa(con)
    asing = [i for i, v in hasil.items() if pd.notna(v) and v not in ada]
    for i in asing:
        sebab[i] = (k_kode or "kode", str(hasil[i]), "", "", "kode desa belum dimuat (batas desanya belum ada)", "")
    hasil[asing] = None
    tak = pd.DataFrame(
        [(i, *sebab[i]) for i in sorted(sebab)],
        columns=["i", "kolom", "kode_sumber", "nama", "nama_induk", "alasan", "calon"],
    )
    return hasil, tak, metode, catatan


def _kabupaten_cocok(opsi: OpsiIndikator, hasil: pd.Series, k_desa: str, judul: str) -> str:
    """The kabupaten whose desa names are matched: ``--kabupaten``, else that of the rows matched by code."""
    if opsi.kabupaten:
        return kd.titikkan(opsi.kabupaten)
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
    return str(dikenal.iloc[0])[:5]


def _laporan_tak_cocok(tak: pd.DataFrame, tabel: Tabel, berkas: str) -> tuple[list[Masalah], pd.DataFrame]:
    """One problem per unmatched unit (its rows listed), and the units as the ``tak_cocok-*.csv`` table."""
    masalah = []
    unit = []
    for (kolom, kunci), g in tak.groupby(["kolom", "kode_sumber"], sort=False):
        r = g.iloc[0]
        nomor = ", ".join(str(tabel.nomor_baris(int(i))) for i in g["i"])
        nilai = f"{r['nama']} (kec. {r['nama_induk']})" if r["nama_induk"] else (r["nama"] or kunci or "(kosong)")
        perbaikan = (
            (f"calon: {r['calon']}; " if r["calon"] else "")
            + f"isi kolom 'kode' di tak_cocok-{Path(berkas).stem}.csv lalu muat ulang dengan --resolusi, "
            "atau muat hanya baris yang cocok dengan --lewati-tak-cocok"
        )
        masalah.append(
            Masalah(f"baris {nomor}", kolom, nilai, f"desa Kemendagri yang cocok ({r['alasan']})", perbaikan)
        )
        unit.append({k: r[k] for k in ("kode_sumber", "nama", "nama_induk", "alasan", "calon")})
    return masalah, pd.DataFrame(unit, columns=["kode_sumber", "nama", "nama_induk", "alasan", "calon"])


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
        """Match rows to desa, reject duplicates, replace values and record metadata.

        Unmatched or ambiguous units are all named in one :class:`KesalahanTakCocok` (nothing
        written), unless ``opsi.lewati_tak_cocok``: then only the matched rows are written and
        the skipped ones are counted in the report.
        """
        judul, tabel, catatan = m.judul, b.tabel, b.catatan
        n_masuk = len(tabel.data)
        m.kemajuan(0.6, "mencocokkan wilayah")
        kode, tak_baris, metode, cat2 = _lokasi_tabel(con, tabel, opsi, b.baru, judul)
        catatan += cat2
        masalah_tak, tak = _laporan_tak_cocok(tak_baris, tabel, m.nama)
        if masalah_tak and not opsi.lewati_tak_cocok:
            raise KesalahanTakCocok(judul, masalah_tak, tak)
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
        rincian: dict = {
            "desa tercocok": f"{data['kode_wilayah'].nunique()} dari {n_masuk} baris",
            "cara cocok": metode,
            "indikator": sorted(data["indikator"].unique()),
        }
        if len(tak_baris):
            rincian["dilewati (tak cocok)"] = f"{len(tak_baris)} baris, {len(tak)} unit"
            catatan.append(
                f"{len(tak_baris)} baris ({len(tak)} unit) tidak cocok dengan desa mana pun dan dilewati "
                "(--lewati-tak-cocok; lihat daftar)"
            )
        return Hasil(n_masuk, len(data), catatan, rincian, tak)
