"""The production set-up's files (deploy/): the environment example lists every variable
the application reads, and the systemd units run commands the app accepts."""

from __future__ import annotations

import configparser
import re
import shlex
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "deploy"
READ = re.compile(r"""environ(?:\.get)?[\[(]\s*["']([A-Z][A-Z0-9_]+)["']""")


def test_the_environment_example_lists_every_variable() -> None:
    read = {name for path in (ROOT / "src").rglob("*.py") for name in READ.findall(path.read_text())}
    read.discard("DJANGO_SETTINGS_MODULE")
    assert {"DATABASE_URL", "CONGMINH_QUEUE_URL", "CONGMINH_SCHEDULE_REMIND"} <= read
    listed = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", (DEPLOY / "congminh.env.example").read_text(), re.M))
    assert read - listed == set(), "add them to deploy/congminh.env.example"


def _exec_start(unit: str) -> list[str]:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.read(DEPLOY / "systemd" / unit)
    assert parser["Service"]["EnvironmentFile"] == "/etc/congminh/congminh.env"
    return shlex.split(parser["Service"]["ExecStart"])


@pytest.mark.parametrize(("unit", "command"), [("congminh-web.service", "serve"),
                                               ("congminh-worker.service", "worker")])
def test_the_units_run_commands_the_app_accepts(unit: str, command: str) -> None:
    from django.core.management import load_command_class

    argv = _exec_start(unit)
    assert argv[0].endswith("/congminh") and argv[1] == command
    cmd = load_command_class("congminh.apps.web" if command == "serve" else "congminh.apps.jobs", command)
    options = cmd.create_parser("congminh", command).parse_args(argv[2:])
    if command == "serve":
        assert options.no_worker and options.bind == "127.0.0.1:8000"


def test_nginx_passes_the_scheme_the_app_trusts() -> None:
    conf = (DEPLOY / "nginx" / "congminh.conf").read_text()
    assert "proxy_pass http://congminh;" in conf and "server 127.0.0.1:8000" in conf
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in conf
