"""Building blocks every agentguard worker shares: settings, logging, NATS plumbing."""

__all__: list[str] = []
