"""The spellings of XLSForm types and columns that pyxform (the reference converter of ODK and KoboToolbox) accepts,
as data: forms made by Kobo, ODK Build, older tools or by hand in Excel use them interchangeably. Each spelling maps
to the one word the reader acts on. Spellings are compared lowercased with runs of spaces collapsed.

Listed from pyxform's own tables (aliases.py, question_type_dictionary.py and the select, begin and end patterns of
xls2json.py, pyxform 4.5)."""

# Question types → the canonical type. Those with no kind of the platform (geopoint, image …) are not listed: the
# reader reports them as not representable by their own name.
QUESTION_TYPES = {
    # text
    "text": "text",
    "string": "text",
    "q string": "text",
    "add text prompt": "text",
    # whole numbers
    "integer": "integer",
    "int": "integer",
    "q int": "integer",
    "add integer prompt": "integer",
    # decimals
    "decimal": "decimal",
    "q decimal": "decimal",
    "add decimal prompt": "decimal",
    # dates
    "date": "date",
    "q date": "date",
    "add date prompt": "date",
    # notes
    "note": "note",
    "q note": "note",
    "add note prompt": "note",
    # range
    "range": "range",
}

# Metadata collected by the device, never asked: → the canonical name shown in the note.
METADATA_TYPES = {
    "start": "start",
    "start time": "start",
    "get start time": "start",
    "end": "end",
    "end time": "end",
    "get end time": "end",
    "today": "today",
    "get today": "today",
    "deviceid": "deviceid",
    "device id": "deviceid",
    "get device id": "deviceid",
    "imei": "deviceid",
    "subscriberid": "subscriberid",
    "subscriber id": "subscriberid",
    "get subscriber id": "subscriberid",
    "simserial": "simserial",
    "sim id": "simserial",
    "get sim id": "simserial",
    "phonenumber": "phonenumber",
    "phone number": "phonenumber",
    "get phone number": "phonenumber",
    "username": "username",
    "email": "email",
    "audit": "audit",
    "start-geopoint": "start-geopoint",
}

# The first words of a select row ("<command> <list> [or_other]") → select_one or select_multiple. The longest
# spelling is tried first, so "select one from" wins over "select one".
SELECT_COMMANDS = {
    "select_one": "select_one",
    "select one": "select_one",
    "select1": "select_one",
    "select one from": "select_one",
    "select one using": "select_one",
    "add select one prompt using": "select_one",
    "select_multiple": "select_multiple",
    "select multiple": "select_multiple",
    "select all that apply": "select_multiple",
    "select all that apply from": "select_multiple",
    "select multiple from": "select_multiple",
    "select multiple using": "select_multiple",
    "add select multiple prompt using": "select_multiple",
}
# Selects whose choices come from elsewhere (a file, an external CSV) or that rank: not representable.
OTHER_SELECT_COMMANDS = (
    "select_one_from_file",
    "select_multiple_from_file",
    "select one from file",
    "select multiple from file",
    "select_one_external",
    "select one external",
    "rank",
)
# The words after the list name that add an "Other" choice with a text box.
OR_OTHER = ("or_other", "or other", "or specify other")

# begin_<control> / begin <control> and end_<control> / end <control>: control → group or repeat.
CONTROLS = {
    "group": "group",
    "repeat": "repeat",
    "lgroup": "repeat",
    "looped group": "repeat",
    "loop": "repeat",
}

# Columns of the survey and choices sheets spelled otherwise → the name the reader uses.
SURVEY_COLUMNS = {
    "caption": "label",
    "relevance": "relevant",
    "constraining_message": "constraint_message",
    "command": "type",
    "tag": "name",
    "value": "name",
}
CHOICE_COLUMNS = {
    "caption": "label",
    "value": "name",
    "list name": "list_name",
}
SETTINGS_COLUMNS = {
    "set_form_title": "form_title",
    "set_form_id": "form_id",
}
# The columns whose header may carry a language, "label::English (en)" or the older "label:English".
TRANSLATABLE = (
    "label",
    "hint",
    "guidance_hint",
    "constraint_message",
    "required_message",
    "image",
    "big-image",
    "audio",
    "video",
)

YES = {"yes", "true", "true()", "1"}
NO = {"no", "false", "false()", "0", ""}


def normalized(text: str) -> str:
    """A type or header as compared: lowercased, spaces collapsed."""
    return " ".join(text.split()).lower()


def select_command(xls_type: str) -> tuple[str, list[str]] | None:
    """("select_one" | "select_multiple", the words after the command) for a select row, else None."""
    lowered = normalized(xls_type)
    words = xls_type.split()
    for command in sorted(SELECT_COMMANDS, key=len, reverse=True):
        if lowered == command or lowered.startswith(command + " "):
            return SELECT_COMMANDS[command], words[len(command.split()) :]
    return None


def is_other_select(xls_type: str) -> bool:
    lowered = normalized(xls_type)
    return any(lowered == c or lowered.startswith(c + " ") for c in OTHER_SELECT_COMMANDS)


def control(xls_type: str) -> tuple[str, str] | None:
    """("begin" | "end", "group" | "repeat") for a begin or end row in any spelling, else None."""
    lowered = normalized(xls_type)
    for edge in ("begin", "end"):
        for separator in (" ", "_"):
            if lowered.startswith(edge + separator):
                rest = lowered[len(edge) + 1 :]
                for name in sorted(CONTROLS, key=len, reverse=True):
                    # begin repeat may name a list to loop over ("begin loop over towns").
                    if rest == name or (edge == "begin" and rest.startswith(name + " ")):
                        return edge, CONTROLS[name]
    return None
