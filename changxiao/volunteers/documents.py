"""The certificate as a Word document (core.documents), with the QR code of its public check."""

import io

import segno
from django.urls import reverse
from django.utils import timezone

from changxiao.core import numbers
from changxiao.core.documents import document_language, docx_file_response, official_date, render_docx
from changxiao.core.personal_data import decrypt

from .models import Certificate


def certificate_context(request, certificate: Certificate) -> dict:
    records = certificate.records.select_related("activity").order_by("checked_in_at")
    with document_language():
        return {
            "number": certificate.number,
            # The document is handed to the volunteer: their full name, the identity card number masked.
            "name": decrypt(certificate.volunteer.name_encrypted) or certificate.volunteer.name_masked,
            "id_number": certificate.volunteer.id_number_masked,
            "volunteer_number": certificate.volunteer.number,
            "hours": numbers.figure(certificate.hours),
            "content": certificate.content,
            "records": [
                {
                    "n": index,
                    "title": record.activity.title,
                    "day": official_date(record.checked_in_at),
                    "start": timezone.localtime(record.checked_in_at).strftime("%H:%M"),
                    "end": timezone.localtime(record.checked_out_at).strftime("%H:%M"),
                    "hours": numbers.figure(record.hours),
                }
                for index, record in enumerate(records, 1)
            ],
            "unit": certificate.unit.name,
            "responsible_person": certificate.responsible_person,
            "handler": certificate.handler,
            "contact": certificate.contact or numbers.EMPTY,
            "date": official_date(certificate.issued_at),
            "verify_url": request.build_absolute_uri(
                reverse("public:volunteers_verify", args=[certificate.number])
            ),
        }


def certificate_response(request, certificate: Certificate):
    context = certificate_context(request, certificate)

    def build(template):
        from docx.shared import Mm
        from docxtpl import InlineImage

        png = io.BytesIO()
        segno.make(context["verify_url"], error="m").save(png, kind="png", scale=4)
        png.seek(0)
        return {"qr": InlineImage(template, png, width=Mm(30))}

    content = render_docx("volunteers/certificate.docx", context, build=build)
    return docx_file_response(content, filename=f"certificate-{certificate.number}.docx")
