"""Stored directive period labels shown the Vietnamese way through one filter."""

from __future__ import annotations

from django.template import Context, Template


def test_period_vi_filter() -> None:
    template = Template("{% load periods %}{{ a|period_vi }} | {{ b|period_vi }} | {{ c|period_vi:12 }} | {{ d|period_vi }}")
    text = template.render(Context({"a": "Q4/2026", "b": "H1/2027", "c": "T1/2027", "d": ""}))
    assert text == "Quý IV/2026 | 6 tháng đầu năm 2027 | Tháng 12/2026 | "
