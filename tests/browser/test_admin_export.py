"""The catalog export page in the admin, under the app's Content-Security-Policy."""

import pytest
from django.contrib.auth import get_user_model

from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_select_all_works_under_the_csp(page):
    get_user_model().objects.create_superuser("root", "root@example.com", PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/admin/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    page.goto("/admin/recovery/food/export/")
    fields = page.locator('.selectable-field-export-row input[type="checkbox"]')
    assert fields.count() > 1
    page.get_by_label("Select all").uncheck()
    assert not any(box.is_checked() for box in fields.all())
    page.get_by_label("Select all").check()
    assert all(box.is_checked() for box in fields.all())
    assert page.console_errors == []
