"""The Excel import building block, through a small import of notifications registered for these tests."""

import io
from datetime import date, datetime

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext_lazy

from changxiao.core import imports
from changxiao.core.imports import (
    XLSX,
    ImportColumn,
    ImportCounts,
    ImportDefinition,
    RowErrors,
    cell_text,
    header_label,
    integer_parser,
    text_parser,
)
from changxiao.core.models import Notification
from changxiao.core.tests.import_helpers import error_table
from changxiao.orgs.choices import RegionLevel, Role, UnitKind
from changxiao.orgs.models import User
from conftest import make_person, make_region, make_unit

pytestmark = pytest.mark.django_db

SEEN_BY_VALIDATION: list[int] = []


def _validate(user, rows):
    SEEN_BY_VALIDATION[:] = [row.number for row in rows]
    seen: dict[str, int] = {}
    errors = []
    for row in rows:
        if row["title"] in seen:
            errors.append(row.error("title", f"duplicate of row {seen[row['title']]}"))
        seen.setdefault(row["title"], row.number)
    return errors


def _apply(user, rows):
    for row in rows:
        with row.reporting():
            if row["title"] == "boom":
                raise ValidationError({"title": ["this title explodes"]})
            if row["title"] == "bang":
                raise ValidationError("the whole thing failed")
            Notification.objects.create(recipient=user, title=row["title"], body=str(row["priority"] or ""))
    return ImportCounts(created=len(rows))


NOTES = ImportDefinition(
    name="test-notes",
    title=gettext_lazy("Notifications"),
    columns=[
        ImportColumn(
            "title", "Title", required=True, parse=text_parser(20), example="Hello", aliases=("标题",)
        ),
        ImportColumn(
            "priority",
            "Priority",
            parse=integer_parser(min_value=1, max_value=3),
            example="2",
            choices=lambda: ["1", "2", "3"],
            help_text="1 to 3",
        ),
    ],
    can_import=lambda user: not user.username.startswith("denied"),
    validate_rows=_validate,
    apply=_apply,
    notes=("A test import.",),
)


@pytest.fixture(autouse=True)
def registered(monkeypatch):
    monkeypatch.setitem(imports._REGISTRY, NOTES.name, NOTES)


@pytest.fixture
def staff(client):
    """Someone who may write (a member unit's person); the test import decides who may import."""
    region = make_region("320500", "苏州市", RegionLevel.CITY)
    user = make_person("importer", make_unit("SZ-CZJ", "市财政局", UnitKind.DEPARTMENT, region), Role.MEMBER)
    client.force_login(user)
    return user


def workbook_file(rows, name="notes.xlsx") -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return SimpleUploadedFile(name, output.getvalue(), content_type=XLSX)


def upload(client, file, name="test-notes"):
    return client.post(reverse("core:import_upload", args=[name]), {"file": file}, follow=True)


def test_unknown_import_is_404_and_anonymous_is_sent_to_login(client, staff):
    assert client.get(reverse("core:import_upload", args=["no-such-import"])).status_code == 404
    assert client.get(reverse("core:import_template", args=["no-such-import"])).status_code == 404
    client.logout()
    response = client.get(reverse("core:import_upload", args=["test-notes"]))
    assert response.status_code == 302
    assert "/login" in response["Location"] or "login" in response["Location"]


def test_denied_user_gets_403_and_nothing_is_written(client):
    user = User.objects.create_user("denied-user", password="x")
    client.force_login(user)
    assert client.get(reverse("core:import_upload", args=["test-notes"])).status_code == 403
    assert client.get(reverse("core:import_template", args=["test-notes"])).status_code == 403
    response = client.post(
        reverse("core:import_upload", args=["test-notes"]), {"file": workbook_file([["Title*"], ["hi"]])}
    )
    assert response.status_code == 403
    assert Notification.objects.count() == 0


def test_page_shows_the_column_guide_and_template_link(client, staff):
    response = client.get(reverse("core:import_upload", args=["test-notes"]))
    assert response.status_code == 200
    content = response.content.decode()
    assert reverse("core:import_template", args=["test-notes"]) in content
    assert "Title*" in content and "1 to 3" in content and "A test import." in content
    assert 'enctype="multipart/form-data"' in content
    assert "style=" not in content.split('id="main"')[1]  # CSP: no inline styles in the page body
    assert "<script>" not in content


def test_template_has_headers_example_drop_down_and_instructions(client, staff):
    response = client.get(reverse("core:import_template", args=["test-notes"]))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == ["Title*", "Priority"]
    assert sheet["A1"].font.bold
    assert [c.value for c in sheet[2]] == ["Hello", "2"]
    validations = sheet.data_validations.dataValidation
    assert len(validations) == 1 and str(validations[0].sqref).startswith("B2:")
    assert len(workbook.worksheets) >= 2
    guide_text = [v for row in workbook.worksheets[1].iter_rows(values_only=True) for v in row if v]
    assert "Title*" in guide_text and "1 to 3" in guide_text and "1; 2; 3" in guide_text


def test_the_downloaded_template_imports_back(client, staff):
    template = client.get(reverse("core:import_template", args=["test-notes"])).content
    response = upload(client, SimpleUploadedFile("filled.xlsx", template, content_type=XLSX))
    assert error_table(response) == []
    assert list(Notification.objects.values_list("title", "body")) == [("Hello", "2")]


def test_headers_match_with_or_without_star_and_in_any_order(client, staff):
    response = upload(client, workbook_file([[" priority ", "Title"], [1, "first"], [None, "second"]]))
    assert error_table(response) == []
    assert set(Notification.objects.values_list("title", flat=True)) == {"first", "second"}
    response = upload(client, workbook_file([["标题＊", "Priority*"], ["third", 3]]))
    assert error_table(response) == []
    assert Notification.objects.count() == 3


def test_wrong_columns_are_named(client, staff):
    response = upload(client, workbook_file([["Title*", "Colour"], ["x", "red"]]))
    assert [t[:3] for t in error_table(response)] == [("1", "Colour", "Colour"), ("1", "Priority", "—")]
    assert Notification.objects.count() == 0


def test_repeated_column_is_an_error(client, staff):
    response = upload(client, workbook_file([["Title", "Priority", "Title*"], ["x", 1, "y"]]))
    assert [t[:2] for t in error_table(response)] == [("1", "Title*")]
    assert Notification.objects.count() == 0


def test_every_error_of_every_row_is_listed_and_nothing_is_written(client, staff):
    rows = [
        ["Title*", "Priority"],
        ["fine", 1],
        [None, 9],  # row 3: title missing and priority out of range
        [],  # row 4: empty, skipped
        ["fine", "two"],  # row 5: priority is not a number, so the row is left out of the cross-row checks
        ["also fine", 2],
        ["fine", 3],  # row 7: duplicate of row 2
    ]
    response = upload(client, workbook_file(rows))
    table = error_table(response)
    assert [t[:2] for t in table] == [("3", "Title"), ("3", "Priority"), ("5", "Priority"), ("7", "Title")]
    assert table[2][2] == "two"
    assert SEEN_BY_VALIDATION == [2, 6, 7]  # cross-row checks see only the rows that parsed
    assert Notification.objects.count() == 0


def test_too_many_rows(client, staff, monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 3)
    response = upload(client, workbook_file([["Title"], ["a"], ["b"], ["c"], ["d"]]))
    table = error_table(response)
    assert len(table) == 1 and table[0][0] == "—" and "3" in table[0][3]
    assert Notification.objects.count() == 0


def test_not_an_xlsx_file(client, staff):
    response = upload(client, SimpleUploadedFile("notes.csv", b"Title\nhello\n", content_type="text/csv"))
    table = error_table(response)
    assert len(table) == 1 and table[0][:3] == ("—", "—", "notes.csv")
    response = upload(client, SimpleUploadedFile("notes.xlsx", b"not a zip at all", content_type=XLSX))
    assert [t[:3] for t in error_table(response)] == [("—", "—", "notes.xlsx")]
    assert Notification.objects.count() == 0


def test_empty_sheet_and_header_only(client, staff):
    assert len(error_table(upload(client, workbook_file([])))) == 1
    assert len(error_table(upload(client, workbook_file([["Title", "Priority"]])))) == 1
    assert Notification.objects.count() == 0


def test_a_failure_while_writing_rolls_everything_back(client, staff):
    response = upload(client, workbook_file([["Title", "Priority"], ["one", 1], ["two", 2], ["boom", 3]]))
    assert [t[:4] for t in error_table(response)] == [("4", "Title", "boom", "this title explodes")]
    assert Notification.objects.count() == 0
    response = upload(client, workbook_file([["Title", "Priority"], ["one", 1], ["bang", 3]]))
    assert [t[3] for t in error_table(response)] == ["the whole thing failed"]
    assert Notification.objects.count() == 0


def test_success_redirects_with_counts(client, staff):
    response = upload(client, workbook_file([["Title", "Priority"], ["one", 1], ["two", None]]))
    assert response.redirect_chain == [(reverse("core:import_upload", args=["test-notes"]), 302)]
    assert "alert-success" in response.content.decode()
    assert "2" in [m.message for m in response.context["messages"]][0]
    assert Notification.objects.filter(recipient=staff).count() == 2


def test_missing_file_is_a_form_error(client, staff):
    response = client.post(reverse("core:import_upload", args=["test-notes"]), {})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_row_errors_exception_carries_rows():
    from changxiao.core.imports import RowError

    error = RowError(3, "Title", "x", "bad")
    assert RowErrors([error]).errors == [error]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (320500, "320500"),
        (320500.0, "320500"),
        (83.4, "83.4"),
        (True, "TRUE"),
        (datetime(2024, 5, 1), "2024-05-01"),
        (datetime(2024, 5, 1, 8, 30), "2024-05-01 08:30:00"),
        (date(2024, 5, 1), "2024-05-01"),
        ("  平江街道\u3000", "平江街道"),
    ],
)
def test_cell_text(value, text):
    assert cell_text(value) == text


def test_header_label_marks_required():
    assert header_label(NOTES.columns[0]) == "Title*"
    assert header_label(NOTES.columns[1]) == "Priority"
