"""The authorization matrix's shared pieces: a Case (a URL, a method, a body and the status every persona must
get) and the common expectations. Each app lists its cases in its own tests/matrix.py (CASES); the test in
tests/test_authorization_matrix.py runs them all and fails when a URL or a write is missing."""

from collections.abc import Callable
from dataclasses import dataclass

PERSONAS = ["office", "member", "district", "venue", "inspector", "leader", "outsider", "office2"]


@dataclass
class Case:
    url_name: str
    url: Callable[[object], str]
    expected: dict[str, int]
    method: str = "get"
    # The body: a dict, or a function of the world giving one (for files and objects made by the case).
    data: dict | Callable[[object], dict] | None = None
    json: bool = False
    # Tells apart two cases of one URL and method (e.g. a task led by another unit).
    label: str = ""

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.url_name}{f' ({self.label})' if self.label else ''}"

    def body(self, world) -> dict | None:
        """The body of one request: its files are read as they are sent, so each request gets copies of them."""
        data = self.data(world) if callable(self.data) else self.data
        return {key: fresh(value) for key, value in data.items()} if isinstance(data, dict) else data


def fresh(value):
    """A copy of an uploaded file of a body (one request reads it to the end), or the value itself."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    if isinstance(value, SimpleUploadedFile):
        value.seek(0)
        return SimpleUploadedFile(value.name, value.read(), content_type=value.content_type)
    if isinstance(value, list):
        return [fresh(each) for each in value]
    return value


def expect(default: int, anonymous: int = 302, office2: int = 404, **overrides: int) -> dict[str, int]:
    """The status each persona gets. office2, the office of a second city (无锡市), sees nothing of 苏州市: 404 on
    every object and setting of the first city unless the case says otherwise — a page of its own (a list, its own
    settings, the public site) answers it like anyone else, and tests/test_second_city.py checks such pages hold none
    of the first city's records."""
    result = {persona: default for persona in PERSONAS}
    result["office2"] = office2
    result.update(overrides)
    result["anonymous"] = anonymous
    return result


# Who sees 姑苏区 and its objects: the city-wide roles, the district and the venue inside it.
SEES_GUSU_REGION = expect(200, outsider=404)
# Who sees the 姑苏区 cultural centre (a venue unit): its jurisdiction's office/leader/district and itself.
SEES_VENUE = expect(200, member=404, inspector=404, outsider=404)
SEES_CAMPAIGN = expect(404, office=200, leader=200)  # a city campaign: the office and the leader
# The district and the venues (姑苏区's and the outsider in 昆山市) read their share of the city campaign's index:
# each the responses about itself (test_index.py checks the outsider's holds none of 姑苏区's).
SEES_CAMPAIGN_INDEX = {**SEES_CAMPAIGN, "district": 200, "venue": 200, "outsider": 200}
# Who may change the venue: office and district coordinator; those who only see it get 403.
MANAGES_VENUE = expect(403, member=404, inspector=404, outsider=404, office=200, district=200)
MANAGES_VENUE_POST = {k: (302 if v == 200 else v) for k, v in MANAGES_VENUE.items()}
MANAGES_GUSU_REGION = expect(403, outsider=404, office=200, district=200)
MANAGERS_ONLY = expect(
    403, office=200, district=200, office2=200
)  # a page of one's own: the other city's office too
# Pages every signed-in person opens, of whichever city: their workbench, lists, new-record forms, and what is
# shipped with the platform (a list holds only what the person sees: tests/test_second_city.py checks office2's).
EVERYONE = expect(200, office2=200)
# An object every unit of the first city reads (an issued bulletin, a call for nominations): not the second city.
EVERYONE_OF_THE_CITY = expect(200)
# A city plan: those who see it, only the city office may change it.
OFFICE_MANAGES_CITY = expect(403, member=404, inspector=404, outsider=404, office=200)
OFFICE_MANAGES_CITY_POST = {k: (302 if v == 200 else v) for k, v in OFFICE_MANAGES_CITY.items()}
