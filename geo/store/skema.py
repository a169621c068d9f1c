"""Versioned schema of the two database files, as ordered migrations.

``referensi`` holds what pipelines rebuild (boundaries, indicators, zoning, ITBX, land
parcels, kamus usulan); ``kerja`` holds what users write (usulan, decisions per tier,
pagu, realisasi, audit log). Each migration runs once, in a transaction, and is recorded
in ``skema_migrasi``; applying them again changes nothing.
"""

from __future__ import annotations

from typing import Literal

from geo.store import skema_acara, skema_anggaran

JenisBerkas = Literal["referensi", "kerja"]

_RIWAYAT_MUAT = """
CREATE TABLE riwayat_muat (
    id          INTEGER PRIMARY KEY,
    jenis       VARCHAR NOT NULL,      -- kind of load: batas, indikator, demo, ...
    berkas      VARCHAR NOT NULL,      -- source file name (or generator + seed)
    hash        VARCHAR NOT NULL,      -- sha256 of the source
    baris_masuk INTEGER NOT NULL,
    baris_keluar INTEGER NOT NULL,
    peringatan  VARCHAR[] NOT NULL DEFAULT [],
    versi_kode  VARCHAR,               -- code-list version of wilayah codes
    waktu       TIMESTAMP NOT NULL,
    oleh        VARCHAR NOT NULL
);
"""

MIGRASI: dict[str, list[tuple[int, str, str]]] = {
    "referensi": [
        (
            1,
            "skema awal data referensi",
            """
CREATE TABLE wilayah (
    kode        VARCHAR PRIMARY KEY,   -- Kemendagri code, dotted: 33.01.01.2001
    nama        VARCHAR NOT NULL,
    tingkat     VARCHAR NOT NULL CHECK (tingkat IN ('provinsi','kabupaten','kecamatan','desa')),
    jenis       VARCHAR NOT NULL,      -- desa / kelurahan / kecamatan / kabupaten / kota
    kode_induk  VARCHAR,
    kode_bps    VARCHAR,
    versi_kode  VARCHAR NOT NULL,      -- version/date of the code list
    luas_ha     DOUBLE NOT NULL,
    geom        GEOMETRY NOT NULL,     -- EPSG:4326, full detail
    geom_tampil GEOMETRY NOT NULL      -- EPSG:4326, coverage-simplified for display
);
CREATE TABLE indikator_meta (
    kode       VARCHAR PRIMARY KEY,
    nama       VARCHAR NOT NULL,
    satuan     VARCHAR NOT NULL,
    jenis      VARCHAR NOT NULL CHECK (jenis IN ('ekstensif','intensif')),
    pembilang  VARCHAR,                -- intensive rates recomputed as pembilang/penyebut
    penyebut   VARCHAR,
    pengali    DOUBLE,
    bobot      VARCHAR,                -- or weighted by this extensive indicator
    sumber     VARCHAR NOT NULL,
    keterangan VARCHAR
);
CREATE TABLE indikator (
    kode_wilayah VARCHAR NOT NULL,
    tahun        INTEGER NOT NULL,
    indikator    VARCHAR NOT NULL,
    nilai        DOUBLE,               -- NULL = tidak ada data (never zero)
    sumber       VARCHAR NOT NULL,
    PRIMARY KEY (kode_wilayah, tahun, indikator)
);
CREATE TABLE pola_ruang (
    id       INTEGER PRIMARY KEY,
    namobj   VARCHAR NOT NULL,         -- ATR/BPN NAMOBJ, e.g. 'Kawasan Hutan Lindung'
    kodkws   VARCHAR NOT NULL,         -- class code
    kawasan  VARCHAR NOT NULL CHECK (kawasan IN ('lindung','budi daya')),
    sumber   VARCHAR NOT NULL,
    atribut  JSON,                     -- remaining source attributes (KP2B_2, KRB_03, ...)
    geom     GEOMETRY NOT NULL
);
CREATE TABLE zonasi (
    id         INTEGER PRIMARY KEY,
    kode_zona  VARCHAR NOT NULL,       -- RDTR zone: R-2, K-1, SPU, RTH-1, ...
    nama_zona  VARCHAR NOT NULL,
    sumber     VARCHAR NOT NULL,
    geom       GEOMETRY NOT NULL
);
CREATE TABLE overlay (
    id      INTEGER PRIMARY KEY,
    jenis   VARCHAR NOT NULL,          -- lp2b, rawan_bencana, kkop, sempadan, kawasan_hutan, cagar_budaya
    kelas   VARCHAR,                   -- e.g. hazard class tinggi/sedang/rendah
    nama    VARCHAR,
    sumber  VARCHAR NOT NULL,
    geom    GEOMETRY NOT NULL
);
CREATE TABLE kelas_kegiatan (
    kode VARCHAR PRIMARY KEY,
    nama VARCHAR NOT NULL
);
CREATE TABLE itbx (
    kode_kegiatan VARCHAR NOT NULL,
    kode_zona     VARCHAR NOT NULL,
    nilai         VARCHAR NOT NULL CHECK (nilai IN ('I','T','B','X','TB')),
    catatan       VARCHAR,
    sumber        VARCHAR NOT NULL,
    PRIMARY KEY (kode_kegiatan, kode_zona)
);
CREATE TABLE lahan (
    id          INTEGER PRIMARY KEY,
    status      VARCHAR NOT NULL,      -- see geo.domain.definitions.STATUS_LAHAN_PETA
    keterangan  VARCHAR,
    sumber      VARCHAR NOT NULL,
    geom        GEOMETRY NOT NULL
);
CREATE TABLE kamus_usulan (
    kode           VARCHAR PRIMARY KEY,
    nama           VARCHAR NOT NULL,
    satuan         VARCHAR NOT NULL,
    harga_satuan   DOUBLE NOT NULL CHECK (harga_satuan > 0),
    tahun_harga    INTEGER NOT NULL,
    bidang         VARCHAR NOT NULL,
    opd            VARCHAR NOT NULL,
    kelas_kegiatan VARCHAR NOT NULL,
    jenis_geometri VARCHAR NOT NULL CHECK (jenis_geometri IN ('titik','garis','poligon')),
    sumber         VARCHAR NOT NULL
);
"""
            + _RIWAYAT_MUAT,
        ),
        (
            2,
            "crosswalk kode BPS/nama ke Kemendagri, keputusan manual, kelompok kegiatan",
            """
CREATE TABLE crosswalk_kode (
    skema       VARCHAR NOT NULL,      -- 'bps' or 'nama' (name-only sources)
    kode_sumber VARCHAR NOT NULL,      -- BPS code, or 'kecamatan|desa' normalised names
    kode        VARCHAR NOT NULL,      -- Kemendagri code
    metode      VARCHAR NOT NULL,      -- manual, spasial, nama+spasial, nama, nama-longgar, nama-mirip
    skor        DOUBLE,
    nama_sumber VARCHAR,
    berkas      VARCHAR NOT NULL,
    PRIMARY KEY (skema, kode_sumber)
);
CREATE TABLE kode_tak_cocok (
    skema       VARCHAR NOT NULL,
    kode_sumber VARCHAR NOT NULL,
    nama        VARCHAR,
    nama_induk  VARCHAR,
    alasan      VARCHAR NOT NULL,
    calon       VARCHAR,
    berkas      VARCHAR NOT NULL,
    PRIMARY KEY (skema, kode_sumber)
);
CREATE TABLE kode_resolusi (
    skema       VARCHAR NOT NULL,
    kode_sumber VARCHAR NOT NULL,
    kode        VARCHAR NOT NULL,
    catatan     VARCHAR,
    berkas      VARCHAR NOT NULL,
    PRIMARY KEY (skema, kode_sumber)
);
ALTER TABLE kelas_kegiatan ADD COLUMN kelompok VARCHAR;
""",
        ),
        (
            3,
            "matriks ITBX per RDTR: sel berkunci matriks, zona menyebut matriksnya, padanan kelas kegiatan",
            """
CREATE TABLE itbx_baru (
    matriks       VARCHAR NOT NULL,    -- the regulation/matrix this cell belongs to (one per RDTR)
    kode_kegiatan VARCHAR NOT NULL,
    kode_zona     VARCHAR NOT NULL,
    nilai         VARCHAR NOT NULL CHECK (nilai IN ('I','T','B','X','TB')),
    catatan       VARCHAR,
    sumber        VARCHAR NOT NULL,
    PRIMARY KEY (matriks, kode_kegiatan, kode_zona)
);
INSERT INTO itbx_baru SELECT sumber, kode_kegiatan, kode_zona, nilai, catatan, sumber FROM itbx;
DROP TABLE itbx;
ALTER TABLE itbx_baru RENAME TO itbx;
ALTER TABLE zonasi ADD COLUMN matriks VARCHAR;  -- NULL: no matrix known -> "perlu kajian"
UPDATE zonasi SET matriks = (SELECT min(matriks) FROM itbx) WHERE (SELECT count(DISTINCT matriks) FROM itbx) = 1;
CREATE TABLE padanan_kegiatan (
    matriks        VARCHAR NOT NULL,
    kelas_kegiatan VARCHAR NOT NULL,   -- kamus_usulan.kelas_kegiatan
    kode_kegiatan  VARCHAR NOT NULL,   -- itbx.kode_kegiatan of that matrix
    sumber         VARCHAR NOT NULL,
    PRIMARY KEY (matriks, kelas_kegiatan)
);
""",
        ),
        (
            4,
            "sidik batas per kabupaten: muat ulang hanya kabupaten yang berubah",
            """
CREATE TABLE wilayah_sidik (
    kode_kabupaten VARCHAR PRIMARY KEY,
    sidik          VARCHAR NOT NULL,   -- sha256 of the kabupaten's features (code, name, geometry) and code version
    berkas         VARCHAR NOT NULL,
    waktu          TIMESTAMP NOT NULL
);
""",
        ),
    ],
    "kerja": [
        (
            1,
            "skema awal data kerja",
            """
CREATE SEQUENCE usulan_id START 1;
CREATE TABLE usulan (
    id              INTEGER PRIMARY KEY DEFAULT nextval('usulan_id'),
    tahun           INTEGER NOT NULL,          -- tahun anggaran
    jenis_usulan    VARCHAR NOT NULL,          -- musrenbang / pokir / renja
    pengusul        VARCHAR NOT NULL,
    tingkat_pengusul VARCHAR NOT NULL,         -- RT/RW, desa, kecamatan, ...
    nik_pengusul    VARCHAR,                   -- personal data: never listed or exported
    tahap_asal      VARCHAR NOT NULL,
    kode_desa       VARCHAR NOT NULL,
    kode_kecamatan  VARCHAR NOT NULL,
    alamat          VARCHAR,
    kode_kamus      VARCHAR NOT NULL,
    masalah         VARCHAR NOT NULL,
    uraian          VARCHAR NOT NULL,
    volume          DOUBLE NOT NULL CHECK (volume > 0),
    satuan          VARCHAR NOT NULL,
    harga_satuan    DOUBLE NOT NULL,
    biaya           DOUBLE NOT NULL CHECK (biaya > 0),
    alasan_biaya    VARCHAR,                   -- reason when biaya != volume x harga_satuan
    bidang          VARCHAR NOT NULL,
    opd_awal        VARCHAR NOT NULL,
    opd_akhir       VARCHAR,
    sumber_dana     VARCHAR NOT NULL,
    penerima_laki   INTEGER,
    penerima_perempuan INTEGER,
    penerima_rentan INTEGER,
    status_lahan    VARCHAR NOT NULL,
    sertifikat      BOOLEAN NOT NULL DEFAULT false,
    gambar_teknis   BOOLEAN NOT NULL DEFAULT false,
    rab             BOOLEAN NOT NULL DEFAULT false,
    tahap           VARCHAR NOT NULL,          -- current tier
    status          VARCHAR NOT NULL,          -- status at the current tier
    lanjut_tahun_depan BOOLEAN NOT NULL DEFAULT false,  -- carry-over flag
    versi           INTEGER NOT NULL DEFAULT 1, -- optimistic concurrency
    dibuat_oleh     VARCHAR NOT NULL,
    dibuat_pada     TIMESTAMP NOT NULL,
    diubah_pada     TIMESTAMP NOT NULL,
    geom            GEOMETRY NOT NULL          -- EPSG:4326 point / line / polygon
);
CREATE TABLE keputusan (
    usulan_id   INTEGER NOT NULL,
    tahap       VARCHAR NOT NULL,
    status      VARCHAR NOT NULL,
    alasan      VARCHAR NOT NULL,
    nilai_rekomendasi DOUBLE,
    oleh        VARCHAR NOT NULL,
    waktu       TIMESTAMP NOT NULL,
    PRIMARY KEY (usulan_id, tahap, waktu)
);
CREATE TABLE pagu (
    tahun  INTEGER NOT NULL,
    jenis  VARCHAR NOT NULL CHECK (jenis IN ('kecamatan','kelurahan','opd')),
    kode   VARCHAR NOT NULL,               -- kode wilayah or OPD name
    nilai  DOUBLE NOT NULL CHECK (nilai >= 0),
    PRIMARY KEY (tahun, jenis, kode)
);
CREATE TABLE realisasi (
    usulan_id          INTEGER NOT NULL,
    tahun              INTEGER NOT NULL,
    triwulan           INTEGER NOT NULL CHECK (triwulan BETWEEN 1 AND 4),
    rencana_fisik      DOUBLE NOT NULL,     -- cumulative %, 0-100
    realisasi_fisik    DOUBLE,              -- cumulative %, NULL = not reported yet
    rencana_keuangan   DOUBLE NOT NULL,     -- cumulative Rp (RAK)
    realisasi_keuangan DOUBLE,
    masalah            VARCHAR,
    catatan_verifikator VARCHAR,
    PRIMARY KEY (usulan_id, tahun, triwulan)
);
CREATE SEQUENCE audit_id START 1;
CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY DEFAULT nextval('audit_id'),
    waktu  TIMESTAMP NOT NULL,
    oleh   VARCHAR NOT NULL,
    tabel  VARCHAR NOT NULL,
    kunci  VARCHAR NOT NULL,
    aksi   VARCHAR NOT NULL,
    lama   JSON,
    baru   JSON,
    alasan VARCHAR
);
"""
            + _RIWAYAT_MUAT,
        ),
        (
            2,
            "kode sumber usulan impor (muat ulang tidak menggandakan)",
            """
ALTER TABLE usulan ADD COLUMN kode_sumber VARCHAR;
""",
        ),
        (
            3,
            "set slide peta untuk mode proyektor forum",
            """
CREATE SEQUENCE slide_set_id START 1;
CREATE TABLE slide_set (
    id              INTEGER PRIMARY KEY DEFAULT nextval('slide_set_id'),
    nama            VARCHAR NOT NULL,
    kode_kabupaten  VARCHAR NOT NULL,
    slide           JSON NOT NULL,             -- list of {indikator, tahun, tingkat, skema, k, palet, judul}
    versi           INTEGER NOT NULL DEFAULT 1,
    dibuat_oleh     VARCHAR NOT NULL,
    diubah_pada     TIMESTAMP NOT NULL,
    UNIQUE (kode_kabupaten, nama)
);
""",
        ),
        (
            4,
            "kriteria prioritas, suara forum, bobot per forum",
            """
ALTER TABLE usulan ADD COLUMN urgensi INTEGER;        -- 1..5, assessed at the forum
ALTER TABLE usulan ADD COLUMN dampak INTEGER;         -- 1..5, socio-economic impact
ALTER TABLE usulan ADD COLUMN selaras_rpjmd INTEGER;  -- 1..5, alignment with the RPJMD
CREATE TABLE suara (
    usulan_id INTEGER NOT NULL,
    tahap     VARCHAR NOT NULL,
    jumlah    INTEGER NOT NULL CHECK (jumlah >= 0),
    oleh      VARCHAR NOT NULL,
    waktu     TIMESTAMP NOT NULL,
    PRIMARY KEY (usulan_id, tahap)
);
CREATE TABLE bobot_forum (
    tahun       INTEGER NOT NULL,
    tahap       VARCHAR NOT NULL,
    kode_forum  VARCHAR NOT NULL,              -- desa/kecamatan code, OPD name, or kabupaten code
    bobot       JSON NOT NULL,                 -- {criterion: weight}
    indikator   VARCHAR,                       -- baseline indicator for "need from data"
    versi       INTEGER NOT NULL DEFAULT 1,
    oleh        VARCHAR NOT NULL,
    diubah_pada TIMESTAMP NOT NULL,
    PRIMARY KEY (tahun, tahap, kode_forum)
);
""",
        ),
        (
            5,
            "hasil pemeriksaan kesesuaian ruang per usulan, dengan versi data tata ruang",
            """
CREATE TABLE hasil_kesesuaian (
    usulan_id        INTEGER PRIMARY KEY,
    versi_usulan     INTEGER NOT NULL,     -- usulan.versi checked (geometry/activity may change)
    versi_tata_ruang VARCHAR NOT NULL,     -- signature of the zoning/overlay/ITBX/land loads used
    verdik           VARCHAR NOT NULL,
    alasan           VARCHAR[] NOT NULL,
    zona             JSON NOT NULL,        -- touched zones/classes/overlays with their shares
    lindung          BOOLEAN NOT NULL,     -- touches kawasan lindung, sempadan, LP2B or kawasan hutan
    status_lahan_peta VARCHAR,
    lahan_cocok      BOOLEAN,
    catatan_lahan    VARCHAR,
    jarak_akses_m    DOUBLE,
    dihitung_pada    TIMESTAMP NOT NULL
);
""",
        ),
        (
            6,
            "aturan pemilihan dalam pagu disimpan bersama bobot forum",
            """
ALTER TABLE bobot_forum ADD COLUMN metode VARCHAR DEFAULT 'greedy';  -- greedy / knapsack (issue 18)
""",
        ),
        (
            7,
            "akun pengguna dengan peran per wilayah, sesi masuk",
            """
CREATE TABLE pengguna (
    nama_pengguna   VARCHAR PRIMARY KEY,
    nama            VARCHAR NOT NULL,
    peran           VARCHAR NOT NULL,          -- geo.domain.definitions.PERAN
    kode_wilayah    VARCHAR,                   -- desa / kecamatan / kabupaten the account is scoped to
    opd             VARCHAR,                   -- OPD of an 'opd' account
    email           VARCHAR,                   -- identity for OIDC login (st.login), optional
    hash_sandi      VARCHAR,                   -- argon2id; NULL: no password login
    wajib_ganti     BOOLEAN NOT NULL DEFAULT true,   -- one-time password: must be changed at first login
    aktif           BOOLEAN NOT NULL DEFAULT true,
    gagal           INTEGER NOT NULL DEFAULT 0,      -- consecutive failed logins
    terkunci_sampai TIMESTAMP,
    versi           INTEGER NOT NULL DEFAULT 1,
    dibuat_oleh     VARCHAR NOT NULL,
    diubah_pada     TIMESTAMP NOT NULL
);
CREATE TABLE sesi_masuk (
    token_hash      VARCHAR PRIMARY KEY,       -- sha256 of the browser's token (the token itself is never stored)
    nama_pengguna   VARCHAR NOT NULL,
    dibuat          TIMESTAMP NOT NULL,
    aktif_terakhir  TIMESTAMP NOT NULL,
    berakhir        TIMESTAMP                  -- set at logout or timeout
);
""",
        ),
        (
            8,
            "realisasi bulanan (RFK): rencana/realisasi fisik dan keuangan per bulan, kendala, berversi",
            """
CREATE TABLE realisasi_bulan (
    usulan_id          INTEGER NOT NULL,
    tahun              INTEGER NOT NULL,
    bulan              INTEGER NOT NULL CHECK (bulan BETWEEN 1 AND 12),  -- quarter = (bulan - 1) // 3 + 1
    rencana_fisik      DOUBLE,              -- cumulative %, 0-100
    realisasi_fisik    DOUBLE,              -- cumulative %, NULL = not reported (never 0)
    rencana_keuangan   DOUBLE,              -- cumulative cash plan (RAK), Rp
    realisasi_keuangan DOUBLE,              -- cumulative spending, Rp
    kendala            VARCHAR,
    tindak_lanjut      VARCHAR,
    catatan_verifikator VARCHAR,
    versi              INTEGER NOT NULL DEFAULT 1,
    oleh               VARCHAR NOT NULL,
    diubah_pada        TIMESTAMP NOT NULL,  -- when (written by geo.store.tulis)
    PRIMARY KEY (usulan_id, tahun, bulan)
);
-- a quarter's value is the cumulative value at its last month (3, 6, 9, 12)
INSERT INTO realisasi_bulan
SELECT usulan_id, tahun, triwulan * 3, rencana_fisik, realisasi_fisik, rencana_keuangan, realisasi_keuangan,
       masalah, NULL, catatan_verifikator, 1, 'migrasi', current_localtimestamp()
FROM realisasi;
DROP TABLE realisasi;
ALTER TABLE realisasi_bulan RENAME TO realisasi;
""",
        ),
    ],
}


#: The data tables of each file, as listed by ``pipelines status`` and the Data page.
TABEL_UTAMA: dict[str, tuple[str, ...]] = {
    "referensi": (
        "wilayah",
        "indikator",
        "indikator_meta",
        "pola_ruang",
        "zonasi",
        "overlay",
        "itbx",
        "padanan_kegiatan",
        "lahan",
        "kamus_usulan",
        "crosswalk_kode",
        "kode_tak_cocok",
        "kode_resolusi",
        "wilayah_sidik",
    ),
    "kerja": (
        "usulan",
        "keputusan",
        "pagu",
        "realisasi",
        "audit_log",
        "slide_set",
        "suara",
        "bobot_forum",
        "hasil_kesesuaian",
        "pengguna",
    ),
}


# Personal data: the proposer's KK number, beside the NIK (a version apart from the feature modules' ranges).
MIGRASI["kerja"].append(
    (
        30,
        "nomor KK pengusul (data pribadi, disimpan sebagai sidik berkunci)",
        "ALTER TABLE usulan ADD COLUMN kk_pengusul VARCHAR;",
    )
)

# An optional photo per activity and month (monitoring), stored without metadata (geo.domain.foto).
MIGRASI["kerja"].append(
    (
        31,
        "foto kegiatan per bulan (opsional)",
        """
CREATE TABLE realisasi_foto (
    usulan_id     INTEGER NOT NULL,
    tahun         INTEGER NOT NULL,
    bulan         INTEGER NOT NULL CHECK (bulan BETWEEN 1 AND 12),
    foto          BLOB NOT NULL,          -- JPEG re-encoded without EXIF (no GPS position)
    oleh          VARCHAR NOT NULL,
    diunggah_pada TIMESTAMP NOT NULL,
    PRIMARY KEY (usulan_id, tahun, bulan)
);
""",
    )
)

# The fingerprint of the NIK/KK hash key the working data was written with (geo.store.rahasia): a machine
# whose data folder holds another key (or none) is refused instead of writing hashes that never match.
MIGRASI["kerja"].append(
    (
        32,
        "sidik kunci NIK/KK",
        """
CREATE TABLE kunci_sidik (
    sidik         VARCHAR PRIMARY KEY,    -- HMAC of a fixed text under the key: names the key, reveals nothing
    dicatat_pada  TIMESTAMP NOT NULL
);
""",
    )
)

# Features that keep their migrations in their own module (versions stay unique across them).
for _fitur in (skema_acara, skema_anggaran):
    MIGRASI["referensi"] = sorted([*MIGRASI["referensi"], *_fitur.REFERENSI])
    MIGRASI["kerja"] = sorted([*MIGRASI["kerja"], *_fitur.KERJA])
    for _jenis in ("referensi", "kerja"):
        TABEL_UTAMA[_jenis] = (*TABEL_UTAMA[_jenis], *_fitur.TABEL[_jenis])


def versi_terbaru(jenis: JenisBerkas) -> int:
    """Return the newest schema version the code knows for ``jenis``."""
    return max(v for v, _, _ in MIGRASI[jenis])
