"""How a questionnaire is laid out in an XLSForm workbook: the list, column and setting names that the export
writes and the import reads back, kept in one place so the two directions cannot drift apart."""

from ..choices import QuestionKind

LIKERT_LIST = "likert5"
REGION_LIST = "cx_region"
VENUE_LIST = "cx_venue"
PICKER_LISTS = {REGION_LIST: QuestionKind.REGION, VENUE_LIST: QuestionKind.VENUE}
RATING_PARAMETERS = "start=0 end=10 step=1"
DIMENSION_COLUMN = "changxiao_dimension"
WEIGHT_COLUMN = "changxiao_weight"
INTRODUCTION_SETTING = "changxiao_introduction"
SOURCES_SETTING = "changxiao_sources"
SURVEY_COLUMNS = [
    "type",
    "name",
    "label",
    "hint",
    "required",
    "relevant",
    "appearance",
    "parameters",
    DIMENSION_COLUMN,
    WEIGHT_COLUMN,
    # A whole number's, decimal's or date's range: ". >= 0 and . <= 120" (read back by questions.parse_range).
    "constraint",
]
SETTINGS_COLUMNS = ["form_title", "form_id", "version", INTRODUCTION_SETTING, SOURCES_SETTING]
