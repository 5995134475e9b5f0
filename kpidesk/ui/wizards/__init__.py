"""Wizard dialogs that guide a task step by step (the seven-step KPI design, new firm). Empty until the first lands."""
