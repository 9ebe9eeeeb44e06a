"""`python -m agentguard.audit_sink` runs the worker."""

from agentguard.audit_sink.app import main

main()
