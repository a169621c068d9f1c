"""Executive summary text (Indonesian) computed from the data, never templated with numbers."""

from __future__ import annotations

import pandas as pd

from geo.domain.format import angka


def _fmt(x: float, desimal: int, satuan: str) -> str:
    u = f" {satuan}" if satuan and satuan != "-" else ""
    return f"{angka(float(x), desimal)}{u}"


def ringkasan_eksekutif(
    judul_wilayah: str,
    nilai: pd.Series,
    nama: dict[str, str],
    meta: dict,
    tahun: int,
    total: float | None = None,
    total_lalu: float | None = None,
    tahun_lalu: int | None = None,
    ambang: float | None = None,
    desimal: int = 1,
    maks_nama: int = 10,
) -> list[str]:
    """Write the summary sentences for one area (a kecamatan or the kabupaten).

    Parameters
    ----------
    judul_wilayah : str
        e.g. ``"Kecamatan Sukamaju"``.
    nilai : Series
        Desa code -> value in ``tahun`` for the desa of the area (NaN = no data).
    nama : dict
        Desa code -> name.
    meta : dict
        Indicator metadata (``nama``, ``satuan``).
    tahun : int
        Data year.
    total, total_lalu : float, optional
        The area's aggregated value this year and in ``tahun_lalu`` (aggregated per the
        metadata by the caller), for the change sentence.
    tahun_lalu : int, optional
        The earlier year compared with.
    ambang : float, optional
        Threshold: list the desa above it.
    desimal : int
        Decimals in the text.
    maks_nama : int
        At most this many names are listed, then "dan N lainnya".

    Returns
    -------
    list of str

    Examples
    --------
    >>> s = pd.Series({"a": 25.0, "b": 10.0, "c": float("nan")})
    >>> ringkasan_eksekutif("Kecamatan X", s, {"a": "Suka", "b": "Maju", "c": "Jaya"},
    ...                     {"nama": "Persentase penduduk miskin", "satuan": "%"}, 2025, ambang=20)[0]
    'Kecamatan X, persentase penduduk miskin 2025: tertinggi di Suka (25,0 %), terendah di Maju (10,0 %).'
    """
    ind = meta["nama"][:1].lower() + meta["nama"][1:]
    satuan = meta.get("satuan", "")
    ada = nilai.dropna()
    kalimat = []
    if ada.empty:
        return [f"{judul_wilayah}: tidak ada data {ind} tahun {tahun}."]
    tinggi, rendah = ada.idxmax(), ada.idxmin()
    kalimat.append(
        f"{judul_wilayah}, {ind} {tahun}: tertinggi di {nama[tinggi]} ({_fmt(ada[tinggi], desimal, satuan)}),"
        f" terendah di {nama[rendah]} ({_fmt(ada[rendah], desimal, satuan)})."
    )
    if len(ada) < len(nilai):
        kalimat.append(f"{len(nilai) - len(ada)} desa/kelurahan tidak memiliki data.")
    if (
        total is not None
        and total_lalu is not None
        and tahun_lalu is not None
        and pd.notna(total)
        and pd.notna(total_lalu)
    ):
        selisih = total - total_lalu
        arah = "naik" if selisih > 0 else "turun" if selisih < 0 else "tetap"
        relatif = f"{angka(abs(selisih) / abs(total_lalu) * 100, 1)} %" if total_lalu else ""
        if satuan == "%":  # a change of a rate is in percentage points; the relative change is separate
            besar = f"{angka(abs(selisih), desimal)} poin persen" + (f" ({relatif} relatif)" if relatif else "")
        else:
            besar = _fmt(abs(selisih), desimal, satuan) + (f" ({relatif})" if relatif else "")
        kalimat.append(
            f"Dibanding {tahun_lalu}: {arah} {besar}, "
            f"dari {_fmt(total_lalu, desimal, satuan)} menjadi {_fmt(total, desimal, satuan)}."
        )
    if ambang is not None:
        atas = ada[ada > ambang].sort_values(ascending=False)
        if atas.empty:
            kalimat.append(f"Tidak ada desa dengan {ind} di atas {_fmt(ambang, desimal, satuan)}.")
        else:
            daftar = [f"{nama[k]} ({_fmt(v, desimal, satuan)})" for k, v in atas.head(maks_nama).items()]
            lain = f" dan {len(atas) - maks_nama} lainnya" if len(atas) > maks_nama else ""
            kalimat.append(
                f"{len(atas)} desa dengan {ind} di atas {_fmt(ambang, desimal, satuan)}: {', '.join(daftar)}{lain}."
            )
    return kalimat
