"""bench/instructions.py reads cachegrind's summary; the counted runs themselves take minutes and
are the bench's to make, not the suite's."""

from __future__ import annotations

import pytest

from bench.instructions import Counts, parse_totals

SUMMARY = """==4242== Cachegrind, a high-precision tracing profiler
==4242== I   refs:      1,234,567
==4242== I1  misses:        1,000
==4242== LLi misses:           70
==4242== I1  miss rate:      0.08%
==4242==
==4242== D   refs:        500,000  (300,000 rd   + 200,000 wr)
==4242== D1  misses:        2,000  (  1,500 rd   +     500 wr)
==4242== LLd misses:          300  (    200 rd   +     100 wr)
==4242== LL refs:           3,000  (  2,500 rd   +     500 wr)
==4242== LL misses:           370  (    270 rd   +     100 wr)
"""


def test_the_summary_gives_instructions_and_misses():
    counts = parse_totals(SUMMARY)
    assert counts == Counts(instructions=1_234_567, l1_misses=3_000, last_level_misses=370)
    assert counts.cycles == 1_234_567 + 10 * 3_000 + 60 * 370


def test_a_summary_without_a_total_says_which_is_missing():
    with pytest.raises(SystemExit, match="LL misses"):
        parse_totals(SUMMARY.replace("LL misses", "LL whatever"))


def test_counts_subtract_and_divide_per_request():
    both, alone = Counts(300.0, 30.0, 3.0), Counts(100.0, 10.0, 1.0)
    assert (both - alone).per(2) == Counts(100.0, 10.0, 1.0)
