"""Product photos: whatever the merchant's phone uploads becomes an upright RGB JPEG that fits
1200×1200 (never enlarged), without the original's metadata (EXIF may hold the shop's GPS)."""

import io
import secrets
import warnings

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageOps, UnidentifiedImageError

from jangbogi.catalog.models import Product
from jangbogi.core.errors import ValidationFailed

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_SIDE = 1200
JPEG_QUALITY = 85
# Decoded size limit: a small file may still unpack into a huge bitmap.
MAX_PIXELS = 60_000_000

NOT_AN_IMAGE = "사진 파일이 아닙니다. JPG나 PNG 사진을 올려 주세요."
TOO_LARGE_FILE = "사진은 10MB까지 올릴 수 있습니다."
TOO_MANY_PIXELS = "사진이 너무 큽니다. 휴대폰에서 크기를 줄여서 올려 주세요."


def _invalid(message: str) -> ValidationFailed:
    return ValidationFailed(message, errors={"photo": message})


def _open(upload) -> Image.Image:
    """The uploaded image, decoded; ValidationFailed when it is not one."""
    upload.seek(0)
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise _invalid(TOO_LARGE_FILE)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                probe.verify()
            image = Image.open(io.BytesIO(data))
            image.draft("RGB", (MAX_SIDE, MAX_SIDE))  # JPEG: decode at a reduced scale
            if image.width * image.height > MAX_PIXELS:
                raise _invalid(TOO_MANY_PIXELS)
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _invalid(TOO_MANY_PIXELS) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise _invalid(NOT_AN_IMAGE) from exc
    return image


def _rgb(image: Image.Image) -> Image.Image:
    """Transparent parts become white, not black."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def prepare_photo(upload) -> bytes:
    """The JPEG we keep for an upload: EXIF orientation applied, RGB, fits MAX_SIDE, quality 85."""
    image = _rgb(ImageOps.exif_transpose(_open(upload)))
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)  # only ever shrinks
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()


def set_product_photo(*, product: Product, upload) -> Product:
    """Replace the product's photo with the processed upload (a Django UploadedFile or any
    binary file object); the old file is deleted once the change is committed.  On a bad
    upload raises ValidationFailed (details["errors"] = {"photo": message}) and changes nothing."""
    content = prepare_photo(upload)
    old_name = product.photo.name
    storage = product.photo.storage
    product.photo.save(f"{product.pk}-{secrets.token_hex(4)}.jpg", ContentFile(content), save=False)
    new_name = product.photo.name
    try:
        with transaction.atomic():
            product.updated_at = timezone.now()
            Product.objects.filter(pk=product.pk).update(photo=new_name, updated_at=product.updated_at)
            if old_name and old_name != new_name:
                transaction.on_commit(lambda: storage.delete(old_name))
    except Exception:
        storage.delete(new_name)
        product.photo.name = old_name
        raise
    return product


def remove_product_photo(*, product: Product) -> Product:
    """Take the photo off the product; the file is deleted once that is committed."""
    old_name = product.photo.name
    if not old_name:
        return product
    storage = product.photo.storage
    with transaction.atomic():
        product.updated_at = timezone.now()
        Product.objects.filter(pk=product.pk).update(photo="", updated_at=product.updated_at)
        transaction.on_commit(lambda: storage.delete(old_name))
    product.photo.name = ""
    return product
