"""core.events' commands: a request one app makes of exactly one other, answered at once in the caller's
transaction (the seam that lets feedback have supervision open a finding without importing it)."""

from dataclasses import dataclass

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError

from changxiao.core import events


@dataclass(frozen=True)
class Ask:
    text: str


@dataclass(frozen=True)
class Answer:
    text: str


def echo(payload: Ask) -> Answer:
    return Answer(text=payload.text.upper())


def command() -> events.Command:
    return events.Command("test_echo", payload=Ask, result=Answer)


def test_the_one_handler_answers_at_once():
    echoing = command()
    echoing.register(echo, dispatch_uid="tests.echo")
    assert events.ask(echoing, Ask("qing")) == Answer("QING")


def test_asking_with_no_handler_registered_names_the_missing_app():
    with pytest.raises(ImproperlyConfigured, match="no installed app handles the command 'test_echo'"):
        events.ask(command(), Ask("qing"))


def test_a_second_handler_is_refused_and_the_first_stays():
    echoing = command()
    echoing.register(echo, dispatch_uid="tests.echo")
    with pytest.raises(ImproperlyConfigured, match="exactly one handler"):
        echoing.register(lambda payload: Answer("other"), dispatch_uid="tests.other")
    assert events.ask(echoing, Ask("a")) == Answer("A")


def test_registering_again_under_the_same_uid_replaces_the_handler():
    """An app whose ready() runs twice does not trip over its own registration."""
    echoing = command()
    echoing.register(lambda payload: Answer("old"), dispatch_uid="tests.echo")
    echoing.register(echo, dispatch_uid="tests.echo")
    assert events.ask(echoing, Ask("a")) == Answer("A")
    echoing.unregister(dispatch_uid="tests.other")
    assert echoing.handled
    echoing.unregister(dispatch_uid="tests.echo")
    assert not echoing.handled


def test_payload_and_result_are_the_declared_dataclasses():
    echoing = command()
    echoing.register(lambda payload: "QING", dispatch_uid="tests.echo")
    with pytest.raises(TypeError, match="takes a payload of type Ask, not dict"):
        events.ask(echoing, {"text": "qing"})
    with pytest.raises(TypeError, match="answered with type str, not Answer"):
        events.ask(echoing, Ask("qing"))


def test_the_handlers_refusal_reaches_the_caller():
    def refuse(payload: Ask) -> Answer:
        raise ValidationError("no")

    refusing = command()
    refusing.register(refuse, dispatch_uid="tests.refuse")
    with pytest.raises(ValidationError):
        events.ask(refusing, Ask("qing"))


def test_supervision_handles_the_opening_of_findings_once_the_apps_are_loaded():
    assert events.finding_open.handled
    with pytest.raises(ImproperlyConfigured):
        events.finding_open.register(echo, dispatch_uid="tests.second_supervision")
