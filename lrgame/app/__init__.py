"""The window: the loop, input to intents, one class per screen mode and overlay."""
