"""Guards: no missing migration, a complete zh-Hans translation, the sweep is wired."""

import io
import re
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
# An app may keep its strings in its own catalogue (changxiao/<app>/locale/…), which Django reads for installed apps.
PO_FILES = sorted((ROOT / "changxiao").glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))


def test_no_missing_migrations(db):
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit:
        pytest.fail(f"models changed without a migration:\n{out.getvalue()}")


def _po_entries(text: str) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) for every entry; plural forms count as translated when all forms are."""
    entries = []
    for block in text.split("\n\n"):
        if "msgid" not in block:
            continue
        fuzzy = "#, fuzzy" in block or ", fuzzy" in block
        msgid = "".join(re.findall(r'^(?:msgid|msgid_plural)? ?"(.*)"$', block.split("msgstr")[0], re.M))
        msgstrs = re.findall(r'msgstr(?:\[\d\])? ((?:".*"\n?)+)', block + "\n")
        values = ["".join(re.findall(r'"(.*)"', m)) for m in msgstrs]
        if block.lstrip().startswith("#~"):
            continue
        entries.append((msgid, "|".join(values), fuzzy or any(v == "" for v in values)))
    return entries


def _msgids(po: Path) -> set[str]:
    """The msgids of a catalogue, each with its context (msgctxt) when it has one."""
    found = set()
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        if block.lstrip().startswith("#~") or "msgid" not in block:
            continue
        context = "".join(re.findall(r'^msgctxt "(.*)"$', block, re.M))
        msgid = "".join(
            re.findall(r'^(?:msgid)? ?"(.*)"$', block.split("msgstr")[0].split("msgid_plural")[0], re.M)
        )
        if msgid:
            found.add(f"{context}\x04{msgid}" if context else msgid)
    return found


def _django_msgids() -> set[str]:
    """The strings Django's own zh-Hans catalogues translate."""
    import django

    root = Path(django.__file__).parent
    return set().union(*(_msgids(po) for po in root.glob("**/locale/zh_Hans/LC_MESSAGES/django.po")))


def test_no_catalogue_translates_another_ones_string():
    """A translation is global: Django looks a string up in the project's catalogue, then in the apps' in
    INSTALLED_APPS order, then in Django's own. An app's catalogue repeating a string another catalogue (or Django)
    translates changes that string everywhere — or is silently not used. A string that must read differently in
    one app takes a context (pgettext) there. Only the project's catalogue overrides Django's wording, on purpose
    (core/tests/test_wording.py)."""
    django_ids = _django_msgids()
    project = ROOT / "changxiao/locale/zh_Hans/LC_MESSAGES/django.po"
    seen: dict[str, set[str]] = {}
    clashes = []
    for po in sorted(PO_FILES, key=lambda po: po != project):  # the project's first: it may override Django's
        ids = _msgids(po)
        others = seen if po == project else {"Django": django_ids, **seen}
        for owner, other in others.items():
            clashes += [
                f"{po.relative_to(ROOT)}: {msgid!r} (also in {owner})" for msgid in sorted(ids & other)
            ]
        seen[str(po.relative_to(ROOT))] = ids
    assert not clashes, "strings translated in two catalogues:\n" + "\n".join(clashes[:40])


def test_translation_is_complete_and_current(tmp_path):
    """Every source string is in the zh-Hans catalogue, translated and not fuzzy."""
    text = "\n\n".join(po.read_text(encoding="utf-8") for po in PO_FILES)
    untranslated = [msgid for msgid, _msgstr, missing in _po_entries(text) if msgid and missing]
    assert not untranslated, f"untranslated or fuzzy strings: {untranslated[:20]}"
    # Extract the current source strings and compare with the catalogue.
    pot = tmp_path / "current.pot"
    files = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "changxiao").rglob("*")
        if p.suffix in {".py", ".html", ".txt"}
    ]
    files = [f for f in files if "/migrations/" not in f and "/tests/" not in f]
    py = [f for f in files if f.endswith(".py")]
    html = [f for f in files if not f.endswith(".py")]
    known = {msgid for msgid, _s, _m in _po_entries(text)} | _django_msgids()  # Django translates its own
    subprocess.run(
        [
            "xgettext",
            "-L",
            "Python",
            "--from-code=UTF-8",
            "-k_",
            "-kgettext",
            "-kgettext_lazy",
            "-kngettext:1,2",
            "-kngettext_lazy:1,2",
            "-kpgettext:1c,2",
            "-o",
            str(pot),
            *py,
        ],
        cwd=ROOT,
        check=True,
    )
    python_ids = {msgid for msgid, _s, _m in _po_entries(pot.read_text(encoding="utf-8")) if msgid}
    missing = sorted(python_ids - known)
    assert not missing, f"strings missing from django.po (run makemessages): {missing[:20]}"
    # Templates as makemessages reads them (translate and blocktranslate, plurals and contexts included, a "%" as
    # the "%%" the translation is looked up by at run time).
    from django.utils.translation.template import templatize

    templatized = []
    for name in html:
        converted = tmp_path / (name.replace("/", "__") + ".py")
        converted.write_text(
            templatize((ROOT / name).read_text(encoding="utf-8"), origin=name), encoding="utf-8"
        )
        templatized.append(str(converted))
    template_pot = tmp_path / "templates.pot"
    subprocess.run(
        [
            "xgettext",
            "-L",
            "Python",
            "--from-code=UTF-8",
            "-kngettext:1,2",
            "-kpgettext:1c,2",
            "-knpgettext:1c,2,3",
        ]
        + ["-o", str(template_pot), *templatized],
        check=True,
    )
    template_ids = {msgid for msgid, _s, _m in _po_entries(template_pot.read_text(encoding="utf-8")) if msgid}
    missing = sorted(template_ids - known)
    assert not missing, f"template strings missing from django.po (run makemessages): {missing[:20]}"
