# pg_trgm for the error list's typo-tolerant search (errors_kb/selectors.py). Django's
# CreateExtension does nothing on another database, so SQLite skips it.

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("errors_kb", "0005_gemini_model_served_now")]

    operations = [TrigramExtension()]
