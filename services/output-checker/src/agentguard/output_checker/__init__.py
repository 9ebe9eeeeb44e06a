"""agentguard output_checker worker."""
