"""The code samples move from one column per language into one JSON mapping keyed by language, so a
language added to errors_kb/code_languages.py needs no migration. The samples already in the
database, and in its history (so an old version can still be reverted to), are copied across."""

from django.db import migrations, models

# The columns as they were, frozen here: the registry may change after this migration.
OLD_COLUMNS = {
    "google-genai": "code_genai",
    "google-generativeai": "code_generativeai",
    "rest": "code_rest",
    "javascript": "code_javascript",
}
MODELS = ("KnownError", "HistoricalKnownError")


def columns_to_mapping(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("errors_kb", name)
        for row in model.objects.all():
            row.code = {key: getattr(row, column) for key, column in OLD_COLUMNS.items() if getattr(row, column)}
            # update(), not save(): the rendered HTML and updated_at stay as they were.
            model.objects.filter(pk=row.pk).update(code=row.code)


def mapping_to_columns(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("errors_kb", name)
        for row in model.objects.all():
            columns = {column: row.code.get(key, "") for key, column in OLD_COLUMNS.items()}
            model.objects.filter(pk=row.pk).update(**columns)


class Migration(migrations.Migration):
    dependencies = [
        ("errors_kb", "0001_initial"),
    ]

    operations = [
        *(
            migrations.AddField(
                model_name=name.lower(),
                name="code",
                field=models.JSONField(blank=True, default=dict, help_text="The code samples, by language."),
            )
            for name in MODELS
        ),
        migrations.RunPython(columns_to_mapping, mapping_to_columns),
        *(
            migrations.RemoveField(model_name=name.lower(), name=column)
            for name in MODELS
            for column in OLD_COLUMNS.values()
        ),
    ]
