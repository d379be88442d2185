from tests.posts.conftest import clock, sandbox_client  # noqa: F401  (the Sandbox app with a fixed clock)
