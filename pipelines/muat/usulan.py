"""``load usulan``: import SIPD-shaped usulan (CSV/XLSX) into the working data, and its template.

The columns and the field rules are those of the one usulan record
(:mod:`geo.domain.usulan`): the import checks every row with the capture form's rule.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd
import shapely

from geo.domain import definitions
from geo.domain.usulan import KOLOM_IMPOR, KOLOM_WAJIB, baris_usulan, periksa_usulan
from geo.errors import KesalahanInput, Masalah
from geo.services.usulan import duplikat_usulan
from geo.store import impor
from geo.store import usulan as simpanan_usulan
from pipelines import kode as kd
from pipelines.angka import kosong
from pipelines.baca import Tabel
from pipelines.muat.inti import BacaanTabel, Hasil, Muatan, OpsiTabel, PemuatTabel
from pipelines.muat.kolom import angka_baris, kolom_wajib


def templat_usulan() -> pd.DataFrame:
    """Return an empty usulan import template with one example row."""
    return pd.DataFrame(
        [
            {
                "kode_sumber": "SIPD-2027-0001",
                "tahun": 2027,
                "pengusul": "RW 03 Sukamaju",
                "tingkat_pengusul": "RT/RW",
                "kode_desa": "99.01.02.2001",
                "alamat": "Dusun Krajan",
                "kode_kamus": "K-JLN-01",
                "masalah": "Jalan rusak saat hujan",
                "uraian": "Rabat beton jalan lingkungan",
                "volume": 250,
                "biaya": "",
                "alasan_biaya": "",
                "sumber_dana": "APBD Kabupaten",
                "penerima_laki": 120,
                "penerima_perempuan": 130,
                "penerima_rentan": 20,
                "status_lahan": "tanah_desa",
                "sertifikat": "ya",
                "gambar_teknis": "tidak",
                "rab": "ya",
                "lintang": -7.35,
                "bujur": 109.25,
                "wkt": "",
            }
        ],
        columns=list(KOLOM_IMPOR),
    )


def templat_usulan_xlsx() -> bytes:
    """The usulan import template as an XLSX file."""
    buf = io.BytesIO()
    templat_usulan().to_excel(buf, index=False)
    return buf.getvalue()


def _bool(v) -> bool:
    return str(v).strip().lower() in ("ya", "y", "1", "true", "benar", "ada")


def _catatan_duplikat(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame, baris_asal: list[str]) -> list[str]:
    """Warn about imported rows that look like an existing usulan (same year or recently funded).

    They are imported anyway, since a file cannot ask, but named so the operator can check.
    """
    catatan = []
    for tahun, grup in rows.assign(_no=baris_asal, id=range(-1, -len(rows) - 1, -1)).groupby("tahun"):
        dup = duplikat_usulan(con, grup.rename(columns={"geom": "geometry"}), int(tahun))
        no = dict(zip(grup["id"], grup["_no"], strict=True))
        for _, d in dup.iterrows():
            catatan.append(
                f"{no[d['id_baru']]} mirip usulan #{d['id_lama']} ({d['uraian']}, {d['desa']}, {d['tahun']}; "
                f"{d['jarak_m']:.0f} m): periksa apakah duplikat"
            )
    return catatan


@dataclass(kw_only=True)
class OpsiUsulan(OpsiTabel):
    """Options of ``load usulan``: only the common ones (sheet, who imports)."""


@dataclass
class _Usulan:
    """The table with its numbers parsed; problems found so far (reported with the rest)."""

    tabel: Tabel
    df: pd.DataFrame
    catatan: list[str]
    masalah: list[Masalah]
    angka: dict[str, pd.Series]


def _geometri(r: pd.Series, lintang: float, bujur: float, no: str, masalah: list[Masalah]):
    """The row's location: its WKT, else the point lintang/bujur (None with a problem when neither)."""
    if not kosong(r["wkt"]):
        try:
            return shapely.from_wkt(r["wkt"])
        except shapely.errors.GEOSException:
            masalah.append(
                Masalah(
                    no,
                    "wkt",
                    r["wkt"][:60],
                    "WKT, mis. LINESTRING (109.2 -7.3, 109.21 -7.3)",
                    "perbaiki teks geometri",
                )
            )
            return None
    if not (np.isnan(lintang) or np.isnan(bujur)):
        return shapely.Point(bujur, lintang)
    masalah.append(Masalah(no, "lintang/bujur", "(kosong)", "lokasi titik atau wkt", "isi lintang dan bujur"))
    return None


class PemuatUsulan(PemuatTabel[OpsiUsulan]):
    """SIPD-shaped usulan (see :func:`templat_usulan`) imported into the working data.

    Every row is checked — required fields, positive volume, known kamus item and desa,
    location inside its kabupaten (point from ``lintang``/``bujur`` or a WKT line/polygon)
    — and the file is imported all or nothing. Cost defaults to volume × kamus unit cost;
    a different ``biaya`` needs ``alasan_biaya``. Rows whose ``kode_sumber`` is already
    present are skipped, so importing the same file twice adds nothing.
    """

    jenis = "usulan"
    deskripsi = "usulan berformat SIPD (CSV/XLSX)"
    Opsi = OpsiUsulan
    data = "kerja"

    def periksa(self, m: Muatan, opsi: OpsiUsulan, b: BacaanTabel) -> _Usulan:
        """Required columns, and the numbers of every row (problems kept for the full report)."""
        tabel = b.tabel
        lower = kolom_wajib(tabel, KOLOM_WAJIB, m.judul)
        df = tabel.data.rename(columns={v: k for k, v in lower.items()})
        for k in KOLOM_IMPOR:
            if k not in df:
                df[k] = ""
        masalah: list[Masalah] = []
        angka = {
            "volume": angka_baris(df, "volume", tabel, masalah, positif=True),
            "biaya": angka_baris(df, "biaya", tabel, masalah, wajib=False, positif=True),
            "lintang": angka_baris(df, "lintang", tabel, masalah, wajib=False),
            "bujur": angka_baris(df, "bujur", tabel, masalah, wajib=False),
        }
        return _Usulan(tabel, df, list(b.catatan), masalah, angka)

    def tulis(self, m: Muatan, opsi: OpsiUsulan, b: _Usulan, con: duckdb.DuckDBPyConnection) -> Hasil:
        """Check every row against the kamus, the desa and earlier imports; insert the new ones."""
        df, tabel, catatan, masalah = b.df, b.tabel, b.catatan, b.masalah
        volume, biaya, lintang, bujur = (b.angka[k] for k in ("volume", "biaya", "lintang", "bujur"))
        kamus = impor.kamus_impor(con)
        kamus_dict = kamus.to_dict("index")
        desa = impor.desa_impor(con)
        kab_geom = impor.geometri_kabupaten(con)
        ada = simpanan_usulan.kode_sumber_ada(con)
        rows, lewati, baris_asal = [], 0, []
        for i, r in df.iterrows():
            no = f"baris {tabel.nomor_baris(int(i))}"
            if kosong(r["tahun"]):
                masalah.append(Masalah(no, "tahun", "(kosong)", "tahun anggaran", "isi kolom tahun"))
            if not kosong(r["kode_sumber"]) and r["kode_sumber"].strip() in ada:
                lewati += 1
                continue
            kd_desa = kd.titikkan(r["kode_desa"]) if not kosong(r["kode_desa"]) else ""
            if kd_desa and kd_desa not in desa.index:
                masalah.append(
                    Masalah(
                        no,
                        "kode_desa",
                        r["kode_desa"],
                        "kode desa Kemendagri yang sudah dimuat",
                        "periksa kode (mis. 33.01.01.2001)",
                    )
                )
            item = r["kode_kamus"].strip()
            harga = float(kamus.at[item, "harga_satuan"]) if item in kamus.index else np.nan
            # an empty cost is volume × unit cost (a bad volume is reported on its own, not as a bad cost)
            biaya_i = (volume[i] * harga if volume[i] > 0 else np.nan) if np.isnan(biaya[i]) else biaya[i]
            # the same field rules as the capture form; a field the number parser already named is not repeated
            masalah_baris, tanda = periksa_usulan(
                {
                    **{k: r[k].strip() for k in ("pengusul", "masalah", "uraian", "sumber_dana", "status_lahan")},
                    "kode_desa": kd_desa,
                    "kode_kamus": item,
                    "volume": volume[i],
                    "biaya": None if np.isnan(biaya_i) else biaya_i,
                    "alasan_biaya": r["alasan_biaya"].strip(),
                },
                kamus_dict,
                definitions.ATURAN_FORUM["ambang_deviasi_biaya"],
                no,
            )
            sudah = {(x.lokasi, x.kolom) for x in masalah}
            masalah += [x for x in masalah_baris if (x.lokasi, x.kolom) not in sudah]
            catatan += tanda
            geom = _geometri(r, lintang[i], bujur[i], no, masalah)
            if geom is not None and kd_desa in desa.index:
                kk = kd_desa[:5]
                if kk in kab_geom and not kab_geom[kk].intersects(geom):
                    masalah.append(
                        Masalah(
                            no,
                            "lintang/bujur",
                            f"{geom.wkt[:60]}",
                            f"lokasi di dalam kabupaten {kk}",
                            "periksa koordinat (lintang negatif di selatan khatulistiwa; lintang/bujur tertukar?)",
                        )
                    )
            if item in kamus.index and not np.isnan(volume[i]) and geom is not None and kd_desa in desa.index:
                baris_asal.append(no)
                rows.append(
                    {
                        **baris_usulan(
                            {
                                **r.to_dict(),
                                "kode_desa": kd_desa,
                                "kode_kamus": item,
                                "volume": volume[i],
                                "biaya": biaya_i,
                                "sertifikat": _bool(r["sertifikat"]),
                                "gambar_teknis": _bool(r["gambar_teknis"]),
                                "rab": _bool(r["rab"]),
                            },
                            kamus_dict[item],
                            desa.at[kd_desa, "kode_induk"],
                            opsi.oleh,
                        ),
                        "geom": geom,
                    }
                )
        if masalah:
            raise KesalahanInput(m.judul, masalah)
        if rows:
            rows_df = pd.DataFrame(rows)
            catatan += _catatan_duplikat(con, rows_df, baris_asal)
            simpanan_usulan.sisipkan_usulan(con, rows_df, "impor", [f"impor {m.nama}"] * len(rows_df))
        if lewati:
            catatan.append(f"{lewati} baris dilewati: kode_sumber sudah ada (impor sebelumnya)")
        return Hasil(len(df), len(rows), catatan)
