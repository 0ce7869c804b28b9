"""set_product_photo: any phone photo becomes an upright RGB JPEG within 1200×1200."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from jangbogi.catalog import photos
from jangbogi.catalog.models import Product
from jangbogi.core.errors import ValidationFailed
from tests.factories import ProductFactory, StoreFactory

pytestmark = pytest.mark.django_db

NOT_AN_IMAGE = "사진 파일이 아닙니다. JPG나 PNG 사진을 올려 주세요."
ORIENTATION = 0x0112


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def product(market):
    return ProductFactory(store=StoreFactory(market=market), name="애호박", stock=10)


def image_file(size=(800, 600), *, fmt="JPEG", mode="RGB", color=(200, 30, 30), name="photo.jpg",
               orientation: int | None = None, **save) -> SimpleUploadedFile:
    image = Image.new(mode, size, color)
    if orientation is not None:
        exif = Image.Exif()
        exif[ORIENTATION] = orientation
        save["exif"] = exif
    out = io.BytesIO()
    image.save(out, fmt, **save)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def stored(product) -> Image.Image:
    product.refresh_from_db()
    with product.photo.open("rb") as f:
        image = Image.open(io.BytesIO(f.read()))
        image.load()
    return image


def test_large_photo_is_shrunk_to_fit_1200_as_jpeg(product, media):
    photos.set_product_photo(product=product, upload=image_file((4000, 3000)))
    image = stored(product)
    assert (image.format, image.mode, image.size) == ("JPEG", "RGB", (1200, 900))
    assert product.photo.name.startswith(f"products/{product.pk}-") and product.photo.name.endswith(".jpg")
    assert (media / product.photo.name).is_file()


def test_tall_photo_fits_by_height(product):
    photos.set_product_photo(product=product, upload=image_file((1000, 3000)))
    assert stored(product).size == (400, 1200)


def test_small_photo_is_not_enlarged(product):
    photos.set_product_photo(product=product, upload=image_file((300, 200), fmt="PNG", name="a.png"))
    assert stored(product).size == (300, 200)


def test_exif_orientation_is_applied(product):
    """Phones store portrait shots as landscape pixels + "rotate 90°" (orientation 6)."""
    photos.set_product_photo(product=product, upload=image_file((1600, 1200), orientation=6))
    image = stored(product)
    assert image.size == (900, 1200)
    assert image.getexif().get(ORIENTATION) is None  # no metadata is kept


def test_transparent_png_becomes_white_not_black(product):
    upload = image_file((100, 100), fmt="PNG", mode="RGBA", color=(0, 0, 0, 0), name="a.png")
    photos.set_product_photo(product=product, upload=upload)
    image = stored(product)
    assert image.mode == "RGB"
    assert all(channel >= 250 for channel in image.getpixel((50, 50)))


@pytest.mark.parametrize("mode", ["CMYK", "L", "P"])
def test_other_colour_modes_become_rgb(product, mode):
    fmt = "JPEG" if mode in ("CMYK", "L") else "PNG"
    photos.set_product_photo(product=product, upload=image_file((50, 40), fmt=fmt, mode=mode, color=1))
    assert stored(product).mode == "RGB"


def test_quality_85(product, monkeypatch):
    saved = {}
    real_save = Image.Image.save

    def spy(self, fp, format=None, **params):
        saved.update(params, format=format)
        return real_save(self, fp, format, **params)

    monkeypatch.setattr(Image.Image, "save", spy)
    photos.set_product_photo(product=product, upload=image_file((10, 10)))
    assert (saved["format"], saved["quality"]) == ("JPEG", 85)


def test_text_file_renamed_jpg_is_refused_and_nothing_changes(product, media):
    before = Product.objects.values().get(pk=product.pk)
    with pytest.raises(ValidationFailed) as exc:
        photos.set_product_photo(product=product, upload=SimpleUploadedFile("사진.jpg", "안녕하세요".encode()))
    assert exc.value.message == NOT_AN_IMAGE
    assert exc.value.details["errors"] == {"photo": NOT_AN_IMAGE}
    assert Product.objects.values().get(pk=product.pk) == before
    assert not any(media.rglob("*"))


def test_truncated_jpeg_is_refused(product, media):
    data = image_file((400, 300)).read()
    with pytest.raises(ValidationFailed, match="사진 파일이 아닙니다"):
        photos.set_product_photo(product=product, upload=SimpleUploadedFile("a.jpg", data[: len(data) // 2]))
    assert not any(media.rglob("*"))


def test_over_10_mb_is_refused(product, media):
    upload = SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationFailed) as exc:
        photos.set_product_photo(product=product, upload=upload)
    assert exc.value.details["errors"] == {"photo": "사진은 10MB까지 올릴 수 있습니다."}
    assert Product.objects.get(pk=product.pk).photo.name == ""


def test_too_many_pixels_is_refused(product, monkeypatch):
    monkeypatch.setattr(photos, "MAX_PIXELS", 100 * 100)
    with pytest.raises(ValidationFailed) as exc:
        photos.set_product_photo(product=product, upload=image_file((101, 100), fmt="PNG", name="a.png"))
    assert exc.value.details["errors"] == {"photo": "사진이 너무 큽니다. 휴대폰에서 크기를 줄여서 올려 주세요."}


def test_replacing_deletes_the_old_file_after_commit(product, media, django_capture_on_commit_callbacks):
    photos.set_product_photo(product=product, upload=image_file())
    first = product.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        photos.set_product_photo(product=product, upload=image_file((500, 500)))
    second = Product.objects.get(pk=product.pk).photo.name
    assert second != first
    assert not (media / first).exists()
    assert (media / second).is_file()


def test_photo_change_keeps_stock_taken_meanwhile(product):
    stale = Product.objects.get(pk=product.pk)
    Product.objects.filter(pk=product.pk).update(stock=4)
    photos.set_product_photo(product=stale, upload=image_file())
    assert Product.objects.values_list("stock", flat=True).get(pk=product.pk) == 4


def test_remove_photo(product, media, django_capture_on_commit_callbacks):
    photos.set_product_photo(product=product, upload=image_file())
    name = product.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        photos.remove_product_photo(product=product)
    assert Product.objects.get(pk=product.pk).photo.name == ""
    assert not (media / name).exists()
