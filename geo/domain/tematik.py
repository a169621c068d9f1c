"""Thematic maps: indicator aggregation by tier and class breaks (mapclassify).

Aggregation follows the indicator's metadata (``indikator_meta``), as tobler and InaSAFE
do: extensive counts are summed; intensive rates are recomputed from their numerator and
denominator, or averaged with the declared weight (area as the last resort) — never
averaged naively.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Literal

import matplotlib
import numpy as np
import pandas as pd

from geo.domain.format import angka

Skema = Literal["kuantil", "interval_sama", "jenks", "simpangan_baku", "manual"]

#: Classification schemes: code -> Indonesian label.
SKEMA_KLASIFIKASI: dict[str, str] = {
    "kuantil": "Kuantil (kelas sama banyak)",
    "interval_sama": "Interval sama",
    "jenks": "Jeda alami (Fisher–Jenks)",
    "simpangan_baku": "Simpangan baku",
    "manual": "Batas manual",
}

#: ColorBrewer schemes (colour-blind friendly): code -> (label, kind).
PALET: dict[str, tuple[str, str]] = {
    "YlOrRd": ("Kuning–merah (sekuensial)", "sekuensial"),
    "Blues": ("Biru (sekuensial)", "sekuensial"),
    "Greens": ("Hijau (sekuensial)", "sekuensial"),
    "Purples": ("Ungu (sekuensial)", "sekuensial"),
    "YlGnBu": ("Kuning–hijau–biru (sekuensial)", "sekuensial"),
    "RdYlBu": ("Merah–kuning–biru (divergen)", "divergen"),
    "BrBG": ("Cokelat–hijau toska (divergen)", "divergen"),
    "PuOr": ("Ungu–oranye (divergen)", "divergen"),
}

WARNA_TANPA_DATA = "#bdbdbd"


def agregasi(nilai_desa: pd.DataFrame, meta: dict, induk: pd.Series, luas: pd.Series | None = None) -> pd.Series:
    """Aggregate one indicator from desa to a higher tier.

    Parameters
    ----------
    nilai_desa : DataFrame
        Index = desa code; column ``nilai`` (the indicator) and, when the metadata needs
        them, columns named after ``pembilang``, ``penyebut`` or ``bobot``. NaN = no data.
    meta : dict
        The ``indikator_meta`` row: ``jenis``, ``pembilang``, ``penyebut``, ``pengali``, ``bobot``.
    induk : Series
        Desa code -> parent code (kecamatan or kabupaten).
    luas : Series, optional
        Desa code -> area, the weight of last resort for a rate without declared weight.

    Returns
    -------
    Series
        Parent code -> value. An extensive total with any desa missing is NaN (a partial
        sum would understate it); a rate uses the desa that have data.

    Examples
    --------
    Two desa: 10 poor of 100 people, and 90 poor of 300. The naive mean of the rates is
    (10 % + 30 %) / 2 = 20 %, the correct rate is 100 / 400 = 25 %.

    >>> d = pd.DataFrame({"nilai": [10.0, 30.0], "miskin": [10, 90], "penduduk": [100, 300]},
    ...                  index=["a", "b"])
    >>> m = {"jenis": "intensif", "pembilang": "miskin", "penyebut": "penduduk", "pengali": 100.0}
    >>> float(agregasi(d, m, pd.Series({"a": "K", "b": "K"}))["K"])
    25.0
    """
    d = nilai_desa.copy()
    d["_induk"] = induk.reindex(d.index).values
    if meta["jenis"] == "ekstensif":
        return d.groupby("_induk")["nilai"].agg(lambda s: s.sum() if s.notna().all() else np.nan)
    if meta.get("pembilang") and meta.get("penyebut"):
        ada = d[meta["pembilang"]].notna() & d[meta["penyebut"]].notna()
        g = d[ada].groupby("_induk")[[meta["pembilang"], meta["penyebut"]]].sum()
        hasil = (meta.get("pengali") or 1.0) * g[meta["pembilang"]] / g[meta["penyebut"]].replace(0, np.nan)
        return hasil.reindex(d["_induk"].unique())
    if meta.get("bobot") and meta["bobot"] in d:
        w = d[meta["bobot"]]
    else:
        w = luas.reindex(d.index) if luas is not None else pd.Series(1.0, index=d.index)
    ada = d["nilai"].notna() & w.notna()
    t = pd.DataFrame({"vw": d["nilai"][ada] * w[ada], "w": w[ada], "_induk": d["_induk"][ada]})
    g = t.groupby("_induk")[["vw", "w"]].sum()
    return (g["vw"] / g["w"].replace(0, np.nan)).reindex(d["_induk"].unique())


@dataclass(frozen=True)
class Kelas:
    """Class breaks of a thematic map."""

    batas: tuple[float, ...]  # upper bound of each class
    kelas: np.ndarray  # class index per value, -1 = no data
    warna: tuple[str, ...]  # one colour per class
    label: tuple[str, ...]  # legend text per class, Indonesian number format
    jumlah: tuple[int, ...]  # number of units per class


def klasifikasi(
    nilai: pd.Series,
    skema: Skema = "kuantil",
    k: int = 5,
    palet: str = "YlOrRd",
    batas_manual: list[float] | None = None,
    desimal: int = 1,
    satuan: str = "",
) -> Kelas:
    """Classify values for a choropleth.

    Missing values get class -1 ("tidak ada data", its own grey, never a colour of the
    scale). With fewer distinct values than classes, ``k`` shrinks; a single distinct
    value gives one class. Negative values are fine.

    Parameters
    ----------
    nilai : Series
        Values (NaN = no data).
    skema : {"kuantil", "interval_sama", "jenks", "simpangan_baku", "manual"}
        Classification scheme.
    k : int
        Number of classes (ignored by ``simpangan_baku`` and ``manual``).
    palet : str
        Key of :data:`PALET`.
    batas_manual : list of float, optional
        Upper bounds for ``manual``; the maximum is appended when it lies above them.
    desimal : int
        Decimals in the legend.
    satuan : str
        Unit appended to the legend labels.

    Returns
    -------
    Kelas

    Examples
    --------
    Equal intervals over 1..6 in two classes: width (6 - 1) / 2 = 2,5, so the breaks are
    3,5 and 6; the missing value is class -1.

    >>> kl = klasifikasi(pd.Series([1.0, 2, 3, 4, np.nan, 6]), "interval_sama", 2)
    >>> kl.batas, [int(x) for x in kl.kelas], kl.label
    ((3.5, 6.0), [0, 0, 0, 1, -1, 1], ('1,0 – 3,5', '> 3,5 – 6,0'))
    """
    if skema not in SKEMA_KLASIFIKASI:
        raise ValueError(f"skema {skema!r} tidak dikenal; pilih dari {list(SKEMA_KLASIFIKASI)}")
    v = pd.to_numeric(nilai, errors="coerce").to_numpy(dtype=float)
    ada = ~np.isnan(v)
    y = v[ada]
    kelas = np.full(len(v), -1)
    if len(y) == 0:
        return Kelas((), kelas, (), (), ())
    unik = np.unique(y)
    if len(unik) == 1:
        batas: tuple[float, ...] = (float(unik[0]),)
        kelas[ada] = 0
    else:
        k = max(1, min(k, len(unik)))
        # imported on first use: mapclassify pulls in scikit-learn (~1.3 s), which the CLI never needs
        import mapclassify  # noqa: PLC0415

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if skema == "kuantil":
                c = mapclassify.Quantiles(y, k=k)
            elif skema == "interval_sama":
                c = mapclassify.EqualInterval(y, k=k)
            elif skema == "jenks":
                c = mapclassify.FisherJenks(y, k=k) if len(y) <= 1000 else mapclassify.FisherJenksSampled(y, k=k)
            elif skema == "simpangan_baku":
                c = mapclassify.StdMean(y)
            else:
                b = sorted(float(x) for x in (batas_manual or []))
                if not b:
                    raise ValueError("batas manual kosong: isi mis. 10, 20, 30")
                if b[-1] < y.max():
                    b.append(float(y.max()))
                c = mapclassify.UserDefined(y, b)
        batas_arr = np.asarray(c.bins, dtype=float)
        yb = np.asarray(c.yb)
        # drop empty classes at the ends (std-mean bins can lie outside the data)
        dipakai = sorted(set(yb.tolist()))
        peta = {old: new for new, old in enumerate(dipakai)}
        batas = tuple(float(batas_arr[i]) for i in dipakai)
        kelas[ada] = [peta[b] for b in yb]
    n = len(batas)
    cmap = matplotlib.colormaps[palet]
    sekuensial = PALET.get(palet, ("", "sekuensial"))[1] == "sekuensial"
    posisi = [0.5] if n == 1 else np.linspace(0.12, 0.95, n) if sekuensial else np.linspace(0.05, 0.95, n)
    warna = tuple(matplotlib.colors.to_hex(cmap(float(p))) for p in posisi)
    u = f" {satuan}" if satuan and satuan != "-" else ""
    label = []
    bawah = float(y.min())
    for i, atas in enumerate(batas):
        if n == 1:
            label.append(f"{angka(atas, desimal)}{u}")
        elif i == 0:
            label.append(f"{angka(bawah, desimal)} – {angka(atas, desimal)}{u}")
        else:
            label.append(f"> {angka(batas[i - 1], desimal)} – {angka(atas, desimal)}{u}")
    jumlah = tuple(int((kelas == i).sum()) for i in range(n))
    return Kelas(batas, kelas, warna, tuple(label), jumlah)


def perubahan(baru: pd.Series, lama: pd.Series, cara: Literal["selisih", "persen"] = "selisih") -> pd.Series:
    """Change between two years per area: difference, or percent of the earlier value.

    A change is missing when either year is missing, or (for percent) the earlier value is 0.

    Examples
    --------
    >>> perubahan(pd.Series({"a": 12.0, "b": 5.0}), pd.Series({"a": 10.0, "b": 0.0}), "persen").to_dict()
    {'a': 20.0, 'b': nan}
    """
    lama = lama.reindex(baru.index)
    if cara == "selisih":
        return baru - lama
    return (baru - lama) / lama.abs().replace(0, np.nan) * 100


def cara_agregasi(meta: dict) -> str:
    """Say in Indonesian how an indicator is aggregated to higher tiers (for captions)."""
    if meta["jenis"] == "ekstensif":
        return "dijumlahkan"
    if meta.get("pembilang") and meta.get("penyebut"):
        return "dihitung ulang dari pembilang/penyebut"
    return f"rata-rata berbobot {meta.get('bobot') or 'luas wilayah'}"


def tabel_peringkat(kode: list[str], nama: list[str], nilai: pd.Series) -> pd.DataFrame:
    """Ranking table, highest first; areas without data last with rank "–".

    Examples
    --------
    >>> tabel_peringkat(["a", "b", "c"], ["A", "B", "C"], pd.Series([2.0, np.nan, 5.0]))["Peringkat"].tolist()
    ['1', '2', '–']
    """
    tabel = pd.DataFrame({"Nama": list(nama), "Kode": list(kode), "Nilai": np.asarray(nilai, dtype=float)})
    tabel = tabel.sort_values("Nilai", ascending=False, na_position="last", kind="stable").reset_index(drop=True)
    tabel.insert(0, "Peringkat", [str(i + 1) if pd.notna(x) else "–" for i, x in enumerate(tabel["Nilai"])])
    return tabel
