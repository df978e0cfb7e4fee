"""Signals other contexts listen to, so cases never import them.

`case_events_changed` is sent (after commit) with `case_ids` when events were appended;
the obligations app recomputes those cases' clocks.
"""

from django.dispatch import Signal

case_events_changed = Signal()
