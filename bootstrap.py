#!/usr/bin/env python3
"""Set up and run Guichet with nothing but Python >= 3.11.

python3 bootstrap.py demo   # create .venv, install, migrate, load the demo desk, serve it
python3 bootstrap.py test   # create .venv, install with test tools, run the whole suite
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
DEMO_HOST = os.environ.get("GUICHET_DEMO_HOST", "127.0.0.1")
DEMO_PORT = os.environ.get("GUICHET_DEMO_PORT", "8000")


def run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT, env=env)


def ensure_venv(extras: str) -> None:
    if sys.version_info < (3, 11):
        sys.exit("Guichet needs Python 3.11 or newer.")
    if not PYTHON.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
        run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    stamp = VENV / f".installed-{extras or 'base'}"
    pyproject = ROOT / "pyproject.toml"
    if not stamp.exists() or stamp.stat().st_mtime < pyproject.stat().st_mtime:
        target = f".[{extras}]" if extras else "."
        run(PYTHON, "-m", "pip", "install", "--quiet", "-e", target)
        stamp.touch()


def demo() -> None:
    ensure_venv("")
    run(PYTHON, "manage.py", "migrate", "--no-input")
    run(PYTHON, "manage.py", "seed_demo")
    print(f"\nGuichet demo desk: http://{DEMO_HOST}:{DEMO_PORT}/  (Ctrl-C to stop)\n", flush=True)
    run(PYTHON, "manage.py", "runserver", f"{DEMO_HOST}:{DEMO_PORT}")


def test() -> None:
    ensure_venv("dev")
    run(PYTHON, "-m", "pytest", "-n", os.environ.get("GUICHET_TEST_WORKERS", "2"), *sys.argv[2:])


COMMANDS = {"demo": demo, "test": test}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    try:
        COMMANDS[sys.argv[1]]()
    except subprocess.CalledProcessError as exc:
        sys.exit(exc.returncode)
    except KeyboardInterrupt:
        pass
