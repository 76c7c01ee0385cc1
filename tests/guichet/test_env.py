import pytest
from django.core.exceptions import ImproperlyConfigured

from guichet.env import env_bool, env_choice, env_int, env_list


def test_env_bool_accepts_usual_spellings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_FLAG", "Yes")
    assert env_bool("X_FLAG", default=False) is True
    monkeypatch.setenv("X_FLAG", "0")
    assert env_bool("X_FLAG", default=True) is False


def test_env_bool_refuses_garbage(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG='maybe' is not a boolean"):
        env_bool("X_FLAG", default=False)


def test_env_int_checks_type_and_minimum(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_NUM", "abc")
    with pytest.raises(ImproperlyConfigured, match="not an integer"):
        env_int("X_NUM", 1)
    monkeypatch.setenv("X_NUM", "0")
    with pytest.raises(ImproperlyConfigured, match=">= 1"):
        env_int("X_NUM", 1, minimum=1)
    monkeypatch.setenv("X_NUM", "7")
    assert env_int("X_NUM", 1, minimum=1) == 7


def test_env_list_and_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_LIST", "a.example, b.example,,")
    assert env_list("X_LIST", []) == ["a.example", "b.example"]
    monkeypatch.setenv("X_LANG", "de")
    with pytest.raises(ImproperlyConfigured, match="must be one of"):
        env_choice("X_LANG", "fr", {"fr", "en"})


def test_production_settings_refuse_default_secret() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']="
            "'guichet.settings'; django.setup()",
        ],
        env={"GUICHET_PRODUCTION": "true", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "GUICHET_SECRET_KEY must be set" in result.stderr
