"""The error list's search form. No work here."""

from __future__ import annotations

from typing import cast

from django import forms


class ErrorSearchForm(forms.Form):
    q = forms.CharField(label="Search the errors", required=False, max_length=200, widget=forms.SearchInput)
    code = forms.TypedChoiceField(label="HTTP code", required=False, coerce=int, empty_value=None)

    def __init__(self, *args: object, codes: list[int], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        code_field = cast(forms.TypedChoiceField, self.fields["code"])
        code_field.choices = [("", "Any code"), *((code, str(code)) for code in codes)]

    def criteria(self) -> tuple[str, int | None]:
        """The search as given, with anything invalid (a code we have no entry for, say) dropped."""
        self.is_valid()  # fills cleaned_data with the fields that are valid, and only those
        return self.cleaned_data.get("q", "").strip(), self.cleaned_data.get("code")
