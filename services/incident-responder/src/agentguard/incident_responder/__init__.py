"""agentguard incident_responder worker."""
