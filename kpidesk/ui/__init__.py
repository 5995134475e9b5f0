"""The Qt user interface: thin item models and widgets over the services."""

from .binding import guard_singletons

guard_singletons()  # before any widget exists: see binding.py
