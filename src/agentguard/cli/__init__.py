"""The `agentguard` command line: run the mesh, check texts, scan offline."""

__all__: list[str] = []
