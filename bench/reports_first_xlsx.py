"""The first XLSX of a process whose review is loaded (P): with and without the GC paused, alternated."""
import statistics, sys, time
sys.path.insert(0, "bench")
from pathlib import Path
from oversight_lists import django_setup
django_setup(Path("/tmp/rep-P"))
from django.test import Client
from django.utils import timezone
from congminh.apps.accounts.models import User
from congminh.apps.reports import export, selectors, snapshot
from congminh.core.periods import last_ended
import contextlib
user = User.objects.get(username="vks")
period = last_ended("quarterly", timezone.localdate(), year_start_month=12)
client = Client(); client.force_login(user); client.get("/login/")
url = f"/reports/quarterly/export.xlsx?period={period.code}&calendar=procuracy"
real = snapshot.no_gc
times = {"gc running (before)": [], "gc paused (after)": []}
for _ in range(3):
    for name in times:
        snapshot.forget()
        selectors.quarterly_review(user=user, period=period)
        export.snapshot.no_gc = real if "paused" in name else contextlib.nullcontext
        started = time.perf_counter()
        assert client.get(url).status_code == 200
        times[name].append((time.perf_counter() - started) * 1000)
        export.snapshot.no_gc = real
for name, ms in times.items():
    print(f"{name:22} first XLSX, review loaded: median {statistics.median(ms):6.0f} ms  {[round(m) for m in ms]}")
