"""The shared kit every app may import: base views, viewsets and serializers, forms, fields, widgets,
filters, dates, text, optimistic locking, ID-number checks and masking.

It holds no domain: it may read `stations` (the organisation, scoping and audit) and nothing above it.
"""
