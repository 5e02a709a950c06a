"""HTTP plumbing the features share: request bodies, JSON errors, htmx requests, rate limits.

Imports Django only; never a feature (paste, keys) or the knowledge base.
"""
