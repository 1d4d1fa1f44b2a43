"""Lock-out cannot be used as a weapon (issue 19, point 3): five wrong passwords lock an account *from the address
they came from* (django-axes, per account and address), so an outsider guessing a staff username locks only
themselves out, not the office; the address is the one core.ratelimit.client_ip trusts (the proxy's, not what a client
writes into X-Forwarded-For). The office that manages the account (or a system administrator) sees the lock on the
account's page and lifts it; the lifting is on the unit's timeline."""

import pytest
from django.urls import reverse

from changxiao.core.models import TimelineEvent
from conftest import PASSWORD

OUTSIDE = "203.0.113.9"
OFFICE_ADDRESS = "10.1.1.1"


def sign_in(client, username, password, address, **headers):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def lock(client, username, address=OUTSIDE, **headers):
    for _ in range(5):
        sign_in(client, username, "wrong", address, **headers)


def test_an_outsider_locks_only_their_own_address(world, client):
    lock(client, "venue")
    assert sign_in(client, "venue", PASSWORD, OUTSIDE).status_code == 429  # the guesser is locked out
    response = sign_in(client, "venue", PASSWORD, OFFICE_ADDRESS)  # the venue's staff are not
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_the_lock_still_holds_from_the_address_that_failed(world, client):
    for _ in range(4):
        assert sign_in(client, "office", "wrong", OUTSIDE).status_code == 200
    assert sign_in(client, "office", "wrong", OUTSIDE).status_code == 429
    assert sign_in(client, "office", PASSWORD, OUTSIDE).status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_forged_forwarded_header_does_not_buy_more_guesses(world, client, settings):
    """Behind one proxy the address is the one the proxy saw (the last of X-Forwarded-For): what a client writes in
    front of it changes nothing."""
    settings.REVERSE_PROXY_COUNT = 1
    for forged in range(5):
        sign_in(
            client, "office", "wrong", "127.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{forged}, {OUTSIDE}"
        )
    response = sign_in(
        client, "office", PASSWORD, "127.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.99, {OUTSIDE}"
    )
    assert response.status_code == 429
    response = sign_in(client, "office", PASSWORD, "127.0.0.1", HTTP_X_FORWARDED_FOR=OFFICE_ADDRESS)
    assert response.status_code == 302


def test_the_office_sees_the_lock_and_lifts_it(world, client, login):
    lock(client, "venue")
    office = login(world.office)
    page = office.get(reverse("orgs:person_edit", args=[world.venue.pk])).content.decode()
    assert OUTSIDE in page and reverse("orgs:person_unlock", args=[world.venue.pk]) in page
    listed = office.get(reverse("orgs:people_list"), {"q": world.venue.username}).content.decode()
    assert "登录已锁定" in listed
    response = office.post(reverse("orgs:person_unlock", args=[world.venue.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("orgs:person_edit", args=[world.venue.pk])
    assert OUTSIDE not in response.content.decode()
    event = TimelineEvent.objects.for_object(world.venue_unit).get(verb="account_unlocked")
    assert (
        event.actor == world.office and world.venue.display_name in event.comment and OUTSIDE in event.comment
    )
    client.logout()
    assert sign_in(client, "venue", PASSWORD, OUTSIDE).status_code == 302


@pytest.mark.parametrize("persona", ["member", "venue", "outsider", "leader"])
def test_who_does_not_manage_the_account_cannot_lift_its_lock(world, client, login, persona):
    lock(client, "district")
    response = login(getattr(world, persona)).post(reverse("orgs:person_unlock", args=[world.district.pk]))
    assert response.status_code in (403, 404)
    client.logout()
    assert sign_in(client, "district", PASSWORD, OUTSIDE).status_code == 429


def test_a_system_administrator_lifts_a_lock_too(world, client, login, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password=PASSWORD)
    lock(client, "office")
    response = login(admin).post(reverse("orgs:person_unlock", args=[world.office.pk]))
    assert response.status_code == 302
    client.logout()
    assert sign_in(client, "office", PASSWORD, OUTSIDE).status_code == 302
