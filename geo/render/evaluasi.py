"""Evaluasi outputs: readable tables, the bivariate equity map's properties and legend, XLSX and PDF.

No store access: every function takes the frames :func:`geo.services.evaluasi.evaluasi` computed.
"""

from __future__ import annotations

from html import escape

import geopandas as gpd
import pandas as pd
from matplotlib.figure import Figure

from geo.domain import definitions
from geo.domain.definitions import PITA_CAPAIAN
from geo.domain.evaluasi import LABEL_KELAS, PALET_BIVARIAT, TAHAP
from geo.domain.format import angka, persen, rupiah
from geo.domain.tematik import WARNA_TANPA_DATA
from geo.render import cetak, maps
from geo.render.dokumen import Dokumen
from geo.render.ekspor import xlsx_dengan_keterangan

_PITA = {p.kode: p.label for p in PITA_CAPAIAN} | {"tidak_melapor": "Tidak melapor"}


def tabel_rekap(rekap: pd.DataFrame, wilayah: str) -> pd.DataFrame:
    """A :func:`geo.domain.evaluasi.rekap_tahap` table with Indonesian headers and rates rounded to 0,1 %."""
    kolom = {"nama": wilayah}
    if "kecamatan" in rekap:
        kolom["kecamatan"] = "Kecamatan"
    kolom["diusulkan"] = "Diusulkan"
    for t in TAHAP:
        kolom[f"diterima_{t}"] = f"Diterima {definitions.TAHAP_FORUM[t]}"
    kolom |= {"didanai": "Didanai", "selesai": "Selesai (fisik 100 %)"}
    for t in TAHAP:
        kolom[f"akomodasi_{t}"] = f"Akomodasi {definitions.TAHAP_FORUM[t]} (%)"
    kolom["akomodasi_total"] = "Akomodasi total (%)"
    hasil = rekap.reset_index()[["kode", *kolom]].rename(columns={"kode": "Kode", **kolom})
    for k in hasil.columns:
        if k.endswith("(%)"):
            hasil[k] = hasil[k].astype(float).round(1)
    return hasil


def tabel_ekuitas(ekuitas: pd.DataFrame, nama_indikator: str) -> pd.DataFrame:
    """The equity table with Indonesian headers (values unformatted, for sorting and XLSX)."""
    return pd.DataFrame(
        {
            "Kode": ekuitas["kode"],
            "Desa/kelurahan": ekuitas["nama"],
            "Kecamatan": ekuitas["nama_kecamatan"],
            nama_indikator: ekuitas["kebutuhan"],
            "Penduduk": ekuitas["penduduk"],
            "Usulan didanai": ekuitas["jumlah"],
            "Nilai didanai (Rp)": ekuitas["nilai"],
            "Rp per jiwa": ekuitas["per_kapita"].round(0),
            "Kelas kebutuhan": ekuitas["kelas_kebutuhan"].map(LABEL_KELAS),
            "Kelas Rp per jiwa": ekuitas["kelas_per_kapita"].map(LABEL_KELAS),
        }
    )


def tabel_capaian(capaian: pd.DataFrame) -> pd.DataFrame:
    """Achievement per OPD (from :func:`geo.domain.monitoring.capaian_kelompok`) with the RKPD band label."""
    c = capaian.reset_index()
    return pd.DataFrame(
        {
            "Perangkat daerah": c[c.columns[0]],
            "Kegiatan": c["kegiatan"],
            "Melapor": c["melapor"],
            "Kontrak kritis": c["kritis"],
            "Pagu (Rp)": c["pagu"],
            "Capaian fisik thd rencana (%)": c["capaian"].astype(float).round(1),
            "Kategori capaian": c["pita"].map(_PITA),
        }
    )


def properti_bivariat(kerangka: maps.Kerangka, ekuitas: pd.DataFrame, satuan: str) -> list[dict]:
    """Per-feature properties for the data-driven map (:func:`pages.akses.peta_data.peta_tematik`)."""
    e = ekuitas.set_index("kode").reindex(list(kerangka.kode))
    props = []
    for kode, nama in zip(kerangka.kode, kerangka.nama, strict=True):
        r = e.loc[kode]
        ada = isinstance(r["warna"], str)
        k = (int(r["kelas_kebutuhan"]) - 1) * 3 + int(r["kelas_per_kapita"]) - 1 if ada else -1
        props.append(
            {
                "nama": nama,
                "kode": kode,
                "nilai": f"kebutuhan {angka(r['kebutuhan'], 1)} {satuan}; {rupiah(r['per_kapita'])} per jiwa",
                "peringkat": (
                    f"kebutuhan {LABEL_KELAS[int(r['kelas_kebutuhan'])]}, "
                    f"Rp per jiwa {LABEL_KELAS[int(r['kelas_per_kapita'])]}"
                    if ada
                    else "tidak ada data"
                ),
                "_w": r["warna"] if ada else WARNA_TANPA_DATA,
                "_k": k,
            }
        )
    return props


def legenda_bivariat_html(nama_indikator: str, ekuitas: pd.DataFrame) -> str:
    """A 3×3 legend: need grows upwards, funded Rp per person to the right; counts in each cell; no-data hatched."""
    sel = "display:inline-block;width:30px;height:22px;border:1px solid #fff;text-align:center;font:11px sans-serif"
    n = ekuitas.groupby(["kelas_kebutuhan", "kelas_per_kapita"]).size()
    baris = [f'<div style="font-weight:700;margin-bottom:4px">{escape(nama_indikator)} × Rp didanai per jiwa</div>']
    for kb in (3, 2, 1):
        sel_baris = "".join(
            f'<span style="{sel};background:{PALET_BIVARIAT[(kb, pk)]}">{int(n.get((float(kb), float(pk)), 0))}</span>'
            for pk in (1, 2, 3)
        )
        baris.append(f'<div><span style="display:inline-block;width:62px">{LABEL_KELAS[kb]}</span>{sel_baris}</div>')
    baris.append('<div style="margin-left:62px">rendah → tinggi (Rp per jiwa)</div>')
    baris.append("<div>↑ kebutuhan; merah tua = kebutuhan tinggi, dana rendah</div>")
    tanpa = int(ekuitas["warna"].isna().sum())
    if tanpa:
        arsir = f"background:repeating-linear-gradient(45deg,{WARNA_TANPA_DATA} 0 3px,#ffffff 3px 6px)"
        baris.append(f'<div><span style="{sel};{arsir}"></span> tidak ada data ({tanpa})</div>')
    return (
        '<div class="pr-legenda" style="background:rgba(255,255,255,.92);padding:8px 10px;'
        'font:12px sans-serif;border:1px solid #999;border-radius:4px">' + "".join(baris) + "</div>"
    )


def cetak_ekuitas(
    wilayah: gpd.GeoDataFrame, ekuitas: pd.DataFrame, nama_indikator: str, satuan: str, judul: str, sumber: str
) -> list[Figure]:
    """The equity view as printable pages: the bivariate map (legend with counts, no data hatched), then the scatter.

    ``wilayah`` holds the desa polygons (``kode``, ``nama``); ``ekuitas`` is
    :func:`geo.domain.evaluasi.ekuitas` (``kode``, ``kebutuhan``, ``per_kapita``, the two classes, ``warna``).
    """
    e = ekuitas.set_index("kode").reindex(wilayah["kode"])
    ada = e["warna"].map(lambda w: isinstance(w, str)).to_numpy()
    warna = [w if a else WARNA_TANPA_DATA for w, a in zip(e["warna"], ada, strict=True)]
    n = ekuitas.groupby(["kelas_kebutuhan", "kelas_per_kapita"]).size()
    legenda = [
        (
            PALET_BIVARIAT[(kb, pk)],
            f"kebutuhan {LABEL_KELAS[kb]}, Rp per jiwa {LABEL_KELAS[pk]}",
            int(n.get((float(kb), float(pk)), 0)),
            False,
        )
        for kb in (3, 2, 1)
        for pk in (1, 2, 3)
    ]
    if (~ada).any():
        legenda.append((WARNA_TANPA_DATA, "tidak ada data", int((~ada).sum()), True))
    peta = cetak.gambar_kategori(
        wilayah[["geometry"]], warna, (~ada).tolist(), legenda, f"Pemerataan — {judul}", sumber
    )
    titik = ekuitas.dropna(subset=["kebutuhan", "per_kapita"])
    fig = cetak.kanvas(cetak.A4_LANSKAP)
    ax = fig.add_subplot()
    fig.subplots_adjust(left=0.1, right=0.95, top=0.88, bottom=0.12)
    ax.scatter(titik["kebutuhan"], titik["per_kapita"], c=titik["warna"].tolist(), s=40, edgecolors="#333333")
    ax.set_xlabel(f"{nama_indikator} ({satuan})")
    ax.set_ylabel("Nilai didanai per jiwa (Rp)")
    ax.yaxis.set_major_formatter(lambda v, _pos: angka(v))
    ax.xaxis.set_major_formatter(lambda v, _pos: angka(v, 1))
    ax.grid(color="#dddddd", linewidth=0.6)
    fig.suptitle(f"Kebutuhan dan dana per jiwa — {judul}", fontsize=16, fontweight="bold", x=0.03, ha="left")
    fig.text(0.03, 0.03, f"Sumber: {sumber} · {len(titik)} desa/kelurahan dengan data", fontsize=8, color="#333333")
    return [peta, fig]


def xlsx(tabel: pd.DataFrame, lembar: str, judul: str, catatan: list[str]) -> bytes:
    """One figure's table as an XLSX for people (title and date above the table, notes sheet)."""
    return xlsx_dengan_keterangan(tabel, lembar, [judul, *catatan], judul_di_lembar=True)


def pdf(judul: str, bagian: list[tuple[str, pd.DataFrame]], catatan: list[str]) -> bytes:
    """A landscape PDF with each (heading, table) section; numbers in Indonesian format."""
    dok = Dokumen(judul, orientasi="L", catatan_kaki="PetaRencana — Evaluasi Musrenbang")
    dok.add_page()
    dok.baris(judul, ukuran=14, tebal=True)
    for c in catatan:
        dok.baris(c, ukuran=9)
    for kepala, tabel in bagian:
        dok.judul_bagian(kepala)
        kolom = [str(k) for k in tabel.columns]
        angka_kolom = [pd.api.types.is_numeric_dtype(tabel[k]) for k in tabel.columns]
        dok.tabel(
            kolom,
            [2.5 if not a else 1.2 for a in angka_kolom],
            [[_sel(v) for v in baris] for baris in tabel.itertuples(index=False)],
            rata=["R" if a else "L" for a in angka_kolom],
            ukuran=7,
        )
    return dok.hasil()


def _sel(v) -> str:
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return "–"
    if isinstance(v, float):
        return angka(v, 1) if abs(v) < 1000 else angka(v, 0)
    if isinstance(v, int):
        return angka(v)
    return str(v)


def ringkasan_akomodasi(total: pd.Series) -> list[str]:
    """Sentences on the kabupaten's accommodation per tier, computed from the total row."""
    kalimat = [
        f"{angka(total['diusulkan'])} usulan diajukan; {angka(total['didanai'])} didanai "
        f"({persen(total['akomodasi_total'])})."
    ]
    for t in TAHAP:
        kalimat.append(
            f"{definitions.TAHAP_FORUM[t]}: {angka(total[f'diterima_{t}'])} diterima "
            f"({persen(total[f'akomodasi_{t}'])} dari yang sampai ke tahap ini)."
        )
    return kalimat
