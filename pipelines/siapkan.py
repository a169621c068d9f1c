"""Make a data folder ready for the app: build the demo if empty, migrate otherwise."""

from __future__ import annotations

from geo.render.aset import siapkan_aset
from geo.settings import BerkasData
from geo.store import db, keadaan, rahasia, ringkas, skema
from pipelines import demo
from pipelines.demo.akun import buat_akun_demo


def siapkan(berkas: BerkasData) -> list[str]:
    """Build the demo database when none exists, else apply pending migrations.

    Parameters
    ----------
    berkas : BerkasData
        The data folder.

    Returns
    -------
    list of str
        Lines describing what was done (Indonesian).
    """
    pesan = [f"Aset peta luring (Leaflet) disiapkan di {siapkan_aset()}."]
    if berkas.server and keadaan.ada_basis_data(berkas, "referensi"):
        for jenis, versi in keadaan.migrasi_server(berkas).items():
            pesan.append(
                f"server {jenis}: migrasi {versi} diterapkan." if versi else f"server {jenis}: skema sudah terbaru."
            )
        return pesan
    if not keadaan.ada_basis_data(berkas, "referensi"):
        jumlah = demo.bangun_demo(berkas)
        return [
            *pesan,
            f"Basis data belum ada: data demo dibangun di {berkas.folder} "
            f"({jumlah['wilayah']} wilayah, {jumlah.get('usulan', 0)} usulan).",
            *buat_akun_demo(berkas),
        ]
    for jenis, path in (("referensi", berkas.referensi), ("kerja", berkas.kerja)):
        if not path.exists():
            with db.ganti_atomik(path, jenis, dari_awal=True):
                pass
            pesan.append(f"{path.name}: dibuat kosong (skema terbaru).")
            continue
        if jenis == "referensi":
            # reference data is never written in place: migrate a copy and swap it in
            con = db.koneksi(path, baca_saja=True)
            try:
                lama = db.versi_skema(con) or 0
            finally:
                con.close()
            versi = []
            if lama < skema.versi_terbaru("referensi"):
                with db.ganti_atomik(path, "referensi"):
                    pass
                versi = [v for v, _, _ in skema.MIGRASI["referensi"] if v > lama]
        else:
            versi = db.migrasi_di_tempat(path, jenis)
        pesan.append(f"{path.name}: migrasi {versi} diterapkan." if versi else f"{path.name}: skema sudah terbaru.")
    from pipelines.muat.batas_sementara import terapkan_ganti_kode  # noqa: PLC0415 - the loaders, only here

    if pindah := terapkan_ganti_kode(berkas, "siapkan", "siapkan"):  # a code move a failed load left unfinished
        pesan.append(f"Kode sementara diganti di data kerja: {pindah}.")
    if n := rahasia.samarkan_nik_lama(berkas):
        pesan.append(f"{n} NIK yang tersimpan terbuka kini disimpan sebagai sidik berkunci (HMAC-SHA256).")
    return pesan


def laporan_status(berkas: BerkasData) -> str:
    """Describe what is loaded: rows per table and the load history."""
    baris = [f"Folder data: {berkas.folder}"]
    if berkas.server:
        for jenis, versi in keadaan.status_server(berkas).items():
            baris.append(f"server {jenis}: skema versi {versi} (aplikasi: {skema.versi_terbaru(jenis)})")  # type: ignore[arg-type]
        return "\n".join(baris)
    for jenis, path in (("referensi", berkas.referensi), ("kerja", berkas.kerja)):
        if not path.exists():
            baris.append(f"\n{path.name}: belum ada (jalankan `python -m pipelines siapkan`).")
            continue
        isi = ringkas.ringkas_berkas(path, jenis)
        baris.append(f"\n{path.name} (skema versi {isi.versi}):")
        for t, n in isi.jumlah.items():
            baris.append(f"  {t:<14} {n:>8} baris")
        baris.append("  riwayat muat:")
        for r in isi.riwayat:
            baris.append(
                f"    {r[0]:%Y-%m-%d %H:%M}  {r[1]:<10} {r[2]}  #{r[3]}  "
                f"masuk {r[4]}, keluar {r[5]}, kode {r[6]}, oleh {r[7]}"
            )
    return "\n".join(baris)
