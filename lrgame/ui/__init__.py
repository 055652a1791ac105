"""The control panel: pygame_gui widgets built from the registry, turning widget events into intents."""
