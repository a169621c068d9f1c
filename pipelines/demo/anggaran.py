"""Demo budget chain of "Kabupaten Contoh" (*data sintetis*).

Nomenclature subset, OPD list, kamus mapping, ceilings, and for last year's funded activities the
Renja lines, DPA (murni and one pergeseran), detail rows and RAK, so every demo activity can be
traced from desa to realisasi.

Codes follow the shape of Permendagri 90/2019 (``1.03.10.2.01.0001``); names are realistic but the
subset is illustrative — a kabupaten loads the current national list with ``load nomenklatur``.
One kamus item (``K-RTH-01``) is left unmapped on purpose: the DIPA page lists it, never guesses.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd

from geo.domain.anggaran import REKENING_BAKU, REKENING_LAIN, induk_kode, tingkat_kode
from geo.store import db
from geo.store import renja as simpanan
from pipelines import fixture_demo as fx
from pipelines.fixture_demo import KAMUS_DEMO

SUMBER_NOMENKLATUR = "nomenklatur contoh (bentuk Permendagri 90/2019)"

#: (kode, nama, indikator keluaran, satuan) — indicator and unit only on sub-kegiatan.
NOMENKLATUR_DEMO: tuple[tuple[str, str, str | None, str | None], ...] = (
    ("1", "Urusan Pemerintahan Wajib yang Berkaitan dengan Pelayanan Dasar", None, None),
    ("1.01", "Pendidikan", None, None),
    ("1.01.02", "Program Pengelolaan Pendidikan", None, None),
    ("1.01.02.2.01", "Pengelolaan Pendidikan Sekolah Dasar", None, None),
    (
        "1.01.02.2.01.0017",
        "Rehabilitasi Sedang/Berat Ruang Kelas Sekolah",
        "Jumlah ruang kelas yang direhabilitasi",
        "ruang",
    ),
    ("1.01.02.2.01.0026", "Pembangunan Jamban Sekolah", "Jumlah jamban sekolah yang dibangun", "unit"),
    ("1.02", "Kesehatan", None, None),
    ("1.02.02", "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat", None, None),
    (
        "1.02.02.2.01",
        "Penyediaan Fasilitas Pelayanan Kesehatan untuk UKM dan UKP Kewenangan Daerah Kabupaten/Kota",
        None,
        None,
    ),
    (
        "1.02.02.2.01.0016",
        "Pembangunan Fasilitas Kesehatan Lainnya (Posyandu)",
        "Jumlah posyandu yang dibangun",
        "unit",
    ),
    (
        "1.02.02.2.02",
        "Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan Tingkat Daerah Kabupaten/Kota",
        None,
        None,
    ),
    (
        "1.02.02.2.02.0040",
        "Pengelolaan Pelayanan Kesehatan Gizi Masyarakat",
        "Jumlah paket makanan tambahan balita",
        "paket",
    ),
    ("1.03", "Pekerjaan Umum dan Penataan Ruang", None, None),
    ("1.03.03", "Program Pengelolaan dan Pengembangan Sistem Penyediaan Air Minum", None, None),
    (
        "1.03.03.2.01",
        "Pengelolaan dan Pengembangan Sistem Penyediaan Air Minum (SPAM) di Daerah Kabupaten/Kota",
        None,
        None,
    ),
    ("1.03.03.2.01.0010", "Pembangunan Sumur Bor dan Tandon Air", "Jumlah unit sumur bor yang dibangun", "unit"),
    ("1.03.05", "Program Pengelolaan dan Pengembangan Sistem Drainase", None, None),
    (
        "1.03.05.2.01",
        "Pengelolaan dan Pengembangan Sistem Drainase yang Terhubung Langsung dengan Sungai",
        None,
        None,
    ),
    ("1.03.05.2.01.0005", "Pembangunan Saluran Drainase Lingkungan", "Panjang saluran drainase yang dibangun", "m"),
    ("1.03.06", "Program Pengelolaan Sumber Daya Air (SDA)", None, None),
    ("1.03.06.2.01", "Pengelolaan SDA dan Bangunan Pengaman Pantai pada Wilayah Sungai", None, None),
    (
        "1.03.06.2.01.0010",
        "Rehabilitasi Jaringan Irigasi Tersier",
        "Panjang saluran irigasi yang direhabilitasi",
        "m",
    ),
    ("1.03.10", "Program Penyelenggaraan Jalan", None, None),
    ("1.03.10.2.01", "Penyelenggaraan Jalan Kabupaten/Kota", None, None),
    ("1.03.10.2.01.0001", "Rehabilitasi Jalan", "Panjang jalan yang direhabilitasi", "m"),
    ("1.03.10.2.01.0002", "Peningkatan Kapasitas Jalan (Pengaspalan)", "Panjang jalan yang ditingkatkan", "m"),
    ("1.03.10.2.01.0018", "Pembangunan Jembatan", "Jumlah jembatan yang dibangun", "unit"),
    ("1.04", "Perumahan dan Kawasan Permukiman", None, None),
    ("1.04.04", "Program Kawasan Permukiman", None, None),
    ("1.04.04.2.01", "Penataan Kawasan Permukiman", None, None),
    (
        "1.04.04.2.01.0004",
        "Penyediaan Penerangan Jalan Umum Tenaga Surya",
        "Jumlah titik PJU yang terpasang",
        "titik",
    ),
    ("3", "Urusan Pemerintahan Pilihan", None, None),
    ("3.27", "Pertanian", None, None),
    ("3.27.03", "Program Penyediaan dan Pengembangan Prasarana Pertanian", None, None),
    ("3.27.03.2.01", "Pengelolaan Prasarana Pertanian", None, None),
    ("3.27.03.2.01.0002", "Pembangunan Jaringan Irigasi Usaha Tani", "Panjang jaringan irigasi usaha tani", "m"),
    ("3.31", "Perdagangan", None, None),
    ("3.31.05", "Program Pengembangan Ekspor dan Sarana Distribusi Perdagangan", None, None),
    ("3.31.05.2.01", "Pembangunan dan Pengelolaan Sarana Distribusi Perdagangan", None, None),
    ("3.31.05.2.01.0002", "Rehabilitasi Pasar Rakyat", "Jumlah los pasar yang direhabilitasi", "unit"),
    ("2", "Urusan Pemerintahan Wajib yang Tidak Berkaitan dengan Pelayanan Dasar", None, None),
    ("2.17", "Koperasi, Usaha Kecil, dan Menengah", None, None),
    ("2.17.07", "Program Pemberdayaan Usaha Menengah, Usaha Kecil, dan Usaha Mikro (UMKM)", None, None),
    ("2.17.07.2.01", "Pemberdayaan Usaha Mikro yang Dilakukan Melalui Pendataan dan Kemitraan", None, None),
    ("2.17.07.2.01.0003", "Pelatihan Kewirausahaan UMKM", "Jumlah paket pelatihan UMKM", "paket"),
)

#: (kode SKPD, nama as used in usulan and kamus, singkatan).
OPD_DEMO: tuple[tuple[str, str, str], ...] = (
    ("1.01.2.19.0.00.01.0000", fx.OPD_DIKBUD, "Disdikbud"),
    ("1.02.0.00.0.00.01.0000", fx.OPD_DINKES, "Dinkes"),
    ("1.03.1.04.0.00.01.0000", fx.OPD_PUPR, "DPUPR"),
    ("1.04.0.00.0.00.01.0000", fx.OPD_PERKIM, "Disperkim"),
    ("3.27.2.09.0.00.01.0000", fx.OPD_PERTANIAN, "Distankp"),
    ("2.17.3.31.0.00.01.0000", fx.OPD_DAGKOP, "Diskopdag"),
)

#: Kamus item -> sub-kegiatan. ``K-RTH-01`` (taman desa) is left out on purpose.
PADANAN_DEMO: dict[str, str] = {
    "K-JLN-01": "1.03.10.2.01.0001",
    "K-JLN-02": "1.03.10.2.01.0002",
    "K-JLN-03": "1.03.10.2.01.0018",
    "K-DRN-01": "1.03.05.2.01.0005",
    "K-IRG-01": "3.27.03.2.01.0002",
    "K-PDK-01": "1.01.02.2.01.0017",
    "K-PDK-02": "1.01.02.2.01.0026",
    "K-KES-01": "1.02.02.2.01.0016",
    "K-KES-02": "1.02.02.2.02.0040",
    "K-AIR-01": "1.03.03.2.01.0010",
    "K-PJU-01": "1.04.04.2.01.0004",
    "K-PSR-01": "3.31.05.2.01.0002",
    "K-UMK-01": "2.17.07.2.01.0003",
}


def isi_referensi(con) -> None:
    """Nomenclature subset, OPD list and kamus mapping of the demo."""
    nom = pd.DataFrame(NOMENKLATUR_DEMO, columns=["kode", "nama", "indikator", "satuan"])
    nom["tingkat"] = nom["kode"].map(tingkat_kode)
    nom["kode_induk"] = nom["kode"].map(induk_kode)
    nom["sumber"] = SUMBER_NOMENKLATUR
    db.sisipkan(con, "nomenklatur", nom)
    db.sisipkan(con, "opd", pd.DataFrame(OPD_DEMO, columns=["kode", "nama", "singkatan"]).assign(sumber="sintetis"))
    pad = pd.DataFrame(list(PADANAN_DEMO.items()), columns=["kode_kamus", "kode_sub_kegiatan"])
    db.sisipkan(con, "padanan_nomenklatur", pad.assign(sumber="sintetis"))


def plafon_demo(usulan: pd.DataFrame, tahun: int, kode_kab: str) -> pd.DataFrame:
    """KUA-PPAS ceilings of ``tahun``: 90 % of the agreed value per OPD, rounded to Rp 10 juta (cuts a few)."""
    sepakat = usulan[(usulan["tahun"] == tahun) & (usulan["tahap"] == "kabupaten") & (usulan["status"] == "diterima")]
    opd = sepakat["opd_akhir"].fillna(sepakat["opd_awal"])
    per = sepakat.groupby(opd.to_numpy())["biaya"].sum().sort_index()
    return pd.DataFrame(
        {
            "kode_kabupaten": kode_kab,
            "tahun": tahun,
            "opd": per.index,
            "kode_program": "",
            "nilai": (np.floor(per.to_numpy() * 0.9 / 1e7) * 1e7),
            "terkontrak": 0.0,
            "versi": 1,
            "oleh": "demo",
            "diubah_pada": datetime(tahun - 1, 7, 15, 9, 0),
        }
    )


def isi_kerja(con, usulan: pd.DataFrame, realisasi: pd.DataFrame, kode_kab: str, tahun_lalu: int, tahun: int) -> None:
    """Ceilings of ``tahun``; Renja, DPA (murni + one pergeseran), detail rows and RAK of ``tahun_lalu``.

    The RAK of version 1 is the monthly step of each activity's ``rencana_keuangan``; version 2
    (from October) moves one activity's October cash to December, and that activity's realisasi
    rows carry the plan of the version in force (what monitoring compares against).
    """
    db.sisipkan(con, "plafon", plafon_demo(usulan, tahun, kode_kab))
    didanai = usulan[(usulan["tahun"] == tahun_lalu) & (usulan["tahap"] == "kabupaten")].sort_values("id")
    kelas = {k.kode: k.kelas_kegiatan for k in KAMUS_DEMO}
    nama_kamus = {k.kode: k.nama for k in KAMUS_DEMO}
    waktu = datetime(tahun_lalu - 1, 6, 1, 9, 0)
    renja = pd.DataFrame(
        {
            "id": np.arange(1, len(didanai) + 1),
            "kode_kabupaten": kode_kab,
            "tahun": tahun_lalu,
            "opd": didanai["opd_akhir"].fillna(didanai["opd_awal"]).to_numpy(),
            "kode_sub_kegiatan": didanai["kode_kamus"].map(PADANAN_DEMO).fillna("1.04.04.2.01.0004").to_numpy(),
            "kode_wilayah": didanai["kode_desa"].to_numpy(),
            "uraian": didanai["uraian"].to_numpy(),
            "target_volume": didanai["volume"].to_numpy(),
            "satuan": didanai["satuan"].to_numpy(),
            "indikator": "",
            "pagu_indikatif": didanai["biaya"].to_numpy(),
            "asal": "musrenbang",
            "usulan_id": [[int(i)] for i in didanai["id"]],
        }
    )
    sub = dict(NOMENKLATUR_DEMO_INDIKATOR)
    renja["indikator"] = renja["kode_sub_kegiatan"].map(sub).fillna("")
    n = len(renja)
    # the same road twice (domain §8): a DPRD pokir line for Perkim at the desa of a funded PU road usulan
    jalan = didanai[didanai["kode_kamus"] == "K-JLN-01"].iloc[0]
    lain = pd.DataFrame(
        {
            "id": [n + 1, n + 2, n + 3, n + 4],
            "kode_kabupaten": kode_kab,
            "tahun": tahun_lalu,
            "opd": [fx.OPD_PUPR, fx.OPD_DINKES, fx.OPD_PUPR, fx.OPD_PERKIM],
            "kode_sub_kegiatan": ["1.03.10.2.01.0001", "1.02.02.2.02.0040", "1.03.05.2.01.0005", "1.03.10.2.01.0001"],
            "kode_wilayah": [kode_kab, kode_kab, kode_kab, jalan["kode_desa"]],
            "uraian": [
                "Rehabilitasi ruas jalan kabupaten (rencana teknokratis)",
                "Pemberian makanan tambahan balita gizi kurang (rencana teknokratis)",
                "Normalisasi saluran drainase pusat kota (pokok pikiran DPRD)",
                f"{jalan['uraian']} (pokok pikiran DPRD)",
            ],
            "target_volume": [1200.0, 40.0, 350.0, float(jalan["volume"])],
            "satuan": ["m", "paket", "m", "m"],
            "indikator": [sub[k] for k in ("1.03.10.2.01.0001", "1.02.02.2.02.0040", "1.03.05.2.01.0005")]
            + [sub["1.03.10.2.01.0001"]],
            "pagu_indikatif": [1_140_000_000.0, 500_000_000.0, 385_000_000.0, float(jalan["biaya"])],
            "asal": ["teknokratis", "teknokratis", "pokir", "pokir"],
            "usulan_id": [[], [], [], []],
        }
    )
    renja = pd.concat([renja, lain], ignore_index=True)
    renja["versi"] = 1
    renja["oleh"] = "demo"
    renja["diubah_pada"] = waktu
    db.sisipkan(con, "renja", renja)
    simpanan.majukan_urutan_renja(con, len(renja))
    db.sisipkan(
        con,
        "dpa_versi",
        pd.DataFrame(
            {
                "kode_kabupaten": kode_kab,
                "tahun": tahun_lalu,
                "versi": [1, 2],
                "jenis": ["murni", "pergeseran"],
                "berlaku_bulan": [1, 10],
                "alasan": ["DPA murni (Perda APBD)", "Pergeseran kas: pekerjaan mundur karena cuaca"],
                "oleh": "demo",
                "waktu": [datetime(tahun_lalu - 1, 12, 20, 9, 0), datetime(tahun_lalu, 9, 25, 9, 0)],
            }
        ),
    )
    # RAK of version 1: the monthly step of each activity's cumulative cash plan
    rk = realisasi.sort_values(["usulan_id", "bulan"]).copy()
    rk["nilai"] = rk.groupby("usulan_id")["rencana_keuangan"].diff().fillna(rk["rencana_keuangan"])
    rid = dict(zip(didanai["id"].astype(int), renja["id"].iloc[: len(didanai)], strict=True))
    rak1 = pd.DataFrame({"renja_id": rk["usulan_id"].map(rid), "bulan": rk["bulan"], "nilai": rk["nilai"].round(2)})
    lain_rak = [
        {"renja_id": int(r.id), "bulan": b, "nilai": float(r.pagu_indikatif) * w}
        for r in lain.itertuples()
        for b, w in ((3, 0.2), (6, 0.3), (9, 0.3), (12, 0.2))
    ]
    rak1 = pd.concat([rak1, pd.DataFrame(lain_rak)], ignore_index=True)
    pagu = renja.set_index("id")["pagu_indikatif"]
    # rounding: the last month takes the remainder so every RAK sums to its pagu
    jumlah = rak1.groupby("renja_id")["nilai"].sum()
    akhir = rak1.groupby("renja_id")["bulan"].idxmax()
    rak1.loc[akhir.to_numpy(), "nilai"] += (pagu.reindex(jumlah.index) - jumlah).to_numpy()
    rak2 = rak1.copy()
    geser = int(renja["id"].iloc[0])  # the first activity: October cash moved to December
    okt = (rak2["renja_id"] == geser) & (rak2["bulan"] == 10)
    des = (rak2["renja_id"] == geser) & (rak2["bulan"] == 12)
    rak2.loc[des, "nilai"] += rak2.loc[okt, "nilai"].sum()
    rak2.loc[okt, "nilai"] = 0.0
    kode_kamus = [*didanai["kode_kamus"], "K-JLN-01", "K-KES-02", "K-DRN-01", "K-JLN-01"]
    rincian = pd.DataFrame(
        {
            "renja_id": renja["id"],
            "no": 1,
            "kode_rekening": [REKENING_BAKU.get(kelas.get(k, ""), REKENING_LAIN) for k in kode_kamus],
            "komponen": [
                nama_kamus.get(k, u)
                for k, u in zip([*didanai["kode_kamus"], "", "", "", ""], renja["uraian"], strict=True)
            ],
            "volume": renja["target_volume"],
            "satuan": renja["satuan"],
            "harga_satuan": (renja["pagu_indikatif"] / renja["target_volume"]).round(2),
        }
    )
    for versi, rak in ((1, rak1), (2, rak2)):
        kunci = {"kode_kabupaten": kode_kab, "tahun": tahun_lalu, "versi": versi}
        db.sisipkan(con, "dpa", pd.DataFrame({**kunci, "renja_id": renja["id"], "pagu": renja["pagu_indikatif"]}))
        db.sisipkan(con, "dpa_rincian", rincian.assign(**kunci)[["kode_kabupaten", "tahun", "versi", *rincian]])
        db.sisipkan(con, "rak", rak.assign(**kunci)[["kode_kabupaten", "tahun", "versi", "renja_id", "bulan", "nilai"]])


NOMENKLATUR_DEMO_INDIKATOR: tuple[tuple[str, str], ...] = tuple((k, i) for k, _, i, _ in NOMENKLATUR_DEMO if i)
