import pytest

from .stories import supervision_story as make_supervision_story


@pytest.fixture
def supervision_story(world, monkeypatch):
    return make_supervision_story(world, monkeypatch)
