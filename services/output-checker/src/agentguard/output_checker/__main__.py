"""`python -m agentguard.output_checker` runs the worker."""

from agentguard.output_checker.app import main

main()
