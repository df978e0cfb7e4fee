"""Properties that must hold for every start date (Hypothesis)."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from congminh.core.law.obligations import compute_obligation
from congminh.core.law.working_calendar import default_calendar

starts = st.dates(min_value=date(2001, 1, 1), max_value=date(2036, 12, 31))
CAL = default_calendar()


@settings(max_examples=200, deadline=None)
@given(start=starts, months=st.integers(1, 3))
def test_extension_never_shortens_due(start: date, months: int) -> None:
    # BLTTHS Đ.172 k2b: NT first extension ≤ 3 months.
    base = compute_obligation("BLTTHS-172", start=start, as_of=start, category="serious")
    ext = compute_obligation("BLTTHS-172", start=start, as_of=start, category="serious",
                             extensions=[(start, months, "months")])
    assert base.dates and ext.dates and ext.dates.due >= base.dates.due


@settings(max_examples=200, deadline=None)
@given(start=starts, offset=st.integers(0, 8), length=st.integers(0, 60))
def test_time_suspended_never_counts(start: date, offset: int, length: int) -> None:
    # BLTTHS Đ.208 / Luật GĐTP Đ.26a: waiting for documents is not counted.
    pause = (start + timedelta(days=offset), start + timedelta(days=offset + length))
    plain = compute_obligation("BLTTHS-208", start=start, as_of=start, expertise_kind="injury")
    paused = compute_obligation("BLTTHS-208", start=start, as_of=start, expertise_kind="injury",
                                pauses=[pause])
    assert plain.dates and paused.dates
    assert paused.dates.legal_end - plain.dates.legal_end == timedelta(days=length)


@settings(max_examples=300, deadline=None)
@given(start=starts, rule=st.sampled_from(["BLTTHS-172", "BLTTHS-174-1", "BLTTDS-106"]))
def test_rolled_due_is_a_working_day(start: date, rule: str) -> None:
    # Limits that roll: criminal limits in months (BLTTHS Đ.134 k1), civil (BLDS Đ.147-148).
    result = compute_obligation(rule, start=start, as_of=start, category="less_serious")
    assert result.dates and CAL.is_working_day(result.dates.due)
    assert result.dates.due >= result.dates.legal_end
