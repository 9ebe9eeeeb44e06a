"""`python -m agentguard.prompt_guard` runs the worker."""

from agentguard.prompt_guard.app import main

main()
