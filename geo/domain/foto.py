"""A photo of an activity's progress, made safe to keep: checked to be an image, re-encoded without metadata.

A phone photo carries EXIF: the exact GPS position of the person who took it, the device, the
time. PetaRencana keeps only the pixels: the image is decoded, turned upright from its EXIF
orientation, scaled down to :data:`SISI_MAKS` pixels on its longer side and written again as
JPEG with no metadata. Anything that is not a JPEG/PNG/WebP image, or is larger than
:data:`UKURAN_MAKS_MB`, is refused with a message saying why.
"""

from __future__ import annotations

import io

from PIL import Image, ImageOps, UnidentifiedImageError

from geo.errors import KesalahanInput, Masalah

#: Largest upload accepted, in MB (a phone photo is 2–8 MB).
UKURAN_MAKS_MB = 10
#: Longer side of the stored photo, in pixels (enough for a report page or a screen).
SISI_MAKS = 1600
#: Image formats accepted.
FORMAT_DITERIMA = ("JPEG", "PNG", "WEBP")
#: Decoded size guard: a crafted file cannot expand into an enormous image.
PIKSEL_MAKS = 60_000_000


def bersihkan_foto(isi: bytes, nama: str = "foto") -> bytes:
    """Check ``isi`` is a photo and return it as a metadata-free JPEG of at most :data:`SISI_MAKS` px.

    Parameters
    ----------
    isi : bytes
        The uploaded file.
    nama : str
        Its name, for the error message.

    Returns
    -------
    bytes
        A JPEG without EXIF (no GPS position, no device, no time).

    Raises
    ------
    KesalahanInput
        Not an accepted image, too large, or unreadable.
    """
    judul = "Foto tidak disimpan"
    if len(isi) > UKURAN_MAKS_MB * 1024 * 1024:
        raise KesalahanInput(
            judul,
            [
                Masalah(
                    nama,
                    "foto",
                    f"{len(isi) / 2**20:.1f} MB",
                    f"≤ {UKURAN_MAKS_MB} MB",
                    "kecilkan foto lalu unggah lagi",
                )
            ],
        )
    try:
        with Image.open(io.BytesIO(isi)) as gambar:
            if gambar.format not in FORMAT_DITERIMA:
                raise KesalahanInput(
                    judul,
                    [
                        Masalah(
                            nama, "foto", str(gambar.format), "JPEG, PNG atau WebP", "simpan sebagai JPEG lalu unggah"
                        )
                    ],
                )
            if gambar.width * gambar.height > PIKSEL_MAKS:
                raise KesalahanInput(
                    judul,
                    [Masalah(nama, "foto", f"{gambar.width} × {gambar.height} piksel", "foto biasa", "kecilkan foto")],
                )
            tegak = ImageOps.exif_transpose(gambar).convert("RGB")
            tegak.thumbnail((SISI_MAKS, SISI_MAKS))
            keluar = io.BytesIO()
            tegak.save(keluar, format="JPEG", quality=85, optimize=True)  # no exif= given: none written
            return keluar.getvalue()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as e:
        raise KesalahanInput(
            judul, [Masalah(nama, "foto", "berkas tidak terbaca sebagai gambar", "foto JPEG/PNG", "unggah foto lain")]
        ) from e
