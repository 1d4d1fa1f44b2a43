"""Photos (issue 19, point 5): only real images are accepted (decoded whole, not judged by their first bytes), and
what is stored is the picture re-encoded, without the camera's metadata (GPS position, make and model, time), turned
upright as the camera's orientation said, on the citizen's form and every staff upload alike."""

import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, PngImagePlugin

from changxiao.core.models import Attachment
from changxiao.feedback.models import Category, FeedbackItem

GPS_IFD, MAKE, MODEL, ORIENTATION, DATETIME = 0x8825, 0x010F, 0x0110, 0x0112, 0x0132
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def jpeg_with_gps(size=(40, 20), orientation=6) -> bytes:
    """A photo as a phone takes it: GPS position, camera make and model, time, and "rotate 90° to view"."""
    image = Image.new("RGB", size, (200, 30, 30))
    image.paste((30, 30, 200), (0, 0, size[0] // 2, size[1]))  # left half blue: shows where the top went
    exif = Image.Exif()
    exif[MAKE], exif[MODEL], exif[DATETIME], exif[ORIENTATION] = (
        "Canon",
        "EOS 5D",
        "2026:12:01 10:00:00",
        orientation,
    )
    exif[GPS_IFD] = {1: "N", 2: (31.0, 18.0, 30.0), 3: "E", 4: (120.0, 37.0, 12.0)}
    output = io.BytesIO()
    image.save(output, "JPEG", exif=exif, quality=95)
    content = output.getvalue()
    assert Image.open(io.BytesIO(content)).getexif().get_ifd(GPS_IFD)  # the test photo does carry a position
    return content


def png_with_text() -> bytes:
    image = Image.new("RGBA", (8, 6), (0, 128, 0, 255))
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "王先生 13812345678")
    info.add_text("GPS", "31.30,120.62")
    output = io.BytesIO()
    image.save(output, "PNG", pnginfo=info)
    return output.getvalue()


def stored(attachment: Attachment) -> bytes:
    with attachment.file.open("rb") as handle:
        return handle.read()


def attach(client, unit, *files):
    return client.post(reverse("orgs:unit_attach", args=[unit.pk]), {"files": list(files)}, follow=True)


@pytest.mark.parametrize(
    "name,content",
    [
        ("photo.png", HTML),  # an HTML page named as a picture
        ("photo.png", b"\x89PNG\r\n\x1a\n" + HTML),  # a picture's first bytes, then a page
        ("photo.jpg", b"\xff\xd8\xff\xe0" + HTML),
    ],
)
def test_a_file_that_is_not_a_picture_is_refused(world, login, name, content):
    client = login(world.office)
    response = attach(client, world.venue_unit, SimpleUploadedFile(name, content))
    page = response.content.decode()
    assert name in page and ("不是可以打开的图片" in page or "文件内容与扩展名不符" in page)
    assert not Attachment.objects.exists()


def test_the_citizen_form_refuses_a_page_named_as_a_photo(world, client):
    category = Category.objects.create(name="设施设备", sort_order=1)
    response = client.post(
        reverse("public:feedback_submit"),
        {
            "kind": "complaint",
            "category": category.pk,
            "region": world.gusu.pk,
            "content": "文化馆二楼电梯坏了一个月没人修",
            "photos": [SimpleUploadedFile("电梯.png", b"\x89PNG\r\n\x1a\n" + HTML, content_type="image/png")],
        },
        follow=True,
    )
    page = response.content.decode()
    assert "电梯.png" in page and "不是可以打开的图片" in page
    assert not FeedbackItem.objects.exists() and not Attachment.objects.exists()


def test_a_citizens_photo_is_stored_without_gps_or_camera_data_and_upright(world, client):
    category = Category.objects.create(name="设施设备", sort_order=1)
    client.post(
        reverse("public:feedback_submit"),
        {
            "kind": "complaint",
            "category": category.pk,
            "region": world.gusu.pk,
            "content": "文化馆二楼电梯坏了一个月没人修",
            "photos": [SimpleUploadedFile("电梯.jpg", jpeg_with_gps(), content_type="image/jpeg")],
        },
    )
    attachment = Attachment.objects.get()
    content = stored(attachment)
    image = Image.open(io.BytesIO(content))
    assert image.format == "JPEG"
    exif = image.getexif()
    assert not exif.get_ifd(GPS_IFD) and MAKE not in exif and MODEL not in exif and DATETIME not in exif
    assert b"Canon" not in content and b"EOS 5D" not in content
    # Turned as the camera said (a 40×20 picture to be rotated 90°): 20 wide, 40 high, no orientation left to apply.
    assert image.size == (20, 40) and exif.get(ORIENTATION, 1) == 1
    # What the record says is what is stored.
    assert attachment.size == len(content) and attachment.content_type_label == "image/jpeg"
    assert attachment.original_name == "电梯.jpg"


def test_a_png_is_stored_without_its_text_chunks_or_what_follows_it(world, login):
    client = login(world.office)
    attach(client, world.venue_unit, SimpleUploadedFile("平面图.png", png_with_text() + HTML))
    content = stored(Attachment.objects.get())
    image = Image.open(io.BytesIO(content))
    assert image.format == "PNG" and image.size == (8, 6) and image.mode == "RGBA"
    assert not image.text and b"13812345678" not in content and b"<script" not in content


def test_a_photo_without_metadata_is_stored_as_a_picture_of_the_same_size(world, login):
    client = login(world.office)
    output = io.BytesIO()
    Image.new("L", (30, 10), 128).save(output, "JPEG")
    attach(client, world.venue_unit, SimpleUploadedFile("灰度.jpeg", output.getvalue()))
    image = Image.open(io.BytesIO(stored(Attachment.objects.get())))
    assert image.size == (30, 10) and image.mode == "L"


def test_a_decompression_bomb_is_refused(world, login, monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)
    client = login(world.office)
    output = io.BytesIO()
    Image.new("RGB", (20, 20)).save(output, "PNG")
    page = attach(
        client, world.venue_unit, SimpleUploadedFile("大图.png", output.getvalue())
    ).content.decode()
    assert "大图.png" in page and not Attachment.objects.exists()
