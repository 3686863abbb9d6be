"""`make upgrade-check`, which requirements.txt points to, lists the pinned packages that have a newer release."""

import re
import subprocess
from pathlib import Path

from tools.upgrade_check import outdated_pins, pinned

ROOT = Path(__file__).resolve().parents[2]


def test_the_target_requirements_txt_names_exists():
    named = re.findall(r"`make ([a-z-]+)`", (ROOT / "requirements.txt").read_text())
    assert named == ["upgrade-check"]
    dry_run = subprocess.run(["make", "-n", "upgrade-check"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert dry_run.returncode == 0, dry_run.stderr
    assert "tools.upgrade_check" in dry_run.stdout


def test_every_pin_of_both_files_is_read_with_its_version_and_file():
    pins = pinned()
    assert pins["django"] == ("Django", "5.2.19", "requirements.txt")
    assert pins["psycopg"][1:] == ("3.3.9", "requirements.txt"), "extras such as [binary] are not part of the name"
    assert pins["pytest-xdist"][2] == "requirements-dev.txt"
    assert "execnet" in pins, "a comment after the pin does not hide it"


def test_only_pinned_packages_are_listed_whatever_their_spelling():
    pip_says = [
        {"name": "Django", "version": "5.2.19", "latest_version": "6.0.1", "latest_filetype": "wheel"},
        {"name": "django_csp", "version": "4.0", "latest_version": "4.1", "latest_filetype": "wheel"},
        {"name": "asgiref", "version": "3.9.0", "latest_version": "3.10.0", "latest_filetype": "wheel"},
    ]
    assert outdated_pins(pip_says, pinned()) == [
        ("Django", "5.2.19", "6.0.1", "requirements.txt"),
        ("django-csp", "4.0", "4.1", "requirements.txt"),
    ]
