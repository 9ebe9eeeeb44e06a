"""agentguard audit_sink worker."""
