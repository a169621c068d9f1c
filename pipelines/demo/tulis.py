"""Writing the demo: fill fresh reference and working databases, swap them in, fingerprint tables."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.domain import definitions
from geo.domain.usulan import KOLOM_SIDIK
from geo.errors import KesalahanBasisData
from geo.settings import CRS_METRIK_DEMO, CRS_SIMPAN, BerkasData
from geo.store import db, keadaan, rahasia, referensi, ringkas
from geo.store import demo as simpanan_demo
from pipelines import fixture_demo
from pipelines.demo import acara as demo_acara
from pipelines.demo import anggaran as demo_anggaran
from pipelines.demo.dasar import (
    BENIH_BAKU,
    KODE_KABUPATEN,
    SUMBER,
    TAHUN_BERJALAN,
    TAHUN_USULAN,
    UKURAN_BAKU,
    VERSI_KODE,
    Ukuran,
)
from pipelines.demo.tabel import (
    ITBX_DEMO,
    MATRIKS_DEMO,
    bangun_indikator,
    bangun_lahan,
    bangun_pagu,
    bangun_realisasi,
    bangun_usulan,
)
from pipelines.demo.wilayah import bangun_fasilitas, bangun_tata_ruang, bangun_wilayah, wilayah_untuk_simpan


def ke_4326(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The frame in the storage CRS (EPSG:4326)."""
    return gdf.to_crs(CRS_SIMPAN)


def isi_referensi(con, benih: int = BENIH_BAKU, ukuran: Ukuran = UKURAN_BAKU) -> dict:
    """Fill an empty reference database with the demo kabupaten.

    Returns
    -------
    dict
        The generated frames (metric CRS) that :func:`isi_kerja` needs.
    """
    wil = bangun_wilayah(benih, ukuran)
    simpan = wilayah_untuk_simpan(wil)
    kol = ["kode", "nama", "tingkat", "jenis", "kode_induk", "kode_bps", "versi_kode", "luas_ha"]
    df = pd.DataFrame(simpan[kol])
    df["geom"] = simpan.geometry.values
    df["geom_tampil"] = simpan["geom_tampil"].values
    db.sisipkan(con, "wilayah", df, ("geom", "geom_tampil"))

    meta = pd.DataFrame([m.__dict__ for m in fixture_demo.INDIKATOR_DEMO])
    db.sisipkan(con, "indikator_meta", meta)
    ind = bangun_indikator(wil, benih)
    db.sisipkan(con, "indikator", ind)

    tr = bangun_tata_ruang(wil, benih, ukuran)
    for tabel, kol_data in (
        ("pola_ruang", ["id", "namobj", "kodkws", "kawasan"]),
        ("zonasi", ["id", "kode_zona", "nama_zona"]),
        ("overlay", ["id", "jenis", "kelas", "nama"]),
    ):
        g = ke_4326(tr[tabel])
        df = pd.DataFrame(g[kol_data])
        df["sumber"] = SUMBER
        if tabel == "pola_ruang":
            df["atribut"] = [
                json.dumps({"NAMOBJ": n, "KODKWS": k}) for n, k in zip(g["namobj"], g["kodkws"], strict=True)
            ]
        if tabel == "zonasi":
            df["matriks"] = MATRIKS_DEMO
        df["geom"] = g.geometry.values
        db.sisipkan(con, tabel, df, ("geom",))
    fas = ke_4326(bangun_fasilitas(wil, ind, benih))
    referensi.sisipkan_berid(
        con,
        "overlay",
        pd.DataFrame(
            {
                "jenis": "fasilitas",
                "kelas": fas["kelas"].values,
                "nama": fas["nama"].values,
                "sumber": SUMBER,
                "geom": fas.geometry.values,
            }
        ),
    )

    db.sisipkan(
        con, "kelas_kegiatan", pd.DataFrame([{"kode": k, "nama": v} for k, v in definitions.KELAS_KEGIATAN.items()])
    )
    db.sisipkan(
        con,
        "itbx",
        pd.DataFrame(
            [
                {
                    "matriks": MATRIKS_DEMO,
                    "kode_kegiatan": k,
                    "kode_zona": z,
                    "nilai": v,
                    "catatan": None,
                    "sumber": SUMBER,
                }
                for k, sel in ITBX_DEMO.items()
                for z, v in sel.items()
            ]
        ),
    )
    kamus = pd.DataFrame([k.__dict__ for k in fixture_demo.KAMUS_DEMO])
    kamus["tahun_harga"] = TAHUN_USULAN
    kamus["sumber"] = "SSH/HSPK sintetis"
    db.sisipkan(con, "kamus_usulan", kamus)
    demo_anggaran.isi_referensi(con)  # nomenclature subset, OPD list, kamus -> sub-kegiatan (issue 15)

    usulan, kep = bangun_usulan(wil, benih, TAHUN_USULAN, (2, 5))
    lahan = ke_4326(bangun_lahan(usulan, tr["pola_ruang"], benih))
    df = pd.DataFrame(lahan[["id", "status", "keterangan"]])
    df["sumber"] = SUMBER
    df["geom"] = lahan.geometry.values
    db.sisipkan(con, "lahan", df, ("geom",))
    jumlah = sum(
        ringkas.jumlah_baris(con, t)
        for t in ("wilayah", "indikator", "pola_ruang", "zonasi", "overlay", "itbx", "lahan", "kamus_usulan")
    )
    db.catat_muat(
        con, "demo", f"pipelines.demo benih={benih}", _hash_benih(benih), 0, jumlah, [], VERSI_KODE, "pipelines demo"
    )
    return {"wilayah": wil, "usulan": usulan, "keputusan": kep}


def _hash_benih(benih: int) -> str:
    return hashlib.sha256(f"petarencana-demo:{benih}".encode()).hexdigest()


def isi_kerja(con, hasil_ref: dict, benih: int = BENIH_BAKU, folder: Path | None = None) -> None:
    """Fill an empty working database: usulan, decisions, pagu and realisasi.

    The usulan's synthetic NIKs are stored keyed-hashed with the key of ``folder`` (the data folder),
    as the app stores any NIK; without ``folder`` they are left out.
    """
    wil = hasil_ref["wilayah"]
    lalu, kep_lalu = bangun_usulan(wil, benih, TAHUN_BERJALAN, (0, 1), hanya_didanai=True)
    usulan = pd.concat([lalu, hasil_ref["usulan"]], ignore_index=True)
    kep = hasil_ref["keputusan"].copy()
    kep["usulan_id"] = kep["usulan_id"] + len(lalu)
    kep = pd.concat([kep_lalu, kep], ignore_index=True)  # last year's funded usulan keep their path (Lacak Usulan)
    usulan = ke_4326(gpd.GeoDataFrame(usulan, crs=CRS_METRIK_DEMO))
    df = pd.DataFrame(usulan.drop(columns="geometry"))
    df.insert(0, "id", np.arange(1, len(df) + 1))
    df["geom"] = usulan.geometry.values
    for kolom in KOLOM_SIDIK:  # stored as a keyed hash like any identity number
        df[kolom] = [rahasia.sidik_nik(folder, n) if folder is not None else None for n in df[kolom]]
    db.sisipkan(con, "usulan", df, ("geom",))
    # keep the id sequence ahead of the generated ids
    simpanan_demo.majukan_urutan_usulan(con, len(df))
    db.sisipkan(con, "keputusan", kep)
    # vote tallies at the kecamatan forums still in session
    rng_suara = np.random.default_rng(benih + 8)
    sidang = df[(df["tahap"] == "kecamatan") & (df["status"] == "diajukan")]
    db.sisipkan(
        con,
        "suara",
        pd.DataFrame(
            {
                "usulan_id": sidang["id"].to_numpy(),
                "tahap": "kecamatan",
                "jumlah": rng_suara.integers(0, 40, len(sidang)),
                "oleh": "demo",
                "waktu": datetime(TAHUN_USULAN - 1, 2, 20, 10, 0),
            }
        ),
    )
    db.sisipkan(con, "pagu", bangun_pagu(df.iloc[len(lalu) :], wil))
    didanai = df.iloc[: len(lalu)]
    realisasi = bangun_realisasi(didanai, benih)
    db.sisipkan(con, "realisasi", realisasi)
    # the budget chain (issue 15): ceilings of the plan year; Renja, DPA and RAK of last year's activities
    demo_anggaran.isi_kerja(con, df, realisasi, KODE_KABUPATEN, TAHUN_BERJALAN, TAHUN_USULAN)
    slide = [
        {
            "indikator": "persen_miskin",
            "tahun": 2025,
            "tingkat": "desa",
            "skema": "kuantil",
            "k": 5,
            "palet": "YlOrRd",
            "judul": "Persentase penduduk miskin per desa, 2025",
        },
        {
            "indikator": "prevalensi_stunting",
            "tahun": 2025,
            "tingkat": "desa",
            "skema": "jenks",
            "k": 5,
            "palet": "Purples",
            "judul": "Prevalensi balita stunting per desa, 2025",
        },
        {
            "indikator": "persen_jalan_rusak",
            "tahun": 2025,
            "tingkat": "kecamatan",
            "skema": "interval_sama",
            "k": 4,
            "palet": "Blues",
            "judul": "Jalan desa rusak per kecamatan, 2025",
        },
    ]
    simpanan_demo.sisipkan_slide_set(
        con, "Musrenbang Kecamatan 2027", KODE_KABUPATEN, json.dumps(slide), "demo", datetime(2026, 1, 20, 8, 0)
    )
    # forum events (issue 16): schedule, facilitators, address book, invitations, attendance, minutes
    demo_acara.isi_kerja(con, wil, df, KODE_KABUPATEN, TAHUN_USULAN, benih)
    db.catat_muat(
        con, "demo", f"pipelines.demo benih={benih}", _hash_benih(benih), 0, len(df), [], VERSI_KODE, "pipelines demo"
    )


def bangun_demo(
    berkas: BerkasData,
    benih: int = BENIH_BAKU,
    ulang_kerja: bool = False,
    ukuran: Ukuran = UKURAN_BAKU,
    paksa: bool = False,
) -> dict[str, int]:
    """Build the demo reference database, and the working one if absent or ``ulang_kerja``.

    The reference file is written to a temporary copy and swapped in atomically; an
    existing working file (users' usulan, decisions, realisasi) is kept unless
    ``ulang_kerja``; a replaced file is always kept as a backup (``<folder>/cadangan``). A
    reference file that holds loads other than the demo is not replaced unless ``paksa``.

    Parameters
    ----------
    berkas : BerkasData
        Target data folder.
    benih : int
        Random seed.
    ulang_kerja : bool
        Rebuild the working database too.
    ukuran : Ukuran
        Size of the region.
    paksa : bool
        Replace a reference file holding the user's own loads (it is backed up first).

    Returns
    -------
    dict
        Row counts of the main tables.
    """
    berkas.folder.mkdir(parents=True, exist_ok=True)
    if not berkas.server and berkas.referensi.exists() and not paksa:
        dimuat = ringkas.muatan_bukan_demo(berkas.referensi)
        if dimuat:
            raise KesalahanBasisData(
                f"{berkas.referensi} berisi data yang dimuat sendiri ({', '.join(dimuat[:5])}); membangun demo "
                "akan menggantinya dengan data sintetis. Bila memang itu yang diinginkan, ulangi dengan --paksa "
                "(berkas sekarang tetap disimpan sebagai cadangan); untuk memulihkan data, pakai "
                "`python -m pipelines pulihkan`."
            )
    with db.ganti_atomik(berkas.referensi, "referensi", dari_awal=True, url=berkas.server) as con:
        hasil = isi_referensi(con, benih, ukuran)
        jumlah = {
            t: ringkas.jumlah_baris(con, t)
            for t in ("wilayah", "indikator", "pola_ruang", "zonasi", "overlay", "lahan")
        }
    if ulang_kerja or not keadaan.ada_basis_data(berkas, "kerja"):
        # an existing working file is kept as a rotating backup by the swap (geo.store.cadangan)
        with db.ganti_atomik(berkas.kerja, "kerja", dari_awal=True, url=berkas.server) as con:
            isi_kerja(con, hasil, benih, berkas.folder)
            jumlah["usulan"] = ringkas.jumlah_baris(con, "usulan")
    return jumlah


def sidik_tabel(path: Path) -> dict[str, str]:
    """Return a sha256 per data table of a database file (see :func:`geo.store.ringkas.sidik_tabel`)."""
    return ringkas.sidik_tabel(path)
