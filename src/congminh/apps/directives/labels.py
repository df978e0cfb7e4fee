"""Screen names of the four task statuses (plus the due-soon hint)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from congminh.apps.directives import status as st

STATUS_LABELS = {
    st.ON_TIME: _("In progress, on time"),
    st.OVERDUE: _("In progress, overdue"),
    st.DONE_ON_TIME: _("Done on time"),
    st.DONE_LATE: _("Done late"),
}
DUE_SOON_LABEL = _("Due soon")
