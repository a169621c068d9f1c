"""Demo fixtures of "Kabupaten Contoh": indicator metadata and a kamus usulan (data sintetis).

They are data for :mod:`pipelines.demo`, not domain definitions: a real kabupaten loads its
own indicators and kamus through ``python -m pipelines load``.
"""

from __future__ import annotations

from geo.domain.definitions import ItemKamus, MetaIndikator

INDIKATOR_DEMO: tuple[MetaIndikator, ...] = (
    MetaIndikator("jumlah_penduduk", "Jumlah penduduk", "jiwa", "ekstensif", "sintetis (gaya BPS)"),
    MetaIndikator("jumlah_balita", "Jumlah balita", "jiwa", "ekstensif", "sintetis (gaya Dinkes)"),
    MetaIndikator("penduduk_miskin", "Jumlah penduduk miskin", "jiwa", "ekstensif", "sintetis (gaya DTKS)"),
    MetaIndikator(
        "persen_miskin",
        "Persentase penduduk miskin",
        "%",
        "intensif",
        "sintetis (gaya DTKS)",
        pembilang="penduduk_miskin",
        penyebut="jumlah_penduduk",
        pengali=100.0,
    ),
    MetaIndikator(
        "prevalensi_stunting",
        "Prevalensi balita stunting",
        "%",
        "intensif",
        "sintetis (gaya e-PPGBM)",
        bobot="jumlah_balita",
    ),
    MetaIndikator("jumlah_sekolah", "Jumlah sekolah (SD/MI/SMP)", "unit", "ekstensif", "sintetis (gaya Dapodik)"),
    MetaIndikator("jumlah_posyandu", "Jumlah posyandu", "unit", "ekstensif", "sintetis (gaya Dinkes)"),
    MetaIndikator("panjang_jalan", "Panjang jalan desa", "km", "ekstensif", "sintetis (gaya PUPR)"),
    MetaIndikator(
        "persen_jalan_rusak",
        "Persentase jalan desa rusak",
        "%",
        "intensif",
        "sintetis (gaya PUPR)",
        bobot="panjang_jalan",
    ),
)


OPD_PUPR = "Dinas Pekerjaan Umum dan Penataan Ruang"
OPD_DIKBUD = "Dinas Pendidikan dan Kebudayaan"
OPD_DINKES = "Dinas Kesehatan"
OPD_PERTANIAN = "Dinas Pertanian dan Ketahanan Pangan"
OPD_PERKIM = "Dinas Perumahan dan Kawasan Permukiman"
OPD_DAGKOP = "Dinas Koperasi, UKM dan Perdagangan"

KAMUS_DEMO: tuple[ItemKamus, ...] = (
    ItemKamus(
        "K-JLN-01",
        "Rehabilitasi jalan lingkungan rabat beton",
        "m",
        950_000,
        "Infrastruktur",
        OPD_PUPR,
        "jalan",
        "garis",
    ),
    ItemKamus(
        "K-JLN-02", "Pengaspalan jalan poros desa (hotmix)", "m", 1_750_000, "Infrastruktur", OPD_PUPR, "jalan", "garis"
    ),
    ItemKamus(
        "K-JLN-03", "Pembangunan jembatan gantung", "unit", 450_000_000, "Infrastruktur", OPD_PUPR, "jalan", "titik"
    ),
    ItemKamus(
        "K-DRN-01",
        "Pembangunan saluran drainase lingkungan",
        "m",
        1_100_000,
        "Infrastruktur",
        OPD_PUPR,
        "drainase",
        "garis",
    ),
    ItemKamus(
        "K-IRG-01", "Rehabilitasi saluran irigasi tersier", "m", 850_000, "Ekonomi", OPD_PERTANIAN, "irigasi", "garis"
    ),
    ItemKamus(
        "K-PDK-01",
        "Rehabilitasi ruang kelas SD",
        "ruang",
        185_000_000,
        "Sosial Budaya",
        OPD_DIKBUD,
        "pendidikan",
        "titik",
    ),
    ItemKamus(
        "K-PDK-02", "Pembangunan jamban sekolah", "unit", 65_000_000, "Sosial Budaya", OPD_DIKBUD, "pendidikan", "titik"
    ),
    ItemKamus(
        "K-KES-01",
        "Pembangunan gedung posyandu",
        "unit",
        250_000_000,
        "Sosial Budaya",
        OPD_DINKES,
        "kesehatan",
        "titik",
    ),
    ItemKamus(
        "K-KES-02",
        "Pemberian makanan tambahan balita",
        "paket",
        12_500_000,
        "Sosial Budaya",
        OPD_DINKES,
        "nonfisik",
        "titik",
    ),
    ItemKamus(
        "K-AIR-01",
        "Pembangunan sumur bor dan tandon",
        "unit",
        175_000_000,
        "Infrastruktur",
        OPD_PERKIM,
        "air_bersih",
        "titik",
    ),
    ItemKamus(
        "K-PJU-01",
        "Pemasangan penerangan jalan umum tenaga surya",
        "titik",
        27_500_000,
        "Infrastruktur",
        OPD_PERKIM,
        "jalan",
        "titik",
    ),
    ItemKamus("K-PSR-01", "Rehabilitasi los pasar desa", "unit", 320_000_000, "Ekonomi", OPD_DAGKOP, "pasar", "titik"),
    ItemKamus(
        "K-UMK-01", "Pelatihan kewirausahaan UMKM", "paket", 45_000_000, "Ekonomi", OPD_DAGKOP, "nonfisik", "titik"
    ),
    ItemKamus(
        "K-RTH-01", "Pembangunan taman desa", "unit", 210_000_000, "Infrastruktur", OPD_PERKIM, "ruang_terbuka", "titik"
    ),
)
