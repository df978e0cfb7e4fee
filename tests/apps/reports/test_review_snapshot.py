"""The review served from the per-case snapshot (`reports.snapshot`, issue #11.6) gives the
figures of the straightforward computation — every case of the scope read from its log as
recorded at the instant and evaluated — on the demo province, before and after late
entries (an event dated inside the period, withdrawals, a correction, a change of holder),
as of now and as of an instant before them; and after a write only the cases written
about are evaluated again."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from congminh.apps.accounts.models import User
from congminh.apps.cases import services as case_services
from congminh.apps.cases.models import Case, CaseEvent
from congminh.apps.demo.services import demo_cases_load, demo_users_ensure
from congminh.apps.organisations.models import Organisation
from congminh.apps.organisations.services import organisations_load
from congminh.apps.reports import selectors, snapshot
from congminh.apps.reports.review import Review, build_review
from congminh.core.periods import Period, parse_period

AS_OF = dt.date(2026, 11, 26)
PERIOD = "2026-Q4"  # the Procuracy's Quý IV/2026: 01/9/2026-30/11/2026


def straightforward(user: Any, period: Period, instant: dt.datetime, scope_value: str = "province") -> Review:
    """Every case of the scope read from its log as of `instant`, evaluated."""
    day = selectors.evaluation_day(period, instant)
    payloads, holders = selectors.logs_as_of(selectors.scoped_case_ids(user, scope_value, instant),
                                             instant, day)
    keep = selectors.holder_filter(scope_value)
    if keep is not None:
        payloads = [p for p in payloads if holders[p["id"]] in set(keep)]
    return build_review(payloads, holders, period, day)


def assert_same(served: Review, computed: Review) -> None:
    assert sorted(served.facts, key=lambda f: f.id) == sorted(computed.facts, key=lambda f: f.id)
    assert served.figures() == computed.figures()
    assert served.by_holder() == computed.by_holder()
    assert served.failed_checks() == []


@pytest.fixture
def demo(db: Any) -> dict[str, Any]:
    organisations_load()
    demo_users_ensure()
    demo_cases_load(size="XS", seed=11, as_of=AS_OF, count=200)
    return {"vks": User.objects.get(username="vks"), "admin": User.objects.get(username="admin"),
            "period": parse_period(PERIOD, year_start_month=12)}


def _late_entries(admin: Any, period: Period) -> set[int]:
    """Written after the report: returns the cases written about."""
    touched: set[int] = set()
    # Withdrawals: the last event of three cases with a history.
    withdrawn = 0
    for case in Case.objects.order_by("id"):
        events = list(case.events.filter(withdrawn_at__isnull=True).order_by("date", "id"))
        if len(events) >= 2 and withdrawn < 3 and case.pk not in touched:
            case_services.case_event_withdraw(actor=admin, event=events[-1], reason="Nhập nhầm")
            touched.add(case.pk)
            withdrawn += 1
    # A correction: the first event of another case, dated a month later (inside the period).
    first = (CaseEvent.objects.filter(date__range=(period.start, period.end - dt.timedelta(days=40)),
                                      withdrawn_at__isnull=True, supersedes__isnull=True)
             .exclude(case_id__in=touched).order_by("id").first())
    assert first is not None
    case_services.case_event_append(actor=admin, case=first.case, type=first.type,
                                    date=first.date + dt.timedelta(days=30), data=first.data,
                                    supersedes=first)
    touched.add(first.case_id)
    # A change of holder: to another body of the same kind and level.
    moved = Case.objects.exclude(pk__in=touched).filter(procedure="civil").order_by("id").first()
    assert moved is not None and moved.holder is not None
    other = (Organisation.objects.filter(kind=moved.holder.kind, level=moved.holder.level)
             .exclude(pk=moved.holder_id).order_by("id").first())
    assert other is not None
    case_services.case_update(actor=admin, case=moved, holder=other, reason="Chuyển theo thẩm quyền")
    touched.add(moved.pk)
    # An event dated inside the period, recorded late: a case open before it is closed.
    for case in Case.objects.exclude(pk__in=touched).filter(procedure="civil").order_by("id"):
        last = case.events.filter(withdrawn_at__isnull=True).order_by("-date", "-id").first()
        if last is None or last.date >= period.end:
            continue
        try:
            case_services.case_event_append(actor=admin, case=case, type="closed",
                                            date=max(last.date, period.start))
        except Exception:  # refused by the law: another case
            continue
        touched.add(case.pk)
        break
    return touched


def test_the_snapshot_gives_the_straightforward_figures(demo: dict[str, Any]) -> None:
    vks, admin, period = demo["vks"], demo["admin"], demo["period"]
    first = selectors.quarterly_review(user=vks, period=period)
    assert_same(first.review, straightforward(vks, period, first.instant))
    assert len(first.review.facts) > 50 and first.review.figures()["total"][8] > 0  # overdue ones

    instant = timezone.now()
    touched = _late_entries(admin, period)
    assert len(touched) == 6

    now = selectors.quarterly_review(user=vks, period=period)
    assert_same(now.review, straightforward(vks, period, now.instant))
    assert now.review.figures() != first.review.figures()
    assert now.digest != first.digest

    # As of the instant before the late entries: the figures and digest of the first review.
    then = selectors.quarterly_review(user=vks, period=period, instant=instant)
    assert_same(then.review, straightforward(vks, period, instant))
    assert then.review.figures() == first.review.figures()
    assert then.digest == first.digest

    # One body's scope, now.
    holder = max(now.review.by_holder().items(), key=lambda item: item[1][3])[0]
    body = selectors.quarterly_review(user=vks, period=period, scope_value=f"org:{holder}")
    assert_same(body.review, straightforward(vks, period, body.instant, f"org:{holder}"))
    assert 0 < len(body.review.facts) < len(now.review.facts)


def test_after_a_write_only_the_cases_written_about_are_evaluated_again(
        demo: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    # Every write of the test has committed: no margin for late commits is needed.
    monkeypatch.setattr(snapshot, "SETTLED_AFTER", dt.timedelta(0))
    vks, admin, period = demo["vks"], demo["admin"], demo["period"]
    selectors.quarterly_review(user=vks, period=period)
    touched = _late_entries(admin, period)
    now = selectors.quarterly_review(user=vks, period=period)
    current = snapshot.current(period, now.review.day, selectors.logs_as_of)
    assert current.updated_cases == len(touched)
    assert_same(now.review, straightforward(vks, period, now.instant))


def test_rows_carry_their_explanation_without_reading_logs(demo: dict[str, Any]) -> None:
    """The snapshot keeps no logs, but each overdue or prolonged case's explanation made
    with its facts: a list's rows read no event log, and say what the engine says from the
    case's log as of the review's instant."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from congminh.apps.reports import presenters
    from congminh.apps.reports.review import overdue_why, prolonged_why

    result = selectors.quarterly_review(user=demo["vks"], period=demo["period"])
    overdue = presenters.selected(result, "overdue", sort="-days")[:5]
    prolonged = presenters.selected(result, "prolonged")[:5]
    assert overdue and prolonged
    with CaptureQueriesContext(connection) as shown:
        rows = presenters.rows(result, overdue + prolonged)
    assert _reads_events(shown.captured_queries) == 0
    payloads, _holders = selectors.logs_as_of([f.id for f in overdue + prolonged], result.instant,
                                             result.review.day)
    logs = {p["id"]: p for p in payloads}
    for row in rows:
        f, log = row.facts, logs[row.facts.id]
        assert row.why == (overdue_why(log, f, result.review.day) if f.overdue else [])
        assert row.reasons == (prolonged_why(log, result.review.day) if f.prolonged else [])
    assert all(row.why[0].days_over == row.facts.days_over for row in rows[:len(overdue)])


def _reads_events(queries: list[dict[str, Any]]) -> int:
    return sum(1 for q in queries if "cases_caseevent" in q["sql"] and '"data"' in q["sql"])


def test_another_process_loads_the_saved_snapshot(demo: dict[str, Any]) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    vks, period = demo["vks"], demo["period"]
    first = selectors.quarterly_review(user=vks, period=period)  # built, and written to a file
    snapshot.forget()  # another process: nothing in memory
    with CaptureQueriesContext(connection) as loaded:
        again = selectors.quarterly_review(user=vks, period=period)
    assert _reads_events(loaded.captured_queries) == 0
    assert (again.digest, again.review.figures()) == (first.digest, first.review.figures())


def test_a_snapshot_of_other_rows_is_not_loaded(demo: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """A file whose version names other rows (another or a restored database) is ignored."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    vks, period = demo["vks"], demo["period"]
    with monkeypatch.context() as patched:
        patched.setattr(snapshot, "_fingerprint", lambda seen: ("another database",))
        first = selectors.quarterly_review(user=vks, period=period)
    snapshot.forget()
    with CaptureQueriesContext(connection) as rebuilt:
        again = selectors.quarterly_review(user=vks, period=period)
    assert _reads_events(rebuilt.captured_queries) >= 1
    assert again.digest == first.digest


def test_the_daily_job_writes_the_current_and_the_last_quarter(demo: dict[str, Any]) -> None:
    from congminh.apps.jobs import tasks
    from congminh.apps.jobs.models import Job
    from congminh.core.periods import last_ended, period_containing

    tasks.review_snapshot_daily.call_local()
    tasks.review_snapshot_daily.call_local()  # two schedulers on one day: one job
    [job] = Job.objects.filter(kind="review_snapshot")
    assert job.status == "done", job.error
    today = timezone.localdate()
    for period in (period_containing("quarterly", today, year_start_month=12),
                   last_ended("quarterly", today, year_start_month=12)):
        day = min(period.end, today)
        assert snapshot._file((period.code, 12, day)).exists()
        assert f"{period.code} {day.isoformat()}: {Case.objects.count()}" in job.result["snapshots"]


def _same_as_full(user: Any, period: Period, scope_value: str = "province") -> selectors.ReviewResult:
    """The review as of now (the scope's totals kept up to date) against the same review
    summed over every case of the scope at the same instant: cases, figures, digest."""
    result = selectors.quarterly_review(user=user, period=period, scope_value=scope_value)
    full = selectors._compute_full(user, period, scope_value, None, result.instant, result.review.day)
    assert_same(result.review, full.review)
    assert result.digest == full.digest
    assert {f.id for f in result.review.facts} <= set(full.case_ids)
    assert (result.review.facts == sorted(result.review.facts, key=lambda f: f.id))  # id order, as in full
    assert_same(result.review, straightforward(user, period, result.instant, scope_value))
    return result


def test_the_totals_kept_up_to_date_match_a_full_count_after_each_write(
        demo: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """Write by write (withdrawals, a correction, a change of holder, a closing, a new case,
    a comment), the review as of now counts only the cases written about again, and gives
    what summing every case of the scope gives, for the province, for the body that lost a
    case and the one that gained it, and for a user of narrower reach."""
    from congminh.apps.reports import services

    monkeypatch.setattr(snapshot, "SETTLED_AFTER", dt.timedelta(0))
    vks, admin, period = demo["vks"], demo["admin"], demo["period"]
    court = User.objects.filter(organisation__kind="court", is_active=True).order_by("id").first()
    assert court is not None
    moved = Case.objects.filter(procedure="civil").order_by("id").first()
    assert moved is not None and moved.holder_id is not None
    other = (Organisation.objects.filter(kind=moved.holder.kind, level=moved.holder.level)
             .exclude(pk=moved.holder_id).order_by("id").first())
    assert other is not None
    scopes = ("province", f"org:{moved.holder_id}", f"org:{other.pk}")
    counted_in_full: list[int] = []
    count = snapshot._scope_count
    monkeypatch.setattr(snapshot, "_scope_count", lambda *a: counted_in_full.append(1) or count(*a))
    first = {s: _same_as_full(vks, period, s) for s in scopes}
    _same_as_full(court, period)
    assert len(counted_in_full) == 4  # each scope once; from now on only what is written about

    # A change of holder alone, then the other late entries, then a new case and a comment.
    case_services.case_update(actor=admin, case=moved, holder=other, reason="Chuyển theo thẩm quyền")
    after_move = {s: _same_as_full(vks, period, s) for s in scopes}
    assert after_move[scopes[1]].review.facts != first[scopes[1]].review.facts or not any(
        f.id == moved.pk for f in first[scopes[1]].review.facts)
    assert snapshot.current(period, after_move["province"].review.day, selectors.logs_as_of).updated_cases == 1
    _late_entries(admin, period)
    for s in scopes:
        _same_as_full(vks, period, s)
    _same_as_full(court, period)
    template = Case.objects.filter(procedure="criminal").order_by("id").first()
    assert template is not None
    created = case_services.case_create(actor=admin, title="Vụ án mới ghi nhận", procedure="criminal",
                                        category=template.category, holder=template.holder)
    case_services.case_event_append(actor=admin, case=created, type="case_instituted",
                                    date=period.start + dt.timedelta(days=3))
    with_new = _same_as_full(vks, period)
    assert created.pk in {f.id for f in with_new.review.facts}
    services.review_comment_add(actor=vks, case=created, period_code=period.code, text="Đề nghị khẩn trương")
    commented = _same_as_full(vks, period)
    assert commented.digest != with_new.digest and commented.review.figures() == with_new.review.figures()
    assert len(counted_in_full) == 4


def test_a_process_that_loads_the_daily_files_reads_its_users_totals(
        demo: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """The daily job counts the default review of each of its users' reaches ahead and
    keeps it with the snapshot (`selectors.scopes_ahead`, the scopes' file): another
    process reads those totals instead of counting its user's scope, and they are what a
    full count gives, before and after writes made since the files (then only the cases
    written about are counted again), for the province and for a narrower reach."""
    monkeypatch.setattr(snapshot, "SETTLED_AFTER", dt.timedelta(0))
    vks, admin, period = demo["vks"], demo["admin"], demo["period"]
    court = User.objects.filter(organisation__kind="court", is_active=True).order_by("id").first()
    assert court is not None
    snapshot.warm(period.end + dt.timedelta(days=1))  # its last ended quarter is `period`
    counted_in_full: list[int] = []
    count = snapshot._scope_count
    monkeypatch.setattr(snapshot, "_scope_count", lambda *a: counted_in_full.append(1) or count(*a))
    snapshot.forget()  # another process: the files only
    before = _same_as_full(vks, period)
    _same_as_full(court, period)
    assert counted_in_full == []
    snapshot.forget()
    touched = _late_entries(admin, period)
    after = _same_as_full(vks, period)
    _same_as_full(court, period)
    assert counted_in_full == []
    assert after.digest != before.digest and touched
    _same_as_full(vks, period, f"org:{court.organisation_id}")  # a scope not counted ahead
    assert counted_in_full == [1]


def test_a_scopes_file_written_again_since_its_index_was_read_is_not_used(
        demo: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """The daily job writes the files again (another token) after this process read the
    scopes' index: a scope asked for then is counted, not read at the old places."""
    vks, period = demo["vks"], demo["period"]
    court = User.objects.filter(organisation__kind="court", is_active=True).order_by("id").first()
    assert court is not None
    today = period.end + dt.timedelta(days=1)
    snapshot.warm(today)
    snapshot.forget()
    _same_as_full(vks, period)  # the index read
    snapshot.warm(today)  # written again by this process's snapshot: a new token
    counted_in_full: list[int] = []
    count = snapshot._scope_count
    monkeypatch.setattr(snapshot, "_scope_count", lambda *a: counted_in_full.append(1) or count(*a))
    _same_as_full(court, period)
    assert counted_in_full == [1]


def test_within_the_margin_only_the_rows_not_read_yet_are_evaluated_again(demo: dict[str, Any]) -> None:
    """Every row of the test is younger than the margin for late commits (SETTLED_AFTER):
    they are read again after a write, but only the cases of rows the snapshot had not read
    are evaluated again; a row that committed late (missing from what was read) is too."""
    vks, admin, period = demo["vks"], demo["admin"], demo["period"]
    first = selectors.quarterly_review(user=vks, period=period)
    built = snapshot.current(period, first.review.day, selectors.logs_as_of)
    assert built.generation == 0
    # As if one event had committed after the build read the logs, with a smaller id.
    late = CaseEvent.objects.filter(case_id=first.review.facts[0].id).order_by("-id").first()
    assert late is not None and late.pk in built.read[1]
    audit, events, cases = built.read
    built.read = (audit, events - {late.pk}, cases)
    touched = _late_entries(admin, period)
    now = selectors.quarterly_review(user=vks, period=period)
    updated = snapshot.current(period, now.review.day, selectors.logs_as_of)
    assert updated.generation == 1
    assert updated.updated_cases == len(touched | {late.case_id})  # not the 200 cases of the margin
    assert_same(now.review, straightforward(vks, period, now.instant))


def test_the_workbook_lists_cost_the_same_queries_for_any_number_of_rows(demo: dict[str, Any]) -> None:
    """The XLSX's lists read titles and numbers in bulk: two queries per list that has rows,
    for one body's few rows as for the province's; a second download makes no row again;
    after a title changes only that case's row is made again, with its new title."""
    import io

    import openpyxl
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from congminh.apps.reports import presenters
    from congminh.apps.reports.export import review_workbook

    vks, admin, period = demo["vks"], demo["admin"], demo["period"]

    def review(scope_value: str = "province") -> Any:
        return selectors.quarterly_review(user=vks, period=period, scope_value=scope_value)

    province = review()
    holder = min(province.review.by_holder().items(), key=lambda item: item[1][5] or 10**6)[0]
    body = review(f"org:{holder}")

    def rows(result: Any) -> list[int]:
        return [len(presenters.selected(result, row_key)) for row_key, _label in presenters.LISTS.values()]

    def queries(result: Any) -> int:
        with CaptureQueriesContext(connection) as made:
            review_workbook(result)
        return len(made.captured_queries)

    assert sum(rows(province)) > 3 * sum(rows(body)) > 0
    for scope_value in (f"org:{holder}", "province"):
        snapshot.forget()  # nothing made yet
        result = review(scope_value)
        assert queries(result) == 2 * sum(1 for n in rows(result) if n)
    assert queries(result) == 0  # every row kept

    case = Case.objects.get(pk=presenters.selected(result, "remaining")[0].id)
    case_services.case_update(actor=admin, case=case, title="Vụ án đã đổi tên")
    again = review()
    lists = [k for k, _label in presenters.LISTS.values() if case.pk in {f.id for f in presenters.selected(again, k)}]
    assert queries(again) == 2 * len(lists)  # its title and numbers, for each list it is in
    book = openpyxl.load_workbook(io.BytesIO(review_workbook(again)))
    sheet = book[book.sheetnames[4]]  # «Tồn đọng»
    titles = {row[1]: row[2] for row in sheet.iter_rows(min_row=8, values_only=True)}
    assert titles[case.pk] == "Vụ án đã đổi tên"



def _list_xml(result: Any, key: str) -> str:
    """The rows of list `key` as the workbook holds them."""
    import zlib

    from congminh.apps.reports import export

    return "".join(zlib.decompressobj(-15).decompress(p.data).decode("utf-8")
                   for p in export._list_blocks(result, key))


def test_a_fresh_process_makes_no_row_of_its_first_workbook(
        demo: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """The daily job keeps the lists' rows with the snapshot it writes, compressed as the
    workbook holds them: a process that loads the file reads no title or number for its
    first workbook and compresses none of its rows, and its lists are the rows made in a
    request from scratch."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from congminh.apps.reports import export, presenters

    vks, period = demo["vks"], demo["period"]
    first = selectors.quarterly_review(user=vks, period=period)
    scratch = {key: _list_xml(first, key) for key in presenters.LISTS}
    assert sum(text.count("<row>") for text in scratch.values()) > 10
    built = snapshot.current(period, first.review.day, selectors.logs_as_of)
    built.presented.clear()  # the rows made above: the job makes its own
    built.packed.clear()
    export.present(built, period)  # what the daily job does, then it writes the file
    snapshot.save(built)
    snapshot.forget()  # another process: nothing in memory
    result = selectors.quarterly_review(user=vks, period=period)
    packed: list[Any] = []
    monkeypatch.setattr(export, "pack", lambda rows: packed.append(rows))
    with CaptureQueriesContext(connection) as made:
        lists = {key: _list_xml(result, key) for key in presenters.LISTS}
    assert [q["sql"] for q in made.captured_queries if "cases_agencynumber" in q["sql"]
            or '"title"' in q["sql"]] == []
    assert packed == []
    assert lists == scratch


def _opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the snapshot directory's files opened from now on."""
    import pathlib

    from django.conf import settings

    opened: list[str] = []
    real = pathlib.Path.open

    def spy(self: pathlib.Path, *args: Any, **kwargs: Any) -> Any:
        if self.parent == pathlib.Path(settings.REVIEW_SNAPSHOT_DIR):
            opened.append(self.name)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", spy)
    return opened


def test_a_fresh_process_reads_the_lists_rows_on_its_first_export_only(
        demo: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """The lists' rows the daily job keeps (most of a province's file) are in a file of
    their own: a fresh process's first page reads the snapshot's file and its scope's
    totals the job counted (the scopes' file) only, its first export then reads the rows'
    file (once) and makes no row, nor the rows by case its kept blocks make unneeded, and
    the lists are those of a request made from scratch."""
    from congminh.apps.reports import export, presenters

    vks, period = demo["vks"], demo["period"]
    first = selectors.quarterly_review(user=vks, period=period)
    scratch = {key: _list_xml(first, key) for key in presenters.LISTS}
    snapshot.warm()
    snapshot.forget()
    opened = _opened(monkeypatch)
    result = selectors.quarterly_review(user=vks, period=period)
    name = snapshot._file((period.code, 12, result.review.day)).name
    scopes = name.replace(".pickle", ".scopes.pickle")
    assert opened == [name, scopes]
    packed: list[Any] = []
    monkeypatch.setattr(export, "pack", lambda rows: packed.append(rows))
    by_case: list[Any] = []
    made = snapshot._RowsColumns.presented_made
    monkeypatch.setattr(snapshot._RowsColumns, "presented_made", lambda *a: by_case.append(1) or made(*a))
    lists = {key: _list_xml(result, key) for key in presenters.LISTS}
    assert opened == [name, scopes, name.replace(".pickle", ".rows.pickle")]
    assert packed == [] and by_case == []
    assert lists == scratch


def _assert_lists_read_from_the_files(user: Any, period: Period, scratch: dict[str, str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The review's lists, read by a process that loads the snapshot's files, are `scratch`
    (made from scratch) and none of their rows is made again."""
    from congminh.apps.reports import export, presenters

    result = selectors.quarterly_review(user=user, period=period)
    packed: list[Any] = []
    monkeypatch.setattr(export, "pack", lambda rows: packed.append(rows))
    assert {key: _list_xml(result, key) for key in presenters.LISTS} == scratch
    assert packed == []


def test_a_rows_file_of_format_5_is_still_read(demo: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows' files before format 6 named each row's and block's facts by a pickle persistent
    id (the case's), not in columns: such a file is still read, and the first export of a
    fresh process makes no row and shows the lists made from scratch."""
    import pickle

    from congminh.apps.reports import presenters
    from congminh.apps.reports.review import CaseFacts

    vks, period = demo["vks"], demo["period"]
    first = selectors.quarterly_review(user=vks, period=period)
    scratch = {key: _list_xml(first, key) for key in presenters.LISTS}
    [kept] = [s for s in snapshot.warm(period.end + dt.timedelta(days=1)) if s.period_code == period.code]
    rows_path = snapshot._rows_file(snapshot._file((period.code, 12, kept.day)))
    with rows_path.open("rb") as source:  # the blocks, then the rows by case (format 7)
        token, columns, _follow = pickle.load(source)  # noqa: S301
        _token, rows_by_case = pickle.load(source)  # noqa: S301
    columns = columns._replace(presented=rows_by_case)
    presented, blocks = columns.presented_made(kept.entries), columns.packed_made(kept.entries)
    assert presented and blocks

    def persistent_id(obj: Any) -> int | None:
        entry = kept.entries.get(obj.id) if type(obj) is CaseFacts else None
        return obj.id if entry is not None and entry.facts is obj else None

    with rows_path.open("wb") as out:  # as the code before format 6 wrote it
        writer = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
        writer.persistent_id = persistent_id  # type: ignore[method-assign]
        writer.dump((token, presented, blocks))
    snapshot.forget()
    _assert_lists_read_from_the_files(vks, period, scratch, monkeypatch)


def test_a_rows_file_of_another_save_is_not_used(demo: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """A snapshot's file names the rows' file written with it: with the rows' file of a
    later save (two processes writing at once), the rows are made again, not taken."""
    import shutil

    from congminh.apps.reports import export, presenters
    from congminh.apps.reports.xlsx_writer import pack

    vks, period = demo["vks"], demo["period"]
    first = selectors.quarterly_review(user=vks, period=period)
    scratch = {key: _list_xml(first, key) for key in presenters.LISTS}
    path = snapshot._file((period.code, 12, first.review.day))
    snapshot.warm()
    shutil.copy(path, path.with_suffix(".kept"))
    snapshot.warm()  # another save: another rows' file
    shutil.copy(path.with_suffix(".kept"), path)
    snapshot.forget()
    result = selectors.quarterly_review(user=vks, period=period)
    packed: list[Any] = []
    monkeypatch.setattr(export, "pack", lambda rows: packed.append(rows) or pack(rows))
    assert {key: _list_xml(result, key) for key in presenters.LISTS} == scratch
    assert packed  # made again


def test_rows_read_after_a_write_show_the_case_as_written(demo: dict[str, Any]) -> None:
    """A case written about after a process loaded the snapshot's file but before its
    first export read the rows' file: that case's kept row (of its facts before the
    write) is not used; the export shows the case as written."""
    import io

    import openpyxl

    from congminh.apps.reports import export, presenters

    vks, period = demo["vks"], demo["period"]
    first = selectors.quarterly_review(user=vks, period=period)
    snapshot.warm()
    snapshot.forget()
    selectors.quarterly_review(user=vks, period=period)  # the page: the snapshot's file read
    case = Case.objects.get(pk=presenters.selected(first, "remaining")[0].id)
    case_services.case_update(actor=demo["admin"], case=case, title="Vụ án ghi sau khi nạp")
    again = selectors.quarterly_review(user=vks, period=period)
    book = openpyxl.load_workbook(io.BytesIO(export.review_workbook(again)))
    titles = {r[1]: r[2] for r in book[book.sheetnames[4]].iter_rows(min_row=8, values_only=True)}
    assert titles[case.pk] == "Vụ án ghi sau khi nạp"


def test_a_file_with_its_rows_inside_is_still_loaded_with_them(
        demo: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """A snapshot written with the lists' rows in the same file (format 4) is loaded with
    them: its first export makes no row."""
    import pickle
    from dataclasses import replace

    from congminh.apps.reports import presenters

    vks, period = demo["vks"], demo["period"]
    first = selectors.quarterly_review(user=vks, period=period)
    scratch = {key: _list_xml(first, key) for key in presenters.LISTS}
    built = snapshot.warm()[0]
    assert built.period_code == period.code and built.presented
    old = replace(built, pending=None)
    for name in ("pending", "rows_token"):
        del old.__dict__[name]
    with snapshot._file((built.period_code, built.year_start_month, built.day)).open("wb") as out:
        pickle.dump((4, snapshot._fingerprint(built.version), old), out)
    snapshot.forget()
    _assert_lists_read_from_the_files(vks, period, scratch, monkeypatch)


def test_a_comment_or_a_write_makes_only_its_block_again(
        demo: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """The workbook's kept blocks of rows are used only while they show the same rows: a
    comment on a case, or its title changed, makes its block again (and only it), and the
    workbook then shows the comment and the new title."""
    import io

    import openpyxl

    from congminh.apps.reports import export, presenters
    from congminh.apps.reports.models import ReviewComment
    from congminh.apps.reports.xlsx_writer import pack

    monkeypatch.setattr(export, "BLOCK", 3)
    vks, period = demo["vks"], demo["period"]
    first = selectors.quarterly_review(user=vks, period=period)
    export.review_workbook(first)  # every block made and kept
    backlog = presenters.selected(first, "remaining")
    assert len(backlog) > 7
    made: list[list[str]] = []
    monkeypatch.setattr(export, "pack", lambda rows: made.append(list(rows)) or pack(rows))
    case = backlog[4]  # the second block of the list
    ReviewComment.objects.create(case_id=case.id, period_code=period.code, kind="proposal",
                                 text="Đề nghị đôn đốc", author=vks, organisation=vks.organisation)
    commented = selectors.quarterly_review(user=vks, period=period)
    book = openpyxl.load_workbook(io.BytesIO(export.review_workbook(commented)))
    holding = [k for k, _l in presenters.LISTS.values() if case.id in {f.id for f in presenters.selected(first, k)}]
    assert [len(rows) for rows in made] == [3] * len(holding)  # its block of each list (rows 4-6 of «Tồn đọng»)
    assert all(sum(f"<v>{case.id}</v>" in line for line in rows) == 1 for rows in made)
    lists = book[book.sheetnames[4]]
    row = next(r for r in lists.iter_rows(min_row=8, values_only=True) if r[1] == case.id)
    assert "Đề nghị đôn đốc" in row[-1]
    made.clear()
    other = Case.objects.get(pk=backlog[0].id)
    case_services.case_update(actor=demo["admin"], case=other, title="Vụ án đã đổi tên")
    again = selectors.quarterly_review(user=vks, period=period)
    book = openpyxl.load_workbook(io.BytesIO(export.review_workbook(again)))
    assert made and all(len(rows) <= 3 for rows in made)
    assert sum(len(rows) for rows in made) < sum(len(presenters.selected(again, k)) for k, _l
                                                 in presenters.LISTS.values())
    titles = {r[1]: r[2] for r in book[book.sheetnames[4]].iter_rows(min_row=8, values_only=True)}
    assert titles[other.pk] == "Vụ án đã đổi tên"


def _two_scopes(demo: dict[str, Any]) -> tuple[Any, Any]:
    """The province's review and that of the body holding most of its backlog."""
    from collections import Counter

    from congminh.apps.reports import presenters

    vks, period = demo["vks"], demo["period"]
    province = selectors.quarterly_review(user=vks, period=period)
    holder, _n = Counter(f.holder_id for f in presenters.selected(province, "remaining")).most_common(1)[0]
    body = selectors.quarterly_review(user=vks, period=period, scope_value=f"org:{holder}")
    assert 3 < len(presenters.selected(body, "remaining")) < len(presenters.selected(province, "remaining"))
    return province, body


def test_two_scopes_exports_keep_their_own_blocks(demo: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """The kept blocks of a list are keyed by their rows, not by position only: the
    province's export and a body's, taken in turn, each find their blocks again (before,
    each overwrote the other's blocks of the same positions)."""
    from congminh.apps.reports import export
    from congminh.apps.reports.xlsx_writer import pack

    monkeypatch.setattr(export, "BLOCK", 3)
    province, body = _two_scopes(demo)
    export.review_workbook(province)
    export.review_workbook(body)
    made: list[Any] = []
    monkeypatch.setattr(export, "pack", lambda rows: made.append(rows) or pack(rows))
    for _ in range(2):
        export.review_workbook(province)
        export.review_workbook(body)
    assert made == []


def test_kept_blocks_are_bounded_dropping_the_least_recently_used(
        demo: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """Beyond PACKED_BYTES of a list's blocks, those least recently used are dropped: with
    room for one scope's, the body's export after the province's keeps the body's only."""
    from congminh.apps.reports import export, presenters

    monkeypatch.setattr(export, "BLOCK", 3)
    province, body = _two_scopes(demo)
    export.review_workbook(province)
    period, day = province.review.period, province.review.day
    name = export._rows_key("backlog")
    sizes = {k: len(b.packed.data) for k, b in snapshot.packed(period, day, name).items()}
    monkeypatch.setattr(snapshot, "PACKED_BYTES", sum(sizes.values()))
    export.review_workbook(body)
    kept = snapshot.packed(period, day, name)
    assert sum(len(b.packed.data) for b in kept.values()) <= sum(sizes.values())
    body_cases = [f.id for f in presenters.selected(body, "remaining")]
    assert [f.id for k in sorted(kept) for f in kept[k].facts if k not in sizes] == body_cases
    assert set(sizes) - set(kept)  # some of the province's dropped


def test_the_daily_job_keeps_the_rows_of_each_list_with_the_file(demo: dict[str, Any]) -> None:
    import pickle

    from django.conf import settings

    from congminh.apps.reports import presenters

    done = snapshot.warm()
    assert done
    for built in done:
        with snapshot._file((built.period_code, built.year_start_month, built.day)).open("rb") as source:
            kept_format, _fingerprint, saved = pickle.load(source)  # noqa: S301 (written by the test)
        assert kept_format == snapshot.FORMAT
        assert saved.presented == {} and saved.packed == {}  # in the rows' file
        snapshot.forget()
        saved = snapshot._load((built.period_code, built.year_start_month, built.day))
        assert saved is not None
        snapshot.rows_loaded(saved)
        assert set(saved.presented) == {f"xlsx:{key}:{settings.LANGUAGE_CODE}" for key in presenters.LISTS}
        review = Review(parse_period(built.period_code, year_start_month=built.year_start_month), built.day,
                        [e.facts for e in saved.entries.values() if e.facts is not None])
        for key, (row_key, _label) in presenters.LISTS.items():
            rows = saved.presented[f"xlsx:{key}:{settings.LANGUAGE_CODE}"]
            assert set(rows) == {f.id for f in review.select(row_key)}
            assert all(rows[case_id][0] is saved.entries[case_id].facts for case_id in rows)


def test_a_file_of_the_format_before_the_rows_is_still_loaded(demo: dict[str, Any]) -> None:
    """A snapshot written before the lists' rows were kept with it (format 3) is loaded
    (no province evaluated again after an upgrade); its rows are made when asked."""
    import copy
    import pickle

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    vks, period = demo["vks"], demo["period"]
    first = selectors.quarterly_review(user=vks, period=period)
    built = snapshot.current(period, first.review.day, selectors.logs_as_of)
    old = copy.copy(built)
    del old.__dict__["presented"]
    with snapshot._file((built.period_code, built.year_start_month, built.day)).open("wb") as out:
        pickle.dump((3, snapshot._fingerprint(built.version), old), out)
    snapshot.forget()
    with CaptureQueriesContext(connection) as loaded:
        again = selectors.quarterly_review(user=vks, period=period)
    assert _reads_events(loaded.captured_queries) == 0
    assert again.digest == first.digest
    assert snapshot.current(period, first.review.day, selectors.logs_as_of).presented == {}


def test_a_file_of_the_former_entries_is_still_loaded(demo: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """Files before format 6 pickled each entry as a frozen slotted dataclass, then named
    `Entry` (now a named tuple written in columns): such a file still loads, with the same
    entries, as named tuples."""
    import pickle
    from dataclasses import replace

    vks, period = demo["vks"], demo["period"]
    day = selectors.quarterly_review(user=vks, period=period).review.day
    built = snapshot.current(period, day, selectors.logs_as_of)
    key = (period.code, 12, day)
    former = snapshot._FormerEntry
    old = replace(built, entries={i: former(*e) for i, e in built.entries.items()},
                  presented={}, packed={}, pending=None, saved=None)
    with monkeypatch.context() as then:  # pickled as the code before format 6 did
        then.setattr(snapshot, "Entry", former)
        then.setattr(snapshot.Snapshot, "__getstate__", lambda self: dict(self.__dict__))
        former.__qualname__ = "Entry"
        try:
            with snapshot._file(key).open("wb") as out:
                pickle.dump((5, snapshot._fingerprint(built.version), old), out, protocol=pickle.HIGHEST_PROTOCOL)
        finally:
            former.__qualname__ = "_FormerEntry"
    assert b"_EntryColumns" not in snapshot._file(key).read_bytes()
    snapshot.forget()
    loaded = snapshot._load(key)
    assert loaded is not None and loaded.entries == built.entries
    assert {type(e) for e in loaded.entries.values()} == {snapshot.Entry}


def test_each_test_has_a_snapshot_directory_of_its_own(demo: dict[str, Any]) -> None:
    """The review's files are not shared with other tests or with the app's data directory
    (a file left by another test was loaded here and the review did not come from it)."""
    from django.conf import settings

    assert not settings.REVIEW_SNAPSHOT_DIR.exists()
    assert settings.REVIEW_SNAPSHOT_DIR != settings.DATA_DIR / "snapshots"
    selectors.quarterly_review(user=demo["vks"], period=demo["period"])
    assert {p.parent for p in settings.REVIEW_SNAPSHOT_DIR.iterdir()} == {settings.REVIEW_SNAPSHOT_DIR}


def test_a_snapshot_of_an_empty_database_is_built_again_and_saved(
        db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file written before anything was recorded (a new installation's first review, or
    a test's) is not brought up to date by each new process reading every case: it is
    built again and saved, so the next process loads it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    period = parse_period(PERIOD, year_start_month=12)
    empty = snapshot.current(period, period.end, selectors.logs_as_of)
    assert empty.version == (None, None, None) and snapshot._file(
        (period.code, 12, period.end)).exists()
    snapshot.forget()
    organisations_load()
    demo_users_ensure()
    demo_cases_load(size="XS", seed=11, as_of=AS_OF, count=50)
    vks = User.objects.get(username="vks")
    first = selectors.quarterly_review(user=vks, period=period)
    snapshot.forget()  # another process
    with CaptureQueriesContext(connection) as loaded:
        again = selectors.quarterly_review(user=vks, period=period)
    assert _reads_events(loaded.captured_queries) == 0
    assert again.digest == first.digest


def test_a_file_of_format_6_gives_the_review_a_file_of_format_7_gives(
        demo: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """Files before format 7 pickled each case's facts as an object (a frozen slotted
    dataclass, then named `CaseFacts`) in the entries' columns; format 7 keeps them as rows
    of values, what only a list's row shows pickled apart (`CaseFacts.detail`). A file of
    each format of the same data loads without reading a log, and the full review from each
    is the same: figures, totals by body, digest, and every list's rows with their
    explanations."""
    import pickle
    from dataclasses import fields, replace

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from congminh.apps.reports import presenters
    from congminh.apps.reports import review as review_module

    vks, period = demo["vks"], demo["period"]
    day = selectors.quarterly_review(user=vks, period=period).review.day
    built = snapshot.current(period, day, selectors.logs_as_of)
    key = (period.code, 12, day)
    assert any(e.facts is not None and e.facts.why for e in built.entries.values())

    def loaded() -> tuple[Any, dict[str, list[Any]]]:
        snapshot.forget()
        with CaptureQueriesContext(connection) as queries:
            result = selectors.quarterly_review(user=vks, period=period)
        assert _reads_events(queries.captured_queries) == 0  # from the file
        return result, {name: presenters.rows(result, presenters.selected(result, row_key))
                        for name, (row_key, _label) in presenters.LISTS.items()}

    path = snapshot.save(built)
    assert b"CaseFacts" not in path.read_bytes()  # rows of values, no object per case
    seventh, seventh_lists = loaded()
    assert any(isinstance(f.detail, bytes) for f in seventh.review.facts if f.why)  # read when shown

    former = snapshot._FormerFacts

    def as_former(facts: Any) -> Any:
        made = former.__new__(former)
        made.__setstate__([getattr(facts, f.name) for f in fields(former)])
        return made

    columns = snapshot._EntryColumns.of(built.entries)._replace(
        facts=[None if e.facts is None else as_former(e.facts) for e in built.entries.values()])
    with monkeypatch.context() as then:  # pickled as the code of format 6 did
        then.setattr(review_module, "CaseFacts", former)
        then.setattr(former, "__module__", review_module.__name__)
        then.setattr(snapshot.Snapshot, "__getstate__", lambda self: {**self.__dict__, "entries": columns})
        former.__qualname__ = "CaseFacts"
        try:
            with path.open("wb") as out:
                pickle.dump((6, snapshot._fingerprint(built.version),
                             replace(built, presented={}, packed={}, pending=None, saved=None)),
                            out, protocol=pickle.HIGHEST_PROTOCOL)
        finally:
            former.__qualname__ = "_FormerFacts"
    assert b"_FactsRows" not in path.read_bytes() and b"CaseFacts" in path.read_bytes()
    sixth, sixth_lists = loaded()
    assert snapshot._load(key) is not None

    assert sixth.review.figures() == seventh.review.figures()
    assert sixth.review.by_holder() == seventh.review.by_holder()
    assert sixth.digest == seventh.digest
    assert sixth.review.facts == seventh.review.facts
    assert sixth_lists == seventh_lists and any(sixth_lists.values())
    assert any(row.why for row in seventh_lists["overdue"])


def test_a_scope_read_from_the_files_makes_no_entry_until_something_is_counted_again(
        demo: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh process's first review of a scope the daily job counted reads that scope's
    facts and holders from the snapshot file's columns: the entries (a province's 200,000)
    are made only when needed, here by a later write counted again. The facts are then the
    entries' very objects, and the figures a full count's, before and after the write."""
    monkeypatch.setattr(snapshot, "SETTLED_AFTER", dt.timedelta(0))
    vks, admin, period = demo["vks"], demo["admin"], demo["period"]
    court = User.objects.filter(organisation__kind="court", is_active=True).order_by("id").first()
    assert court is not None
    snapshot.warm(period.end + dt.timedelta(days=1))
    snapshot.forget()
    first = {user: selectors.quarterly_review(user=user, period=period) for user in (vks, court)}
    loaded = snapshot.current(period, first[vks].review.day, selectors.logs_as_of)
    assert "entries" not in loaded.__dict__  # not made
    assert {f.id for f in first[court].review.facts} < {f.id for f in first[vks].review.facts}
    for user, result in first.items():
        assert all(loaded.entries[f.id].facts is f for f in result.review.facts)
        assert result.digest == _same_as_full(user, period).digest
    touched = _late_entries(admin, period)
    after = _same_as_full(vks, period)
    _same_as_full(court, period)
    assert touched and after.digest != first[vks].digest

