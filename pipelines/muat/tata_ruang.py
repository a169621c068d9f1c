"""``load pola-ruang``, ``zonasi``, ``overlay``, ``lahan``: spatial-planning polygons.

Each file's rows replace the rows an earlier load of the same file (column ``sumber``)
wrote, so reloading a corrected file never duplicates anything.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd
import shapely

from geo.domain import definitions
from geo.domain.lahan import kawasan_dari_namobj, kelas_tak_dikenal, status_lahan_dari_teks
from geo.errors import KesalahanInput, Masalah
from geo.store import referensi
from pipelines.angka import kosong
from pipelines.higiene import LaporanGeometri
from pipelines.muat.inti import BacaanVektor, Hasil, Muatan, OpsiVektor, PemuatVektor
from pipelines.muat.kolom import cari_kolom

#: RTRW attribute -> overlay kind (ATR/BPN pola ruang schema).
ATRIBUT_OVERLAY = (
    ("KP2B_2", "lp2b"),
    ("KRB_03", "rawan_bencana"),
    ("KKOP_1", "kkop"),
    ("CAGBUD", "cagar_budaya"),
)


@dataclass
class _Baris:
    """Checked rows of one vector source, ready to replace that source's rows."""

    rows: pd.DataFrame
    n_masuk: int
    lap: LaporanGeometri
    rincian: dict


def _kolom(gdf) -> list[str]:
    return [c for c in gdf.columns if c != "geometry"]


def _ganti(m: Muatan, tabel: str, b: _Baris, con: duckdb.DuckDBPyConnection) -> Hasil:
    """Replace the rows of this file in ``tabel``."""
    keluar = referensi.ganti_per_sumber(con, tabel, m.nama, b.rows)
    return Hasil(b.n_masuk, keluar, b.lap.peringatan, {**b.rincian, "geometri diperbaiki": b.lap.diperbaiki})


def _daftar_teks(hitung: pd.Series, batas: int = 10) -> str:
    """``'A' (3 fitur), 'B' (1 fitur)`` for the first ``batas`` entries, then how many more."""
    teks = ", ".join(f"'{k}' ({n} fitur)" for k, n in hitung.head(batas).items())
    return teks + (f", dan {len(hitung) - batas} lainnya" if len(hitung) > batas else "")


def kelas_tak_dikenal_laporan(ov: pd.DataFrame) -> list[str]:
    """Warnings for overlay classes whose text names no known class word (the overlay's default verdict applies)."""
    pesan = []
    for jenis, kata in definitions.KELAS_OVERLAY_DIKENAL.items():
        kelas = ov.loc[(ov["jenis"] == jenis) & ov["kelas"].notna(), "kelas"].astype(str)
        asing = kelas[[kelas_tak_dikenal(kata, k) for k in kelas]]
        if len(asing):
            pesan.append(
                f"kelas {jenis} tidak dikenal: {_daftar_teks(asing.value_counts())} — dipakai verdik baku overlay ini; "
                f"kata kelas yang dikenal: {', '.join(kata)} (definitions.KELAS_OVERLAY_DIKENAL)"
            )
    return pesan


def pola_ruang_tak_baku(namobj: pd.Series) -> list[str]:
    """Warning for pola ruang names outside the standard classes, saying how each was classed."""
    baku = {k.namobj.lower() for k in definitions.POLA_RUANG}
    asing = namobj[~namobj.str.lower().isin(baku)]
    if not len(asing):
        return []
    hitung = asing.value_counts()
    lindung = [k for k in hitung.index if kawasan_dari_namobj(k) == "lindung"]
    return [
        f"{len(hitung)} kelas pola ruang di luar daftar baku: {_daftar_teks(hitung)} — digolongkan dari kata kuncinya "
        f"({len(lindung)} sebagai lindung, sisanya budi daya); periksa golongan ini di halaman Kesesuaian Ruang"
    ]


def _ada_isi(v) -> bool:
    return not kosong(v) and str(v).strip().lower() not in ("tidak ada", "tidak", "0", "-")


def _json_atribut(r: pd.Series, buang: set[str]) -> str:
    isi = {}
    for k, v in r.items():
        if k in buang or k == "geometry":
            continue
        if isinstance(v, (np.integer, np.floating)):
            v = v.item()
        if isinstance(v, float) and v != v:
            v = None
        isi[k] = v if isinstance(v, (int, float, str, bool)) or v is None else str(v)
    return json.dumps(isi, ensure_ascii=False, sort_keys=True)


# --------------------------------------------------------------------------- pola ruang
@dataclass(kw_only=True)
class OpsiPolaRuang(OpsiVektor):
    """Options of ``load pola-ruang``: the class-name column (default ``NAMOBJ``) and code column (``KODKWS``)."""

    kolom_nama: str | None = None
    kolom_kode: str | None = None


@dataclass
class _PolaRuang:
    rows: pd.DataFrame
    overlay: pd.DataFrame
    n_masuk: int
    lap: LaporanGeometri


class PemuatPolaRuang(PemuatVektor[OpsiPolaRuang]):
    """RTRW pola ruang polygons (ATR/BPN attributes NAMOBJ, KODKWS, ...).

    The class name is read from ``NAMOBJ`` (or ``--kolom-nama``); kawasan lindung / budi
    daya is decided from it (:func:`geo.domain.lahan.kawasan_dari_namobj`). Every other
    attribute is kept as JSON. Special-overlay attributes of the standard schema
    (:data:`ATRIBUT_OVERLAY`) also become rows of ``overlay`` with their value as class.
    """

    jenis = "pola-ruang"
    deskripsi = "pola ruang RTRW (NAMOBJ, KODKWS, KRB/KKOP/LP2B)"
    Opsi = OpsiPolaRuang

    def periksa(self, m: Muatan, opsi: OpsiPolaRuang, b: BacaanVektor) -> _PolaRuang:
        """Every feature needs a class name and a polygon."""
        gdf, judul = b.gdf, m.judul
        kolom = _kolom(gdf)
        k_nama = cari_kolom(
            kolom,
            opsi.kolom_nama,
            ("NAMOBJ", "namobj", "pola_ruang", "pola", "keterangan", "kawasan"),
            judul,
            "nama kelas pola ruang",
        )
        k_kode = cari_kolom(
            kolom, opsi.kolom_kode, ("KODKWS", "kodkws", "kode", "kode_kawasan"), judul, "kode", wajib=False
        )
        nama = gdf[k_nama].astype(str).str.strip()
        masalah = [
            Masalah(
                f"fitur {i + 1}",
                k_nama,
                "(kosong)",
                "nama kelas pola ruang, mis. Kawasan Permukiman",
                "isi NAMOBJ fitur ini",
            )
            for i in np.flatnonzero(gdf[k_nama].map(kosong).values)
        ]
        poligon = shapely.get_type_id(gdf.geometry.values) >= 3
        masalah += [
            Masalah(
                f"fitur {i + 1}",
                "geometry",
                gdf.geometry.iloc[i].geom_type,
                "poligon",
                "pola ruang harus berupa poligon",
            )
            for i in np.flatnonzero(~poligon)
        ]
        if masalah:
            raise KesalahanInput(judul, masalah)
        rows = pd.DataFrame(
            {
                "namobj": nama,
                "kodkws": gdf[k_kode].astype(str) if k_kode else nama.str.upper(),
                "kawasan": nama.map(kawasan_dari_namobj),
                "atribut": [_json_atribut(r, {k_nama}) for _, r in gdf.iterrows()],
                "geom": gdf.geometry.values,
            }
        )
        ov = []
        kol_upper = {c.upper(): c for c in kolom}
        for atr, jenis in ATRIBUT_OVERLAY:
            if atr in kol_upper:
                c = kol_upper[atr]
                for i in np.flatnonzero(gdf[c].map(_ada_isi).values):
                    ov.append(
                        {
                            "jenis": jenis,
                            "kelas": str(gdf[c].iloc[i]).strip(),
                            "nama": f"{atr} dari {m.nama}",
                            "geom": gdf.geometry.iloc[i],
                        }
                    )
        ov_df = pd.DataFrame(ov, columns=["jenis", "kelas", "nama", "geom"])
        b.lap.peringatan += pola_ruang_tak_baku(nama) + kelas_tak_dikenal_laporan(ov_df)
        return _PolaRuang(rows, ov_df, b.n_masuk, b.lap)

    def tulis(self, m: Muatan, opsi: OpsiPolaRuang, b: _PolaRuang, con: duckdb.DuckDBPyConnection) -> Hasil:
        """Replace this file's pola ruang rows and the overlay rows taken from its attributes."""
        keluar = referensi.ganti_per_sumber(con, "pola_ruang", m.nama, b.rows)
        n_ov = referensi.ganti_per_sumber(con, "overlay", f"{m.nama} (atribut)", b.overlay)
        return Hasil(
            b.n_masuk,
            keluar,
            b.lap.peringatan,
            {
                "kelas": b.rows["namobj"].value_counts().to_dict(),
                "geometri diperbaiki": b.lap.diperbaiki,
                "overlay dari atribut": b.overlay["jenis"].value_counts().to_dict(),
                "baris overlay": n_ov,
            },
        )


# --------------------------------------------------------------------------- zonasi
@dataclass(kw_only=True)
class OpsiZonasi(OpsiVektor):
    """Options of ``load zonasi``: zone-code and zone-name columns, and the ITBX matrix the zones use."""

    kolom_zona: str | None = None
    kolom_nama: str | None = None
    matriks: str | None = None


class PemuatZonasi(PemuatVektor[OpsiZonasi]):
    """RDTR zone polygons; the zone code column (``--kolom-zona``) is required.

    Without ``--matriks`` the zones use the one ITBX matrix loaded, if there is exactly one.
    """

    jenis = "zonasi"
    deskripsi = "zona RDTR"
    Opsi = OpsiZonasi

    def periksa(self, m: Muatan, opsi: OpsiZonasi, b: BacaanVektor) -> _Baris:
        """Every feature needs a zone code."""
        gdf, judul = b.gdf, m.judul
        kolom = _kolom(gdf)
        k_zona = cari_kolom(
            kolom,
            opsi.kolom_zona,
            ("kode_zona", "KODZON", "kdzona", "zona", "SUBZONA", "kode_subzona", "kode"),
            judul,
            "kode zona",
        )
        k_nama = cari_kolom(
            kolom,
            opsi.kolom_nama,
            ("nama_zona", "NAMZON", "NAMOBJ", "nama", "keterangan"),
            judul,
            "nama zona",
            wajib=False,
        )
        masalah = [
            Masalah(f"fitur {i + 1}", k_zona, "(kosong)", "kode zona, mis. R-2 atau K-1", "isi kode zona")
            for i in np.flatnonzero(gdf[k_zona].map(kosong).values)
        ]
        if masalah:
            raise KesalahanInput(judul, masalah)
        kode = gdf[k_zona].astype(str).str.strip().str.upper()
        rows = pd.DataFrame(
            {
                "kode_zona": kode,
                "nama_zona": gdf[k_nama].astype(str) if k_nama else kode.map(lambda z: definitions.ZONA_RDTR.get(z, z)),
                "matriks": opsi.matriks,
                "geom": gdf.geometry.values,
            }
        )
        return _Baris(rows, b.n_masuk, b.lap, {"zona": kode.value_counts().to_dict()})

    def tulis(self, m: Muatan, opsi: OpsiZonasi, b: _Baris, con: duckdb.DuckDBPyConnection) -> Hasil:
        """Link the zones to a matrix, then replace this file's zones."""
        if opsi.matriks is None:  # the one matrix loaded, if there is exactly one
            ada = referensi.daftar_matriks(con)
            b.rows["matriks"] = ada[0] if len(ada) == 1 else None
            if len(ada) != 1:
                b.lap.peringatan.append(
                    f"zona belum terhubung ke matriks ITBX ({len(ada)} matriks dimuat): muat ulang dengan --matriks; "
                    "sampai itu, pemeriksaan kesesuaian memberi 'perlu kajian'"
                )
        matriks = b.rows["matriks"].iloc[0] if len(b.rows) else None
        hasil = _ganti(m, "zonasi", b, con)
        hasil.rincian = {
            "zona": b.rincian["zona"],
            "matriks ITBX": matriks or "—",
            "geometri diperbaiki": b.lap.diperbaiki,
        }
        return hasil


# --------------------------------------------------------------------------- overlay
@dataclass(kw_only=True)
class OpsiOverlay(OpsiVektor):
    """Options of ``load overlay``: the kind, and the class and name columns.

    ``jenis_overlay`` is a key of :data:`geo.domain.definitions.JENIS_OVERLAY`.
    """

    jenis_overlay: str | None = None
    kolom_kelas: str | None = None
    kolom_nama: str | None = None


class PemuatOverlay(PemuatVektor[OpsiOverlay]):
    """A special overlay (``--jenis-overlay``: lp2b, rawan_bencana, kkop, sempadan, kawasan_hutan, ...).

    Lines (rivers, coast) are accepted for ``sempadan``; they are stored as drawn, and the
    conformity check buffers them.
    """

    jenis = "overlay"
    deskripsi = "overlay khusus: LP2B, rawan bencana, KKOP, sempadan, kawasan hutan…"
    Opsi = OpsiOverlay

    def baca(self, m: Muatan, opsi: OpsiOverlay) -> BacaanVektor:
        """Check the kind first (no point reading a file of an unknown kind), then read."""
        if opsi.jenis_overlay not in definitions.JENIS_OVERLAY:
            raise KesalahanInput(
                m.judul,
                [
                    Masalah(
                        "opsi --jenis-overlay",
                        "jenis",
                        str(opsi.jenis_overlay),
                        f"salah satu dari {', '.join(definitions.JENIS_OVERLAY)}",
                        "sebut jenis overlay",
                    )
                ],
            )
        return super().baca(m, opsi)

    def periksa(self, m: Muatan, opsi: OpsiOverlay, b: BacaanVektor) -> _Baris:
        """Find the optional class and name columns."""
        gdf, judul = b.gdf, m.judul
        kolom = _kolom(gdf)
        k_kelas = cari_kolom(
            kolom, opsi.kolom_kelas, ("kelas", "tingkat", "kategori", "class"), judul, "kelas", wajib=False
        )
        k_nama = cari_kolom(
            kolom, opsi.kolom_nama, ("nama", "NAMOBJ", "keterangan", "Q_Name19", "WIADKC"), judul, "nama", wajib=False
        )
        rows = pd.DataFrame(
            {
                "jenis": opsi.jenis_overlay,
                "kelas": gdf[k_kelas].astype(str) if k_kelas else None,
                "nama": gdf[k_nama].astype(str) if k_nama else None,
                "geom": gdf.geometry.values,
            }
        )
        b.lap.peringatan += kelas_tak_dikenal_laporan(rows)
        return _Baris(rows, b.n_masuk, b.lap, {"jenis": opsi.jenis_overlay})

    def tulis(self, m: Muatan, opsi: OpsiOverlay, b: _Baris, con: duckdb.DuckDBPyConnection) -> Hasil:
        """Replace this file's overlay rows."""
        return _ganti(m, "overlay", b, con)


# --------------------------------------------------------------------------- lahan
@dataclass(kw_only=True)
class OpsiLahan(OpsiVektor):
    """Options of ``load lahan``: the land-status column (default detected: status, hak, ...)."""

    kolom_status: str | None = None


class PemuatLahan(PemuatVektor[OpsiLahan]):
    """Land parcels with a status column (free text mapped to the status codes)."""

    jenis = "lahan"
    deskripsi = "bidang tanah dengan status"
    Opsi = OpsiLahan

    def periksa(self, m: Muatan, opsi: OpsiLahan, b: BacaanVektor) -> _Baris:
        """Every parcel's status must map to a known status code."""
        gdf, judul = b.gdf, m.judul
        kolom = _kolom(gdf)
        k_status = cari_kolom(
            kolom,
            opsi.kolom_status,
            ("status", "status_lahan", "status_tanah", "hak", "jenis_hak"),
            judul,
            "status lahan",
        )
        status = gdf[k_status].map(status_lahan_dari_teks)
        kode_sah = ", ".join(definitions.STATUS_LAHAN_PETA)
        masalah = [
            Masalah(
                f"fitur {i + 1}",
                k_status,
                str(gdf[k_status].iloc[i]),
                f"status lahan: {kode_sah}",
                "tulis status dengan salah satu istilah itu (mis. 'tanah kas desa', 'aset pemda')",
            )
            for i in np.flatnonzero(status.isna().values)
        ]
        if masalah:
            raise KesalahanInput(judul, masalah)
        k_ket = cari_kolom(kolom, None, ("keterangan", "ket", "nama", "pemilik"), judul, "keterangan", wajib=False)
        rows = pd.DataFrame(
            {"status": status, "keterangan": gdf[k_ket].astype(str) if k_ket else None, "geom": gdf.geometry.values}
        )
        return _Baris(rows, b.n_masuk, b.lap, {"status": status.value_counts().to_dict()})

    def tulis(self, m: Muatan, opsi: OpsiLahan, b: _Baris, con: duckdb.DuckDBPyConnection) -> Hasil:
        """Replace this file's parcels."""
        return _ganti(m, "lahan", b, con)
