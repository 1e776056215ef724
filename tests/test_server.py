"""How the app is served: local by default, and no outside address contacted when it starts."""

from __future__ import annotations

import pytest
from streamlit import config
from streamlit.web import bootstrap

from tests.browser import ROOT


@pytest.fixture
def project_config(monkeypatch):
    monkeypatch.chdir(ROOT)
    config.get_config_options(force_reparse=True)
    yield
    config.get_config_options(force_reparse=True)


def _no_outside_lookup(monkeypatch) -> list[str]:
    asked = []
    monkeypatch.setattr(bootstrap.net_util, "get_external_ip", lambda: asked.append("external") or None)
    monkeypatch.setattr(bootstrap.net_util, "get_internal_ip", lambda: asked.append("internal") or None)
    return asked


def test_the_app_listens_on_this_machine_only_by_default(project_config):
    assert config.get_option("server.address") == "localhost"
    assert config.get_option("browser.gatherUsageStats") is False


def test_starting_prints_one_local_url_and_asks_nobody(project_config, monkeypatch, capsys):
    asked = _no_outside_lookup(monkeypatch)
    bootstrap._print_url(is_running_hello=False)
    assert not asked
    assert "URL: http://localhost:" in capsys.readouterr().out


def test_the_classroom_command_names_its_address_and_asks_nobody(project_config, monkeypatch, capsys):
    """`make classroom`: every interface, and the printed URL is the machine's name."""
    make = (ROOT / "Makefile").read_text()
    assert "--server.address 0.0.0.0 --browser.serverAddress" in make
    asked = _no_outside_lookup(monkeypatch)
    config.set_option("server.address", "0.0.0.0", "command-line argument or environment variable")
    config.set_option("browser.serverAddress", "teacher-pc", "command-line argument or environment variable")
    bootstrap._print_url(is_running_hello=False)
    assert not asked
    assert "teacher-pc" in capsys.readouterr().out
