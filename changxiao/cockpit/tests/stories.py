"""Stories the cockpit's tests (and its browser flow) start from."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n%%EOF\n"


def supervision_story(world, monkeypatch) -> dict:
    """Findings of an inspection held on 2 March 2026, due 10 March: at the venue (姑苏区) one rectified on time, one
    still open (overdue now); at the township station (平江街道) one open; at the city's finance bureau one rectified
    late. Today is the test's real day, after all of them."""
    from changxiao.supervision import services
    from changxiao.supervision.tests.factories import FindingFactory, InspectionFactory

    today = {"value": date(2026, 3, 2)}
    monkeypatch.setattr("changxiao.supervision.services.local_today", lambda: today["value"])
    inspection = InspectionFactory(by=world.inspector, date=date(2026, 3, 2))

    def add(unit):
        return FindingFactory(inspection=inspection, lead_unit=unit, due_date=date(2026, 3, 10))

    on_time, venue_open, station_open, member_late = (
        add(world.venue_unit),
        add(world.venue_unit),
        add(world.station_unit),
        add(world.member_unit),
    )

    def rectify(finding, by, day):
        today["value"] = day
        rectification = services.rectification_submit(
            finding=finding, by=by, measures="已整改", evidence=[SimpleUploadedFile("x.pdf", PDF)]
        )
        services.rectification_accept(rectification=rectification, by=world.inspector)

    rectify(on_time, world.venue, date(2026, 3, 9))
    rectify(member_late, world.member, date(2026, 3, 20))
    monkeypatch.undo()
    return {
        "on_time": on_time,
        "venue_open": venue_open,
        "station_open": station_open,
        "member_late": member_late,
    }
