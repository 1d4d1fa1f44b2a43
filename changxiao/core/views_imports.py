"""The Excel import page and its template download, for every registered ImportDefinition."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .imports import (
    XLSX,
    ImportColumn,
    ImportDefinition,
    ImportUploadForm,
    build_template,
    get_import,
    header_label,
    run_import,
)

# A file full of mistakes could list thousands of problems; the page shows the first ones.
MAX_ERRORS_SHOWN = 500


def _definition_for(request: HttpRequest, name: str) -> ImportDefinition:
    definition = get_import(name)
    if definition is None:
        raise Http404
    if definition.for_target is not None:
        into = request.GET.get("into", "")
        if not into.isdecimal():
            raise Http404
        definition = definition.for_target(request.user, int(into))
    if not definition.can_import(request.user):
        raise PermissionDenied
    return definition


def _guide(column: ImportColumn) -> dict:
    return {
        "label": header_label(column),
        "required": column.required,
        "help_text": column.help_text,
        "example": column.example,
        "allowed": [str(value) for value in column.choices()] if column.choices else [],
    }


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, name: str) -> HttpResponse:
    definition = _definition_for(request, name)
    result = None
    form = ImportUploadForm()
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            result = run_import(definition, form.cleaned_data["file"], request.user)
            if result.ok:
                messages.success(
                    request,
                    _("Import finished: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
                    % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
                )
                for line in result.skipped[:MAX_ERRORS_SHOWN]:
                    messages.info(request, line)
                if len(result.skipped) > MAX_ERRORS_SHOWN:
                    messages.info(
                        request,
                        _("… and %(n)d more rows skipped.") % {"n": len(result.skipped) - MAX_ERRORS_SHOWN},
                    )
                return redirect(request.get_full_path())
    context = {
        "definition": definition,
        "into": request.GET.get("into", ""),
        "columns": [_guide(c) for c in definition.columns],
        "form": form,
        "result": result,
        "errors_shown": result.errors[:MAX_ERRORS_SHOWN] if result else [],
        "errors_hidden": max(len(result.errors) - MAX_ERRORS_SHOWN, 0) if result else 0,
    }
    return render(request, "core/import.html", context)


@login_required
def import_template(request: HttpRequest, name: str) -> HttpResponse:
    definition = _definition_for(request, name)
    response = HttpResponse(build_template(definition), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{definition.name}-template.xlsx"'
    return response
