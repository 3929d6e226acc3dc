"""Validated questionnaires: content schema, loader, pure scoring and the FHIR builder."""
