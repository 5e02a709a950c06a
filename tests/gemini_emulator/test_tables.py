"""The emulator's tables kept in step with their other copies: the README's keys, the engine's enums."""

from __future__ import annotations

import re
from pathlib import Path

from classifier import facts
from gemini_emulator import SCENARIOS, wire

README = Path(__file__).resolve().parents[2] / "README.md"
TABLE_HEADER = "| key | what the emulator answers |"
ROW = re.compile(r"^\| `(?P<key>[^`]+)` \| (?P<summary>.+) \|$")


def readme_key_table() -> list[tuple[str, str]]:
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index(TABLE_HEADER) + 2  # past the header and its |---| line
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        match = ROW.match(line)
        assert match, f"not a key row: {line!r}"
        rows.append((match["key"], match["summary"]))
    return rows


def test_the_readme_lists_every_scenario_key_with_its_summary_in_order() -> None:
    expected = [(key, scenario.summary) for key, scenario in SCENARIOS.items()]
    rows = "\n".join(f"| `{key}` | {summary} |" for key, summary in expected)
    assert readme_key_table() == expected, f"README.md's key table should read:\n{rows}"


def test_the_emulator_sends_the_finish_and_block_reasons_the_engine_reads() -> None:
    assert dict(enumerate(wire.FINISH_REASONS)) == facts.FINISH_REASONS
    assert dict(enumerate(wire.BLOCK_REASONS)) == facts.BLOCK_REASONS
