"""agentguard validator worker."""
