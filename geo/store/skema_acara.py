"""Schema migrations of forum events (issue 16).

Schedule, facilitators, address book, invitations, attendance, minutes.

Kept beside :mod:`geo.store.skema`, which appends them to its ordered lists. Versions:
kerja 9.

Personal data (UU 27/2022 PDP): ``buku_alamat`` (names, contacts) and ``hadir`` (names of
attendees). A removal on request blanks the name and contact and sets ``dihapus_pada``, but
keeps sex, category and desa, so the forum's counts stay the same.
"""

from __future__ import annotations

#: Migrations of the referensi file: (version, name, SQL).
REFERENSI: list[tuple[int, str, str]] = []

#: Migrations of the kerja file: (version, name, SQL).
KERJA: list[tuple[int, str, str]] = [
    (
        9,
        "acara forum: jadwal, fasilitator, buku alamat, undangan, daftar hadir, notulen",
        """
CREATE SEQUENCE forum_acara_id START 1;
CREATE TABLE forum_acara (
    id              INTEGER PRIMARY KEY DEFAULT nextval('forum_acara_id'),
    tahun           INTEGER NOT NULL,
    tahap           VARCHAR NOT NULL,          -- geo.domain.definitions.TAHAP_FORUM
    kode_kabupaten  VARCHAR NOT NULL,
    kode_forum      VARCHAR NOT NULL,          -- desa / kecamatan code, OPD name, or the kabupaten code
    nama            VARCHAR NOT NULL,
    mulai           TIMESTAMP NOT NULL,
    tempat          VARCHAR NOT NULL,
    bujur           DOUBLE,                    -- location of the place (EPSG:4326)
    lintang         DOUBLE,
    agenda          VARCHAR,
    status          VARCHAR NOT NULL DEFAULT 'rencana',   -- rencana / terlaksana / ba_ditandatangani
    bahan           JSON NOT NULL DEFAULT '{}',          -- {slide_set_id, ringkasan, panduan}
    versi           INTEGER NOT NULL DEFAULT 1,
    dibuat_oleh     VARCHAR NOT NULL,
    diubah_pada     TIMESTAMP NOT NULL,
    UNIQUE (tahun, tahap, kode_forum)
);
CREATE SEQUENCE fasilitator_id START 1;
CREATE TABLE fasilitator (
    id        INTEGER PRIMARY KEY DEFAULT nextval('fasilitator_id'),
    acara_id  INTEGER NOT NULL,
    nama      VARCHAR NOT NULL,
    unit      VARCHAR,
    peran     VARCHAR NOT NULL,                -- moderator / notulis / narasumber
    oleh      VARCHAR NOT NULL,
    waktu     TIMESTAMP NOT NULL
);
CREATE SEQUENCE buku_alamat_id START 1;
CREATE TABLE buku_alamat (                     -- personal data: never public, never in general exports
    id              INTEGER PRIMARY KEY DEFAULT nextval('buku_alamat_id'),
    kode_kabupaten  VARCHAR NOT NULL,
    nama            VARCHAR,                   -- NULL once removed on request
    lembaga         VARCHAR,
    kategori        VARCHAR NOT NULL,          -- geo.domain.acara.KATEGORI_PESERTA
    jenis_kelamin   VARCHAR,                   -- L / P / NULL (unknown)
    kontak          VARCHAR,                   -- phone or e-mail; NULL once removed
    kode_desa       VARCHAR,
    oleh            VARCHAR NOT NULL,
    waktu           TIMESTAMP NOT NULL,
    dihapus_pada    TIMESTAMP                  -- removed on request (name and contact blanked)
);
CREATE TABLE undangan (
    acara_id     INTEGER NOT NULL,
    kontak_id    INTEGER NOT NULL,
    nomor_surat  VARCHAR NOT NULL,
    diundang_pada TIMESTAMP NOT NULL,
    oleh         VARCHAR NOT NULL,
    PRIMARY KEY (acara_id, kontak_id)
);
CREATE SEQUENCE hadir_id START 1;
CREATE TABLE hadir (                           -- personal data: never public, never in general exports
    id            INTEGER PRIMARY KEY DEFAULT nextval('hadir_id'),
    acara_id      INTEGER NOT NULL,
    kontak_id     INTEGER,                     -- the invitee, NULL for a walk-in
    nama          VARCHAR,                     -- NULL once removed on request
    jenis_kelamin VARCHAR,                     -- L / P / NULL
    kategori      VARCHAR NOT NULL,
    kode_desa     VARCHAR,
    datang_sendiri BOOLEAN NOT NULL DEFAULT false,  -- walk-in (not invited)
    oleh          VARCHAR NOT NULL,
    waktu         TIMESTAMP NOT NULL,
    dihapus_pada  TIMESTAMP
);
CREATE SEQUENCE notulen_id START 1;
CREATE TABLE notulen (
    id        INTEGER PRIMARY KEY DEFAULT nextval('notulen_id'),
    acara_id  INTEGER NOT NULL,
    jenis     VARCHAR NOT NULL,                -- agenda / keputusan / isu
    teks      VARCHAR NOT NULL,
    usulan_id INTEGER[] NOT NULL DEFAULT [],
    oleh      VARCHAR NOT NULL,
    waktu     TIMESTAMP NOT NULL
);
""",
    )
]

#: Main tables this feature adds, per file (listed by ``pipelines status`` and the Data page).
TABEL: dict[str, tuple[str, ...]] = {
    "referensi": (),
    "kerja": ("forum_acara", "fasilitator", "buku_alamat", "undangan", "hadir", "notulen"),
}
