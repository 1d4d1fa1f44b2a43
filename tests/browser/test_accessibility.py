"""WCAG 2 A/AA checks with axe-core (vendored under vendor/) on the main pages, as the office sees them.

axe is evaluated through DevTools (page.evaluate), which the site's CSP does not govern: a <script> tag with
the source inline would be refused, and the CSP must stay as strict as it is in production.
"""

from pathlib import Path

import pytest

from .conftest import force_login, url

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
BLOCKING_IMPACTS = {"serious", "critical"}
RUN_AXE = r"""async () => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({
      target: n.target.join(' '), html: n.html.slice(0, 160),
      summary: (n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 200),
    })),
  }));
}"""

PAGES = {
    "login": lambda w: ("login",),
    "workbench": lambda w: ("cockpit:workbench",),
    "region-list": lambda w: ("orgs:region_list",),
    "region-detail": lambda w: ("orgs:region_detail", w.city.pk),
    "unit-list": lambda w: ("orgs:unit_list",),
    "unit-detail": lambda w: ("orgs:unit_detail", w.venue_unit.pk),
    "people-list": lambda w: ("orgs:people_list",),
    "api-tokens": lambda w: ("orgs:token_list",),
    "unit-edit": lambda w: ("orgs:unit_edit", w.venue_unit.pk),
    "person-edit": lambda w: ("orgs:person_edit", w.venue.pk),
    "person-add": lambda w: ("orgs:person_add", w.venue_unit.pk),
    "calendar": lambda w: ("core:calendar",),
    "account-security": lambda w: ("account_security",),
    "work-plans": lambda w: ("targets:plan_list",),
    "my-tasks": lambda w: ("targets:my_tasks",),
    "unit-import": lambda w: ("core:import_upload", "orgs-units"),
    "notifications": lambda w: ("core:inbox",),
}


def axe_violations(page) -> list[dict]:
    page.evaluate(AXE_SOURCE)
    return page.evaluate(RUN_AXE)


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    {node['target']}  {node['html']}")
            lines.append(f"        {node['summary']}")
    return "\n".join(lines)


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_serious_accessibility_violations(page, live_server, browser_world, name):
    url_name, *args = PAGES[name](browser_world)
    if url_name != "login":
        force_login(page, live_server, browser_world.office)

    response = page.goto(url(live_server, url_name, *args))
    assert response.status == 200

    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"serious or critical WCAG 2 A/AA violations on {name}:\n{describe(blocking)}"
