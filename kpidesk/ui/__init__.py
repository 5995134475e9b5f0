"""The Qt user interface: thin item models and widgets over the services."""
