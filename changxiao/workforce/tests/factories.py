"""Practitioners, posts and certificates for tests, made by the workforce's services (a post through
practitioner_register, a certificate through certificate_record), so each passed the checks a person meets.

    post = PostFactory(unit=world.station_unit, by=world.office)                       # a station manager since 2024
    certificate = CertificateFactory(practitioner=post.practitioner, by=world.office)  # valid 2024-05-01 – 2027-05-01
"""

import itertools
from datetime import date

import factory

from changxiao.core.personal_data import ID_CHECK, ID_WEIGHTS
from changxiao.core.tests.factories import ServiceFactory
from changxiao.workforce.models import Certificate, CertificateKind, Post
from changxiao.workforce.services import certificate_record, practitioner_register

_sequence = itertools.count(1)


def id_number(born: str = "19850312", region: str = "320508") -> str:
    """A fresh identity card number passing the GB 11643 check."""
    body = f"{region}{born}{next(_sequence) % 1000:03d}"
    return body + ID_CHECK[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


def certificate_kind(owner=None, name: str = "基层文化管理员岗位培训合格证") -> CertificateKind:
    return CertificateKind.objects.get_or_create(owner=owner, name=name)[0]


class PostFactory(ServiceFactory):
    """A person registered in `unit` (required) by `by` (required): a manager with an established post since
    2024-03-01 unless said otherwise."""

    class Meta:
        model = Post

    name = factory.Sequence(lambda n: f"测试{'甲乙丙丁戊己庚辛壬癸'[n % 10]}")
    id_number = factory.LazyFunction(id_number)
    phone = "13912345678"
    kind = "established"
    role = "manager"
    start = date(2024, 3, 1)

    @classmethod
    def make(cls, **fields) -> Post:
        return practitioner_register(**fields)


class CertificateFactory(ServiceFactory):
    """A certificate of `practitioner` (required) recorded by `by` (required), of the city's manager certificate
    kind unless `kind` is given."""

    class Meta:
        model = Certificate

    kind = factory.LazyFunction(certificate_kind)
    issuer = "苏州市文化广电和旅游局"
    number = factory.Sequence(lambda n: f"SZ-{n:04d}")
    issued_on = date(2024, 5, 1)
    expires_on = date(2027, 5, 1)

    @classmethod
    def make(cls, **fields) -> Certificate:
        return certificate_record(**fields)
