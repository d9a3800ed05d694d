"""The systemd units in deploy/systemd/ run commands that exist, with arguments the command takes."""

import configparser
import io
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

UNITS = Path(__file__).resolve().parents[2] / "deploy" / "systemd"


def unit(name):
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(UNITS / name)
    return parser


def services():
    return sorted(path.name for path in UNITS.glob("*.service"))


def test_every_service_has_its_timer():
    for service in services():
        timer = unit(service.replace(".service", ".timer"))
        assert timer["Timer"]["Unit"] == service
        assert timer["Timer"]["Persistent"] == "true"


@pytest.mark.django_db
@pytest.mark.parametrize("service", services())
def test_each_service_runs_a_management_command_that_takes_its_arguments(service):
    argv = shlex.split(unit(service)["Service"]["ExecStart"])
    assert argv[1] == "manage.py"
    out = io.StringIO()
    call_command(*argv[2:], stdout=out)  # run for real: the jobs are safe to run at any time
    assert out.getvalue()


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_reads_the_units_without_complaint(tmp_path):
    for path in UNITS.iterdir():
        shutil.copy(path, tmp_path / path.name)
    result = subprocess.run(["systemd-analyze", "verify", "--man=no", *sorted(str(p) for p in tmp_path.iterdir())],
                            capture_output=True, text=True, timeout=60)
    # The one complaint on a machine that is not an app server: /srv/registry is not installed here.
    complaints = [line for line in result.stderr.splitlines() if line and "is not executable" not in line]
    assert not complaints
