"""상품 사진 on the edit page: a phone photo becomes a JPEG of at most 1200 px; a file that is
not a photo gets a Korean error and changes nothing; the photo can be taken off."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from jangbogi.catalog.models import Product
from tests.factories import ProductFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def zucchini(veg):
    return ProductFactory(store=veg, name="애호박", price=1500)


def png(width: int, height: int) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (30, 160, 60, 255)).save(out, "PNG")
    return SimpleUploadedFile("호박.png", out.getvalue(), content_type="image/png")


def photo_url(product) -> str:
    return f"/merchant/products/{product.pk}/photo"


def test_upload_saves_a_jpeg_that_fits_1200px(merchant, zucchini, tmp_path):
    response = merchant.post(photo_url(zucchini), {"photo": png(1600, 800)})
    assert response.status_code == 302
    assert response["Location"] == f"/merchant/products/{zucchini.pk}/edit"
    zucchini.refresh_from_db()
    assert zucchini.photo.name.startswith(f"products/{zucchini.pk}-")
    assert zucchini.photo.name.endswith(".jpg")
    with Image.open(tmp_path / zucchini.photo.name) as saved:
        assert (saved.format, saved.size) == ("JPEG", (1200, 600))
    html = merchant.get(f"/merchant/products/{zucchini.pk}/edit").content.decode()
    assert "사진을 올렸어요." in html
    assert f'<img class="pm-photo-img" src="/media/{zucchini.photo.name}" alt="애호박 사진">' in html
    assert ">사진 빼기</button>" in html
    assert "다른 사진으로 바꾸기" in html


def test_a_text_file_is_refused_in_korean(merchant, zucchini, tmp_path):
    upload = SimpleUploadedFile("메모.txt", "사진 아님".encode(), content_type="text/plain")
    response = merchant.post(photo_url(zucchini), {"photo": upload})
    assert response.status_code == 200
    assert response.context["photo_form"].errors == {"photo": ["사진 파일이 아닙니다. JPG나 PNG 사진을 올려 주세요."]}
    html = response.content.decode()
    assert '<p class="error" role="alert">사진 파일이 아닙니다. JPG나 PNG 사진을 올려 주세요.</p>' in html
    assert 'name="name" value="애호박"' in html  # the listing form is still there
    zucchini.refresh_from_db()
    assert zucchini.photo.name == ""
    assert list(tmp_path.iterdir()) == []


def test_no_file_chosen(merchant, zucchini):
    response = merchant.post(photo_url(zucchini), {})
    assert response.context["photo_form"].errors == {"photo": ["올릴 사진을 골라 주세요."]}


def test_remove_photo(merchant, zucchini, tmp_path, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        merchant.post(photo_url(zucchini), {"photo": png(40, 40)})
    zucchini.refresh_from_db()
    stored = tmp_path / zucchini.photo.name
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = merchant.post(f"/merchant/products/{zucchini.pk}/photo/remove")
    assert response.status_code == 302
    assert Product.objects.get(pk=zucchini.pk).photo.name == ""
    assert not stored.exists()
    assert "사진을 뺐어요." in merchant.get(f"/merchant/products/{zucchini.pk}/edit").content.decode()


def test_photo_urls_take_only_post(merchant, zucchini):
    assert merchant.get(photo_url(zucchini)).status_code == 405
    assert merchant.get(f"/merchant/products/{zucchini.pk}/photo/remove").status_code == 405


def test_htmx_upload_swaps_only_the_photo_card(merchant, zucchini):
    response = merchant.post(photo_url(zucchini), {"photo": png(300, 200)}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="photo" class="card pm-photo"')
    assert '<p class="pm-done" role="status">✓ 사진을 올렸어요.</p>' in html
    zucchini.refresh_from_db()
    assert f'src="/media/{zucchini.photo.name}"' in html
    assert 'name="price"' not in html  # the listing form (and what is typed in it) is left alone


def test_htmx_bad_upload_shows_the_error_in_the_card(merchant, zucchini):
    upload = SimpleUploadedFile("메모.txt", b"hello", content_type="text/plain")
    html = merchant.post(photo_url(zucchini), {"photo": upload}, HTTP_HX_REQUEST="true").content.decode()
    assert html.lstrip().startswith('<section id="photo"')
    assert '<p class="error" role="alert">사진 파일이 아닙니다. JPG나 PNG 사진을 올려 주세요.</p>' in html


def test_htmx_remove_swaps_the_card(merchant, zucchini):
    merchant.post(photo_url(zucchini), {"photo": png(40, 40)})
    html = merchant.post(f"/merchant/products/{zucchini.pk}/photo/remove", HTTP_HX_REQUEST="true").content.decode()
    assert html.lstrip().startswith('<section id="photo"')
    assert "✓ 사진을 뺐어요." in html
    assert "아직 사진이 없어요" in html
    assert Product.objects.get(pk=zucchini.pk).photo.name == ""
