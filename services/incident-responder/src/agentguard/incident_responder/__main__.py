"""`python -m agentguard.incident_responder` runs the worker."""

from agentguard.incident_responder.app import main

main()
