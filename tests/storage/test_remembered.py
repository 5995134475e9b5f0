"""The recent list never keeps a database password (the settings are plain text on disk)."""

from kpidesk.app import _remember
from kpidesk.storage.document import remembered


class _Settings(dict):
    def value(self, key, default=None):
        return self.get(key, default)

    def setValue(self, key, value):  # noqa: N802 - QSettings' name
        self[key] = value


def test_a_database_url_is_remembered_without_its_password():
    settings = _Settings()
    _remember(settings, "postgresql+psycopg://alice:s3cret@db.example:5432/firm?sslmode=require")
    assert settings["recent"] == ["postgresql+psycopg://alice@db.example:5432/firm?sslmode=require"]
    assert "s3cret" not in repr(settings)


def test_a_file_is_remembered_by_its_full_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert remembered("公司.kpidesk") == str(tmp_path / "公司.kpidesk")
    assert remembered("sqlite:///公司.kpidesk") == "sqlite:///公司.kpidesk"
