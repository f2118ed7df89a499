from pathlib import Path
from test_welsh_paper import english_papers, template_cache  # noqa
def test_dump(cli, tmp_path, monkeypatch):
    html, parts = english_papers(cli, tmp_path, monkeypatch)
    Path("/tmp/w2/now.html").write_bytes(html)
