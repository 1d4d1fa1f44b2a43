"""The province's cultural workforce (core.province): practitioners (100,000 at scale 1) in posts at the stations,
centres, libraries and culture centres — every tenth a manager — their names and identity card numbers encrypted and
masked as the services store them, a certificate for half of them, and the year's county training sessions."""

from datetime import date, timedelta

from changxiao.core import personal_data
from changxiao.core.province import BATCH, Province, identity_number, register_province

from .choices import PostKind, PostRole
from .models import Attendance, Certificate, CertificateKind, Post, Practitioner, TrainingSession

PRACTITIONERS = 100_000
SESSIONS = 2_000
SURNAMES = "王李张刘陈杨黄赵吴周"
GIVEN = ("建国", "丽华", "志强", "秀英", "文博", "晓燕")


@register_province("workforce", order=300, occupied_by=("workforce.Practitioner",))
def generate(province: Province) -> dict[str, int]:
    tree = province.tree
    units = tree["stations"] + tree["centres"] + tree["libraries"] + tree["culture_centres"]
    kind, _created = CertificateKind.objects.get_or_create(name="群众文化专业技术资格")
    names = [f"{s}{g}" for s in SURNAMES for g in GIVEN]
    sealed = {name: (personal_data.encrypt(name), personal_data.mask_name(name)) for name in names}
    total = province.volume(PRACTITIONERS)
    posts = certificates = 0
    for first in range(0, total, BATCH):
        numbers = range(first, min(first + BATCH, total))
        people = []
        for n in numbers:
            number = identity_number(n, date(1965, 1, 1) + timedelta(days=n // 1000))
            name = names[n % len(names)]
            people.append(
                Practitioner(
                    name_encrypted=sealed[name][0],
                    name_masked=sealed[name][1],
                    id_number_encrypted=personal_data.encrypt(number),
                    id_number_masked=personal_data.mask_id_number(number),
                    id_number_digest=personal_data.lookup_digest(number),
                )
            )
        people = Practitioner.objects.bulk_create(people)
        posts += len(
            Post.objects.bulk_create(
                Post(
                    practitioner=person,
                    unit=units[n % len(units)],
                    kind=PostKind.ESTABLISHED if n % 10 == 0 else PostKind.PUBLIC_WELFARE,
                    role=PostRole.MANAGER if n % 10 == 0 else PostRole.ADMINISTRATOR,
                    start=date(2020 + n % 5, 1 + n % 12, 1),
                )
                for n, person in zip(numbers, people, strict=True)
            )
        )
        certificates += len(
            Certificate.objects.bulk_create(
                Certificate(
                    practitioner=person,
                    kind=kind,
                    issuer="省文化和旅游厅",
                    number=f"QW{n:08d}",
                    issued_on=date(2021, 1 + n % 12, 1),
                    expires_on=date(province.year + 2, 1 + n % 12, 1),
                )
                for n, person in zip(numbers, people, strict=True)
                if n % 2 == 0
            )
        )
    sessions = TrainingSession.objects.bulk_create(
        TrainingSession(
            organizer=tree["culture_centres"][s % len(tree["culture_centres"])],
            title=f"基层文化骨干培训班第{s + 1}期",
            level="county",
            start=(day := date(province.year, 1 + s % 12, 1 + s % 27)),
            end=day,
            days=1,
        )
        for s in range(province.volume(SESSIONS))
        if date(province.year, 1 + s % 12, 1 + s % 27) <= province.today
    )
    people_ids = list(Practitioner.objects.order_by("pk").values_list("pk", flat=True)[: len(sessions) * 25])
    attendances = Attendance.objects.bulk_create(
        (
            Attendance(session=session, practitioner_id=people_ids[(i * 25 + k) % len(people_ids)], days=1)
            for i, session in enumerate(sessions)
            for k in range(25)
        ),
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    return {
        "practitioners": total,
        "posts": posts,
        "certificates": certificates,
        "training sessions": len(sessions),
        "attendances": len(attendances),
    }
