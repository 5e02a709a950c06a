"""The admin for editors: RE2 validated on save, a "try it" box, and every change kept in history."""

from __future__ import annotations

from django.contrib.auth.models import Permission

from errors_kb.admin import code_box_name
from errors_kb.code_languages import CODE_LANGUAGES
from errors_kb.models import KnownError, Matcher


def change_form_data(error: KnownError, *, pattern: str) -> dict[str, str]:
    """The change form as the browser posts it, with the first matcher's pattern replaced."""
    matchers = list(error.matchers.all())
    examples = list(error.examples.all())
    data = {
        "slug": error.slug,
        "title": error.title,
        "category": error.category,
        "http_code": str(error.http_code or ""),
        "api_status": error.api_status,
        "retry": error.retry,
        "published": "on",
        "last_reviewed": error.last_reviewed.isoformat(),
        "cause": error.cause,
        "body": error.body,
        "docs": '[{"title": "Keys", "url": "https://ai.google.dev/gemini-api/docs/api-key"}]',
        "related": "[]",
        **{code_box_name(key): error.code.get(key, "") for key in CODE_LANGUAGES},
        "matchers-TOTAL_FORMS": str(len(matchers)),
        "matchers-INITIAL_FORMS": str(len(matchers)),
        "examples-TOTAL_FORMS": str(len(examples)),
        "examples-INITIAL_FORMS": str(len(examples)),
    }
    for index, matcher in enumerate(matchers):
        data |= {
            f"matchers-{index}-id": str(matcher.pk),
            f"matchers-{index}-error": str(error.pk),
            f"matchers-{index}-position": str(matcher.position),
            f"matchers-{index}-pattern": pattern if index == 0 else matcher.pattern,
            f"matchers-{index}-weight": str(matcher.weight),
            f"matchers-{index}-recognises": matcher.recognises,
            f"matchers-{index}-samples": "[]",
        }
    for index, example in enumerate(examples):
        data |= {
            f"examples-{index}-id": str(example.pk),
            f"examples-{index}-error": str(error.pk),
            f"examples-{index}-position": str(example.position),
            f"examples-{index}-text": example.text,
        }
    return data


def test_a_pattern_that_is_not_re2_is_refused_with_the_reason(admin_client, entry):
    url = f"/admin/errors_kb/knownerror/{entry.pk}/change/"
    response = admin_client.post(url, change_form_data(entry, pattern="(?<=lookbehind)API"))
    assert response.status_code == 200
    assert "Not a usable RE2 pattern" in response.content.decode()
    assert Matcher.objects.filter(pattern="(?<=lookbehind)API").count() == 0


def test_an_edit_is_saved_kept_in_history_and_revertible(admin_client, entry):
    url = f"/admin/errors_kb/knownerror/{entry.pk}/change/"
    original = entry.matchers.first().pattern
    response = admin_client.post(url, change_form_data(entry, pattern=r"\bAPI_KEY_INVALID_EDITED\b"))
    assert response.status_code == 302, response.content.decode()[:2000]
    edited = entry.matchers.order_by("position").first()
    assert edited.pattern == r"\bAPI_KEY_INVALID_EDITED\b"
    history = list(edited.history.order_by("history_date"))
    assert history[0].pattern == original and history[-1].pattern == r"\bAPI_KEY_INVALID_EDITED\b"
    assert history[-1].history_user.username == "admin"

    # The history page lists the change, and reverting restores the earlier version.
    assert admin_client.get(f"/admin/errors_kb/matcher/{edited.pk}/history/").status_code == 200
    revert_url = f"/admin/errors_kb/matcher/{edited.pk}/history/{history[0].history_id}/"
    form = admin_client.get(revert_url)
    assert form.status_code == 200
    response = admin_client.post(
        revert_url,
        {"error": str(entry.pk), "position": "0", "pattern": original, "weight": "6.0",
         "recognises": history[0].recognises, "samples": "[]"},
    )  # fmt: skip
    assert response.status_code == 302
    edited.refresh_from_db()
    assert edited.pattern == original


def test_try_it_box_shows_which_matchers_fire(admin_client, entry):
    url = f"/admin/errors_kb/knownerror/{entry.pk}/try/"
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"text": 'first line\n[reason: "API_KEY_INVALID"]'})
    page = response.content.decode()
    assert response.status_code == 200
    assert "ErrorInfo reason API_KEY_INVALID" in page
    assert "2: [reason: &quot;API_KEY_INVALID&quot;]" in page


def test_change_page_links_to_try_it_and_history(admin_client, entry):
    page = admin_client.get(f"/admin/errors_kb/knownerror/{entry.pk}/change/").content.decode()
    assert f"/admin/errors_kb/knownerror/{entry.pk}/try/" in page
    assert f"/admin/errors_kb/knownerror/{entry.pk}/history/" in page


def test_admin_requires_staff(client, entry):
    response = client.get(f"/admin/errors_kb/knownerror/{entry.pk}/try/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def _staff_member(django_user_model, *codenames: str):
    user = django_user_model.objects.create_user("editor", password="not-used", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="errors_kb", codename__in=codenames))
    return user


def test_trying_the_matchers_needs_the_change_permission(client, django_user_model, entry):
    client.force_login(_staff_member(django_user_model, "view_knownerror"))
    url = f"/admin/errors_kb/knownerror/{entry.pk}/try/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"text": '[reason: "API_KEY_INVALID"]'}).status_code == 403
    change_page = client.get(f"/admin/errors_kb/knownerror/{entry.pk}/change/")
    assert change_page.status_code == 200 and url not in change_page.content.decode()


def test_a_staff_member_who_may_change_entries_can_try_the_matchers(client, django_user_model, entry):
    client.force_login(_staff_member(django_user_model, "view_knownerror", "change_knownerror"))
    response = client.post(f"/admin/errors_kb/knownerror/{entry.pk}/try/", {"text": '[reason: "API_KEY_INVALID"]'})
    assert response.status_code == 200 and "ErrorInfo reason API_KEY_INVALID" in response.content.decode()


def test_code_is_edited_as_a_box_per_language_and_saved_as_one_mapping(admin_client, entry):
    url = f"/admin/errors_kb/knownerror/{entry.pk}/change/"
    page = admin_client.get(url).content.decode()
    for key, language in CODE_LANGUAGES.items():
        assert f'name="{code_box_name(key)}"' in page and f"{language.label} code" in page
    data = change_form_data(entry, pattern=entry.matchers.first().pattern)
    data |= {code_box_name("rest"): "curl https://example.com/edited-in-the-admin", code_box_name("javascript"): ""}
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry.refresh_from_db()
    assert entry.code["rest"] == "curl https://example.com/edited-in-the-admin"
    assert "javascript" not in entry.code
    assert "edited-in-the-admin" in entry.code_html["rest"] and "javascript" not in entry.code_html
