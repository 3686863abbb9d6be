"""`make upgrade-check`: which pinned requirements have a newer release on the package index.

Asks pip for the outdated packages of this virtualenv and keeps those pinned
in requirements.txt and requirements-dev.txt (what pip installed besides,
their dependencies, follows them). It changes nothing: upgrading stays a
deliberate edit of a pin, run through `make test`.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ("requirements.txt", "requirements-dev.txt")
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==(?P<version>[^\s;#]+)")


def canonical(name: str) -> str:
    """PEP 503's normalised name: Django and django, django_csp and django-csp are one package."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned(root: Path = ROOT) -> dict[str, tuple[str, str, str]]:
    """Canonical name → (name as written, pinned version, file) for every `name==version` line."""
    pins = {}
    for filename in REQUIREMENTS:
        for line in (root / filename).read_text(encoding="utf-8").splitlines():
            match = PIN.match(line.strip())
            if match:
                pins[canonical(match["name"])] = (match["name"], match["version"], filename)
    return pins


def outdated_pins(pip_outdated: list[dict], pins: dict[str, tuple[str, str, str]]) -> list[tuple[str, ...]]:
    """(name, pinned, latest, file) for each pinned package pip reports outdated, by name."""
    rows = []
    for package in pip_outdated:
        pin = pins.get(canonical(package["name"]))
        if pin:
            name, version, filename = pin
            rows.append((name, version, package["latest_version"], filename))
    return sorted(rows, key=lambda row: canonical(row[0]))


def main() -> int:
    listed = subprocess.run(
        [sys.executable, "-m", "pip", "list", "--outdated", "--format=json", "--disable-pip-version-check"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if listed.returncode != 0:
        print(listed.stderr, file=sys.stderr)
        return listed.returncode
    pins = pinned()
    rows = outdated_pins(json.loads(listed.stdout or "[]"), pins)
    if not rows:
        print(f"All {len(pins)} pinned packages are at their latest release.")
        return 0
    rows.insert(0, ("package", "pinned", "latest", "file"))
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    print(f"\n{len(rows) - 1} of {len(pins)} pinned packages have a newer release; change a pin, then `make test`.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
