"""iCalendar (RFC 5545) feeds of the activity calendar: CRLF line ends, lines folded at 75 octets (never inside a
UTF-8 character), TEXT values escaped, one UID per activity whichever feed it appears in, DTSTAMP in UTC and the times
in Asia/Shanghai with its VTIMEZONE (no daylight saving since 1991: one STANDARD component, +0800)."""

from collections.abc import Iterable
from datetime import UTC, datetime

from django.utils import timezone

TZID = "Asia/Shanghai"
VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:STANDARD",
    "DTSTART:19910915T000000",
    "TZOFFSETFROM:+0800",
    "TZOFFSETTO:+0800",
    "TZNAME:CST",
    "END:STANDARD",
    "END:VTIMEZONE",
]


def escape_text(value: str) -> str:
    """RFC 5545 §3.3.11: backslash, semicolon, comma escaped; a line break written as \\n."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """RFC 5545 §3.1: a content line longer than 75 octets is split, each further part starting with one space."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current, limit = [], b"", 75
    for char in line:
        piece = char.encode()
        if len(current) + len(piece) > limit:
            parts.append(current.decode())
            current, limit = b"", 74  # the leading space of a continuation line counts
        current += piece
    parts.append(current.decode())
    return "\r\n ".join(parts)


def _local(moment: datetime) -> str:
    return timezone.localtime(moment, timezone.get_fixed_timezone(480)).strftime("%Y%m%dT%H%M%S")


def calendar(name: str, activities: Iterable, *, base_url: str, stamp: datetime | None = None) -> str:
    stamp = (stamp or timezone.now()).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Changxiao//Public cultural activities//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"X-WR-TIMEZONE:{TZID}",
        *VTIMEZONE,
    ]
    for activity in activities:
        facility = activity.facility
        lines += [
            "BEGIN:VEVENT",
            f"UID:{activity.uid}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;TZID={TZID}:{_local(activity.starts_at)}",
            f"DTEND;TZID={TZID}:{_local(activity.ends_at)}",
            f"SUMMARY:{escape_text(activity.title)}",
            f"LOCATION:{escape_text(f'{facility.name}，{facility.address}')}",
            f"DESCRIPTION:{escape_text(activity.description)}",
            f"URL:{base_url}{activity.get_public_url()}",
            f"STATUS:{'CANCELLED' if activity.is_cancelled else 'CONFIRMED'}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
