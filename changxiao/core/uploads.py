"""Attachments (佐证材料): validation of uploaded files and storing them against an object.

A photo (JPG, PNG) is accepted only when Pillow decodes it whole: a page or a script behind a picture's first bytes is
refused. What is stored is the picture re-encoded (`clean_image`): turned upright as the camera's orientation said,
without its metadata (EXIF with the GPS position, make, model and time; PNG text chunks) and without anything that
followed the picture in the file."""

import errno
import hashlib
import io
import logging
import warnings
import zipfile
from collections.abc import Iterable
from pathlib import Path

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from .models import Attachment
from .storage import FileStoreUnavailable

logger = logging.getLogger(__name__)

# Extension → MIME types the file's own bytes must show.
ALLOWED_TYPES: dict[str, set[str]] = {
    ".pdf": {"application/pdf"},
    ".docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/zip"},
    ".xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/zip"},
    ".jpg": {"image/jpeg"},
    ".jpeg": {"image/jpeg"},
    ".png": {"image/png"},
}
CONTENT_TYPE_FOR_SUFFIX = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}
# Markers of active content inside a PDF (scripts, launch actions, embedded files).
PDF_ACTIVE_MARKERS = (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/RichMedia")
OFFICE_MAIN_PART = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}
# Photos: decoded whole and re-encoded before they are stored; the Pillow format each suffix must be.
IMAGE_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}
JPEG_QUALITY = 90


# What a field that says "PDF or Word" takes (an implementation plan, a notice, a report document).
DOCUMENT_SUFFIXES = (".pdf", ".docx")


def allowed_types_label(suffixes: Iterable[str] | None = None) -> str:
    suffixes = suffixes or ALLOWED_TYPES
    return ", ".join(dict.fromkeys(s.lstrip(".").upper().replace("JPEG", "JPG") for s in suffixes))


def validate_upload(upload: UploadedFile, *, suffixes: Iterable[str] | None = None) -> str:
    """Check one file; return its canonical content type or raise ValidationError with a clear message. `suffixes`
    narrows the accepted types to what the field says it takes (e.g. DOCUMENT_SUFFIXES)."""
    name = upload.name or ""
    suffix = Path(name).suffix.lower()
    accepted = set(suffixes) if suffixes else set(ALLOWED_TYPES)
    if suffix not in ALLOWED_TYPES or suffix not in accepted:
        raise ValidationError(
            _("“%(name)s”: this file type is not accepted. Allowed types: %(types)s.")
            % {"name": name, "types": allowed_types_label(suffixes)},
            code="file_type",
        )
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is %(size)s; the limit is %(limit)s.")
            % {
                "name": name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
            },
            code="file_size",
        )
    if upload.size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="file_empty")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_TYPES[suffix]:
        raise ValidationError(
            _("“%(name)s”: its content does not match its extension.") % {"name": name}, code="file_content"
        )
    if suffix == ".pdf":
        _check_pdf(upload, name)
    elif suffix in OFFICE_MAIN_PART:
        _check_office(upload, name, OFFICE_MAIN_PART[suffix])
    elif suffix in IMAGE_FORMATS:
        _open_image(upload, name, IMAGE_FORMATS[suffix]).close()
    return CONTENT_TYPE_FOR_SUFFIX[suffix]


def _not_an_image(name: str) -> ValidationError:
    return ValidationError(
        _("“%(name)s” is not a picture that can be opened; only real JPG or PNG photos are accepted.")
        % {"name": name},
        code="file_content",
    )


def _open_image(upload: UploadedFile, name: str, image_format: str) -> Image.Image:
    """The picture decoded whole (a truncated or disguised file fails here), or a ValidationError. A picture of more
    pixels than Pillow's MAX_IMAGE_PIXELS (a decompression bomb) is refused too."""
    upload.seek(0)
    content = io.BytesIO(upload.read())  # Pillow closes what it opened; the upload stays open for storing
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(content, formats=[image_format])
            image.load()
    except (
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as exc:
        raise _not_an_image(name) from exc
    return image


def clean_image(upload: UploadedFile) -> UploadedFile:
    """The photo re-encoded: upright, without metadata or trailing bytes, in its own format (a validated upload)."""
    suffix = Path(upload.name or "").suffix.lower()
    image_format = IMAGE_FORMATS[suffix]
    with _open_image(upload, upload.name, image_format) as image:
        upright = ImageOps.exif_transpose(image)
        options = {}
        if image_format == "JPEG":
            if upright.mode not in ("RGB", "L", "CMYK"):
                upright = upright.convert("RGB")
            options = {"quality": JPEG_QUALITY}
        # The colour profile is kept (it says how to show the colours, nothing of the person); nothing else is.
        if image.info.get("icc_profile"):
            options["icc_profile"] = image.info["icc_profile"]
        output = io.BytesIO()
        upright.save(output, image_format, **options)
    return SimpleUploadedFile(upload.name, output.getvalue(), content_type=CONTENT_TYPE_FOR_SUFFIX[suffix])


def _active_content_error(name: str) -> ValidationError:
    return ValidationError(
        _("“%(name)s” contains active content (scripts or macros) and is refused.") % {"name": name},
        code="file_active",
    )


def _check_pdf(upload: UploadedFile, name: str) -> None:
    upload.seek(0)
    tail = b""
    for chunk in upload.chunks():
        window = tail + chunk
        if any(marker in window for marker in PDF_ACTIVE_MARKERS):
            upload.seek(0)
            raise _active_content_error(name)
        tail = chunk[-32:]
    upload.seek(0)


def _check_office(upload: UploadedFile, name: str, main_part: str) -> None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile as exc:
        raise ValidationError(
            _("“%(name)s” is damaged and cannot be opened.") % {"name": name}, code="file_content"
        ) from exc
    finally:
        upload.seek(0)
    if main_part not in names:
        raise ValidationError(
            _("“%(name)s”: its content does not match its extension.") % {"name": name}, code="file_content"
        )
    if any(n.lower().endswith("vbaproject.bin") or n.lower().startswith("word/activex") for n in names):
        raise _active_content_error(name)


def validate_uploads(uploads: Iterable[UploadedFile], *, suffixes: Iterable[str] | None = None) -> list[str]:
    """Validate every file before any is stored, collecting all messages."""
    errors: list[ValidationError] = []
    types: list[str] = []
    for upload in uploads:
        try:
            types.append(validate_upload(upload, suffixes=suffixes))
        except ValidationError as exc:
            errors.append(exc)
    if errors:
        raise ValidationError(errors)
    return types


def attach_files(
    obj: models.Model,
    uploads: list[UploadedFile],
    *,
    by,
    description: str = "",
    suffixes: Iterable[str] | None = None,
) -> list[Attachment]:
    """Store validated files against obj. All are validated first: one bad file stores none. `suffixes` narrows the
    accepted types to what the field says it takes."""
    types = validate_uploads(uploads, suffixes=suffixes)
    uploads = [clean_image(u) if Path(u.name or "").suffix.lower() in IMAGE_FORMATS else u for u in uploads]
    stored: list[Attachment] = []
    try:
        _store_each(obj, uploads, types, by=by, description=description, stored=stored)
    except OSError as exc:
        unavailable = isinstance(exc, FileStoreUnavailable)
        if not unavailable and exc.errno not in (errno.ENOSPC, errno.EDQUOT):
            raise
        # The disk is full or the file store out of reach: the files of this call already written go too, and the
        # caller's transaction is rolled back by the ValidationError (the storage leaves no part of the file that
        # failed).
        logger.error("Uploaded files could not be stored: %s", exc)
        _remove_stored(stored)
        if unavailable:
            message = _(
                "The file store cannot be reached just now, so nothing was saved. Please try again in a few "
                "minutes, or send it without the files."
            )
        else:
            message = _(
                "The server has no room to store files just now, so nothing was saved. Please try again later, or "
                "send it without the files."
            )
        raise ValidationError(message) from exc
    return stored


def _remove_stored(stored: list[Attachment]) -> None:
    for attachment in stored:
        try:
            attachment.file.delete(save=False)
        except Exception:  # a store out of reach: the file is left without a row pointing to it, and said so
            logger.exception(
                "An uploaded file of a refused batch could not be removed: %s", attachment.file.name
            )


def _store_each(obj, uploads, types, *, by, description, stored: list) -> None:
    for upload, content_type in zip(uploads, types, strict=True):
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        attachment = Attachment(
            content_object=obj,
            original_name=Path(upload.name).name[:255],
            content_type_label=content_type,
            size=upload.size,
            sha256=digest.hexdigest(),
            uploaded_by=by,
            description=description,
        )
        attachment.file.save(upload.name, upload, save=False)
        stored.append(attachment)
        attachment.save()


def user_may_see_owner(user, attachment: Attachment) -> bool:
    """An attachment is visible exactly when its owning object is, through the owner's visible_to()."""
    model = attachment.content_type.model_class()
    if model is None:
        return False
    manager = model._default_manager
    if not hasattr(manager, "visible_to"):
        return False
    return manager.visible_to(user).filter(pk=attachment.object_id).exists()
