"""agentguard prompt_guard worker."""
