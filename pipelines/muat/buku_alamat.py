"""``load buku-alamat``: the address book of forum invitees (issue 16; working data, personal data).

Columns ``nama`` and ``kategori`` (a code or label of :data:`geo.domain.acara.KATEGORI_PESERTA`)
are required; ``lembaga``, ``jenis_kelamin`` (L/P), ``kontak`` (phone or e-mail) and
``kode_desa`` are optional. Every row is checked first (one report naming row, field, value
and how to fix it); only a clean file is added, in one transaction. The load's report and
the audit name counts, never a person.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from geo.domain import acara as da
from geo.domain.akses import pastikan
from geo.domain.definitions import PERAN
from geo.errors import KesalahanInput, Masalah
from geo.store import acara as simpanan
from pipelines import kode as kd
from pipelines.muat.inti import BacaanTabel, Hasil, Muatan, OpsiTabel, PemuatTabel
from pipelines.muat.kolom import kolom_wajib

KOLOM_BUKU = ("nama", "kategori")
KOLOM_PILIHAN = ("lembaga", "jenis_kelamin", "kontak", "kode_desa")

#: Category labels accepted besides the codes (lower case).
_LABEL_KATEGORI = {label.lower(): kode for kode, (label, _) in da.KATEGORI_PESERTA.items()}


@dataclass(kw_only=True)
class OpsiBukuAlamat(OpsiTabel):
    """Options of ``load buku-alamat``: the kabupaten of the address book (``--kabupaten``, e.g. 33.01)."""

    kabupaten: str | None = None


@dataclass
class _Buku:
    rows: list[dict]
    nomor: list[str]
    catatan: list[str]


def _teks(v: object) -> str | None:
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return None
    t = str(v).strip()
    return t or None


class PemuatBukuAlamat(PemuatTabel[OpsiBukuAlamat]):
    """Address book rows (nama, kategori; lembaga, jenis_kelamin, kontak, kode_desa); added, all or nothing."""

    jenis = "buku-alamat"
    deskripsi = "buku alamat undangan forum (data pribadi)"
    Opsi = OpsiBukuAlamat
    data = "kerja"
    kata_kunci = ("nama", "kategori")

    def periksa(self, m: Muatan, opsi: OpsiBukuAlamat, b: BacaanTabel) -> _Buku:
        """Required columns; a name, a known category and L/P on every row (all problems at once)."""
        tabel = b.tabel
        lower = kolom_wajib(tabel, KOLOM_BUKU, m.judul)
        semua = {c.lower().strip(): c for c in tabel.data.columns}
        rows, nomor = [], []
        for i, r in tabel.data.iterrows():
            nilai = {k: _teks(r[semua[k]]) if k in semua else None for k in (*KOLOM_BUKU, *KOLOM_PILIHAN)}
            nilai["nama"] = _teks(r[lower["nama"]])
            kat = (nilai["kategori"] or "").lower()
            nilai["kategori"] = _LABEL_KATEGORI.get(kat, kat.replace(" ", "_"))
            nilai["jenis_kelamin"] = (nilai["jenis_kelamin"] or "").upper()[:1] or None
            if nilai["kode_desa"] and nilai["kode_desa"].replace(".", "").isdigit():
                nilai["kode_desa"] = kd.titikkan(nilai["kode_desa"])
            no = tabel.nomor_baris(int(i))
            rows.append({**nilai, "_baris": no})
            nomor.append(f"baris {no}")
        masalah = da.periksa_peserta(rows)
        if masalah:
            raise KesalahanInput(m.judul, masalah)
        return _Buku(rows, nomor, list(b.catatan))

    def tulis(self, m: Muatan, opsi: OpsiBukuAlamat, b: _Buku, con: duckdb.DuckDBPyConnection) -> Hasil:
        """Check the kabupaten and the desa codes against the boundaries, then add the contacts."""
        kab = opsi.kabupaten or simpanan.kabupaten_tunggal(con)
        masalah = []
        if kab is None:
            masalah.append(
                Masalah("opsi", "kabupaten", "(kosong)", "kode kabupaten, mis. 33.01", "beri --kabupaten KODE")
            )
        else:
            desa = simpanan.kode_desa_kabupaten(con, kab)
            masalah += [
                Masalah(no, "kode_desa", r["kode_desa"], f"kode desa di {kab}", "periksa kode atau kosongkan")
                for no, r in zip(b.nomor, b.rows, strict=True)
                if r["kode_desa"] and r["kode_desa"] not in desa
            ]
        if masalah:
            raise KesalahanInput(m.judul, masalah)
        if opsi.pelaku is not None:  # an account scoped to a desa/kecamatan adds contacts of its wilayah only
            pastikan(opsi.pelaku, "acara.tulis", kode_wilayah=kab)
            for r in b.rows:
                if r["kode_desa"] and PERAN[opsi.pelaku.peran].tingkat in ("desa", "kecamatan"):
                    pastikan(opsi.pelaku, "acara.tulis", kode_desa=r["kode_desa"])
        ids = simpanan.tambah_kontak(con, str(kab), b.rows, opsi.oleh)
        return Hasil(len(b.rows), len(ids), b.catatan, {"kabupaten": kab})
