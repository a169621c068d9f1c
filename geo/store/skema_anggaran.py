"""Schema migrations of the post-forum budget chain (issue 15).

Nomenclature, OPD, ceilings and scenarios, DIPA, Renja/RKPD, DPA and RAK.

Kept beside :mod:`geo.store.skema`, which appends them to its ordered lists. Versions:
kerja 10 and up, referensi 5 and up. Reference data (rebuilt by ``load nomenklatur``,
``load opd`` and ``load kamus``): the national nomenclature, the OPD list and the kamus →
sub-kegiatan mapping. Working data (written by users through :mod:`geo.services.anggaran`):
ceilings (plafon KUA-PPAS), saved what-if scenarios, Renja lines, DPA versions with their
detail rows and monthly cash plan (RAK).
"""

from __future__ import annotations

#: Migrations of the referensi file: (version, name, SQL).
REFERENSI: list[tuple[int, str, str]] = [
    (
        5,
        "nomenklatur urusan–sub-kegiatan, daftar OPD, padanan kamus ke sub-kegiatan",
        """
CREATE TABLE nomenklatur (
    kode       VARCHAR PRIMARY KEY,    -- 1.03.10.2.01.0001 (Permendagri 90/2019 shape)
    tingkat    VARCHAR NOT NULL CHECK (tingkat IN ('urusan','bidang','program','kegiatan','sub_kegiatan')),
    nama       VARCHAR NOT NULL,
    kode_induk VARCHAR,                -- NULL for an urusan
    indikator  VARCHAR,                -- output indicator (sub-kegiatan: required)
    satuan     VARCHAR,                -- unit of the indicator (sub-kegiatan: required)
    sumber     VARCHAR NOT NULL
);
CREATE TABLE opd (
    kode       VARCHAR PRIMARY KEY,    -- SKPD code, e.g. 1.03.0.00.0.00.01.0000
    nama       VARCHAR NOT NULL UNIQUE,-- as used in usulan.opd_awal/opd_akhir and the kamus
    singkatan  VARCHAR,
    sumber     VARCHAR NOT NULL
);
CREATE TABLE padanan_nomenklatur (
    kode_kamus        VARCHAR PRIMARY KEY,  -- kamus_usulan.kode
    kode_sub_kegiatan VARCHAR NOT NULL,     -- nomenklatur.kode (tingkat sub_kegiatan)
    sumber            VARCHAR NOT NULL
);
""",
    ),
]

#: Migrations of the kerja file: (version, name, SQL).
KERJA: list[tuple[int, str, str]] = [
    (
        10,
        "rantai anggaran: plafon, skenario sinkronisasi, Renja, DPA berversi, rincian dan RAK",
        """
CREATE TABLE plafon (
    tahun        INTEGER NOT NULL,
    opd          VARCHAR NOT NULL,            -- OPD name (as in usulan.opd_akhir)
    kode_program VARCHAR NOT NULL DEFAULT '', -- '' = the OPD's whole ceiling
    nilai        DOUBLE NOT NULL CHECK (nilai >= 0),
    terkontrak   DOUBLE NOT NULL DEFAULT 0,   -- already bound by contracts (multi-year): the floor of nilai
    versi        INTEGER NOT NULL DEFAULT 1,
    oleh         VARCHAR NOT NULL,
    diubah_pada  TIMESTAMP NOT NULL,
    PRIMARY KEY (tahun, opd, kode_program)
);
CREATE TABLE skenario (
    kode_kabupaten VARCHAR NOT NULL,
    tahun          INTEGER NOT NULL,
    versi          INTEGER NOT NULL,          -- 1, 2, ...: every accepted scenario is a new version
    nama           VARCHAR NOT NULL,
    alasan         VARCHAR NOT NULL,
    plafon         JSON NOT NULL,             -- [{opd, kode_program, nilai}] as accepted
    tetap          INTEGER[] NOT NULL,        -- usulan ids kept
    keluar         INTEGER[] NOT NULL,        -- usulan ids that fall out
    oleh           VARCHAR NOT NULL,
    waktu          TIMESTAMP NOT NULL,
    PRIMARY KEY (kode_kabupaten, tahun, versi)
);
CREATE SEQUENCE renja_id START 1;
CREATE TABLE renja (
    id                INTEGER PRIMARY KEY DEFAULT nextval('renja_id'),
    kode_kabupaten    VARCHAR NOT NULL,
    tahun             INTEGER NOT NULL,
    opd               VARCHAR NOT NULL,
    kode_sub_kegiatan VARCHAR NOT NULL,
    kode_wilayah      VARCHAR NOT NULL,       -- location: desa (or kecamatan/kabupaten)
    uraian            VARCHAR NOT NULL,
    target_volume     DOUBLE NOT NULL,
    satuan            VARCHAR NOT NULL,
    indikator         VARCHAR NOT NULL,
    pagu_indikatif    DOUBLE NOT NULL CHECK (pagu_indikatif >= 0),
    asal              VARCHAR NOT NULL CHECK (asal IN ('musrenbang','teknokratis','pokir')),
    usulan_id         INTEGER[] NOT NULL,     -- the usulan this line answers (empty: teknokratis/pokir)
    versi             INTEGER NOT NULL DEFAULT 1,
    oleh              VARCHAR NOT NULL,
    diubah_pada       TIMESTAMP NOT NULL
);
CREATE TABLE dpa_versi (
    kode_kabupaten VARCHAR NOT NULL,
    tahun          INTEGER NOT NULL,
    versi          INTEGER NOT NULL,          -- 1 = DPA murni; 2, 3, ... = perubahan/pergeseran
    jenis          VARCHAR NOT NULL CHECK (jenis IN ('murni','perubahan','pergeseran')),
    berlaku_bulan  INTEGER NOT NULL CHECK (berlaku_bulan BETWEEN 1 AND 12),  -- in force from this month
    alasan         VARCHAR NOT NULL,
    oleh           VARCHAR NOT NULL,
    waktu          TIMESTAMP NOT NULL,
    PRIMARY KEY (kode_kabupaten, tahun, versi)
);
CREATE TABLE dpa (
    kode_kabupaten VARCHAR NOT NULL,
    tahun          INTEGER NOT NULL,
    versi          INTEGER NOT NULL,
    renja_id       INTEGER NOT NULL,          -- one DPA line per Renja line (sub-kegiatan at a location)
    pagu           DOUBLE NOT NULL CHECK (pagu >= 0),
    PRIMARY KEY (kode_kabupaten, tahun, versi, renja_id)
);
CREATE TABLE dpa_rincian (
    kode_kabupaten VARCHAR NOT NULL,
    tahun          INTEGER NOT NULL,
    versi          INTEGER NOT NULL,
    renja_id       INTEGER NOT NULL,
    no             INTEGER NOT NULL,
    kode_rekening  VARCHAR NOT NULL,          -- 5.1.02.01.01.0024
    komponen       VARCHAR NOT NULL,
    volume         DOUBLE NOT NULL,
    satuan         VARCHAR NOT NULL,
    harga_satuan   DOUBLE NOT NULL,
    PRIMARY KEY (kode_kabupaten, tahun, versi, renja_id, no)
);
CREATE TABLE rak (
    kode_kabupaten VARCHAR NOT NULL,
    tahun          INTEGER NOT NULL,
    versi          INTEGER NOT NULL,
    renja_id       INTEGER NOT NULL,
    bulan          INTEGER NOT NULL CHECK (bulan BETWEEN 1 AND 12),
    nilai          DOUBLE NOT NULL CHECK (nilai >= 0),  -- planned cash of the month (not cumulative)
    PRIMARY KEY (kode_kabupaten, tahun, versi, renja_id, bulan)
);
""",
    ),
    (
        11,
        "plafon per kabupaten (dua kabupaten dengan OPD bernama sama tidak berbagi plafon)",
        # rows written before this version carry no kabupaten ('' : shown nowhere; enter them again)
        """
CREATE TABLE plafon_baru (
    kode_kabupaten VARCHAR NOT NULL,
    tahun        INTEGER NOT NULL,
    opd          VARCHAR NOT NULL,
    kode_program VARCHAR NOT NULL DEFAULT '',
    nilai        DOUBLE NOT NULL CHECK (nilai >= 0),
    terkontrak   DOUBLE NOT NULL DEFAULT 0,
    versi        INTEGER NOT NULL DEFAULT 1,
    oleh         VARCHAR NOT NULL,
    diubah_pada  TIMESTAMP NOT NULL,
    PRIMARY KEY (kode_kabupaten, tahun, opd, kode_program)
);
INSERT INTO plafon_baru
SELECT '', tahun, opd, kode_program, nilai, terkontrak, versi, oleh, diubah_pada FROM plafon;
DROP TABLE plafon;
ALTER TABLE plafon_baru RENAME TO plafon;
""",
    ),
]

#: Main tables this feature adds, per file (listed by ``pipelines status`` and the Data page).
TABEL: dict[str, tuple[str, ...]] = {
    "referensi": ("nomenklatur", "opd", "padanan_nomenklatur"),
    "kerja": ("plafon", "skenario", "renja", "dpa_versi", "dpa", "dpa_rincian", "rak"),
}
