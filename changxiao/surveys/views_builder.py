"""The questionnaire builder's screens: the list of questionnaires and versions, a draft's structure with its
actions, the question form and a preview as respondents see it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from changxiao.core.exports import XLSX
from changxiao.core.forms import flash_errors
from changxiao.core.timeline import record_event, timeline_for
from changxiao.orgs.owned import home_region, keeping_region

from . import answers, builder, permissions, xlsform
from .forms import DimensionsForm, QuestionForm, QuestionnaireMetaForm, QuestionnaireNewForm
from .models import Question, Questionnaire, Section


def _campaign_counts(user) -> dict[int, int]:
    """How many of the campaigns the person reads use each questionnaire (another city's are not counted)."""
    rows = permissions.campaigns_visible(user).values("questionnaire").annotate(n=Count("pk"))
    return {row["questionnaire"]: row["n"] for row in rows}


@login_required
def questionnaire_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    questionnaires = list(
        Questionnaire.objects.visible_to(user)
        .select_related("owner")
        .annotate(question_count=Count("questions", distinct=True))
        .order_by("code", "-version")
    )
    counts = _campaign_counts(user)
    for questionnaire in questionnaires:
        questionnaire.campaign_count = counts.get(questionnaire.pk, 0)
    form = QuestionnaireNewForm(request.POST or None, user=user) if permissions.can_build(user) else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                questionnaire = builder.questionnaire_create(
                    by=user,
                    owner=data["owner"] or keeping_region(user),
                    code=data["code"],
                    title=data["title"],
                )
            except ValidationError as exc:
                form.add_error("code", exc)
            else:
                return redirect("surveys:questionnaire_detail", pk=questionnaire.pk)
    return render(
        request,
        "surveys/questionnaire_list.html",
        {"questionnaires": questionnaires, "form": form, "can_build": permissions.can_build(user)},
    )


def _act(request: HttpRequest, questionnaire: Questionnaire):
    """One POSTed action on a questionnaire; returns the object to go to, or raises ValidationError."""
    action = request.POST.get("action", "")
    by = request.user
    post = request.POST
    if action == "publish":
        builder.questionnaire_publish(questionnaire=questionnaire, by=by)
        messages.success(
            request,
            _("Version %(v)s is published and can be used in campaigns.") % {"v": questionnaire.version},
        )
    elif action == "new_version":
        return builder.questionnaire_new_version(questionnaire=questionnaire, by=by)
    elif action == "delete_draft":
        builder.questionnaire_delete_draft(questionnaire=questionnaire, by=by)
        messages.success(request, _("Draft deleted."))
        return None
    elif action == "meta":
        form = QuestionnaireMetaForm(post, instance=Questionnaire.objects.get(pk=questionnaire.pk))
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        builder.questionnaire_update(questionnaire=questionnaire, by=by, **form.cleaned_data)
    elif action == "dimensions":
        builder.dimensions_set(questionnaire=questionnaire, by=by, text=post.get("text", ""))
    elif action == "add_section":
        if not post.get("title", "").strip():
            raise ValidationError(_("Give the section a title."))
        builder.section_add(questionnaire=questionnaire, by=by, title=post["title"][:200])
    elif action in ("rename_section", "delete_section"):
        section = permissions.get_section(questionnaire, post.get("section"))
        if action == "delete_section":
            builder.section_delete(section=section, by=by)
        elif post.get("title", "").strip():
            builder.section_rename(section=section, by=by, title=post["title"][:200])
    elif action in ("up", "down", "delete_question"):
        question = permissions.get_question(questionnaire, post.get("question"))
        if action == "delete_question":
            builder.question_delete(question=question, by=by)
        else:
            builder.question_move(question=question, by=by, step=-1 if action == "up" else 1)
    if action != "publish":
        messages.success(request, _("Saved."))
    return questionnaire


def _conditions(questionnaire, questions: list[Question]) -> dict[str, str]:
    """Each conditional question's display condition in words: the other question's text and the labels of the
    answers that show it."""
    by_code = {question.code: question for question in questions}
    conditional = [q for q in questions if (q.condition or {}).get("question") in by_code]
    read = (
        {question.code: reader for question, reader in answers.readers(questionnaire)} if conditional else {}
    )
    found = {}
    for question in conditional:
        source = by_code[question.condition["question"]]
        values = [
            read[source.code]({source.code: value}) or str(value)
            for value in question.condition.get("in", [])
        ]
        found[question.code] = _("shown when %(source)s is %(values)s") % {
            "source": f"“{source.text}”",
            "values": "、".join(values),
        }
    return found


@login_required
def questionnaire_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    questionnaire = permissions.get_questionnaire_for_user(user, pk)
    if request.method == "POST":
        # Starting a new version is open to every office that reads the questionnaire (a shipped one, the
        # province's: it becomes the office's own); every other action to the office that keeps it.
        if request.POST.get("action") == "new_version":
            if not permissions.can_build(user):
                raise PermissionDenied
        elif not permissions.can_edit(user, questionnaire):
            raise PermissionDenied
        try:
            target = _act(request, questionnaire)
        except ValidationError as exc:
            flash_errors(request, exc.messages)
            target = questionnaire
        if target is None:
            return redirect("surveys:questionnaire_list")
        return redirect("surveys:questionnaire_detail", pk=target.pk)
    sections = list(questionnaire.sections.prefetch_related("questions"))
    questions = [question for section in sections for question in section.questions.all()]
    draft = questionnaire.published_at is None
    versions = (
        Questionnaire.objects.visible_to(user)
        .family(questionnaire.owner, questionnaire.code)
        .select_related("owner")
        .order_by("-version")
    )
    context = {
        "questionnaire": questionnaire,
        "sections": sections,
        "draft": draft,
        "can_edit": draft and permissions.can_edit(user, questionnaire),
        "can_build": permissions.can_build(user),
        "keeps": permissions.can_edit(user, questionnaire),
        "versions": versions,
        "meta_form": QuestionnaireMetaForm(instance=questionnaire),
        "dimensions_form": DimensionsForm(
            initial={
                "text": "\n".join(
                    f"{d['code']} | {d['name']} | {d['weight']}" for d in questionnaire.dimensions
                )
            }
        ),
        "dimension_names": {d["code"]: d["name"] for d in questionnaire.dimensions},
        "conditions": _conditions(questionnaire, questions),
        "campaigns": permissions.campaigns_visible(user).filter(questionnaire=questionnaire)[:20],
        "timeline": timeline_for(questionnaire),
    }
    return render(request, "surveys/questionnaire_detail.html", context)


@login_required
def question_edit(request: HttpRequest, pk: int, question_pk: int | None = None) -> HttpResponse:
    questionnaire = permissions.get_questionnaire_for_user(request.user, pk)
    if questionnaire.published_at is not None and permissions.can_build(request.user):
        messages.error(
            request, _("This version is published and can no longer change. Start a new version to edit it.")
        )
        return redirect("surveys:questionnaire_detail", pk=questionnaire.pk)
    if not permissions.can_edit(request.user, questionnaire):
        raise PermissionDenied
    question = permissions.get_question(questionnaire, question_pk) if question_pk else Question()
    if question_pk is None and request.method == "GET":
        wanted = request.GET.get("section", "")
        section = questionnaire.sections.filter(
            pk=wanted if wanted.isdecimal() and len(wanted) <= 18 else 0
        ).first()
        question.section = section or questionnaire.sections.last() or Section(questionnaire=questionnaire)
    form = QuestionForm(request.POST or None, instance=question, questionnaire=questionnaire)
    if request.method == "POST" and form.is_valid():
        try:
            builder.question_save(question=form.instance, by=request.user, changed=tuple(form.changed_data))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Question saved."))
            return redirect("surveys:questionnaire_detail", pk=questionnaire.pk)
    return render(
        request,
        "surveys/question_form.html",
        {"questionnaire": questionnaire, "form": form, "question": question},
    )


@login_required
def questionnaire_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The version as a respondent sees it; nothing is stored."""
    from .views import questions_for

    questionnaire = permissions.get_questionnaire_for_user(request.user, pk)
    # The pickers offer the districts and venues of the person's own city, as its campaigns would.
    questions = questions_for(questionnaire, home_region(request.user))
    for question in questions:
        question.selected = []
    context = {
        "questionnaire": questionnaire,
        "questions": questions,
        "preview": True,
        "campaign": None,
        "has_conditions": any(question.show_if for question in questions),
    }
    return render(request, "surveys/public_survey.html", context)


@login_required
def questionnaire_xlsform(request: HttpRequest, pk: int) -> HttpResponse:
    """The version as an XLSForm workbook (ODK, KoboToolbox)."""
    questionnaire = permissions.get_questionnaire_for_user(request.user, pk)
    response = HttpResponse(xlsform.export_xlsform(questionnaire), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{xlsform.export_filename(questionnaire)}"'
    return response


IMPORT_SESSION_KEY = "surveys.xlsform_import"


@login_required
def questionnaire_import(request: HttpRequest) -> HttpResponse:
    """XLSForm import in two steps: the file is read and every problem shown; the office confirms to create the
    draft (what cannot be represented is listed, never silently dropped)."""
    if not permissions.can_build(request.user):
        raise PermissionDenied
    # The draft belongs to the jurisdiction the office keeps (the first, when it keeps several).
    owner = keeping_region(request.user, request.GET.get("region"))
    if request.method == "POST" and request.POST.get("action") == "confirm":
        data = request.session.pop(IMPORT_SESSION_KEY, None)
        if data is None:
            messages.error(request, _("The import has expired. Please upload the file again."))
            return redirect("surveys:questionnaire_import")
        try:
            questionnaire = xlsform.create_draft(data, owner)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("surveys:questionnaire_import")
        record_event(questionnaire, actor=request.user, verb="created", comment=_("imported from XLSForm"))
        messages.success(request, _("Imported as a draft. Check it, then publish it."))
        return redirect("surveys:questionnaire_detail", pk=questionnaire.pk)
    result = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose an XLSForm file (.xlsx or .xls)."))
        else:
            result = xlsform.import_xlsform(upload, owner)
            if result.ok:
                request.session[IMPORT_SESSION_KEY] = result.data
    status = 400 if result is not None and not result.ok else 200
    return render(request, "surveys/questionnaire_import.html", {"result": result}, status=status)
