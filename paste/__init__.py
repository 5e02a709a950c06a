"""Paste an error: the form, the page, the JSON API and the `classify` command, one service behind all three."""
