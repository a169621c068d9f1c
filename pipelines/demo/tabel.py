"""Demo tables: indicators, the ITBX matrix, usulan with their decisions, land parcels, realisasi, pagu."""

from __future__ import annotations

from datetime import datetime, timedelta

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import Point, box

from geo.domain import definitions
from geo.settings import CRS_METRIK_DEMO
from pipelines import fixture_demo
from pipelines.demo.dasar import (
    SUMBER,
    TAHUN_BERJALAN,
    TAHUN_INDIKATOR,
    TAHUN_USULAN,
    garis_dalam,
    titik_dalam,
    urut_geom,
)


def bangun_indikator(wil: gpd.GeoDataFrame, benih: int) -> pd.DataFrame:
    """Generate plausible BPS-like desa indicators for two years (some values missing)."""
    rng = np.random.default_rng(benih + 1)
    desa = wil[wil["tingkat"] == "desa"]
    pusat = desa.geometry.union_all().centroid
    baris = []
    for _, d in desa.iterrows():
        km2 = d.geometry.area / 1e6
        jauh = d.geometry.centroid.distance(pusat) / 20_000  # 0 (town) .. ~1 (edge)
        kota = d["jenis"] == "kelurahan"
        penduduk = km2 * (rng.uniform(3500, 8000) if kota else rng.uniform(350, 1100))
        miskin = np.clip(rng.normal(0.05 + 0.17 * jauh, 0.03), 0.02, 0.35)
        stunting = np.clip(rng.normal(0.12 + 0.18 * jauh, 0.04), 0.05, 0.45)
        jalan_km = km2 * rng.uniform(1.2, 2.5) + (8 if kota else 2)
        rusak = np.clip(rng.normal(0.15 + 0.35 * jauh, 0.08), 0.02, 0.8)
        hilang_stunting = rng.uniform() < 0.04
        for t, tahun in enumerate(TAHUN_INDIKATOR):
            pdd = round(penduduk * (1 + 0.011 * t))
            balita = round(pdd * rng.uniform(0.07, 0.09))
            pm = round(pdd * miskin * (1 - 0.06 * t))
            nilai = {
                "jumlah_penduduk": pdd,
                "jumlah_balita": balita,
                "penduduk_miskin": pm,
                "persen_miskin": round(100 * pm / pdd, 2),
                "prevalensi_stunting": None
                if (hilang_stunting and t == 0)
                else round(100 * stunting * (1 - 0.08 * t), 2),
                "jumlah_sekolah": int(pdd // 1800 + 1),
                "jumlah_posyandu": int(pdd // 900 + 1),
                "panjang_jalan": round(jalan_km, 2),
                "persen_jalan_rusak": round(100 * rusak * (1 - 0.1 * t), 2),
            }
            for ind, v in nilai.items():
                baris.append(
                    {
                        "kode_wilayah": d["kode"],
                        "tahun": tahun,
                        "indikator": ind,
                        "nilai": None if v is None else float(v),
                        "sumber": SUMBER,
                    }
                )
    return pd.DataFrame(baris).sort_values(["kode_wilayah", "tahun", "indikator"]).reset_index(drop=True)


#: Demo ITBX matrix: activity class -> zone -> cell. Missing pairs are deliberate
#: ("perlu kajian": the conformity check must not allow them silently).
#: Name of the demo's ITBX matrix (the RDTR of the town kecamatan uses it).
MATRIKS_DEMO = "RDTR Kota Contoh (sintetis)"

ITBX_DEMO: dict[str, dict[str, str]] = {
    "jalan": {"RTH-1": "T", "R-2": "I", "R-3": "I", "K-1": "I", "K-2": "I", "SPU": "I", "KT": "I", "P": "B"},
    "drainase": {"RTH-1": "T", "R-2": "I", "R-3": "I", "K-1": "I", "K-2": "I", "SPU": "I", "KT": "I", "P": "I"},
    "irigasi": {"R-2": "X", "R-3": "T", "K-1": "X", "K-2": "X", "SPU": "X", "P": "I"},
    "pendidikan": {"RTH-1": "X", "R-2": "B", "R-3": "I", "K-1": "T", "K-2": "I", "SPU": "I", "KT": "X", "P": "X"},
    "kesehatan": {"RTH-1": "X", "R-2": "I", "R-3": "I", "K-1": "B", "K-2": "I", "SPU": "I", "KT": "X", "P": "B"},
    "pasar": {"RTH-1": "X", "R-2": "TB", "R-3": "T", "K-1": "I", "K-2": "I", "SPU": "X", "KT": "B"},
    "air_bersih": {"RTH-1": "B", "R-2": "I", "R-3": "I", "K-1": "I", "K-2": "I", "SPU": "I", "KT": "I", "P": "I"},
    "ruang_terbuka": {"RTH-1": "I", "R-2": "I", "R-3": "I", "K-1": "I", "K-2": "I", "SPU": "I", "KT": "T", "P": "T"},
    "nonfisik": {z: "I" for z in definitions.ZONA_RDTR},
}


def _tahap_dan_status(rng) -> tuple[str, str]:
    u = rng.uniform()
    if u < 0.22:
        return "desa", str(rng.choice(["diajukan", "ditolak", "ditunda"], p=[0.4, 0.3, 0.3]))
    if u < 0.55:
        return "kecamatan", str(
            rng.choice(["diajukan", "diterima", "ditolak", "ditunda", "dikembalikan"], p=[0.3, 0.1, 0.25, 0.25, 0.1])
        )
    if u < 0.78:
        return "forum_pd", str(rng.choice(["diajukan", "diterima", "ditolak", "ditunda"], p=[0.3, 0.2, 0.3, 0.2]))
    return "kabupaten", str(rng.choice(["diterima", "ditolak", "ditunda"], p=[0.7, 0.15, 0.15]))


_MASALAH = {
    "jalan": "Jalan rusak dan berlubang, sulit dilalui saat hujan",
    "drainase": "Genangan air saat hujan karena saluran tidak memadai",
    "irigasi": "Saluran irigasi bocor, sawah kekurangan air",
    "pendidikan": "Ruang kelas rusak dan tidak layak pakai",
    "kesehatan": "Pelayanan kesehatan ibu dan anak belum memadai",
    "pasar": "Los pasar rusak, pedagang berjualan di bahu jalan",
    "air_bersih": "Warga kesulitan air bersih pada musim kemarau",
    "ruang_terbuka": "Tidak ada ruang bermain anak dan ruang publik",
    "nonfisik": "Kapasitas warga dan gizi balita perlu ditingkatkan",
}


#: Some usulan come from groups (issue 16: which usulan each group proposed): usulan number % 10 -> proposer.
_PENGUSUL_KELOMPOK = {3: "PKK", 6: "Karang Taruna", 9: "Kelompok disabilitas"}


def kk_sintetis(kode_desa: str, nomor: int, tahun: int) -> str:
    """A synthetic KK number for a demo proposer, marked as synthetic by its province code 99.

    16 digits (area code of the desa's kecamatan, issue date, serial), derived without a random draw.

    >>> kk_sintetis("99.01.03.2005", 7, 2027)
    '9901030808270007'
    """
    kecamatan = kode_desa.split(".")[2]
    return f"9901{kecamatan}{1 + nomor % 28:02d}{1 + nomor % 12:02d}{tahun % 100:02d}{nomor % 10000:04d}"


def nik_sintetis(kode_desa: str, nomor: int, tahun: int) -> str:
    """A synthetic NIK for a demo proposer, marked as synthetic by its province code 99 (used by no region).

    16 digits shaped like a real NIK (province, kabupaten, kecamatan, birth date, serial), derived from
    the desa code and the usulan's number without a random draw, so the rest of the demo is unchanged.
    Stored as a keyed hash like any NIK (:mod:`geo.store.rahasia`); the public page must never show it.

    >>> nik_sintetis("99.01.03.2005", 7, 2027)
    '9901030808477007'
    """
    kecamatan = kode_desa.split(".")[2]
    return f"9901{kecamatan}{1 + nomor % 28:02d}{1 + nomor % 12:02d}{40 + nomor % 50:02d}{tahun % 10}{nomor % 1000:03d}"


def bangun_usulan(
    wil: gpd.GeoDataFrame, benih: int, tahun: int, per_desa: tuple[int, int], hanya_didanai: bool = False
) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Generate usulan (metric CRS) with their per-tier decisions."""
    rng = np.random.default_rng(benih + 3 + tahun)
    kamus = list(fixture_demo.KAMUS_DEMO)
    desa = wil[wil["tingkat"] == "desa"].reset_index(drop=True)
    awal = datetime(tahun - 1, 1, 8, 9, 0)
    tanggal_tahap = {"desa": 0, "kecamatan": 35, "forum_pd": 55, "kabupaten": 75}
    urut_tahap = list(definitions.TAHAP_FORUM)
    baris, keputusan = [], []
    for _, d in desa.iterrows():
        for _ in range(int(rng.integers(per_desa[0], per_desa[1] + 1))):
            item = kamus[int(rng.integers(len(kamus)))]
            if item.jenis_geometri == "garis":
                panjang = float(rng.uniform(150, 1200))
                geom = garis_dalam(rng, d.geometry, panjang)
                volume = float(round(geom.length))
            else:
                geom = titik_dalam(rng, d.geometry)
                volume = (
                    float(rng.integers(1, 4))
                    if item.satuan in ("unit", "ruang", "titik")
                    else float(rng.integers(1, 3))
                )
                if item.satuan == "titik":
                    volume = float(rng.integers(5, 25))
            biaya = volume * item.harga_satuan
            alasan = None
            if rng.uniform() < 0.08:
                biaya = round(biaya * rng.uniform(1.15, 1.45), -3)
                alasan = "Medan sulit, biaya angkut material lebih tinggi"
            tahap, status = ("kabupaten", "diterima") if hanya_didanai else _tahap_dan_status(rng)
            no = len(baris) + 1
            dibuat = awal + timedelta(days=int(rng.integers(0, 20)), minutes=int(rng.integers(0, 600)))
            pend = int(rng.integers(50, 2500))
            rw = int(rng.integers(1, 12))
            kelompok = _PENGUSUL_KELOMPOK.get(no % 10)  # not drawn: the random stream stays the same
            baris.append(
                {
                    "tahun": tahun,
                    "jenis_usulan": "musrenbang",
                    "pengusul": f"{kelompok} {d['nama']}" if kelompok else f"RW {rw:02d} {d['nama']}",
                    "tingkat_pengusul": kelompok or "RT/RW",
                    "nik_pengusul": nik_sintetis(d["kode"], no, tahun),
                    "kk_pengusul": kk_sintetis(d["kode"], no, tahun),
                    "tahap_asal": "desa",
                    "kode_desa": d["kode"],
                    "kode_kecamatan": d["kode_induk"],
                    "alamat": f"{d['jenis'].title()} {d['nama']}",
                    "kode_kamus": item.kode,
                    "masalah": _MASALAH[item.kelas_kegiatan],
                    "uraian": f"{item.nama} di {d['jenis']} {d['nama']}",
                    "volume": volume,
                    "satuan": item.satuan,
                    "harga_satuan": item.harga_satuan,
                    "biaya": float(biaya),
                    "alasan_biaya": alasan,
                    "bidang": item.bidang,
                    "opd_awal": item.opd,
                    "opd_akhir": item.opd if urut_tahap.index(tahap) >= 2 else None,
                    "sumber_dana": "APBD Kabupaten",
                    "penerima_laki": pend // 2,
                    "penerima_perempuan": pend - pend // 2,
                    "penerima_rentan": int(pend * rng.uniform(0.05, 0.2)),
                    "status_lahan": str(rng.choice(list(definitions.STATUS_LAHAN_USULAN), p=[0.35, 0.3, 0.2, 0.15])),
                    "sertifikat": bool(rng.uniform() < 0.4),
                    "gambar_teknis": bool(rng.uniform() < 0.5),
                    "rab": bool(rng.uniform() < 0.6),
                    "tahap": tahap,
                    "status": status,
                    "lanjut_tahun_depan": status in ("ditunda",) and tahap != "desa",
                    "versi": 1,
                    "dibuat_oleh": "demo",
                    "dibuat_pada": dibuat,
                    "diubah_pada": dibuat,
                    "geometry": geom,
                }
            )
            for t in urut_tahap[: urut_tahap.index(tahap) + 1]:
                if t == tahap and status == "diajukan":
                    break
                st = "diterima" if t != tahap else status
                keputusan.append(
                    {
                        "usulan_id": no,
                        "tahap": t,
                        "status": st,
                        "alasan": {
                            "diterima": "Disepakati forum sebagai prioritas",
                            "ditolak": "Bukan kewenangan kabupaten / di luar prioritas",
                            "ditunda": "Melebihi pagu, diusulkan tahun berikutnya",
                            "dikembalikan": "Dokumen kesiapan belum lengkap",
                        }[st],
                        "nilai_rekomendasi": float(biaya) if st == "diterima" else None,
                        "oleh": f"demo ({definitions.TAHAP_FORUM[t]})",
                        "waktu": awal + timedelta(days=tanggal_tahap[t] + 25, hours=no % 8),
                    }
                )
    gdf = gpd.GeoDataFrame(baris, crs=CRS_METRIK_DEMO)
    # forum assessments (1..5) from their own generator, so earlier fields stay as they were
    rng_nilai = np.random.default_rng(benih + 7 + tahun)
    for k in ("urgensi", "dampak", "selaras_rpjmd"):
        gdf[k] = rng_nilai.integers(1, 6, len(gdf))
    return gdf, pd.DataFrame(keputusan)


def bangun_lahan(usulan: gpd.GeoDataFrame, pola: gpd.GeoDataFrame, benih: int) -> gpd.GeoDataFrame:
    """Small land parcels under physical usulan points, with a mapped land status."""
    rng = np.random.default_rng(benih + 4)
    titik = usulan[usulan.geometry.geom_type == "Point"].geometry
    hutan = shapely.union_all(list(pola[pola["kodkws"].isin(["HL", "HP"])].geometry))
    dipilih: list[Point] = []
    for p in titik:
        if all(p.distance(q) > 250 for q in dipilih):
            dipilih.append(p)
    baris = []
    for p in dipilih:
        w, h = rng.uniform(25, 80, 2)
        dx, dy = rng.uniform(-0.4, 0.4, 2)
        g = box(p.x - w * (0.5 + dx), p.y - h * (0.5 + dy), p.x + w * (0.5 - dx), p.y + h * (0.5 - dy))
        if hutan.contains(p):
            status = "kawasan_hutan"
        else:
            status = str(rng.choice(["aset_pemda", "tanah_desa", "milik_warga", "sengketa"], p=[0.4, 0.3, 0.24, 0.06]))
        baris.append({"status": status, "keterangan": None, "geometry": g})
    gdf = gpd.GeoDataFrame(baris, crs=CRS_METRIK_DEMO)
    return urut_geom(gdf, ["status"])


def bangun_realisasi(usulan_lalu: pd.DataFrame, benih: int) -> pd.DataFrame:
    """Monthly RFK (cumulative) of last year's funded usulan: January–September reported, the rest planned.

    About one activity in ten skips a month (a gap, never a zero); late ones carry a kendala and a
    follow-up from the month they fall behind.
    """
    rng = np.random.default_rng(benih + 5)
    rencana = [2.0, 5.0, 12.0, 20.0, 30.0, 40.0, 52.0, 65.0, 78.0, 88.0, 95.0, 100.0]
    waktu = datetime(TAHUN_BERJALAN, 10, 5, 9, 0)
    baris = []
    for _, u in usulan_lalu.iterrows():
        telat = float(rng.choice([0, 4, 9, 16], p=[0.45, 0.3, 0.15, 0.1]))
        bolos = int(rng.integers(1, 10)) if rng.random() < 0.1 else 0  # a month not reported
        real = 0.0
        for b in range(1, 13):
            rf = rencana[b - 1]
            lapor = b <= 9 and b != bolos
            real = max(real, round(rf - telat * b / 9 - rng.uniform(0, 2), 1), 0.0)
            terlambat = telat >= 9 and b >= 6 and lapor
            baris.append(
                {
                    "usulan_id": int(u["id"]),
                    "tahun": TAHUN_BERJALAN,
                    "bulan": b,
                    "rencana_fisik": rf,
                    "realisasi_fisik": real if lapor else None,
                    "rencana_keuangan": round(u["biaya"] * rf / 100, -3),
                    "realisasi_keuangan": round(u["biaya"] * max(real - 3, 0) / 100, -3) if lapor else None,
                    "kendala": "Keterlambatan pengadaan material" if terlambat else None,
                    "tindak_lanjut": "Rapat percepatan dengan penyedia" if terlambat else None,
                    "catatan_verifikator": None,
                    "versi": 1,
                    "oleh": "demo",
                    "diubah_pada": waktu,
                }
            )
    return pd.DataFrame(baris)


def bangun_pagu(usulan: pd.DataFrame, wil: pd.DataFrame) -> pd.DataFrame:
    """Pagu indikatif per kecamatan and per OPD: 70 % of what reached kecamatan, rounded."""
    lanjut = usulan[usulan["tahap"] != "desa"]
    baris = []
    for kec in wil.loc[wil["tingkat"] == "kecamatan", "kode"]:
        total = lanjut.loc[lanjut["kode_kecamatan"] == kec, "biaya"].sum()
        baris.append({"tahun": TAHUN_USULAN, "jenis": "kecamatan", "kode": kec, "nilai": float(round(total * 0.7, -7))})
    for opd, total in lanjut.groupby("opd_awal")["biaya"].sum().sort_index().items():
        baris.append({"tahun": TAHUN_USULAN, "jenis": "opd", "kode": opd, "nilai": float(round(total * 0.6, -7))})
    return pd.DataFrame(baris)
