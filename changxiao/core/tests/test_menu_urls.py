"""The menu's addresses, reversed once per URL configuration and script prefix (core.navigation.menu_url)."""

from django.urls import reverse, set_script_prefix

from changxiao.core.navigation import menu_url


def test_a_menu_address_is_the_reversed_one_under_each_script_prefix():
    plain = menu_url("targets:plan_list")
    assert plain == reverse("targets:plan_list")
    try:
        set_script_prefix("/wenhua/")  # the platform served under a path of the city's site
        assert menu_url("targets:plan_list") == reverse("targets:plan_list") == "/wenhua" + plain
    finally:
        set_script_prefix("/")
    assert menu_url("targets:plan_list") == plain
