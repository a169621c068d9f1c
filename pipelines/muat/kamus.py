"""``load kamus``: the kamus usulan (what can be proposed) with unit costs (SSH/HSPK).

An optional column ``kode_sub_kegiatan`` maps each item to its sub-kegiatan of the nomenclature
(``padanan_nomenklatur``; the code must exist once a nomenclature is loaded). An item left blank
stays unmapped and is listed on the DIPA & Renja page, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from geo.domain.anggaran import tingkat_kode
from geo.errors import KesalahanInput, Masalah
from geo.store import anggaran, referensi
from pipelines.angka import kosong
from pipelines.muat.inti import BacaanTabel, Hasil, Muatan, OpsiTabel, PemuatTabel
from pipelines.muat.kolom import angka_baris, kolom_wajib

#: Required columns of a kamus file.
KOLOM_KAMUS = ("kode", "nama", "satuan", "harga_satuan", "bidang", "opd", "kelas_kegiatan", "jenis_geometri")


@dataclass(kw_only=True)
class OpsiKamus(OpsiTabel):
    """Options of ``load kamus``: the price year (default: this year)."""

    tahun: int | None = None


@dataclass
class _Kamus:
    rows: pd.DataFrame
    n_masuk: int
    catatan: list[str]
    tahun: int
    padanan: pd.DataFrame | None = None
    nomor: list[str] | None = None


class PemuatKamus(PemuatTabel[OpsiKamus]):
    """The kamus usulan with unit costs: every row checked, all or nothing; items with the same code are replaced."""

    jenis = "kamus"
    deskripsi = "kamus usulan dan harga satuan (SSH/HSPK)"
    Opsi = OpsiKamus

    def periksa(self, m: Muatan, opsi: OpsiKamus, b: BacaanTabel) -> _Kamus:
        """Required fields, positive unit cost, a geometry kind, unique codes."""
        tabel = b.tabel
        lower = kolom_wajib(tabel, KOLOM_KAMUS, m.judul)
        df = tabel.data.rename(columns={v: k for k, v in lower.items()})
        masalah: list[Masalah] = []
        harga = angka_baris(df, "harga_satuan", tabel, masalah, positif=True)
        for i, r in df.iterrows():
            no = f"baris {tabel.nomor_baris(int(i))}"
            for k in ("kode", "nama", "satuan", "bidang", "opd"):
                if kosong(r[k]):
                    masalah.append(Masalah(no, k, "(kosong)", f"{k} terisi", f"isi {k}"))
            if r["jenis_geometri"].strip().lower() not in ("titik", "garis", "poligon"):
                masalah.append(
                    Masalah(
                        no,
                        "jenis_geometri",
                        r["jenis_geometri"],
                        "titik, garis atau poligon",
                        "jalan/saluran = garis, bangunan = titik, kawasan = poligon",
                    )
                )
        ganda = df[df["kode"].duplicated(keep=False)]
        masalah += [
            Masalah(f"baris {tabel.nomor_baris(int(i))}", "kode", r["kode"], "kode unik", "beri kode lain")
            for i, r in ganda.iterrows()
        ]
        if masalah:
            raise KesalahanInput(m.judul, masalah)
        tahun = opsi.tahun or pd.Timestamp.today().year
        rows = pd.DataFrame(
            {
                "kode": df["kode"].str.strip(),
                "nama": df["nama"],
                "satuan": df["satuan"],
                "harga_satuan": harga,
                "tahun_harga": tahun,
                "bidang": df["bidang"],
                "opd": df["opd"],
                "kelas_kegiatan": df["kelas_kegiatan"].str.strip(),
                "jenis_geometri": df["jenis_geometri"].str.strip().str.lower(),
                "sumber": m.nama,
            }
        )
        padanan = None
        if "kode_sub_kegiatan" in {c.lower().strip() for c in tabel.data.columns}:
            kolom = next(c for c in tabel.data.columns if c.lower().strip() == "kode_sub_kegiatan")
            sub = tabel.data[kolom].map(lambda v: None if kosong(v) else str(v).strip())
            padanan = pd.DataFrame({"kode_kamus": rows["kode"], "kode_sub_kegiatan": sub, "sumber": m.nama})
        nomor = [f"baris {tabel.nomor_baris(int(i))}" for i in df.index]
        return _Kamus(rows, len(df), list(b.catatan), tahun, padanan, nomor)

    def tulis(self, m: Muatan, opsi: OpsiKamus, b: _Kamus, con: duckdb.DuckDBPyConnection) -> Hasil:
        """Replace the items; note activity classes the ITBX matrices do not know."""
        asing = sorted(set(b.rows["kelas_kegiatan"]) - referensi.kode_kelas_kegiatan(con))
        if asing:
            b.catatan.append(
                f"kelas kegiatan belum ada di matriks ITBX (cek kesesuaian = perlu kajian): {', '.join(asing)}"
            )
        referensi.ganti_kamus(con, b.rows)
        if b.padanan is not None:
            self._tulis_padanan(m, b, con)
        return Hasil(b.n_masuk, len(b.rows), b.catatan, {"tahun harga": b.tahun})

    def _tulis_padanan(self, m: Muatan, b: _Kamus, con: duckdb.DuckDBPyConnection) -> None:
        """Map items to sub-kegiatan; a code the loaded nomenclature does not hold is refused (row and field)."""
        pad = b.padanan
        assert pad is not None and b.nomor is not None
        dikenal = anggaran.sub_kegiatan_dikenal(con)
        masalah = []
        for no, kode in zip(b.nomor, pad["kode_sub_kegiatan"], strict=True):
            if kode is None or pd.isna(kode):
                continue
            if tingkat_kode(kode) != "sub_kegiatan":
                masalah.append(
                    Masalah(
                        no, "kode_sub_kegiatan", kode, "kode seperti 1.03.10.2.01.0001", "perbaiki kode sub-kegiatan"
                    )
                )
            elif dikenal is not None and kode not in dikenal:
                masalah.append(
                    Masalah(
                        no,
                        "kode_sub_kegiatan",
                        kode,
                        "sub-kegiatan yang ada di nomenklatur",
                        "muat nomenklatur lebih dulu atau perbaiki kode",
                    )
                )
        if masalah:
            raise KesalahanInput(m.judul, masalah)
        isi = pad[pad["kode_sub_kegiatan"].notna()]
        anggaran.ganti_padanan(con, isi)
        kosong_ = pad[pad["kode_sub_kegiatan"].isna()]["kode_kamus"]
        anggaran.hapus_padanan(con, list(kosong_))
        if len(kosong_):
            b.catatan.append(f"item kamus tanpa sub-kegiatan (didaftar, tidak ditebak): {', '.join(kosong_)}")
