"""Index damage: survived by every page, seen by /healthz and `search check`,
and forgotten once the files are back, without restarting anything."""
import shutil

import pytest

from app.search import whoosh_backend as search, whoosh_writer
from tests import factories
from tests.search.whoosh.test_engine import DOCS

UNAVAILABLE = "La recherche par mots est momentanément indisponible"


@pytest.fixture
def root(tmp_path):
    search.apply(tmp_path, "vacancy", DOCS)
    yield tmp_path
    search.forget_cached()


def toc(folder):
    return next(folder.glob("_MAIN_*.toc"))


def largest(folder, suffix):
    """The file of the largest segment ending in `suffix`."""
    return max(folder.glob(f"MAIN_*{suffix}"), key=lambda path: path.stat().st_size)


def truncated(path, tmp_path):
    """Cut `path` in half, keeping its content aside; returns how to put it back."""
    kept = shutil.copy(path, tmp_path / "kept")
    with open(path, "r+b") as damaged:
        damaged.truncate(path.stat().st_size // 2)
    return lambda: shutil.copy(kept, path)


def test_a_table_of_contents_missing_for_a_moment(root, tmp_path):
    assert set(search.search(root, "vacancy", "infirmier").ids) == {1, 3}  # a cached searcher
    path = toc(root / "vacancy")
    aside = path.rename(tmp_path / path.name)
    for _ in range(2):
        with pytest.raises(search.IndexUnreadable):
            search.search(root, "vacancy", "infirmier")
    with pytest.raises(search.IndexUnreadable):  # never an empty index over its segments
        search.apply(root, "vacancy", {4: DOCS[1]})
    assert "table of contents missing" in search.health(root)
    aside.rename(path)
    assert set(search.search(root, "vacancy", "infirmier").ids) == {1, 3}  # no restart
    assert search.health(root) == "ok"


def test_a_truncated_segment_is_unreadable_until_put_back(root, tmp_path):
    put_back = truncated(largest(root / "vacancy", "._stored.col"), tmp_path)
    with pytest.raises(search.IndexUnreadable):
        search.search(root, "vacancy", "infirmier")
    assert "_stored.col" in search.health(root) and search.damage(root, "vacancy")
    put_back()
    assert set(search.search(root, "vacancy", "infirmier").ids) == {1, 3}
    assert search.health(root) == "ok" and search.damage(root, "vacancy") is None


def test_check_reads_segments_whose_sizes_were_never_noted(tmp_path, monkeypatch):
    """Segments written before sizes were noted: the quick look cannot see a
    truncated file, reading every segment does."""
    from whoosh.writing import SegmentWriter
    monkeypatch.setattr(whoosh_writer._NotingSizes, "_commit_toc", SegmentWriter._commit_toc)
    search.apply(tmp_path, "vacancy", DOCS)
    search.forget_cached()
    path = largest(tmp_path / "vacancy", "._stored.col")
    with open(path, "r+b") as damaged:
        damaged.truncate(path.stat().st_size - 3)
    assert search.health(tmp_path) == "ok"
    assert "vacancy" in search.damage(tmp_path, "vacancy")


def test_an_intact_index_has_no_damage(tmp_path):
    import random
    from tests.search.whoosh.test_scoring import document
    rng = random.Random(3)
    search.rebuild(tmp_path, "vacancy", [(n, document(rng, n)) for n in range(1, 400)],
                   processes=2)
    search.apply(tmp_path, "vacancy", {5: document(rng, 5), 7: None})
    try:
        assert search.health(tmp_path) == "ok" and search.damage(tmp_path, "vacancy") is None
    finally:
        search.forget_cached()


def test_pages_health_and_check_while_a_segment_is_truncated(client, runner, establishment_a,
                                                            tmp_path):
    vacancy = factories.vacancy(establishment_a, status="published", title="Infirmière de nuit")
    factories.vacancy(establishment_a, status="published", title="Cuisinier")
    assert runner.invoke(args=["search", "rebuild", "--processes", "1"]).exit_code == 0
    put_back = truncated(largest(tmp_path / "search" / "vacancy", "._stored.col"), tmp_path)
    html = client.get("/search?q=infirmier").get_data(as_text=True)
    assert UNAVAILABLE in html and "2 résultats" in html  # the plain list
    html = client.get("/pool/?q=infirmier").get_data(as_text=True)
    assert UNAVAILABLE in html and f'href="/pool/{vacancy.id}"' in html
    response = client.get("/healthz")
    assert response.status_code == 503 and "_stored.col" in response.get_json()["checks"]["search"]
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 1 and "Index illisible : vacancy" in result.output
    put_back()
    html = client.get("/search?q=infirmier").get_data(as_text=True)
    assert UNAVAILABLE not in html and "1 résultat" in html
    assert client.get("/healthz").status_code == 200
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 0, result.output
