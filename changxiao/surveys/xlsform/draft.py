"""Writing an imported questionnaire as a new draft, once the office has seen the problems and confirmed."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Questionnaire
from ..questionnaires import create_from_data, violations


@transaction.atomic
def create_draft(data: dict, owner=None) -> Questionnaire:
    """Write an imported questionnaire (ImportResult.data) as a draft of the owner's jurisdiction (shipped with
    the platform without one) with the next version of its code there."""
    if violations(data):
        raise ValidationError(_("The imported questionnaire is not valid. Import the file again."))
    # Lock the code's versions so two imports of the same code cannot take the same number (the versions' rows only:
    # the family reaches the owners above through an outer join, which PostgreSQL cannot lock).
    versions = list(
        Questionnaire.objects.select_for_update(of=("self",))
        .family(owner, data["code"])
        .values_list("version", "published_at", "owner_id")
    )
    own = owner.pk if owner is not None else None
    draft = next(
        (v for v, published_at, kept_by in versions if published_at is None and kept_by == own), None
    )
    if draft is not None:
        raise ValidationError(
            _(
                "Version %(version)s of “%(code)s” is still a draft. Publish or delete it before importing another."
            )
            % {"version": draft, "code": data["code"]}
        )
    latest = max((version for version, _published_at, _owner in versions), default=0)
    return create_from_data({**data, "version": latest + 1}, published_at=None, owner=owner)
