"""XLSForm, the spreadsheet format of ODK and KoboToolbox: export of a questionnaire version, import of forms.

For the views:

- `export_xlsform(questionnaire) -> bytes`: the .xlsx of any version, to be served under the name
  `export_filename(questionnaire)`.
- `import_xlsform(file) -> ImportResult`: reads an uploaded .xlsx or legacy .xls (an UploadedFile, any binary file object or
  bytes) and never raises for a bad file. `result.problems` lists everything to show the office, each with
  its sheet and row (`str(problem)` is the full sentence in the active language); `result.data` is the
  questionnaire as a dict (the shape of surveys/data/*.toml), or None when the import is refused.
- `create_draft(data) -> Questionnaire`: after the office has seen the problems and confirmed, writes
  `result.data` as a new draft (published_at None) with the next free version of its code; it raises
  ValidationError if the data no longer passes the rules. The caller checks permissions; data may be kept
  in the session between the two steps (it is plain JSON).

How a questionnaire is written (and read back, so export then import gives the same structure):
sections are groups (begin_group … end_group, labelled with the section title); single and multiple
choice are select_one / select_multiple with a list per question; the 5-point scale is select_one on the
shared list `likert5`; the 0–10 rating is `range` with `start=0 end=10 step=1`; short text is `text`, long
text is `text` with appearance `multiline`; whole numbers, decimals and dates are `integer`, `decimal` and `date`,
their smallest and largest answer the constraint `. >= 0 and . <= 120` (`date('2026-01-31')` for a date); the jurisdiction and venue pickers are select_one on the lists
`cx_region` and `cx_venue`, which hold the current jurisdictions and venues so the file works in ODK, and
whose contents the import does not read (the pickers stay dynamic). A condition is `relevant`:
`${q} = 'x'` (`selected(${q}, 'x')` for a multiple-choice question), several answers joined with ` or `.
Dimensions and weights are the extra survey columns `changxiao_dimension` and `changxiao_weight` and the
sheet `dimensions` (code, name, weight); the introduction and sources are the settings columns
`changxiao_introduction` and `changxiao_sources`.

The import rule. Every problem is reported, in one of three severities:

- error: the import is refused and nothing can be created. The file is not a readable .xlsx or .xls, is larger
  than 2 MB or has more than 500 rows on a sheet (the rows of the picker lists not counted); there is no
  survey sheet or it lacks the type, name or label column; a question lacks its name or label, or its name
  is used twice or is not letters, digits, - and _; a select's choice list is missing or a choice lacks its
  name or label or repeats a name; a condition refers to a name that is not in the form or to a later
  question, or to an answer its question does not have; groups are not closed properly; a dimension or
  weight is not valid; or no question at all can be imported. These would change the questionnaire's
  meaning, so the office corrects the file and imports it again.
- not imported: a part that cannot be represented is left out and the rest is imported. Types other than
  the ones above (geopoint, image, calculate, a range other than 0–10, notes with text …),
  repeats with everything in them, conditions in other forms than the simple ones above (the question is
  then always shown), conditions and other settings of groups, constraints other than a simple range of a number or date, choice_filter, defaults and any
  other column we do not store, required expressions, the “or_other” text box (its choice “other” is kept), and the labels in further
  languages (one language is kept: settings default_language, else Chinese, else the plain label column, else
  the first; a note says which).
- note: harmless things that are ignored (metadata such as start, end, today, deviceid; notes without
  text; display appearances; unused choice lists and settings), and facts to know, such as the language kept,
  a form_id with spaces made letters, digits, - and _, the version
  the draft will get (the file's own version setting is not used). Kobo's bookkeeping columns ($kuid,
  $autoname …) are ignored without a note.

Every spelling pyxform accepts is read the same (types such as `select one from list`, `int`, `q date`; `begin group`;
`label:English` beside `label::English (en)`; `caption`, `list name`, `set_form_id` …): the table is `aliases`.

Where each part lives: `aliases` (the spellings), `layout` (the sheet, column and list names both directions share), `expressions` (a
condition as a `relevant` expression and back), `write` (the export), `workbook` (opening an upload safely and
reading its sheets), `questions` (the choice lists and the question rows of the survey sheet), `read` (the whole form
into the questionnaire dict, with every problem), `problems` (what the office is told), `draft` (writing the
imported questionnaire as a draft).
"""

from .draft import create_draft
from .expressions import parse_relevant
from .problems import ImportResult, Problem, Severity, rule_message
from .read import import_xlsform
from .workbook import MAX_ROWS
from .write import export_filename, export_xlsform

__all__ = [
    "MAX_ROWS",
    "ImportResult",
    "Problem",
    "Severity",
    "create_draft",
    "export_filename",
    "export_xlsform",
    "import_xlsform",
    "parse_relevant",
    "rule_message",
]
