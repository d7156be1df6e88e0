"""Every page, public and private, at phone and desktop widths: axe-core finds no WCAG 2.1 A or
AA violation, and the Nu HTML checker finds no error in the HTML the server sent."""

import datetime
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from recovery import email_confirmation, serious_causes
from recovery.days import local_today
from recovery.models import Exercise, Medicine, PushSubscription, Routine
from recovery.reminders import links
from tests.browser.conftest import DESKTOP, PHONE, at_home
from tests.factories import PASSWORD, DailyEntryFactory, MedicineDoseFactory, UserFactory
from tests.history_maker import make_history

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NODE_MODULES = Path(settings.BASE_DIR) / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PUBLIC = [
    "/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password_reset/",
    "/accounts/password_reset/done/",
    "/no-such-page/",
]


def private_pages(user):
    today = local_today(user.profile.timezone)
    token = email_confirmation.make_token(user, "new@example.com")
    return [
        "/",
        "/?range=all",
        "/today/",
        f"/day/{today - datetime.timedelta(days=3)}/",
        f"/day/{today - datetime.timedelta(days=400)}/",
        "/history/",
        "/insights/",
        "/practice/",
        f"/practice/breathe/{Exercise.objects.get(name='Anulom Vilom').pk}/",
        f"/practice/stretch/?routine={Routine.objects.get(name='Gentle floor routine').pk}",
        "/settings/",
        "/accounts/signup/questions/",
        "/medicines/",
        f"/medicines/{Medicine.objects.get(owner=user).pk}/",
        "/reminders/",
        f"/reminders/stop/{links.unsubscribe_token(user)}/",
        "/report/",
        "/account/export/",
        "/account/import/",
        "/account/delete/",
        "/accounts/password_change/",
        f"/accounts/confirm-email/{token}/",
    ]


@pytest.fixture(scope="module")
def checkers():
    missing = [str(path) for path in (AXE, VNU) if not path.exists()]
    if missing:
        pytest.skip(f"page checkers missing ({', '.join(missing)}): run bin/setup --dev")
    if not shutil.which("java"):
        pytest.skip("no Java to run the Nu HTML checker (apt-get install default-jre-headless)")
    return AXE.read_text()


def axe_violations(page, axe):
    page.add_script_tag(content=axe)
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return result.violations.map(v =>
                `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map(
                    n => n.target.join(" ")).join(", ")}`);
        }""",
        WCAG,
    )


def visit(context, path, axe, saved, width_name):
    page = context.new_page()
    response = page.goto(path)
    # Folded parts (add forms, guides) are checked open too.
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    problems = [f"{path} ({width_name}): {v}" for v in axe_violations(page, axe)]
    name = f"{len(saved):02d}{path.replace('/', '_').replace('?', '_')[:60]}.html"
    saved[name] = response.text()
    page.close()
    return problems


def test_every_page_passes_axe_and_the_nu_checker(browser, live_server, checkers, tmp_path):
    user = UserFactory(username="checker")
    make_history(user, 40, local_today("UTC") - datetime.timedelta(days=1))
    DailyEntryFactory(user=user, date=local_today("UTC"), pain_reach_left=2, saddle_numbness=True)
    # The serious-cause advice, on the dashboard, Settings and the report.
    serious_causes.record(user.profile, ["cancer_history"])
    own = Medicine.objects.create(owner=user, name="Baclofen", strengths="10 mg")
    MedicineDoseFactory(user=user, date=local_today("UTC"), medicine=own, amount=10)
    # The reminders page lists the browsers that take notifications.
    PushSubscription.objects.create(
        user=user,
        endpoint="https://fcm.googleapis.com/fcm/send/a",
        p256dh="k",
        auth="a",
        device="Chrome on Android",
    )
    problems, saved = [], {}
    for width_name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        # The pages' strict CSP would refuse the injected checker.
        context = browser.new_context(viewport=viewport, base_url=live_server.url, bypass_csp=True)
        for path in PUBLIC:
            problems += visit(context, path, checkers, saved, width_name)
        login = context.new_page()
        login.goto("/accounts/login/")
        login.fill("#id_username", user.username)
        login.fill("#id_password", PASSWORD)
        login.get_by_role("button", name="Log in").click()
        login.wait_for_url(at_home)
        login.close()
        for path in private_pages(user):
            problems += visit(context, path, checkers, saved, width_name)
        context.close()

    for name, html in saved.items():
        (tmp_path / name).write_text(html)
    checked = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "gnu", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    problems += [line for line in checked.stderr.splitlines() if line.strip()]
    assert len(saved) == 2 * (len(PUBLIC) + len(private_pages(user)))
    assert problems == [], "\n".join(problems)


def test_the_focus_can_be_seen_on_the_menu_bar_and_the_skip_link_comes_first(page):
    from tests.browser.test_daily_log import log_in

    page.set_viewport_size(DESKTOP)
    log_in(page, UserFactory())
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to content"
    box = skip.bounding_box()
    # On top of the menu bar, where it can be seen: the element at its centre is itself.
    centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).textContent.trim()", list(centre)
    ) == ("Skip to content")
    page.keyboard.press("Tab")  # the brand
    page.keyboard.press("Tab")  # the first menu link
    ring = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth, s.outlineColor]; }"
    )
    assert ring == ["solid", "3px", "rgb(255, 255, 255)"]  # white on the blue bar
