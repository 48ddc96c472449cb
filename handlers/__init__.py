"""The conversation: platform-neutral messages in, platform-neutral replies out.

Never imports `telegram` or `linebot` (a test enforces it); reaches the FAQ
engine and storage only through what is passed in.
"""
