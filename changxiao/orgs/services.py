"""Workflows of the organization mechanism: each checks permission, changes data and writes the timeline."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changxiao.core.models import Attachment
from changxiao.core.notifications import notify
from changxiao.core.permissions import require
from changxiao.core.timeline import record_event, register_verbs
from changxiao.core.uploads import attach_files

from . import lockout
from .choices import DEFAULT_ROLE_FOR_KIND
from .models import ApiToken, Membership, PopulationRecord, Region, Unit, User, hash_token
from .permissions import (
    can_add_child_region,
    can_grant_role,
    can_manage_api_tokens,
    can_manage_person,
    can_manage_region,
    can_manage_unit,
)
from .scope import clear_scope

register_verbs(
    {
        "population_recorded": gettext_lazy("recorded resident population"),
        "member_added": gettext_lazy("added a person"),
        "member_changed": gettext_lazy("changed a person's role"),
        "member_removed": gettext_lazy("removed a person"),
        "token_issued": gettext_lazy("issued an API token"),
        "token_revoked": gettext_lazy("revoked an API token"),
        "imported": gettext_lazy("imported"),
        "person_updated": gettext_lazy("changed a person's account"),
        "password_reset": gettext_lazy("reset a person's password"),
        "account_unlocked": gettext_lazy("lifted a sign-in lock"),
    }
)


@transaction.atomic
def region_create(*, by: User, parent: Region | None, **fields) -> Region:
    require(by.is_superuser if parent is None else can_add_child_region(by, parent))
    region = Region(parent=parent, **fields)
    if parent is not None and not parent.allows_child_level(region.level):
        raise ValidationError(_("This level cannot be placed under the chosen parent."))
    region.full_clean(exclude=["path"])
    region.save()
    region.path = region.compute_path()
    region.save(update_fields=["path"])
    record_event(region, actor=by, verb="created")
    return region


@transaction.atomic
def region_update(*, region: Region, by: User, changes_comment: str, old_parent_id: int | None) -> Region:
    """Save an edited region; when it moved, re-root the paths of its whole subtree."""
    require(can_manage_region(by, region))
    old_path = region.path
    region.save()
    if region.parent_id != old_parent_id:
        region.path = region.compute_path()
        region.save(update_fields=["path"])
        for descendant in Region.objects.filter(path__startswith=old_path).exclude(pk=region.pk):
            descendant.path = region.path + descendant.path[len(old_path) :]
            descendant.save(update_fields=["path"])
    if changes_comment:
        record_event(region, actor=by, verb="updated", comment=changes_comment)
    return region


@transaction.atomic
def population_record(
    *, region: Region, by: User, year: int, resident: int, source: str = ""
) -> PopulationRecord:
    require(can_manage_region(by, region))
    record, created = PopulationRecord.objects.get_or_create(
        region=region, year=year, defaults={"resident": resident, "source": source}
    )
    previous = None if created else record.resident
    if not created:
        record.resident = resident
        record.source = source
        record.save(update_fields=["resident", "source"])
    comment = f"{year}: {resident:,}" if previous is None else f"{year}: {previous:,} → {resident:,}"
    record_event(region, actor=by, verb="population_recorded", comment=comment)
    return record


@transaction.atomic
def unit_create(*, by: User, unit: Unit) -> Unit:
    require(can_manage_unit(by, unit))
    unit.full_clean()
    unit.save()
    record_event(unit, actor=by, verb="created")
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, by: User, changes_comment: str) -> Unit:
    require(can_manage_unit(by, unit))
    unit.save()
    if changes_comment:
        record_event(unit, actor=by, verb="updated", comment=changes_comment)
    return unit


@transaction.atomic
def unit_set_active(*, unit: Unit, by: User, active: bool, comment: str = "") -> Unit:
    require(can_manage_unit(by, unit))
    if unit.is_active == active:
        return unit
    unit.is_active = active
    unit.save(update_fields=["is_active"])
    record_event(unit, actor=by, verb="reactivated" if active else "deactivated", comment=comment)
    return unit


@transaction.atomic
def unit_attach_files(*, unit: Unit, by: User, files: list, description: str = "") -> list[Attachment]:
    """Attach documents to a unit (e.g. its founding or responsibility documents); one bad file stores none."""
    require(can_manage_unit(by, unit))
    stored = attach_files(unit, files, by=by, description=description)
    record_event(
        unit,
        actor=by,
        verb="attached",
        comment=", ".join(a.original_name for a in stored),
        attachments=stored,
    )
    return stored


@transaction.atomic
def person_add(
    *,
    unit: Unit,
    by: User,
    username: str,
    full_name: str,
    password: str,
    role: str,
    email: str = "",
    phone: str = "",
    title: str = "",
) -> Membership:
    require(can_grant_role(by, unit, role))
    user = User(username=username, full_name=full_name, email=email, phone=phone)
    user.set_password(password)
    user.save()
    membership = Membership.objects.create(user=user, unit=unit, role=role, title=title)
    record_event(
        unit, actor=by, verb="member_added", comment=f"{user.display_name} · {membership.get_role_display()}"
    )
    return membership


@transaction.atomic
def membership_add(*, unit: Unit, by: User, person: User, role: str, title: str = "") -> Membership:
    """Give an existing account a (further) role in a unit; a removed role is restored."""
    require(can_grant_role(by, unit, role))
    membership, _created = Membership.objects.update_or_create(
        user=person, unit=unit, role=role, defaults={"title": title, "is_active": True}
    )
    clear_scope(person)
    record_event(
        unit,
        actor=by,
        verb="member_added",
        comment=f"{person.display_name} · {membership.get_role_display()}",
    )
    notify(
        [person],
        title=_("You now have the role %(role)s in %(unit)s")
        % {"role": membership.get_role_display(), "unit": unit.name},
        url=reverse("cockpit:workbench"),
    )
    return membership


@transaction.atomic
def person_update(*, person: User, by: User, changes_comment: str, new_password: str = "") -> User:
    """Save an edited account (details already set on person); the units it belongs to record the change."""
    require(can_manage_person(by, person))
    if person.pk == by.pk and not person.is_active:
        raise ValidationError(_("You cannot disable your own account."))
    fields = ["full_name", "email", "phone", "is_active"]
    if new_password:
        person.set_password(new_password)
        fields.append("password")
    person.save(update_fields=fields)
    for membership in person.memberships.select_related("unit"):
        if changes_comment:
            record_event(
                membership.unit,
                actor=by,
                verb="person_updated",
                comment=f"{person.display_name}\n{changes_comment}",
            )
        if new_password:
            record_event(membership.unit, actor=by, verb="password_reset", comment=person.display_name)
    return person


@transaction.atomic
def person_unlock(*, person: User, by: User) -> list[lockout.Lock]:
    """Lift the sign-in locks of an account (too many wrong passwords from an address), for whoever manages it; the
    units it belongs to record who lifted which."""
    require(can_manage_person(by, person))
    locks = lockout.locks_of(person.username)
    lockout.lift(person.username)
    addresses = "、".join(lock.address for lock in locks)
    for membership in person.memberships.select_related("unit"):
        record_event(
            membership.unit,
            actor=by,
            verb="account_unlocked",
            comment=f"{person.display_name}\n{addresses}" if addresses else person.display_name,
        )
    return locks


@transaction.atomic
def membership_update(*, membership: Membership, by: User, role: str, title: str) -> Membership:
    require(can_manage_unit(by, membership.unit))
    # The stored role, not the object's: a form bound to it has already set the new one.
    stored = Membership.objects.get(pk=membership.pk)
    if role != stored.role:
        require(can_grant_role(by, membership.unit, role))
    before = stored.get_role_display()
    membership.role = role
    membership.title = title
    membership.save(update_fields=["role", "title"])
    clear_scope(membership.user)
    record_event(
        membership.unit,
        actor=by,
        verb="member_changed",
        comment=f"{membership.user.display_name}: {before} → {membership.get_role_display()}",
    )
    notify(
        [membership.user],
        title=_("Your role in %(unit)s is now: %(role)s")
        % {"unit": membership.unit.name, "role": membership.get_role_display()},
        url=reverse("cockpit:workbench"),
    )
    return membership


@transaction.atomic
def membership_deactivate(*, membership: Membership, by: User) -> Membership:
    require(can_manage_unit(by, membership.unit))
    if membership.user_id == by.pk:
        raise ValidationError(_("You cannot remove your own role."))
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    record_event(membership.unit, actor=by, verb="member_removed", comment=membership.user.display_name)
    return membership


def _service_account(unit: Unit) -> User:
    username = f"api-{unit.code}".lower()[:150]
    account, created = User.objects.get_or_create(
        username=username, defaults={"full_name": f"{unit.name} API", "is_service_account": True}
    )
    if created:
        account.set_unusable_password()
        account.save(update_fields=["password"])
    Membership.objects.get_or_create(user=account, unit=unit, role=DEFAULT_ROLE_FOR_KIND[unit.kind])
    return account


@transaction.atomic
def api_token_issue(
    *, unit: Unit, by: User, name: str, expires_on: date | None = None
) -> tuple[ApiToken, str]:
    """Create a token; the raw key is returned once and only its hash is kept."""
    require(can_manage_api_tokens(by, unit))
    raw = ApiToken.generate_key()
    token = ApiToken.objects.create(
        unit=unit,
        account=_service_account(unit),
        name=name,
        prefix=raw[:10],
        key_hash=hash_token(raw),
        created_by=by,
        expires_on=expires_on,
    )
    record_event(unit, actor=by, verb="token_issued", comment=f"{token.prefix}… {name}")
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    require(can_manage_api_tokens(by, token.unit))
    token.revoke()
    record_event(token.unit, actor=by, verb="token_revoked", comment=f"{token.prefix}… {token.name}")
    return token
