"""The authorization matrix's cases of the citizens' sign-in: public pages, alike for everyone."""

from django.urls import reverse

from changxiao.core.tests.authz import Case, expect

CASES = [
    Case(
        "public:citizen_sign_in",
        lambda w: reverse("public:citizen_sign_in"),
        expect(200, anonymous=200, office2=200),
    ),
    Case(
        "public:citizen_sign_in",
        lambda w: reverse("public:citizen_sign_in"),
        expect(200, anonymous=200, office2=200),  # the page of the code sent
        method="post",
        data={"action": "send", "phone": "13812345678"},
    ),
    Case(
        "public:citizen_sign_out",
        lambda w: reverse("public:citizen_sign_out"),
        expect(302, anonymous=302, office2=302),
        method="post",
        data={},
    ),
]
