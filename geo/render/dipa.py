"""DIPA Musrenbang, Renja PD / RKPD as documents, and the what-if and RKPD map properties.

PDF with searchable text and tables that break across pages with their header repeated; XLSX whose
Renja/RKPD columns follow SIPD's sub-kegiatan fields (domain §8).
"""

from __future__ import annotations

import datetime
from html import escape

import pandas as pd

from geo.domain.anggaran import ASAL_RENJA
from geo.domain.format import angka_pas, rupiah
from geo.domain.jejak import asal_baris
from geo.domain.sinkronisasi import WARNA_KELUAR, WARNA_TETAP
from geo.render.dokumen import Dokumen, tanggal_indonesia
from geo.render.ekspor import xlsx_dengan_keterangan
from geo.render.maps import Kerangka


def _id(ids: list[int]) -> str:
    return ", ".join(f"#{int(i)}" for i in ids)


def tabel_dipa(baris: pd.DataFrame) -> pd.DataFrame:
    """DIPA lines with the headers people read (one row per OPD × sub-kegiatan)."""
    return pd.DataFrame(
        {
            "Perangkat daerah": baris["opd"],
            "Kode program": baris["kode_program"],
            "Program": baris["nama_program"],
            "Kode kegiatan": baris["kode_kegiatan"],
            "Kegiatan": baris["nama_kegiatan"],
            "Kode sub-kegiatan": baris["kode_sub_kegiatan"],
            "Sub-kegiatan": baris["nama_sub_kegiatan"],
            "Indikator keluaran": baris["indikator"],
            "Target keluaran": baris["target"],
            "Satuan": baris["satuan"],
            "Target hasil: penerima manfaat (jiwa)": baris["penerima"],
            "Lokasi (desa)": baris["lokasi"],
            "Kecamatan": baris["kecamatan"],
            "Pagu indikatif (Rp)": baris["pagu"],
            "Sumber dana": baris["sumber_dana"],
            "Usulan yang dijawab": baris["usulan_id"].map(_id),
        }
    )


def xlsx_dipa(baris: pd.DataFrame, tanpa: pd.DataFrame, judul: str) -> bytes:
    """The DIPA Musrenbang as XLSX (usulan without a sub-kegiatan named in the notes)."""
    catatan = [
        judul,
        "Baris = usulan yang disepakati Musrenbang Kabupaten/Kota, dikelompokkan per perangkat daerah dan "
        "sub-kegiatan (nomenklatur dari item kamus). Target keluaran = jumlah volume usulan; target hasil = "
        "jumlah penerima manfaat (laki-laki + perempuan) yang dicatat di usulan.",
    ]
    if len(tanpa):
        catatan.append(f"Usulan belum dipadankan ke sub-kegiatan (tidak masuk DIPA): {_id(list(tanpa['id']))}")
    return xlsx_dengan_keterangan(tabel_dipa(baris), "DIPA Musrenbang", catatan, judul_di_lembar=True)


def pdf_dipa(baris: pd.DataFrame, tanpa: pd.DataFrame, judul: str, tanggal: datetime.date | None = None) -> bytes:
    """The DIPA Musrenbang as PDF: per OPD a table (header repeated on every page) naming the usulan of each line."""
    doc = Dokumen(judul, orientasi="L", catatan_kaki="PetaRencana · DIPA Musrenbang")
    doc.add_page()
    doc.judul_bagian(judul, 14)
    doc.baris(
        f"Dibuat {tanggal_indonesia(tanggal or datetime.date.today())}. Total {len(baris)} baris, "
        f"pagu indikatif {rupiah(float(baris['pagu'].sum()) if len(baris) else 0)}."
    )
    kolom = [
        "Kode sub-kegiatan",
        "Program / kegiatan / sub-kegiatan",
        "Indikator keluaran",
        "Target keluaran",
        "Target hasil",
        "Pagu indikatif",
        "Sumber dana",
        "Usulan",
    ]
    lebar = [27, 46, 32, 14, 22, 23, 16, 31]  # target hasil wide enough for "8.102 penerima," unbroken
    for opd, g in baris.groupby("opd", sort=True):
        doc.judul_bagian(str(opd), 11)
        isi = [
            [
                r.kode_sub_kegiatan,
                f"{r.kode_program} {r.nama_program} / {r.kode_kegiatan} {r.nama_kegiatan} / {r.nama_sub_kegiatan}",
                str(r.indikator),
                f"{angka_pas(r.target)} {r.satuan}",
                f"{angka_pas(r.penerima)} penerima, {int(r.lokasi)} desa",
                rupiah(r.pagu),
                str(r.sumber_dana),
                _id(r.usulan_id),
            ]
            for r in g.itertuples()
        ]
        doc.tabel(kolom, lebar, isi, rata=["L", "L", "L", "R", "R", "R", "L", "L"])
    if len(tanpa):
        doc.judul_bagian("Usulan disepakati yang belum dipadankan ke sub-kegiatan", 11)
        doc.tabel(
            ["Usulan", "Item kamus", "Uraian", "Perangkat daerah", "Alasan"],
            [12, 16, 60, 40, 50],
            [
                [f"#{int(r.id)}", str(r.kode_kamus), str(r.uraian), str(r.opd), str(r.alasan)]
                for r in tanpa.itertuples()
            ],
        )
    return doc.hasil()


#: Renja/RKPD export columns, named as SIPD's sub-kegiatan fields (domain §8), then what SIPD lacks.
KOLOM_SIPD_RENJA: dict[str, str] = {
    "tahun_anggaran": "tahun",
    "kode_urusan": "kode_urusan",
    "kode_bidang_urusan": "kode_bidang_urusan",
    "kode_program": "kode_program",
    "kode_giat": "kode_giat",
    "kode_sub_giat": "kode_sub_kegiatan",
    "nama_sub_giat": "nama_sub_kegiatan",
    "kode_skpd": "kode_skpd",
    "kode_sub_skpd": "kode_skpd",
    "nama_skpd": "opd",
    "lokasi": "lokasi",
    "kode_lokasi": "kode_wilayah",
    "target": "target_volume",
    "satuan": "satuan",
    "indikator": "indikator",
    "pagu": "pagu_indikatif",
    "asal_usulan": "asal_teks",
    "usulan_id": "usulan_teks",
}


def tabel_renja_sipd(renja: pd.DataFrame, tahun: int) -> pd.DataFrame:
    """Renja lines in SIPD's sub-kegiatan fields (the codes of each level derived from the sub-kegiatan code)."""
    r = renja.copy()
    sub = r["kode_sub_kegiatan"].astype(str).str.split(".")
    r["tahun"] = int(tahun)
    r["kode_urusan"] = sub.str[0]
    r["kode_bidang_urusan"] = sub.str[:2].str.join(".")
    r["kode_program"] = sub.str[:3].str.join(".")
    r["kode_giat"] = sub.str[:5].str.join(".")
    r["asal_teks"] = r["asal"].map(ASAL_RENJA)
    r["usulan_teks"] = [asal_baris(a, u) for a, u in zip(r["asal"], r["usulan_id"], strict=True)]
    return pd.DataFrame({k: r[v].to_numpy() for k, v in KOLOM_SIPD_RENJA.items()})


def xlsx_renja(renja: pd.DataFrame, tahun: int, judul: str) -> bytes:
    """Renja PD (one OPD) or RKPD (all) as XLSX in SIPD's sub-kegiatan fields."""
    return xlsx_dengan_keterangan(
        tabel_renja_sipd(renja, tahun),
        "Renja" if renja["opd"].nunique() <= 1 else "RKPD",
        [
            judul,
            "Kolom mengikuti isian sub-kegiatan SIPD (tahun_anggaran, kode_urusan, kode_bidang_urusan, kode_program, "
            "kode_giat, kode_sub_giat, nama_sub_giat, kode_skpd, kode_sub_skpd, pagu).",
            "asal_usulan: Usulan Musrenbang, Rencana teknokratis OPD atau Pokok pikiran DPRD.",
        ],
    )


def properti_whatif(kerangka: Kerangka, usulan: pd.DataFrame, tetap: pd.Series) -> tuple[list[dict], list[str], str]:
    """Colours (stays green, falls out red), tooltip texts and legend of the what-if map.

    ``usulan`` has ``id``, ``uraian``, ``desa``, ``opd``, ``nilai``; ``tetap`` is bool per usulan id;
    ``kerangka.kode`` holds the ids as text.
    """
    ids = [int(k) for k in kerangka.kode]
    t = tetap.reindex(ids).fillna(True).astype(bool).to_numpy()
    u = usulan.set_index("id").reindex(ids)
    props = [{"_w": WARNA_TETAP if x else WARNA_KELUAR, "_k": 0 if x else 1, "nilai": "", "peringkat": ""} for x in t]
    status = pd.Series(t).map({True: "tetap dalam plafon", False: "KELUAR dari plafon"}).to_numpy()
    teks = [
        f"#{i} {r} · {d} · {o} · {rupiah(v)} · {s}"
        for i, r, d, o, v, s in zip(ids, u["uraian"], u["desa"], u["opd"], u["nilai"], status, strict=True)
    ]
    n_tetap = int(t.sum())
    isi = [
        '<div style="font-weight:700;margin-bottom:4px">Sinkronisasi: usulan disepakati</div>',
        f"<div>{_kotak(WARNA_TETAP)}Tetap dalam plafon ({n_tetap})</div>",
        f"<div>{_kotak(WARNA_KELUAR)}Keluar dari plafon ({len(t) - n_tetap})</div>",
    ]
    legenda = (
        '<div class="pr-legenda" style="background:rgba(255,255,255,.92);padding:8px 10px;'
        'font:13px sans-serif;border:1px solid #999;border-radius:4px">' + "".join(isi) + "</div>"
    )
    return props, teks, legenda


def _kotak(warna: str) -> str:
    return (
        f'<span style="display:inline-block;width:21px;height:13px;border:1px solid #333;'
        f'vertical-align:middle;margin-right:6px;background:{escape(warna)}"></span>'
    )


#: Qualitative colours for OPDs on the RKPD map (ColorBrewer Set2 + Dark2), in OPD-name order.
WARNA_OPD: tuple[str, ...] = (
    "#1b9e77",
    "#d95f02",
    "#7570b3",
    "#e7298a",
    "#66a61e",
    "#e6ab02",
    "#a6761d",
    "#666666",
    "#8dd3c7",
    "#bebada",
    "#fb8072",
    "#80b1d3",
)


def properti_opd(kerangka: Kerangka, baris: pd.DataFrame) -> tuple[list[dict], list[str], str]:
    """Colours by OPD, tooltips and legend of the RKPD map.

    ``baris`` has one row per usulan answered (``usulan_id``, ``id`` of the Renja line, ``opd``,
    ``uraian``, ``pagu_indikatif``).
    """
    opd = sorted(baris["opd"].unique())
    warna = {o: WARNA_OPD[i % len(WARNA_OPD)] for i, o in enumerate(opd)}
    per = baris.drop_duplicates("usulan_id").set_index(baris.drop_duplicates("usulan_id")["usulan_id"].astype(int))
    r = per.reindex([int(k) for k in kerangka.kode])
    props = [
        {"_w": warna.get(o, "#999999"), "_k": opd.index(o) if o in warna else -1, "nilai": "", "peringkat": ""}
        for o in r["opd"]
    ]
    teks = [
        f"Renja #{int(i)} · {o} · {u} · {rupiah(p)}"
        for i, o, u, p in zip(r["id"], r["opd"], r["uraian"], r["pagu_indikatif"], strict=True)
    ]
    jumlah = r["opd"].value_counts()
    isi = ['<div style="font-weight:700;margin-bottom:4px">Baris RKPD menurut perangkat daerah</div>']
    isi += [f"<div>{_kotak(warna[o])}{escape(o)} ({int(jumlah.get(o, 0))})</div>" for o in opd]
    legenda = (
        '<div class="pr-legenda" style="background:rgba(255,255,255,.92);padding:8px 10px;'
        'font:13px sans-serif;border:1px solid #999;border-radius:4px">' + "".join(isi) + "</div>"
    )
    return props, teks, legenda
