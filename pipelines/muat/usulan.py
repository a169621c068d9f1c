"""``load usulan``: import SIPD-shaped usulan (CSV/XLSX) into the working data, and its template.

The columns and the field rules are those of the one usulan record
(:mod:`geo.domain.usulan`): the import checks every row with the capture form's rule.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd
import shapely

from geo.domain import definitions
from geo.domain.akses import pastikan
from geo.domain.usulan import KOLOM_IMPOR, KOLOM_WAJIB, baris_usulan, periksa_usulan
from geo.errors import KesalahanAkses, KesalahanInput, Masalah
from geo.services.usulan import duplikat_usulan
from geo.store import impor
from geo.store import usulan as simpanan_usulan
from pipelines import kode as kd
from pipelines.angka import kosong, parse_angka
from pipelines.baca import Tabel
from pipelines.muat.inti import BacaanTabel, Hasil, KesalahanTakCocok, Muatan, OpsiTabel, PemuatTabel
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


_KOMA_DESIMAL = re.compile(r"\d,\d")

#: How far (metres) an imported location may lie outside every loaded desa of its kabupaten and
#: still take the nearest one (simplified borders and coastlines; a GPS reading at the edge).
#: The rule lives in ``definitions.ATURAN_FORUM["toleransi_lokasi_m"]``.
TOLERANSI_LOKASI_M = definitions.ATURAN_FORUM["toleransi_lokasi_m"]


@dataclass(kw_only=True)
class OpsiUsulan(OpsiTabel):
    """Options of ``load usulan``: the common ones (sheet, who imports) and ``lewati_tak_cocok``.

    ``lewati_tak_cocok``: import the rows whose desa is known and skip (and count) those whose
    ``kode_desa`` is not loaded or whose location lies outside every loaded desa, instead of
    refusing the whole file.
    """

    lewati_tak_cocok: bool = False


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
            g = shapely.from_wkt(r["wkt"])
        except shapely.errors.GEOSException:
            g = None
        if g is not None and not g.is_empty and g.is_valid:
            return g
        masalah.append(
            Masalah(
                no,
                "wkt",
                r["wkt"][:60],
                "WKT yang sah, mis. LINESTRING (109.2 -7.3, 109.21 -7.3)",
                "perbaiki teks geometri",
            )
        )
        return None
    if not (np.isnan(lintang) or np.isnan(bujur)):
        if abs(lintang) > 90 or abs(bujur) > 180:
            masalah.append(
                Masalah(
                    no,
                    "lintang/bujur",
                    f"{lintang}, {bujur}",
                    "lintang −90…90 dan bujur −180…180 (derajat desimal)",
                    "periksa koordinat (lintang/bujur tertukar?)",
                )
            )
            return None
        return shapely.Point(bujur, lintang)
    masalah.append(Masalah(no, "lintang/bujur", "(kosong)", "lokasi titik atau wkt", "isi lintang dan bujur"))
    return None


def _koordinat(df: pd.DataFrame, kolom: str, tabel: Tabel, masalah: list[Masalah]) -> pd.Series:
    """Parse a degree column: a dot is a decimal point unless the column uses decimal commas.

    The table convention would read a column of ``-7.005`` cells as thousands (``-7005``);
    degrees never reach a thousand, so only a decimal comma (``-7,005``) means Indonesian style.
    """
    konv = "indonesia" if any(_KOMA_DESIMAL.search(str(v)) for v in df[kolom]) else "titik_desimal"
    out = []
    for i, v in df[kolom].items():
        try:
            out.append(parse_angka(v, konv))
        except ValueError as e:
            masalah.append(Masalah(f"baris {tabel.nomor_baris(int(i))}", kolom, v, "derajat desimal", str(e)))
            out.append(None)
    return pd.Series(out, index=df.index, dtype=float)


def _teks_lokasi(geom: shapely.Geometry) -> str:
    """A geometry as people read it: ``lintang, bujur`` of a point, else the start of its WKT."""
    if geom.geom_type == "Point":
        return f"{geom.y:.6f}, {geom.x:.6f}"
    return geom.wkt[:60]


@dataclass
class _Lokasi:
    """The desa of each row, from its ``kode_desa`` or derived from its location."""

    kode_desa: dict  # row index -> dotted code ("" when unknown)
    tak: dict  # row index -> (problem, unit record) of rows whose desa cannot be determined
    catatan: list[str]
    diturunkan: int


def _lokasi_baris(
    con: duckdb.DuckDBPyConnection, df: pd.DataFrame, nomor: dict, geoms: dict, desa: pd.DataFrame
) -> _Lokasi:
    """Find the desa of every row the way the capture form does (:func:`geo.store.usulan.lokasi_usulan`).

    A row without ``kode_desa`` takes the desa of its location; a row whose location is in
    another desa than the one it names is flagged; a row whose ``kode_desa`` is not loaded,
    or whose location lies more than :data:`TOLERANSI_LOKASI_M` outside every loaded desa of
    its kabupaten, is unmatched.
    """
    kode = {i: (kd.titikkan(df.at[i, "kode_desa"]) if not kosong(df.at[i, "kode_desa"]) else "") for i in nomor}
    urut = [i for i in nomor if geoms.get(i) is not None]
    kab = [kode[i][:5] if kode[i] in desa.index else None for i in urut]
    hasil = dict(
        zip(
            urut,
            simpanan_usulan.lokasi_usulan_banyak(con, [geoms[i] for i in urut], kab, TOLERANSI_LOKASI_M),
            strict=True,
        )
    )
    tak, catatan, diturunkan = {}, [], 0
    for i, no in nomor.items():
        lok, k, g = hasil.get(i), kode[i], geoms.get(i)
        sumber = df.at[i, "kode_sumber"].strip() or no
        if k and k not in desa.index:
            calon = f"{lok.nama_desa} ({lok.kode_desa}) di titik lokasinya" if lok else ""
            alasan = "kode desa belum dimuat"
            tak[i] = (
                Masalah(
                    no,
                    "kode_desa",
                    df.at[i, "kode_desa"],
                    "kode desa Kemendagri yang sudah dimuat",
                    (f"calon: {calon}; " if calon else "")
                    + "periksa kode (mis. 33.01.01.2001), kosongkan agar desa diturunkan dari koordinat, "
                    "atau impor hanya baris yang cocok dengan --lewati-tak-cocok",
                ),
                {"kode_sumber": sumber, "nama": f"{no}, kode_desa {k}", "alasan": alasan, "calon": calon},
            )
        elif g is not None and lok is None:
            wilayah = f"kabupaten {k[:5]}" if k else "kabupaten yang dimuat"
            alasan = f"lokasi lebih dari {TOLERANSI_LOKASI_M:.0f} m di luar semua desa {wilayah}"
            tak[i] = (
                Masalah(
                    no,
                    "lintang/bujur",
                    _teks_lokasi(g),
                    f"lokasi di dalam desa {wilayah} (toleransi {TOLERANSI_LOKASI_M:.0f} m)",
                    "periksa koordinat (lintang negatif di selatan khatulistiwa; lintang/bujur tertukar?), "
                    "atau impor hanya baris yang cocok dengan --lewati-tak-cocok",
                ),
                {"kode_sumber": sumber, "nama": f"{no}, {_teks_lokasi(g)}", "alasan": alasan, "calon": ""},
            )
        elif lok is not None:
            if not k:
                kode[i] = lok.kode_desa
                diturunkan += 1
            elif lok.kode_desa != k:
                catatan.append(
                    f"{no}: lokasi berada di {lok.nama_desa} ({lok.kode_desa}), bukan di desa {k} yang disebut "
                    "baris ini. Periksa koordinat atau kode_desa."
                )
            if lok.jarak_m > 0:
                catatan.append(
                    f"{no}: lokasi {lok.jarak_m:.0f} m di luar batas desa {lok.nama_desa} ({lok.kode_desa}); "
                    "dianggap di desa itu"
                )
    return _Lokasi(kode, tak, catatan, diturunkan)


def _kode_sumber_ganda(df: pd.DataFrame, nomor: dict) -> list[Masalah]:
    """Rows of the file sharing one ``kode_sumber`` (an SIPD id names one usulan)."""
    kode = df["kode_sumber"].str.strip()
    ganda = kode[(kode != "") & kode.duplicated(keep=False)]
    return [
        Masalah(
            "baris " + ", ".join(nomor[i].removeprefix("baris ") for i in g.index),
            "kode_sumber",
            k,
            "satu baris per kode_sumber",
            "hapus baris ganda, atau beri kode_sumber yang berbeda",
        )
        for k, g in ganda.groupby(ganda, sort=False)
    ]


def _urut_baris(m: Masalah) -> int:
    """Sort key of a problem: its (first) row number, 0 for the whole file."""
    angka = m.lokasi.removeprefix("baris ").split(",")[0].strip()
    return int(angka) if angka.isdigit() else 0


class PemuatUsulan(PemuatTabel[OpsiUsulan]):
    """SIPD-shaped usulan (see :func:`templat_usulan`) imported into the working data.

    Every row is checked — required fields, positive volume, known kamus item and desa,
    location inside its kabupaten (point from ``lintang``/``bujur`` or a WKT line/polygon)
    — and the file is imported all or nothing. A row with an empty ``kode_desa`` takes the
    desa and kecamatan of its location, as on the capture form; a location in another desa
    than the row names is flagged. Rows whose desa cannot be determined are all named and
    the file refused, or skipped with ``lewati_tak_cocok``. Cost defaults to volume × kamus
    unit cost; a different ``biaya`` needs ``alasan_biaya``. Rows whose ``kode_sumber`` is
    already present are skipped, so importing the same file twice adds nothing.
    """

    jenis = "usulan"
    deskripsi = "usulan berformat SIPD (CSV/XLSX)"
    Opsi = OpsiUsulan
    data = "kerja"

    def periksa(self, m: Muatan, opsi: OpsiUsulan, b: BacaanTabel) -> _Usulan:
        """Required columns, and the numbers of every row (problems kept for the full report)."""
        tabel = b.tabel
        # kode_desa may be left out: the desa then comes from the location
        lower = kolom_wajib(tabel, tuple(k for k in KOLOM_WAJIB if k != "kode_desa"), m.judul)
        df = tabel.data.rename(columns={v: k for k, v in lower.items()})
        for k in KOLOM_IMPOR:
            if k not in df:
                df[k] = ""
        masalah: list[Masalah] = []
        angka = {
            "volume": angka_baris(df, "volume", tabel, masalah, positif=True),
            "biaya": angka_baris(df, "biaya", tabel, masalah, wajib=False, positif=True),
            "lintang": _koordinat(df, "lintang", tabel, masalah),
            "bujur": _koordinat(df, "bujur", tabel, masalah),
        }
        return _Usulan(tabel, df, list(b.catatan), masalah, angka)

    def tulis(self, m: Muatan, opsi: OpsiUsulan, b: _Usulan, con: duckdb.DuckDBPyConnection) -> Hasil:
        """Check every row against the kamus, the desa and earlier imports; insert the new ones."""
        df, tabel, catatan, masalah = b.df, b.tabel, b.catatan, b.masalah
        volume, biaya, lintang, bujur = (b.angka[k] for k in ("volume", "biaya", "lintang", "bujur"))
        kamus = impor.kamus_impor(con)
        kamus_dict = kamus.to_dict("index")
        desa = impor.desa_impor(con)
        ada = simpanan_usulan.kode_sumber_ada(con)
        nomor = {i: f"baris {tabel.nomor_baris(int(i))}" for i in df.index}
        masalah += _kode_sumber_ganda(df, nomor)
        baru = {
            i: no
            for i, no in nomor.items()
            if kosong(df.at[i, "kode_sumber"]) or df.at[i, "kode_sumber"].strip() not in ada
        }
        geoms = {i: _geometri(df.loc[i], lintang[i], bujur[i], no, masalah) for i, no in baru.items()}
        m.kemajuan(0.6, "mencari desa dari lokasi")
        lokasi = _lokasi_baris(con, df, baru, geoms, desa)
        catatan += lokasi.catatan
        rows, baris_asal = [], []
        for i, no in baru.items():
            r = df.loc[i]
            if kosong(r["tahun"]):
                masalah.append(Masalah(no, "tahun", "(kosong)", "tahun anggaran", "isi kolom tahun"))
            kd_desa = lokasi.kode_desa[i]
            item = r["kode_kamus"].strip()
            harga = float(kamus.at[item, "harga_satuan"]) if item in kamus.index else np.nan
            # an empty cost is volume × unit cost (a bad volume is reported on its own, not as a bad cost)
            biaya_i = (volume[i] * harga if volume[i] > 0 else np.nan) if np.isnan(biaya[i]) else biaya[i]
            # the same field rules as the capture form; a field already named is not repeated, and an
            # unmatched row's desa is named once, by its location problem
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
            if i in lokasi.tak or geoms[i] is None:
                sudah.add((no, "kode_desa"))
            masalah += [x for x in masalah_baris if (x.lokasi, x.kolom) not in sudah]
            catatan += tanda
            if opsi.pelaku is not None and kd_desa in desa.index and item in kamus.index:
                tahap = "desa" if kosong(r.get("tahap_asal")) else (str(r["tahap_asal"]).strip() or "desa")
                try:
                    pastikan(opsi.pelaku, "usulan.tulis", kode_desa=kd_desa, tahap=tahap, opd=kamus_dict[item]["opd"])
                except KesalahanAkses:
                    masalah.append(
                        Masalah(
                            no,
                            "kode_desa",
                            kd_desa,
                            "desa/tahap di wilayah akun Anda",
                            "impor hanya usulan wilayah Anda",
                        )
                    )
                    continue
            if item in kamus.index and not np.isnan(volume[i]) and geoms[i] is not None and kd_desa in desa.index:
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
                        "geom": geoms[i],
                    }
                )
        tak = pd.DataFrame(
            [{**u, "nama_induk": ""} for _, u in lokasi.tak.values()],
            columns=["kode_sumber", "nama", "nama_induk", "alasan", "calon"],
        )
        masalah_tak = [x for x, _ in lokasi.tak.values()]
        if masalah or (masalah_tak and not opsi.lewati_tak_cocok):
            semua = sorted(masalah + ([] if opsi.lewati_tak_cocok else masalah_tak), key=_urut_baris)
            if masalah_tak and not opsi.lewati_tak_cocok:
                raise KesalahanTakCocok(m.judul, semua, tak)
            raise KesalahanInput(m.judul, semua)
        if rows:
            rows_df = pd.DataFrame(rows)
            catatan += _catatan_duplikat(con, rows_df, baris_asal)
            simpanan_usulan.sisipkan_usulan(con, rows_df, "impor", [f"impor {m.nama}"] * len(rows_df))
        rincian: dict = {}
        if lokasi.diturunkan:
            rincian["desa dari koordinat"] = f"{lokasi.diturunkan} baris tanpa kode_desa"
        if len(tak):
            rincian["dilewati (tak cocok)"] = f"{len(tak)} baris"
            catatan.append(
                f"{len(tak)} baris dilewati: desanya tidak dapat ditentukan (--lewati-tak-cocok; lihat daftar)"
            )
        if len(nomor) > len(baru):
            catatan.append(f"{len(nomor) - len(baru)} baris dilewati: kode_sumber sudah ada (impor sebelumnya)")
        return Hasil(len(df), len(rows), catatan, rincian, tak if len(tak) else None)
