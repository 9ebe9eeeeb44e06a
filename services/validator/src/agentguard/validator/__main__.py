"""`python -m agentguard.validator` runs the worker."""

from agentguard.validator.app import main

main()
