"""fairbot's outer layer: configuration, CLI, the ASGI app and the channel adapters.

Everything may import from here downwards; nothing imports `bot`.
"""
