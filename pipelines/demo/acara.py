"""Demo forum events (issue 16): schedule, facilitators, address book, invitations, attendance, minutes.

Deterministic (seeded; fixed timestamps).

Desa forums in January, kecamatan forums in February (five held, three still planned; one desa
forum was moved after its kecamatan forum, so the schedule shows a tier-order warning), the
forum perangkat daerah and the kabupaten forum in March. Names and phone numbers are synthetic
(numbers 0800-…, not in use).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.domain.acara import KATEGORI_PER_TAHAP
from geo.store import acara as simpanan_acara
from geo.store import db

_DEPAN_P = ("Siti", "Sri", "Dewi", "Nur", "Ratna", "Wulan", "Yuni", "Rina", "Lestari", "Ani", "Tuti", "Endang")
_DEPAN_L = ("Budi", "Agus", "Joko", "Slamet", "Hendra", "Andi", "Rudi", "Bambang", "Eko", "Dedi", "Wahyu", "Yusuf")
_BELAKANG = (
    "Santoso",
    "Wibowo",
    "Lestari",
    "Hidayat",
    "Saputra",
    "Rahayu",
    "Kurniawan",
    "Setiawan",
    "Pratama",
    "Utami",
)

#: Kecamatan forums (index in code order) held, and those with attendance recorded.
_DIGELAR = 5
_BA = 3
_HADIR_DICATAT = (0, 1)
#: Material of the kecamatan forums: the demo slide set (id 1), baseline indicators, a prioritisation guide.
_BAHAN = json.dumps(
    {
        "slide_set_id": 1,
        "ringkasan": ["persen_miskin", "prevalensi_stunting", "persen_jalan_rusak"],
        "panduan": "Urutkan usulan dengan bobot forum (urgensi, penerima manfaat, kebutuhan menurut data); "
        "pilih dalam sisa pagu kecamatan; paling banyak 15 prioritas.",
    }
)
_OPD = ("Dinas Pekerjaan Umum", "Dinas Kesehatan", "Dinas Pendidikan", "Dinas Pertanian", "Dinas Sosial")


def _nama(rng: np.random.Generator, jk: str) -> str:
    depan = _DEPAN_P if jk == "P" else _DEPAN_L
    return f"{depan[int(rng.integers(len(depan)))]} {_BELAKANG[int(rng.integers(len(_BELAKANG)))]}"


def _titik(gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    p = gpd.GeoSeries(gdf.geometry.representative_point(), crs=gdf.crs).to_crs("EPSG:4326")
    return pd.DataFrame(
        {"kode": gdf["kode"].to_numpy(), "bujur": p.x.round(6).to_numpy(), "lintang": p.y.round(6).to_numpy()}
    )


def bangun_acara(wil: gpd.GeoDataFrame, kode_kab: str, nama_kab: str, tahun: int) -> pd.DataFrame:
    """The schedule: one forum per desa and kecamatan, one forum PD, one kabupaten forum (ids from 1)."""
    tahun_forum = tahun - 1
    desa = wil[wil["tingkat"] == "desa"].sort_values("kode")
    kec = wil[wil["tingkat"] == "kecamatan"].sort_values("kode")
    td, tk = _titik(desa).set_index("kode"), _titik(kec).set_index("kode")
    baris = []
    for i, d in enumerate(desa.itertuples()):
        mulai = datetime(tahun_forum, 1, 5, 9) + timedelta(days=i % 24)
        baris.append(
            ("desa", d.kode, d.nama, mulai, f"Balai {d.jenis.title()} {d.nama}", td.loc[d.kode], "ba_ditandatangani")
        )
    for i, k in enumerate(kec.itertuples()):
        status = "ba_ditandatangani" if i < _BA else ("terlaksana" if i < _DIGELAR else "rencana")
        mulai = datetime(tahun_forum, 2, 3 + 3 * i, 9)
        baris.append(("kecamatan", k.kode, k.nama, mulai, f"Aula Kantor Camat {k.nama}", tk.loc[k.kode], status))
    pusat = _titik(wil[wil["tingkat"] == "kabupaten"]).iloc[0]
    baris.append(("forum_pd", kode_kab, nama_kab, datetime(tahun_forum, 3, 2, 9), "Aula Bappeda", pusat, "rencana"))
    baris.append(
        ("kabupaten", kode_kab, nama_kab, datetime(tahun_forum, 3, 16, 8), "Pendopo Kabupaten", pusat, "rencana")
    )
    df = pd.DataFrame(
        {
            "id": np.arange(1, len(baris) + 1),
            "tahun": tahun,
            "tahap": [b[0] for b in baris],
            "kode_kabupaten": kode_kab,
            "kode_forum": [b[1] for b in baris],
            "nama": [b[2] for b in baris],
            "mulai": [b[3] for b in baris],
            "tempat": [b[4] for b in baris],
            "bujur": [float(b[5]["bujur"]) for b in baris],
            "lintang": [float(b[5]["lintang"]) for b in baris],
            "agenda": "Pembukaan; paparan data dasar dan pagu indikatif; pembahasan dan penetapan prioritas usulan; "
            "penandatanganan berita acara",
            "status": [b[6] for b in baris],
            "bahan": [_BAHAN if b[0] == "kecamatan" else "{}" for b in baris],
            "versi": 1,
            "dibuat_oleh": "demo",
            "diubah_pada": datetime(tahun_forum - 1, 12, 15, 10),
        }
    )
    # the last kecamatan's first desa forum was moved after the kecamatan forum: a tier-order warning
    kec_akhir = kec["kode"].iloc[-1]
    i = df.index[(df["tahap"] == "desa") & df["kode_forum"].str.startswith(kec_akhir + ".")][0]
    df.loc[i, ["mulai", "status"]] = [
        df.loc[df["kode_forum"] == kec_akhir, "mulai"].iloc[0] + timedelta(days=1),
        "rencana",
    ]
    return df


def bangun_peserta(wil: gpd.GeoDataFrame, acara: pd.DataFrame, kode_kab: str, benih: int) -> dict[str, pd.DataFrame]:
    """Address book, invitations, attendance, facilitators and minutes of the held kecamatan forums."""
    rng = np.random.default_rng(benih + 16)
    waktu = datetime(int(acara["mulai"].min().year) - 1, 12, 20, 9)
    kontak = []

    def tambah(kategori: str, jk: str, kode_desa: str | None, lembaga: str) -> None:
        kontak.append(
            (_nama(rng, jk), lembaga, kategori, jk, f"0800-{len(kontak) + 1:04d}-{benih % 10000:04d}", kode_desa)
        )

    for o in _OPD:
        tambah("opd", "L" if rng.uniform() < 0.6 else "P", None, f"Kepala {o}")
    for j in range(4):
        tambah("dprd", "L" if j % 3 else "P", None, "Anggota DPRD")
    tambah("lsm", "P", None, "LSM Perempuan Mandiri")
    tambah("akademisi", "L", None, "Universitas Contoh")
    kec = wil[wil["tingkat"] == "kecamatan"].sort_values("kode")
    desa = wil[wil["tingkat"] == "desa"].sort_values("kode")
    for k in kec.itertuples():
        tambah("kecamatan", "L", None, f"Camat {k.nama}")
        tambah("puskesmas", "P", None, f"Kepala Puskesmas {k.nama}")
        for d in desa[desa["kode_induk"] == k.kode].itertuples():
            tambah("kepala_desa", "L" if rng.uniform() < 0.8 else "P", d.kode, f"Kepala {d.jenis.title()} {d.nama}")
            tambah("kader", "P", d.kode, f"Ketua TP PKK {d.nama}")
            tambah("tokoh_masyarakat", "L", d.kode, f"Tokoh masyarakat {d.nama}")
            if rng.uniform() < 0.5:
                tambah("pemuda", "L" if rng.uniform() < 0.6 else "P", d.kode, f"Karang Taruna {d.nama}")
            if rng.uniform() < 0.3:
                tambah("perempuan", "P", d.kode, f"Kelompok Perempuan {d.nama}")
    buku = pd.DataFrame(kontak, columns=["nama", "lembaga", "kategori", "jenis_kelamin", "kontak", "kode_desa"])
    buku.insert(0, "id", np.arange(1, len(buku) + 1))
    buku.insert(1, "kode_kabupaten", kode_kab)
    buku["oleh"], buku["waktu"] = "demo", waktu
    undangan, hadir, fas, notulen = [], [], [], []
    forum_kec = acara[acara["tahap"] == "kecamatan"].reset_index(drop=True)
    for i, a in forum_kec.iterrows():
        fas += [
            (a["id"], _nama(rng, "P"), "Bappeda, Bidang Perencanaan", "moderator"),
            (a["id"], _nama(rng, "L"), f"Kecamatan {a['nama']}", "notulis"),
            (a["id"], _nama(rng, "L"), "Bappeda, Bidang Data", "narasumber"),
        ]
        if i >= _DIGELAR:
            continue
        harap = set(KATEGORI_PER_TAHAP["kecamatan"])
        di_area = buku["kode_desa"].isna() | buku["kode_desa"].fillna("").str.startswith(a["kode_forum"] + ".")
        bukan_camat_lain = ~buku["kategori"].isin(["kecamatan", "puskesmas"]) | buku["lembaga"].str.endswith(a["nama"])
        diundang = buku[buku["kategori"].isin(harap) & di_area & bukan_camat_lain]
        kirim = a["mulai"] - timedelta(days=7)
        for n, r in enumerate(diundang.itertuples(), start=1):
            undangan.append((a["id"], r.id, f"005/{n:03d}/Kec/II/{kirim.year}", kirim, "demo"))
        if i not in _HADIR_DICATAT:
            continue  # held, but the attendance was not entered: no inclusion figures (not 0 %)
        for r in diundang.itertuples():
            if rng.uniform() < 0.85:
                hadir.append((a["id"], r.id, r.nama, r.jenis_kelamin, r.kategori, r.kode_desa, False, a["mulai"]))
        for kategori, jk in (("disabilitas", "L"), ("lansia", "P"), ("masyarakat", "P")):
            hadir.append((a["id"], None, _nama(rng, jk), jk, kategori, None, True, a["mulai"]))
        notulen += [
            (a["id"], "agenda", "Pembukaan oleh Camat dan paparan data dasar kecamatan", []),
            (a["id"], "agenda", "Pembahasan usulan desa per bidang dan penetapan prioritas", []),
            (a["id"], "isu", "Usulan jalan lingkar menunggu kepastian status lahan", []),
        ]
    return {
        "buku_alamat": buku,
        "undangan": pd.DataFrame(undangan, columns=["acara_id", "kontak_id", "nomor_surat", "diundang_pada", "oleh"]),
        "hadir": pd.DataFrame(
            hadir,
            columns=[
                "acara_id",
                "kontak_id",
                "nama",
                "jenis_kelamin",
                "kategori",
                "kode_desa",
                "datang_sendiri",
                "waktu",
            ],
        ).assign(
            id=lambda d: np.arange(1, len(d) + 1), oleh="demo", kontak_id=lambda d: d["kontak_id"].astype("Int64")
        ),
        "fasilitator": pd.DataFrame(fas, columns=["acara_id", "nama", "unit", "peran"]).assign(
            id=lambda d: np.arange(1, len(d) + 1), oleh="demo", waktu=waktu
        ),
        "notulen": pd.DataFrame(notulen, columns=["acara_id", "jenis", "teks", "usulan_id"]).assign(
            id=lambda d: np.arange(1, len(d) + 1), oleh="demo", waktu=waktu
        ),
    }


def isi_kerja(con, wil: gpd.GeoDataFrame, usulan: pd.DataFrame, kode_kab: str, tahun: int, benih: int) -> None:
    """Write the demo forum events into an empty working database (sequences moved past the ids)."""
    nama_kab = str(wil.loc[wil["tingkat"] == "kabupaten", "nama"].iloc[0])
    acara = bangun_acara(wil, kode_kab, nama_kab, tahun)
    tabel = bangun_peserta(wil, acara, kode_kab, benih)
    # decisions of the held kecamatan forums go into their minutes with the usulan ids
    notulen = tabel["notulen"]
    tambah = []
    for a in acara[(acara["tahap"] == "kecamatan") & (acara["status"] != "rencana")].itertuples():
        diterima = usulan[(usulan["kode_kecamatan"] == a.kode_forum) & (usulan["tahun"] == tahun)]
        diterima = diterima[diterima["tahap"].isin(["forum_pd", "kabupaten"])]["id"].astype(int).head(5).tolist()
        if diterima and (notulen["acara_id"] == a.id).any():
            tambah.append((a.id, "keputusan", "Usulan prioritas kecamatan disepakati dan diteruskan", diterima))
    if tambah:
        extra = pd.DataFrame(tambah, columns=["acara_id", "jenis", "teks", "usulan_id"])
        extra = extra.assign(id=np.arange(len(notulen) + 1, len(notulen) + len(extra) + 1), oleh="demo")
        extra["waktu"] = notulen["waktu"].iloc[0] if len(notulen) else datetime(tahun - 1, 1, 1)
        notulen = pd.concat([notulen, extra], ignore_index=True)
    db.sisipkan(con, "forum_acara", acara)
    for nama in ("fasilitator", "buku_alamat", "undangan", "hadir"):
        db.sisipkan(con, nama, tabel[nama])
    db.sisipkan(con, "notulen", notulen)
    for nama, df in (
        ("forum_acara", acara),
        ("fasilitator", tabel["fasilitator"]),
        ("buku_alamat", tabel["buku_alamat"]),
        ("hadir", tabel["hadir"]),
        ("notulen", notulen),
    ):
        simpanan_acara.majukan_urutan(con, f"{nama}_id", len(df))
