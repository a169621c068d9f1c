"""What the Monitoring page draws: map properties and legends, the kurva S (Altair and print PNG), the problem table.

No store access: every function takes frames computed by :mod:`geo.domain.monitoring`. Map
properties follow the data-driven map's convention (:func:`geo.render.maps.data_tematik`):
``_w`` colour, ``_k`` class (negative = missing, drawn hatched), plain-text tooltips.
"""

from __future__ import annotations

from html import escape

import altair as alt
import geopandas as gpd
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from geo.domain.definitions import KELAS_DEVIASI, PITA_CAPAIAN
from geo.domain.format import angka, persen
from geo.domain.monitoring import BULAN
from geo.render import cetak
from geo.render.maps import Kerangka

_LABEL_PITA = {p.kode: p.label for p in PITA_CAPAIAN}
_WARNA_PITA = {p.kode: p.warna for p in PITA_CAPAIAN}
WARNA_TIDAK_MELAPOR = KELAS_DEVIASI["tidak_melapor"][1]


def _kotak(warna: str, arsir: bool = False) -> str:
    latar = (
        f"background:repeating-linear-gradient(45deg,{warna} 0 3px,#ffffff 3px 6px)" if arsir else f"background:{warna}"
    )
    return (
        f'<span style="display:inline-block;width:21px;height:13px;border:1px solid #333;'
        f'vertical-align:middle;margin-right:6px;{latar}"></span>'
    )


def _legenda(judul: str, baris: list[tuple[str, str, int, bool]]) -> str:
    isi = [f'<div style="font-weight:700;margin-bottom:4px">{escape(judul)}</div>']
    isi += [f"<div>{_kotak(w, arsir)}{escape(label)} ({n})</div>" for w, label, n, arsir in baris]
    return (
        '<div class="pr-legenda" style="background:rgba(255,255,255,.92);padding:8px 10px;'
        'font:13px sans-serif;border:1px solid #999;border-radius:4px">' + "".join(isi) + "</div>"
    )


def properti_kegiatan(kerangka: Kerangka, keadaan: pd.DataFrame) -> tuple[list[dict], list[str], str]:
    """Colours (by deviation class), tooltip texts and legend of the activity map.

    ``keadaan`` is :func:`geo.domain.monitoring.keadaan_bulan` (``id`` as in ``kerangka.kode``).
    """
    k = keadaan.set_index(keadaan["id"].astype(str)).reindex(list(kerangka.kode))
    urut = {kode: i for i, kode in enumerate(KELAS_DEVIASI)}
    kelas = k["kelas"].fillna("tidak_melapor")
    warna = kelas.map({kode: w for kode, (_, w) in KELAS_DEVIASI.items()}).tolist()
    indeks = kelas.map(urut).where(kelas != "tidak_melapor", -1).astype(int).tolist()
    props = [{"_w": w, "_k": i, "nilai": "", "peringkat": ""} for w, i in zip(warna, indeks, strict=True)]
    # tooltip text built column-wise (one string operation per column, not one Python loop per activity)
    status = (
        "fisik "
        + k["realisasi_fisik"].map(persen)
        + " dari rencana "
        + k["rencana_fisik"].map(persen)
        + " (deviasi "
        + k["deviasi"].map(lambda v: angka(v, 1))
        + " poin)"
    ).where(kelas != "tidak_melapor", "tidak melapor bulan ini")
    label = kelas.map({kode: lab for kode, (lab, _) in KELAS_DEVIASI.items()})
    teks = (
        "#"
        + k.index
        + " "
        + k["uraian"].astype(str)
        + " · "
        + k["desa"].astype(str)
        + " · "
        + k["opd"].astype(str)
        + " · "
        + status
        + " · "
        + label
    ).tolist()
    return props, teks, legenda_kegiatan(kelas)


def legenda_kegiatan(kelas: pd.Series) -> str:
    """Legend (HTML, escaped) of the activity map for the deviation classes in ``kelas``."""
    return _legenda("Kegiatan: deviasi fisik", _baris_kegiatan(kelas))


def _baris_kegiatan(kelas: pd.Series) -> list[tuple[str, str, int, bool]]:
    """Legend rows of the activity map: every deviation class with its count (unreported hatched)."""
    jumlah = kelas.value_counts()
    return [(w, lab, int(jumlah.get(kode, 0)), kode == "tidak_melapor") for kode, (lab, w) in KELAS_DEVIASI.items()]


def _baris_capaian(props: list[dict]) -> list[tuple[str, str, int, bool]]:
    """Legend rows of an achievement map: the RKPD bands, then "tidak melapor" (hatched)."""
    hitung = pd.Series([p["_k"] for p in props]).value_counts()
    baris = [(p.warna, p.label, int(hitung.get(j, 0)), False) for j, p in enumerate(PITA_CAPAIAN)]
    baris.append((WARNA_TIDAK_MELAPOR, "Tidak melapor / tidak ada kegiatan", int(hitung.get(-1, 0)), True))
    return baris


def cetak_peta(
    kegiatan: gpd.GeoDataFrame,
    keadaan: pd.DataFrame,
    wilayah: gpd.GeoDataFrame,
    capaian: pd.DataFrame,
    judul: str,
    sumber: str,
) -> list[Figure]:
    """The two monitoring maps as printable pages (A4, legend, scale, north arrow).

    Page 1: activities by deviation over the kecamatan (light grey); page 2: the wilayah in
    ``wilayah`` (``kode``, ``nama``) coloured by achievement band, unreported hatched.
    """
    k = keadaan.set_index("id").reindex(kegiatan["id"])
    kelas = k["kelas"].fillna("tidak_melapor")
    warna = kelas.map({kode: w for kode, (_, w) in KELAS_DEVIASI.items()}).tolist()
    halaman = [
        cetak.gambar_kategori(
            kegiatan[["geometry"]],
            warna,
            (kelas == "tidak_melapor").tolist(),
            _baris_kegiatan(kelas),
            f"Deviasi fisik kegiatan — {judul}",
            sumber,
            label=wilayah,
            latar=wilayah,
        )
    ]
    kr = Kerangka(tuple(wilayah["kode"]), tuple(wilayah["nama"]), tuple("" for _ in range(len(wilayah))), (0, 0, 0, 0))
    props, _, _ = properti_capaian(kr, capaian, "")
    halaman.append(
        cetak.gambar_kategori(
            wilayah[["geometry"]],
            [p["_w"] for p in props],
            [p["_k"] < 0 for p in props],
            _baris_capaian(props),
            f"Capaian fisik — {judul}",
            sumber,
            label=wilayah,
        )
    )
    return halaman


def properti_capaian(kerangka: Kerangka, capaian: pd.DataFrame, judul: str) -> tuple[list[dict], list[str], str]:
    """Colours (RKPD bands), tooltips and legend of an achievement choropleth.

    ``capaian`` is :func:`geo.domain.monitoring.capaian_kelompok` indexed by wilayah code. A unit
    without activities, or whose activities did not report, is "tidak melapor": hatched grey, never 0.
    """
    c = capaian.reindex(list(kerangka.kode))
    props, teks = [], []
    urut = [p.kode for p in PITA_CAPAIAN]
    for i, (kode, nama) in enumerate(zip(kerangka.kode, kerangka.nama, strict=True)):
        pita = c["pita"].iloc[i] if isinstance(c["pita"].iloc[i], str) else "tidak_melapor"
        ada = pita != "tidak_melapor"
        props.append(
            {
                "_w": _WARNA_PITA[pita] if ada else WARNA_TIDAK_MELAPOR,
                "_k": urut.index(pita) if ada else -1,
                "nilai": "",
                "peringkat": "",
            }
        )
        n_keg = 0 if pd.isna(c["kegiatan"].iloc[i]) else int(c["kegiatan"].iloc[i])
        if ada:
            isi = (
                f"capaian {persen(c['capaian'].iloc[i])} ({_LABEL_PITA[pita]}) · "
                f"{angka(int(c['melapor'].iloc[i]))} dari {angka(n_keg)} kegiatan melapor · "
                f"{angka(int(c['kritis'].iloc[i]))} kritis"
            )
        else:
            isi = "tidak melapor" if n_keg else "tidak ada kegiatan"
        teks.append(f"{nama} ({kode}) · {isi}")
    return props, teks, _legenda(judul, _baris_capaian(props))


def label_pita(kode: str) -> str:
    """Band label (``"tidak_melapor"`` -> "Tidak melapor")."""
    return _LABEL_PITA.get(kode, "Tidak melapor")


def warna_pita(kode: str) -> str:
    """Band colour (grey for "tidak melapor")."""
    return _WARNA_PITA.get(kode, WARNA_TIDAK_MELAPOR)


# --------------------------------------------------------------------------- kurva S
_SERI = {
    "rencana_fisik": "Rencana fisik",
    "realisasi_fisik": "Realisasi fisik",
    "rencana_keuangan": "Rencana keuangan (RAK)",
    "realisasi_keuangan": "Realisasi keuangan",
}
_WARNA_SERI = ["#1f78b4", "#e31a1c", "#a6cee3", "#fb9a99"]
_GARIS_SERI = [[6, 3], [1, 0], [6, 3], [1, 0]]


def grafik_kurva_s(kurva: pd.DataFrame, judul: str) -> alt.LayerChart:
    """Interactive kurva S: four cumulative lines by month, gaps where nobody reported, the physical gap shaded."""
    panjang = kurva.reset_index().melt("bulan", list(_SERI), "seri", "persen")
    panjang["seri"] = panjang["seri"].map(_SERI)
    panjang["label_bulan"] = panjang["bulan"].map(lambda b: BULAN[b - 1])
    panjang["teks"] = panjang["persen"].map(lambda v: "tidak melapor" if pd.isna(v) else persen(v))
    x = alt.X("bulan:Q", title="Bulan", scale=alt.Scale(domain=[1, 12]), axis=alt.Axis(values=list(range(1, 13))))
    area = (
        alt.Chart(kurva.reset_index().dropna(subset=["rencana_fisik", "realisasi_fisik"]))
        .mark_area(opacity=0.18, color="#e31a1c")
        .encode(x=x, y=alt.Y("rencana_fisik:Q"), y2="realisasi_fisik:Q")
    )
    garis = (
        alt.Chart(panjang)
        .mark_line(point=True)
        .encode(
            x=x,
            y=alt.Y("persen:Q", title="Kumulatif (%)", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("seri:N", title=None, scale=alt.Scale(domain=list(_SERI.values()), range=_WARNA_SERI)),
            strokeDash=alt.StrokeDash(
                "seri:N", legend=None, scale=alt.Scale(domain=list(_SERI.values()), range=_GARIS_SERI)
            ),
            tooltip=[
                alt.Tooltip("label_bulan:N", title="Bulan"),
                alt.Tooltip("seri:N", title="Seri"),
                alt.Tooltip("teks:N", title="Nilai"),
            ],
        )
    )
    return (area + garis).properties(title=judul, height=320)


def png_kurva_s(kurva: pd.DataFrame, judul: str, sumber: str) -> bytes:
    """Print PNG of the kurva S (matplotlib Figure API): gaps stay gaps, the physical gap shaded."""
    fig: Figure = cetak.kanvas((10.0, 5.6))
    ax = fig.add_axes((0.08, 0.14, 0.62, 0.74))
    bulan = np.arange(1, 13)
    for (kolom, label), w, garis in zip(_SERI.items(), _WARNA_SERI, ["--", "-", "--", "-"], strict=True):
        ax.plot(bulan, kurva[kolom].to_numpy(dtype=float), garis, color=w, marker="o", ms=3, lw=1.8, label=label)
    r, a = kurva["rencana_fisik"].to_numpy(dtype=float), kurva["realisasi_fisik"].to_numpy(dtype=float)
    ada = ~(np.isnan(r) | np.isnan(a))
    ax.fill_between(bulan, r, a, where=ada, color="#e31a1c", alpha=0.15, label="Selisih fisik")
    ax.set_xlim(1, 12)
    ax.set_ylim(0, 100)
    ax.set_xticks(bulan, list(BULAN), fontsize=9)
    ax.tick_params(axis="y", labelsize=9)
    ax.set_ylabel("Kumulatif (%)", fontsize=10)
    ax.grid(alpha=0.3)
    ax.set_title(judul, fontsize=12, loc="left")
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=9, frameon=False)
    kosong = [BULAN[b - 1] for b in bulan if np.isnan(a[b - 1]) and not np.isnan(r[b - 1])]
    catatan = f"Bulan tanpa laporan (celah, bukan nol): {', '.join(kosong)}. " if kosong else ""
    fig.text(0.08, 0.03, f"{catatan}Sumber: {sumber}", fontsize=8)
    return cetak.png(fig, dpi=150)


# --------------------------------------------------------------------------- problem table
def tabel_masalah(keadaan: pd.DataFrame) -> pd.DataFrame:
    """Activities needing attention (kritis, tidak melapor, lebih dari pagu), worst lag first, with kendala.

    Values stay numbers (the page formats them; the XLSX keeps them sortable).
    """
    d = keadaan[keadaan["kritis"] | ~keadaan["melapor"] | keadaan["lebih_pagu"]].copy()
    masalah = []
    for r in d.itertuples():
        m = []
        if r.kritis:
            m.append(f"kritis (terlambat {angka(r.lag, 1)} poin)")
        if not r.melapor:
            m.append("tidak melapor")
        if r.lebih_pagu:
            m.append("realisasi melebihi pagu")
        masalah.append("; ".join(m))
    d["masalah"] = masalah
    d = d.sort_values(["kritis", "lag"], ascending=[False, False], na_position="last")
    return pd.DataFrame(
        {
            "No. usulan": d["id"].to_numpy(),
            "Kegiatan": d["uraian"].to_numpy(),
            "Perangkat daerah": d["opd"].to_numpy(),
            "Kecamatan": d["kecamatan"].to_numpy(),
            "Desa": d["desa"].to_numpy(),
            "Masalah": d["masalah"].to_numpy(),
            "Rencana fisik (%)": d["rencana_fisik"].round(2).to_numpy(),
            "Realisasi fisik (%)": d["realisasi_fisik"].round(2).to_numpy(),
            "Deviasi (poin)": d["deviasi"].round(2).to_numpy(),
            "Pagu (Rp)": d["pagu"].to_numpy(),
            "Realisasi keuangan (Rp)": d["realisasi_keuangan"].to_numpy(),
            "Kendala": d["kendala"].to_numpy(),
            "Tindak lanjut": d["tindak_lanjut"].to_numpy(),
        }
    )


def keterangan_masalah(judul: str, bulan: int, jumlah: int) -> list[str]:
    """The XLSX's ``Keterangan`` sheet lines."""
    return [
        judul,
        f"Keadaan kumulatif sampai {BULAN[bulan - 1]} ({jumlah} kegiatan bermasalah).",
        "Kontrak kritis: rencana 0–70 % dan realisasi tertinggal lebih dari 10 poin, atau rencana di atas 70 % "
        "dan tertinggal lebih dari 5 poin.",
        "Tidak melapor: tidak ada realisasi fisik untuk bulan itu (bukan nol).",
    ]
