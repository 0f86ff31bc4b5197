"""The whoosh backend on its own, on index folders of the tests' own."""
import app.search_views.tabs  # noqa: F401  (the declared kinds give the schema its fields)
